"""Queue rules (Q1-Q3, Q5, Q6) through the services."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from hall.core.choices import WindowState
from hall.core.models import AuditRecord, OutboxMessage
from hall.core.outbox import outbox_deliver
from hall.core.roles import Role
from hall.queueing import selectors, services
from hall.queueing.choices import AT_WINDOW, Channel, EndOfDayRule, NoShowRule, TicketStatus
from hall.queueing.errors import (
    CategoryNotFound,
    HallClosedToday,
    PriorityNotOffered,
    PriorityReasonRequired,
    RecallsRequired,
    TicketNotAtWindow,
    TicketWrongState,
    WindowBusy,
    WindowNotOpen,
)
from hall.queueing.models import Ticket, TicketEvent
from hall.queueing.selectors import people_ahead, standing
from tests.factories import UserFactory
from tests.queueing.conftest import set_rules

pytestmark = pytest.mark.django_db
KIOSK = Channel.KIOSK


def issue(qhall, code="household", **kwargs):
    return services.ticket_issue(
        hall=qhall.hall, category_code=code, channel=kwargs.pop("channel", KIOSK), **kwargs
    )


def test_numbers_run_per_category_and_start_again_the_next_day(qhall):
    with time_machine.travel("2026-11-26 09:00 +0800"):
        assert [issue(qhall).number for _ in range(3)] == ["A001", "A002", "A003"]
        assert issue(qhall, "social").number == "B001"
    with time_machine.travel("2026-11-27 09:00 +0800"):
        assert issue(qhall).number == "A001"


def test_a_tickets_history_is_its_audit_record_and_cannot_be_changed(qhall):
    """One record per step, with who, when, through what and why; the table refuses UPDATE
    and DELETE like the audit table (no second audit row is written for a ticket)."""
    from django.db import DatabaseError, transaction

    ticket = services.ticket_issue(
        hall=qhall.hall, category_code="household", channel=Channel.KIOSK, via="kiosk"
    )
    [issued] = ticket.events.all()
    assert (issued.kind, issued.via, issued.detail) == ("issued", "kiosk", {"channel": "kiosk"})
    assert not AuditRecord.objects.filter(action__startswith="ticket.").exists()
    for change in (
        lambda: TicketEvent.objects.filter(pk=issued.pk).update(reason="改过"),
        lambda: TicketEvent.objects.filter(pk=issued.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            change()
    assert TicketEvent.objects.get(pk=issued.pk).reason == ""


def test_unknown_category_creates_nothing(qhall):
    with pytest.raises(CategoryNotFound):
        issue(qhall, "nonsense")
    assert not Ticket.objects.exists()


def test_no_tickets_on_a_holiday_where_the_hall_refuses_them(qhall):
    set_rules(qhall.hall, refuse_on_closed_days=True)
    with time_machine.travel("2026-10-01 09:00 +0800"), pytest.raises(HallClosedToday):
        issue(qhall)
    with time_machine.travel("2026-10-10 09:00 +0800"):  # a make-up Saturday
        assert issue(qhall).number == "A001"


def test_first_come_first_served_within_a_category(qhall):
    first, second = issue(qhall), issue(qhall)
    assert services.ticket_call_next(window=qhall.windows[1], actor=None) == first
    services.ticket_finish(ticket=first, actor=None)
    assert services.ticket_call_next(window=qhall.windows[1], actor=None) == second


def test_priority_goes_ahead_by_its_head_start_only(qhall):
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False) as clock:
        early = issue(qhall)
        clock.shift(datetime.timedelta(minutes=40))
        recent = issue(qhall)
        clock.shift(datetime.timedelta(minutes=1))
        elderly = issue(qhall, priority_code="special")  # counts as 30 minutes earlier
    order = []
    for _ in range(3):
        ticket = services.ticket_call_next(window=qhall.windows[1], actor=None)
        order.append(ticket)
        services.ticket_finish(ticket=ticket, actor=None)
    # 40 minutes of waiting beat a 30-minute head start: no one starves behind priorities.
    assert order == [early, elderly, recent]


def test_priority_rules_per_channel(qhall):
    with pytest.raises(PriorityNotOffered):
        issue(qhall, priority_code="urgent")  # reception only
    with pytest.raises(PriorityReasonRequired):
        issue(qhall, priority_code="urgent", channel=Channel.RECEPTION)
    ticket = issue(
        qhall,
        priority_code="urgent",
        channel=Channel.RECEPTION,
        priority_reason="就医证明，需当日办结",
    )
    assert ticket.priority_reason == "就医证明，需当日办结"
    assert Ticket.objects.count() == 1


def test_work_profile_preference_then_queue_order(qhall):
    household = issue(qhall)
    social = issue(qhall, "social")
    window3 = qhall.windows[3]  # social first, household second
    assert services.ticket_call_next(window=window3, actor=None) == social
    services.ticket_finish(ticket=social, actor=None)
    assert services.ticket_call_next(window=window3, actor=None) == household
    services.ticket_finish(ticket=household, actor=None)
    assert services.ticket_call_next(window=window3, actor=None) is None


def test_a_window_serves_only_its_profile(qhall):
    issue(qhall, "social")
    assert services.ticket_call_next(window=qhall.windows[1], actor=None) is None


def test_calling_at_a_paused_window_is_refused_and_changes_nothing(qhall):
    ticket = issue(qhall)
    services.window_pause(window=qhall.windows[1], actor=None, reason="系统故障")
    with pytest.raises(WindowNotOpen):
        services.ticket_call_next(window=qhall.windows[1], actor=None)
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.WAITING
    services.window_resume(window=qhall.windows[1], actor=None)
    assert services.ticket_call_next(window=qhall.windows[1], actor=None) == ticket


def test_a_busy_window_must_finish_first(qhall):
    first, second = issue(qhall), issue(qhall)
    services.ticket_call_next(window=qhall.windows[1], actor=None)
    with pytest.raises(WindowBusy) as caught:
        services.ticket_call_next(window=qhall.windows[1], actor=None)
    assert caught.value.message == "请先完成或过号当前号码（A001）。"
    assert Ticket.objects.get(pk=second.pk).status == TicketStatus.WAITING
    with pytest.raises(WindowBusy):
        services.window_pause(window=qhall.windows[1], actor=None, reason="休息")
    assert first.pk != second.pk


def test_finish_and_call_next_is_one_step_and_a_repeat_changes_nothing(qhall):
    first, second, third = issue(qhall), issue(qhall), issue(qhall)
    window = qhall.windows[1]
    services.ticket_call_next(window=window, actor=qhall.clerk)
    called = services.ticket_call_next(window=window, actor=qhall.clerk, finish_id=first.pk)
    assert called == second
    assert Ticket.objects.get(pk=first.pk).status == TicketStatus.DONE
    kinds = list(TicketEvent.objects.filter(ticket=first).values_list("kind", flat=True))
    assert kinds == ["issued", "called", "finished"]
    # Both steps written by the one request, in order (the history's order is time, then id).
    steps = TicketEvent.objects.order_by("-id")[:2]
    written = [(e.ticket_id, e.kind, e.window_id, e.actor_id, e.hall_id, e.at) for e in steps]
    at = written[0][-1]
    assert written[::-1] == [
        (first.pk, "finished", window.pk, qhall.clerk.pk, qhall.hall.pk, at),
        (second.pk, "called", window.pk, qhall.clerk.pk, qhall.hall.pk, at),
    ]
    # The same request again (a double click) names a finished ticket: refused, nothing moves.
    with pytest.raises(TicketWrongState):
        services.ticket_call_next(window=window, actor=qhall.clerk, finish_id=first.pk)
    assert Ticket.objects.get(pk=second.pk).status == TicketStatus.CALLED
    assert Ticket.objects.get(pk=third.pk).status == TicketStatus.WAITING


def test_finish_and_call_next_only_finishes_the_ticket_at_this_window(qhall):
    first, _second = issue(qhall), issue(qhall)
    services.ticket_call_next(window=qhall.windows[1], actor=None)
    with pytest.raises(TicketNotAtWindow):
        services.ticket_call_next(window=qhall.windows[2], actor=None, finish_id=first.pk)
    assert Ticket.objects.get(pk=first.pk).status == TicketStatus.CALLED


def test_finish_and_call_next_with_nobody_waiting_frees_the_window(qhall):
    only = issue(qhall)
    services.ticket_call_next(window=qhall.windows[1], actor=None)
    assert services.ticket_call_next(window=qhall.windows[1], actor=None, finish_id=only.pk) is None
    assert Ticket.objects.get(pk=only.pk).status == TicketStatus.DONE


def test_finishing_a_ticket_never_called_is_refused(qhall):
    ticket = issue(qhall)
    with pytest.raises(TicketWrongState) as caught:
        services.ticket_finish(ticket=ticket, actor=None)
    assert caught.value.message == "A001 号当前为“等待中”，不能进行此操作。"
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.WAITING
    assert list(ticket.events.values_list("kind", flat=True)) == ["issued"]


def test_calling_twice_then_finishing_and_the_history(qhall):
    ticket = issue(qhall)
    services.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)
    services.ticket_recall(ticket=ticket, actor=qhall.clerk)
    services.ticket_start(ticket=ticket, actor=qhall.clerk)
    services.ticket_finish(ticket=ticket, actor=qhall.clerk)
    events = list(
        TicketEvent.objects.filter(ticket=ticket).values_list(
            "kind", "window__number", "actor__username"
        )
    )
    assert events == [
        ("issued", None, None),
        ("called", 1, "clerk"),
        ("recalled", 1, "clerk"),
        ("started", 1, "clerk"),
        ("finished", 1, "clerk"),
    ]
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.DONE


def test_no_show_needs_the_halls_number_of_calls_then_requeues_once(qhall):
    first = issue(qhall)
    second = issue(qhall)
    window = qhall.windows[1]
    services.ticket_call_next(window=window, actor=None)
    with pytest.raises(RecallsRequired) as caught:
        services.ticket_no_show(ticket=first, actor=None)
    assert caught.value.params["remaining"] == 2
    services.ticket_recall(ticket=first, actor=None)
    services.ticket_recall(ticket=first, actor=None)
    services.ticket_no_show(ticket=first, actor=None)
    requeued = Ticket.objects.get(pk=first.pk)
    assert (requeued.status, requeued.requeue_count) == (TicketStatus.WAITING, 1)
    # Back at the end of the queue: the second ticket comes first now.
    assert services.ticket_call_next(window=window, actor=None) == second
    services.ticket_finish(ticket=second, actor=None)
    assert services.ticket_call_next(window=window, actor=None) == first
    services.ticket_recall(ticket=first, actor=None)
    services.ticket_recall(ticket=first, actor=None)
    assert (
        services.ticket_no_show(ticket=first, actor=None).status == TicketStatus.NO_SHOW
    )  # only once


def test_no_show_rule_close_voids_the_ticket(qhall):
    set_rules(qhall.hall, no_show_rule=NoShowRule.CLOSE, recalls_before_no_show=0)
    ticket = issue(qhall)
    services.ticket_call_next(window=qhall.windows[1], actor=None)
    assert services.ticket_no_show(ticket=ticket, actor=None).status == TicketStatus.NO_SHOW


def test_transfer_keeps_the_original_arrival(qhall):
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False) as clock:
        moved = issue(qhall)
        clock.shift(datetime.timedelta(minutes=10))
        waiting_social = issue(qhall, "social")
        services.ticket_call_next(window=qhall.windows[1], actor=None)
        services.ticket_transfer(ticket=moved, actor=None, category_code="social")
    # It arrived before the social ticket, so window 2 calls it first.
    assert services.ticket_call_next(window=qhall.windows[2], actor=None) == moved
    assert Ticket.objects.get(pk=waiting_social.pk).status == TicketStatus.WAITING
    assert Ticket.objects.get(pk=moved.pk).number == "A001"


def test_transfer_to_a_window_goes_to_that_window_first(qhall):
    moved = issue(qhall)
    issue(qhall, "social")
    services.ticket_call_next(window=qhall.windows[1], actor=None)
    services.ticket_transfer(ticket=moved, actor=None, window_number=2)
    assert services.ticket_call_next(window=qhall.windows[2], actor=None) == moved


def test_position_and_estimated_wait(qhall):
    tickets = [issue(qhall) for _ in range(4)]
    assert people_ahead(tickets[3]) == 3
    place = standing(tickets[3])
    # 3 ahead × 8 usual minutes / 2 open windows serving household (1 and 3)
    assert (place.position, place.ahead, place.estimated_wait_minutes) == (4, 3, 12)


def test_sms_when_close_to_the_front_is_sent_once_through_the_outbox(qhall, caplog):
    for _ in range(3):
        issue(qhall)
    subscriber = issue(qhall, mobile="13800138000", notify_when_ahead=1)
    for _ in range(2):
        ticket = services.ticket_call_next(window=qhall.windows[1], actor=None)
        services.ticket_finish(ticket=ticket, actor=None)
    assert OutboxMessage.objects.count() == 1
    message = OutboxMessage.objects.get()
    assert "A004" in message.body and "1" in message.body
    services.ticket_call_next(window=qhall.windows[1], actor=None)
    assert OutboxMessage.objects.count() == 1
    with caplog.at_level("INFO", logger="hall.core.outbox"):
        assert outbox_deliver() == 1
        assert outbox_deliver() == 0
    assert "138****8000" in caplog.text
    assert subscriber.pk


def test_end_of_day_closes_waiting_tickets_with_a_reason(qhall):
    from hall.core.jobs import run_due_jobs

    set_rules(qhall.hall, end_of_day_rule=EndOfDayRule.CLOSE)
    with time_machine.travel("2026-11-27 16:00 +0800"):
        ticket = issue(qhall)
    with time_machine.travel("2026-11-27 17:05 +0800"):
        run_due_jobs(names=["queue.end_of_day"])
    closed = Ticket.objects.get(pk=ticket.pk)
    assert (closed.status, closed.closed_reason) == (TicketStatus.CLOSED, "大厅今日已下班。")


@pytest.mark.parametrize("rule", [EndOfDayRule.CLOSE, EndOfDayRule.KEEP])
def test_numbers_left_at_a_window_at_closing_are_closed_and_free_the_window(qhall, rule):
    from hall.core.jobs import run_due_jobs

    set_rules(qhall.hall, end_of_day_rule=rule)
    with time_machine.travel("2026-11-27 16:30 +0800"):
        served = issue(qhall)
        called = issue(qhall, "social")
        services.ticket_start(
            ticket=services.ticket_call_next(window=qhall.windows[1], actor=None), actor=None
        )
        services.ticket_call_next(window=qhall.windows[2], actor=None)
        waiting = issue(qhall)
    with time_machine.travel("2026-11-27 17:05 +0800"):
        run_due_jobs(names=["queue.end_of_day"])
    for ticket in (served, called):
        ticket.refresh_from_db()
        assert (ticket.status, ticket.closed_reason) == (TicketStatus.CLOSED, "大厅今日已下班。")
        assert ticket.events.last().kind == "closed"
    assert not Ticket.objects.filter(status__in=AT_WINDOW).exists()
    waiting.refresh_from_db()
    kept = TicketStatus.WAITING if rule == EndOfDayRule.KEEP else TicketStatus.CLOSED
    assert waiting.status == kept


def test_mobile_numbers_are_erased_after_the_halls_retention_period(qhall):
    """X2: a retention period per kind of record; the tickets stay for the statistics."""
    set_rules(qhall.hall, mobile_retention_days=30)
    with time_machine.travel("2026-10-01 10:00 +0800"):
        old = issue(qhall, mobile="13800138000", notify_when_ahead=3)
    with time_machine.travel("2026-10-30 10:00 +0800"):
        recent = issue(qhall, mobile="13900139000", notify_when_ahead=3)
    erased = services.tickets_erase_mobiles(hall=qhall.hall, today=datetime.date(2026, 11, 1))
    assert erased == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.mobile, old.mobile_digest, old.status) == ("", "", TicketStatus.WAITING)
    assert recent.mobile.plaintext == "13900139000"
    record = AuditRecord.objects.get(action="ticket.personal_data_erased")
    assert record.changes["tickets"] == [None, 1]


def test_end_of_day_keep_leaves_them_first_in_line_tomorrow(qhall):
    set_rules(qhall.hall, end_of_day_rule=EndOfDayRule.KEEP)
    with time_machine.travel("2026-11-26 16:50 +0800"):
        kept = issue(qhall)
    from hall.core.jobs import run_due_jobs

    with time_machine.travel("2026-11-27 08:30 +0800"):
        run_due_jobs(names=["queue.end_of_day"])
        today = issue(qhall)
        assert today.number == "A001"
        assert services.ticket_call_next(window=qhall.windows[1], actor=None) == kept


def test_window_state_is_audited_on_pause(qhall):
    services.window_pause(window=qhall.windows[2], actor=qhall.clerk, reason="临时外出")
    assert (
        qhall.windows[2].__class__.objects.get(pk=qhall.windows[2].pk).state == WindowState.PAUSED
    )
    assert AuditRecord.objects.filter(action="window.state_changed", actor=qhall.clerk).exists()


def test_a_window_with_too_long_a_line_is_helped_by_another(qhall):
    """Q7 (跨窗通办): over the hall's threshold, staff allowed there call its line from theirs."""
    from hall.queueing.errors import NoHelpNeeded

    set_rules(qhall.hall, help_threshold=2)
    qhall.hall.__dict__.pop("_queue_settings", None)
    for _ in range(3):
        services.ticket_issue(hall=qhall.hall, category_code="social", channel=Channel.KIOSK)
    wanted = selectors.windows_needing_help(qhall.hall.pk)
    assert [(w.window.number, w.waiting) for w in wanted] == [(2, 3), (3, 3)]
    ticket = services.ticket_call_next(
        window=qhall.windows[1], actor=qhall.clerk, help_for=qhall.windows[2]
    )
    assert (
        ticket is not None and ticket.category == qhall.social and ticket.window == qhall.windows[1]
    )
    assert ticket.events.get(kind="called").detail == {"help_for": 2}
    services.ticket_finish(ticket=ticket, actor=qhall.clerk)
    with pytest.raises(NoHelpNeeded):  # two left: the line is short enough again
        services.ticket_call_next(
            window=qhall.windows[1], actor=qhall.clerk, help_for=qhall.windows[2]
        )


@pytest.mark.parametrize("state", [WindowState.PAUSED, WindowState.CLOSED, WindowState.EMPTY])
def test_nobody_stops_a_window_with_a_person_at_it_whichever_path(qhall, state):
    """The dashboard and the API once paused a window with a ticket at it (a second path that
    skipped the check); every path now meets the queue's rule."""
    from hall.core.services import window_set_state
    from tests.http import bearer, put

    issue(qhall)
    services.ticket_call_next(window=qhall.windows[1], actor=None)
    with pytest.raises(WindowBusy):
        window_set_state(actor=None, window=qhall.windows[1], state=state, reason="下班")
    admin = UserFactory(hall=qhall.hall, role=Role.HALL_ADMIN)
    response = put(
        bearer(admin), "/api/v1/halls/q/windows/1/state", {"state": state.value, "reason": "下班"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "window_busy"
    qhall.windows[1].refresh_from_db()
    assert qhall.windows[1].state == WindowState.OPEN
    assert not AuditRecord.objects.filter(action="window.state_changed").exists()


def test_a_number_is_called_out_of_order_only_with_a_reason_and_where_it_waits(qhall):
    """特呼: 不得私自插队, so the reason is recorded; only a number of this window's line, or
    one passed over today who came back."""
    from hall.core.errors import ReasonRequired
    from hall.queueing.errors import NotInLine

    first, second = issue(qhall), issue(qhall)
    social = issue(qhall, "social")
    with pytest.raises(ReasonRequired):
        services.ticket_call_chosen(
            window=qhall.windows[1], ticket_id=second.pk, reason=" ", actor=qhall.clerk
        )
    with pytest.raises(NotInLine):  # window 1 serves household only
        services.ticket_call_chosen(
            window=qhall.windows[1], ticket_id=social.pk, reason="急事", actor=qhall.clerk
        )
    called = services.ticket_call_chosen(
        window=qhall.windows[1], ticket_id=second.pk, reason="老人身体不适", actor=qhall.clerk
    )
    assert (called.number, called.status, called.window) == ("A002", "called", qhall.windows[1])
    assert Ticket.objects.get(pk=first.pk).status == TicketStatus.WAITING
    history = TicketEvent.objects.filter(ticket=second, kind="called").get()
    assert history.detail == {"out_of_order": True}
    assert (history.reason, history.actor) == ("老人身体不适", qhall.clerk)
    with pytest.raises(WindowBusy):
        services.ticket_call_chosen(
            window=qhall.windows[1], ticket_id=first.pk, reason="x", actor=qhall.clerk
        )


def test_a_number_passed_over_today_is_called_back_with_a_note(qhall):
    set_rules(qhall.hall, no_show_rule=NoShowRule.CLOSE, recalls_before_no_show=0)
    late = issue(qhall)
    services.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)
    services.ticket_no_show(ticket=late, actor=qhall.clerk)
    assert Ticket.objects.get(pk=late.pk).status == TicketStatus.NO_SHOW
    back = services.ticket_call_chosen(
        window=qhall.windows[3], ticket_id=late.pk, reason="过号后到场", actor=qhall.clerk
    )
    assert (back.status, back.window, back.finished_at) == ("called", qhall.windows[3], None)
