from __future__ import annotations

import pytest

from hall.cases import services
from hall.cases.choices import ApplicantKind
from hall.catalog.choices import MaterialRequirement, ServiceKind
from hall.catalog.services import MaterialSpec, ServiceItemSpec, service_item_publish
from hall.core.roles import Role
from tests.factories import DepartmentFactory, HallFactory, UserFactory

ID_NUMBER = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"


class CaseHall:
    """A hall with a real-estate department: a delegated item (transfer, promised 5 of a legal
    20 + 10 working days) and one that is sent up (inheritance); staff of every role."""

    def __init__(self) -> None:
        self.hall = HallFactory(code="c", name="测试政务服务中心")
        self.estate = DepartmentFactory(hall=self.hall, code="estate", name="不动产登记中心")
        self.market = DepartmentFactory(hall=self.hall, code="market", name="市场监管局")
        materials = [
            MaterialSpec("id-card", "申请人身份证"),
            MaterialSpec("contract", "买卖合同"),
            MaterialSpec("marriage", "结婚证", requirement=MaterialRequirement.CONDITIONAL),
        ]
        self.transfer = service_item_publish(
            actor=None,
            hall=self.hall,
            spec=ServiceItemSpec(
                code="transfer",
                name="房屋买卖转移登记",
                department=self.estate,
                kind=ServiceKind.PUBLIC_SERVICE,
                legal_limit_days=20,
                promised_limit_days=5,
                legal_extension_days=10,
                delegated_approval=True,
                materials=materials,
            ),
        )
        self.inheritance = service_item_publish(
            actor=None,
            hall=self.hall,
            spec=ServiceItemSpec(
                code="inheritance",
                name="继承转移登记",
                department=self.estate,
                kind=ServiceKind.PUBLIC_SERVICE,
                legal_limit_days=30,
                promised_limit_days=10,
                materials=materials[:1],
            ),
        )
        self.clerk = self._user("clerk", Role.WINDOW_STAFF, self.estate)
        self.chief = self._user("chief", Role.CHIEF_REPRESENTATIVE, self.estate)
        self.head = self._user("head", Role.DEPARTMENT_HEAD, self.estate, mobile="13900000001")
        self.outsider = self._user("outsider", Role.WINDOW_STAFF, self.market)

    def _user(self, username, role, department, mobile=""):
        user = UserFactory(username=username, hall=self.hall, role=role, mobile=mobile)
        user.departments.add(department)
        return user

    def receive(self, *, service=None, materials=("id-card", "contract"), actor=None, **kwargs):
        return services.case_receive(
            actor=actor or self.clerk,
            hall=self.hall,
            service=service or self.transfer,
            applicant=services.Applicant(
                name="李小明", kind=ApplicantKind.PERSON, id_number=ID_NUMBER, phone="13812345678"
            ),
            materials=materials,
            **kwargs,
        )


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Four users per test: the real hasher would spend most of the suite's time hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def chall(db) -> CaseHall:
    return CaseHall()
