from django.urls import path

from hall.appointments import views

urlpatterns = [
    path("book/<slug:hall>/", views.book, name="book"),
    path("book/<slug:hall>/confirm/", views.book_confirm, name="book-confirm"),
    path("booking/", views.manage, name="booking-manage"),
    path("booking/cancel/", views.cancel, name="booking-cancel"),
    path("booking/change/", views.change, name="booking-change"),
    path("booking/<str:code>/", views.booking, name="booking"),
    path("kiosk/<slug:hall>/check-in/", views.check_in, name="kiosk-check-in"),
    path("appointments/<slug:hall>/", views.day_list, name="appointment-day"),
    path(
        "appointments/<slug:hall>/suspensions/",
        views.suspension_list,
        name="appointment-suspensions",
    ),
    path(
        "appointments/<slug:hall>/suspensions/<id:suspension_id>/lift/",
        views.suspension_lift,
        name="appointment-suspension-lift",
    ),
    path("h/<slug:hall>/", views.hall_page, name="hall-page"),
]
