"""Reads of the queue that pages, the API and the live channels share."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models import Case as DjangoCase
from django.db.models.functions import ExtractHour, ExtractMinute
from django.utils import timezone

from hall.catalog.selectors import items_at_window
from hall.core.choices import WindowState
from hall.core.db.prepared import PreparedRead
from hall.core.honours import window_honours
from hall.core.hours import days_span
from hall.core.memo import KEPT_WHILE_HEARD, Memo
from hall.core.models import Hall, User, Window, Zone
from hall.core.selectors import hall_settings
from hall.queueing import statements
from hall.queueing.choices import AT_WINDOW, NO_SHOW_MARKS, Channel, TicketEventKind, TicketStatus
from hall.queueing.models import (
    PriorityClass,
    QueueSettings,
    Ticket,
    TicketCategory,
    TicketEvent,
    WorkProfileEntry,
)
from hall.queueing.voice import clips_for
from hall.rostering.selectors import on_duty
from hall.staff.selectors import badge_of

CHINESE_DIGITS = "零一二三四五六七八九"


# A hall's rules and categories change a few times a year and are read on every ticket.
_settings: Memo[QueueSettings] = Memo(
    seconds=5.0, cleared_by=(QueueSettings,), while_heard=KEPT_WHILE_HEARD
)
_categories: Memo[dict[str, TicketCategory]] = Memo(
    seconds=5.0, cleared_by=(TicketCategory,), while_heard=KEPT_WHILE_HEARD
)
_priorities: Memo[dict[str, PriorityClass]] = Memo(
    seconds=5.0, cleared_by=(PriorityClass,), while_heard=KEPT_WHILE_HEARD
)
# A hall's work profiles, by window: every key and every second's count of the lines reads them.
_profiles: Memo[dict[int, list[tuple[int, int]]]] = Memo(
    seconds=5.0, cleared_by=(WorkProfileEntry,), while_heard=KEPT_WHILE_HEARD
)


def work_profile(window: Window) -> list[tuple[int, int]]:
    """(category id, preference) of the categories the window serves, most preferred first."""
    return _work_profiles(window.hall_id).get(window.pk, [])


def _work_profiles(hall_id: int) -> dict[int, list[tuple[int, int]]]:
    def load() -> dict[int, list[tuple[int, int]]]:
        profiles: dict[int, list[tuple[int, int]]] = {}
        for window_id, category_id, preference in (
            WorkProfileEntry.objects.filter(window__hall_id=hall_id)
            .order_by("window_id", "preference", "category_id")
            .values_list("window_id", "category_id", "preference")
        ):
            profiles.setdefault(window_id, []).append((category_id, preference))
        return profiles

    return _profiles.get(hall_id, load)


def queue_settings(hall: Hall) -> QueueSettings:
    """The hall's queue rules (the defaults until the office saves its own)."""
    return _queue_settings(hall.pk)


def _queue_settings(hall_id: int) -> QueueSettings:
    return _settings.get(hall_id, lambda: hall_settings(QueueSettings, hall_id))


def _hall_categories(hall_id: int) -> dict[str, TicketCategory]:
    """Every category of the hall by code (taking tickets or not), remembered a few seconds."""
    return _categories.get(
        hall_id,
        lambda: {c.code: c for c in TicketCategory.objects.filter(hall_id=hall_id)},
    )


def active_category(hall: Hall, code: str) -> TicketCategory | None:
    """The hall's category with this code, if it is taking tickets."""
    category = _hall_categories(hall.pk).get(code)
    return category if category is not None and category.is_active else None


def category_of(hall: Hall, category_id: int) -> TicketCategory:
    """A category by its id (the boards and answers name each ticket's), without a query."""
    return _category_by_id(hall.pk, category_id)


def category_name(hall: Hall, category_id: int) -> str:
    return category_of(hall, category_id).name


def _hall_priorities(hall_id: int) -> dict[str, PriorityClass]:
    return _priorities.get(
        hall_id, lambda: {p.code: p for p in PriorityClass.objects.filter(hall_id=hall_id)}
    )


def priority_class(hall: Hall, code: str) -> PriorityClass | None:
    return _hall_priorities(hall.pk).get(code)


def categories_of(hall: Hall) -> list[TicketCategory]:
    """The hall's categories taking tickets, in the order its screens list them."""
    return _active_categories(hall.pk)


def kept_waiting(hall: Hall) -> list[Ticket]:
    """Numbers kept overnight by emergency operation and still waiting, in their order."""
    return list(
        Ticket.objects.filter(hall=hall, status=TicketStatus.WAITING, kept_until__isnull=False)
        .select_related("category")
        .order_by("queued_at", "id")[:500]
    )


def _priorities_by_id(hall_id: int) -> dict[int, PriorityClass]:
    return {p.pk: p for p in _hall_priorities(hall_id).values()}


def _category_by_id(hall_id: int, category_id: int) -> TicketCategory:
    found = _categories_by_id(hall_id).get(category_id)
    return found or TicketCategory.objects.get(pk=category_id)


def _categories_by_id(hall_id: int) -> dict[int, TicketCategory]:
    return {c.pk: c for c in _hall_categories(hall_id).values()}


def _active_categories(hall_id: int) -> list[TicketCategory]:
    active = (c for c in _hall_categories(hall_id).values() if c.is_active)
    return sorted(active, key=lambda c: (c.position, c.prefix))


def categories_at_window(window: Window) -> list[TicketCategory]:
    """The businesses a window serves (its work profile, most preferred first)."""
    order = [category_id for category_id, _ in work_profile(window)]
    categories = TicketCategory.objects.filter(pk__in=order, is_active=True).in_bulk()
    return [categories[pk] for pk in order if pk in categories]


def windows_serving_numbers(category: TicketCategory) -> list[int]:
    """The numbers of the windows whose work profile takes this business (the slip says)."""
    return list(
        Window.objects.filter(work_profile__category=category)
        .order_by("number")
        .values_list("number", flat=True)
        .distinct()
    )


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets of the same category (or window) that will be called before this one."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    return statements.people_ahead(
        hall_id=ticket.hall_id,
        category_id=ticket.category_id,
        sent_to=ticket.target_window_id,
        queued_at=ticket.queued_at,
        ticket_id=ticket.pk,
    )


def average_service_minutes(category: TicketCategory, *, sample: int) -> float:
    """How long recent services of this category took (started to finished)."""
    recent = list(
        Ticket.objects.filter(category=category, status=TicketStatus.DONE, started_at__isnull=False)
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")[:sample]
    )
    if len(recent) < 3:
        return float(category.default_service_minutes)
    total = sum(
        ((finished - started) for started, finished in recent if started and finished),
        datetime.timedelta(),
    )
    return max(total.total_seconds() / 60 / len(recent), 0.5)


def windows_serving(category: TicketCategory) -> int:
    """Open windows whose work profile includes the category."""
    return (
        WorkProfileEntry.objects.filter(category=category, window__state=WindowState.OPEN)
        .values("window")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class Standing:
    """Where a ticket stands: what the slip, the phone page and the API show."""

    position: int
    ahead: int
    estimated_wait_minutes: int


# The estimate's inputs change slowly; each process keeps them for a few seconds rather than
# asking the database on every ticket issued and every phone refresh.
_service_rates: Memo[tuple[float, int]] = Memo(seconds=15.0, cleared_by=())


def _service_rate(hall: Hall, category: TicketCategory) -> tuple[float, int]:
    """(minutes per person, windows serving) for a category, briefly kept."""

    def load() -> tuple[float, int]:
        sample = queue_settings(hall).recent_service_sample
        per_person = average_service_minutes(category, sample=sample)
        return per_person, max(windows_serving(category), 1)

    return _service_rates.get(category.pk, load)


def _wait_minutes(hall: Hall, category: TicketCategory, ahead: int) -> int:
    """The estimated wait behind `ahead` people of a category (the slip's and the phone's)."""
    if not ahead:
        return 0
    per_person, windows = _service_rate(hall, category)
    return math.ceil(ahead * per_person / windows)


def standing(ticket: Ticket) -> Standing:
    if ticket.status != TicketStatus.WAITING:
        return Standing(0, 0, 0)
    ahead = people_ahead(ticket)
    return Standing(ahead + 1, ahead, _wait_minutes(ticket.hall, ticket.category, ahead))


@dataclass(frozen=True)
class LineNow:
    """A business's line as the public sees it (O2): how many wait and for about how long."""

    prefix: str
    name: str
    waiting: int
    wait_minutes: int


def lines_now(hall: Hall) -> list[LineNow]:
    waiting = waiting_now(hall.pk).in_all
    return [
        LineNow(c.prefix, c.name, n, _wait_minutes(hall, c, n))
        for c in categories_of(hall)
        for n in [waiting.get(c.pk, 0)]
    ]


@dataclass(frozen=True)
class FollowState:
    """Where a ticket stands and whether it is called: the one account the phone page (over
    its socket) and the API give."""

    number: str
    category: str  # a transfer changes it
    status: str
    status_label: str
    position: int
    ahead: int
    wait_minutes: int
    window: int | None

    def as_message(self) -> dict[str, object]:
        return {
            "type": "standing",
            "number": self.number,
            "category": self.category,
            "status": self.status,
            "status_label": self.status_label,
            "position": self.position,
            "ahead": self.ahead,
            "wait": self.wait_minutes,
            "window": self.window,
        }


def follow_state(ticket: Ticket) -> FollowState:
    where = standing(ticket)
    return FollowState(
        number=ticket.number,
        category=category_name(ticket.hall, ticket.category_id),
        status=ticket.status,
        status_label=str(ticket.get_status_display()),
        position=where.position,
        ahead=where.ahead,
        wait_minutes=where.estimated_wait_minutes,
        window=ticket.window.number if ticket.window else None,
    )


def announcement(number: str, window_number: int) -> tuple[str, str]:
    """What the board shows and what it says: the number, never a name (X2)."""
    shown = f"请 {number} 号到 {window_number} 号窗口办理"
    letters = "".join(ch for ch in number if not ch.isdigit())
    digits = "".join(CHINESE_DIGITS[int(ch)] for ch in number if ch.isdigit())
    spoken = f"请，{letters}{digits}号，到{window_number}号窗口办理"
    return shown, spoken


@dataclass(frozen=True)
class Call:
    """A call as boards show it: the one shape of the live message and of the snapshot."""

    id: int  # the call's history row
    number: str
    window: int
    zone: str
    at: datetime.datetime
    text: str
    speech: str
    category: str  # the business's name, as the board lists it
    recall: int = 0

    def as_message(self) -> dict[str, object]:
        return {
            "id": self.id,
            "number": self.number,
            "window": self.window,
            "zone": self.zone,
            "at": timezone.localtime(self.at).strftime("%H:%M:%S"),
            "text": self.text,
            "speech": self.speech,
            "clips": clips_for(self.number, self.window),
            "category": self.category,
            "recall": self.recall,
        }


def recent_calls(
    hall: Hall, *, limit: int = 10, since: datetime.datetime | None = None
) -> list[Call]:
    """The last calls of the day, newest first (Q7), for boards and the queue API."""
    events = (
        TicketEvent.objects.filter(
            hall=hall,
            kind__in=[TicketEventKind.CALLED, TicketEventKind.RECALLED],
            window__isnull=False,
        )
        .select_related("ticket__category", "window__zone")
        .order_by("-at", "-id")
    )
    events = events.filter(at__gte=since or timezone.now() - datetime.timedelta(hours=12))
    calls = []
    for event in events[:limit]:
        if event.window is None:  # excluded by the query; keeps the type checker informed
            continue
        text, speech = announcement(event.ticket.number, event.window.number)
        calls.append(
            Call(
                event.pk,
                event.ticket.number,
                event.window.number,
                event.window.zone.code,
                event.at,
                text,
                speech,
                event.ticket.category.name,
                int(event.detail.get("recall", 0)),
            )
        )
    return calls


def waiting_counts(hall: Hall) -> dict[str, int]:
    """Waiting tickets per category code, every active category present (zero included)."""
    waiting = waiting_now(hall.pk).in_all
    return {c.code: waiting.get(c.pk, 0) for c in categories_of(hall)}


@dataclass(frozen=True)
class WaitingCounts:
    """Who waits in a hall now, counted in one query: per business, those any window of its
    line may call (`in_line`) and all of them (`in_all`), and per window those sent to it."""

    in_line: dict[int, int]
    in_all: dict[int, int]
    sent_to: dict[int, int]


# Counted each second for every hall whose lines moved, and for every desk's line.
_waiting_counts = PreparedRead(
    lambda hall_id: (
        Ticket.objects.filter(hall_id=hall_id, status=TicketStatus.WAITING)
        .values_list("category_id", "target_window_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "target_window_id", "n")
        .order_by()
    ),
    hall_id=int,
)


def waiting_now(hall_id: int) -> WaitingCounts:
    in_line: dict[int, int] = {}
    in_all: dict[int, int] = {}
    sent_to: dict[int, int] = {}
    for category_id, window_id, n in _waiting_counts.rows(hall_id=hall_id):
        in_all[category_id] = in_all.get(category_id, 0) + n
        if window_id is None:
            in_line[category_id] = n
        else:
            sent_to[window_id] = sent_to.get(window_id, 0) + n
    return WaitingCounts(in_line, in_all, sent_to)


def waiting_lines(hall_id: int, waiting: WaitingCounts | None = None) -> list[dict[str, object]]:
    """The board's waiting count per business: id, code, prefix, name and how many wait (zeros
    too), and how many of them any window of the line may call (`unsent`: not sent to a
    chosen window), in one query whatever the size of the hall (none given `waiting`)."""
    waiting = waiting or waiting_now(hall_id)
    return [
        {
            "id": c.pk,
            "code": c.code,
            "prefix": c.prefix,
            "name": c.name,
            "waiting": waiting.in_all.get(c.pk, 0),
            "unsent": waiting.in_line.get(c.pk, 0),
        }
        for c in _active_categories(hall_id)
    ]


# Every key of every workstation asks (its SQL compiled once: hall.core.db.prepared).
_at_window = PreparedRead(
    lambda window_id: Ticket.objects.filter(window_id=window_id, status__in=AT_WINDOW).order_by(
        "pk"
    )[:1],
    window_id=int,
)


def ticket_at_window(window_id: int) -> Ticket | None:
    """The ticket being called or served at the window, if any (one at a time), with its
    category and priority from the hall's remembered ones: every key of every workstation
    asks, and joining them cost more Python than the rest of the query (bench.province)."""
    ticket = _at_window.first(window_id=window_id)
    if ticket is None:
        return None
    ticket.category = _category_by_id(ticket.hall_id, ticket.category_id)
    if ticket.priority_id is not None:
        found = _priorities_by_id(ticket.hall_id).get(ticket.priority_id)
        ticket.priority = found or PriorityClass.objects.get(pk=ticket.priority_id)
    return ticket


def last_finished_at_window(window_id: int, since: datetime.datetime) -> Ticket | None:
    """The ticket finished last at the window today, if that was since `since` (the one its
    rating pad offers to rate: never an earlier one, once a later one is finished)."""
    last = (
        Ticket.objects.filter(
            window_id=window_id, status=TicketStatus.DONE, service_day=timezone.localdate()
        )
        .select_related("hall", "category")
        .order_by("-finished_at")
        .first()
    )
    return last if last is not None and last.finished_at and last.finished_at >= since else None


def window_card(window: Window) -> dict[str, Any]:
    """What a window shows about itself, on its screen and its rating pad when idle: its
    businesses and services, and the 工作标牌 of whoever is on duty now (O2)."""
    duty = on_duty(window, timezone.now())
    return {
        "window": window,
        "categories": categories_at_window(window),
        "items": items_at_window(window),
        "badge": badge_of(duty.staff) if duty else None,
        "covering": duty is not None and duty.covering_for is not None,
        "honours": window_honours(window.hall).get(window.pk, []),
    }


def current_tickets(hall: Hall) -> dict[int, Ticket]:
    """The ticket at each window that has one, by window id."""
    return {
        t.window_id: t
        for t in Ticket.objects.filter(hall=hall, status__in=AT_WINDOW).select_related("category")
        if t.window_id is not None
    }


def windows_with_tickets(hall: Hall) -> list[tuple[Window, Ticket | None]]:
    current = current_tickets(hall)
    windows = Window.objects.filter(hall=hall).select_related("zone").order_by("number")
    return [(window, current.get(window.pk)) for window in windows]


def waiting_for_window(
    window: Window, waiting: WaitingCounts | None = None
) -> list[tuple[TicketCategory, int]]:
    """What waits for this window's work profile, category by category, in its preference
    (one query, none given the hall's `waiting`)."""
    waiting = waiting or waiting_now(window.hall_id)
    categories = _categories_by_id(window.hall_id)
    return [
        (categories[category_id], waiting.in_line.get(category_id, 0))
        for category_id, _preference in work_profile(window)
        if category_id in categories
    ]


@dataclass(frozen=True)
class DayFigures:
    served: int
    no_shows: int
    average_minutes: float


def own_figures(*, user_id: int, day: datetime.date) -> DayFigures:
    """Today's own work at the window: how many served, no-shows, average service time."""
    # Summed by the database: a busy window serves hundreds a day, the desk asks at each key.
    done = Ticket.objects.filter(
        served_by_id=user_id,
        service_day=day,
        status=TicketStatus.DONE,
        started_at__isnull=False,
        finished_at__isnull=False,
    ).aggregate(
        served=Count("id"),
        serving=Sum(
            ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
        ),
    )
    served, serving = done["served"], done["serving"] or datetime.timedelta()
    average = serving.total_seconds() / 60 / served if served else 0.0
    # A no-show is counted when it is marked (过号), whether the ticket then went back in
    # the queue or was void: the ticket itself may be served later by someone else.
    no_shows = marked_no_show(day, day).filter(actor_id=user_id).count()
    return DayFigures(served, no_shows, round(average, 1))


def marked_no_show(first: datetime.date, last: datetime.date) -> QuerySet[TicketEvent]:
    """The marks of 过号 (NO_SHOW_MARKS) from `first` to `last`."""
    start, end = days_span(first, last)
    return TicketEvent.objects.filter(at__gte=start, at__lt=end, kind__in=NO_SHOW_MARKS)


def line_lengths(windows: list[Window], waiting: WaitingCounts | None = None) -> dict[int, int]:
    """People waiting for each window (by id): its line's categories and tickets sent to it.

    One query whatever the number of windows (none given `waiting`): the workstations ask
    every few seconds."""
    if not windows:
        return {}
    waiting = waiting or waiting_now(windows[0].hall_id)
    return {
        w.pk: waiting.sent_to.get(w.pk, 0)
        + sum(waiting.in_line.get(category_id, 0) for category_id, _ in work_profile(w))
        for w in windows
    }


def needs_help(window: Window) -> bool:
    return line_lengths([window])[window.pk] > queue_settings(window.hall).help_threshold


@dataclass(frozen=True)
class HelpWanted:
    window: Window
    waiting: int


# Asked each second for every hall whose lines moved, and by every desk's line.
_open_windows = PreparedRead(
    lambda hall_id: Window.objects.filter(hall_id=hall_id, state=WindowState.OPEN).order_by(
        "number"
    ),
    hall_id=int,
)


def windows_needing_help(hall_id: int, waiting: WaitingCounts | None = None) -> list[HelpWanted]:
    """Q7: open windows whose line is longer than the hall's threshold (跨窗通办)."""
    threshold = _queue_settings(hall_id).help_threshold
    windows = _open_windows.all(hall_id=hall_id)
    lengths = line_lengths(windows, waiting)
    return [HelpWanted(w, lengths[w.pk]) for w in windows if lengths[w.pk] > threshold]


def ticket_of_today(hall: Hall, number: str) -> Ticket | None:
    """The hall's ticket with this number today (A012), as staff type it."""
    return Ticket.objects.filter(
        hall=hall, service_day=timezone.localdate(), number=number.strip().upper()
    ).first()


def kiosk_priorities(hall: Hall) -> list[PriorityClass]:
    """The priorities a kiosk offers (those a person may claim themselves)."""
    return list(PriorityClass.objects.filter(hall=hall, offered_at_kiosk=True))


def issued_today_by(hall: Hall, user: User) -> QuerySet[Ticket]:
    """What this member of reception issued today, newest first (their desk's list)."""
    return Ticket.objects.filter(
        hall=hall, issued_by=user, service_day=timezone.localdate()
    ).select_related("category", "priority")[:20]


def board_zones(hall: Hall) -> QuerySet[Zone]:
    """The zones that have windows (a zone board can be opened for each)."""
    return hall.zones.filter(windows__isnull=False).distinct()


@dataclass(frozen=True)
class DeskActions:
    """What the window's workstation offers now: the services' own rules (ticket state,
    window state, the hall's calls before a no-show), so that no button ends in a refusal."""

    call_next: bool
    recall: bool
    start: bool
    no_show: bool
    recalls_left: int  # calls still needed before a no-show may be marked (过号)
    finish: bool
    finish_and_call_next: bool
    transfer: bool
    pause: bool
    resume: bool


def desk_actions(window: Window, current: Ticket | None) -> DeskActions:
    is_open = window.state == WindowState.OPEN
    called = current is not None and current.status == TicketStatus.CALLED
    serving = current is not None and current.status == TicketStatus.SERVING
    recalls_left = 0
    if called and current is not None:
        needed = queue_settings(window.hall).recalls_before_no_show
        recalls_left = max(0, needed - current.recall_count)
    return DeskActions(
        call_next=is_open and current is None,
        recall=called,
        start=called,
        no_show=called and recalls_left == 0,
        recalls_left=recalls_left,
        finish=current is not None,
        finish_and_call_next=serving and is_open,
        transfer=current is not None,
        pause=is_open and current is None,
        resume=not is_open,
    )


@dataclass(frozen=True)
class Waiting:
    """A ticket in a window's line, as its workstation lists it."""

    ticket_id: int
    number: str
    category: str
    priority: str
    minutes_waited: int
    booked: bool  # came from an appointment check-in
    transferred: bool  # sent to this window by another


def waiting_list(window: Window, *, limit: int = 15) -> list[Waiting]:
    """The window's line in the order call-next takes it: tickets sent to it first, then each
    preference of its work profile, each in queue order (a bounded number of queries)."""
    now = timezone.now()
    base = Ticket.objects.filter(hall_id=window.hall_id, status=TicketStatus.WAITING)
    levels = [base.filter(target_window=window)]
    profile = work_profile(window)
    for preference in sorted({p for _c, p in profile}):
        categories = [c for c, p in profile if p == preference]
        levels.append(base.filter(target_window__isnull=True, category_id__in=categories))
    found: list[Waiting] = []
    for level in levels:
        if len(found) >= limit:
            break
        rows = level.select_related("category", "priority").order_by("queued_at", "id")
        for ticket in rows[: limit - len(found)]:
            found.append(
                Waiting(
                    ticket_id=ticket.pk,
                    number=ticket.number,
                    category=ticket.category.name,
                    priority=ticket.priority.name if ticket.priority else "",
                    minutes_waited=int((now - ticket.arrived_at).total_seconds() // 60),
                    booked=ticket.channel == Channel.APPOINTMENT,
                    transferred=ticket.target_window_id == window.pk,
                )
            )
    return found


def passed_over_today(window: Window, *, limit: int = 10) -> list[Ticket]:
    """Numbers passed over (过号, void) at this hall today, most recent first: a person who
    comes back late may be called again by hand."""
    return list(
        Ticket.objects.filter(
            hall_id=window.hall_id,
            status=TicketStatus.NO_SHOW,
            service_day=timezone.localdate(),
        ).order_by("-finished_at")[:limit]
    )


@dataclass(frozen=True)
class Served:
    count: int
    mean_minutes: float


def served_between(
    hall: Hall, first: datetime.date, last: datetime.date, by: str
) -> dict[int, Served]:
    """Tickets served per member of staff (`served_by`) or per window, with the mean service
    time, in one query: the month's volume rank and the awards' efficiency (V5)."""
    rows = (
        Ticket.objects.filter(
            hall=hall,
            service_day__range=(first, last),
            status=TicketStatus.DONE,
            started_at__isnull=False,
            finished_at__isnull=False,
        )
        .exclude(**{f"{by}__isnull": True})
        .values(by)
        .annotate(
            served=Count("id"),
            serving=Sum(
                ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
            ),
        )
    )
    return {
        row[by]: Served(row["served"], row["serving"].total_seconds() / 60 / row["served"])
        for row in rows
    }


def arrivals_by_half_hour(
    hall: Hall, first: datetime.date, last: datetime.date
) -> dict[tuple[datetime.date, int, int], int]:
    """People who arrived (took a ticket or checked in) per day, category and half-hour of
    the day (0 = 00:00–00:30, 18 = 09:00–09:30), in one grouped query: the forecast's
    history (D2)."""
    rows = (
        Ticket.objects.filter(hall=hall, service_day__range=(first, last))
        .annotate(hour=ExtractHour("arrived_at"), minute=ExtractMinute("arrived_at"))
        .annotate(
            slot=F("hour") * 2 + DjangoCase(When(minute__gte=30, then=Value(1)), default=Value(0))
        )
        .values("service_day", "category_id", "slot")
        .annotate(people=Count("id"))
        .values_list("service_day", "category_id", "slot", "people")
    )
    return {(day, category, slot): people for day, category, slot, people in rows}


@dataclass(frozen=True)
class Shares:
    """Of a category's tickets over a period: with a priority, from an appointment, and
    marked no-show (过号) at a window at least once."""

    tickets: int
    priority: float
    appointment: float
    no_show: float


def ticket_shares(hall: Hall, first: datetime.date, last: datetime.date) -> dict[int, Shares]:
    """Per category, in two grouped queries (the simulation's inputs, D3)."""
    tickets = (
        Ticket.objects.filter(hall=hall, service_day__range=(first, last))
        .values("category_id")
        .annotate(
            n=Count("id"),
            priority=Count("id", filter=Q(priority__isnull=False)),
            booked=Count("id", filter=Q(channel=Channel.APPOINTMENT)),
        )
    )
    no_shows = dict(
        marked_no_show(first, last)
        .filter(ticket__hall=hall)
        .values("ticket__category_id")
        .annotate(n=Count("ticket_id", distinct=True))
        .values_list("ticket__category_id", "n")
    )
    return {
        row["category_id"]: Shares(
            row["n"],
            row["priority"] / row["n"],
            row["booked"] / row["n"],
            no_shows.get(row["category_id"], 0) / row["n"],
        )
        for row in tickets
        if row["n"]
    }


@dataclass(frozen=True)
class LineToday:
    category: TicketCategory
    waiting: int
    longest_minutes: int  # the longest wait of those waiting now
    mean_minutes: int


@dataclass(frozen=True)
class QueueToday:
    lines: list[LineToday]
    issued_by_hour: dict[int, int]  # hour of the day -> tickets issued
    served: int
    no_shows: int
    appointments_checked_in: int
    mean_wait_served: float  # minutes, of those called today


def queue_today(hall: Hall, now: datetime.datetime) -> QueueToday:
    """The hall's queue today for the office's dashboard (D1), in four grouped queries."""
    day = timezone.localdate(now)
    # Those waiting are a hall's few hundred at most: their minutes are counted here.
    waited: dict[int, list[float]] = defaultdict(list)
    for category_id, arrived in Ticket.objects.filter(
        hall=hall, status=TicketStatus.WAITING
    ).values_list("category_id", "arrived_at"):
        waited[category_id].append(max(0.0, (now - arrived).total_seconds() / 60))
    lines = [
        LineToday(
            category,
            len(minutes := waited.get(category.pk, [])),
            int(max(minutes, default=0)),
            int(sum(minutes) / len(minutes)) if minutes else 0,
        )
        for category in categories_of(hall)
    ]
    today = Ticket.objects.filter(hall=hall, service_day=day)
    by_hour = dict(
        today.annotate(hour=ExtractHour("arrived_at"))
        .values("hour")
        .annotate(n=Count("id"))
        .values_list("hour", "n")
    )
    counts = today.aggregate(
        served=Count("id", filter=Q(status=TicketStatus.DONE)),
        booked=Count("id", filter=Q(channel=Channel.APPOINTMENT)),
        waited=Avg(
            ExpressionWrapper(F("called_at") - F("arrived_at"), output_field=DurationField()),
            filter=Q(called_at__isnull=False),
        ),
    )
    no_shows = (
        marked_no_show(day, day).filter(ticket__hall=hall).values("ticket_id").distinct().count()
    )
    called_after = counts["waited"]
    return QueueToday(
        lines=lines,
        issued_by_hour=by_hour,
        served=counts["served"],
        no_shows=no_shows,
        appointments_checked_in=counts["booked"],
        mean_wait_served=round(called_after.total_seconds() / 60, 1) if called_after else 0.0,
    )
