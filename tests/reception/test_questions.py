"""R2: a question belongs to the first member of staff who took it (首问负责制) until it is
answered or handed over with a note; handed over twice it has one owner at a time and its
whole chain; the office puts answered questions in the guide; old open ones are flagged."""

from __future__ import annotations

import pytest
import time_machine

from hall.core.attention import warnings_for
from hall.core.errors import ReasonRequired
from hall.core.models import AuditRecord
from hall.core.roles import Role
from hall.reception import services
from hall.reception.errors import (
    ColleagueNotFound,
    HandOverToSelf,
    NotPublishable,
    NotTheOwner,
    QuestionAnswered,
)
from hall.reception.models import Question
from tests.conftest import logged_in
from tests.factories import HallFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask(chall, actor=None, **kwargs) -> Question:
    return services.question_record(
        hall=chall.hall,
        actor=actor or chall.clerk,
        text=kwargs.pop("text", "二手房过户需要带哪些材料？"),
        channel=kwargs.pop("channel", "phone"),
        **kwargs,
    )


def test_handed_over_twice_it_has_one_owner_at_a_time_and_its_whole_chain(chall):
    question = ask(chall, item_code="transfer")
    assert (question.first_owner, question.owner) == (chall.clerk, chall.clerk)
    with pytest.raises(NotTheOwner):
        services.question_answer(question=question, actor=chall.chief, answer="我来答")
    with pytest.raises(HandOverToSelf):
        services.question_hand_over(
            question=question, actor=chall.clerk, to_user_id=chall.clerk.pk, note="x"
        )
    stranger = UserFactory(username="far", hall=HallFactory(code="far"), role=Role.WINDOW_STAFF)
    with pytest.raises(ColleagueNotFound):
        services.question_hand_over(
            question=question, actor=chall.clerk, to_user_id=stranger.pk, note="x"
        )
    with pytest.raises(ReasonRequired):
        services.question_hand_over(
            question=question, actor=chall.clerk, to_user_id=chall.chief.pk, note="  "
        )

    services.question_hand_over(
        question=question, actor=chall.clerk, to_user_id=chall.chief.pk, note="涉及税费"
    )
    with pytest.raises(NotTheOwner):  # the clerk no longer answers for it
        services.question_hand_over(
            question=question, actor=chall.clerk, to_user_id=chall.head.pk, note="再转"
        )
    services.question_hand_over(
        question=question, actor=chall.chief, to_user_id=chall.head.pk, note="需科长确认"
    )
    question.refresh_from_db()
    assert (question.first_owner, question.owner) == (chall.clerk, chall.head)
    chain = [(h.from_user, h.to_user, h.note) for h in question.handovers.all()]
    assert chain == [
        (chall.clerk, chall.chief, "涉及税费"),
        (chall.chief, chall.head, "需科长确认"),
    ]
    services.question_answer(question=question, actor=chall.head, answer="身份证、合同", minutes=7)
    with pytest.raises(QuestionAnswered):
        services.question_answer(question=question, actor=chall.head, answer="again")
    question.refresh_from_db()
    assert (question.status, question.answered_by, question.minutes_taken) == (
        "answered",
        chall.head,
        7,
    )
    assert AuditRecord.objects.filter(action="question.handed_over").count() == 2


def test_bad_questions_change_nothing(chall):
    with pytest.raises(ReasonRequired):
        ask(chall, text=" \u200f ")
    assert not Question.objects.exists()


def test_the_office_puts_an_answer_in_the_guide(chall):
    office = UserFactory(username="office", hall=chall.hall, role=Role.HALL_ADMIN)
    open_one = ask(chall, item_code="transfer")
    with pytest.raises(NotPublishable):
        services.question_in_guide(question=open_one, actor=office, shown=True)
    answered = ask(chall, item_code="transfer", answer="身份证、买卖合同、不动产权证书。")
    services.question_in_guide(question=answered, actor=office, shown=True)
    guide = logged_in(office).get("/guide/c/transfer/").content.decode()
    assert "data-faq" in guide and "不动产权证书" in guide
    services.question_in_guide(question=answered, actor=office, shown=False)
    assert "data-faq" not in logged_in(office).get("/guide/c/transfer/").content.decode()


def test_an_open_question_older_than_the_limit_is_flagged(chall):
    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        ask(chall)
    with time_machine.travel("2026-12-01 20:00 +0800", tick=False):
        assert not [w for w in warnings_for(chall.hall) if "首问负责制" in w]
    with time_machine.travel("2026-12-02 09:30 +0800", tick=False):
        assert [w for w in warnings_for(chall.hall) if "首问负责制" in w]


def test_the_pages_take_show_and_hand_over(chall):
    clerk = logged_in(chall.clerk)
    empty = clerk.post("/questions/c/", {"text": "", "channel": "desk"})
    assert empty.status_code == 422 and not Question.objects.exists()
    taken = clerk.post(
        "/questions/c/",
        {"text": "能否代办？", "channel": "desk", "item": "transfer 房屋买卖转移登记"},
    )
    question = Question.objects.get()
    assert taken.status_code == 302 and question.service_item.code == "transfer"
    page = clerk.get(f"/questions/c/{question.pk}/").content.decode()
    assert "能否代办" in page and "hand-over" in page
    handed = clerk.post(
        f"/questions/c/{question.pk}/hand-over/", {"to": chall.chief.pk, "note": "请首席代表答复"}
    )
    assert handed.status_code == 302
    assert (
        "data-chain" in logged_in(chall.chief).get(f"/questions/c/{question.pk}/").content.decode()
    )
    again = clerk.post(f"/questions/c/{question.pk}/answer/", {"answer": "可以"})
    assert again.status_code == 403
    outsider = UserFactory(username="x", hall=HallFactory(code="x"), role=Role.HALL_ADMIN)
    assert logged_in(outsider).get(f"/questions/c/{question.pk}/").status_code == 404
    assert clerk.get(f"/questions/c/{question.pk}/answer/").status_code == 405


def test_the_demo_has_an_answer_in_the_guide_and_a_question_handed_over():
    from hall.core.demo import seed_demo

    seed_demo()
    seed_demo()  # idempotent
    questions = Question.objects.filter(hall__code="demo")
    assert sorted(q.status for q in questions) == ["answered", "open"]
    assert questions.get(status="open").owner.username == "chuangkou"
    assert questions.get(status="answered").in_guide
