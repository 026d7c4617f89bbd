"""What each role may do in supervision (granted from SupervisionConfig.ready())."""

from hall.core.roles import Role

_SEE = ["supervision.view_inspection", "supervision.view_finding"]
# Inspectors inspect; heads self-inspect their departments and rectify what was found there.
_INSPECT = [*_SEE, "supervision.add_inspection", "supervision.add_finding"]
_RECTIFY = [*_SEE, "supervision.change_finding"]

_HALL = [*_INSPECT, *_RECTIFY, "supervision.inspect_hall"]
# Duty officers (值班领导) vote for the awards: the heads, the chief representatives, the
# inspectors, the office and leadership.
_VOTE = ["supervision.vote_as_duty_officer"]
_SCORES = ["supervision.view_scores"]
_OFFICE = [
    *_HALL,
    *_VOTE,
    *_SCORES,
    "supervision.change_supervisionsettings",
    "supervision.manage_scores",
    "supervision.manage_awards",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.INSPECTOR: [*_HALL, *_VOTE, *_SCORES],
    Role.DEPARTMENT_HEAD: [*_INSPECT, *_RECTIFY, *_VOTE],  # self-inspection of their departments
    Role.CHIEF_REPRESENTATIVE: [*_RECTIFY, *_VOTE],
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
    Role.LEADERSHIP: [*_SEE, *_VOTE, *_SCORES, "supervision.inspect_hall"],
}
