"""F2's emergency operation: the office switches it with a reason (audited, on the boards);
the kiosks give numbers only for the businesses listed; what waits at closing time is kept
and called first on the next working day, across the 2026 National Day holiday."""

from __future__ import annotations

import pytest
import time_machine

from hall.core.errors import PermissionDenied, ReasonRequired
from hall.core.jobs import run_due_jobs
from hall.core.models import AuditRecord, Hall
from hall.core.roles import Role
from hall.queueing import services
from hall.queueing.choices import Channel, TicketStatus
from hall.queueing.errors import (
    CategoryNotFound,
    EmergencyAlreadyOn,
    EmergencyNotOn,
    IssuingSuspended,
)
from hall.queueing.models import Ticket
from tests.conftest import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def issue(qhall, code: str = "household", channel: str = Channel.KIOSK, **kwargs) -> Ticket:
    return services.ticket_issue(hall=qhall.hall, category_code=code, channel=channel, **kwargs)


def notice(qhall) -> str:
    return Hall.objects.get(pk=qhall.hall.pk).board_notice


@pytest.fixture
def office(qhall):
    return UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN)


def test_the_kiosk_gives_numbers_only_for_the_businesses_listed(qhall, office):
    with pytest.raises(ReasonRequired):
        services.emergency_start(hall=qhall.hall, actor=office, reason="  ")
    with pytest.raises(CategoryNotFound):
        services.emergency_start(hall=qhall.hall, actor=office, reason="停电", categories=["x"])
    with pytest.raises(PermissionDenied):
        services.emergency_start(hall=qhall.hall, actor=qhall.clerk, reason="停电")
    assert issue(qhall).number == "A001"

    services.emergency_start(
        hall=qhall.hall, actor=office, reason="大厅停电，仅办理社保业务", categories=["social"]
    )
    with pytest.raises(IssuingSuspended) as refused:
        issue(qhall)
    assert "大厅停电" in refused.value.message
    assert issue(qhall, "social").number == "B001"
    assert issue(qhall, channel=Channel.RECEPTION, actor=office).number == "A002"  # the desk
    assert "大厅停电" in notice(qhall)
    with pytest.raises(EmergencyAlreadyOn):
        services.emergency_start(hall=qhall.hall, actor=office, reason="再次")

    services.emergency_end(hall=qhall.hall, actor=office)
    assert notice(qhall) == ""
    assert issue(qhall).number == "A003"
    with pytest.raises(EmergencyNotOn):
        services.emergency_end(hall=qhall.hall, actor=office)
    actions = AuditRecord.objects.filter(action__startswith="queue.emergency")
    assert sorted(actions.values_list("action", flat=True)) == [
        "queue.emergency_ended",
        "queue.emergency_started",
    ]


def test_kept_numbers_are_called_first_after_the_national_day_holiday(qhall, office):
    """Wednesday 30 September 2026, the eve of the holiday (1–7 October, a weekend within):
    three numbers still wait when the hall closes in emergency operation; the office ends it
    on 2 October; on Thursday 8 October, the next working day, window 1 calls them before
    that day's own numbers, in their order; what is still kept that evening is closed."""
    with time_machine.travel("2026-09-30 15:00 +0800", tick=False):
        first, second = issue(qhall), issue(qhall)
        social = issue(qhall, "social")
        services.emergency_start(hall=qhall.hall, actor=office, reason="暴雨红色预警")
    with time_machine.travel("2026-09-30 17:05 +0800", tick=False):
        run_due_jobs(names=["queue.end_of_day"])
    kept = Ticket.objects.filter(pk__in=[first.pk, second.pk, social.pk])
    assert {(t.status, str(t.kept_until)) for t in kept} == {("waiting", "2026-10-08")}
    with time_machine.travel("2026-10-02 10:00 +0800", tick=False):
        services.emergency_end(hall=qhall.hall, actor=office)
    for day in range(2, 8):  # the closing time of each day off: nothing is closed
        with time_machine.travel(f"2026-10-0{day} 17:05 +0800", tick=False):
            run_due_jobs(names=["queue.end_of_day"])
    assert all(t.status == TicketStatus.WAITING for t in kept.all())

    with time_machine.travel("2026-10-08 09:00 +0800", tick=False):
        today = issue(qhall)
        assert today.number == "A001"
        window = qhall.windows[1]
        called = []
        for _ in range(3):
            ticket = services.ticket_call_next(window=window, actor=None)
            called.append((str(ticket.service_day), ticket.number))
            services.ticket_finish(ticket=ticket, actor=None)
        assert called == [("2026-09-30", "A001"), ("2026-09-30", "A002"), ("2026-10-08", "A001")]
    with time_machine.travel("2026-10-08 17:05 +0800", tick=False):
        run_due_jobs(names=["queue.end_of_day"])
    social.refresh_from_db()
    assert social.status == TicketStatus.CLOSED


def test_the_office_switches_on_its_page_and_the_kiosk_says_so(qhall, office):
    page = logged_in(office)
    assert 'data-emergency="off"' in page.get("/emergency/q/").content.decode()
    assert logged_in(qhall.clerk).get("/emergency/q/").status_code == 403
    started = page.post("/emergency/q/start/", {"reason": "消防演练", "category": ["social"]})
    assert started.status_code == 302
    assert 'data-emergency="on"' in page.get("/emergency/q/").content.decode()
    kiosk = page.get("/kiosk/q/").content.decode()
    assert "消防演练" in kiosk and kiosk.count("data-suspended") == 1
    refused = page.post("/kiosk/q/take/", {"category": "household"})
    assert refused.status_code == 409 and "消防演练" in refused.content.decode()
    assert page.post("/emergency/q/end/").status_code == 302
    assert "data-suspended" not in page.get("/kiosk/q/").content.decode()
    assert page.post("/emergency/q/end/").status_code == 409
    assert page.get("/emergency/q/start/").status_code == 405


def test_kept_over_a_plain_weekend_until_monday(qhall, office):
    with time_machine.travel("2026-11-27 15:00 +0800", tick=False):  # a Friday
        issue(qhall)
        services.emergency_start(hall=qhall.hall, actor=office, reason="系统故障")
    with time_machine.travel("2026-11-27 17:05 +0800", tick=False):
        run_due_jobs(names=["queue.end_of_day"])
    assert str(Ticket.objects.get(number="A001").kept_until) == "2026-11-30"
