from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hall.attendance.models import LeaveKind
from hall.rostering.choices import Period


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LeaveKind.choices)
    start_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    start_period = forms.ChoiceField(label="", choices=Period.choices, initial=Period.AM)
    end_date = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    end_period = forms.ChoiceField(label="", choices=Period.choices, initial=Period.PM)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
