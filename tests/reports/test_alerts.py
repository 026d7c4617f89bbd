"""D4: a 潮汐 rule raises one alert per episode with a suggestion (the paused window serving the
line first, else who on the backup post could open a closed one), texts the office once,
clears itself when the rule no longer holds; acknowledging and acting are recorded."""

from __future__ import annotations

import pytest
import time_machine
from django.utils import timezone

from hall.core.choices import WindowState
from hall.core.models import AuditRecord, OutboxMessage
from hall.core.roles import Role
from hall.core.services import window_set_state
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from hall.reports import services
from hall.reports.alerts import holding
from hall.reports.choices import AlertKind
from hall.reports.models import Alert, AlertRule
from tests.conftest import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def at(moment: str):
    return time_machine.travel(f"{moment} +0800", tick=False)


@pytest.fixture
def office(qhall):
    return UserFactory(
        username="office", hall=qhall.hall, role=Role.HALL_ADMIN, mobile="13900000009"
    )


def check(qhall):
    return services.alerts_check(qhall.hall, timezone.now())


def test_one_alert_an_episode_with_the_paused_window_to_open(qhall, office):
    AlertRule.objects.create(
        hall=qhall.hall, kind=AlertKind.WAITING, category=qhall.household, threshold=2
    )
    with at("2026-12-07 09:00"):
        window_set_state(
            actor=office, window=qhall.windows[3], state=WindowState.PAUSED, reason="午休轮换"
        )
        for _ in range(3):
            queue.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        assert check(qhall) == (1, 0)
        assert check(qhall) == (0, 0)  # still holding: the same episode, no storm
    alert = Alert.objects.get()
    assert (alert.subject, alert.value) == ("户籍业务", 3)
    assert "3 号窗口" in alert.suggestion and "午休轮换" in alert.suggestion
    assert OutboxMessage.objects.filter(body__contains="潮汐预警").count() == 1
    with at("2026-12-07 09:05"):
        queue.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)
        assert check(qhall) == (0, 1)  # 2 waiting: no longer more than 2
    alert.refresh_from_db()
    assert alert.cleared_at is not None
    with at("2026-12-07 09:10"):
        queue.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        assert check(qhall) == (1, 0)  # a new episode
    assert Alert.objects.count() == 2


def test_a_long_pause_and_the_longest_wait(qhall, office):
    AlertRule.objects.create(hall=qhall.hall, kind=AlertKind.PAUSED, threshold=15)
    AlertRule.objects.create(hall=qhall.hall, kind=AlertKind.LONGEST_WAIT, threshold=20)
    with at("2026-12-07 09:00"):
        window_set_state(
            actor=office, window=qhall.windows[2], state=WindowState.PAUSED, reason="外出"
        )
        queue.ticket_issue(hall=qhall.hall, category_code="social", channel=Channel.KIOSK)
    with at("2026-12-07 09:10"):
        assert holding(qhall.hall, timezone.now()) == []
    with at("2026-12-07 09:21"):
        found = {h.rule.kind: h for h in holding(qhall.hall, timezone.now())}
    assert found[AlertKind.PAUSED].subject == "2 号窗口" and found[AlertKind.PAUSED].value == 21
    assert found[AlertKind.LONGEST_WAIT].subject == "社保业务"
    assert "2 号窗口" in found[AlertKind.LONGEST_WAIT].suggestion  # paused, serves 社保


def test_acknowledging_and_acting_are_recorded_and_shown(qhall, office):
    AlertRule.objects.create(hall=qhall.hall, kind=AlertKind.WAITING, threshold=0)
    queue.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
    check(qhall)
    alert = Alert.objects.get()
    client = logged_in(office)
    assert f'data-alert="{alert.pk}"' in client.get("/dashboard/?hall=q").content.decode()
    assert client.post(f"/dashboard/q/alerts/{alert.pk}/acknowledge/").status_code == 302
    again = client.post(f"/dashboard/q/alerts/{alert.pk}/acknowledge/")
    assert again.status_code == 409
    assert client.post(f"/dashboard/q/alerts/{alert.pk}/act/", {"action": " "}).status_code == 422
    client.post(f"/dashboard/q/alerts/{alert.pk}/act/", {"action": "开启3号窗口"})
    alert.refresh_from_db()
    assert alert.acknowledged_by == office and alert.action == "开启3号窗口"
    assert AuditRecord.objects.filter(action__startswith="alert.").count() == 2
    clerk = logged_in(qhall.clerk)
    assert clerk.post(f"/dashboard/q/alerts/{alert.pk}/act/", {"action": "x"}).status_code == 403
