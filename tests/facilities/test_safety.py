"""F2: drills planned for a day to come and held with participants of the hall; fire-safety
items checked on a schedule (due ones flagged); incidents logged and the persons responsible
told by SMS through the outbox; emergency plans uploaded as versioned PDFs."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hall.core.attention import warnings_for
from hall.core.errors import InvalidInput, ReasonRequired
from hall.core.models import OutboxMessage
from hall.core.roles import Role
from hall.facilities import selectors, services
from hall.facilities.models import Drill, Incident, SafetyItem
from tests.conftest import logged_in
from tests.factories import HallFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 8, 31)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def office(qhall):
    return UserFactory(
        username="office", hall=qhall.hall, role=Role.HALL_ADMIN, mobile="13900000009"
    )


@pytest.fixture
def stranger():
    return UserFactory(username="far", hall=HallFactory(code="far"), role=Role.WINDOW_STAFF)


def test_drills_are_planned_ahead_and_held_with_the_halls_people(qhall, office, stranger):
    today = timezone.localdate()
    with pytest.raises(InvalidInput):
        services.drill_plan(
            hall=qhall.hall, actor=office, title="消防疏散演练", day=today - datetime.timedelta(1)
        )
    drill = services.drill_plan(hall=qhall.hall, actor=office, title="消防疏散演练", day=today)
    with pytest.raises(InvalidInput):
        services.drill_held(
            drill=drill, actor=office, participant_ids=[stranger.pk], report="全员疏散 3 分钟"
        )
    with pytest.raises(ReasonRequired):
        services.drill_held(drill=drill, actor=office, participant_ids=[], report=" ")
    services.drill_held(
        drill=drill, actor=office, participant_ids=[qhall.clerk.pk, office.pk], report="3 分钟"
    )
    drill.refresh_from_db()
    assert drill.held_on == today and drill.participants.count() == 2
    with pytest.raises(InvalidInput):
        services.drill_held(drill=drill, actor=office, participant_ids=[], report="again")


def test_a_drill_on_a_schedule_plans_the_next_when_held(qhall, office):
    with time_machine.travel("2026-08-31 10:00 +0800", tick=False):
        for wrong in (0, 25):
            with pytest.raises(InvalidInput):
                services.drill_plan(
                    hall=qhall.hall, actor=office, title="消防演练", day=TODAY, every_months=wrong
                )
        drill = services.drill_plan(
            hall=qhall.hall, actor=office, title="消防演练", day=TODAY, every_months=6
        )
        services.drill_held(drill=drill, actor=office, participant_ids=[office.pk], report="好")
    # Held on its day: the next is six months on, the month's last day for the 31st.
    nxt = Drill.objects.get(held_on__isnull=True)
    assert (nxt.planned_on, nxt.every_months) == (datetime.date(2027, 2, 28), 6)
    assert not any("drill" in w or "演练" in w for w in warnings_for(qhall.hall))
    # Past its day and not held: the dashboard says so; held late, the next is counted
    # from the day it was held, never a day already past.
    with time_machine.travel("2027-09-01 10:00 +0800", tick=False):
        assert any("演练" in w for w in warnings_for(qhall.hall))
        services.drill_held(drill=nxt, actor=office, participant_ids=[], report="补做")
        assert Drill.objects.get(held_on__isnull=True).planned_on == datetime.date(2028, 3, 1)
        assert not any("演练" in w for w in warnings_for(qhall.hall))
    assert services.months_after(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)


def test_fire_safety_checks_come_due_and_are_recorded(qhall, office):
    item = SafetyItem.objects.create(hall=qhall.hall, kind="extinguisher", name="A区 1 号灭火器")
    assert any("消防" in w or "fire" in w for w in warnings_for(qhall.hall))
    with pytest.raises(InvalidInput):
        services.safety_check(item=item, actor=office, ok=False)
    services.safety_check(item=item, actor=office, ok=True)
    item.refresh_from_db()
    assert item.last_checked_on == timezone.localdate()
    assert not any("消防" in w or "fire" in w for w in warnings_for(qhall.hall))


def test_an_incident_tells_each_person_responsible_once(qhall, office, stranger):
    with pytest.raises(InvalidInput):
        services.incident_log(hall=qhall.hall, actor=office, title="漏水", responsible_ids=[])
    with pytest.raises(InvalidInput):
        services.incident_log(
            hall=qhall.hall, actor=office, title="漏水", responsible_ids=[stranger.pk]
        )
    assert not Incident.objects.exists()
    services.incident_log(
        hall=qhall.hall,
        actor=qhall.clerk,
        title="等候区漏水",
        responsible_ids=[office.pk, qhall.clerk.pk],
    )
    messages = OutboxMessage.objects.all()
    assert messages.count() == 1  # the clerk has no mobile; the office is told once
    assert "等候区漏水" in messages.get().body


def test_plans_are_versioned_pdfs_read_by_the_hall_only(qhall, office):
    with pytest.raises(InvalidInput):
        services.plan_upload(
            hall=qhall.hall,
            actor=office,
            title="火灾应急预案",
            document=SimpleUploadedFile("plan.pdf", b"not a pdf"),
        )
    for _ in range(2):
        plan = services.plan_upload(
            hall=qhall.hall,
            actor=office,
            title="火灾应急预案",
            document=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        )
    assert [(p.title, p.version) for p in selectors.latest_plans(qhall.hall)] == [
        ("火灾应急预案", 2)
    ]
    page = logged_in(office)
    assert page.get(f"/safety/q/plans/{plan.pk}/").getvalue().startswith(b"%PDF-")
    outsider = UserFactory(username="x", hall=HallFactory(code="x"), role=Role.HALL_ADMIN)
    assert logged_in(outsider).get(f"/safety/q/plans/{plan.pk}/").status_code == 404


def test_the_safety_page(qhall, office):
    page = logged_in(office)
    assert page.get("/safety/q/").status_code == 200
    past = page.post("/safety/q/plan-drill/", {"title": "演练", "day": "2020-01-01"})
    assert past.status_code == 422 and not Drill.objects.exists()
    planned = page.post(
        "/safety/q/plan-drill/", {"title": "演练", "day": f"{timezone.localdate():%Y-%m-%d}"}
    )
    assert planned.status_code == 302 and Drill.objects.count() == 1
    assert logged_in(qhall.clerk).get("/safety/q/").status_code == 403
