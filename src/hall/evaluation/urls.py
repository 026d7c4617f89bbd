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
    path("evaluation/mine/", views.my_ratings, name="my-ratings"),
    path("evaluation/mine/<id:rating_id>/appeal/", views.appeal_file, name="appeal-file"),
    path("evaluation/<slug:hall>/appeals/", views.appeal_list, name="appeals"),
    path(
        "evaluation/<slug:hall>/appeals/<id:appeal_id>/decide/",
        views.appeal_decide,
        name="appeal-decide",
    ),
]
