from django.urls import path

from hall.evaluation import consumers

websocket_urlpatterns = [
    path("ws/pad/<slug:hall>/<int:number>/", consumers.PadConsumer.as_asgi()),
]
