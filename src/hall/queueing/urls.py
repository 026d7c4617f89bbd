from django.urls import path

from hall.queueing import views

urlpatterns = [
    path("kiosk/<slug:hall>/", views.kiosk, name="kiosk"),
    path("kiosk/<slug:hall>/take/", views.kiosk_take, name="kiosk-take"),
    path("slip/<str:token>/", views.ticket_slip, name="ticket-slip"),
    path("t/<str:token>", views.ticket_follow, name="ticket-follow"),
    path("board/<slug:hall>/", views.board, name="board"),
    path("board/<slug:hall>/window/<number:window>/", views.window_screen, name="window-screen"),
    path(
        "board/<slug:hall>/window/<number:window>/photo/",
        views.window_photo,
        name="window-photo",
    ),
    path("voice/<slug:name>.wav", views.voice_clip, name="voice-clip"),
    path("window/", views.workstation_pick, name="workstation-pick"),
    path("window/<slug:hall>/<number:number>/", views.workstation, name="workstation"),
    path(
        "window/<slug:hall>/<number:number>/<slug:action>/",
        views.workstation_act,
        name="workstation-act",
    ),
    path("reception/<slug:hall>/", views.reception, name="reception"),
    path("emergency/<slug:hall>/", views.emergency, name="emergency"),
    path("emergency/<slug:hall>/<slug:step>/", views.emergency_switch, name="emergency-switch"),
]
