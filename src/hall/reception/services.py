"""Visitors registered at the desk (R1), with a number in the same step; questions (R2):
recorded, answered by their owner, handed over with a note, and picked by the office for the
guide's FAQ. Every step is audited; each changes one question under its row lock, so two
colleagues acting at once never leave it with two owners."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.catalog.selectors import current_version
from hall.catalog.services import faq_publish, faq_withdraw
from hall.core.access import require_permission
from hall.core.audit import audit_record
from hall.core.errors import InvalidInput, ReasonRequired
from hall.core.hours import day_span
from hall.core.identifiers import validate_resident_id
from hall.core.inputs import clean_text, required_text
from hall.core.models import Hall, User, Zone
from hall.core.selectors import hall_settings, window_numbered
from hall.queueing.choices import Channel
from hall.queueing.services import ticket_issue
from hall.reception.choices import QuestionChannel, QuestionStatus
from hall.reception.errors import (
    ColleagueNotFound,
    HandOverToSelf,
    NotPublishable,
    NotTheOwner,
    QuestionAnswered,
)
from hall.reception.models import Handover, Question, ReceptionSettings, Visit

REGISTER = "reception.add_visit"
ANSWER = "reception.add_question"
PUBLISH = "reception.publish_faq"
MOST_MINUTES = 600


def _minutes(minutes: int | None) -> int | None:
    if minutes is not None and not 0 <= minutes <= MOST_MINUTES:
        raise InvalidInput()
    return minutes


@transaction.atomic
def question_record(
    *,
    hall: Hall,
    actor: User,
    text: str,
    channel: str,
    item_code: str = "",
    answer: str = "",
    minutes: int | None = None,
    via: str = "",
) -> Question:
    """Take a question: the one who takes it owns it (首问负责制); answered at once if
    `answer` is given."""
    require_permission(actor, ANSWER)
    text = required_text(text, length=2000, missing=_("Write the question."))
    if channel not in QuestionChannel.values:
        raise InvalidInput()
    item = current_version(hall, item_code).item if item_code else None
    now = timezone.now()
    question = Question.objects.create(
        hall=hall,
        asked_at=now,
        channel=channel,
        service_item=item,
        text=text,
        first_owner=actor,
        owner=actor,
    )
    audit_record(actor=actor, action="question.recorded", target=question, changes={}, via=via)
    if clean_text(answer).strip():
        _answer(question, actor, answer, _minutes(minutes), via)
    return question


def _locked(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("owner").get(pk=question.pk)


def _owned_and_open(question: Question, actor: User) -> None:
    if question.status == QuestionStatus.ANSWERED:
        raise QuestionAnswered()
    if question.owner_id != actor.pk:
        raise NotTheOwner(owner=str(question.owner))


def _answer(question: Question, actor: User, answer: str, minutes: int | None, via: str) -> None:
    answer = required_text(answer, length=4000, missing=_("Write the answer."))
    question.status = QuestionStatus.ANSWERED
    question.answer = answer
    question.answered_by = actor
    question.answered_at = timezone.now()
    question.minutes_taken = minutes
    question.save(update_fields=["status", "answer", "answered_by", "answered_at", "minutes_taken"])
    audit_record(
        actor=actor,
        action="question.answered",
        target=question,
        changes={"status": [QuestionStatus.OPEN, QuestionStatus.ANSWERED]},
        via=via,
    )


@transaction.atomic
def question_answer(
    *, question: Question, actor: User, answer: str, minutes: int | None = None, via: str = ""
) -> Question:
    """The owner answers; how long it took is theirs to say (a phone call, a search)."""
    require_permission(actor, ANSWER)
    locked = _locked(question)
    _owned_and_open(locked, actor)
    _answer(locked, actor, answer, _minutes(minutes), via)
    return locked


@transaction.atomic
def question_hand_over(
    *, question: Question, actor: User, to_user_id: int, note: str, via: str = ""
) -> Question:
    """The owner passes the question to a named colleague of the hall, with a note: the
    colleague owns it from now on, and the chain keeps every step."""
    require_permission(actor, ANSWER)
    locked = _locked(question)
    _owned_and_open(locked, actor)
    if to_user_id == actor.pk:
        raise HandOverToSelf()
    colleague = User.objects.filter(pk=to_user_id, hall=locked.hall, is_active=True).first()
    if colleague is None or not colleague.has_perm(ANSWER):
        raise ColleagueNotFound()
    note = required_text(note, length=500, missing=_("Say what your colleague should know."))
    Handover.objects.create(
        question=locked, at=timezone.now(), from_user=actor, to_user=colleague, note=note
    )
    locked.owner = colleague
    locked.save(update_fields=["owner"])
    audit_record(
        actor=actor,
        action="question.handed_over",
        target=locked,
        changes={"owner": [actor.pk, colleague.pk]},
        via=via,
    )
    return locked


@transaction.atomic
def question_in_guide(*, question: Question, actor: User, shown: bool, via: str = "") -> Question:
    """The office puts an answered question in its item's guide (or takes it out)."""
    require_permission(actor, PUBLISH)
    locked = _locked(question)
    if shown and (locked.status != QuestionStatus.ANSWERED or locked.service_item_id is None):
        raise NotPublishable()
    source = f"question:{locked.pk}"
    item_id = locked.service_item_id
    if shown and item_id is not None:
        faq_publish(item_id=item_id, question=locked.text, answer=locked.answer, source=source)
    else:
        faq_withdraw(source=source)
    before, locked.in_guide = locked.in_guide, shown
    locked.save(update_fields=["in_guide"])
    audit_record(
        actor=actor,
        action="question.in_guide",
        target=locked,
        changes={"in_guide": [before, shown]},
        via=via,
    )
    return locked


@transaction.atomic
def visitor_register(
    *,
    hall: Hall,
    actor: User,
    item_code: str = "",
    purpose: str = "",
    name: str = "",
    id_number: str = "",
    zone_code: str = "",
    window_number: int | None = None,
    category_code: str = "",
    priority_code: str = "",
    priority_reason: str = "",
    via: str = "",
) -> Visit:
    """登记: what the visitor came for (a service item or a few words), optionally who they
    are, where they were sent, and a number in the same step if `category_code` is given.
    Nothing is written when any part is wrong, the number included."""
    require_permission(actor, REGISTER)
    item = current_version(hall, item_code).item if item_code else None
    purpose = clean_text(purpose).strip()[:200]
    if item is None and not purpose:
        raise ReasonRequired(_("Say what the visitor came for, or pick the service item."))
    zone = Zone.objects.filter(hall=hall, code=zone_code).first() if zone_code else None
    if zone_code and zone is None:
        raise InvalidInput(_("This hall has no such zone."))
    window = window_numbered(hall, window_number) if window_number else None
    id_number = validate_resident_id(id_number) if id_number.strip() else ""
    ticket = (
        ticket_issue(
            hall=hall,
            category_code=category_code,
            channel=Channel.RECEPTION,
            priority_code=priority_code or None,
            priority_reason=priority_reason,
            actor=actor,
            via=via,
        )
        if category_code
        else None
    )
    visit = Visit.objects.create(
        hall=hall,
        at=timezone.now(),
        registered_by=actor,
        service_item=item,
        purpose=purpose,
        name=clean_text(name).strip()[:50],
        id_number=id_number,
        guided_to_zone=zone,
        guided_to_window=window,
        ticket=ticket,
    )
    audit_record(actor=actor, action="visit.registered", target=visit, changes={}, via=via)
    return visit


def visitors_erase_personal_data(*, hall: Hall, today: datetime.date) -> int:
    """X2: a visitor's name and ID number go once the hall's period after the visit is over;
    the visit stays for the figures. Returns how many were erased (one audit record)."""
    days = hall_settings(ReceptionSettings, hall.pk).visitor_data_days
    start, _end = day_span(today - datetime.timedelta(days=days))
    expired = Visit.objects.filter(hall=hall, at__lt=start).exclude(name="", id_digest="")
    with transaction.atomic():
        erased = expired.update(name="", id_number="", id_digest="")
        if erased:
            audit_record(
                actor=None,
                action="visit.personal_data_erased",
                hall=hall,
                changes={"visits": [None, erased], "kept_days": [None, days]},
                via="job",
            )
    return erased
