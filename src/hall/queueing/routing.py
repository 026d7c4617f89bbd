from django.urls import path

from hall.queueing import consumers

websocket_urlpatterns = [
    path("ws/board/<slug:hall>/", consumers.BoardConsumer.as_asgi()),
    path("ws/ticket/<str:token>/", consumers.TicketConsumer.as_asgi()),
    path("ws/window/<slug:hall>/<int:number>/", consumers.WindowDeskConsumer.as_asgi()),
]
