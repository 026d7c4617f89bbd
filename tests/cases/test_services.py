"""The case state machine (C1, C2, C6, C7): allowed steps, who takes them, what they leave."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from hall.cases import services
from hall.cases.choices import ApplicantKind, CaseStatus, DeliveryMethod, Outcome
from hall.cases.errors import (
    ApplicantIncomplete,
    CaseWrongState,
    JointReviewOpen,
    MaterialsMissing,
    NotInFirstNotice,
    TicketAlreadyLinked,
    UnknownMaterial,
)
from hall.cases.models import Case, CaseEvent
from hall.core.errors import InvalidResidentId, PermissionDenied, ReasonRequired
from hall.core.models import AuditRecord
from tests.cases.conftest import CREDIT_CODE

# The arguments each step needs, so that only the state decides whether it may run.
STEP_ARGUMENTS = {
    "accept": (services.case_accept, {}),
    "refuse": (services.case_refuse, {"reason": "不属于本机关职权范围"}),
    "request_corrections": (services.case_request_corrections, {"missing": ["contract"]}),
    "resubmit": (services.case_resubmit, {"materials": ["contract"]}),
    "start": (services.case_start, {}),
    "joint_review": (services.case_start_joint_review, {"departments": []}),
    "submit_for_approval": (services.case_submit_for_approval, {"opinion": "同意"}),
    "conclude": (services.case_conclude, {"outcome": Outcome.APPROVED}),
    "deliver": (services.case_deliver, {"method": DeliveryMethod.PICKUP}),
    "archive": (services.case_archive, {}),
    "extend": (services.case_extend, {"days": 1, "reason": "复杂"}),
}
FORBIDDEN = [
    (status, action)
    for action in STEP_ARGUMENTS
    for status in CaseStatus
    if status not in services.ALLOWED_FROM[action]
]


def test_every_forbidden_step_is_refused_and_changes_nothing(chall):
    case = chall.receive()
    events, audits = CaseEvent.objects.count(), AuditRecord.objects.count()
    for status, action in FORBIDDEN:
        Case.objects.filter(pk=case.pk).update(status=status)
        step, arguments = STEP_ARGUMENTS[action]
        with pytest.raises(CaseWrongState):
            step(case=case, actor=chall.chief, **arguments)
        case.refresh_from_db()
        assert case.status == status, (status, action)
        assert (CaseEvent.objects.count(), AuditRecord.objects.count()) == (events, audits), (
            status,
            action,
        )
    assert len(FORBIDDEN) > 80


def test_complete_case_runs_through_every_state_with_its_history(chall):
    case = chall.receive()
    assert case.status == CaseStatus.RECEIVED
    case = services.case_accept(case=case, actor=chall.clerk)
    case = services.case_start(case=case, actor=chall.clerk)
    case = services.case_submit_for_approval(case=case, actor=chall.clerk)
    assert case.status == CaseStatus.APPROVAL  # delegated: the chief representative, on site
    case = services.case_conclude(case=case, actor=chall.chief, outcome=Outcome.APPROVED)
    case = services.case_deliver(case=case, actor=chall.clerk, method=DeliveryMethod.MAIL)
    case = services.case_archive(case=case, actor=chall.clerk)
    assert case.status == CaseStatus.ARCHIVED
    assert case.retain_until.year == case.archived_on.year + 10
    trail = list(case.events.values_list("action", "from_status", "to_status", "actor__username"))
    assert trail == [
        ("receive", "", "received", "clerk"),
        ("accept", "received", "accepted", "clerk"),
        ("start", "accepted", "in_process", "clerk"),
        ("submit_for_approval", "in_process", "approval", "clerk"),
        ("conclude", "approval", "concluded", "chief"),
        ("deliver", "concluded", "delivered", "clerk"),
        ("archive", "delivered", "archived", "clerk"),
    ]
    assert (
        AuditRecord.objects.filter(action__startswith="case.", target_id=str(case.pk)).count() == 7
    )


def test_a_missing_required_material_means_one_notice_listing_exactly_those(chall):
    case = chall.receive(materials=["id-card"])
    assert case.status == CaseStatus.CORRECTION_REQUESTED
    notice = case.corrections.get()
    assert [m.code for m in notice.missing.all()] == ["contract"]  # the conditional one is not
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.RESUBMITTED)
    with pytest.raises(MaterialsMissing):
        services.case_accept(case=case, actor=chall.clerk)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CORRECTION_REQUESTED)
    case = services.case_resubmit(case=case, actor=chall.clerk, materials=["contract"])
    assert case.status == CaseStatus.RESUBMITTED
    case = services.case_accept(case=case, actor=chall.clerk)
    assert case.status == CaseStatus.ACCEPTED


def test_bad_applicant_data_creates_nothing(chall):
    bad = [
        (services.Applicant(name="李小明", id_number="110105194912310021"), InvalidResidentId),
        (services.Applicant(name="", id_number="11010519491231002X"), ApplicantIncomplete),
        (services.Applicant(name="某公司", kind=ApplicantKind.COMPANY), ApplicantIncomplete),
    ]
    for applicant, error in bad:
        with pytest.raises(error):
            services.case_receive(
                actor=chall.clerk,
                hall=chall.hall,
                service=chall.transfer,
                applicant=applicant,
                materials=["id-card", "contract"],
            )
    with pytest.raises(UnknownMaterial):
        chall.receive(materials=["id-card", "passport"])
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_a_company_applicant_with_a_valid_credit_code(chall):
    case = services.case_receive(
        actor=chall.clerk,
        hall=chall.hall,
        service=chall.transfer,
        applicant=services.Applicant(
            name="福州某某科技有限公司", kind=ApplicantKind.COMPANY, credit_code=CREDIT_CODE
        ),
        materials=["id-card", "contract"],
    )
    assert case.applicant_display == "福州某某科技有限公司"
    assert Case.objects.get(applicant_credit_code__matches=CREDIT_CODE) == case


def test_only_staff_of_the_department_act_and_only_the_chief_approves_on_site(chall):
    with pytest.raises(PermissionDenied):
        chall.receive(actor=chall.outsider)
    case = chall.receive()
    with pytest.raises(PermissionDenied):
        services.case_accept(case=case, actor=chall.outsider)
    case = services.case_accept(case=case, actor=chall.clerk)
    case = services.case_start(case=case, actor=chall.clerk)
    case = services.case_submit_for_approval(case=case, actor=chall.clerk)
    with pytest.raises(PermissionDenied):
        services.case_conclude(case=case, actor=chall.clerk, outcome=Outcome.APPROVED)
    with pytest.raises(PermissionDenied):
        services.case_extend(case=case, actor=chall.clerk, days=2, reason="复杂")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVAL and case.extension_days == 0


def test_an_item_not_delegated_goes_up_with_the_chief_representatives_opinion(chall):
    case = chall.receive(service=chall.inheritance, materials=["id-card"])
    case = services.case_accept(case=case, actor=chall.clerk)
    case = services.case_start(case=case, actor=chall.clerk)
    with pytest.raises(PermissionDenied):
        services.case_submit_for_approval(case=case, actor=chall.clerk, opinion="同意")
    with pytest.raises(ReasonRequired):
        services.case_submit_for_approval(case=case, actor=chall.chief, opinion=" ")
    case = services.case_submit_for_approval(
        case=case, actor=chall.chief, opinion="材料齐全,建议同意"
    )
    assert case.status == CaseStatus.SENT_UP
    case = services.case_conclude(
        case=case, actor=chall.clerk, outcome=Outcome.REJECTED, note="上级不予批准"
    )
    assert (case.status, case.outcome) == (CaseStatus.CONCLUDED, Outcome.REJECTED)


def test_joint_review_waits_for_every_department(chall):
    case = services.case_start(
        case=services.case_accept(case=chall.receive(), actor=chall.clerk), actor=chall.clerk
    )
    case = services.case_start_joint_review(
        case=case, actor=chall.clerk, departments=[chall.market, chall.estate]
    )
    with pytest.raises(JointReviewOpen):
        services.case_submit_for_approval(case=case, actor=chall.clerk)
    market_task = case.tasks.get(department=chall.market)
    with pytest.raises(PermissionDenied):
        services.case_task_complete(task=market_task, actor=chall.clerk, opinion="同意")
    services.case_task_complete(task=market_task, actor=chall.outsider, opinion="同意")
    services.case_task_complete(
        task=case.tasks.get(department=chall.estate), actor=chall.clerk, opinion="同意"
    )
    case = services.case_submit_for_approval(case=case, actor=chall.clerk)
    assert case.status == CaseStatus.APPROVAL


def test_a_refused_case_needs_a_reason(chall):
    case = chall.receive()
    with pytest.raises(ReasonRequired):
        services.case_refuse(case=case, actor=chall.clerk, reason="  ")
    case = services.case_refuse(case=case, actor=chall.clerk, reason="不属于本机关职权范围")
    assert case.status == CaseStatus.REFUSED


def test_visits_count_the_tickets_a_case_was_served_under(chall):
    from hall.queueing.choices import Channel
    from hall.queueing.models import QueueSettings, TicketCategory
    from hall.queueing.services import ticket_issue

    QueueSettings.objects.create(hall=chall.hall, refuse_on_closed_days=False)
    TicketCategory.objects.create(hall=chall.hall, code="estate", prefix="E", name="不动产")
    first = ticket_issue(hall=chall.hall, category_code="estate", channel=Channel.KIOSK)
    second = ticket_issue(hall=chall.hall, category_code="estate", channel=Channel.KIOSK)
    case = chall.receive(materials=["id-card"], ticket=first)
    services.case_link_ticket(case=case, ticket=second, actor=chall.clerk)
    with pytest.raises(TicketAlreadyLinked):
        services.case_link_ticket(case=case, ticket=second, actor=chall.clerk)
    case.refresh_from_db()
    # The count the reports sum is kept with the visits, the refused link not counted.
    assert case.visits.count() == case.visit_count == 2


def test_personal_data_is_erased_after_retention_and_the_case_stays(chall):
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        case = services.case_refuse(case=chall.receive(), actor=chall.clerk, reason="不符合条件")
        case = services.case_archive(case=case, actor=chall.clerk)
    assert services.cases_erase_expired(case.retain_until) == 0
    assert services.cases_erase_expired(case.retain_until + datetime.timedelta(days=1)) == 1
    case.refresh_from_db()
    assert not case.applicant_id_number and not case.applicant_phone
    assert "李" not in case.applicant_name
    assert case.status == CaseStatus.ARCHIVED and case.service_id == chall.transfer.pk
    assert case.events.count() == 3


def test_a_chief_representative_approves_only_within_their_scope(chall):
    from hall.staff.models import StaffProfile

    profile = StaffProfile.objects.create(user=chall.chief, department=chall.estate)
    profile.chief_scope.add(chall.inheritance.item)  # not the transfer item
    case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    case = services.case_start(case=case, actor=chall.clerk)
    case = services.case_submit_for_approval(case=case, actor=chall.clerk)
    with pytest.raises(PermissionDenied):
        services.case_conclude(case=case, actor=chall.chief, outcome=Outcome.APPROVED)
    profile.chief_scope.add(chall.transfer.item)
    case = services.case_conclude(case=case, actor=chall.chief, outcome=Outcome.APPROVED)
    assert case.status == CaseStatus.CONCLUDED


def test_a_later_notice_may_only_name_what_the_first_listed(chall):
    """一次性告知: the first notice lists everything; a later one may not ask for more."""
    case = chall.receive(materials=["id-card"])  # the contract is missing: the first notice
    assert list(case.corrections.get().missing.values_list("code", flat=True)) == ["contract"]
    case = services.case_resubmit(case=case, actor=chall.clerk, materials=["contract"])
    before = (case.status, sorted(case.materials_received.values_list("code", flat=True)))

    with pytest.raises(NotInFirstNotice) as refused:
        services.case_request_corrections(case=case, actor=chall.clerk, missing=["id-card"])
    assert "申请人身份证" in refused.value.message

    case.refresh_from_db()
    assert (case.status, sorted(case.materials_received.values_list("code", flat=True))) == before
    assert case.corrections.count() == 1
    # The contract handed in turns out defective: naming it again is what the rule allows.
    again = services.case_request_corrections(case=case, actor=chall.clerk, missing=["contract"])
    assert again.status == CaseStatus.CORRECTION_REQUESTED
    assert again.corrections.count() == 2


@pytest.mark.django_db(transaction=True)
def test_cases_tell_the_apps_above_what_happened(chall):
    """Received, accepted, concluded and overdue reach listeners after commit (evaluation and
    performance will listen; the cases app does not know them)."""
    from hall.cases.events import CaseAccepted, CaseChanged, CaseConcluded, CaseReceived
    from hall.core.events import _listeners, listen

    heard: list[CaseChanged] = []
    listen(CaseChanged)(heard.append)
    try:
        case = chall.receive()
        case = services.case_accept(case=case, actor=chall.clerk)
        case = services.case_start(case=case, actor=chall.clerk)
        case = services.case_submit_for_approval(case=case, actor=chall.clerk)
        services.case_conclude(case=case, actor=chall.chief, outcome=Outcome.APPROVED)
    finally:
        _listeners.pop(CaseChanged)
    assert [type(e) for e in heard] == [CaseReceived, CaseAccepted, CaseConcluded]
    assert {e.number for e in heard} == {case.number}
    assert heard[1].due_date == case.due_date and not heard[2].late
