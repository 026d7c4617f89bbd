"""Monthly score endpoints (V5): the same computation the pages and `hall performance
compute` read, and the review a member of staff asks for."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hall.core.access import access_hall, request_user
from hall.core.calendar import month_named
from hall.core.errors import NotFound
from hall.supervision import awards, scoring, services

router = Router(tags=["supervision"])
SEE_ALL = "supervision.view_scores"


class LineOut(Schema):
    rule: str = Field(..., description="absence, late_early, overdue_case, complaint, …")
    points: float
    record: str = Field(..., description="what caused it, e.g. complaint:TS-1")
    text: str


class ScoreOut(Schema):
    id: int
    username: str | None = None
    number: str | None = Field(None, description="the window's number")
    name: str
    department: str
    score: float
    lines: list[LineOut]


class MonthOut(Schema):
    hall: str
    month: str = Field(..., description="YYYY-MM")
    locked: bool
    staff: list[ScoreOut]
    windows: list[ScoreOut]
    awards: dict[str, list[dict[str, object]]]


@router.get("halls/{hall}/scores/{month}", response=MonthOut)
def month_scores(request: HttpRequest, hall: str, month: str) -> dict[str, object]:
    """Every score of the month with its lines (a draft until locked); a member of staff
    without the office's view gets their own only."""
    user = request_user(request)
    the_hall = access_hall(user, hall)
    first = month_named(month)
    data = scoring.month_scores(the_hall, first).as_json()
    if not user.has_perm(SEE_ALL):
        data["staff"] = [row for row in data["staff"] if row["id"] == user.pk]
        data["windows"] = []
    return {"hall": the_hall.code, **data, "awards": awards.awarded_in(the_hall, first)}


class ReviewIn(Schema):
    text: str = Field(..., max_length=1000)


class ReviewOut(Schema):
    id: int
    status: str


@router.post("halls/{hall}/scores/{month}/reviews", response={201: ReviewOut})
def review_request(request: HttpRequest, hall: str, month: str, payload: ReviewIn) -> Status:
    user = request_user(request)
    if access_hall(user, hall).pk != user.hall_id:
        raise NotFound()  # a review is asked of one's own hall
    review = services.review_request(
        actor=user, month=month_named(month), text=payload.text, via="api"
    )
    return Status(201, ReviewOut(id=review.pk, status=review.status))
