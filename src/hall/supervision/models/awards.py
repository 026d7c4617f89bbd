"""Awards (V5): a round per hall, kind and period proposes 窗口服务标兵 (staff) or 红旗窗口
(windows) by rule; duty officers and the public vote while it is open (one vote per person or
mobile); the office confirms, and the awards are recorded."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hall.core.models import Hall, Window
from hall.supervision.choices import AwardKind, AwardPeriod, RoundStatus
from hall.supervision.models.inspections import STAFF_OR_WINDOW


class AwardRound(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("award"), max_length=10, choices=AwardKind.choices)
    period = models.CharField(_("period"), max_length=10, choices=AwardPeriod.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    places = models.PositiveSmallIntegerField(_("places"))
    voting_opens_on = models.DateField(_("voting opens on"))
    voting_closes_on = models.DateField(_("voting closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.VOTING
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        permissions = [
            ("manage_awards", _("Can open award rounds and confirm awards")),
            ("vote_as_duty_officer", _("Can vote for awards as a duty officer")),
        ]
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "kind", "period", "starts_on"], name="award_round_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m}–{self.ends_on:%Y-%m}"

    def voting_open_on(self, day: datetime.date) -> bool:
        return (
            self.status == RoundStatus.VOTING
            and self.voting_opens_on <= day <= self.voting_closes_on
        )


class _Choice(models.Model):
    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class DutyVote(_Choice):
    """A duty officer's vote: one per round."""

    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("duty officer's vote")
        verbose_name_plural = _("duty officers' votes")
        constraints = [
            models.UniqueConstraint(fields=["round", "voter"], name="one_duty_vote_per_round"),
            models.CheckConstraint(condition=STAFF_OR_WINDOW, name="duty_vote_names_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.voter_id}"


class PublicVote(_Choice):
    """A member of the public's vote: one per mobile per round, the mobile kept only as its
    keyed digest."""

    mobile_digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("public vote")
        verbose_name_plural = _("public votes")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "mobile_digest"], name="one_public_vote_per_mobile"
            ),
            models.CheckConstraint(condition=STAFF_OR_WINDOW, name="public_vote_names_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.mobile_digest[:8]}"


class VoteCode(models.Model):
    """The SMS code a mobile is sent before it may vote; only its digest is kept."""

    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="+")
    mobile_digest = models.CharField(max_length=64)
    code_digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("vote code")
        verbose_name_plural = _("vote codes")
        constraints = [
            models.UniqueConstraint(fields=["round", "mobile_digest"], name="one_code_per_mobile")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.mobile_digest[:8]}"


class Award(models.Model):
    """An award confirmed: who or which window, its place and how it was reached."""

    round = models.ForeignKey(AwardRound, on_delete=models.PROTECT, related_name="awards")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("staff member"),
    )
    window = models.ForeignKey(
        Window,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("window"),
    )
    place = models.PositiveSmallIntegerField(_("place"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    parts = models.JSONField(_("how it was reached"))

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["round", "place"]
        constraints = [
            models.UniqueConstraint(fields=["round", "place"], name="award_place_once"),
            models.CheckConstraint(condition=STAFF_OR_WINDOW, name="award_names_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.place}"
