"""R1: a visitor registered in one step at the desk, with a number when asked for; a bad ID
number or a missing purpose changes nothing (no number either); per hour for the reports."""

from __future__ import annotations

import pytest
import time_machine

from hall.core.errors import ReasonRequired
from hall.core.identifiers import InvalidResidentId
from hall.core.jobs import run_due_jobs
from hall.core.models import AuditRecord
from hall.core.roles import Role
from hall.queueing.models import QueueSettings, Ticket, TicketCategory
from hall.reception import selectors, services
from hall.reception.models import Visit
from tests.conftest import logged_in
from tests.factories import UserFactory, WindowFactory, ZoneFactory

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def desk(chall):
    QueueSettings.objects.create(hall=chall.hall, refuse_on_closed_days=False)
    TicketCategory.objects.create(hall=chall.hall, code="estate", prefix="E", name="不动产")
    ZoneFactory(hall=chall.hall, code="b", name="B区")
    WindowFactory(hall=chall.hall, number=7)
    return UserFactory(username="desk", hall=chall.hall, role=Role.RECEPTION)


def test_a_visitor_is_registered_with_a_number_in_one_step(chall, desk):
    with time_machine.travel("2026-12-01 09:20 +0800", tick=False):
        visit = services.visitor_register(
            hall=chall.hall,
            actor=desk,
            item_code="transfer",
            name="李四",
            id_number=ID_NUMBER.lower(),
            zone_code="b",
            category_code="estate",
        )
    visit.refresh_from_db()
    assert visit.service_item.code == "transfer" and visit.ticket.number == "E001"
    assert str(visit.id_number) != ID_NUMBER and visit.id_number.plaintext == ID_NUMBER
    assert visit.name_display == "李**" and visit.guided_to_zone.code == "b"
    with time_machine.travel("2026-12-01 10:05 +0800", tick=False):
        services.visitor_register(hall=chall.hall, actor=desk, purpose="问路", window_number=7)
        services.visitor_register(hall=chall.hall, actor=desk, purpose="咨询公积金")
    day = visit.at.date()
    assert selectors.visitors_by_hour(chall.hall, day, day) == {9: 1, 10: 2}


def test_bad_input_writes_nothing_not_even_the_number(chall, desk):
    with pytest.raises(InvalidResidentId):
        services.visitor_register(
            hall=chall.hall, actor=desk, purpose="办证", id_number="110105194912310021",
            category_code="estate",
        )  # fmt: skip
    with pytest.raises(ReasonRequired):
        services.visitor_register(hall=chall.hall, actor=desk, purpose=" \u202e ")
    assert not Visit.objects.exists() and not Ticket.objects.exists()


def test_the_desk_registers_on_its_page(chall, desk):
    page = logged_in(desk)
    assert page.get("/reception/c/visitors/").status_code == 200
    refused = page.post("/reception/c/visitors/", {"purpose": "", "item": ""})
    assert refused.status_code == 422 and not Visit.objects.exists()
    printed = page.post(
        "/reception/c/visitors/",
        {"item": "transfer 房屋买卖转移登记", "category": "estate", "name": "王五"},
    )
    assert printed.status_code == 302 and "print=1" in printed["Location"]
    listed = page.get("/reception/c/visitors/").content.decode()
    assert "王**" in listed and "王五" not in listed and "E001" in listed
    assert logged_in(chall.clerk).get("/reception/c/visitors/").status_code == 403


def test_names_and_id_numbers_go_after_the_halls_period(chall, desk):
    with time_machine.travel("2026-10-31 09:20 +0800", tick=False):  # 31 days before
        old = services.visitor_register(
            hall=chall.hall, actor=desk, purpose="办证", name="李四", id_number=ID_NUMBER
        )
    with time_machine.travel("2026-11-20 09:20 +0800", tick=False):
        recent = services.visitor_register(hall=chall.hall, actor=desk, purpose="问路", name="王五")
    with time_machine.travel("2026-12-01 12:00 +0800", tick=False):
        assert run_due_jobs(names=["reception.erase_personal_data"])
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.id_digest, str(old.id_number)) == ("", "", "")
    assert old.purpose == "办证"  # the visit stays for the figures
    assert recent.name == "王五"
    assert services.visitors_erase_personal_data(hall=chall.hall, today=old.at.date()) == 0
    assert AuditRecord.objects.filter(action="visit.personal_data_erased").count() == 1
