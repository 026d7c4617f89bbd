from django.urls import path

from hall.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("halls/<slug:hall>/windows/<number:number>/", views.window_detail, name="window-detail"),
    path("halls/<slug:hall>/notice/", views.hall_notice, name="hall-notice"),
    path("halls/<slug:hall>/users/", views.user_list, name="user-list"),
    path("halls/<slug:hall>/devices/", views.device_list, name="devices"),
    path(
        "halls/<slug:hall>/devices/window/<number:number>/pair/",
        views.device_pairing,
        name="device-pairing",
    ),
    path(
        "halls/<slug:hall>/devices/big-screen/pair/",
        views.big_screen_pairing,
        name="big-screen-pairing",
    ),
    path(
        "halls/<slug:hall>/devices/<id:device_id>/revoke/",
        views.device_revoke,
        name="device-revoke",
    ),
    path(
        "halls/<slug:hall>/users/<id:user_id>/reveal-mobile/",
        views.user_reveal_mobile,
        name="user-reveal-mobile",
    ),
]
