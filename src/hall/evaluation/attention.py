"""The 好差评 rules the dashboard warns of: a bad rating not called back, or not rectified,
by its due date (V2: every bad rating is called back and answered)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.attention import attention_check
from hall.core.models import Hall
from hall.evaluation.choices import ComplaintStatus, FollowUpStatus
from hall.evaluation.models import Complaint, FollowUp


@attention_check
def follow_ups_overdue(hall: Hall) -> list[str]:
    today = timezone.localdate()
    late = FollowUp.objects.filter(hall=hall).aggregate(
        call_back=Count("pk", filter=Q(status=FollowUpStatus.CALL_BACK, callback_due__lt=today)),
        rectify=Count("pk", filter=Q(status=FollowUpStatus.RECTIFYING, rectify_due__lt=today)),
    )
    warnings = []
    if late["call_back"]:
        warnings.append(
            _("%(n)s bad ratings were not called back by their due date.")
            % {"n": late["call_back"]}
        )
    if late["rectify"]:
        warnings.append(
            _("%(n)s bad ratings were not rectified by their due date.") % {"n": late["rectify"]}
        )
    return warnings


@attention_check
def complaints_late(hall: Hall) -> list[str]:
    late = Complaint.objects.filter(
        hall=hall,
        status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED),
        due_date__lt=timezone.localdate(),
    ).count()
    if not late:
        return []
    return [_("%(n)s complaints were not answered by their date.") % {"n": late}]
