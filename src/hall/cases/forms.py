from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hall.cases.choices import ApplicantKind, DeliveryMethod, Outcome
from hall.cases.models import Case
from hall.catalog import selectors as catalog
from hall.core.inputs import parse_id
from hall.core.models import Department

if TYPE_CHECKING:  # types only: the catalog's models are read through its selectors
    from hall.catalog.models import Material, ServiceItemVersion


class IntakeForm(forms.Form):
    """收件 at the window: the item, the applicant, the materials ticked off its list."""

    service: forms.ModelChoiceField[ServiceItemVersion] = forms.ModelChoiceField(
        label=_("Service item"), queryset=None, empty_label=_("(choose)")
    )
    applicant_kind = forms.ChoiceField(
        label=_("Applicant"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name (person or company)"), max_length=100)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=30, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    materials: forms.ModelMultipleChoiceField[Material] = forms.ModelMultipleChoiceField(
        label=_("Materials received"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )

    def __init__(self, *args: Any, services: QuerySet[ServiceItemVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        chosen = parse_id(str(self.data.get("service") or self.initial.get("service") or ""))
        version = services.filter(pk=chosen).first() if chosen is not None else None
        self.version = version
        materials = cast(forms.ModelMultipleChoiceField, self.fields["materials"])
        materials.queryset = catalog.materials_of(version)


class CaseStepForm(forms.Form):
    """The small form of one step on the case file; it may need the case to offer choices."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case


def _material_choices(case: Case) -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in case.service.materials.order_by("position")]


class ReasonForm(CaseStepForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionsForm(CaseStepForm):
    missing = forms.MultipleChoiceField(
        label=_("Missing materials"), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["missing"]).choices = _material_choices(case)


class MaterialsForm(CaseStepForm):
    materials = forms.MultipleChoiceField(
        label=_("Materials handed in"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["materials"]).choices = _material_choices(case)


class JointReviewForm(CaseStepForm):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments reviewing together"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        departments = cast(forms.ModelMultipleChoiceField, self.fields["departments"])
        departments.queryset = Department.objects.filter(hall=case.hall_id)


class OpinionForm(CaseStepForm):
    opinion = forms.CharField(
        label=_("Preliminary opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConcludeForm(CaseStepForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeliverForm(CaseStepForm):
    method = forms.ChoiceField(label=_("Delivery"), choices=DeliveryMethod.choices)


class ExtendForm(CaseStepForm):
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 2}))


class ProgressForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=32)
    digits = forms.RegexField(
        label=_("Last 4 digits of the ID number or phone"),
        regex=r"^[0-9A-Za-z]{4}$",
        max_length=4,
        error_messages={"invalid": _("Enter exactly four characters.")},
    )


class VisitForm(forms.Form):
    ticket = forms.CharField(label=_("Number being served (today)"), max_length=12)
