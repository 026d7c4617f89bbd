from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from hall.core.choices import WindowState
from hall.core.errors import InvalidInput


class WindowStateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=WindowState.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class DueDateForm(forms.Form):
    start = forms.DateField(label=_("Start date"), initial=datetime.date.today)
    working_days = forms.IntegerField(
        label=_("Working days"), min_value=0, max_value=3650, initial=20
    )


def form_errors(form: forms.Form) -> InvalidInput:
    """A small form of an htmx button that did not validate: its errors as one message."""
    return InvalidInput(" ".join(str(e) for errors in form.errors.values() for e in errors))
