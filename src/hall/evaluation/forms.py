from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
