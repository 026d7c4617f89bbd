from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicantForm(forms.Form):
    """Who books; the service checks the ID number and mobile (one rule for page and API)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class SlotForm(forms.Form):
    """The slot a page chose (hidden fields): a day and a start time."""

    date = forms.DateField()
    start = forms.TimeField(input_formats=["%H:%M"])

    @classmethod
    def chosen(cls, value: str) -> SlotForm:
        """From one button's value, "2026-12-08 09:30" (a list of slots in one form)."""
        day, _space, start = value.partition(" ")
        return cls({"date": day, "start": start})

    def slot(self) -> tuple[datetime.date, datetime.time] | None:
        if not self.is_valid():
            return None
        return self.cleaned_data["date"], self.cleaned_data["start"]


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Booking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    id_last4 = forms.CharField(
        label=_("Last four characters of the ID number"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class CheckInForm(forms.Form):
    code_or_id = forms.CharField(
        label=_("Booking code or ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
