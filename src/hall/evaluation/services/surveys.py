"""Questionnaires (V3): the office drafts one for a period, adds its questions, opens it by
link and QR code (the hall page and the slips show it while it runs), and closes it; anyone
with the link answers once per visit. Each step audited; answers are anonymous."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.audit import audit_record
from hall.core.errors import InvalidInput
from hall.core.inputs import check_date, clean_text, required_text
from hall.core.models import Department, Hall, User, Window
from hall.evaluation.choices import QuestionKind, SurveyStatus
from hall.evaluation.errors import SurveyNotOpen, SurveyWrongState
from hall.evaluation.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)

LONGEST_SURVEY = datetime.timedelta(days=366)
MOST_QUESTIONS = 30
MOST_OPTIONS = 10
ANSWER_LENGTH = 500


def survey_create(
    *,
    actor: User,
    hall: Hall,
    title: str,
    intro: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    via: str = "",
) -> Survey:
    title = required_text(title, length=100, missing=_("Give the survey a title."))
    check_date(starts_on)
    check_date(ends_on, earliest=starts_on, latest=starts_on + LONGEST_SURVEY)
    with transaction.atomic():
        survey = Survey.objects.create(
            hall=hall,
            title=title,
            intro=clean_text(intro).strip()[:500],
            starts_on=starts_on,
            ends_on=ends_on,
            token=secrets.token_urlsafe(16),
            created_by=actor,
        )
        audit_record(
            actor=actor, action="evaluation.survey_created", target=survey, hall=hall, via=via
        )
    return survey


def _lock_survey(survey: Survey, allowed: tuple[str, ...]) -> Survey:
    locked = Survey.objects.select_for_update(of=("self",)).select_related("hall").get(pk=survey.pk)
    if locked.status not in allowed:
        raise SurveyWrongState(status=locked.get_status_display())
    return locked


@transaction.atomic
def survey_add_question(
    *,
    actor: User,
    survey: Survey,
    kind: str,
    text: str,
    options: list[str],
    required: bool,
    via: str = "",
) -> SurveyQuestion:
    """A question at the end of a draft: single choice (its options, one per line), a score
    from 1 to 5, or free text."""
    locked = _lock_survey(survey, (SurveyStatus.DRAFT,))
    if kind not in QuestionKind.values:
        raise InvalidInput(_("Choose the kind of question."))
    text = required_text(text, length=200, missing=_("Write the question."))
    cleaned = list(dict.fromkeys(clean_text(o).strip()[:100] for o in options if o.strip()))
    if kind == QuestionKind.CHOICE and not 2 <= len(cleaned) <= MOST_OPTIONS:
        raise InvalidInput(
            _("A single-choice question needs 2 to %(most)s options.") % {"most": MOST_OPTIONS}
        )
    count = locked.questions.count()
    if count >= MOST_QUESTIONS:
        raise InvalidInput(_("A survey has at most %(most)s questions.") % {"most": MOST_QUESTIONS})
    question = SurveyQuestion.objects.create(
        survey=locked,
        position=count + 1,
        kind=kind,
        text=text,
        options=cleaned if kind == QuestionKind.CHOICE else [],
        required=required,
    )
    audit_record(
        actor=actor,
        action="evaluation.survey_question_added",
        target=locked,
        hall=locked.hall,
        changes={"question": [None, text]},
        via=via,
    )
    return question


@transaction.atomic
def survey_set_status(
    *, actor: User, survey: Survey, status: SurveyStatus, via: str = ""
) -> Survey:
    """Open a draft (it needs a question), or close an open survey; nothing goes back."""
    allowed = {SurveyStatus.OPEN: (SurveyStatus.DRAFT,), SurveyStatus.CLOSED: (SurveyStatus.OPEN,)}
    locked = _lock_survey(survey, allowed.get(status, ()))
    if status == SurveyStatus.OPEN and not locked.questions.exists():
        raise InvalidInput(_("Add a question before opening the survey."))
    before = locked.status
    locked.status = status
    locked.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="evaluation.survey_status",
        target=locked,
        hall=locked.hall,
        changes={"status": [before, status]},
        via=via,
    )
    return locked


def survey_answer(
    *,
    survey: Survey,
    answers: Mapping[str, str],
    department: Department | None,
    window: Window | None,
) -> SurveyResponse:
    """One person's answers, by question id: every one checked before anything is stored."""
    if not survey.is_open_on(timezone.localdate()):
        raise SurveyNotOpen()
    for place in (department, window):
        if place is not None and place.hall_id != survey.hall_id:
            raise InvalidInput()
    rows = []
    for question in survey.questions.all():
        given = clean_text(answers.get(str(question.pk), "")).strip()
        if not given:
            if question.required:
                raise InvalidInput(_("Please answer: %(question)s") % {"question": question.text})
            continue
        rows.append(_answer(question, given))
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            survey=survey, department=department, window=window
        )
        for row in rows:
            row.response = response
        SurveyAnswer.objects.bulk_create(rows)
    return response


def _answer(question: SurveyQuestion, given: str) -> SurveyAnswer:
    if question.kind == QuestionKind.CHOICE:
        if given not in question.options:
            raise InvalidInput(
                _("Choose one of the options of: %(question)s") % {"question": question.text}
            )
        return SurveyAnswer(question=question, option=given)
    if question.kind == QuestionKind.SCALE:
        if given not in {"1", "2", "3", "4", "5"}:
            raise InvalidInput(
                _("Give a score from 1 to 5 for: %(question)s") % {"question": question.text}
            )
        return SurveyAnswer(question=question, score=int(given))
    return SurveyAnswer(question=question, text=given[:ANSWER_LENGTH])
