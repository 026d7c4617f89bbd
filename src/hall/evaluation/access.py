"""Who may rate: the person served, on their phone or on the window's pad (a device), never a
member of staff (V2: staff cannot rate services, theirs or a colleague's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import HttpRequest

from hall.cases.selectors import progress
from hall.core.access import departments_in_charge, public_hall, require_permission
from hall.core.devices import device_of
from hall.core.errors import NotFound, PermissionDenied, TooManyAttempts
from hall.core.models import DeviceKind, Hall, User, Window
from hall.core.ratelimit import allow, client_address
from hall.core.roles import Role
from hall.core.selectors import window_numbered
from hall.evaluation.choices import SurveyStatus
from hall.evaluation.errors import StaffCannotRate
from hall.evaluation.models import Complaint, Survey

if TYPE_CHECKING:
    from hall.cases.models import Case


def refuse_staff(request: HttpRequest) -> None:
    user = request.user
    if isinstance(user, User) and not user.has_role(Role.DEVICE):
        raise StaffCannotRate()


def pad_window(request: HttpRequest, hall: str, number: int) -> tuple[Window, bool]:
    """The window a rating pad page is for, and whether the request comes from the pad
    paired to it (hall.core.devices)."""
    window = window_numbered(public_hall(hall), number)
    return window, device_of(request, kind=DeviceKind.PAD, window=window) is not None


def paired_pad_window(request: HttpRequest, hall: str, number: int) -> Window:
    """The window, for its paired pad only: anyone else is refused (not even shown who works
    there, or which number was just served)."""
    window, paired = pad_window(request, hall, number)
    if not paired:
        raise PermissionDenied()
    return window


def case_to_rate(number: str, digits: str) -> Case:
    """The case an applicant rates, found as the progress page finds it (its number and the
    last four characters they gave; wrong tries lock the number a while)."""
    return progress(number, digits)


# --- complaints (V4): who sees which, and who sees who complained ------------------------------

OFFICE = "evaluation.handle_complaint"


def complaints_in_charge(user: User, hall: Hall) -> QuerySet[Complaint]:
    """The hall's complaints `user` handles: the office every one; a department head those
    handed to their departments, never one about themselves."""
    require_permission(user, "evaluation.view_complaint")
    complaints = Complaint.objects.filter(hall=hall).select_related(
        "department", "staff", "window", "hall"
    )
    if user.has_perm(OFFICE):
        return complaints
    mine = departments_in_charge(user, office_permission=OFFICE).filter(hall=hall)
    return complaints.filter(department__in=mine).exclude(staff=user)


def sees_complainant(user: User, complaint: Complaint) -> bool:
    """Who complained is the office's to know; the department handling it learns it only when
    the office opens it; the member of staff complained about never does."""
    if complaint.staff_id == user.pk:
        return False
    if user.has_perm(OFFICE):
        return True
    department = complaint.department_id
    return (
        complaint.identity_opened_at is not None
        and department is not None
        and user.departments.filter(pk=department).exists()
    )


def complaint_following(token: str) -> Complaint:
    """The complainant's own page: whoever holds the link they were sent."""
    complaint = (
        Complaint.objects.select_related("hall").filter(token=token[:32]).first()
        if token and "\x00" not in token
        else None
    )
    if complaint is None:
        raise NotFound()
    return complaint


ONLINE_COMPLAINTS_PER_HOUR = 5  # per address and hall: the form is open to anyone


def limit_online_complaints(hall: Hall, request: HttpRequest) -> None:
    if not allow(
        f"complaint:{hall.pk}:{client_address(request)}",
        limit=ONLINE_COMPLAINTS_PER_HOUR,
        per_seconds=3600,
    ):
        raise TooManyAttempts()


SURVEY_ANSWERS_PER_HOUR = 10  # per address and survey: a hall's shared Wi-Fi is one address


def survey_answering(token: str) -> Survey:
    """The survey behind a link or QR code: whoever holds it may answer while it runs."""
    survey = (
        Survey.objects.select_related("hall").filter(token=token[:32], hall__is_active=True).first()
        if token and "\x00" not in token
        else None
    )
    if survey is None or survey.status == SurveyStatus.DRAFT:
        raise NotFound()
    return survey


def limit_survey_answers(survey: Survey, request: HttpRequest) -> None:
    if not allow(
        f"survey:{survey.pk}:{client_address(request)}",
        limit=SURVEY_ANSWERS_PER_HOUR,
        per_seconds=3600,
    ):
        raise TooManyAttempts()
