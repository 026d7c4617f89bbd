"""The cases API (issue #4's contract) and the PDF documents read back as text."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from pypdf import PdfReader

from hall.cases import services
from hall.cases.models import Case, CaseEvent
from hall.core.roles import Role
from tests.cases.conftest import ID_NUMBER
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.http import bearer, post, put

pytestmark = pytest.mark.django_db

APPLICANT = {"name": "李小明", "id_number": ID_NUMBER, "phone": "13812345678"}


def test_service_items_list_the_materials(chall):
    response = bearer(chall.clerk).get("/api/v1/halls/c/service-items")
    assert response.status_code == 200
    transfer = next(i for i in response.json() if i["code"] == "transfer")
    assert transfer["legal_limit_days"] == 20 and transfer["promised_limit_days"] == 5
    assert [(m["code"], m["required"]) for m in transfer["materials"]] == [
        ("id-card", True),
        ("contract", True),
        ("marriage", False),
    ]


def test_publishing_a_new_version_keeps_the_old_cases_on_theirs(chall):
    case = chall.receive()
    admin = UserFactory(hall=chall.hall, role=Role.HALL_ADMIN)
    body = {
        "name": "房屋买卖转移登记",
        "department": "estate",
        "kind": "public_service",
        "legal_limit_days": 20,
        "promised_limit_days": 3,
        "materials": [{"code": "id-card", "name": "申请人身份证"}],
    }
    response = put(bearer(admin), "/api/v1/halls/c/service-items/transfer", body)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    case.refresh_from_db()
    assert case.service.number == 1 and case.service.promised_limit_days == 5
    too_long = put(
        bearer(admin), "/api/v1/halls/c/service-items/transfer", {**body, "promised_limit_days": 21}
    )
    assert too_long.status_code == 422
    assert too_long.json()["code"] == "promised_above_legal"
    clerk_try = put(bearer(chall.clerk), "/api/v1/halls/c/service-items/transfer", body)
    assert clerk_try.status_code == 403


def test_a_case_missing_a_required_material_waits_for_corrections(chall):
    response = post(
        bearer(chall.clerk),
        "/api/v1/halls/c/cases",
        {"service_item": "transfer", "applicant": APPLICANT, "materials": ["id-card"]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "correction_requested"
    assert body["missing_materials"] == ["contract"]
    assert body["applicant"] == "李**"
    assert body["number"].startswith("C")


def test_an_invalid_id_number_is_a_chinese_422_and_creates_nothing(chall):
    client = bearer(chall.clerk)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    response = post(
        client,
        "/api/v1/halls/c/cases",
        {
            "service_item": "transfer",
            "applicant": {**APPLICANT, "id_number": "110105194912310021"},
            "materials": ["id-card", "contract"],
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_resident_id"
    assert "身份证" in response.json()["message"]
    assert Case.objects.count() == 0


def test_the_steps_through_the_api_and_a_wrong_one_changes_nothing(chall):
    clerk, chief = bearer(chall.clerk), bearer(chall.chief)
    with time_machine.travel("2026-09-30 10:00 +0800", tick=False):
        number = post(
            clerk,
            "/api/v1/halls/c/cases",
            {
                "service_item": "transfer",
                "applicant": APPLICANT,
                "materials": ["id-card", "contract"],
            },
        ).json()["number"]
        early = post(clerk, f"/api/v1/cases/{number}/conclude", {"outcome": "approved"})
        assert early.status_code == 409
        assert early.json()["code"] == "case_wrong_state"
        accepted = post(clerk, f"/api/v1/cases/{number}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["due_date"] == "2026-10-13"
    assert post(clerk, f"/api/v1/cases/{number}/start").json()["status"] == "in_process"
    assert (
        post(clerk, f"/api/v1/cases/{number}/submit-for-approval", {}).json()["status"]
        == "approval"
    )
    assert (
        post(clerk, f"/api/v1/cases/{number}/conclude", {"outcome": "approved"}).status_code == 403
    )
    concluded = post(chief, f"/api/v1/cases/{number}/conclude", {"outcome": "approved"})
    assert concluded.json()["status"] == "concluded"
    assert post(clerk, f"/api/v1/cases/{number}/deliver", {"method": "pickup"}).status_code == 200
    assert post(clerk, f"/api/v1/cases/{number}/archive").json()["status"] == "archived"
    assert CaseEvent.objects.filter(case__number=number).count() == 7


def test_another_halls_case_is_not_found(chall, admin_b):
    number = chall.receive().number
    assert bearer(admin_b).get(f"/api/v1/cases/{number}").status_code == 404
    assert post(bearer(admin_b), f"/api/v1/cases/{number}/accept").status_code == 404


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages)


def test_each_pdf_document_carries_the_masked_name_the_number_and_the_due_date(chall):
    client = bearer(chall.clerk)
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        accepted = services.case_accept(case=chall.receive(), actor=chall.clerk)
        accepted = services.case_start(case=accepted, actor=chall.clerk)
        accepted = services.case_request_corrections(
            case=accepted, actor=chall.clerk, missing=["contract"]
        )
        accepted = services.case_resubmit(case=accepted, actor=chall.clerk, materials=["contract"])
        accepted = services.case_submit_for_approval(case=accepted, actor=chall.clerk)
        concluded = services.case_conclude(case=accepted, actor=chall.chief, outcome="approved")
        refused = services.case_refuse(
            case=chall.receive(), actor=chall.clerk, reason="不符合受理条件"
        )
    for case, kind in [
        (concluded, "receipt"),
        (concluded, "correction-notice"),
        (concluded, "conclusion-notice"),
        (refused, "refusal-notice"),
    ]:
        response = client.get(f"/api/v1/cases/{case.number}/documents/{kind}.pdf")
        assert response.status_code == 200, (kind, response.content[:200])
        text = pdf_text(response)
        due = case.due_date or services.clock.notice_deadline(case.materials_arrived_on)
        assert "李**" in text, kind
        assert "李小明" not in text, kind
        assert case.number in text, kind
        assert due.isoformat() in text, kind
    missing = client.get(f"/api/v1/cases/{refused.number}/documents/receipt.pdf")
    assert missing.status_code == 409


def test_archiving_keeps_each_document_as_a_pdf_until_the_personal_data_goes(
    chall, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
        case = services.case_start(case=case, actor=chall.clerk)
        case = services.case_submit_for_approval(case=case, actor=chall.clerk)
        case = services.case_conclude(case=case, actor=chall.chief, outcome="approved")
        case = services.case_deliver(case=case, actor=chall.clerk, method="pickup")
        archived = post(bearer(chall.clerk), f"/api/v1/cases/{case.number}/archive")
    assert archived.json()["status"] == "archived"
    copies = {c.kind: c for c in case.archived_documents.all()}
    assert set(copies) == {"receipt", "conclusion-notice"}
    path = tmp_path / copies["receipt"].file.name
    assert case.number in "".join(p.extract_text() for p in PdfReader(path).pages)
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.cases_erase_expired(case.retain_until + datetime.timedelta(days=1))
    assert not case.archived_documents.exists()
    assert not path.exists()


# --- reading follows the rules of acting (X1) -------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("clerk", 200),  # the case's department
        ("head", 200),
        ("admin", 200),  # the hall's administrator reads every case
        ("leader", 200),
        ("inspector", 200),
        ("outsider", 403),  # window staff of another department
        ("reception", 403),
        ("kiosk", 403),  # a device's token
    ],
)
def test_a_case_is_read_by_its_department_and_the_hall_wide_roles_only(chall, who, status):
    case = chall.receive()
    users = {
        "clerk": chall.clerk,
        "head": chall.head,
        "outsider": chall.outsider,
        "admin": UserFactory(hall=chall.hall, role=Role.HALL_ADMIN),
        "leader": UserFactory(hall=chall.hall, role=Role.LEADERSHIP),
        "inspector": UserFactory(hall=chall.hall, role=Role.INSPECTOR),
        "reception": UserFactory(hall=chall.hall, role=Role.RECEPTION),
        "kiosk": UserFactory(hall=chall.hall, role=Role.DEVICE),
    }
    client = bearer(users[who])
    assert client.get(f"/api/v1/cases/{case.number}").status_code == status
    pdf = client.get(f"/api/v1/cases/{case.number}/documents/correction-notice.pdf")
    assert pdf.status_code == (409 if status == 200 else status)  # no notice: nothing missing


def test_a_department_reviewing_jointly_reads_the_case(chall):
    case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    case = services.case_start(case=case, actor=chall.clerk)
    assert bearer(chall.outsider).get(f"/api/v1/cases/{case.number}").status_code == 403
    services.case_start_joint_review(case=case, actor=chall.clerk, departments=[chall.market])
    assert bearer(chall.outsider).get(f"/api/v1/cases/{case.number}").status_code == 200


def test_the_case_list_shows_only_the_departments_cases(chall):
    mine = chall.receive()
    page = logged_in(chall.outsider).get("/cases/").content.decode()
    assert mine.number not in page
    assert mine.number in logged_in(chall.clerk).get("/cases/").content.decode()


def test_a_django_superuser_acts_on_cases_like_a_system_administrator(chall):
    root = UserFactory(hall=chall.hall, is_superuser=True, is_staff=True)
    case = chall.receive()
    response = post(bearer(root), f"/api/v1/cases/{case.number}/accept")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"


def test_documents_carry_the_halls_public_address_whatever_host_was_asked(
    chall, settings, tmp_path
):
    """A forged Host header must not reach the notice the applicant takes home."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDIA_ROOT = tmp_path
    chall.hall.public_url = "http://10.1.2.3:8000"
    chall.hall.save()
    case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    page = logged_in(chall.clerk).get(
        f"/cases/{case.number}/documents/receipt/", HTTP_HOST="evil.example"
    )
    assert page.status_code == 200
    pdf = bearer(chall.clerk).get(
        f"/api/v1/cases/{case.number}/documents/receipt.pdf", HTTP_HOST="evil.example"
    )
    for text in (page.content.decode(), pdf_text(pdf)):
        assert "evil.example" not in text
        assert "http://10.1.2.3:8000/progress/" in text
