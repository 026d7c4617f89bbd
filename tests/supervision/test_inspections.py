"""Spot inspections (V1): an inspection with findings and photos against staff or windows,
rectified by the department within working days and checked by someone else; the weekly
rule (每周不少于一次抽查) across a holiday week."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from hall.core.models import AuditRecord, OutboxMessage
from hall.core.roles import Role
from hall.supervision import selectors, services
from hall.supervision.models import Finding, FindingPhoto, Inspection
from tests.appointments.conftest import at
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.queueing.conftest import QueueHall

pytestmark = pytest.mark.django_db
POINT = "在岗在位，无脱岗、串岗"


def photo(name: str = "desk.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class People:
    def __init__(self, qhall: QueueHall) -> None:
        self.inspector = UserFactory(username="ducha", hall=qhall.hall, role=Role.INSPECTOR)
        self.head = UserFactory(username="head", hall=qhall.hall, role=Role.DEPARTMENT_HEAD)
        self.head.departments.add(qhall.police)
        self.clerk = qhall.clerk


def started(client: Client) -> Inspection:
    answer = client.post("/supervision/q/", {"kind": "inspection"})
    inspection = Inspection.objects.get()
    assert answer["Location"] == f"/supervision/q/inspections/{inspection.pk}/"
    return inspection


def test_a_finding_with_photos_is_due_in_working_days_and_shown_only_to_readers(qhall):
    people = People(qhall)
    inspector = logged_in(people.inspector)
    with at("2026-09-30 10:00"):
        inspection = started(inspector)
        page = f"/supervision/q/inspections/{inspection.pk}/"
        answer = inspector.post(
            page,
            {
                "point": POINT,
                "window": qhall.windows[1].pk,
                "staff": qhall.clerk.pk,
                "note": "10:05 窗口无人",
                "photos": [photo(), photo("chair.jpg")],
            },
        )
    assert answer.status_code == 302, answer.content.decode()[:300]
    finding = Finding.objects.get()
    # Five working days after 9-30: 10-8, 9, 10 (the make-up Saturday), 12, 13.
    assert finding.rectify_due == datetime.date(2026, 10, 13)
    assert finding.department == qhall.police and finding.photos.count() == 2
    shown = inspector.get(page).content.decode()
    first = FindingPhoto.objects.first()
    assert f"/supervision/q/photos/{first.pk}/" in shown
    assert inspector.get(f"/supervision/q/photos/{first.pk}/").status_code == 200
    assert Client().get(f"/supervision/q/photos/{first.pk}/").status_code == 302  # log in
    assert logged_in(people.clerk).get(f"/supervision/q/photos/{first.pk}/").status_code == 403
    assert AuditRecord.objects.filter(action="supervision.finding_recorded").count() == 1
    # The report prints, and as PDF carries the Chinese text (its font embedded) and the photos.
    report = f"/supervision/q/inspections/{inspection.pk}/report"
    assert "10:05 窗口无人" in inspector.get(f"{report}/").content.decode()
    pdf = PdfReader(io.BytesIO(inspector.get(f"{report}.pdf").content))
    assert "窗口无人" in "".join(page.extract_text() for page in pdf.pages)
    assert sum(len(page.images) for page in pdf.pages) == 2
    assert logged_in(people.clerk).get(f"{report}.pdf").status_code == 403


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"window": "", "staff": ""}, "哪位工作人员或哪个窗口"),
        ({"point": "随便写的"}, "检查项"),
        ({"note": "  "}, "发现"),
        ({"photos": [SimpleUploadedFile("fake.jpg", b"not an image", "image/jpeg")]}, "图片"),
        ({"photos": [photo("big.bmp")]}, "bmp"),
    ],
)
def test_bad_findings_are_refused_and_store_nothing(qhall, body, message):
    inspector = logged_in(People(qhall).inspector)
    inspection = started(inspector)
    data = {"point": POINT, "window": qhall.windows[1].pk, "note": "脱岗", **body}
    answer = inspector.post(f"/supervision/q/inspections/{inspection.pk}/", data)
    assert answer.status_code == 422 and message in answer.content.decode()
    assert not Finding.objects.exists() and not FindingPhoto.objects.exists()


def test_the_head_rectifies_someone_else_checks_and_a_finished_inspection_takes_nothing(qhall):
    people = People(qhall)
    inspector = logged_in(people.inspector)
    inspection = started(inspector)
    page = f"/supervision/q/inspections/{inspection.pk}/"
    inspector.post(page, {"point": POINT, "staff": qhall.clerk.pk, "note": "玩手机"})
    finding = Finding.objects.get()
    head = logged_in(people.head)
    assert "玩手机" in head.get("/supervision/q/findings/").content.decode()
    head.post(f"/supervision/q/findings/{finding.pk}/rectified/", {"note": "已谈话提醒"})
    refused = head.post(f"/supervision/q/findings/{finding.pk}/checked/")
    assert refused.status_code == 403 and Finding.objects.get().status == "rectified"
    inspector.post(f"/supervision/q/findings/{finding.pk}/not-done/")
    assert Finding.objects.get().status == "open"
    head.post(f"/supervision/q/findings/{finding.pk}/rectified/", {"note": "已再次整改"})
    inspector.post(f"/supervision/q/findings/{finding.pk}/checked/")
    finding.refresh_from_db()
    assert (finding.status, finding.checked_by) == ("checked", people.inspector)
    inspector.post(f"/supervision/q/inspections/{inspection.pk}/finish/", {"note": "整体良好"})
    late = inspector.post(page, {"point": POINT, "staff": qhall.clerk.pk, "note": "又玩手机"})
    assert late.status_code == 404 and Finding.objects.count() == 1
    # Window staff see nothing of it; a head self-inspects their own department only.
    assert logged_in(people.clerk).get("/supervision/q/").status_code == 403
    assert head.post("/supervision/q/", {"kind": "inspection"}).status_code == 403
    head.post("/supervision/q/", {"kind": "self", "department": qhall.police.pk})
    assert Inspection.objects.filter(kind="self", department=qhall.police).count() == 1


def test_the_weekly_rule_across_the_spring_festival_week(qhall):
    people = People(qhall)
    for day in ("2026-02-11 10:00", "2026-02-25 10:00"):
        with at(day):
            Inspection.objects.create(hall=qhall.hall, inspector=people.inspector)
    # 2-02 week: none; 2-09: inspected; 2-16 (春节, 2-15 to 2-23 off): no working day, not
    # flagged; 2-23: inspected (2-23 is a holiday, the rest of the week is not).
    weeks = selectors.weeks_without_inspection(
        qhall.hall, datetime.date(2026, 2, 2), datetime.date(2026, 3, 1)
    )
    assert weeks == [datetime.date(2026, 2, 2)]


def test_the_dashboard_warns_on_the_last_working_day_of_a_week_not_inspected(qhall):
    office = logged_in(UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN))
    warning = "本周尚未对大厅进行抽查"
    with at("2026-12-03 10:00"):  # a Thursday
        assert warning not in office.get("/dashboard/?hall=q").content.decode()
    with at("2026-12-04 16:00"):  # the Friday
        assert warning in office.get("/dashboard/?hall=q").content.decode()
        Inspection.objects.create(hall=qhall.hall, inspector=office_user(qhall))
        assert warning not in office.get("/dashboard/?hall=q").content.decode()


def office_user(qhall: QueueHall):
    return UserFactory(username="ducha2", hall=qhall.hall, role=Role.INSPECTOR)


def test_the_office_and_leadership_are_told_once_on_the_weeks_last_working_day(qhall):
    for username, role, mobile in (
        ("guanli", Role.HALL_ADMIN, "13700000001"),
        ("lingdao", Role.LEADERSHIP, "13700000002"),
        ("kezhang", Role.DEPARTMENT_HEAD, "13700000003"),  # not theirs to hear
    ):
        UserFactory(username=username, hall=qhall.hall, role=role, mobile=mobile)
    thursday, friday = datetime.date(2026, 12, 3), datetime.date(2026, 12, 4)
    assert services.weeks_warn(today=thursday) == 0
    assert services.weeks_warn(today=friday) == 2
    assert services.weeks_warn(today=friday) == 0  # once
    recipients = sorted(m.recipient.plaintext for m in OutboxMessage.objects.all())
    assert recipients == ["13700000001", "13700000002"]
    assert "本周" in OutboxMessage.objects.first().body
    # A week inspected is not warned of.
    with at("2026-12-08 10:00"):
        Inspection.objects.create(hall=qhall.hall, inspector=People(qhall).inspector)
    assert services.weeks_warn(today=datetime.date(2026, 12, 11)) == 0
