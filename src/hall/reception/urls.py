from django.urls import path

from hall.reception import views

urlpatterns = [
    path("reception/<slug:hall>/visitors/", views.visitors, name="visitors"),
    path("questions/<slug:hall>/", views.questions, name="questions"),
    path("questions/<slug:hall>/<int:question_id>/", views.question, name="question"),
    path(
        "questions/<slug:hall>/<int:question_id>/<slug:step>/",
        views.question_step,
        name="question-step",
    ),
]
