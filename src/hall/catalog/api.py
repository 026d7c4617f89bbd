"""Catalog endpoints: the public guide's data, and publishing a new version."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from hall.catalog import selectors, services
from hall.catalog.choices import MaterialForm, MaterialRequirement, ServiceKind
from hall.catalog.models import ServiceItemVersion
from hall.core.access import access_hall, departments_visible_to, public_hall, request_user
from hall.core.errors import InvalidInput
from hall.core.inputs import SMALL_INTEGER
from hall.core.selectors import windows_numbered

router = Router(tags=["catalog"])

ItemCode = Annotated[str, Path(pattern=r"^[-a-z0-9_]{1,40}$", description="e.g. hukou-move-in")]


class MaterialOut(Schema):
    code: str
    name: str
    required: bool
    requirement: str
    form: str
    copies: int
    notes: str


class ServiceItemOut(Schema):
    code: str
    version: int
    name: str
    department: str
    kind: str
    legal_limit_days: int
    promised_limit_days: int
    legal_extension_days: int
    fees: str
    fee_basis: str
    legal_basis: str
    conditions: str
    steps: list[str]
    windows: list[int]
    delegated_approval: bool
    bookable: bool
    materials: list[MaterialOut]


class MaterialIn(Schema):
    code: str = Field(..., pattern=r"^[-a-z0-9_]+$", max_length=40)
    name: str = Field(..., min_length=1, max_length=200)
    requirement: MaterialRequirement = MaterialRequirement.REQUIRED
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = Field(1, ge=1, le=20)
    notes: str = Field("", max_length=300)


class ServiceItemIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    department: str = Field(..., max_length=32, description="department code")
    kind: ServiceKind
    legal_limit_days: int = Field(..., ge=1, le=365)
    promised_limit_days: int = Field(..., ge=0, le=365)
    legal_extension_days: int = Field(0, ge=0, le=365)
    fees: str = Field("", max_length=200)
    fee_basis: str = Field("", max_length=300)
    legal_basis: str = Field("", max_length=5000)
    conditions: str = Field("", max_length=5000)
    steps: list[Annotated[str, Field(max_length=500)]] = Field([], max_length=50)
    windows: list[Annotated[int, Field(ge=1, le=SMALL_INTEGER)]] = Field(
        [], max_length=200, description="window numbers"
    )
    delegated_approval: bool = False
    bookable: bool = False
    materials: list[MaterialIn] = Field([], max_length=100)


def service_item_out(version: ServiceItemVersion) -> ServiceItemOut:
    return ServiceItemOut(
        code=version.item.code,
        version=version.number,
        name=version.name,
        department=version.department.code,
        kind=version.kind,
        legal_limit_days=version.legal_limit_days,
        promised_limit_days=version.promised_limit_days,
        legal_extension_days=version.legal_extension_days,
        fees=version.fees,
        fee_basis=version.fee_basis,
        legal_basis=version.legal_basis,
        conditions=version.conditions,
        steps=version.steps,
        windows=sorted(w.number for w in version.windows.all()),
        delegated_approval=version.delegated_approval,
        bookable=version.bookable,
        materials=[
            MaterialOut(
                code=m.code,
                name=m.name,
                required=m.required,
                requirement=m.requirement,
                form=m.form,
                copies=m.copies,
                notes=m.notes,
            )
            for m in version.materials.all()
        ],
    )


@router.get("halls/{hall}/service-items", response=list[ServiceItemOut], auth=None)
def service_item_list(request: HttpRequest, hall: str) -> list[ServiceItemOut]:
    """The hall's service guide (办事指南): every item offered now, with its materials."""
    return [service_item_out(v) for v in selectors.current_versions(public_hall(hall))]


@router.get("halls/{hall}/service-items/{code}", response=ServiceItemOut, auth=None)
def service_item_detail(request: HttpRequest, hall: str, code: str) -> ServiceItemOut:
    return service_item_out(selectors.current_version(public_hall(hall), code))


@router.put("halls/{hall}/service-items/{code}", response=ServiceItemOut)
def service_item_publish(
    request: HttpRequest, hall: str, code: ItemCode, payload: ServiceItemIn
) -> ServiceItemOut:
    """Publish a new version of the item (created the first time). Cases already taken keep
    the version they were taken under."""
    actor = request_user(request)
    the_hall = access_hall(actor, hall, permission="catalog.add_serviceitemversion")
    department = departments_visible_to(actor, the_hall).filter(code=payload.department).first()
    if department is None:
        raise InvalidInput(_("This hall has no department %(code)s."), code=payload.department)
    windows = windows_numbered(the_hall, payload.windows)
    if len(windows) != len(set(payload.windows)):
        raise InvalidInput(
            _("This hall has no such window among %(numbers)s."), numbers=payload.windows
        )
    spec = services.ServiceItemSpec(
        code=code,
        department=department,
        windows=windows,
        materials=[services.MaterialSpec(**m.dict()) for m in payload.materials],
        **payload.dict(exclude={"department", "windows", "materials"}),
    )
    services.service_item_publish(actor=actor, hall=the_hall, spec=spec, via="api")
    return service_item_out(selectors.current_version(the_hall, code))
