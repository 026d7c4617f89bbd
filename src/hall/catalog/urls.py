from django.urls import path

from hall.catalog import views

urlpatterns = [
    path("guide/<slug:hall>/", views.guide_list, name="guide-list"),
    path("guide/<slug:hall>/<slug:code>/", views.guide_detail, name="guide-detail"),
]
