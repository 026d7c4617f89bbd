"""F1: a screen opened as …?equipment=<key> says it is alive over its live connection; in
opening hours, one silent past the hall's limit is flagged once, and cleared when it returns;
outside opening hours a screen may sleep."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from channels.testing import WebsocketCommunicator

from hall.core.attention import warnings_for
from hall.core.jobs import run_due_jobs
from hall.core.models import OutboxMessage
from hall.core.roles import Role
from hall.facilities.models import Equipment
from hall.facilities.services import screen_seen, screens_flag_silent
from tests.factories import UserFactory
from tests.queueing.test_consumers import application, run

ZONE = datetime.timezone(datetime.timedelta(hours=8))
MONDAY_10 = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=ZONE)


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


@pytest.fixture
def board(qhall):
    return Equipment.objects.create(
        hall=qhall.hall, kind="board", name="大厅叫号屏", screen_key="board-1"
    )


@pytest.mark.django_db
def test_a_silent_screen_is_flagged_once_and_cleared_when_it_returns(qhall, board):
    UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN, mobile="13900000009")
    screen_seen(hall_id=qhall.hall.pk, key="board-1", now=MONDAY_10)
    assert screens_flag_silent(hall=qhall.hall, now=MONDAY_10 + minutes(1.5)) == 0
    assert screens_flag_silent(hall=qhall.hall, now=MONDAY_10 + minutes(2.5)) == 1
    assert screens_flag_silent(hall=qhall.hall, now=MONDAY_10 + minutes(5)) == 0  # once
    (text,) = OutboxMessage.objects.values_list("body", flat=True)  # the office told once
    assert "大厅叫号屏" in text and "10:02" in text
    board.refresh_from_db()
    assert board.lost_since == MONDAY_10 + minutes(2.5)
    assert any("大厅叫号屏" in w for w in warnings_for(qhall.hall))
    screen_seen(hall_id=qhall.hall.pk, key="board-1", now=MONDAY_10 + minutes(6))
    board.refresh_from_db()
    assert board.lost_since is None
    assert not any("大厅叫号屏" in w for w in warnings_for(qhall.hall))
    # At night, or on a Sunday, a screen may sleep.
    night = datetime.datetime(2026, 11, 30, 22, 0, tzinfo=ZONE)
    sunday = datetime.datetime(2026, 11, 29, 10, 0, tzinfo=ZONE)
    assert screens_flag_silent(hall=qhall.hall, now=night) == 0
    assert screens_flag_silent(hall=qhall.hall, now=sunday) == 0


@pytest.mark.django_db
def test_the_job_flags_in_opening_hours(qhall, board):
    with time_machine.travel(MONDAY_10, tick=False):
        run_due_jobs(names=["facilities.silent_screens"])
    board.refresh_from_db()
    assert board.lost_since is not None  # registered as a screen and never heard from


@pytest.mark.django_db(transaction=True)
def test_the_board_says_it_is_alive_over_its_live_connection(qhall, board):
    async def scenario() -> None:
        screen = WebsocketCommunicator(application, "/ws/board/q/")
        assert (await screen.connect())[0]
        await screen.receive_json_from()  # the snapshot
        await screen.send_json_to({"type": "alive", "equipment": "board-1"})
        await screen.send_json_to({"type": "alive", "equipment": "../../etc"})  # ignored
        await screen.send_json_to(["not", "a", "message"])  # ignored
        assert await screen.receive_nothing(timeout=0.5)  # all three handled by now
        await screen.disconnect()

    run(scenario)
    board.refresh_from_db()
    assert board.last_seen_at is not None
