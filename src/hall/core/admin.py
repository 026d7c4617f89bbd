"""Configuration screens (Django admin), scoped to the user's hall and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from hall.core import services
from hall.core.access import halls_visible_to, scope_to_user, sees_every_hall
from hall.core.audit import audit_record
from hall.core.models import (
    ApiToken,
    AuditRecord,
    CalendarDay,
    CalendarYear,
    Department,
    Hall,
    JobRun,
    User,
    Window,
    Zone,
)
from hall.core.roles import Role


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def form_changes(form: ModelForm, obj: models.Model) -> dict[str, Any]:
    """What a configuration form changed, `{field: [before, after]}`, as the audit keeps it:
    values of the record's own fields (so personal data is masked), and nothing of the fields
    a form has beyond them (a new user's password)."""
    fields = {f.name: f for f in obj._meta.get_fields() if getattr(f, "concrete", False)}
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        field = fields.get(name)
        if field is None:
            continue
        if field.many_to_many:
            after: Any = "、".join(str(item) for item in form.cleaned_data.get(name) or [])
            before: Any = "、".join(str(item) for item in form.initial.get(name) or [])
        else:
            after, before = getattr(obj, name), form.initial.get(name)
        changes[name] = [_shown(before), _shown(after)]
    return changes


def _shown(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | str) else str(value)


class AuditedAdmin(admin.ModelAdmin):
    """Writes an audit record for every save and delete made through the admin (X3)."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changes = form_changes(form, obj)
            audit_record(
                actor=_actor(request),
                action=f"{obj._meta.model_name}.{'changed' if change else 'created'}",
                target=obj,
                changes=changes,
                via="admin",
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                actor=_actor(request),
                action=f"{obj._meta.model_name}.deleted",
                target=obj,
                via="admin",
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class HallScopedAdmin(AuditedAdmin):
    """Shows and offers only the records of the halls the user may see."""

    hall_path = "hall"

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_to_user(super().get_queryset(request), request.user, hall_path=self.hall_path)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if related is Hall:
            kwargs["queryset"] = halls_visible_to(request.user)
        elif related in (Zone, Department):
            kwargs["queryset"] = scope_to_user(related.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Department:
            kwargs["queryset"] = scope_to_user(Department.objects.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Hall)
class HallAdmin(HallScopedAdmin):
    hall_path = ""
    list_display = ["code", "name", "complaint_phone", "is_active"]
    search_fields = ["code", "name"]
    inlines = [ZoneInline, DepartmentInline]
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "address", "complaint_phone", "public_url", "is_active"]},
        ),
        (
            _("Opening hours"),
            {
                "fields": [
                    ("morning_opens", "morning_closes"),
                    ("afternoon_opens", "afternoon_closes"),
                ]
            },
        ),
    ]


@admin.register(Zone)
class ZoneAdmin(HallScopedAdmin):
    list_display = ["name", "code", "kind", "hall", "position"]
    list_filter = ["kind"]


@admin.register(Department)
class DepartmentAdmin(HallScopedAdmin):
    list_display = ["name", "code", "short_name", "hall"]
    search_fields = ["name", "code"]


@admin.register(Window)
class WindowAdmin(HallScopedAdmin):
    list_display = ["number", "label", "zone", "state", "hall"]
    list_filter = ["state", "zone"]
    search_fields = ["label"]
    filter_horizontal = ["departments"]
    readonly_fields = [
        "state",
        "state_reason",
        "state_changed_at",
    ]  # changed by window_set_state only


@admin.register(User)
class UserAdmin(DjangoUserAdmin, HallScopedAdmin):
    list_display = ["username", "full_name", "hall", "staff_number", "is_active"]
    list_filter = ["groups", "is_active"]
    search_fields = ["username", "full_name", "staff_number"]
    filter_horizontal = ["groups", "departments"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "staff_number", "mobile", "email"]}),
        (
            _("Hall and roles"),
            {"fields": ["hall", "departments", "groups", "is_active", "is_staff"]},
        ),
        (_("System"), {"fields": ["is_superuser", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "full_name", "hall", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")  # nobody raises anyone above their own rights
        return fields

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's password form; a saved change is audited as such, without any value."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, unquote(id))
                if isinstance(user, User):
                    services.user_password_changed(actor=_actor(request), user=user, via="admin")
        return response

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups" and not sees_every_hall(request.user):
            kwargs["queryset"] = Group.objects.exclude(name=Role.SYSTEM_ADMIN.value)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    list_display = ["year", "is_confirmed", "source", "updated_at"]
    actions = ["confirm_years", "import_from_package"]

    @admin.action(description=_("Confirm the selected years"), permissions=["change"])
    def confirm_years(self, request: HttpRequest, queryset: models.QuerySet[CalendarYear]) -> None:
        for calendar_year in queryset:
            services.calendar_year_confirm(
                actor=_actor(request), year=calendar_year.year, via="admin"
            )
        self.message_user(request, _("Confirmed."), messages.SUCCESS)

    @admin.action(
        description=_("Re-import the selected years from the package"), permissions=["change"]
    )
    def import_from_package(
        self, request: HttpRequest, queryset: models.QuerySet[CalendarYear]
    ) -> None:
        years = services.calendar_import_from_package(
            actor=_actor(request), years=[y.year for y in queryset], via="admin"
        )
        self.message_user(
            request, _("Imported: %(years)s") % {"years": years or "—"}, messages.SUCCESS
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            services.calendar_day_record_edit(actor=_actor(request), day=obj, via="admin")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            services.calendar_day_record_edit(
                actor=_actor(request), day=obj, deleted=True, via="admin"
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "hall", "actor_name", "action", "target_repr", "reason", "via"]
    list_filter = ["action", "via"]
    search_fields = ["action", "target_repr", "actor_name", "reason"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_to_user(super().get_queryset(request), request.user).select_related("hall")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("core.delete_apitoken")  # the revoke action needs it

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # revoked tokens stay, for the audit trail
        return actions

    @admin.action(description=_("Revoke the selected tokens"), permissions=["delete"])
    def revoke(self, request: HttpRequest, queryset: models.QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(actor=_actor(request), token=token, via="admin")
        self.message_user(request, _("Revoked."), messages.SUCCESS)


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_started_at", "last_finished_at", "last_succeeded", "next_due_at"]
