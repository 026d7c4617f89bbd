"""Organisation and calendar endpoints. Parse, check access, call a service, render."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.db import connection
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hall import __version__
from hall.core import calendar, selectors
from hall.core.access import access_hall, access_window, halls_visible_to, request_user
from hall.core.calendar import MAX_WORKING_DAYS
from hall.core.choices import WindowState
from hall.core.inputs import WindowNumber, check_date
from hall.core.models import Department, Hall, Window, Zone
from hall.core.services import window_set_state

router = Router()


class HealthOut(Schema):
    status: str
    database: str
    version: str


class MeOut(Schema):
    username: str
    full_name: str
    hall: str | None
    roles: list[str]


# Opening hours as a hall writes them ("08:00"): JSON Schema's `time` format wants a UTC
# offset, which a clock on the wall does not have.
ClockTime = Annotated[str, Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$", examples=["08:00"])]


def _clock(value: datetime.time) -> str:
    return value.strftime("%H:%M")


class HallOut(Schema):
    code: str
    name: str
    address: str
    complaint_phone: str
    morning_opens: ClockTime
    morning_closes: ClockTime
    afternoon_opens: ClockTime
    afternoon_closes: ClockTime

    @staticmethod
    def resolve_morning_opens(hall: Hall) -> str:
        return _clock(hall.morning_opens)

    @staticmethod
    def resolve_morning_closes(hall: Hall) -> str:
        return _clock(hall.morning_closes)

    @staticmethod
    def resolve_afternoon_opens(hall: Hall) -> str:
        return _clock(hall.afternoon_opens)

    @staticmethod
    def resolve_afternoon_closes(hall: Hall) -> str:
        return _clock(hall.afternoon_closes)


class ZoneOut(Schema):
    code: str
    name: str
    kind: str


class DepartmentOut(Schema):
    code: str
    name: str


class WindowOut(Schema):
    number: int
    label: str
    zone: str
    state: WindowState
    state_label: str
    state_reason: str
    departments: list[str]


class WindowStateIn(Schema):
    state: WindowState
    reason: str = Field("", max_length=200)


class CalendarDayOut(Schema):
    date: datetime.date
    is_workday: bool
    is_confirmed: bool
    name: str


class DueDateOut(Schema):
    start: datetime.date
    working_days: int
    due_date: datetime.date
    unconfirmed_years: list[int]


def window_out(window: Window) -> WindowOut:
    return WindowOut(
        number=window.number,
        label=window.label,
        zone=window.zone.code,
        state=WindowState(window.state),
        state_label=str(window.get_state_display()),
        state_reason=window.state_reason,
        departments=[d.code for d in window.departments.all()],
    )


@router.get("health", auth=None, response={200: HealthOut, 503: HealthOut}, tags=["system"])
def health(request: HttpRequest) -> Status:
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # any database failure means "unhealthy", not a 500
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return Status(
        status,
        HealthOut(
            status="ok" if status == 200 else "degraded", database=database, version=__version__
        ),
    )


@router.get("me", response=MeOut, tags=["system"])
def me(request: HttpRequest) -> MeOut:
    user = request_user(request)
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        hall=user.hall.code if user.hall else None,
        roles=sorted(user.role_codes),
    )


@router.get("halls", response=list[HallOut], tags=["organisation"])
def hall_list(request: HttpRequest) -> list[Hall]:
    return list(halls_visible_to(request.user))


@router.get("halls/{hall}", response=HallOut, tags=["organisation"])
def hall_detail(request: HttpRequest, hall: str) -> Hall:
    return access_hall(request.user, hall)


@router.get("halls/{hall}/zones", response=list[ZoneOut], tags=["organisation"])
def zone_list(request: HttpRequest, hall: str) -> list[Zone]:
    return list(access_hall(request.user, hall).zones.all())


@router.get("halls/{hall}/departments", response=list[DepartmentOut], tags=["organisation"])
def department_list(request: HttpRequest, hall: str) -> list[Department]:
    return list(access_hall(request.user, hall).departments.all())


@router.get("halls/{hall}/windows", response=list[WindowOut], tags=["organisation"])
def window_list(request: HttpRequest, hall: str) -> list[WindowOut]:
    return [window_out(w) for w in selectors.windows_of_hall(access_hall(request.user, hall))]


@router.get("halls/{hall}/windows/{number}", response=WindowOut, tags=["organisation"])
def window_detail(request: HttpRequest, hall: str, number: WindowNumber) -> WindowOut:
    return window_out(access_window(request.user, hall, number))


@router.put("halls/{hall}/windows/{number}/state", response=WindowOut, tags=["organisation"])
def window_state_set(
    request: HttpRequest, hall: str, number: WindowNumber, payload: WindowStateIn
) -> WindowOut:
    """Open, pause, close or mark unstaffed; pausing and closing need a reason."""
    window = access_window(request.user, hall, number, permission="core.operate_window")
    window = window_set_state(
        actor=request_user(request),
        window=window,
        state=payload.state,
        reason=payload.reason,
        via="api",
    )
    return window_out(selectors.windows_of_hall(window.hall).get(pk=window.pk))


@router.get("calendar/days/{day}", response=CalendarDayOut, tags=["calendar"])
def calendar_day(request: HttpRequest, day: datetime.date) -> CalendarDayOut:
    answer = calendar.describe_day(check_date(day))
    return CalendarDayOut(
        date=answer.day,
        is_workday=answer.is_workday,
        is_confirmed=answer.is_confirmed,
        name=answer.name,
    )


class DueDateQuery(Schema):
    start: datetime.date
    working_days: int = Field(..., ge=0, le=MAX_WORKING_DAYS)


@router.get("calendar/due", response=DueDateOut, tags=["calendar"])
def calendar_due(request: HttpRequest, query: Query[DueDateQuery]) -> DueDateOut:
    """The date N working days after `start`, `start` not counted (SPEC C3)."""
    due = calendar.add_working_days(check_date(query.start), query.working_days)
    return DueDateOut(
        start=query.start,
        working_days=query.working_days,
        due_date=due.date,
        unconfirmed_years=list(due.unconfirmed_years),
    )
