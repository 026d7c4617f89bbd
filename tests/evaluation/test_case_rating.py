"""一事一评 (V2): a concluded case is rated once, by its number and the applicant's last four
characters, on the progress page or through the API; the applicant is invited by SMS at the
conclusion and reminded once after 3 days. And 追评: the follow-up rating once a 差评's loop is
closed."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from hall.cases import services as cases
from hall.cases.choices import Outcome
from hall.cases.models import Case
from hall.core.models import AuditRecord, OutboxMessage
from hall.evaluation import services
from hall.evaluation.models import FollowUp, Rating
from tests.cases.conftest import ID_NUMBER, CaseHall
from tests.conftest import logged_in
from tests.evaluation.test_rating import served
from tests.queueing.conftest import QueueHall

pytestmark = pytest.mark.django_db
DIGITS = ID_NUMBER[-4:]


def concluded(chall: CaseHall) -> Case:
    case = cases.case_accept(case=chall.receive(), actor=chall.clerk)
    case = cases.case_start(case=case, actor=chall.clerk)
    case = cases.case_submit_for_approval(case=case, actor=chall.clerk)
    return cases.case_conclude(case=case, actor=chall.chief, outcome=Outcome.APPROVED)


def rate(case: Case, client: Client | None = None, **body) -> object:
    return (client or Client()).post(
        f"/api/v1/cases/{case.number}/evaluation",
        {"digits": DIGITS, "level": 5, "tags": [], "comment": "", **body},
        content_type="application/json",
    )


def test_the_conclusion_invites_the_applicant_by_sms_once(chall):
    case = chall.receive()
    assert not OutboxMessage.objects.exists()
    case = concluded(chall)
    invitation = OutboxMessage.objects.get()
    assert invitation.recipient.plaintext == "13812345678"
    assert case.number in invitation.body and "/progress/evaluation/?number=" in invitation.body
    assert DIGITS not in invitation.body  # the link asks for them: an SMS may be forwarded
    assert not services.rating_invite(case=case)  # the outbox's key: never twice


def test_a_concluded_case_is_rated_once_through_the_api_for_its_handler(chall):
    waiting = chall.receive()
    assert rate(waiting).json()["code"] == "not_finished"
    case = concluded(chall)
    assert rate(case, digits="0000").status_code == 404
    first = rate(case, level=4, tags=["服务周到"])
    assert first.status_code == 201, first.content
    assert first.json()["bad"] is False
    assert rate(case, level=1).json()["code"] == "already_evaluated"
    assert rate(case, client=logged_in(chall.clerk)).status_code == 403
    rating = Rating.objects.get()
    assert (rating.case, rating.ticket, rating.department, rating.window) == (
        case,
        None,
        chall.estate,
        None,
    )
    assert rating.staff_id == Case.objects.get(pk=case.pk).handler_id
    assert AuditRecord.objects.filter(action="evaluation.rate").count() == 1


def test_the_progress_page_leads_to_the_rating_and_a_bad_one_opens_a_follow_up(chall):
    case = concluded(chall)
    progress = Client().get("/progress/", {"number": case.number, "digits": DIGITS})
    assert "评价本次服务（好差评）" in progress.content.decode()
    page = Client().get(
        "/progress/evaluation/", {"number": case.number, "digits": DIGITS, "level": 2}
    )
    assert "等候太久" in page.content.decode()
    sent = Client().post(
        "/progress/evaluation/",
        {"number": case.number, "digits": DIGITS, "level": 2, "tags": ["多次跑动"]},
    )
    assert "感谢您的评价" in sent.content.decode()
    follow_up = FollowUp.objects.get()
    assert follow_up.department == chall.estate and follow_up.rating.service_number == case.number
    wrong = Client().get("/progress/evaluation/", {"number": case.number, "digits": "9999"})
    assert wrong.status_code == 404


def test_one_reminder_after_three_days_when_not_rated(chall):
    case = concluded(chall)
    OutboxMessage.objects.all().delete()
    now = timezone.now()
    today = timezone.localdate(now)  # the hall's day: after 16:00 UTC it is already tomorrow
    Case.objects.filter(pk=case.pk).update(concluded_on=today - datetime.timedelta(days=2))
    assert services.rating_reminders(now=now) == 0
    Case.objects.filter(pk=case.pk).update(concluded_on=today - datetime.timedelta(days=3))
    assert services.rating_reminders(now=now) == 1
    assert services.rating_reminders(now=now) == 0  # once
    assert "尚未评价" in OutboxMessage.objects.get().body
    OutboxMessage.objects.all().delete()
    rate(case)
    assert services.rating_reminders(now=now + datetime.timedelta(days=1)) == 0


def test_a_closed_follow_up_lets_the_person_rate_how_it_was_handled_once(qhall: QueueHall):
    ticket = served(qhall)
    page = f"/t/{ticket.follow_token}/evaluation/"
    Client().post(page, {"level": 1, "tags": ["态度不好"]})
    follow_up = FollowUp.objects.get()
    assert "追评" not in Client().get(page).content.decode()  # not closed yet
    head = qhall.clerk  # any actor: the service records who; the pages check the role
    services.follow_up_call_back(
        follow_up=follow_up, actor=head, finding="explained", note="已向群众解释办理流程"
    )
    shown = Client().get(page).content.decode()
    assert "已向群众解释办理流程" in shown and "追评" in shown
    bad = Client().post(page, {"second": "1", "level": "7"})
    assert bad.status_code == 422 and FollowUp.objects.get().second_level is None
    Client().post(page, {"second": "1", "level": "4", "comment": "解释得很清楚"})
    again = Client().post(page, {"second": "1", "level": "1"})
    assert again.status_code == 409
    follow_up.refresh_from_db()
    assert (follow_up.second_level, follow_up.second_comment) == (4, "解释得很清楚")
    assert follow_up.rating.level == 1  # the first rating stays as it was
    assert AuditRecord.objects.filter(action="evaluation.second_rating").count() == 1
