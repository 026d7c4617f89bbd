"""Generated requests over the whole API (schemathesis): anonymously and with a staff token,
no answer is a server error, every refusal is in the API's one shape, and every answer
matches the schema the documentation publishes for its status.

Each operation gets HALL_FUZZ_EXAMPLES generated requests (10 by default, in every test run;
the issue's full run used 150, about 13,000 requests per database). Half of them aim at the
hall the data is in, so that they get past "not found" into the services.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import requests
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import response_schema_conformance

from hall.api import api
from hall.cases import services as cases
from hall.cases.choices import ApplicantKind
from hall.catalog.choices import ServiceKind
from hall.catalog.services import MaterialSpec, ServiceItemSpec, service_item_publish
from hall.core.roles import Role
from hall.core.services import api_token_create
from hall.queueing.choices import Channel
from hall.queueing.models import QueueSettings, TicketCategory, WorkProfileEntry
from hall.queueing.services import ticket_issue
from tests.factories import DepartmentFactory, HallFactory, UserFactory, WindowFactory, ZoneFactory

EXAMPLES = int(os.environ.get("HALL_FUZZ_EXAMPLES", "10"))

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    SCHEMA = schemathesis.openapi.from_dict(
        json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/"), default=str))
    )
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}
SENT = [0]  # requests sent, reported at the end of the module (`pytest -s` shows it)


@pytest.fixture(scope="module", autouse=True)
def _report_requests_sent():
    yield
    print(f"\n{SENT[0]} generated requests over {len(OPERATIONS)} operations")


class FuzzHall:
    """A hall with enough in it for generated requests to reach the services."""

    def __init__(self) -> None:
        self.hall = HallFactory(code="f", name="测试政务服务中心")
        QueueSettings.objects.create(hall=self.hall, refuse_on_closed_days=False)
        zone = ZoneFactory(hall=self.hall, code="a")
        department = DepartmentFactory(hall=self.hall, code="estate", name="不动产登记中心")
        category = TicketCategory.objects.create(
            hall=self.hall, code="household", prefix="A", name="户籍业务", zone=zone
        )
        window = WindowFactory(hall=self.hall, zone=zone, number=1)
        window.departments.add(department)
        WorkProfileEntry.objects.create(window=window, category=category, preference=1)
        self.staff = UserFactory(hall=self.hall, role=Role.HALL_ADMIN)
        version = service_item_publish(
            actor=None,
            hall=self.hall,
            spec=ServiceItemSpec(
                code="transfer",
                name="房屋买卖转移登记",
                department=department,
                kind=ServiceKind.PUBLIC_SERVICE,
                legal_limit_days=20,
                promised_limit_days=5,
                materials=[MaterialSpec("id-card", "申请人身份证")],
            ),
        )
        self.case = cases.case_receive(
            actor=self.staff,
            hall=self.hall,
            service=version,
            applicant=cases.Applicant(
                name="李小明", kind=ApplicantKind.PERSON, id_number="11010519491231002X"
            ),
            materials=["id-card"],
        )
        self.ticket = ticket_issue(hall=self.hall, category_code="household", channel=Channel.KIOSK)
        _token, key = api_token_create(actor=None, user=self.staff, name="fuzz")
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    @property
    def known(self) -> dict[str, Any]:
        """Path parameters that name real records."""
        return {
            "hall": "f",
            "number": self.case.number,
            "ticket_id": self.ticket.pk,
            "token": self.ticket.follow_token,
            "department": "estate",
            "code": "transfer",
        }


@pytest.fixture
def fuzz_hall(db, settings) -> FuzzHall:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return FuzzHall()


def _send(client: Client, case: Any, headers: dict[str, str]) -> Any:
    request = case.as_transport_kwargs(base_url="http://testserver")
    path = urlsplit(request["url"]).path
    query = urlencode(request.get("params") or {}, doseq=True)
    if "json" in request:
        body: Any = json.dumps(request["json"])
        content_type = "application/json"
    else:
        body = request.get("data") or ""
        content_type = request["headers"].get("Content-Type", "application/octet-stream")
    return client.generic(
        request["method"],
        path,
        data=body,
        content_type=content_type,
        QUERY_STRING=query,
        **headers,
    )


def _check(case: Any, response: Any, label: str) -> None:
    assert response.status_code < 500, (label, response.status_code, response.content[:500])
    if response.status_code >= 400:
        body = response.json()
        assert {"code", "message"} <= set(body), (label, body)
    # The answer is what the schema says it is, for the statuses the schema names.
    case.validate_response(_as_transport(case, response), checks=[response_schema_conformance])


def _as_transport(case: Any, response: Any) -> Response:
    """Django's test response as the one schemathesis reads."""
    url = f"http://testserver{case.formatted_path}"
    return Response(
        status_code=response.status_code,
        headers={name: [value] for name, value in response.headers.items()},
        content=response.content,
        request=requests.Request(case.method, url).prepare(),
        elapsed=0.0,
        verify=True,
    )


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_generated_request_is_a_server_error(fuzz_hall, label):
    operation = OPERATIONS[label]
    parameters = {p.name for p in operation.path_parameters}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        aimed = data.draw(st.booleans(), label="aimed at the hall's records")
        known = {k: v for k, v in fuzz_hall.known.items() if k in parameters} if aimed else {}
        case = data.draw(operation.as_strategy(path_parameters=known or None))
        for headers in ({}, fuzz_hall.headers):  # anonymous, then staff
            _check(case, _send(Client(), case, headers), label)
            SENT[0] += 1

    run()
