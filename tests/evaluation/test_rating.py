"""好差评 (V2), first part: one rating per finished ticket from the phone (page and API), the
follow-up a 差评 opens with its due dates in working days, staff refused."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from hall.core.models import AuditRecord, OutboxMessage
from hall.core.roles import Role
from hall.evaluation import selectors, services
from hall.evaluation.choices import RatingChannel
from hall.evaluation.errors import AlreadyEvaluated
from hall.evaluation.models import FollowUp, Rating
from hall.evaluation.services import Served, rating_give
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from hall.queueing.models import Ticket
from tests import threads
from tests.appointments.conftest import at
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.queueing.conftest import QueueHall

pytestmark = pytest.mark.django_db


def served(qhall: QueueHall, *, finish: bool = True) -> Ticket:
    ticket = queue.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
    called = queue.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)
    assert called is not None and called.pk == ticket.pk
    queue.ticket_start(ticket=called, actor=qhall.clerk)
    if finish:
        queue.ticket_finish(ticket=Ticket.objects.get(pk=ticket.pk), actor=qhall.clerk)
    return Ticket.objects.get(pk=ticket.pk)


def rate(client: Client, ticket: Ticket, **body) -> object:
    return client.post(
        f"/api/v1/t/{ticket.follow_token}/evaluation",
        {"level": 5, "tags": [], "comment": "", **body},
        content_type="application/json",
    )


def test_a_finished_ticket_is_rated_once_to_whoever_served_it(qhall):
    ticket = served(qhall)
    first = rate(Client(), ticket, level=5, tags=["服务热情"], comment="很好")
    again = rate(Client(), ticket, level=1)
    assert first.status_code == 201, first.content
    assert first.json() == {
        "id": Rating.objects.get().pk,
        "level": 5,
        "bad": False,
        "follow_up": None,
    }
    assert again.status_code == 409 and again.json()["code"] == "already_evaluated"
    rating = Rating.objects.get()
    assert (rating.staff, rating.window, rating.department) == (
        qhall.clerk,
        qhall.windows[1],
        qhall.police,
    )
    assert AuditRecord.objects.filter(action="evaluation.rate").count() == 1


def test_a_bad_rating_opens_a_follow_up_due_in_working_days_across_national_day(qhall):
    with at("2026-09-30 10:00"):
        ticket = served(qhall)
        response = rate(Client(), ticket, level=1, tags=["态度不好"])
    assert response.status_code == 201
    # One working day after 9-30 is 10-8 (National Day, 10-1 to 10-7, does not count); 15 are
    # 10-8, 9, 10 (the make-up Saturday), 12-16, 19-23, 26, 27.
    assert response.json()["bad"] is True
    assert response.json()["follow_up"] == {
        "callback_due": "2026-10-08",
        "rectify_due": "2026-10-27",
    }
    assert FollowUp.objects.get().department == qhall.police


def test_heads_are_warned_yellow_then_red_of_each_step_in_working_days(qhall):
    head = UserFactory(
        username="head", hall=qhall.hall, role=Role.DEPARTMENT_HEAD, mobile="13900000009"
    )
    head.departments.add(qhall.police)
    with at("2026-09-30 10:00"):
        rate(Client(), served(qhall), level=1)
    follow_up = FollowUp.objects.get()

    def warned(day: str) -> tuple[int, str]:
        sent = services.follow_ups_warn(today=datetime.date.fromisoformat(day))
        return sent, FollowUp.objects.get().warning

    # The call back is due 10-08: one working day left on 9-30, across National Day.
    assert warned("2026-09-30") == (1, "yellow")
    assert warned("2026-10-02") == (0, "yellow")  # told once
    assert warned("2026-10-09") == (1, "red")
    services.follow_up_call_back(
        follow_up=follow_up, actor=head, finding="substantiated", note="确有态度问题"
    )
    # Rectification is due 10-27: 13 working days left on 10-09, 3 on 10-22.
    assert warned("2026-10-09") == (0, "")
    assert warned("2026-10-22") == (1, "yellow")
    assert warned("2026-10-28") == (1, "red")
    texts = list(OutboxMessage.objects.order_by("pk").values_list("body", flat=True))
    assert len(texts) == 4 and "逾期" in texts[1] and ticket_number(follow_up) in texts[0]


def ticket_number(follow_up: FollowUp) -> str:
    return follow_up.rating.service_number


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"level": 6}, "level_out_of_range"),
        ({"level": 0}, "level_out_of_range"),
        ({"level": 5, "tags": ["态度不好"]}, "tags_not_of_level"),  # a tag of level 1
    ],
)
def test_bad_input_is_a_chinese_422_and_stores_nothing(qhall, body, code):
    response = rate(Client(), served(qhall), **body)
    assert response.status_code == 422 and response.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["message"])
    assert not Rating.objects.exists()


def test_an_unfinished_ticket_cannot_be_rated_and_staff_cannot_rate(qhall):
    ticket = served(qhall, finish=False)
    early = rate(Client(), ticket)
    assert early.status_code == 409 and early.json()["code"] == "not_finished"
    queue.ticket_finish(ticket=ticket, actor=qhall.clerk)
    staff = rate(logged_in(qhall.clerk), ticket)
    assert staff.status_code == 403 and staff.json()["code"] == "staff_cannot_rate"
    assert logged_in(qhall.clerk).get(f"/t/{ticket.follow_token}/evaluation/").status_code == 403
    assert rate(Client(), Ticket(follow_token="no-such-token")).status_code == 404
    assert not Rating.objects.exists()


def test_the_phone_page_offers_the_rating_once_the_ticket_is_done(qhall):
    ticket = served(qhall)
    client = Client()
    follow = client.get(f"/t/{ticket.follow_token}").content.decode()
    assert f"/t/{ticket.follow_token}/evaluation/" in follow
    levels = client.get(f"/t/{ticket.follow_token}/evaluation/").content.decode()
    assert "非常满意" in levels and "非常不满意" in levels
    tags = client.get(f"/t/{ticket.follow_token}/evaluation/?level=2").content.decode()
    assert "等候太久" in tags and "服务热情" not in tags
    done = client.post(
        f"/t/{ticket.follow_token}/evaluation/", {"level": "2", "tags": ["等候太久"]}
    )
    assert done.status_code == 200 and "data-rated" in done.content.decode()
    assert Rating.objects.get().tags == ["等候太久"] and FollowUp.objects.exists()
    again = client.post(f"/t/{ticket.follow_token}/evaluation/", {"level": "5"})
    assert "data-rated" in again.content.decode() and Rating.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_pad_and_the_phone_tapping_at_once_store_one_rating():
    qhall = QueueHall()
    ticket = served(qhall)
    refused: list[str] = []

    def tap(index: int) -> None:
        try:
            rating_give(
                served=Served.of_ticket(Ticket.objects.get(pk=ticket.pk)),
                level=5 - index,
                tags=[],
                comment="",
                channel=[RatingChannel.PAD, RatingChannel.PHONE][index],
            )
        except AlreadyEvaluated as error:
            refused.append(error.code)

    threads.run_in_threads(tap, count=2)
    assert refused == ["already_evaluated"] and Rating.objects.count() == 1


def _bad_rating(qhall, mobile: str = "13812345678") -> FollowUp:
    ticket = served(qhall)
    response = rate(Client(), ticket, level=1, tags=["态度不好"], mobile=mobile)
    assert response.status_code == 201, response.content
    return FollowUp.objects.get()


def test_the_head_calls_back_then_records_what_was_done_and_the_person_is_told(qhall):
    from hall.core.models import OutboxMessage
    from hall.core.roles import Role
    from tests.factories import UserFactory

    head = UserFactory(username="head-q", hall=qhall.hall, role=Role.DEPARTMENT_HEAD)
    head.departments.add(qhall.police)
    follow_up = _bad_rating(qhall)
    page = logged_in(head)
    listed = page.get("/evaluation/q/follow-ups/").content.decode()
    assert "A001" in listed and "13812345678" not in listed and "138****5678" in listed
    shown = page.post(f"/evaluation/q/follow-ups/{follow_up.pk}/contact/")
    assert "13812345678" in shown.content.decode()
    empty = page.post(
        f"/evaluation/q/follow-ups/{follow_up.pk}/call-back/", {"finding": "substantiated"}
    )
    assert empty.status_code == 422
    page.post(
        f"/evaluation/q/follow-ups/{follow_up.pk}/call-back/",
        {"finding": "substantiated", "note": "窗口人员态度生硬，已批评教育"},
    )
    twice = page.post(
        f"/evaluation/q/follow-ups/{follow_up.pk}/call-back/",
        {"finding": "explained", "note": "再次"},
    )
    assert twice.status_code == 409
    page.post(f"/evaluation/q/follow-ups/{follow_up.pk}/rectified/", {"note": "已约谈并加强培训"})
    follow_up.refresh_from_db()
    assert follow_up.status == "closed" and follow_up.finding == "substantiated"
    figures = selectors.loop_figures(FollowUp.objects.all())
    assert (figures.callback_rate, figures.on_time_rate, figures.reply_rate) == (100, 100, 100)
    assert "100%" in page.get("/evaluation/q/follow-ups/").content.decode()
    assert follow_up.handled_by == head
    sms = OutboxMessage.objects.get(dedupe_key=f"follow-up-{follow_up.pk}-rectified")
    assert "已约谈并加强培训" in sms.body and sms.recipient.plaintext == "13812345678"
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"evaluation.rate", "evaluation.call_back", "evaluation.rectified"} <= actions
    assert "evaluation.contact_revealed" in actions


def test_a_head_of_another_department_and_window_staff_do_not_see_the_follow_up(qhall):
    from hall.core.roles import Role
    from tests.factories import DepartmentFactory, UserFactory

    follow_up = _bad_rating(qhall)
    other = UserFactory(username="head-other", hall=qhall.hall, role=Role.DEPARTMENT_HEAD)
    other.departments.add(DepartmentFactory(hall=qhall.hall, code="tax", name="税务"))
    assert "A001" not in logged_in(other).get("/evaluation/q/follow-ups/").content.decode()
    step = logged_in(other).post(
        f"/evaluation/q/follow-ups/{follow_up.pk}/call-back/",
        {"finding": "explained", "note": "x"},
    )
    assert step.status_code == 404
    assert logged_in(qhall.clerk).get("/evaluation/q/follow-ups/").status_code == 403


def test_the_staff_member_rated_appeals_once_and_the_office_decides(qhall, admin_a):
    from hall.core.roles import Role
    from tests.factories import UserFactory

    office = UserFactory(username="office-q", hall=qhall.hall, role=Role.HALL_ADMIN)
    with at("2026-09-30 10:00"):
        ticket = served(qhall)
        rate(Client(), ticket, level=1, tags=["态度不好"])
    rating = Rating.objects.get()
    clerk = logged_in(qhall.clerk)
    with at("2026-10-09 10:00"):  # the 2nd working day after 9-30: within the 5
        mine = clerk.get("/evaluation/mine/").content.decode()
        assert "非常不满意" in mine and f"/evaluation/mine/{rating.pk}/appeal/" in mine
        empty = clerk.post(f"/evaluation/mine/{rating.pk}/appeal/", {"reason": " "})
        sent = clerk.post(
            f"/evaluation/mine/{rating.pk}/appeal/", {"reason": "该群众未办理业务即离开"}
        )
        second = clerk.post(f"/evaluation/mine/{rating.pk}/appeal/", {"reason": "再次申诉"})
        by_other = logged_in(office).post(f"/evaluation/mine/{rating.pk}/appeal/", {"reason": "x"})
    assert empty.status_code == 422 and sent.status_code == 302
    assert second.status_code == 409 and by_other.status_code == 404
    appeal = rating.appeal
    assert clerk.get("/evaluation/q/appeals/").status_code == 403
    page = logged_in(office)
    assert "该群众未办理业务即离开" in page.get("/evaluation/q/appeals/").content.decode()
    page.post(
        f"/evaluation/q/appeals/{appeal.pk}/decide/",
        {"decision": "uphold", "note": "监控显示未办理"},
    )
    again = page.post(
        f"/evaluation/q/appeals/{appeal.pk}/decide/", {"decision": "reject", "note": "x"}
    )
    assert again.status_code == 409
    rating.refresh_from_db()
    assert rating.counted is False and Rating.objects.count() == 1  # kept on record
    actions = list(AuditRecord.objects.values_list("action", flat=True))
    assert "evaluation.appeal" in actions and "evaluation.appeal_decided" in actions


def test_an_appeal_after_the_halls_time_is_refused(qhall):
    with at("2026-09-30 10:00"):
        rate(Client(), served(qhall), level=2, tags=[])
    rating = Rating.objects.get()
    with at("2026-10-14 10:00"):  # 5 working days after 9-30: 10-8, 9, 10, 12, 13
        late = logged_in(qhall.clerk).post(
            f"/evaluation/mine/{rating.pk}/appeal/", {"reason": "误评"}
        )
    assert late.status_code == 409 and "2026-10-13" in late.content.decode()


def test_the_dashboard_warns_of_a_bad_rating_not_called_back_in_time(qhall):
    from hall.core.attention import warnings_for

    with at("2026-09-30 10:00"):
        rate(Client(), served(qhall), level=1, tags=[])
        # (9-30 is the week's last working day before National Day: the weekly inspection
        # rule warns too, rightly.)
        assert [w for w in warnings_for(qhall.hall) if "差评" in w] == []
    with at("2026-10-09 10:00"):  # due 10-08
        assert "1 条差评未在期限内回访。" in warnings_for(qhall.hall)


def test_an_old_ticket_can_no_longer_be_rated_and_the_loop_counts_rectification_on_time(qhall):
    ticket = served(qhall)
    Ticket.objects.filter(pk=ticket.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=16)
    )
    expired = rate(Client(), Ticket.objects.get(pk=ticket.pk), level=1)
    assert expired.status_code == 409 and expired.json()["code"] == "rating_expired"
    assert "15" in expired.json()["message"] and not Rating.objects.exists()

    rate(Client(), served(qhall), level=1)
    follow_up = FollowUp.objects.get()
    services.follow_up_call_back(
        follow_up=follow_up, actor=qhall.clerk, finding="substantiated", note="属实"
    )
    services.follow_up_rectified(follow_up=follow_up, actor=qhall.clerk, note="已整改")
    figures = selectors.loop_figures(FollowUp.objects.all())
    assert (figures.to_rectify, figures.rectified_on_time_rate, figures.reply_rate) == (1, 100, 100)
