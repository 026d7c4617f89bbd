from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hall.core.inputs import SMALL_INTEGER
from hall.core.models import Hall
from hall.queueing.models import PriorityClass, TicketCategory


class ReceptionTicketForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=TicketCategory.objects.none(),
        to_field_name="code",
        empty_label=None,
    )
    priority = forms.ModelChoiceField(
        label=_("Priority"),
        queryset=PriorityClass.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("None"),
    )
    priority_reason = forms.CharField(
        label=_("Reason for the priority"), max_length=200, required=False
    )
    mobile = forms.CharField(
        label=_("Mobile for the SMS (optional)"), max_length=20, required=False
    )
    notify_when_ahead = forms.IntegerField(
        label=_("SMS when this many are ahead"), min_value=1, max_value=50, required=False
    )

    def __init__(self, *args: Any, hall: Hall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = cast(forms.ModelChoiceField, self.fields["category"])
        categories.queryset = TicketCategory.objects.filter(hall=hall, is_active=True)
        priorities = cast(forms.ModelChoiceField, self.fields["priority"])
        priorities.queryset = PriorityClass.objects.filter(hall=hall)


class SmsForm(forms.Form):
    mobile = forms.CharField(label=_("Mobile"), max_length=20)
    notify_when_ahead = forms.IntegerField(
        label=_("Tell me when this many are ahead"), min_value=1, max_value=50, initial=3
    )


class PauseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class TransferForm(forms.Form):
    category = forms.CharField(required=False)
    window = forms.IntegerField(required=False, min_value=1, max_value=SMALL_INTEGER)
