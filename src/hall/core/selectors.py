"""Reads of the core app that several pages and endpoints share."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Count, Model, QuerySet

from hall.core.access import AnyUser, scope_to_user
from hall.core.choices import WindowState
from hall.core.errors import NotFound
from hall.core.inputs import parse_id
from hall.core.models import CalendarDay, CalendarYear, Device, DeviceKind, Hall, User, Window
from hall.core.roles import Role

SettingsModel = TypeVar("SettingsModel", bound=Model)


def hall_settings(model: type[SettingsModel], hall_id: int) -> SettingsModel:
    """A hall's row of a settings model (queue, cases, attendance, rosters), or the model's
    defaults while the office has saved none: reading the rules never writes them."""
    found = model._default_manager.filter(hall_id=hall_id).first()
    return found if found is not None else model(hall_id=hall_id)


def windows_of_hall(hall: Hall) -> QuerySet[Window]:
    """Windows with their zone and departments, ready to render without further queries."""
    return (
        Window.objects.filter(hall=hall)
        .select_related("zone", "hall")
        .prefetch_related("departments")
        .order_by("number")
    )


def window_state_counts(hall: Hall) -> dict[str, int]:
    counts = dict(
        Window.objects.filter(hall=hall)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {state.value: counts.get(state.value, 0) for state in WindowState}


def members_of(user: AnyUser, hall: Hall) -> QuerySet[User]:
    """The hall's people as the user may see them, with roles and departments loaded."""
    return (
        scope_to_user(User.objects.filter(hall=hall), user)
        .prefetch_related("groups", "departments")
        .order_by("username")
    )


def calendar_of_year(year: int) -> tuple[CalendarYear | None, QuerySet[CalendarDay]]:
    """A year's confirmation and its holidays and make-up workdays."""
    return CalendarYear.objects.filter(year=year).first(), CalendarDay.objects.filter(
        date__year=year
    )


def window_numbered(hall: Hall, number: int) -> Window:
    window = Window.objects.filter(hall=hall, number=number).select_related("zone").first()
    if window is None:
        raise NotFound()
    return window


def windows_numbered(hall: Hall, numbers: list[int]) -> list[Window]:
    """The hall's windows with these numbers (fewer when some do not exist)."""
    return list(Window.objects.filter(hall=hall, number__in=numbers))


def the_only_hall() -> Hall | None:
    """The hall, on an installation that has one (public pages without a hall in their
    address name it); None when there are several."""
    halls = list(Hall.objects.filter(is_active=True)[:2])
    return halls[0] if len(halls) == 1 else None


def device_page(hall: Hall) -> dict[str, Any]:
    """Each window of the hall with the rating pad paired to it (None when it has none), and
    the hall's big screens."""
    pads = {
        d.window_id: d
        for d in Device.objects.filter(
            hall=hall, kind=DeviceKind.PAD, revoked_at__isnull=True
        ).exclude(key_digest="")
    }
    return {
        "hall": hall,
        "windows": [
            (w, pads.get(w.pk)) for w in Window.objects.filter(hall=hall).order_by("number")
        ],
        "screens": Device.objects.filter(
            hall=hall, kind=DeviceKind.BIG_SCREEN, revoked_at__isnull=True
        ).exclude(key_digest=""),
    }


def department_heads(department_id: int) -> QuerySet[User]:
    """The active heads (科长) of a department: whom its warnings are sent to."""
    return User.objects.filter(
        departments=department_id, groups__name=Role.DEPARTMENT_HEAD, is_active=True
    )


def hall_people(hall: Hall, *roles: Role) -> QuerySet[User]:
    """The hall's active people in these roles (whom a warning is sent to)."""
    return User.objects.filter(hall=hall, groups__name__in=roles, is_active=True).distinct()


def staff_of_hall(hall: Hall) -> QuerySet[User]:
    """The hall's active people, by name: whom a form offers to pick (a complaint's member of
    staff, a repairer, a drill's participants, the persons responsible for an incident)."""
    return User.objects.filter(hall=hall, is_active=True).order_by("full_name", "username")


def hall_office(hall: Hall) -> QuerySet[User]:
    """The hall's administrators (the office, 管理办公室): whom escalations are sent to."""
    return hall_people(hall, Role.HALL_ADMIN)


Row = TypeVar("Row", bound=Model)


def one_of(rows: QuerySet[Row], text: str | None) -> Row | None:
    """The row picked in a form's list by its id, if it is one of `rows` (else None)."""
    pk = parse_id(text)
    return rows.filter(pk=pk).first() if pk is not None else None
