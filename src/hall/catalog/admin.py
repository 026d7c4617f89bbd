"""Catalog screens: an item is edited by publishing its next version (O3).

Saving a version never changes it: the form is always stored as a new version (Django's own
"save as new", inlines included) which then becomes the item's current one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from hall.catalog import services
from hall.catalog.models import Material, ServiceItem, ServiceItemVersion
from hall.core.access import scope_to_user
from hall.core.admin import HallScopedAdmin
from hall.core.errors import DomainError
from hall.core.models import Department, User, Window


class VersionInline(admin.TabularInline):
    model = ServiceItemVersion
    fields = ("number", "name", "promised_limit_days", "legal_limit_days", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ServiceItem)
class ServiceItemAdmin(HallScopedAdmin):
    list_display = ["code", "current", "is_active", "hall"]
    list_filter = ["is_active", "hall"]
    search_fields = ["code", "current__name"]
    readonly_fields = ["current"]
    inlines = [VersionInline]


class MaterialFormSet(BaseInlineFormSet):
    """The version's materials, checked by the same rule as every publication."""

    def clean(self) -> None:
        super().clean()
        codes = [
            form.cleaned_data["code"]
            for form in self.forms
            if form.cleaned_data.get("code") and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.check_unique_codes(codes)
        except DomainError as error:
            raise ValidationError(error.message) from None


class MaterialInline(admin.TabularInline):
    model = Material
    formset = MaterialFormSet
    fields = ["position", "code", "name", "requirement", "form", "copies", "notes"]
    extra = 1


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "item",
        "number",
        "department",
        "promised_limit_days",
        "legal_limit_days",
        "created_at",
    ]
    list_filter = ["department", "kind"]
    search_fields = ["name", "item__code"]
    readonly_fields = ["number", "created_at", "created_by"]
    filter_horizontal = ["windows"]
    inlines = [MaterialInline]
    save_as = True

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_to_user(super().get_queryset(request), request.user, hall_path="item__hall")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is ServiceItem:
            kwargs["queryset"] = scope_to_user(
                ServiceItem.objects.all(), request.user, hall_path="hall"
            )
        elif db_field.related_model is Department:
            kwargs["queryset"] = scope_to_user(Department.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Window:
            kwargs["queryset"] = scope_to_user(Window.objects.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":  # a published version is never edited: publish the next
            data = request.POST.copy()
            data["_saveasnew"] = "1"
            request.POST = data  # type: ignore[assignment]  # a mutable copy; the stubs say immutable
        extra_context = {**(extra_context or {}), "subtitle": _("Saving publishes a new version")}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: ServiceItemVersion, form: ModelForm, change: bool
    ) -> None:
        services.check_limits(
            legal_limit_days=obj.legal_limit_days, promised_limit_days=obj.promised_limit_days
        )
        item = services.lock_item(hall=obj.item.hall, code=obj.item.code)
        obj.number = services.next_version_number(item)
        obj.created_by = request.user if isinstance(request.user, User) else None
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        services.make_current(
            actor=request.user if isinstance(request.user, User) else None,
            version=form.instance,
            via="admin",
        )
