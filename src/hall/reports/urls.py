from django.urls import path

from hall.reports import views

urlpatterns = [
    path("dashboard/<slug:hall>/now/", views.now_panel, name="dashboard-now"),
    path(
        "dashboard/<slug:hall>/alerts/<id:alert_id>/<slug:step>/",
        views.alert_step,
        name="alert-step",
    ),
]
