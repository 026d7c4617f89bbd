"""Reception (R1): visitors registered at the desk; consultation (R2): questions asked at the
desk, by phone, at a window or online, each owned by the first member of staff who took it
(首问负责制) until answered or handed over."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hall.core.masking import mask_name
from hall.core.models import Hall, Window, Zone
from hall.core.pii import DigestField, ResidentIdField
from hall.reception.choices import QuestionChannel, QuestionStatus


class ReceptionSettings(models.Model):
    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="reception_settings")
    open_question_hours = models.PositiveSmallIntegerField(
        _("an open question is flagged to the office after (hours)"), default=24
    )
    visitor_data_days = models.PositiveSmallIntegerField(
        _("keep visitors' names and ID numbers for (days)"),
        default=30,
        help_text=_("Personal data (X2): erased afterwards; the visits stay for statistics."),
    )

    class Meta:
        verbose_name = _("reception settings")
        verbose_name_plural = _("reception settings")

    def __str__(self) -> str:
        return str(self.hall)


class Question(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("time of the question"))
    channel = models.CharField(_("channel"), max_length=8, choices=QuestionChannel.choices)
    service_item = models.ForeignKey(
        "catalog.ServiceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service item"),
    )
    text = models.TextField(_("question"))
    # Who took it first (首问) and who answers for it now: one owner at a time.
    first_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    minutes_taken = models.PositiveSmallIntegerField(_("minutes taken"), null=True, blank=True)
    in_guide = models.BooleanField(_("in the guide's FAQ"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["hall", "status", "asked_at"], name="question_open_idx")]
        permissions = [("publish_faq", _("Can put answered questions in the guide's FAQ"))]

    def __str__(self) -> str:
        return self.text[:40]


class Handover(models.Model):
    """A question passed on (移交), with a note: the chain stays with the question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="handovers")
    at = models.DateTimeField(_("time"))
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.from_user_id} → {self.to_user_id}"


class Visit(models.Model):
    """A visitor registered at the desk (登记, R1): what they came for, who they are if they
    say (an ID number is encrypted; names are masked on screens), where they were sent, and
    the number they were given in the same step."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    service_item = models.ForeignKey(
        "catalog.ServiceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service item"),
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=50, blank=True)
    id_number = ResidentIdField(_("ID number"), blank=True)
    id_digest = DigestField(source="id_number")
    guided_to_zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    guided_to_window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey(
        "queueing.Ticket", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("visitor registration")
        verbose_name_plural = _("visitor registrations")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["hall", "at"], name="visit_hall_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"

    @property
    def name_display(self) -> str:
        return mask_name(self.name)
