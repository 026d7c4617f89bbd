"""The monthly score (V5) of each member of staff and each window: the hall's base (100) plus
a line for every record that moves it, capped at the hall's most (110).

Every page, the API and `hall performance compute` read `month_scores`: a draft computed from
the records at any time, or, once the office has locked the month, the scores as they were
locked. A record is counted once for a person or window: the lines are keyed by the rule and
the record, and a half-day judged 旷工 is not also counted as late."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.attendance.selectors import month_records, off_post_minutes
from hall.cases.selectors import overdue_between
from hall.core.hours import Period
from hall.core.inputs import add_months
from hall.core.models import Hall, User
from hall.core.selectors import windows_of_hall
from hall.evaluation.selectors import bad_ratings, complaints_upheld
from hall.queueing.selectors import served_between
from hall.supervision import selectors
from hall.supervision.choices import ScoreRule
from hall.supervision.models import (
    Commendation,
    Finding,
    LockedMonth,
    ScoreAdjustment,
)

HALF_DAY = Decimal("0.5")
STAFF, WINDOW = "staff", "window"


@dataclass(frozen=True)
class Line:
    rule: str
    points: Decimal
    record: str  # what caused it, e.g. "case:GZ20260302-0004" or "attendance:2026-03-04:am"
    text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "points": float(self.points),
            "record": self.record,
            "text": self.text,
        }


@dataclass
class Score:
    kind: str  # STAFF or WINDOW
    id: int
    key: str  # the username, or the window's number
    name: str
    department: str
    score: Decimal
    lines: list[Line] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        key = "username" if self.kind == STAFF else "number"
        return {
            "id": self.id,
            key: self.key,
            "name": self.name,
            "department": self.department,
            "score": float(self.score),
            "lines": [line.as_json() for line in self.lines],
        }

    @classmethod
    def from_json(cls, kind: str, row: dict[str, Any]) -> Score:
        return cls(
            kind=kind,
            id=row["id"],
            key=str(row.get("username", row.get("number"))),
            name=row["name"],
            department=row["department"],
            score=Decimal(str(row["score"])),
            lines=[
                Line(line["rule"], Decimal(str(line["points"])), line["record"], line["text"])
                for line in row["lines"]
            ],
        )


@dataclass
class MonthScores:
    month: datetime.date
    staff: list[Score]
    windows: list[Score]
    locked: bool = False

    def of_kind(self, kind: str) -> list[Score]:
        return self.staff if kind == STAFF else self.windows

    def of(self, kind: str, subject_id: int) -> Score | None:
        return next((s for s in self.of_kind(kind) if s.id == subject_id), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "month": f"{self.month:%Y-%m}",
            "locked": self.locked,
            "staff": [s.as_json() for s in self.staff],
            "windows": [s.as_json() for s in self.windows],
        }

    @classmethod
    def from_json(cls, month: datetime.date, data: dict[str, Any]) -> MonthScores:
        return cls(
            month,
            [Score.from_json(STAFF, row) for row in data["staff"]],
            [Score.from_json(WINDOW, row) for row in data["windows"]],
            locked=True,
        )


def month_scores(
    hall: Hall, month: datetime.date, *, now: datetime.datetime | None = None
) -> MonthScores:
    """The month's scores: as locked, or a draft from the records as they are now."""
    locked = LockedMonth.objects.filter(hall=hall, month=month).first()
    if locked is not None:
        return MonthScores.from_json(month, locked.scores)
    return draft_scores(hall, month, now=now or timezone.now())


def scored_staff(hall: Hall) -> QuerySet[User]:
    """Whom the scores are about: the hall's active members of a department."""
    return (
        User.objects.filter(hall=hall, is_active=True, departments__isnull=False)
        .distinct()
        .prefetch_related("departments")
        .order_by("staff_number", "username")
    )


class _Ledger:
    """The lines per person and window, each (rule, record) at most once."""

    def __init__(self, rules: dict[str, Decimal]) -> None:
        self.rules = rules
        self.lines: dict[tuple[str, int], dict[tuple[str, str], Line]] = defaultdict(dict)

    def add(
        self,
        kind: str,
        subject_id: int | None,
        rule: str,
        record: str,
        text: str,
        *,
        points: Decimal | None = None,
    ) -> None:
        points = self.rules[rule] if points is None else points
        if subject_id is None or not points:
            return
        self.lines[(kind, subject_id)].setdefault((rule, record), Line(rule, points, record, text))

    def both(self, staff_id: int | None, window_id: int | None, *args: Any, **kw: Any) -> None:
        self.add(STAFF, staff_id, *args, **kw)
        self.add(WINDOW, window_id, *args, **kw)


def draft_scores(hall: Hall, month: datetime.date, *, now: datetime.datetime) -> MonthScores:
    first = month.replace(day=1)
    last = add_months(first, 1) - datetime.timedelta(days=1)
    settings = selectors.supervision_settings(hall)
    ledger = _Ledger(selectors.score_rules(hall))
    people = list(scored_staff(hall))
    windows = list(windows_of_hall(hall))

    _attendance(ledger, hall, people, first, now)
    today = timezone.localdate(now)
    for case in overdue_between(hall, first, last, today=today):
        ledger.add(
            STAFF,
            case.handler_id,
            ScoreRule.OVERDUE_CASE,
            f"case:{case.number}",
            _("Case %(number)s overdue (due %(due)s)")
            % {"number": case.number, "due": case.due_date},
        )
    for complaint in complaints_upheld(hall, first, last):
        ledger.both(
            complaint.staff_id,
            complaint.window_id,
            ScoreRule.COMPLAINT,
            f"complaint:{complaint.number}",
            _("Complaint %(number)s substantiated") % {"number": complaint.number},
        )
    for rating in bad_ratings(hall, first, last):
        ledger.both(
            rating.staff_id,
            rating.window_id,
            ScoreRule.BAD_RATING,
            f"rating:{rating.pk}",
            _("Bad rating of %(day)s") % {"day": timezone.localdate(rating.created_at)},
        )
    for finding in Finding.objects.filter(
        hall=hall, created_at__date__gte=first, created_at__date__lte=last
    ):
        ledger.both(
            finding.staff_id,
            finding.window_id,
            ScoreRule.FINDING,
            f"finding:{finding.pk}",
            _("Inspection finding: %(point)s") % {"point": finding.point},
        )
    for letter in Commendation.objects.filter(hall=hall, received_on__range=(first, last)):
        ledger.both(
            letter.staff_id,
            letter.window_id,
            ScoreRule.COMMENDATION,
            f"commendation:{letter.pk}",
            _("Commendation from %(source)s") % {"source": letter.source},
        )
    for kind, by in ((STAFF, "served_by"), (WINDOW, "window")):
        _volume_rank(ledger, kind, hall, first, last, by)
    for change in ScoreAdjustment.objects.filter(hall=hall, month=first):
        ledger.both(
            change.staff_id,
            change.window_id,
            ScoreRule.ADJUSTMENT,
            f"adjustment:{change.pk}",
            change.reason,
            points=change.points,
        )

    def score(kind: str, subject_id: int, key: str, name: str, department: str) -> Score:
        found = ledger.lines[(kind, subject_id)].values()
        lines = sorted(found, key=lambda line: (line.rule, line.record))
        total = Decimal(settings.score_base) + sum((line.points for line in lines), Decimal(0))
        capped = min(Decimal(settings.score_cap), max(Decimal(0), total))
        return Score(kind, subject_id, key, name, department, capped, lines)

    return MonthScores(
        first,
        [
            score(
                STAFF,
                p.pk,
                p.username,
                str(p),
                "、".join(d.name for d in p.departments.all()),
            )
            for p in people
        ],
        [
            score(
                WINDOW,
                w.pk,
                str(w.number),
                _("Window %(number)s") % {"number": w.number},
                "、".join(d.name for d in w.departments.all()),
            )
            for w in windows
        ],
    )


def _attendance(
    ledger: _Ledger, hall: Hall, people: list[User], month: datetime.date, now: datetime.datetime
) -> None:
    """旷工 per half-day; otherwise late and early each once (S5's judgement of the day)."""
    off_post = off_post_minutes(hall, month)
    for person in people:
        for record in month_records(person, month, now=now, off_post=off_post):
            at = f"attendance:{record.day}:{record.period}"
            when = {"day": record.day, "period": Period(record.period).label}
            if record.absence:
                ledger.add(
                    STAFF,
                    person.pk,
                    ScoreRule.ABSENCE,
                    at,
                    _("Absent without leave: %(day)s %(period)s") % when,
                    points=ledger.rules[ScoreRule.ABSENCE] * (record.absence / HALF_DAY),
                )
                continue
            if record.late_minutes:
                ledger.add(
                    STAFF,
                    person.pk,
                    ScoreRule.LATE_EARLY,
                    f"{at}:late",
                    _("Late: %(day)s %(period)s") % when,
                )
            if record.early_minutes:
                ledger.add(
                    STAFF,
                    person.pk,
                    ScoreRule.LATE_EARLY,
                    f"{at}:early",
                    _("Left early: %(day)s %(period)s") % when,
                )


def _volume_rank(
    ledger: _Ledger,
    kind: str,
    hall: Hall,
    first: datetime.date,
    last: datetime.date,
    by: str,
) -> None:
    """The first place earns the rule's points, each place below one less; equal volumes
    share a place."""
    top = ledger.rules[ScoreRule.VOLUME_RANK]
    served = served_between(hall, first, last, by)
    for subject_id, figures in served.items():
        place = 1 + sum(1 for other in served.values() if other.count > figures.count)
        points = top - (place - 1)
        if points > 0:
            ledger.add(
                kind,
                subject_id,
                ScoreRule.VOLUME_RANK,
                f"volume:{first:%Y-%m}",
                _("Place %(place)s by volume this month (%(count)s served)")
                % {"place": place, "count": figures.count},
                points=points,
            )


def period_scores(
    hall: Hall, first_month: datetime.date, months: int, *, now: datetime.datetime | None = None
) -> list[MonthScores]:
    """The scores of a quarter's or year's months so far (locked ones as locked)."""
    now = now or timezone.now()
    months_so_far = [add_months(first_month, n) for n in range(months)]
    return [
        month_scores(hall, month, now=now)
        for month in months_so_far
        if month <= timezone.localdate(now)
    ]


def rolled_up(months: list[MonthScores]) -> dict[tuple[str, int], Decimal]:
    """A quarter's or year's score per person and window: the mean of its months."""
    totals: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for scores in months:
        for kind in (STAFF, WINDOW):
            for row in scores.of_kind(kind):
                totals[(kind, row.id)].append(row.score)
    return {
        key: (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))
        for key, values in totals.items()
    }
