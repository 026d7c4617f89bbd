"""WebSocket routes of every app."""

from hall.evaluation.routing import websocket_urlpatterns as evaluation_routes
from hall.queueing.routing import websocket_urlpatterns as queueing_routes

websocket_urlpatterns = [*queueing_routes, *evaluation_routes]
