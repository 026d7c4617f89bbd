from django.urls import path

from hall.planning import views

urlpatterns = [
    path("planning/<slug:hall>/", views.month_plan, name="planning"),
    path("planning/<slug:hall>/apply/", views.apply, name="planning-apply"),
]
