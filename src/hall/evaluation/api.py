"""好差评 endpoints (V2): the same services the phone page and the pad use."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hall.core.auth import OPTIONAL_AUTH
from hall.evaluation import services
from hall.evaluation.access import refuse_staff
from hall.evaluation.choices import RatingChannel
from hall.evaluation.models import Rating
from hall.queueing.access import ticket_by_follow_token

router = Router(tags=["evaluation"])


class RatingIn(Schema):
    level: int = Field(..., description="5 = 非常满意 … 1 = 非常不满意")
    tags: list[str] = Field(default_factory=list, max_length=10)
    comment: str = Field("", max_length=300)
    mobile: str = Field("", max_length=20, description="with a 差评: for the call back")


class FollowUpOut(Schema):
    callback_due: datetime.date
    rectify_due: datetime.date


class RatingOut(Schema):
    id: int
    level: int
    bad: bool
    follow_up: FollowUpOut | None


def rating_out(rating: Rating) -> RatingOut:
    follow_up = getattr(rating, "follow_up", None)
    return RatingOut(
        id=rating.pk,
        level=rating.level,
        bad=rating.is_bad,
        follow_up=(
            FollowUpOut(callback_due=follow_up.callback_due, rectify_due=follow_up.rectify_due)
            if follow_up
            else None
        ),
    )


@router.post("t/{follow_token}/evaluation", response={201: RatingOut}, auth=OPTIONAL_AUTH)
def rate_ticket(request: HttpRequest, follow_token: str, payload: RatingIn) -> Status:
    """Rate a finished ticket once (一次一评). Again: 409 `already_evaluated`; before it is
    finished: 409 `not_finished`; a staff session: 403 `staff_cannot_rate`."""
    refuse_staff(request)
    rating = services.rating_give(
        ticket=ticket_by_follow_token(follow_token),
        level=payload.level,
        tags=payload.tags,
        comment=payload.comment,
        mobile=payload.mobile,
        channel=RatingChannel.PHONE,
        via="api",
    )
    return Status(201, rating_out(rating))
