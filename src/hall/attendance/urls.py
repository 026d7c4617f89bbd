from django.urls import path

from hall.attendance import views

urlpatterns = [
    path("attendance/", views.my_attendance, name="attendance"),
    path("attendance/punch/<slug:kind>/", views.punch, name="attendance-punch"),
    path("attendance/leave/", views.leave_new, name="leave-new"),
    path("attendance/day-off/", views.day_off, name="day-off"),
    path("attendance/corrections/", views.punch_correction_new, name="punch-correction-new"),
    path(
        "attendance/corrections/<id:correction_id>/<slug:decision>/",
        views.punch_correction_decide,
        name="punch-correction-decide",
    ),
    path(
        "attendance/leave/<id:request_id>/<slug:decision>/",
        views.leave_decide,
        name="leave-decide",
    ),
    path(
        "attendance/<slug:department>/<str:month>.xlsx",
        views.department_sheet_excel,
        name="attendance-sheet-excel",
    ),
    path(
        "attendance/<slug:department>/<str:month>/",
        views.department_sheet,
        name="attendance-sheet",
    ),
]
