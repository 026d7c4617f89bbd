"""Personal data at rest (X2): encrypted, looked up by keyed hash, masked when rendered."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from hall.core import pii
from hall.core.errors import PermissionDenied
from hall.core.masking import mask_mobile, mask_name, mask_resident_id
from hall.core.models import AuditRecord, User
from hall.core.roles import Role
from hall.core.services import personal_data_reveal
from tests.conftest import logged_in
from tests.factories import UserFactory


@given(st.text(max_size=200))
def test_encrypt_then_decrypt_gives_the_text_back(text):
    token = pii.encrypt(text)
    assert token != text or text == ""
    assert pii.decrypt(token) == text


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_digest_is_stable_and_ignores_formatting(number):
    spaced = f"{number[:3]} {number[3:7]} {number[7:]}"
    assert pii.digest("mobile", number) == pii.digest("mobile", spaced)
    assert len(pii.digest("mobile", number)) == 64


@given(
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.text(alphabet="0123456789", min_size=11, max_size=11),
)
def test_different_numbers_have_different_digests(first, second):
    assert (pii.digest("mobile", first) == pii.digest("mobile", second)) == (first == second)


def test_digest_depends_on_the_key(settings):
    before = pii.digest("mobile", "13800138000")
    settings.PII_KEY = "another key"
    assert pii.digest("mobile", "13800138000") != before


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_masked_id_keeps_length_and_ends_only(number):
    masked = mask_resident_id(number)
    assert len(masked) == 18
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]
    assert masked[4:14] == "*" * 10


def test_masks_look_as_the_spec_says():
    assert mask_resident_id("32010219900307123X") == "3201**********123X"
    assert mask_mobile("13800138000") == "138****8000"
    assert mask_name("张三") == "张**"
    assert mask_name("欧阳娜娜") == "欧**"
    assert mask_name("杭州市西湖区某某科技有限公司") == "杭**"


@pytest.mark.django_db
def test_stored_encrypted_found_by_digest_rendered_masked():
    user = UserFactory(mobile="138 0013 8000")
    with connection.cursor() as cursor:
        cursor.execute("SELECT mobile, mobile_digest FROM core_user WHERE id = %s", [user.pk])
        stored, stored_digest = cursor.fetchone()
    assert "13800138000" not in stored
    assert stored_digest == pii.digest("mobile", "13800138000")
    fresh = User.objects.get(pk=user.pk)
    assert fresh.mobile.plaintext == "13800138000"
    assert str(fresh.mobile) == "138****8000"
    assert list(User.objects.filter(mobile__matches="+86 13800138000")) == [user]
    assert Template("{{ u.mobile }}").render(Context({"u": fresh})) == "138****8000"


@pytest.mark.django_db
def test_filtering_on_the_encrypted_column_is_refused():
    with pytest.raises(FieldError):
        list(User.objects.filter(mobile="13800138000"))


@pytest.mark.django_db
def test_reveal_needs_the_permission_and_is_audited(hall_a):
    member = UserFactory(hall=hall_a, mobile="13800138000")
    clerk = UserFactory(hall=hall_a, role=Role.WINDOW_STAFF)
    admin = UserFactory(hall=hall_a, role=Role.HALL_ADMIN)
    with pytest.raises(PermissionDenied):
        personal_data_reveal(actor=clerk, instance=member, field_name="mobile")
    assert not AuditRecord.objects.filter(action="personal_data.revealed").exists()
    assert personal_data_reveal(actor=admin, instance=member, field_name="mobile") == "13800138000"
    record = AuditRecord.objects.get(action="personal_data.revealed")
    assert (record.actor, record.target_id, record.changes) == (
        admin,
        str(member.pk),
        {"field": ["mobile", "138****8000"]},
    )


@pytest.mark.django_db
def test_staff_page_shows_masked_numbers_and_reveals_on_request(hall_a, admin_a):
    member = UserFactory(hall=hall_a, mobile="13800138000", username="member")
    client = logged_in(admin_a)
    page = client.get(f"/halls/{hall_a.code}/users/")
    assert page.status_code == 200
    assert "138****8000" in page.content.decode()
    assert "13800138000" not in page.content.decode()
    revealed = client.post(
        f"/halls/{hall_a.code}/users/{member.pk}/reveal-mobile/", HTTP_HX_REQUEST="true"
    )
    assert revealed.status_code == 200
    assert "13800138000" in revealed.content.decode()
    assert AuditRecord.objects.filter(action="personal_data.revealed", actor=admin_a).count() == 1


@pytest.mark.parametrize(
    ("field", "typed", "canonical", "masked"),
    [
        (pii.ResidentIdField(), "11010519491231002x", "11010519491231002X", "1101**********002X"),
        (pii.CreditCodeField(), "91350100m000100y43", "91350100M000100Y43", "9135**********0Y43"),
        (pii.MobileField(), "138 0013 8000", "13800138000", "138****8000"),
    ],
)
def test_each_field_type_stores_ciphertext_and_reads_back_canonical(
    field, typed, canonical, masked
):
    stored = field.get_prep_value(typed)
    assert canonical not in stored
    value = field.from_db_value(stored, None, connection)
    assert (value.plaintext, str(value)) == (canonical, masked)


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        (pii.ResidentIdField(), "110105194912310021", "居民身份证号码不正确。"),
        (pii.CreditCodeField(), "91350100M000100Y44", "统一社会信用代码不正确。"),
        (pii.MobileField(), "12345", "手机号码不正确。"),
    ],
)
def test_forms_reject_malformed_values_with_a_chinese_message(field, bad, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        field.clean(bad, None)
    assert caught.value.messages == [message]
