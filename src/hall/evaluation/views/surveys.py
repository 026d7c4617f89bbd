"""Questionnaires (V3): the office's list, a survey's questions and results (with the Excel
export), and the public page that answers one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from hall.core.access import access_hall, request_user
from hall.core.downloads import xlsx_response
from hall.core.errors import DomainError, NotFound
from hall.core.links import public_link
from hall.core.models import Department, Window
from hall.core.qr import qr_svg
from hall.evaluation import selectors, services
from hall.evaluation.access import limit_survey_answers, survey_answering
from hall.evaluation.choices import QuestionKind, SurveyStatus
from hall.evaluation.forms import QuestionForm, SurveyForm
from hall.evaluation.models import Survey

OFFICE = "evaluation.change_survey"


@login_required
def survey_list(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=OFFICE)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(actor=user, hall=the_hall, via="web", **form.cleaned_data)
        return redirect("survey-detail", hall=the_hall.code, survey_id=survey.pk)
    context = {"hall": the_hall, "surveys": selectors.surveys_of(the_hall), "form": form}
    return render(request, "evaluation/surveys.html", context)


def _survey(request: HttpRequest, hall: str, survey_id: int) -> Survey:
    the_hall = access_hall(request_user(request), hall, permission=OFFICE)
    survey = Survey.objects.filter(hall=the_hall, pk=survey_id).select_related("hall").first()
    if survey is None:
        raise NotFound()
    return survey


@login_required
def survey_detail(request: HttpRequest, hall: str, survey_id: int) -> HttpResponse:
    """Its questions (added while a draft), its link and QR code, and its results."""
    survey = _survey(request, hall, survey_id)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.survey_add_question(
            actor=request_user(request),
            survey=survey,
            kind=data["kind"],
            text=data["text"],
            options=data["options"].splitlines(),
            required=data["required"],
            via="web",
        )
        return redirect("survey-detail", hall=survey.hall.code, survey_id=survey.pk)
    responses, results = selectors.survey_results(survey)
    link = public_link(survey.hall, "survey-answer", survey.token)
    scored = [r.question for r in results if r.question.kind == QuestionKind.SCALE]
    return render(
        request,
        "evaluation/survey_detail.html",
        {
            "hall": survey.hall,
            "survey": survey,
            "form": form,
            "responses": responses,
            "results": results,
            "scored": scored,
            "by_department": selectors.survey_by(survey, "department", scored),
            "by_window": selectors.survey_by(survey, "window", scored),
            "link": link,
            "qr": qr_svg(link, scale=4),
        },
    )


@login_required
@require_POST
def survey_status(request: HttpRequest, hall: str, survey_id: int, status: str) -> HttpResponse:
    survey = _survey(request, hall, survey_id)
    if status not in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
        raise NotFound()
    services.survey_set_status(
        actor=request_user(request), survey=survey, status=SurveyStatus(status), via="web"
    )
    messages.success(request, _("Recorded."))
    return redirect("survey-detail", hall=survey.hall.code, survey_id=survey.pk)


@login_required
def survey_excel(request: HttpRequest, hall: str, survey_id: int) -> HttpResponse:
    """The results in Excel: the figures per question, per department and per window."""
    survey = _survey(request, hall, survey_id)
    responses, results = selectors.survey_results(survey)
    scored = [r.question for r in results if r.question.kind == QuestionKind.SCALE]
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")
    summary.append([survey.title, f"{survey.starts_on} – {survey.ends_on}"])
    summary.append([_("Responses"), responses])
    for result in results:
        summary.append([])
        summary.append([result.question.text, _("Answers"), result.answered])
        for option, count in result.options:
            summary.append(["", option, count])
        if result.mean is not None:
            summary.append(["", _("Mean score"), result.mean])
        for text in result.texts:
            summary.append(["", text])
    for group, title in (("department", _("By department")), ("window", _("By window"))):
        sheet = book.create_sheet(title=title)
        sheet.append([title, _("Responses"), *[q.text for q in scored]])
        for row in selectors.survey_by(survey, group, scored):
            sheet.append([row.label, row.responses, *row.means])
    return xlsx_response(book, f"survey-{survey.pk}.xlsx")


def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The public page: the questions, and the department and window the person dealt with."""
    survey = survey_answering(token)
    hall = survey.hall
    error, done = "", False
    if request.method == "POST":
        try:
            limit_survey_answers(survey, request)
            services.survey_answer(
                survey=survey,
                answers={k[2:]: str(v) for k, v in request.POST.items() if k.startswith("q-")},
                department=Department.objects.filter(
                    hall=hall, code=request.POST.get("department", "")[:32]
                ).first(),
                window=Window.objects.filter(
                    hall=hall, number=_small(request.POST.get("window"))
                ).first(),
            )
            done = True
        except DomainError as failure:
            error = failure.message
    return render(
        request,
        "evaluation/survey_answer.html",
        {
            "survey": survey,
            "hall": hall,
            "open": survey.is_open_on(timezone.localdate()),
            "questions": survey.questions.all(),
            "departments": Department.objects.filter(hall=hall),
            "windows": Window.objects.filter(hall=hall),
            "error": error,
            "done": done,
            "given": request.POST if error else {},
        },
        status=422 if error else 200,
    )


def _small(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 4 else 0
