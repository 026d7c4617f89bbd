from django.urls import path

from hall.supervision.views import awards, leadership, scores
from hall.supervision.views import inspections as views

urlpatterns = [
    path("supervision/<slug:hall>/", views.inspection_list, name="inspections"),
    path(
        "supervision/<slug:hall>/inspections/<id:inspection_id>/",
        views.inspection_detail,
        name="inspection",
    ),
    path(
        "supervision/<slug:hall>/inspections/<id:inspection_id>/finish/",
        views.inspection_finish,
        name="inspection-finish",
    ),
    path(
        "supervision/<slug:hall>/inspections/<id:inspection_id>/report/",
        views.inspection_report,
        name="inspection-report",
    ),
    path(
        "supervision/<slug:hall>/inspections/<id:inspection_id>/report.pdf",
        views.inspection_pdf,
        name="inspection-pdf",
    ),
    path("supervision/<slug:hall>/findings/", views.finding_list, name="findings"),
    path(
        "supervision/<slug:hall>/findings/<id:finding_id>/<slug:step>/",
        views.finding_step,
        name="finding-step",
    ),
    path(
        "supervision/<slug:hall>/photos/<id:photo_id>/",
        views.finding_photo,
        name="finding-photo",
    ),
    path("supervision/<slug:hall>/scores/", scores.scores_now, name="scores-now"),
    path("supervision/<slug:hall>/scores/<str:month>/", scores.month_table, name="scores"),
    path("supervision/<slug:hall>/scores/<str:month>/mine/", scores.my_score, name="my-score"),
    path(
        "supervision/<slug:hall>/scores/<str:month>/<slug:action>/",
        scores.month_act,
        name="scores-act",
    ),
    path("supervision/<slug:hall>/reviews/", scores.reviews, name="score-reviews"),
    path(
        "supervision/<slug:hall>/reviews/<id:review_id>/",
        scores.review_decide,
        name="score-review-decide",
    ),
    path("supervision/<slug:hall>/commendations/", scores.commendations, name="commendations"),
    path("supervision/<slug:hall>/rules/", scores.rules, name="score-rules"),
    path("supervision/<slug:hall>/awards/", awards.round_list, name="award-rounds"),
    path("supervision/<slug:hall>/awards/<id:round_id>/", awards.round_detail, name="award-round"),
    path(
        "supervision/<slug:hall>/awards/<id:round_id>/confirm/",
        awards.round_confirm,
        name="award-confirm",
    ),
    path(
        "supervision/<slug:hall>/awards/<id:round_id>/certificates/",
        awards.certificates,
        name="award-certificates",
    ),
    path(
        "supervision/<slug:hall>/awards/<id:round_id>/certificates.pdf",
        awards.certificates_pdf,
        name="award-certificates-pdf",
    ),
    path("supervision/<slug:hall>/overview/", leadership.overview, name="overview"),
    path("h/<slug:hall>/vote/", awards.public_vote, name="public-vote"),
]
