"""Publishing service items (O3). A change never edits a version: it publishes the next one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hall.catalog.choices import MaterialForm, MaterialRequirement, ServiceKind
from hall.catalog.errors import DuplicateMaterial, PromisedAboveLegal
from hall.catalog.models import FaqEntry, Material, ServiceItem, ServiceItemVersion
from hall.core.audit import audit_record
from hall.core.models import Department, Hall, User, Window


@dataclass(frozen=True)
class MaterialSpec:
    code: str
    name: str
    requirement: MaterialRequirement = MaterialRequirement.REQUIRED
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = 1
    notes: str = ""


@dataclass(frozen=True)
class ServiceItemSpec:
    """Everything a version says; `service_item_publish` turns it into the current version."""

    code: str
    name: str
    department: Department
    kind: ServiceKind
    legal_limit_days: int
    promised_limit_days: int
    legal_extension_days: int = 0
    fees: str = ""
    fee_basis: str = ""
    legal_basis: str = ""
    conditions: str = ""
    steps: list[str] = field(default_factory=list)
    delegated_approval: bool = False
    bookable: bool = False
    materials: list[MaterialSpec] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)


def check_limits(*, legal_limit_days: int, promised_limit_days: int) -> None:
    if promised_limit_days > legal_limit_days:
        raise PromisedAboveLegal(promised=promised_limit_days, legal=legal_limit_days)


def next_version_number(item: ServiceItem) -> int:
    """Call with the item row locked: two administrators saving at once get 2 and 3."""
    latest = item.versions.aggregate(latest=Max("number"))["latest"]
    return (latest or 0) + 1


def lock_item(*, hall: Hall, code: str) -> ServiceItem:
    """The item (created on first publication) under its row lock."""
    item, _created = ServiceItem.objects.get_or_create(hall=hall, code=code)
    return ServiceItem.objects.select_for_update().get(pk=item.pk)


def make_current(*, actor: User | None, version: ServiceItemVersion, via: str = "") -> None:
    """The version becomes what the guide shows and what new cases are taken under."""
    item = version.item
    before = item.current.number if item.current_id and item.current else None
    item.current = version
    item.save(update_fields=["current"])
    audit_record(
        actor=actor,
        action="service_item.published",
        target=item,
        hall=item.hall,
        changes={"version": [before, version.number]},
        via=via,
    )


@transaction.atomic
def service_item_publish(
    *, actor: User | None, hall: Hall, spec: ServiceItemSpec, via: str = ""
) -> ServiceItemVersion:
    """Publish a new version of the item `spec.code` (creating the item the first time)."""
    check_limits(
        legal_limit_days=spec.legal_limit_days, promised_limit_days=spec.promised_limit_days
    )
    check_unique_codes(m.code for m in spec.materials)
    item = lock_item(hall=hall, code=spec.code)
    version = ServiceItemVersion.objects.create(
        item=item,
        number=next_version_number(item),
        name=spec.name,
        department=spec.department,
        kind=spec.kind,
        legal_limit_days=spec.legal_limit_days,
        promised_limit_days=spec.promised_limit_days,
        legal_extension_days=spec.legal_extension_days,
        fees=spec.fees,
        fee_basis=spec.fee_basis,
        legal_basis=spec.legal_basis,
        conditions=spec.conditions,
        steps=list(spec.steps),
        delegated_approval=spec.delegated_approval,
        bookable=spec.bookable,
        created_by=actor,
    )
    Material.objects.bulk_create(
        Material(
            version=version,
            code=m.code,
            name=m.name,
            requirement=m.requirement,
            form=m.form,
            copies=m.copies,
            notes=m.notes,
            position=position,
        )
        for position, m in enumerate(spec.materials)
    )
    version.windows.set(spec.windows)
    make_current(actor=actor, version=version, via=via)
    return version


def check_unique_codes(codes: Iterable[str]) -> None:
    """A version lists each material once (its code names it on the case and the notice)."""
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise DuplicateMaterial(code=code)
        seen.add(code)


def faq_publish(*, item_id: int, question: str, answer: str, source: str) -> None:
    """Show a question and its answer in the item's guide (R2); once per `source`."""
    FaqEntry.objects.update_or_create(
        source=source,
        defaults={
            "item_id": item_id,
            "question": question[:500],
            "answer": answer,
            "published_at": timezone.now(),
        },
    )


def faq_withdraw(*, source: str) -> None:
    FaqEntry.objects.filter(source=source).delete()
