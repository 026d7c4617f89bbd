"""好差评 (V2): one rating per service given, and the follow-up a bad one opens.

A `Rating` belongs to the ticket it rates (one each: a unique column, so a pad and a phone
tapping at the same instant store one) and to whoever served it, at which window, for which
department. A 差评 opens a `FollowUp` at once: a call back and a rectification, each with a
due date in working days of the hall calendar.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.cases.choices import Warning
from hall.core.models import Department, Hall, Window
from hall.core.pii import MobileField, ResidentIdField
from hall.evaluation.choices import (
    AGAINST_STAFF,
    AppealStatus,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintFinding,
    ComplaintKind,
    ComplaintStatus,
    Finding,
    FollowUpStatus,
    Level,
    QuestionKind,
    RatingChannel,
    ReportStatus,
    SurveyStatus,
    default_tags,
)


class EvaluationSettings(models.Model):
    """A hall's 好差评 rules, each with the common value as its default."""

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="evaluation_settings")
    tags = models.JSONField(
        _("tags offered per level"),
        default=default_tags,
        help_text=_('By level, 5 the best: {"1": ["态度不好", …], …}'),
    )
    rate_within_days = models.PositiveSmallIntegerField(
        _("a service can be rated within (days)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("After its finish or conclusion; the case reminder goes on day 3."),
    )
    callback_working_days = models.PositiveSmallIntegerField(
        _("call back a bad rating within (working days)"), default=1
    )
    rectify_working_days = models.PositiveSmallIntegerField(
        _("rectify within (working days)"), default=15
    )
    complaint_working_days = models.PositiveSmallIntegerField(
        _("reply to a complaint within (working days)"), default=5
    )
    appeal_working_days = models.PositiveSmallIntegerField(
        _("staff may appeal a rating within (working days)"), default=5
    )
    warn_working_days = models.PositiveSmallIntegerField(
        _("warn of a follow-up due within (working days)"),
        default=3,
        help_text=_("Yellow before the due date, red after it, as for cases."),
    )
    pad_seconds = models.PositiveSmallIntegerField(
        _("a rating pad waits for a rating (seconds)"),
        default=60,
        validators=[MinValueValidator(10), MaxValueValidator(600)],
        help_text=_("Then it thanks and shows the window's badge again."),
    )

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")

    def __str__(self) -> str:
        return str(self.hall)


class Rating(models.Model):
    """One service rated: a ticket served (一次一评) or a case concluded (一事一评)."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="ratings")
    ticket = models.OneToOneField(
        "queueing.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rating",
        verbose_name=_("ticket"),
    )
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rating",
        verbose_name=_("case"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    # Given with a 差评 for the call back (a named rating is called back, V2).
    contact_mobile = MobileField(_("mobile for the call back"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=RatingChannel.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("staff member rated"),
    )
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A case's service item (a ticket names none): the item's satisfaction on the hall page.
    service_item = models.ForeignKey(
        "catalog.ServiceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True)
    # An upheld appeal keeps the rating on record but out of the person's figures (V2).
    counted = models.BooleanField(_("counted in the figures"), default=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="rating_level_one_to_five"
            ),
            models.CheckConstraint(
                condition=Q(ticket__isnull=False, case__isnull=True)
                | Q(ticket__isnull=True, case__isnull=False),
                name="rating_of_a_ticket_or_a_case",
            ),
        ]
        indexes = [models.Index(fields=["hall", "created_at"], name="rating_hall_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def is_bad(self) -> bool:
        return self.level <= Level.DISSATISFIED

    @property
    def service_number(self) -> str:
        """The ticket's or the case's number, as the person and the staff know it."""
        return self.ticket.number if self.ticket else self.case.number if self.case else ""


class FollowUp(models.Model):
    """The loop a 差评 opens: call back, classify, rectify, tell the person (V2)."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="follow_up")
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.CALL_BACK,
    )
    callback_due = models.DateField(_("call back by"))
    rectify_due = models.DateField(_("rectify by"))
    # Of the step it is at (call back, then rectify); the department heads are told once.
    warning = models.CharField(
        _("warning"), max_length=6, choices=Warning.choices, default=Warning.NONE, blank=True
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    finding = models.CharField(
        _("finding"), max_length=14, choices=Finding.choices, default="", blank=True
    )
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    callback_note = models.CharField(_("what the call back found"), max_length=500, blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectification_note = models.CharField(_("what was done"), max_length=500, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    # 追评: once the loop is closed, the person rates how it was handled, once.
    second_level = models.PositiveSmallIntegerField(
        _("follow-up rating"), choices=Level.choices, null=True, blank=True
    )
    second_comment = models.CharField(_("follow-up comment"), max_length=300, blank=True)
    second_rated_at = models.DateTimeField(_("follow-up rated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up of a bad rating")
        verbose_name_plural = _("follow-ups of bad ratings")
        ordering = ["callback_due", "pk"]
        indexes = [
            models.Index(
                fields=["hall", "callback_due"],
                condition=~Q(status=FollowUpStatus.CLOSED),
                name="follow_up_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating} → {self.get_status_display()}"

    @property
    def due(self) -> datetime.date | None:
        """The due date of the step it is at."""
        return {
            FollowUpStatus.CALL_BACK: self.callback_due,
            FollowUpStatus.RECTIFYING: self.rectify_due,
        }.get(FollowUpStatus(self.status))


class Appeal(models.Model):
    """申诉复核: the member of staff rated asks the office to take a mistaken or malicious
    rating out of their figures; one appeal per rating."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="appeal")
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("appealed by"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("appealed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at"]
        permissions = [("decide_appeal", _("Can decide appeals against ratings"))]

    def __str__(self) -> str:
        return f"{self.rating} · {self.get_status_display()}"


class ComplaintCounter(models.Model):
    """Gapless complaint numbers per hall and year (hall.core.counters)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hall", "year"], name="complaint_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.year}: {self.value}"


class Complaint(models.Model):
    """A complaint or suggestion (V4), from any channel, anonymous or named.

    Who complained (name, phone, ID number) is hidden from the member of staff complained
    about and from their department unless the office opens it (hall.evaluation.access)."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="complaints")
    number = models.CharField(_("number"), max_length=24, unique=True)
    # The complainant's own page (the reply, and their rating of the handling).
    token = models.CharField(max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ComplaintKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=ComplaintChannel.choices)
    hotline_reference = models.CharField(_("12345 reference"), max_length=40, blank=True)
    category = models.CharField(
        _("category"), max_length=12, choices=ComplaintCategory.choices, blank=True
    )
    content = models.CharField(_("what happened"), max_length=2000)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("name"), max_length=100, blank=True)
    complainant_phone = MobileField(_("phone"), blank=True)
    complainant_id_number = ResidentIdField(_("ID number"), blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name=_("staff member complained about"),
    )
    window = models.ForeignKey(
        Window,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("window"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    due_date = models.DateField(_("reply by"))
    warning = models.CharField(
        _("warning"), max_length=6, choices=Warning.choices, default=Warning.NONE, blank=True
    )
    escalated_at = models.DateTimeField(_("escalated to the office at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    finding = models.CharField(
        _("finding"), max_length=14, choices=ComplaintFinding.choices, blank=True
    )
    reply = models.CharField(_("reply"), max_length=1000, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    identity_opened_at = models.DateTimeField(
        _("identity opened to the department at"), null=True, blank=True
    )
    handling_level = models.PositiveSmallIntegerField(
        _("complainant's rating of the handling"), choices=Level.choices, null=True, blank=True
    )
    handling_rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint or suggestion")
        verbose_name_plural = _("complaints and suggestions")
        ordering = ["-received_at"]
        permissions = [
            ("handle_complaint", _("Can assign, escalate and close complaints")),
            ("open_complainant_identity", _("Can open a complainant's identity to a department")),
        ]
        indexes = [
            models.Index(fields=["hall", "status", "due_date"], name="complaint_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def against_staff(self) -> bool:
        return self.finding in AGAINST_STAFF


class Survey(models.Model):
    """A questionnaire the office runs for a period (V3), answered by link or QR code."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(_("title"), max_length=100)
    intro = models.CharField(_("introduction"), max_length=500, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    token = models.CharField(max_length=32, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: datetime.date) -> bool:
        return self.status == SurveyStatus.OPEN and self.starts_on <= day <= self.ends_on


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=6, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=200)
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="survey_question_position")
        ]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One person's answers; the department and window they dealt with, if they said."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    window = models.ForeignKey(
        Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.survey} · {self.submitted_at:%Y-%m-%d %H:%M}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    option = models.CharField(max_length=100, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_score_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return self.option or self.text or str(self.score or "")


class PublishedRanking(models.Model):
    """A month's ranking of windows and departments by satisfaction, as the office published
    it (a copy: a later appeal does not rewrite what was announced)."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    windows = models.JSONField(_("windows"), default=list)
    departments = models.JSONField(_("departments"), default=list)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("published ranking")
        verbose_name_plural = _("published rankings")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "month"], name="ranking_once_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.hall} {self.month:%Y-%m}"


class RatingReport(models.Model):
    """A rating to forward to the province's platform (hall.evaluation.reporting)."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="report")
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating report")
        verbose_name_plural = _("rating reports")
        indexes = [
            models.Index(
                fields=["status"],
                condition=Q(status=ReportStatus.PENDING),
                name="rating_report_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating_id} {self.get_status_display()}"
