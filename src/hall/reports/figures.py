"""Reports (F3): a period's work by hall, department, window, member of staff or service item:
tickets issued, served and no-shows, waiting (mean and 90th percentile) and service time,
appointments kept, cases received, accepted, concluded and overdue, visits per case and the
share done in one visit (最多跑一次), corrections asked, satisfaction. The page, its Excel and
the monthly PDF read this one computation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hall.cases.selectors import CaseFigures, case_figures
from hall.catalog.selectors import item_names
from hall.core.errors import InvalidInput
from hall.core.models import Department, Hall, User, Window
from hall.evaluation.selectors import counted_ratings, satisfaction_rates, satisfaction_total
from hall.queueing.summaries import TicketFigures, ticket_figures

BY = {
    "hall": gettext_lazy("Hall"),
    "department": gettext_lazy("Department"),
    "window": gettext_lazy("Window"),
    "staff": gettext_lazy("Staff member"),
    "service_item": gettext_lazy("Service item"),
}
MOST_DAYS = 366 + 1  # a year, the longest period a report reads at once


class PeriodBackwards(InvalidInput):
    code = "period_backwards"
    default_message = gettext_lazy("The period ends before it starts.")


@dataclass(frozen=True)
class Row:
    key: int | None
    label: str
    issued: int | None
    served: int | None
    no_shows: int | None
    wait_mean: float | None
    wait_p90: float | None
    service_mean: float | None
    appointments: int | None
    received: int | None
    accepted: int | None
    concluded: int | None
    overdue: int | None
    visits_per_case: float | None
    one_visit_share: float | None  # per cent
    corrections: int | None
    satisfaction: float | None  # per cent

    COLUMNS = (
        "issued", "served", "no_shows", "wait_mean", "wait_p90", "service_mean", "appointments",
        "received", "accepted", "concluded", "overdue", "visits_per_case", "one_visit_share",
        "corrections", "satisfaction",
    )  # fmt: skip

    def values(self) -> list[object]:
        return [getattr(self, column) for column in self.COLUMNS]


def column_titles() -> list[str]:
    return [
        _("Tickets issued"), _("Served"), _("No-shows"), _("Wait, mean (min)"),
        _("Wait, 90th percentile (min)"), _("Service, mean (min)"), _("Appointments kept"),
        _("Cases received"), _("Accepted"), _("Concluded"), _("Overdue"), _("Visits per case"),
        _("Done in one visit (%)"), _("Corrections asked"), _("Satisfaction (%)"),
    ]  # fmt: skip


def _row(
    key: int | None,
    label: str,
    tickets: TicketFigures | None,
    cases: CaseFigures | None,
    satisfaction: float | None,
) -> Row:
    return Row(
        key=key,
        label=label,
        issued=tickets.issued if tickets else None,
        served=tickets.served if tickets else None,
        no_shows=tickets.no_shows if tickets else None,
        wait_mean=tickets.wait_mean if tickets else None,
        wait_p90=tickets.wait_p90 if tickets else None,
        service_mean=tickets.service_mean if tickets else None,
        appointments=tickets.appointments if tickets else None,
        received=cases.received if cases else None,
        accepted=cases.accepted if cases else None,
        concluded=cases.concluded if cases else None,
        overdue=cases.overdue if cases else None,
        visits_per_case=round(cases.visits / cases.concluded, 2)
        if cases and cases.concluded
        else None,
        one_visit_share=round(100 * cases.one_visit / cases.concluded, 1)
        if cases and cases.concluded
        else None,
        corrections=cases.corrections if cases else None,
        satisfaction=round(satisfaction, 1) if satisfaction is not None else None,
    )


def _labels(hall: Hall, by: str) -> dict[int, str]:
    if by == "hall":
        return {hall.pk: hall.name}
    if by == "department":
        return dict(Department.objects.filter(hall=hall).values_list("pk", "name"))
    if by == "window":
        return {
            pk: _("Window %(number)s") % {"number": number}
            for pk, number in Window.objects.filter(hall=hall).values_list("pk", "number")
        }
    if by == "staff":
        return {u.pk: str(u) for u in User.objects.filter(hall=hall)}
    return item_names(hall)


Figures = TypeVar("Figures", TicketFigures, CaseFigures)


def _total(parts: dict[int | None, Figures], whole: Figures) -> Figures:
    for part in parts.values():
        whole.add(part)
    return whole


def report(
    hall: Hall, first: datetime.date, last: datetime.date, by: str, *, today: datetime.date
) -> list[Row]:
    """A row for each department, window, person or item with any figure, by label; the
    hall's total last (the sum of the rows: each ticket and case is in one). Tickets name no
    service item and cases no window: those columns stay empty in such rows."""
    if last < first:
        raise PeriodBackwards()
    if (last - first).days >= MOST_DAYS:
        raise InvalidInput(_("A report covers at most a year."))
    if by not in BY:
        raise InvalidInput()
    ticket_groups = ticket_figures(hall, first, last, "hall" if by == "service_item" else by)
    case_groups = case_figures(hall, first, last, "hall" if by == "window" else by, today=today)
    hall_rate = satisfaction_total(counted_ratings(hall, first, last), "").rate
    total = _row(
        hall.pk,
        hall.name,
        _total(ticket_groups, TicketFigures()),
        _total(case_groups, CaseFigures()),
        hall_rate,
    )
    if by == "hall":
        return [total]
    tickets = {} if by == "service_item" else ticket_groups
    cases = {} if by == "window" else case_groups
    rates = satisfaction_rates(hall, first, last, by)
    labels = _labels(hall, by)
    keys = {key for key in (*tickets, *cases, *rates) if key is not None}
    rows = sorted(
        (
            _row(key, labels.get(key, "—"), tickets.get(key), cases.get(key), rates.get(key))
            for key in keys
        ),
        key=lambda row: row.label,
    )
    return [*rows, total]
