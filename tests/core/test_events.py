"""Domain events (hall.core.events): after commit by default, inside the transaction when
asked, never for what was rolled back, and a failing screen never undoes a change."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from hall.core.errors import Conflict
from hall.core.events import Event, _listeners, emit, listen

pytestmark = pytest.mark.django_db(transaction=True)  # commits must really happen


@dataclass(frozen=True, kw_only=True)
class Happened(Event):
    what: str


@dataclass(frozen=True, kw_only=True)
class HappenedAgain(Happened):
    pass


@pytest.fixture
def heard():
    """Listeners for the test's own events, removed afterwards."""
    log: list[tuple[str, str]] = []
    yield log
    _listeners.pop(Happened, None)
    _listeners.pop(HappenedAgain, None)


def test_listeners_hear_after_commit_and_inside_the_transaction_when_asked(heard):
    listen(Happened)(lambda e: heard.append(("after", e.what)))
    listen(Happened, in_transaction=True)(lambda e: heard.append(("inside", e.what)))
    with transaction.atomic():
        emit(Happened(what="a"))
        assert heard == [("inside", "a")]
    assert heard == [("inside", "a"), ("after", "a")]


def test_nothing_is_heard_after_a_rollback(heard):
    listen(Happened)(lambda e: heard.append(("after", e.what)))

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():  # noqa: PT012  # the rollback is the point
        emit(Happened(what="a"))
        raise Boom
    assert heard == []


def test_an_inside_listener_refuses_the_change(heard):
    def refuse(event: Happened) -> None:
        raise Conflict()

    listen(Happened, in_transaction=True)(refuse)
    listen(Happened)(lambda e: heard.append(("after", e.what)))
    with pytest.raises(Conflict), transaction.atomic():
        emit(Happened(what="a"))
    assert heard == []


def test_a_failing_listener_after_commit_is_logged_and_the_others_still_hear(heard, caplog):
    def broken(event: Happened) -> None:
        raise RuntimeError("screen gone")

    listen(Happened)(broken)
    listen(Happened)(lambda e: heard.append(("after", e.what)))
    with transaction.atomic():
        emit(Happened(what="a"))
    assert heard == [("after", "a")]
    assert "screen gone" in caplog.text


def test_a_listener_of_a_kind_hears_its_subkinds_and_registers_once(heard):
    def note(event: Happened) -> None:
        heard.append((type(event).__name__, event.what))

    listen(Happened)(note)
    listen(Happened)(note)  # a second ready() must not double it
    emit(HappenedAgain(what="b"))  # outside a transaction: at once
    assert heard == [("HappenedAgain", "b")]
