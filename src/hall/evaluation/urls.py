from django.urls import path

from hall.evaluation import views

urlpatterns = [
    path("t/<str:token>/evaluation/", views.ticket_evaluation, name="ticket-evaluation"),
    path("evaluation/<slug:hall>/follow-ups/", views.follow_up_list, name="follow-ups"),
    path(
        "evaluation/<slug:hall>/follow-ups/<id:follow_up_id>/<slug:step>/",
        views.follow_up_step,
        name="follow-up-step",
    ),
]
