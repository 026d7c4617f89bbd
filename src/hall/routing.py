"""WebSocket routes of every app."""

from hall.queueing.routing import websocket_urlpatterns as queueing_routes

websocket_urlpatterns = [*queueing_routes]
