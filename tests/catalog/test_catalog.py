"""O3: the catalog keeps every version; a case keeps the one it was taken under."""

from __future__ import annotations

import pytest

from hall.catalog.errors import PromisedAboveLegal
from hall.catalog.models import ServiceItem, ServiceItemVersion
from hall.catalog.services import ServiceItemSpec, service_item_publish
from hall.core.models import AuditRecord
from hall.core.roles import Role
from tests.cases.conftest import CaseHall
from tests.conftest import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_promised_limit_above_the_legal_one_is_refused():
    chall = CaseHall()
    spec = ServiceItemSpec(
        code="new",
        name="新事项",
        department=chall.estate,
        kind="other",
        legal_limit_days=5,
        promised_limit_days=6,
    )
    with pytest.raises(PromisedAboveLegal):
        service_item_publish(actor=None, hall=chall.hall, spec=spec)
    assert not ServiceItem.objects.filter(code="new").exists()


def test_saving_in_the_admin_publishes_a_new_version_and_keeps_the_old(client):
    chall = CaseHall()
    case = chall.receive()
    admin = UserFactory(hall=chall.hall, role=Role.HALL_ADMIN, is_staff=True)
    version = chall.transfer
    materials = list(version.materials.all())
    form = {
        "item": version.item_id,
        "name": "房屋买卖转移登记(新)",
        "department": chall.estate.pk,
        "kind": "public_service",
        "legal_limit_days": 20,
        "promised_limit_days": 3,
        "legal_extension_days": 10,
        "fees": "",
        "fee_basis": "",
        "legal_basis": "",
        "conditions": "",
        "steps": "[]",
        "materials-TOTAL_FORMS": len(materials),
        "materials-INITIAL_FORMS": len(materials),
        "materials-MIN_NUM_FORMS": 0,
        "materials-MAX_NUM_FORMS": 1000,
    }
    for index, material in enumerate(materials):
        form.update(
            {
                f"materials-{index}-id": material.pk,
                f"materials-{index}-version": version.pk,
                f"materials-{index}-position": index,
                f"materials-{index}-code": material.code,
                f"materials-{index}-name": material.name,
                f"materials-{index}-requirement": material.requirement,
                f"materials-{index}-form": material.form,
                f"materials-{index}-copies": 1,
                f"materials-{index}-notes": "",
            }
        )
    response = logged_in(admin).post(
        f"/admin/catalog/serviceitemversion/{version.pk}/change/", form
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    versions = ServiceItemVersion.objects.filter(item=version.item).order_by("number")
    assert [(v.number, v.promised_limit_days) for v in versions] == [(1, 5), (2, 3)]
    assert versions[1].materials.count() == 3 and versions[0].materials.count() == 3
    version.item.refresh_from_db()
    assert version.item.current == versions[1]
    case.refresh_from_db()
    assert case.service == versions[0]
    assert AuditRecord.objects.filter(action="service_item.published").count() == 3

    too_long = logged_in(admin).post(
        f"/admin/catalog/serviceitemversion/{versions[1].pk}/change/",
        {**form, "promised_limit_days": 25},
    )
    assert too_long.status_code == 200  # the form again, with the error
    assert ServiceItemVersion.objects.filter(item=version.item).count() == 2
