from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hall.attendance.models import LeaveKind, PunchKind
from hall.core.hours import Period


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LeaveKind.choices)
    start_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    start_period = forms.ChoiceField(label="", choices=Period.choices, initial=Period.AM)
    end_date = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    end_period = forms.ChoiceField(label="", choices=Period.choices, initial=Period.PM)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class PunchCorrectionForm(forms.Form):
    """补卡: the forgotten punch and why."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(label=_("Half-day"), choices=Period.choices)
    kind = forms.ChoiceField(label=_("Punch"), choices=PunchKind.choices)
    at = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)
