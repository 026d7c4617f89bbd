"""Complaints and suggestions (V4): from every channel, anonymous allowed; assigned, answered,
escalated when late, rated by the complainant; who complained hidden from the member of staff
complained about and from their department unless the office opens it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from hall.core.events import _listeners, listen
from hall.core.models import AuditRecord, OutboxMessage
from hall.core.roles import Role
from hall.evaluation import services
from hall.evaluation.events import ComplaintAnswered
from hall.evaluation.models import Complaint
from tests.appointments.conftest import at
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.queueing.conftest import QueueHall

pytestmark = pytest.mark.django_db
NAME, PHONE, ID_NUMBER = "王秀英", "13912345678", "11010519491231002X"
SECRETS = (NAME, PHONE, "139****5678", ID_NUMBER, ID_NUMBER[-4:])


class People:
    def __init__(self, qhall: QueueHall) -> None:
        self.office = UserFactory(
            username="office", hall=qhall.hall, role=Role.HALL_ADMIN, mobile="13700000001"
        )
        self.head = UserFactory(username="head", hall=qhall.hall, role=Role.DEPARTMENT_HEAD)
        self.head.departments.add(qhall.police)
        self.clerk = qhall.clerk  # the member of staff complained about


def named_complaint(client: Client | None = None, **body) -> dict:
    answer = (client or Client()).post(
        "/api/v1/halls/q/complaints",
        {
            "content": "1号窗口工作人员态度生硬",
            "window": 1,
            "name": NAME,
            "phone": PHONE,
            "id_number": ID_NUMBER,
            **body,
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


def assigned(qhall: QueueHall, people: People) -> Complaint:
    created = named_complaint()
    answer = logged_in(people.office).post(
        f"/api/v1/complaints/{created['id']}/assign",
        {"department": qhall.police.pk, "staff": qhall.clerk.pk, "window": 1},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    return Complaint.objects.get(pk=created["id"])


def test_an_anonymous_complaint_on_the_hall_page_gets_a_number_and_a_reply_date(qhall):
    with at("2026-09-30 10:00"):
        page = Client().post(
            "/h/q/complaint/",
            {"kind": "complaint", "content": "等候太久", "anonymous": "on", "name": "张三"},
        )
    complaint = Complaint.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/complaint/{complaint.token}/"
    # Five working days after 9-30: 10-8, 9, 10 (the make-up Saturday), 12, 13.
    assert complaint.due_date == datetime.date(2026, 10, 13)
    assert (complaint.number, complaint.channel, complaint.complainant_name) == (
        "TS202600001",
        "online",
        "",
    )
    follow = Client().get(page["Location"]).content.decode()
    assert "TS202600001" in follow and "待分派" in follow
    assert not OutboxMessage.objects.exists()  # nobody to tell


def test_who_complained_is_hidden_from_the_staff_member_and_the_department(qhall):
    people = People(qhall)
    complaint = assigned(qhall, people)
    assert "已收到您的投诉" in OutboxMessage.objects.get().body
    office_list = logged_in(people.office).get("/evaluation/q/complaints/").content.decode()
    assert NAME in office_list
    head = logged_in(people.head)
    pages = [
        head.get("/evaluation/q/complaints/").content.decode(),
        head.get(f"/evaluation/q/complaints/{complaint.pk}/").content.decode(),
        head.get("/api/v1/halls/q/complaints").content.decode(),
    ]
    assert "1号窗口工作人员态度生硬" in pages[0]
    assert head.get("/api/v1/halls/q/complaints").json()[0]["complainant"] is None
    clerk = logged_in(people.clerk)
    assert clerk.get(f"/evaluation/q/complaints/{complaint.pk}/").status_code in (403, 404)
    assert clerk.get("/api/v1/halls/q/complaints").status_code == 403
    # Answered, the member of staff sees it among their own, still without who complained.
    head.post(
        f"/evaluation/q/complaints/{complaint.pk}/reply/",
        {"finding": "substantiated", "reply": "已对当事人批评教育"},
    )
    mine = clerk.get("/evaluation/mine/").content.decode()
    assert "1号窗口工作人员态度生硬" in mine and "已对当事人批评教育" in mine
    pages.append(mine)
    for page in pages:
        for secret in SECRETS:
            assert secret not in page, secret

    # The office opens it to the department, with a reason, in the audit; never to the clerk.
    opened = logged_in(people.office).post(
        f"/evaluation/q/complaints/{complaint.pk}/open-identity/", {"reason": "需当面回访"}
    )
    assert opened.status_code == 302
    assert NAME in head.get(f"/evaluation/q/complaints/{complaint.pk}/").content.decode()
    assert NAME not in clerk.get("/evaluation/mine/").content.decode()
    record = AuditRecord.objects.get(action="evaluation.complaint_identity_opened")
    assert record.reason == "需当面回访" and NAME not in str(record.changes)
    # The office calls them back: the full number, audited; never for the clerk.
    revealed = logged_in(people.office).post(
        f"/evaluation/q/complaints/{complaint.pk}/reveal-phone/"
    )
    assert PHONE in revealed.content.decode()
    assert AuditRecord.objects.filter(action="personal_data.revealed").count() == 1
    refused = clerk.post(f"/evaluation/q/complaints/{complaint.pk}/reveal-phone/")
    assert refused.status_code in (403, 404) and PHONE not in refused.content.decode()


def test_the_answer_is_sent_rated_once_and_recorded_against_the_staff_member(qhall):
    people = People(qhall)
    complaint = assigned(qhall, people)
    refused = logged_in(people.clerk).post(
        f"/api/v1/complaints/{complaint.pk}/reply",
        {"finding": "unfounded", "reply": "我没有"},
        content_type="application/json",
    )
    assert refused.status_code in (403, 404)
    head = logged_in(people.head)
    heard: list[ComplaintAnswered] = []
    listen(ComplaintAnswered, in_transaction=True)(heard.append)  # what V5 will hear
    try:
        answer = head.post(
            f"/api/v1/complaints/{complaint.pk}/reply",
            {"finding": "substantiated", "reply": "已批评教育并整改"},
            content_type="application/json",
        )
    finally:
        _listeners.pop(ComplaintAnswered)
    assert answer.status_code == 200 and answer.json()["status"] == "replied"
    again = head.post(
        f"/api/v1/complaints/{complaint.pk}/reply",
        {"finding": "unfounded", "reply": "x"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "complaint_wrong_state"
    assert heard[-1].against_staff and heard[-1].staff_id == qhall.clerk.pk
    assert heard[-1].window_id == qhall.windows[1].pk
    sms = OutboxMessage.objects.order_by("pk").last()
    assert "已答复" in sms.body and complaint.token in sms.body

    follow = f"/complaint/{complaint.token}/"
    assert "已批评教育并整改" in Client().get(follow).content.decode()
    assert Client().post(follow, {"level": "9"}).status_code == 422
    Client().post(follow, {"level": "4"})
    assert Client().post(follow, {"level": "1"}).status_code == 422
    assert Complaint.objects.get().handling_level == 4
    closed = logged_in(people.office).post(f"/api/v1/complaints/{complaint.pk}/close")
    assert closed.json()["status"] == "closed"
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {
        "evaluation.complaint_received",
        "evaluation.complaint_assigned",
        "evaluation.complaint_replied",
        "evaluation.complaint_rated",
        "evaluation.complaint_closed",
    } <= actions


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"content": "   "}, 422),
        ({"phone": "12345"}, 422),
        ({"id_number": "110105194912310021"}, 422),
        ({"window": 0}, 422),
        ({"content": "x" * 2001}, 422),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(qhall, body, status):
    answer = Client().post(
        "/api/v1/halls/q/complaints",
        {"content": "态度差", **body},
        content_type="application/json",
    )
    assert answer.status_code == status and answer.json()["message"]
    assert not Complaint.objects.exists()


def test_the_office_records_a_12345_transfer_only_with_its_reference(qhall):
    office = logged_in(People(qhall).office)
    body = {"kind": "complaint", "channel": "hotline", "content": "电话反映排队太久"}
    refused = office.post("/evaluation/q/complaints/", body)
    assert "工单号" in refused.content.decode() and not Complaint.objects.exists()
    office.post("/evaluation/q/complaints/", {**body, "hotline_reference": "12345-2026-0001"})
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.received_by.username) == ("hotline", "office")


def test_a_complaint_not_answered_in_time_goes_to_the_office_once(qhall):
    people = People(qhall)
    complaint = assigned(qhall, people)
    late_day = complaint.due_date + datetime.timedelta(days=1)
    assert services.complaints_escalate(today=complaint.due_date) == 0
    assert services.complaints_escalate(today=late_day) == 1
    assert services.complaints_escalate(today=late_day) == 0
    assert OutboxMessage.objects.filter(body__contains="升级").count() == 1
    Complaint.objects.filter(pk=complaint.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    dashboard = logged_in(people.office).get("/dashboard/?hall=q").content.decode()
    assert "1 件投诉未在答复期限内答复" in dashboard
