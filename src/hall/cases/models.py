"""Cases (办件, C1-C7): what was handed in, where it stands, and its legal clock."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.cases.choices import (
    STEP_LABELS,
    ApplicantKind,
    CaseStatus,
    DeliveryMethod,
    DocumentKind,
    Outcome,
    TaskStatus,
    Warning,
)
from hall.core.masking import mask_name
from hall.core.models import Department, Hall
from hall.core.pii import CreditCodeField, DigestField, MobileField, ResidentIdField


class CaseSettings(models.Model):
    """Per hall: when the yellow warning comes and how long case files are kept."""

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="case_settings")
    warn_days_before = models.PositiveSmallIntegerField(
        _("yellow warning (working days before the due date)"), default=2
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention of case files (years)"), default=10
    )

    class Meta:
        verbose_name = _("case settings")
        verbose_name_plural = _("case settings")

    def __str__(self) -> str:
        return str(self.hall)


class CaseCounter(models.Model):
    """Case numbers of a hall's day, handed out under this row's lock."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hall", "day"], name="case_counter_unique")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.day}: {self.value}"


class Case(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("case number"), max_length=32, unique=True)
    service = models.ForeignKey(
        "catalog.ServiceItemVersion",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("service item"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="cases", verbose_name=_("department")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="handled_cases",
        verbose_name=_("handler"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default="", blank=True
    )

    applicant_kind = models.CharField(
        _("applicant kind"), max_length=10, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("applicant"), max_length=100)
    applicant_id_number = ResidentIdField(_("ID number"), blank=True)
    applicant_id_digest = DigestField(source="applicant_id_number")
    applicant_credit_code = CreditCodeField(_("unified social credit code"), blank=True)
    applicant_credit_digest = DigestField(source="applicant_credit_code")
    applicant_phone = MobileField(_("phone"), blank=True)
    applicant_phone_digest = DigestField(source="applicant_phone")
    # For the progress page (C5): the last four of the ID number / code and of the phone.
    applicant_id_tail = models.CharField(max_length=4, default="", blank=True, editable=False)
    applicant_phone_tail = models.CharField(max_length=4, default="", blank=True, editable=False)

    materials_received = models.ManyToManyField(
        "catalog.Material", blank=True, related_name="+", verbose_name=_("materials received")
    )
    received_at = models.DateTimeField(_("received at"))
    materials_arrived_on = models.DateField(
        _("materials arrived on"), help_text=_("the five-day rule counts from here")
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    deemed_accepted = models.BooleanField(
        _("accepted by default (no notice in 5 days)"), default=False
    )
    refusal_reason = models.TextField(_("reason for not accepting"), default="", blank=True)
    clock_paused_on = models.DateField(_("clock stopped on"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(
        _("working days stopped for corrections"), default=0
    )
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    warning = models.CharField(
        _("warning"), max_length=8, choices=Warning.choices, default="", blank=True
    )
    preliminary_opinion = models.TextField(_("preliminary opinion"), default="", blank=True)
    conclusion_note = models.TextField(_("conclusion"), default="", blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    delivery_method = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryMethod.choices, default="", blank=True
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    retain_until = models.DateField(_("kept until"), null=True, blank=True)
    personal_data_erased_on = models.DateField(_("personal data erased on"), null=True, blank=True)
    # Trips made for the case (its CaseVisit rows), counted by the one service that links
    # them: a year's report sums it instead of joining half a million cases to their visits.
    visit_count = models.PositiveSmallIntegerField(_("visits"), default=0, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        indexes = [
            # The deadline job reads only cases whose clock runs.
            models.Index(
                fields=["hall", "due_date"],
                condition=Q(status__in=["accepted", "in_process", "approval", "sent_up"]),
                name="case_clock_running_idx",
            ),
            models.Index(fields=["hall", "department", "status"], name="case_department_idx"),
            # The reports (F3) count what was received, accepted, concluded or fell due.
            models.Index(fields=["hall", "received_at"], name="case_received_idx"),
            models.Index(fields=["hall", "accepted_on"], name="case_accepted_idx"),
            models.Index(fields=["hall", "concluded_on"], name="case_concluded_idx"),
            models.Index(fields=["hall", "due_date"], name="case_due_idx"),
        ]
        permissions = [
            ("handle_case", _("Can receive and handle cases")),
            ("approve_case", _("Can approve cases on site (chief representative)")),
            ("approve_extension", _("Can approve an extension of a case")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def applicant_display(self) -> str:
        """The name as screens and documents show it (X2): 张*, or a company's full name."""
        if self.applicant_kind == ApplicantKind.COMPANY:
            return self.applicant_name
        return mask_name(self.applicant_name)


class CaseEvent(models.Model):
    """One step of the case's history (C2, C6): who moved it, from where to where, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(max_length=24, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=CaseStatus.choices)
    reason = models.TextField(_("reason"), default="", blank=True)
    detail = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"

    @property
    def action_label(self) -> str:
        return str(STEP_LABELS.get(self.action, self.action))


class CorrectionRequest(models.Model):
    """One one-time notice (一次性告知): everything missing, listed at once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrections")
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    missing = models.ManyToManyField(
        "catalog.Material", related_name="+", verbose_name=_("missing")
    )
    note = models.TextField(_("note"), default="", blank=True)
    resubmitted_on = models.DateField(_("handed in on"), null=True, blank=True)
    # Where the case goes back to when the corrections come in, if its clock was running.
    status_before = models.CharField(
        _("status before"), max_length=24, choices=CaseStatus.choices, blank=True
    )

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["requested_at"], name="correction_requested_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.requested_at:%Y-%m-%d}"


class CaseTask(models.Model):
    """A department's part of a joint review (联审联办); the case waits for every one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    opinion = models.TextField(_("opinion"), default="", blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="case_task_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.department_id}"


class CaseVisit(models.Model):
    """A trip the applicant made for this case: the ticket the window served it under (C7)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    ticket = models.ForeignKey(
        "queueing.Ticket", on_delete=models.PROTECT, related_name="case_visits"
    )
    linked_at = models.DateTimeField()
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "ticket"], name="case_visit_unique")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.ticket_id}"


def _archive_path(document: ArchivedDocument, filename: str) -> str:
    return f"archive/{document.case.hall.code}/{document.case.number}/{filename}"


class ArchivedDocument(models.Model):
    """The PDF of a document as it was when the case was archived (C6), kept as a file."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="archived_documents")
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(upload_to=_archive_path)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("archived document")
        verbose_name_plural = _("archived documents")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="archived_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
