from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hall.evaluation.choices import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintKind,
    QuestionKind,
)


class RatingForm(forms.Form):
    level = forms.IntegerField(min_value=1, max_value=5)
    tags = forms.MultipleChoiceField(
        label=_("What stood out"), required=False, widget=forms.CheckboxSelectMultiple
    )
    mobile = forms.CharField(
        label=_("Your mobile, if you want a call back"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    comment = forms.CharField(
        label=_("Anything else (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, tags: list[str], **kwargs: object) -> None:
        """`tags`: those the hall offers for the chosen level."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own arguments
        self.fields["tags"].choices = [(t, t) for t in tags]  # type: ignore[attr-defined]  # a choice field


class ComplaintForm(forms.Form):
    """A complaint or suggestion as the person writes it on the hall page."""

    kind = forms.ChoiceField(
        label=_("Complaint or suggestion"),
        choices=ComplaintKind.choices,
        initial=ComplaintKind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    content = forms.CharField(
        label=_("What happened, or what you suggest"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    window = forms.IntegerField(
        label=_("Window number, if you know it"), required=False, min_value=1, max_value=999
    )
    anonymous = forms.BooleanField(label=_("Anonymous (we cannot reply to you)"), required=False)
    name = forms.CharField(label=_("Your name"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Your mobile, for the reply"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_number = forms.CharField(label=_("ID number (optional)"), max_length=20, required=False)


class ComplaintRecordForm(ComplaintForm):
    """The office records one that came by phone, letter, at the counter or from 12345."""

    channel = forms.ChoiceField(label=_("Channel"), choices=ComplaintChannel.choices)
    hotline_reference = forms.CharField(label=_("12345 reference"), max_length=40, required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "—"), *ComplaintCategory.choices], required=False
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    intro = forms.CharField(
        label=_("Introduction"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=200)
    options = forms.CharField(
        label=_("Options, one per line (single choice)"),
        required=False,
        max_length=1100,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
