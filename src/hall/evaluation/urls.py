from django.urls import path

from hall.evaluation import views

urlpatterns = [
    path("t/<str:token>/evaluation/", views.ticket_evaluation, name="ticket-evaluation"),
]
