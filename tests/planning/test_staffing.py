"""D3 on the forecast's hand-made history: the advised windows per half-day are Erlang C's for
the busiest half-hour, checked by the simulation; applied, they become the month's required
windows, and the roster's slots are exactly the advised ones."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.management import call_command

from hall.core.roles import Role
from hall.planning import erlang, services, staffing
from hall.queueing.models import TicketCategory
from hall.rostering import selectors as rostering
from hall.rostering import services as rostering_services
from hall.rostering.choices import RosterStatus
from hall.rostering.errors import RosterLocked
from hall.rostering.models import Roster, WindowClosure
from tests.factories import DepartmentFactory, HallFactory, UserFactory, WindowFactory, ZoneFactory
from tests.planning.test_forecast import history

pytestmark = pytest.mark.django_db
D = datetime.date
OCTOBER = D(2026, 10, 1)


@pytest.fixture
def estate(db):
    hall = HallFactory(code="f")
    department = DepartmentFactory(hall=hall, code="estate", name="不动产")
    zone = ZoneFactory(hall=hall)
    windows = []
    for number in (1, 2, 3, 4):
        window = WindowFactory(hall=hall, zone=zone, number=number)
        window.departments.add(department)
        windows.append(window)
    category = TicketCategory.objects.create(
        hall=hall, code="a", prefix="A", name="不动产登记", department=department
    )
    history(hall, category, D(2026, 4, 1), D(2026, 9, 30))
    office = UserFactory(username="office", hall=hall, role=Role.HALL_ADMIN)
    return hall, department, windows, office


def test_each_half_day_gets_erlang_cs_windows_for_its_peak_and_a_simulated_check(estate):
    hall, _department, _windows, _office = estate
    advice = staffing.advise(hall, OCTOBER, today=OCTOBER)
    by = {(h.day, h.period): h for h in advice.half_days}
    assert not any(day.day <= 7 for day, _p in by)  # National Day: nothing to staff
    monday = by[(D(2026, 10, 12), "am")]  # 10 people between 09:00 and 09:30: 20 an hour
    assert monday.peak_per_hour == 20 and monday.peak_at == "09:00"
    expected = erlang.windows_needed(20, 8, target=0.8, answer_within=15)
    assert monday.needed == expected.windows and monday.available == 4
    assert monday.erlang_level == pytest.approx(expected.service_level)
    assert monday.simulated is not None and monday.simulated.replications == 10
    # 2 people at 14:00 (4 an hour, 0.53 erlangs): one window calls only 77.8 % in time.
    assert by[(D(2026, 10, 12), "pm")].needed == 2
    after = by[(D(2026, 10, 8), "am")]  # the day after National Day: twice a Thursday
    assert after.peak_per_hour == 20 and after.needed == expected.windows
    # The same half-day reads the same on every reading.
    again = staffing.advise(hall, OCTOBER, today=OCTOBER)
    assert again.half_days[0].simulated == advice.half_days[0].simulated


def test_applied_advice_is_exactly_what_the_roster_staffs(estate):
    hall, department, windows, office = estate
    WindowClosure.objects.create(
        window=windows[0], date=D(2026, 10, 9), period="pm", reason="培训", closed_by=office
    )
    with time_machine.travel("2026-09-25 10:00 +0800", tick=False):
        advice, closed = services.advice_apply(actor=office, hall=hall, month=OCTOBER)
        _again, closed_again = services.advice_apply(actor=office, hall=hall, month=OCTOBER)
        slots, _windows = rostering.required_slots(hall, department, OCTOBER)
    assert closed == closed_again == sum(4 - h.needed for h in advice.half_days)
    assert WindowClosure.objects.filter(advised=True).count() == closed
    assert WindowClosure.objects.filter(advised=False, reason="培训").exists()
    # The roster's slots: the advised windows of each half-day, the office's closure besides.
    staffed = {(s.day, s.period): 0 for s in slots}
    for slot in slots:
        staffed[(slot.day, slot.period)] += 1
    for half_day in advice.half_days:
        trained = half_day.day == D(2026, 10, 9) and half_day.period == "pm"
        # Window 1 is among the advised (the lowest numbers stay open): training closes it.
        assert staffed[(half_day.day, half_day.period)] == half_day.needed - trained
    Roster.objects.filter(department=department, month=OCTOBER).update(status=RosterStatus.APPROVED)
    with time_machine.travel("2026-09-25 10:00 +0800", tick=False), pytest.raises(RosterLocked):
        services.advice_apply(actor=office, hall=hall, month=OCTOBER)


def test_the_cli_writes_the_forecast_and_the_advice(estate, tmp_path):
    out = tmp_path / "advice.json"
    with time_machine.travel("2026-09-25 10:00 +0800", tick=False):
        call_command("plan", "staffing", "--hall", "f", "--month", "2026-10", "--json", str(out))
    data = json.loads(out.read_text())
    assert data["forecast"]["days"]["2026-10-12"]["kind"] == "weekday0"
    first = data["advice"][0]
    assert {"department", "day", "period", "windows", "erlang_service_level"} <= set(first)
    assert first["simulated_interval"][0] <= first["simulated_service_level"]
    assert not WindowClosure.objects.exists()  # without --apply nothing is written
    _ = rostering_services  # the service the apply calls is rostering's


def test_the_page_shows_the_advice_and_applies_it(estate):
    from tests.conftest import logged_in

    hall, _department, _windows, office = estate
    clerk = UserFactory(username="clerk", hall=hall, role=Role.WINDOW_STAFF)
    with time_machine.travel("2026-09-25 10:00 +0800", tick=False):
        client = logged_in(office)
        page = client.get("/planning/f/?month=2026-10")
        assert page.status_code == 200
        shown = page.content.decode()
        assert 'data-day="2026-10-12"' in shown and 'data-half-day="estate-am"' in shown
        assert "MAPE" in shown
        assert logged_in(clerk).get("/planning/f/?month=2026-10").status_code == 403
        empty = client.get("/planning/f/?month=2026-03")  # before any history
        assert empty.status_code == 422 and "没有取号记录" in empty.content.decode()
        assert client.post("/planning/f/apply/", {"month": "2026-10"}).status_code == 302
    assert WindowClosure.objects.filter(advised=True).exists()
