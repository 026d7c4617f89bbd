from django.urls import path

from hall.staff import views

urlpatterns = [
    path("staff/<slug:hall>/", views.staff_profiles, name="staff-profiles"),
    path("staff/<slug:hall>/<id:user_id>/photo/", views.staff_photo, name="staff-photo"),
    path(
        "staff/<slug:hall>/<id:user_id>/photo/upload/",
        views.staff_photo_upload,
        name="staff-photo-upload",
    ),
]
