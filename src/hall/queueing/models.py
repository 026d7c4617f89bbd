"""Tickets and the rules a hall sets for its queue (SPEC Q1-Q7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.models import Department, Hall, Window
from hall.core.pii import DigestField, MobileField
from hall.queueing.choices import Channel, EndOfDayRule, NoShowRule, TicketEventKind, TicketStatus


def default_pause_reasons() -> list[str]:
    return ["午间休息", "临时外出", "系统故障", "业务培训", "会议", "设备维护"]


class QueueSettings(models.Model):
    """A hall's queue rules (排队叫号制度)."""

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="queue_settings")
    recalls_before_no_show = models.PositiveSmallIntegerField(
        _("calls before a no-show"),
        default=2,
        help_text=_(
            "How many times a number is called again before it may be marked as a no-show."
        ),
    )
    no_show_rule = models.CharField(
        _("after a no-show"),
        max_length=20,
        choices=NoShowRule.choices,
        default=NoShowRule.REQUEUE_END,
    )
    end_of_day_rule = models.CharField(
        _("at closing time"),
        max_length=10,
        choices=EndOfDayRule.choices,
        default=EndOfDayRule.CLOSE,
    )
    refuse_on_closed_days = models.BooleanField(
        _("no tickets on holidays and weekends"),
        default=True,
        help_text=_("Per the working-day calendar, make-up workdays included."),
    )
    anonymous_tickets_per_minute = models.PositiveSmallIntegerField(
        _("tickets per minute from one anonymous client"), default=6
    )
    recent_service_sample = models.PositiveSmallIntegerField(
        _("finished tickets the wait estimate learns from"), default=30
    )
    mobile_retention_days = models.PositiveSmallIntegerField(
        _("keep the mobile numbers given with tickets for (days)"),
        default=30,
        help_text=_("Personal data (X2): erased afterwards; the tickets stay for statistics."),
    )
    pause_reasons = models.JSONField(
        _("reasons offered for a pause"),
        default=default_pause_reasons,
        blank=True,
        help_text=_("The workstation offers these; staff may also type another."),
    )
    help_threshold = models.PositiveSmallIntegerField(
        _("a window with more people waiting than this asks for help"),
        default=15,
        help_text=_("跨窗通办: staff allowed at that window may call its line from theirs"),
    )

    # Emergency operation (F2), switched by the office with a reason (services.emergency_*).
    emergency_since = models.DateTimeField(_("emergency operation since"), null=True, blank=True)
    emergency_reason = models.CharField(
        _("reason for emergency operation"), max_length=300, blank=True
    )
    # Businesses the kiosks still issue numbers for in emergency operation (codes).
    emergency_categories = models.JSONField(default=list, blank=True)

    EMERGENCY_FIELDS = ("emergency_since", "emergency_reason", "emergency_categories")

    class Meta:
        verbose_name = _("queue settings")
        verbose_name_plural = _("queue settings")

    def __str__(self) -> str:
        return str(self.hall)

    @property
    def in_emergency(self) -> bool:
        return self.emergency_since is not None

    def suspends(self, category_code: str, channel: str) -> bool:
        """In emergency operation, no number for a business not listed, but at the reception
        desk (the desk still decides who is seen)."""
        return (
            self.in_emergency
            and channel != Channel.RECEPTION
            and category_code not in self.emergency_categories
        )


class TicketCategory(models.Model):
    """A kind of business people take a number for (业务类别); its prefix starts the number."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="ticket_categories")
    code = models.SlugField(_("code"), max_length=32)
    prefix = models.CharField(_("prefix"), max_length=2)
    name = models.CharField(_("name"), max_length=60)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    zone = models.ForeignKey(
        "core.Zone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zone"),
        help_text=_("Where people of this category wait and are called."),
    )
    default_service_minutes = models.PositiveSmallIntegerField(
        _("usual service minutes"),
        default=8,
        help_text=_("Used for the wait estimate until enough tickets have been served."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")
        ordering = ["hall", "position", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="category_code_unique_in_hall"),
            models.UniqueConstraint(
                fields=["hall", "prefix"], name="category_prefix_unique_in_hall"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


class PriorityClass(models.Model):
    """A priority the hall offers (优先类别): urgent, special groups, appointments.

    A priority ticket counts as if it had arrived `head_start_minutes` earlier. The head start
    is bounded, so it ages out: anyone who has waited longer than it is still served first,
    and nobody starves however many priority tickets come.
    """

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="priority_classes")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=60)
    head_start_minutes = models.PositiveSmallIntegerField(_("head start (minutes)"), default=30)
    offered_at_kiosk = models.BooleanField(
        _("offered at the kiosk"),
        default=True,
        help_text=_("Otherwise only reception can give it, with a reason."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("priority class")
        verbose_name_plural = _("priority classes")
        ordering = ["hall", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="priority_code_unique_in_hall")
        ]

    def __str__(self) -> str:
        return self.name


class WorkProfileEntry(models.Model):
    """One category a window serves (窗口业务配置), with its preference (1 = first)."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="work_profile")
    category = models.ForeignKey(TicketCategory, on_delete=models.CASCADE, related_name="+")
    preference = models.PositiveSmallIntegerField(_("preference"), default=1)

    class Meta:
        verbose_name = _("work profile entry")
        verbose_name_plural = _("work profile")
        ordering = ["window", "preference"]
        constraints = [
            models.UniqueConstraint(fields=["window", "category"], name="work_profile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.category} ({self.preference})"


class DailyCounter(models.Model):
    """The last number given today in a category: numbers come from here, under a row lock."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(TicketCategory, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hall", "category", "day"], name="daily_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.day:%Y-%m-%d}: {self.value}"


class Ticket(models.Model):
    """A queue ticket (号票): A001, issued once, called by one window at a time."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="tickets")
    category = models.ForeignKey(TicketCategory, on_delete=models.PROTECT, related_name="tickets")
    service_day = models.DateField(_("day"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=12)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    priority = models.ForeignKey(
        PriorityClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("priority"),
    )
    priority_reason = models.CharField(_("priority reason"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    # When the person arrived (kept through transfers) and the place in the queue that follows
    # from it and the priority's head start: the queue is ordered by `queued_at`.
    arrived_at = models.DateTimeField(_("arrived at"))
    queued_at = models.DateTimeField(_("queue order"))
    window = models.ForeignKey(
        Window,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("window"),
    )
    target_window = models.ForeignKey(
        Window,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transferred to window"),
    )
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    recall_count = models.PositiveSmallIntegerField(_("calls again"), default=0)
    requeue_count = models.PositiveSmallIntegerField(_("times back in the queue"), default=0)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("served by"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    closed_reason = models.CharField(_("closing reason"), max_length=200, blank=True)
    # The phone page's address: unguessable, so nobody follows someone else's ticket.
    follow_token = models.CharField(max_length=32, unique=True)
    mobile = MobileField(_("mobile for SMS"), blank=True)
    mobile_digest = DigestField(source="mobile")
    notify_when_ahead = models.PositiveSmallIntegerField(
        _("SMS when this many are ahead"), null=True, blank=True
    )
    notified_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)
    # Kept waiting overnight by emergency operation: not closed before this working day ends.
    kept_until = models.DateField(_("kept waiting until"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-service_day", "queued_at", "id"]
        constraints = [
            # The number (prefix + sequence) is the one a person holds; it stays theirs through
            # a transfer to another category, so uniqueness is by number, not by category.
            models.UniqueConstraint(
                fields=["hall", "service_day", "number"], name="ticket_number_unique_per_day"
            ),
        ]
        indexes = [
            # Call-next reads only waiting tickets, in queue order.
            models.Index(
                fields=["hall", "queued_at", "id"],
                condition=Q(status="waiting"),
                name="ticket_waiting_idx",
            ),
            # Each category's line, and the tickets sent to one window: what call-next and
            # "people ahead" read, without walking the whole hall's queue.
            models.Index(
                fields=["category", "queued_at", "id"],
                condition=Q(status="waiting", target_window__isnull=True),
                name="ticket_waiting_line_idx",
            ),
            models.Index(
                fields=["target_window", "queued_at", "id"],
                condition=Q(status="waiting", target_window__isnull=False),
                name="ticket_waiting_window_idx",
            ),
            models.Index(fields=["hall", "service_day", "status"], name="ticket_day_status_idx"),
            # A workstation's "my day": who the member of staff served today.
            models.Index(fields=["served_by", "service_day"], name="ticket_served_by_day_idx"),
            # The one ticket at a window, among the hundreds it served today.
            models.Index(
                fields=["window"],
                condition=Q(status__in=["called", "serving"]),
                name="ticket_at_window_idx",
            ),
            # After every call: who asked for an SMS and has not had it yet (few rows).
            models.Index(
                fields=["hall", "category"],
                condition=Q(
                    status="waiting", notify_when_ahead__isnull=False, notified_at__isnull=True
                ),
                name="ticket_sms_pending_idx",
            ),
        ]
        permissions = [
            ("call_ticket", _("Can call and serve tickets at a window")),
            ("issue_priority_ticket", _("Can issue tickets with a priority")),
        ]

    def __str__(self) -> str:
        return self.number


class TicketEvent(models.Model):
    """One step in a ticket's history (叫号记录): who, when, which window, through what and
    why. It is the ticket's audit record: append-only like the audit table (hall.core.db),
    written in the step's own statement batch rather than twice."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("event"), max_length=12, choices=TicketEventKind.choices)
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    via = models.CharField(_("through"), max_length=20, blank=True, default="")
    reason = models.CharField(_("reason"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["hall", "kind", "-at"], name="ticket_event_recent_idx"),
            # A workstation's "my day": its no-shows marked today.
            models.Index(fields=["actor", "at"], name="ticket_event_actor_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.get_kind_display()}"


class TicketDay(models.Model):
    """A day that is over, its tickets summed for the hall, or for one department (of the
    business), window or member of staff (F3): what reports read instead of the tickets
    (hall.queueing.summaries). Written once by the `queue.summarise_days` job."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    service_day = models.DateField(_("day"))
    grouping = models.CharField(max_length=12)  # hall, department, window or staff
    key = models.IntegerField(null=True)  # its id; none: tickets not served, or of no department
    issued = models.PositiveIntegerField(default=0)
    served = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)
    appointments = models.PositiveIntegerField(default=0)
    waited = models.PositiveIntegerField(default=0)
    wait_ms = models.BigIntegerField(default=0)
    service_ms = models.BigIntegerField(default=0)
    # How many waited 0, 1, 2 … whole minutes: the 90th percentile of any period.
    wait_minutes = models.JSONField(default=list)

    class Meta:
        verbose_name = _("day of tickets")
        verbose_name_plural = _("days of tickets")
        indexes = [models.Index(fields=["hall", "grouping", "service_day"], name="ticket_day_idx")]

    def __str__(self) -> str:
        return f"{self.service_day} {self.grouping} {self.key}"


class TicketSummaryMark(models.Model):
    """The last day of a hall whose tickets are summed in `TicketDay` rows."""

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, primary_key=True, related_name="+")
    through = models.DateField()

    def __str__(self) -> str:
        return f"{self.hall_id} {self.through}"
