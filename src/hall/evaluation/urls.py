from django.urls import path

from hall.evaluation.views import complaints, figures, pad, ratings, surveys

urlpatterns = [
    path("t/<str:token>/evaluation/", ratings.ticket_evaluation, name="ticket-evaluation"),
    path("progress/evaluation/", ratings.case_evaluation, name="case-evaluation"),
    path("pad/<slug:hall>/window/<number:window>/", pad.pad, name="pad"),
    path("pad/<slug:hall>/window/<number:window>/pair/", pad.pad_pair, name="pad-pair"),
    path("pad/<slug:hall>/window/<number:window>/screen/", pad.pad_screen, name="pad-screen"),
    path("pad/<slug:hall>/window/<number:window>/rate/", pad.pad_rate, name="pad-rate"),
    path("evaluation/<slug:hall>/follow-ups/", ratings.follow_up_list, name="follow-ups"),
    path(
        "evaluation/<slug:hall>/follow-ups/<id:follow_up_id>/<slug:step>/",
        ratings.follow_up_step,
        name="follow-up-step",
    ),
    path("h/<slug:hall>/complaint/", complaints.complaint_form, name="complaint-form"),
    path("complaint/<str:token>/", complaints.complaint_follow, name="complaint-follow"),
    path("evaluation/<slug:hall>/complaints/", complaints.complaint_list, name="complaints"),
    path(
        "evaluation/<slug:hall>/complaints/<id:complaint_id>/",
        complaints.complaint_detail,
        name="complaint-detail",
    ),
    path(
        "evaluation/<slug:hall>/complaints/<id:complaint_id>/<slug:step>/",
        complaints.complaint_step,
        name="complaint-step",
    ),
    path("s/<str:token>/", surveys.survey_answer, name="survey-answer"),
    path("evaluation/<slug:hall>/surveys/", surveys.survey_list, name="surveys"),
    path(
        "evaluation/<slug:hall>/surveys/<id:survey_id>/",
        surveys.survey_detail,
        name="survey-detail",
    ),
    path(
        "evaluation/<slug:hall>/surveys/<id:survey_id>/results.xlsx",
        surveys.survey_excel,
        name="survey-excel",
    ),
    path(
        "evaluation/<slug:hall>/surveys/<id:survey_id>/<slug:status>/",
        surveys.survey_status,
        name="survey-status",
    ),
    path("h/<slug:hall>/satisfaction/", figures.satisfaction, name="satisfaction"),
    path("evaluation/<slug:hall>/figures/", figures.figures, name="evaluation-figures"),
    path(
        "evaluation/<slug:hall>/figures/publish/",
        figures.ranking_publish,
        name="ranking-publish",
    ),
    path("evaluation/mine/", ratings.my_ratings, name="my-ratings"),
    path("evaluation/mine/<id:rating_id>/appeal/", ratings.appeal_file, name="appeal-file"),
    path("evaluation/<slug:hall>/appeals/", ratings.appeal_list, name="appeals"),
    path(
        "evaluation/<slug:hall>/appeals/<id:appeal_id>/decide/",
        ratings.appeal_decide,
        name="appeal-decide",
    ),
]
