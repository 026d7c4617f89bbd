from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hall.attendance.models import LeaveKind, PunchKind
from hall.core.hours import Period


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LeaveKind.choices)
    start_date = forms.DateField(
        label=pgettext_lazy("leave", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_period = forms.ChoiceField(label="", choices=Period.choices, initial=Period.AM)
    end_date = forms.DateField(
        label=pgettext_lazy("leave", "To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_period = forms.ChoiceField(label="", choices=Period.choices, initial=Period.PM)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    afterwards = forms.BooleanField(
        label=_("Asked afterwards (the leave has already begun)"), required=False
    )

    def clean(self) -> dict[str, Any]:
        """A leave in the past is asked afterwards on purpose, not by a mistyped year."""
        data = super().clean() or {}
        start = data.get("start_date")
        if start is not None and start < timezone.localdate() and not data.get("afterwards"):
            raise forms.ValidationError(
                _(
                    "The leave starts on %(date)s, in the past. If you are asking afterwards, "
                    "tick “Asked afterwards” and send it again."
                )
                % {"date": start.isoformat()}
            )
        return data


class PunchCorrectionForm(forms.Form):
    """补卡: the forgotten punch and why."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(label=_("Half-day"), choices=Period.choices)
    kind = forms.ChoiceField(label=_("Punch"), choices=PunchKind.choices)
    at = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)
