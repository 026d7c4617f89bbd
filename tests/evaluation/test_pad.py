"""The rating pad beside a window (评价器, V2): paired by the office with a one-time code, no
staff login; idle it shows the window's badge, after a finish the five levels for that
ticket, live; a rating goes to the ticket just finished and whoever served it."""

from __future__ import annotations

import datetime
import re

import pytest
from asgiref.sync import sync_to_async
from channels.sessions import CookieMiddleware
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from hall.core.devices import COOKIE
from hall.core.models import AuditRecord, Device, User
from hall.core.roles import Role
from hall.evaluation.choices import RatingChannel
from hall.evaluation.models import FollowUp, Rating
from hall.queueing.models import Ticket
from tests.conftest import logged_in
from tests.evaluation.test_rating import served
from tests.factories import UserFactory
from tests.queueing.conftest import QueueHall
from tests.queueing.test_consumers import application, run

# As in hall.asgi, the WebSocket routes hear the request's cookies.
with_cookies = CookieMiddleware(application)
PAD = "/pad/q/window/1/"


def pairing_code(qhall: QueueHall, window: int = 1) -> str:
    office = User.objects.filter(username="office").first() or UserFactory(
        username="office", hall=qhall.hall, role=Role.HALL_ADMIN
    )
    page = logged_in(office).post(f"/halls/q/devices/window/{window}/pair/")
    assert page.status_code == 200
    return re.search(r"data-pairing-code>([A-Z0-9-]+)<", page.content.decode()).group(1)


def paired_pad(qhall: QueueHall) -> Client:
    pad = Client()
    answer = pad.post(f"{PAD}pair/", {"code": pairing_code(qhall).lower().replace("-", " ")})
    assert answer.status_code == 302 and answer["Location"] == PAD
    assert answer.cookies[COOKIE]["httponly"]
    return pad


@pytest.mark.django_db
def test_an_unpaired_tablet_sees_the_pairing_form_and_nothing_of_the_window(qhall):
    ticket = served(qhall)
    page = Client().get(PAD).content.decode()
    assert "配对码" in page and ticket.number not in page and "clerk" not in page
    assert Client().get(f"{PAD}screen/").status_code == 403
    refused = Client().post(f"{PAD}rate/", {"ticket": ticket.pk, "level": 5})
    assert refused.status_code == 403 and not Rating.objects.exists()


@pytest.mark.django_db
def test_a_paired_pad_offers_the_ticket_just_finished_and_rates_it_for_its_server(qhall):
    pad = paired_pad(qhall)
    idle = pad.get(PAD).content.decode()
    assert "data-pad-idle" in idle and "1 号窗口" in idle
    ticket = served(qhall)
    screen = pad.get(f"{PAD}screen/").content.decode()
    assert f'name="ticket" value="{ticket.pk}"' in screen and "非常不满意" in screen
    assert "态度不好" in screen  # the hall's tags of level 1
    thanks = pad.post(
        f"{PAD}rate/",
        {"ticket": ticket.pk, "level": 1, "tags-1": ["态度不好"], "comment": "  很慢 "},
    )
    assert "感谢您的评价" in thanks.content.decode()
    rating = Rating.objects.get()
    assert (rating.ticket, rating.staff, rating.window, rating.channel) == (
        ticket,
        qhall.clerk,
        qhall.windows[1],
        RatingChannel.PAD,
    )
    assert rating.tags == ["态度不好"] and rating.comment == "很慢"
    assert FollowUp.objects.filter(rating=rating).exists()  # a 差评 opens its follow-up
    again = pad.post(f"{PAD}rate/", {"ticket": ticket.pk, "level": 5})
    assert "data-pad-thanks" in again.content.decode() and Rating.objects.count() == 1
    assert "data-pad-idle" in pad.get(f"{PAD}screen/").content.decode()  # rated: idle again


@pytest.mark.django_db
def test_the_pad_refuses_bad_input_and_a_ticket_it_has_moved_on_from(qhall):
    pad = paired_pad(qhall)
    first = served(qhall)
    wrong_tags = pad.post(f"{PAD}rate/", {"ticket": first.pk, "level": 5, "tags-5": ["态度不好"]})
    assert "不属于该评价等级" in wrong_tags.content.decode()
    no_level = pad.post(f"{PAD}rate/", {"ticket": first.pk, "level": "9"})
    assert "五个等级" in no_level.content.decode()
    second = served(qhall)
    late = pad.post(f"{PAD}rate/", {"ticket": first.pk, "level": 5})
    assert "已过" in late.content.decode()
    assert not Rating.objects.exists()
    # The pad's own time (60 s by default) passed: idle, though the rating is still taken.
    for ticket, seconds_ago in ((first, 120), (second, 90)):
        Ticket.objects.filter(pk=ticket.pk).update(
            finished_at=timezone.now() - datetime.timedelta(seconds=seconds_ago)
        )
    assert "data-pad-idle" in pad.get(f"{PAD}screen/").content.decode()
    assert (
        "感谢您的评价"
        in pad.post(f"{PAD}rate/", {"ticket": second.pk, "level": 4}).content.decode()
    )


@pytest.mark.django_db
def test_a_pairing_code_works_once_for_its_window_and_a_new_pad_revokes_the_old(qhall):
    code = pairing_code(qhall)
    elsewhere = Client().post("/pad/q/window/2/pair/", {"code": code})
    assert elsewhere.status_code == 422 and "配对码" in elsewhere.content.decode()
    assert Client().post(f"{PAD}pair/", {"code": "ZZZZ-ZZZZ"}).status_code == 422
    old = Client()
    assert old.post(f"{PAD}pair/", {"code": code}).status_code == 302
    assert Client().post(f"{PAD}pair/", {"code": code}).status_code == 422  # used
    expired = pairing_code(qhall)
    Device.objects.filter(pairing_digest__gt="").update(
        pairing_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Client().post(f"{PAD}pair/", {"code": expired}).status_code == 422
    new = paired_pad(qhall)
    assert "data-pad-idle" in new.get(PAD).content.decode()
    assert "配对码" in old.get(PAD).content.decode()  # revoked by the new pairing
    actions = list(
        AuditRecord.objects.filter(action__startswith="device.").values_list("action", flat=True)
    )
    assert actions.count("device.paired") == 2 and "device.revoked" in actions
    assert code not in str(AuditRecord.objects.values_list("changes", flat=True))


@pytest.mark.django_db
def test_pairing_attempts_are_limited_per_address(qhall):
    for _ in range(10):
        Client().post(f"{PAD}pair/", {"code": "ZZZZ-ZZZZ"})
    assert Client().post(f"{PAD}pair/", {"code": pairing_code(qhall)}).status_code == 429


@pytest.mark.django_db
def test_window_staff_cannot_pair_or_revoke_pads(qhall):
    clerk = logged_in(qhall.clerk)
    assert clerk.post("/halls/q/devices/window/1/pair/").status_code in (403, 404)
    assert clerk.get("/halls/q/devices/").status_code in (403, 404)
    assert not Device.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_finish_at_the_window_turns_its_pad_live_and_no_other(qhall):
    pad = paired_pad(qhall)
    key = pad.cookies[COOKIE].value
    finish = sync_to_async(served)

    async def scenario() -> tuple[dict, bool]:
        headers = [(b"cookie", f"{COOKIE}={key}".encode())]
        mine = WebsocketCommunicator(with_cookies, "/ws/pad/q/1/", headers=headers)
        assert (await mine.connect())[0]
        other = WebsocketCommunicator(with_cookies, "/ws/pad/q/2/", headers=headers)
        refused = (await other.connect())[0]
        stranger = WebsocketCommunicator(with_cookies, "/ws/pad/q/1/")
        assert not (await stranger.connect())[0]
        await finish(qhall)
        message = await mine.receive_json_from(timeout=2)
        await mine.disconnect()
        return message, refused

    message, refused = run(scenario)
    assert message == {"type": "finished"} and not refused


@pytest.mark.django_db(transaction=True)
def test_a_paired_pad_says_it_is_alive(qhall):
    from hall.facilities.models import Equipment

    item = Equipment.objects.create(
        hall=qhall.hall,
        kind="pad",
        name="1号窗口评价器",
        window=qhall.windows[1],
        screen_key="pad-1",
    )
    key = paired_pad(qhall).cookies[COOKIE].value

    async def scenario() -> None:
        headers = [(b"cookie", f"{COOKIE}={key}".encode())]
        pad = WebsocketCommunicator(with_cookies, "/ws/pad/q/1/", headers=headers)
        assert (await pad.connect())[0]
        await pad.send_json_to({"type": "alive", "equipment": "pad-1"})
        assert await pad.receive_nothing(timeout=0.5)
        await pad.disconnect()

    run(scenario)
    item.refresh_from_db()
    assert item.last_seen_at is not None
