"""Reads of cases that pages and the API share."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet, Sum

from hall.cases.access import cases_visible_to
from hall.cases.choices import CLOCK_RUNNING, CaseStatus
from hall.cases.errors import ProgressLocked, ProgressNotFound
from hall.cases.models import ArchivedDocument, Case, CaseTask, CorrectionRequest
from hall.catalog.selectors import current_versions
from hall.core import ratelimit
from hall.core.access import AnyUser, acts_for_whole_hall
from hall.core.errors import NotFound
from hall.core.hours import days_span
from hall.core.models import Department, Hall, User
from hall.queueing import selectors as queue
from hall.staff import selectors as staffing

if TYPE_CHECKING:  # types only: other apps' models are read through their selectors
    from hall.catalog.models import ServiceItemVersion
    from hall.queueing.models import Ticket


def cases_of(user: AnyUser) -> QuerySet[Case]:
    """The cases the user may read, ready for a list."""
    return cases_visible_to(user).select_related("service__item", "department", "handler")


def overdue_by_department(
    user: AnyUser, today: datetime.date
) -> list[tuple[Department, list[Case]]]:
    """C3: overdue cases stay listed, per department, until they are concluded."""
    overdue = (
        cases_of(user)
        .filter(status__in=CLOCK_RUNNING, due_date__lt=today)
        .order_by("department__code", "due_date")
    )
    return [
        (department, list(cases)) for department, cases in groupby(overdue, lambda c: c.department)
    ]


def services_for_intake(user: User, hall: Hall) -> QuerySet[ServiceItemVersion]:
    """The current items the user's departments handle (all of them for administrators)."""
    versions = current_versions(hall)
    if not acts_for_whole_hall(user):
        versions = versions.filter(department__in=user.departments.all())
    return versions


# Four characters are few: a case number's lookups stop for a while after a few wrong tries,
# from whichever addresses they came.
PROGRESS_WRONG_TRIES = 5
CASE_NUMBER = re.compile(r"[A-Z0-9_-]{1,32}")  # the hall's code, the day, the sequence
PROGRESS_LOCK_MINUTES = 15


def progress(number: str, digits: str) -> Case:
    """C5: a case by its number and the last four characters of the ID number (or credit
    code) or phone the applicant gave; nothing found otherwise, whichever part was wrong."""
    number, digits = number.strip().upper(), digits.upper()
    if not CASE_NUMBER.fullmatch(number):
        raise ProgressNotFound()  # cannot be one: nothing to look up, or to count
    key = f"progress:{number}"
    if ratelimit.locked(key):
        raise ProgressLocked(minutes=PROGRESS_LOCK_MINUTES)
    case = (
        Case.objects.select_related("service", "hall")
        .filter(number=number)
        .filter(Q(applicant_id_tail=digits) | Q(applicant_phone_tail=digits))
        .exclude(applicant_id_tail="", applicant_phone_tail="")
        .first()
    )
    if case is None:
        ratelimit.count_failure(
            key, allowed=PROGRESS_WRONG_TRIES, lock_seconds=PROGRESS_LOCK_MINUTES * 60
        )
        raise ProgressNotFound()
    return case


def who_decides(case: Case) -> list[User]:
    """Who may decide a case waiting on site (待现场审批): the department's chief
    representatives within whose scope the item is. Empty for any other state."""
    if case.status != CaseStatus.APPROVAL:
        return []
    return staffing.chief_representatives(case.department, case.service.item_id)


def open_correction(case: Case) -> CorrectionRequest | None:
    """The one-time notice the applicant has still to answer (what is missing), if any."""
    if case.status != CaseStatus.CORRECTION_REQUESTED:
        return None
    return (
        case.corrections.filter(resubmitted_on__isnull=True)
        .prefetch_related("missing")
        .order_by("requested_at", "id")
        .last()
    )


def ticket_of_today(hall: Hall, number: str) -> Ticket:
    """The ticket a case is being served under, by the number staff type (C7)."""
    ticket = queue.ticket_of_today(hall, number)
    if ticket is None:
        raise NotFound()
    return ticket


def case_list(user: AnyUser, *, status: str = "", number_contains: str = "") -> QuerySet[Case]:
    """The cases list: those the user may read, by state and part of the number."""
    cases = cases_of(user)
    if status:
        cases = cases.filter(status=status)
    if number_contains:
        cases = cases.filter(number__icontains=number_contains)
    return cases


def task_of(case: Case, task_id: int) -> CaseTask:
    task = case.tasks.filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    return task


def archived_copy(case: Case, kind: str) -> ArchivedDocument:
    copy = case.archived_documents.filter(kind=kind).first()
    if copy is None:
        raise NotFound()
    return copy


def case_by_id(case_id: int) -> Case:
    """For a listener of the cases' events (which carry ids): the case with its hall."""
    return Case.objects.select_related("hall").get(pk=case_id)


def concluded_between(first: datetime.date, last: datetime.date) -> QuerySet[Case]:
    """Cases concluded from `first` to `last`, that the applicant can be texted about."""
    return (
        Case.objects.filter(concluded_on__range=(first, last), hall__is_active=True)
        .exclude(applicant_phone_digest="")
        .select_related("hall")
    )


def _overdue(first: datetime.date, last: datetime.date, today: datetime.date) -> Q:
    """Due from `first` to `last`, the date passed, and not concluded by it."""
    return Q(due_date__range=(first, last), due_date__lt=today) & (
        Q(concluded_on__gt=F("due_date")) | Q(concluded_on__isnull=True, status__in=CLOCK_RUNNING)
    )


def overdue_between(
    hall: Hall, first: datetime.date, last: datetime.date, *, today: datetime.date
) -> QuerySet[Case]:
    """Cases whose due date fell from `first` to `last` (and has passed) without being
    concluded by it: each counted once, in the month it fell due (V5)."""
    return (
        Case.objects.filter(_overdue(first, last, today), hall=hall)
        .only("number", "handler_id", "due_date")
        .order_by("due_date", "number")
    )


def clock_counts(hall: Hall, today: datetime.date, soon: datetime.date) -> tuple[int, int]:
    """Cases of the hall overdue now, and due from today to `soon` (D1), in one query."""
    counts = Case.objects.filter(hall=hall, status__in=CLOCK_RUNNING).aggregate(
        overdue=Count("id", filter=Q(due_date__lt=today)),
        soon=Count("id", filter=Q(due_date__gte=today, due_date__lte=soon)),
    )
    return counts["overdue"], counts["soon"]


@dataclass
class CaseFigures:
    received: int = 0
    accepted: int = 0
    concluded: int = 0
    overdue: int = 0
    visits: int = 0  # to the window, of the cases concluded
    one_visit: int = 0  # concluded in a single visit (最多跑一次)
    corrections: int = 0  # asked for in the period

    def add(self, other: CaseFigures) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


CASES_BY = {
    "hall": "hall_id",
    "department": "department_id",
    "staff": "handler_id",
    "service_item": "service__item_id",
}


def case_figures(
    hall: Hall, first: datetime.date, last: datetime.date, by: str, *, today: datetime.date
) -> dict[int | None, CaseFigures]:
    """A report's case columns (F3) per hall, department, handler or service item: one
    grouped pass over the cases that moved in the period, one over its corrections."""
    key = CASES_BY[by]
    start, end = days_span(first, last)
    received = Q(received_at__gte=start, received_at__lt=end)
    accepted = Q(accepted_on__range=(first, last))
    concluded = Q(concluded_on__range=(first, last))
    overdue = _overdue(first, last, today)
    rows = (
        Case.objects.filter(received | accepted | concluded | overdue, hall=hall)
        .values(key)
        .annotate(
            received=Count("id", filter=received),
            accepted=Count("id", filter=accepted),
            concluded=Count("id", filter=concluded),
            overdue=Count("id", filter=overdue),
            visits=Sum("visit_count", filter=concluded, default=0),
            one_visit=Count("id", filter=concluded & Q(visit_count__lte=1)),
        )
        .values_list(key, "received", "accepted", "concluded", "overdue", "visits", "one_visit")
    )
    figures = {group: CaseFigures(*counts) for group, *counts in rows}
    corrections = (
        CorrectionRequest.objects.filter(
            case__hall=hall, requested_at__gte=start, requested_at__lt=end
        )
        .values(f"case__{key}")
        .annotate(n=Count("id"))
        .values_list(f"case__{key}", "n")
    )
    for group, n in corrections:
        figures.setdefault(group, CaseFigures()).corrections += n
    return figures
