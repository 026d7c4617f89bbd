"""Staff (S1): who works where, on which posts, with which certificates; A/B posts."""

from __future__ import annotations

import datetime

import pytest

from hall.core.models import AuditRecord
from hall.core.roles import Role
from hall.staff import selectors, services
from hall.staff.models import PostKind, Qualification, QualificationKind, StaffProfile
from tests.factories import DepartmentFactory, HallFactory, UserFactory, WindowFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def estate():
    hall = HallFactory(code="s")
    department = DepartmentFactory(hall=hall, code="estate", name="不动产登记中心")
    people = []
    for username, posts in [("a", [PostKind.WINDOW]), ("b", [PostKind.WINDOW]), ("head", [])]:
        user = UserFactory(username=username, staff_number=f"S-{username}", hall=hall)
        StaffProfile.objects.create(user=user, department=department, posts=posts)
        people.append(user)
    return hall, department, people


def test_window_staff_are_the_departments_people_on_the_window_post(estate):
    hall, department, (a, b, head) = estate
    assert list(selectors.people_of(department)) == [a, b, head]
    assert selectors.window_staff_of(hall, department) == [a, b]
    head.is_active = False
    head.save()
    assert list(selectors.people_of(department)) == [a, b]


def test_an_ab_pair_is_set_audited_and_names_each_post(estate):
    hall, _department, (a, b, _head) = estate
    window = WindowFactory(hall=hall, number=7)
    services.ab_pair_set(actor=None, window=window, a_staff=a, b_staff=b, via="test")
    assert selectors.ab_pairs([window])[7].a_staff_id == a.pk
    assert (selectors.post_at(window, a.pk), selectors.post_at(window, b.pk)) == ("A", "B")
    assert selectors.post_at(None, a.pk) == ""  # the backup post
    record = AuditRecord.objects.get(action="staff.ab_pair_set")
    assert record.target_id == str(window.pk)


def test_the_latest_certificate_of_each_kind_counts(estate):
    hall, _department, (a, b, _head) = estate
    kind = QualificationKind.objects.create(hall=hall, code="registrar", name="不动产登记员")
    Qualification.objects.create(staff=a, kind=kind, valid_until=D(2026, 1, 31))
    Qualification.objects.create(staff=a, kind=kind, valid_until=D(2028, 1, 31))
    held = selectors.certificates_valid_until([a.pk, b.pk])
    assert held[a.pk] == {kind.pk: D(2028, 1, 31)}
    assert b.pk not in held


def test_a_chief_representatives_scope_names_the_items_approved_on_site(estate):
    from hall.catalog.choices import ServiceKind
    from hall.catalog.services import ServiceItemSpec, service_item_publish

    hall, department, _people = estate
    items = [
        service_item_publish(
            actor=None,
            hall=hall,
            spec=ServiceItemSpec(
                code=code,
                name=name,
                department=department,
                kind=ServiceKind.PUBLIC_SERVICE,
                legal_limit_days=20,
                promised_limit_days=5,
            ),
        ).item
        for code, name in [("transfer", "转移登记"), ("mortgage", "抵押登记")]
    ]
    chief = UserFactory(hall=hall, role=Role.CHIEF_REPRESENTATIVE)
    profile = StaffProfile.objects.create(user=chief, department=department)
    assert selectors.within_chief_scope(chief, items[1].pk)  # an empty scope: every item
    profile.chief_scope.set([items[0]])
    assert selectors.within_chief_scope(chief, items[0].pk)
    assert not selectors.within_chief_scope(chief, items[1].pk)


def test_a_badge_photo_is_a_small_jpeg_or_png(estate):
    """The upload is bounded where the field is: a 3 MB photo, or a PDF, is refused."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, _, (a, *_rest) = estate
    profile = StaffProfile.objects.get(user=a)
    profile.photo = SimpleUploadedFile("a.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024))
    with pytest.raises(ValidationError, match="大于 2 MB"):
        profile.full_clean()
    profile.photo = SimpleUploadedFile("a.pdf", b"%PDF-1.4")
    with pytest.raises(ValidationError):
        profile.full_clean()
    assert selectors.badge_of(a).has_photo is False


def test_the_dashboard_warns_of_a_department_without_a_chief_representative(estate):
    from django.contrib.auth.models import Group

    from tests.conftest import logged_in

    hall, department, (a, b, head) = estate
    for person in (a, b, head):
        person.departments.add(department)
    office = logged_in(UserFactory(username="office", hall=hall, role=Role.HALL_ADMIN))
    warning = "不动产登记中心 未设首席代表"
    assert warning in office.get(f"/dashboard/?hall={hall.code}").content.decode()
    assert warning not in logged_in(a).get("/dashboard/").content.decode()  # the office's
    head.groups.add(Group.objects.get(name=Role.CHIEF_REPRESENTATIVE))
    assert warning not in office.get(f"/dashboard/?hall={hall.code}").content.decode()


def test_every_demo_department_has_its_chief_representative():
    from hall.core.attention import warnings_for
    from hall.core.demo import seed_demo
    from hall.core.models import Hall

    seed_demo()
    assert warnings_for(Hall.objects.get(code="demo")) == []


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_office_uploads_a_badge_photo_and_a_renamed_file_is_refused(estate, settings, tmp_path):
    """The photo on the 工作标牌 (O2): uploaded from the profiles page, shown to the office,
    audited; a PDF named .png changes nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import logged_in

    settings.MEDIA_ROOT = tmp_path
    hall, _department, (a, b, _head) = estate
    office = UserFactory(username="office", hall=hall, role=Role.HALL_ADMIN)
    client = logged_in(office)
    url = f"/staff/s/{a.pk}/photo/upload/"
    fake = client.post(url, {"photo": SimpleUploadedFile("x.png", b"%PDF-1.4 not an image")})
    assert fake.status_code == 422 and not StaffProfile.objects.get(user=a).photo
    done = client.post(url, {"photo": SimpleUploadedFile("a.png", _png())})
    assert done.status_code == 302
    assert selectors.badge_of(a).has_photo is True
    assert client.get(f"/staff/s/{a.pk}/photo/").status_code == 200
    assert AuditRecord.objects.filter(action="staff.photo_set").count() == 1
    clerk = logged_in(b)
    assert clerk.post(url, {"photo": SimpleUploadedFile("b.png", _png())}).status_code == 403
    assert clerk.get(f"/staff/s/{a.pk}/photo/").status_code == 403
