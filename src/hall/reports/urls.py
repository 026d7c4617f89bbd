from django.urls import path

from hall.reports import views

urlpatterns = [
    path("dashboard/<slug:hall>/now/", views.now_panel, name="dashboard-now"),
    path(
        "dashboard/<slug:hall>/alerts/<id:alert_id>/<slug:step>/",
        views.alert_step,
        name="alert-step",
    ),
    path("bigscreen/<slug:hall>/", views.big_screen, name="big-screen"),
    path("bigscreen/<slug:hall>/now/", views.big_screen_now, name="big-screen-now"),
    path("bigscreen/<slug:hall>/pair/", views.big_screen_pair, name="big-screen-pair"),
    path("reports/<slug:hall>/", views.reports, name="reports"),
]
