"""Attendance endpoints: a punch from a time clock or a phone (S5)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from hall.attendance import services
from hall.attendance.models import PunchKind
from hall.core.access import request_user

router = Router(tags=["attendance"])


class PunchIn(Schema):
    kind: PunchKind


class PunchOut(Schema):
    date: datetime.date
    period: str
    kind: str
    at: datetime.datetime


@router.post("attendance/punch", response=PunchOut)
def punch(request: HttpRequest, payload: PunchIn) -> PunchOut:
    """The caller's punch now: the first "in" and the last "out" of the half-day count."""
    made = services.punch(staff=request_user(request), kind=payload.kind, source="api")
    return PunchOut(date=made.date, period=made.period, kind=made.kind, at=made.at)
