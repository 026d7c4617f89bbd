"""Case pages through the Django test client: intake, the case file, documents, progress,
the guide, the overdue list."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from hall.cases import services
from hall.cases.choices import CaseStatus
from hall.cases.models import Case
from tests.cases.conftest import ID_NUMBER
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_intake_page_receives_a_case_and_opens_its_file(chall):
    client = logged_in(chall.clerk)
    page = client.get("/cases/new/").content.decode()
    assert "房屋买卖转移登记" in page
    materials = client.get(f"/cases/new/materials/?service={chall.transfer.pk}").content.decode()
    assert "买卖合同" in materials and 'value="contract"' in materials
    response = client.post(
        "/cases/new/",
        {
            "service": chall.transfer.pk,
            "applicant_kind": "person",
            "name": "王芳",
            "id_number": ID_NUMBER,
            "phone": "13812345678",
            "materials": ["id-card", "contract"],
        },
        **HTMX,
    )
    case = Case.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/cases/{case.number}/"
    file = client.get(f"/cases/{case.number}/").content.decode()
    assert "王*" in file and "王芳" not in file
    assert ID_NUMBER not in file and "1101**********002X" in file


def test_intake_with_a_bad_id_number_shows_the_error_and_creates_nothing(chall):
    response = logged_in(chall.clerk).post(
        "/cases/new/",
        {
            "service": chall.transfer.pk,
            "applicant_kind": "person",
            "name": "王芳",
            "id_number": "110105194912310021",
            "materials": ["id-card", "contract"],
        },
        **HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#messages"
    assert Case.objects.count() == 0


def test_steps_on_the_case_file_move_the_case(chall):
    case = chall.receive()
    client = logged_in(chall.clerk)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert f"/cases/{case.number}/accept/" in page
    assert f"/cases/{case.number}/archive/" not in page  # not from "received"
    assert client.post(f"/cases/{case.number}/accept/", **HTMX)["HX-Redirect"]
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    refused = client.post(f"/cases/{case.number}/refuse/", {"reason": "x"}, **HTMX)
    assert refused.status_code == 409
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


def test_a_member_of_another_department_cannot_move_the_case(chall):
    case = chall.receive()
    response = logged_in(chall.outsider).post(f"/cases/{case.number}/accept/", **HTMX)
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_the_printable_receipt_has_a_qr_code_to_the_progress_page(chall):
    """What the applicant takes home: who handled it at which window, the hall's phone, the
    date and the place for the seal, with a QR code to the progress page."""
    from hall.queueing.choices import Channel
    from hall.queueing.models import QueueSettings, TicketCategory, WorkProfileEntry
    from hall.queueing.services import ticket_call_next, ticket_issue
    from tests.factories import WindowFactory

    chall.hall.complaint_phone = "0571-12345"
    chall.hall.save()
    QueueSettings.objects.create(hall=chall.hall, refuse_on_closed_days=False)
    category = TicketCategory.objects.create(hall=chall.hall, code="e", prefix="E", name="不动产")
    window = WindowFactory(hall=chall.hall, number=7, state="open")
    WorkProfileEntry.objects.create(window=window, category=category, preference=1)
    ticket_issue(hall=chall.hall, category_code="e", channel=Channel.KIOSK)
    ticket = ticket_call_next(window=window, actor=None)
    case = services.case_accept(case=chall.receive(ticket=ticket), actor=chall.clerk)
    page = logged_in(chall.clerk).get(f"/cases/{case.number}/documents/receipt/").content.decode()
    assert "<svg" in page and case.number in page and "李**" in page
    assert "data-print" in page and "page.js" in page
    assert f"经办人：{chall.clerk.get_full_name()}" in page and "窗口：7 号窗口" in page
    assert "0571-12345" in page and "（盖章）" in page and "申请人签收" in page


def test_progress_lookup_shows_state_and_dates_and_nothing_personal(chall):
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    anonymous = Client()
    found = anonymous.get("/progress/", {"number": case.number, "digits": "002x"}).content.decode()
    assert "2026-11-09" in found and case.number in found
    assert "李" not in found and "1381" not in found
    by_phone = anonymous.get("/progress/", {"number": case.number, "digits": "5678"})
    assert "2026-11-09" in by_phone.content.decode()
    wrong = anonymous.get("/progress/", {"number": case.number, "digits": "1234"}).content.decode()
    assert "2026-11-09" not in wrong


@time_machine.travel("2026-11-02 10:00:30 +0800", tick=False)  # counts within one minute
def test_progress_lookups_are_rate_limited(chall):
    case = chall.receive()
    anonymous = Client()
    for _ in range(20):
        anonymous.get("/progress/", {"number": case.number, "digits": "0000"})
    refused = anonymous.get("/progress/", {"number": case.number, "digits": "002X"})
    assert refused.status_code == 422


@time_machine.travel("2026-11-02 10:00:30 +0800", tick=True)
def test_a_few_wrong_tries_lock_a_cases_lookup_whatever_address_they_come_from(chall):
    """Four characters are few: rotating addresses must not let anyone try them all."""
    case = chall.receive()
    for n in range(5):
        wrong = Client(REMOTE_ADDR=f"10.0.0.{n}").get(
            "/progress/", {"number": case.number, "digits": f"000{n}"}
        )
        assert "没有与该编号和后四位相符的办件" in wrong.content.decode()
    right = Client(REMOTE_ADDR="10.0.9.9").get(
        "/progress/", {"number": case.number, "digits": "002X"}
    )
    page = right.content.decode()
    assert "15 分钟" in page
    assert case.get_status_display() not in page
    other = chall.receive()  # another case's lookup is not affected
    assert (
        other.number
        in Client().get("/progress/", {"number": other.number, "digits": "002X"}).content.decode()
    )
    with time_machine.travel("2026-11-02 10:16:00 +0800"):
        again = Client().get("/progress/", {"number": case.number, "digits": "002X"})
    assert "15 分钟" not in again.content.decode()


def test_guide_pages_are_public(chall):
    listing = Client().get("/guide/c/").content.decode()
    assert "房屋买卖转移登记" in listing
    assert '<a class="brand" href="/">测试政务服务中心</a>' in listing  # the hall, by its name
    detail = Client().get("/guide/c/transfer/").content.decode()
    assert "买卖合同" in detail and "结婚证" in detail
    assert Client().get("/guide/c/nothing/").status_code == 404


def test_overdue_list_per_department(chall):
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        late = services.case_accept(case=chall.receive(), actor=chall.clerk)
        on_time = chall.receive()
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        page = logged_in(chall.head).get("/cases/overdue/").content.decode()
    assert late.number in page and on_time.number not in page
    assert "不动产登记中心" in page


def test_progress_lists_what_is_missing_and_names_the_hall(chall):
    """A case waiting for corrections says what to bring; the page says whose hall it is; a
    look-up sent empty says what to fill in, and a receipt's link fills the number in."""
    chall.hall.complaint_phone = "0571-12345"
    chall.hall.save()
    case = services.case_request_corrections(
        case=chall.receive(), actor=chall.clerk, missing=["contract"], note="须原件"
    )
    page = Client().get("/progress/", {"number": case.number, "digits": "002x"}).content.decode()
    assert "买卖合同" in page and "须原件" in page and "申请人身份证" not in page
    assert "测试政务服务中心" in page and "0571-12345" in page
    empty = Client().get("/progress/", {"number": "", "digits": ""}).content.decode()
    assert empty.count("这个字段是必填项。") == 2
    linked = Client().get("/progress/", {"number": case.number}).content.decode()
    assert f'value="{case.number}"' in linked and "errorlist" not in linked


def test_the_case_file_offers_only_the_steps_its_reader_may_take(chall):
    """Window staff are not offered 延期 (an approver's step); a case waiting on site names
    the chief representative who decides it, and only they see 办结."""
    from hall.catalog.models import ServiceItemVersion

    case = services.case_start(
        case=services.case_accept(case=chall.receive(), actor=chall.clerk), actor=chall.clerk
    )
    clerk_page = logged_in(chall.clerk).get(f"/cases/{case.number}/").content.decode()
    assert ">提交审批</button>" in clerk_page and ">延期</button>" not in clerk_page
    ServiceItemVersion.objects.filter(pk=case.service_id).update(delegated_approval=True)
    case = services.case_submit_for_approval(case=case, actor=chall.clerk)
    clerk_page = logged_in(chall.clerk).get(f"/cases/{case.number}/").content.decode()
    assert "由首席代表现场审批" in clerk_page and chall.chief.get_full_name() in clerk_page
    assert ">办结</button>" not in clerk_page
    chief_page = logged_in(chall.chief).get(f"/cases/{case.number}/").content.decode()
    assert ">办结</button>" in chief_page
