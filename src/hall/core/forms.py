from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from hall.core.calendar import MAX_WORKING_DAYS
from hall.core.choices import WindowState
from hall.core.errors import InvalidInput
from hall.core.inputs import DateOutOfRange, check_date


class WindowStateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=WindowState.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class HallNoticeForm(forms.Form):
    text = forms.CharField(
        label=_("Notice on the boards"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to clear it."),
    )


class DueDateForm(forms.Form):
    start = forms.DateField(label=_("Start date"), initial=datetime.date.today)
    working_days = forms.IntegerField(
        label=_("Working days"), min_value=0, max_value=MAX_WORKING_DAYS, initial=20
    )

    def clean_start(self) -> datetime.date:
        try:
            return check_date(self.cleaned_data["start"])
        except DateOutOfRange as error:
            raise forms.ValidationError(error.message) from None


def form_errors(form: forms.Form) -> InvalidInput:
    """A small form of an htmx button that did not validate: its errors as one message, each
    under its field's label (never the field's code name)."""
    messages = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            if field is not None and field.label:
                error = _("%(field)s: %(error)s") % {"field": field.label, "error": error}
            messages.append(str(error))
    return InvalidInput(" ".join(messages))
