from django.urls import path

from hall.staff import views

urlpatterns = [path("staff/<slug:hall>/", views.staff_profiles, name="staff-profiles")]
