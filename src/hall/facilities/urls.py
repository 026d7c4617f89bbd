from django.urls import path

from hall.facilities import views

urlpatterns = [
    path("safety/<slug:hall>/", views.safety, name="safety"),
    path("safety/<slug:hall>/plans/<int:plan_id>/", views.safety_plan, name="safety-plan"),
    path("safety/<slug:hall>/<slug:step>/", views.safety_step, name="safety-step"),
    path("equipment/<slug:hall>/", views.register, name="equipment"),
    path("equipment/<slug:hall>/report/", views.report, name="fault-report"),
    path(
        "equipment/<slug:hall>/faults/<int:fault_id>/<slug:step>/",
        views.fault_step,
        name="fault-step",
    ),
    path(
        "equipment/<slug:hall>/<int:equipment_id>/maintained/",
        views.maintained,
        name="equipment-maintained",
    ),
]
