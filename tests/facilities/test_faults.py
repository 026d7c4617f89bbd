"""F1: a fault reported in two clicks, at most once open per item; a caller's fault may take
its window out of routing (through the window's one path, refused while someone is served
there, and then nothing is reported); repairs are assigned and closed with a note;
maintenance comes due and is flagged."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hall.core.attention import warnings_for
from hall.core.choices import WindowState
from hall.core.errors import DomainError, InvalidInput, ReasonRequired
from hall.core.models import OutboxMessage
from hall.core.roles import Role
from hall.facilities import services
from hall.facilities.errors import FaultAlreadyReported, FaultClosed
from hall.facilities.models import Equipment, FaultReport
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from tests.conftest import logged_in
from tests.factories import HallFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caller(qhall):
    return Equipment.objects.create(
        hall=qhall.hall, kind="caller", name="1号窗口呼叫器", window=qhall.windows[1]
    )


@pytest.fixture
def office(qhall):
    return UserFactory(
        username="office", hall=qhall.hall, role=Role.HALL_ADMIN, mobile="13900000009"
    )


def test_a_callers_fault_takes_its_window_out_once_and_is_repaired(qhall, caller, office):
    report = services.fault_report(equipment=caller, actor=qhall.clerk, take_window_out=True)
    qhall.windows[1].refresh_from_db()
    assert qhall.windows[1].state == WindowState.CLOSED
    assert "1号窗口呼叫器" in qhall.windows[1].state_reason
    with pytest.raises(FaultAlreadyReported):  # a double click reports nothing twice
        services.fault_report(equipment=caller, actor=qhall.clerk)
    assert FaultReport.objects.count() == 1

    stranger = UserFactory(username="far", hall=HallFactory(code="far"), role=Role.HALL_ADMIN)
    with pytest.raises(InvalidInput):
        services.fault_assign(report=report, actor=office, to=stranger)
    services.fault_assign(report=report, actor=office, to=office)
    services.fault_assign(report=report, actor=office, to=office)  # told once
    told = OutboxMessage.objects.filter(recipient__matches="13900000009")
    (text,) = told.values_list("body", flat=True)
    assert "1 号窗口的1号窗口呼叫器" in text
    with pytest.raises(ReasonRequired):
        services.fault_close(report=report, actor=office, note=" ")
    services.fault_close(report=report, actor=office, note="更换呼叫器")
    with pytest.raises(FaultClosed):
        services.fault_close(report=report, actor=office, note="again")
    # Repaired, the item can fail again.
    assert services.fault_report(equipment=caller, actor=qhall.clerk).pk != report.pk


def test_a_window_serving_someone_is_not_taken_out_and_nothing_is_reported(qhall, caller):
    queue.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
    queue.ticket_call_next(window=qhall.windows[1], actor=None)
    with pytest.raises(DomainError):
        services.fault_report(equipment=caller, actor=qhall.clerk, take_window_out=True)
    assert not FaultReport.objects.exists()
    qhall.windows[1].refresh_from_db()
    assert qhall.windows[1].state == WindowState.OPEN


def test_maintenance_comes_due_and_is_flagged(qhall, office):
    today = timezone.localdate()
    printer = Equipment.objects.create(
        hall=qhall.hall,
        kind="printer",
        name="取号机打印机",
        maintenance_every_days=30,
        last_maintained_on=today - datetime.timedelta(days=31),
    )
    assert any("maintenance" in w or "维护" in w for w in warnings_for(qhall.hall))
    with pytest.raises(InvalidInput):
        services.maintenance_done(
            equipment=printer, actor=office, day=today + datetime.timedelta(days=1)
        )
    services.maintenance_done(equipment=printer, actor=office, day=today)
    assert not any("maintenance" in w or "维护" in w for w in warnings_for(qhall.hall))


def test_two_clicks_from_the_workstation(qhall, caller, office):
    clerk = logged_in(qhall.clerk)
    desk = clerk.get("/window/q/1/").content.decode()
    assert "/equipment/q/report/?window=1" in desk
    page = clerk.get("/equipment/q/report/?window=1").content.decode()
    assert "1号窗口呼叫器" in page and 'name="take_out"' in page
    reported = clerk.post(
        "/equipment/q/report/", {"equipment": caller.pk, "window": 1, "take_out": "1"}
    )
    assert reported.status_code == 302 and FaultReport.objects.get().took_window_out
    again = clerk.post("/equipment/q/report/", {"equipment": caller.pk, "window": 1})
    assert again.status_code == 409
    fault = FaultReport.objects.get()
    assert clerk.post(f"/equipment/q/faults/{fault.pk}/close/", {"note": "x"}).status_code == 403
    register = logged_in(office).get("/equipment/q/").content.decode()
    assert f'data-fault="{fault.pk}"' in register
    closed = logged_in(office).post(f"/equipment/q/faults/{fault.pk}/close/", {"note": "已修复"})
    assert closed.status_code == 302
    outsider = UserFactory(username="x", hall=HallFactory(code="x"), role=Role.HALL_ADMIN)
    assert logged_in(outsider).get("/equipment/q/").status_code == 404
    # An item of another hall, posted by hand: not found, nothing reported.
    theirs = Equipment.objects.create(hall=outsider.hall, kind="printer", name="他厅打印机")
    assert clerk.post("/equipment/q/report/", {"equipment": theirs.pk}).status_code == 404
    assert not FaultReport.objects.filter(equipment=theirs).exists()
