"""What 好差评 offers the public: the surveys running today, on the hall's page and its
slips (V3), and the hall's satisfaction, on its page (V2)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.links import public_link
from hall.core.models import Hall
from hall.core.offers import Offer, public_offer
from hall.evaluation.selectors import (
    PUBLIC_DAYS,
    counted_ratings,
    open_surveys,
    satisfaction_total,
)


@public_offer(on_slip=True)
def surveys_running(hall: Hall) -> list[Offer]:
    return [
        Offer(survey.title, public_link(hall, "survey-answer", survey.token))
        for survey in open_surveys(hall, timezone.localdate())[:3]
    ]


@public_offer(on_slip=False)
def satisfaction_shown(hall: Hall) -> list[Offer]:
    end = timezone.localdate()
    ratings = counted_ratings(hall, end - datetime.timedelta(days=PUBLIC_DAYS), end)
    total = satisfaction_total(ratings, hall.name)
    if total.rate is None:
        return []
    label = _("Satisfaction %(rate)s%% (last %(days)s days, %(rated)s ratings)") % {
        "rate": total.rate,
        "days": PUBLIC_DAYS,
        "rated": total.rated,
    }
    return [Offer(label, public_link(hall, "satisfaction", hall.code))]
