"""Run inside the year benchmark's database (bench.year): the demo hall with a year of made-up
history, written with COPY: TICKETS tickets on the working days of the last 365 (and today's
so far), one no-show in twenty with its mark, CASES cases with their visits and corrections,
and a rating for one served ticket in five. Prints how long each part took."""

from __future__ import annotations

import datetime
import os
import random
import secrets
import sys
import time
from collections import defaultdict

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from hall.catalog.models import ServiceItemVersion  # noqa: E402
from hall.core.demo import seed_demo  # noqa: E402
from hall.core.models import Hall, User, Window  # noqa: E402
from hall.queueing.models import TicketCategory, WorkProfileEntry  # noqa: E402

MINUTE = datetime.timedelta(minutes=1)
rng = random.Random(2026)  # noqa: S311  # the same made-up year on every run
TICKET_COLUMNS = (
    "hall_id", "category_id", "service_day", "sequence", "number", "channel",
    "priority_reason", "status", "arrived_at", "queued_at", "window_id", "called_at",
    "started_at", "finished_at", "recall_count", "requeue_count", "served_by_id",
    "closed_reason", "follow_token", "mobile", "mobile_digest",
)  # fmt: skip
CASE_COLUMNS = (
    "hall_id", "number", "service_id", "department_id", "handler_id", "status", "outcome",
    "applicant_kind", "applicant_name", "applicant_id_number", "applicant_id_digest",
    "applicant_credit_code", "applicant_credit_digest", "applicant_phone",
    "applicant_phone_digest", "applicant_id_tail", "applicant_phone_tail", "received_at",
    "materials_arrived_on", "accepted_on", "deemed_accepted", "refusal_reason",
    "paused_working_days", "extension_days", "due_date", "warning", "preliminary_opinion",
    "conclusion_note", "concluded_on", "delivery_method",
)  # fmt: skip


def copy(table: str, columns: tuple[str, ...], rows) -> int:
    written = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: COPY
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as stream:
            for row in rows:
                stream.write_row(row)
                written += 1
    return written


def main(tickets_wanted: int, cases_wanted: int) -> None:
    started = time.perf_counter()
    seed_demo()
    hall = Hall.objects.get(code="demo")
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    days = [
        today - datetime.timedelta(days=n)
        for n in range(365, 0, -1)
        if (today - datetime.timedelta(days=n)).weekday() < 5
    ]
    # Each window has its own member of staff; eight more relieve them.
    windows = list(Window.objects.filter(hall=hall).order_by("number"))
    staff = {}
    for window in windows:
        user = User.objects.create(
            username=f"year-{window.number:02d}", full_name=f"窗口{window.number}号员", hall=hall
        )
        user.departments.set(window.departments.all())
        staff[window.pk] = user.pk
    relief = [
        User.objects.create(username=f"year-r{n}", full_name=f"替班{n}", hall=hall).pk
        for n in range(8)
    ]
    categories = list(TicketCategory.objects.filter(hall=hall).order_by("position"))
    serving: dict[int, list[int]] = defaultdict(list)
    for window_id, category_id in WorkProfileEntry.objects.filter(window__hall=hall).values_list(
        "window_id", "category_id"
    ):
        serving[category_id].append(window_id)
    categories = [c for c in categories if serving[c.pk]]
    weights = [3 if c.department_id else 1 for c in categories]
    per_day = tickets_wanted / (len(days) + 0.5)

    ticket_days: dict[datetime.date, tuple[int, int]] = {}  # day -> [first, last) index
    department_windows: dict[int, list[int]] = defaultdict(list)
    for category in categories:
        if category.department_id:
            department_windows[category.department_id] += serving[category.pk]
    no_show_marks: list[tuple[int, datetime.datetime, int, int | None]] = []

    def tickets():
        index = 0
        for day in [*days, today]:
            count = int(per_day * (1.3 if day.weekday() == 0 else 1.0) * rng.uniform(0.85, 1.1))
            opens = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)
            span = 8 * 60
            if day == today:
                count //= 2
                span = 4 * 60
            sequences: dict[int, int] = defaultdict(int)
            first = index
            for _ in range(count):
                category = rng.choices(categories, weights)[0]
                sequences[category.pk] += 1
                sequence = sequences[category.pk]
                window_id = rng.choice(serving[category.pk])
                served_by = staff[window_id] if rng.random() < 0.9 else rng.choice(relief)
                arrived = opens + rng.uniform(0, span) * MINUTE
                called = arrived + min(rng.expovariate(1 / 12), 120) * MINUTE
                started = called + rng.uniform(0.2, 1.5) * MINUTE
                finished = started + min(rng.expovariate(1 / 8) + 1, 60) * MINUTE
                luck = rng.random()
                status, closed = "done", ""
                if day == today and called > timezone.now():
                    status, window_id, served_by = "waiting", None, None
                    called = started = finished = None
                elif luck < 0.05:
                    status, started, finished, served_by = "no_show", None, None, None
                    no_show_marks.append((index, called + 3 * MINUTE, window_id, staff[window_id]))
                elif luck < 0.08:
                    status, closed, window_id, served_by = "closed", "离开", None, None
                    called = started = None
                yield (
                    hall.pk, category.pk, day, sequence, f"{category.prefix}{sequence:04d}",
                    "appointment" if rng.random() < 0.1 else "kiosk", "", status, arrived,
                    arrived, window_id, called, started, finished, 0, 0, served_by, closed,
                    secrets.token_hex(16), "", "",
                )  # fmt: skip
                index += 1
            ticket_days[day] = (first, index)

    written = copy("queueing_ticket", TICKET_COLUMNS, tickets())
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM queueing_ticket WHERE hall_id = %s", [hall.pk])
        base = cursor.fetchone()[0]
    copy(
        "queueing_ticketevent",
        ("ticket_id", "hall_id", "at", "kind", "window_id", "actor_id", "detail", "via", "reason"),
        (
            (base + index, hall.pk, at, "no_show", window_id, actor, "{}", "window", "")
            for index, at, window_id, actor in no_show_marks
        ),
    )
    print(f"tickets: {written} in {time.perf_counter() - started:.0f} s", flush=True)

    versions = [
        version
        for version in ServiceItemVersion.objects.filter(item__hall=hall).select_related("item")
        if version.item.current_id == version.pk
    ]
    handlers: dict[int, list[int]] = defaultdict(list)
    for user in User.objects.filter(hall=hall, username__startswith="year-").prefetch_related(
        "departments"
    ):
        for department in user.departments.all():
            handlers[department.pk].append(user.pk)
    versions = [v for v in versions if handlers[v.department_id]]
    cases_per_day = cases_wanted / len(days)
    visits: list[tuple[int, int, datetime.datetime]] = []
    corrections: list[tuple[int, datetime.datetime, datetime.date]] = []

    def cases():
        index = 0
        for position, day in enumerate(days):
            first, last = ticket_days[day]
            for _ in range(int(cases_per_day * rng.uniform(0.9, 1.1))):
                version = rng.choice(versions)
                received = (
                    datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)
                    + rng.uniform(0, 480) * MINUTE
                )
                limit = version.promised_limit_days
                due = days[min(position + limit, len(days) - 1)] if limit else day
                luck = rng.random()
                concluded = None
                if luck < 0.9:
                    late = rng.random() < 0.03
                    took = rng.randint(0, max(limit, 1)) + (rng.randint(1, 5) if late else 0)
                    concluded = days[position + took] if position + took < len(days) else None
                status = "concluded" if concluded else "in_process"
                trips = 1 if rng.random() < 0.75 else rng.choice((2, 2, 3))
                for trip in range(trips):
                    ticket = (
                        rng.randrange(first, last)
                        if trip == 0
                        else rng.randrange(
                            first, ticket_days[days[min(position + trip, len(days) - 1)]][1]
                        )
                    )
                    visits.append((index, ticket, received + trip * datetime.timedelta(days=1)))
                if rng.random() < 0.15:
                    corrections.append((index, received + datetime.timedelta(hours=2), day))
                yield (
                    hall.pk, f"Y{day:%Y%m%d}{index:07d}", version.pk, version.department_id,
                    rng.choice(handlers[version.department_id]), status, "",
                    "person", "张三", "", "", "", "", "", "", "", "", received, day, day,
                    False, "", 0, 0, due, "", "", "", concluded, "",
                )  # fmt: skip
                index += 1

    case_count = copy("cases_case", CASE_COLUMNS, cases())
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM cases_case WHERE hall_id = %s", [hall.pk])
        case_base = cursor.fetchone()[0]
    seen: set[tuple[int, int]] = set()
    unique_visits = [
        (case, ticket, at)
        for case, ticket, at in visits
        if (case, ticket) not in seen and not seen.add((case, ticket))
    ]
    copy(
        "cases_casevisit",
        ("case_id", "ticket_id", "linked_at"),
        ((case_base + case, base + ticket, at) for case, ticket, at in unique_visits),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case c SET visit_count = v.n FROM (SELECT case_id, count(*) AS n "
            "FROM cases_casevisit GROUP BY case_id) v WHERE v.case_id = c.id"
        )
    copy(
        "cases_correctionrequest",
        ("case_id", "requested_at", "note", "resubmitted_on", "status_before"),
        ((case_base + case, at, "", day, "") for case, at, day in corrections),
    )
    print(
        f"cases: {case_count}, visits {len(unique_visits)}, corrections {len(corrections)} "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO evaluation_rating (hall_id, ticket_id, level, tags, comment,
                contact_mobile, channel, staff_id, window_id, department_id, created_at, counted)
            SELECT t.hall_id, t.id,
                CASE WHEN random() < 0.03 THEN 2 WHEN random() < 0.15 THEN 4 ELSE 5 END,
                '[]', '', '', 'pad', t.served_by_id, t.window_id, c.department_id,
                t.finished_at, true
            FROM queueing_ticket t JOIN queueing_ticketcategory c ON c.id = t.category_id
            WHERE t.hall_id = %s AND t.status = 'done' AND random() < 0.2
            """,
            [hall.pk],
        )
        ratings = cursor.rowcount
        cursor.execute("ANALYZE")
    print(f"ratings: {ratings}; all in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
