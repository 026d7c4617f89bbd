"""Reads of 好差评 that the pages, the pad and the API share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Avg, Case, Count, F, Q, QuerySet, When
from django.utils import timezone

from hall.core.hours import day_span, days_span
from hall.core.memo import Memo
from hall.core.models import Department, Hall, User, Window
from hall.core.selectors import hall_settings
from hall.evaluation.choices import (
    AGAINST_STAFF,
    AppealStatus,
    ComplaintStatus,
    Finding,
    FollowUpStatus,
    Level,
    SurveyStatus,
)
from hall.evaluation.models import (
    Appeal,
    Complaint,
    EvaluationSettings,
    FollowUp,
    PublishedRanking,
    Rating,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)
from hall.queueing.selectors import last_finished_at_window

if TYPE_CHECKING:
    from hall.queueing.models import Ticket

_settings: Memo[EvaluationSettings] = Memo(seconds=5.0, cleared_by=(EvaluationSettings,))


def evaluation_settings(hall: Hall) -> EvaluationSettings:
    return _settings.get(hall.pk, lambda: hall_settings(EvaluationSettings, hall.pk))


def tags_for(hall: Hall, level: int) -> list[str]:
    return [str(t) for t in evaluation_settings(hall).tags.get(str(level), [])]


# A pad's rating is taken this long after the finish at most: someone still typing a comment
# when the pad's own time runs out is not refused, and nobody can rate yesterday's ticket.
PAD_RATING_LIMIT = datetime.timedelta(minutes=10)


def ticket_for_pad(window: Window, *, within: datetime.timedelta | None = None) -> Ticket | None:
    """The ticket the window's pad offers: the last finished there, within the pad's time
    (or `within`), and not rated yet (一次一评: the phone may have been quicker)."""
    wait = within or datetime.timedelta(seconds=evaluation_settings(window.hall).pad_seconds)
    ticket = last_finished_at_window(window.pk, timezone.now() - wait)
    if ticket is None or Rating.objects.filter(ticket=ticket).exists():
        return None
    return ticket


def follow_ups(hall: Hall, departments: QuerySet[Department]) -> QuerySet[FollowUp]:
    """The follow-ups of the departments in the reader's charge (a rating of no department
    is the office's), open ones first, the most urgent first."""
    in_charge = Q(department__in=departments)
    if departments.count() == Department.objects.filter(hall=hall).count():
        in_charge |= Q(department__isnull=True)
    return (
        FollowUp.objects.filter(in_charge, hall=hall)
        .select_related(
            "rating__staff", "rating__window", "rating__ticket", "rating__case", "department"
        )
        .order_by(
            Case(When(status=FollowUpStatus.CLOSED, then=1), default=0),
            "callback_due",
            "pk",
        )
    )


@dataclass(frozen=True)
class LoopFigures:
    """How the 差评 loop is kept (V2: every bad rating called back and answered, 100 %)."""

    opened: int
    called_back: int
    called_back_on_time: int
    answered: int  # closed: explained, or rectified and told
    to_rectify: int  # found substantiated
    rectified_on_time: int

    @staticmethod
    def rate(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def callback_rate(self) -> int | None:
        return self.rate(self.called_back, self.opened)

    @property
    def on_time_rate(self) -> int | None:
        return self.rate(self.called_back_on_time, self.opened)

    @property
    def reply_rate(self) -> int | None:
        return self.rate(self.answered, self.opened)

    @property
    def rectified_on_time_rate(self) -> int | None:
        return self.rate(self.rectified_on_time, self.to_rectify)


def loop_figures(follow_ups: QuerySet[FollowUp]) -> LoopFigures:
    """Of these follow-ups, counted in one query."""
    totals = follow_ups.aggregate(
        opened=Count("pk"),
        called_back=Count("pk", filter=Q(called_back_at__isnull=False)),
        on_time=Count(
            "pk",
            filter=Q(called_back_at__isnull=False, called_back_at__date__lte=F("callback_due")),
        ),
        answered=Count("pk", filter=Q(status=FollowUpStatus.CLOSED)),
        to_rectify=Count("pk", filter=Q(finding=Finding.SUBSTANTIATED)),
        rectified_on_time=Count(
            "pk",
            filter=Q(rectified_at__isnull=False, rectified_at__date__lte=F("rectify_due")),
        ),
    )
    return LoopFigures(
        totals["opened"],
        totals["called_back"],
        totals["on_time"],
        totals["answered"],
        totals["to_rectify"],
        totals["rectified_on_time"],
    )


def own_ratings(user: User, since: datetime.date | None = None) -> QuerySet[Rating]:
    """A member of staff's ratings (their own figures, and what they may appeal), all of
    them or `since` a day."""
    ratings = Rating.objects.filter(staff=user)
    if since is not None:
        ratings = ratings.filter(created_at__gte=day_span(since)[0])
    return ratings.select_related("ticket", "case", "window", "appeal", "hall").order_by(
        "-created_at"
    )


def appeals(hall: Hall) -> QuerySet[Appeal]:
    """The hall's appeals, those waiting first."""
    return (
        Appeal.objects.filter(hall=hall)
        .select_related("rating__ticket", "rating__case", "rating__window", "staff", "decided_by")
        .order_by(Case(When(status=AppealStatus.PENDING, then=0), default=1), "-created_at")
    )


def complaints_listed(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Open ones first, the earliest reply-by date first; then the answered, newest first."""
    return complaints.order_by(
        Case(
            When(status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED), then=0),
            default=1,
        ),
        "due_date",
        "-received_at",
    )


def complaints_about(user: User) -> QuerySet[Complaint]:
    """What a member of staff sees of the complaints about them: those answered, with the
    finding and the reply (who complained is never shown to them)."""
    return (
        Complaint.objects.filter(
            staff=user, status__in=(ComplaintStatus.REPLIED, ComplaintStatus.CLOSED)
        )
        .select_related("window", "department")
        .order_by("-received_at")
    )


# --- surveys (V3) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question: SurveyQuestion
    answered: int
    options: list[tuple[str, int]]  # a single choice: each option and how often it was chosen
    mean: float | None  # a score: the mean of 1–5
    texts: list[str]  # free text: the latest


@dataclass(frozen=True)
class GroupResult:
    """A department's or a window's share of the answers: responses and each score's mean,
    in the order of the questions asked for (None where nobody scored it)."""

    label: str
    responses: int
    means: list[float | None]


TEXTS_SHOWN = 50


def survey_results(survey: Survey) -> tuple[int, list[QuestionResult]]:
    """How many answered, and each question's figures, in a fixed number of queries."""
    questions = list(survey.questions.all())
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    counts: dict[int, dict[str, int]] = {}
    for row in answers.exclude(option="").values("question", "option").annotate(n=Count("pk")):
        counts.setdefault(row["question"], {})[row["option"]] = row["n"]
    scores = {
        row["question"]: row
        for row in answers.filter(score__isnull=False)
        .values("question")
        .annotate(n=Count("pk"), mean=Avg("score"))
    }
    texts: dict[int, list[str]] = {}
    for question_id, text in (
        answers.exclude(text="")
        .order_by("-pk")
        .values_list("question", "text")[: TEXTS_SHOWN * max(1, len(questions))]
    ):
        texts.setdefault(question_id, [])
        if len(texts[question_id]) < TEXTS_SHOWN:
            texts[question_id].append(text)
    results = []
    for q in questions:
        chosen = counts.get(q.pk, {})
        score = scores.get(q.pk)
        answered = sum(chosen.values()) + (score["n"] if score else 0) + len(texts.get(q.pk, []))
        results.append(
            QuestionResult(
                question=q,
                answered=answered,
                options=[(option, chosen.get(option, 0)) for option in q.options],
                mean=round(score["mean"], 2) if score else None,
                texts=texts.get(q.pk, []),
            )
        )
    return survey.responses.count(), results


def survey_by(survey: Survey, group: str, scored: list[SurveyQuestion]) -> list[GroupResult]:
    """The responses and the means of the `scored` questions per department
    (`group="department"`) or window (its number as the label), in two queries."""
    label = {"department": "department__name", "window": "window__number"}[group]
    counts = {
        row[group]: (str(row[label]), row["n"])
        for row in survey.responses.exclude(**{f"{group}__isnull": True})
        .values(group, label)
        .annotate(n=Count("pk"))
        .order_by(label)
    }
    means = {
        (row[f"response__{group}"], row["question"]): round(row["mean"], 2)
        for row in SurveyAnswer.objects.filter(response__survey=survey, score__isnull=False)
        .exclude(**{f"response__{group}__isnull": True})
        .values(f"response__{group}", "question")
        .annotate(mean=Avg("score"))
    }
    return [
        GroupResult(name, n, [means.get((key, q.pk)) for q in scored])
        for key, (name, n) in counts.items()
    ]


def open_surveys(hall: Hall, day: datetime.date) -> QuerySet[Survey]:
    return Survey.objects.filter(
        hall=hall, status=SurveyStatus.OPEN, starts_on__lte=day, ends_on__gte=day
    )


def surveys_of(hall: Hall) -> QuerySet[Survey]:
    """The hall's surveys, newest first, each with how many answered."""
    return Survey.objects.filter(hall=hall).annotate(answered=Count("responses"))


# --- satisfaction figures (V2) -------------------------------------------------------------------

PERIODS = ("day", "month", "quarter")
PUBLIC_DAYS = 90  # the public figures: the last three months, enough ratings to mean something
GOOD = 4  # 满意 and 非常满意: the satisfaction rate counts these


@dataclass(frozen=True)
class Satisfaction:
    label: str
    rated: int
    good: int
    bad: int  # 差评

    @property
    def rate(self) -> float | None:
        """The share of 非常满意 and 满意, in per cent with one decimal."""
        return round(100 * self.good / self.rated, 1) if self.rated else None


BY = {
    "window": "window__number",
    "staff": "staff__full_name",
    "department": "department__name",
    "service_item": "service_item__current__name",
}


def counted_ratings(hall: Hall, start: datetime.date, end: datetime.date) -> QuerySet[Rating]:
    """The ratings of the period that count (an upheld appeal takes one out of the figures)."""
    since, until = days_span(start, end)
    return Rating.objects.filter(
        hall=hall, counted=True, created_at__gte=since, created_at__lt=until
    )


def satisfaction_by(ratings: QuerySet[Rating], by: str) -> list[Satisfaction]:
    """Per window, member of staff, department or service item, the best rate first (the
    monthly ranking), in one query."""
    label = BY[by]
    rows = (
        ratings.exclude(**{f"{label}__isnull": True})
        .values(by, label)
        .annotate(
            rated=Count("pk"),
            good=Count("pk", filter=Q(level__gte=GOOD)),
            bad=Count("pk", filter=Q(level__lte=Level.DISSATISFIED)),
        )
    )
    figures = [Satisfaction(str(r[label]), r["rated"], r["good"], r["bad"]) for r in rows]
    return sorted(figures, key=lambda f: (-(f.rate or 0), -f.rated, f.label))


def satisfaction_total(ratings: QuerySet[Rating], label: str) -> Satisfaction:
    totals = ratings.aggregate(
        rated=Count("pk"),
        good=Count("pk", filter=Q(level__gte=GOOD)),
        bad=Count("pk", filter=Q(level__lte=Level.DISSATISFIED)),
    )
    return Satisfaction(label, totals["rated"], totals["good"], totals["bad"])


def latest_ranking(hall: Hall) -> PublishedRanking | None:
    return PublishedRanking.objects.filter(hall=hall).first()


# --- what the monthly scores and awards read (V5) -------------------------------------------------


def complaints_upheld(hall: Hall, start: datetime.date, end: datetime.date) -> QuerySet[Complaint]:
    """Complaints answered in the period and found (partly) substantiated: each counts
    against the member of staff and the window it names."""
    return Complaint.objects.filter(
        hall=hall,
        finding__in=AGAINST_STAFF,
        replied_at__date__gte=start,
        replied_at__date__lte=end,
    ).only("number", "staff_id", "window_id", "replied_at")


def bad_ratings(hall: Hall, start: datetime.date, end: datetime.date) -> QuerySet[Rating]:
    """差评 of the period that still count: not taken out by an upheld appeal."""
    return (
        counted_ratings(hall, start, end)
        .filter(level__lte=Level.DISSATISFIED)
        .only("pk", "staff_id", "window_id", "created_at")
    )


def satisfaction_rates(
    hall: Hall, start: datetime.date, end: datetime.date, by: str
) -> dict[int, float]:
    """The satisfaction rate per member of staff or window (by id), for breaking ties."""
    rows = (
        counted_ratings(hall, start, end)
        .exclude(**{f"{by}__isnull": True})
        .values(by)
        .annotate(rated=Count("pk"), good=Count("pk", filter=Q(level__gte=GOOD)))
    )
    return {r[by]: 100 * r["good"] / r["rated"] for r in rows}
