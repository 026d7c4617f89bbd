"""A few demo cases so the case list, the documents and the progress page have something."""

from __future__ import annotations

from hall.cases import services
from hall.cases.choices import Outcome
from hall.cases.models import Case
from hall.catalog.selectors import current_version
from hall.core.demo import demo_step
from hall.core.models import Hall, User

# (service item, applicant name, ID number, phone, materials handed in, steps to take)
DEMO_CASES = [
    (
        "hukou-birth",
        "赵小雨",
        "11010519491231002X",
        "13812340001",
        ["household-register", "birth-cert", "parents-id"],
        [],
    ),
    ("id-card-renew", "钱多多", "11010519491231002X", "13812340002", ["household-register"], []),
    (
        "residence-permit",
        "孙悦",
        "11010519491231002X",
        "13812340003",
        ["application", "id-card", "photo", "residence-proof"],
        ["accept", "start"],
    ),
    (
        "property-transfer",
        "李明辉",
        "11010519491231002X",
        "13812340004",
        ["application", "id-card", "property-cert", "contract", "tax-proof"],
        ["accept"],
    ),
    (
        "mortgage-release",
        "周晓",
        "11010519491231002X",
        "13812340005",
        ["application", "id-card", "mortgage-cert", "release-proof"],
        ["accept", "start", "submit_for_approval", "conclude"],
    ),
]


@demo_step(order=50)
def seed_cases(hall: Hall) -> None:
    """Idempotent: a hall that already has cases is left as it is."""
    if Case.objects.filter(hall=hall).exists() or hall.code != "demo":
        return
    police = User.objects.get(username="chuangkou")
    estate = User.objects.get(username="shouxi")
    for code, name, id_number, phone, materials, steps in DEMO_CASES:
        version = current_version(hall, code)
        actor = police if version.department.code == "police" else estate
        case = services.case_receive(
            actor=actor,
            hall=hall,
            service=version,
            applicant=services.Applicant(name=name, id_number=id_number, phone=phone),
            materials=materials,
            via="demo",
        )
        for step in steps:
            if step == "conclude":
                case = services.case_conclude(
                    case=case, actor=actor, outcome=Outcome.APPROVED, via="demo"
                )
            else:
                case = getattr(services, f"case_{step}")(case=case, actor=actor, via="demo")
