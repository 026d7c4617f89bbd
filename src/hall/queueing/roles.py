"""What each role may do in the queue (granted from QueueingConfig.ready())."""

from hall.core.roles import Role

SERVE_AT_WINDOW = ["queueing.call_ticket", "queueing.view_ticket"]
_CONFIGURE_QUEUE = [
    "queueing.change_queuesettings",
    "queueing.view_queuesettings",
    *(
        f"queueing.{verb}_{model}"
        for verb in ("add", "change", "delete", "view")
        for model in ("ticketcategory", "priorityclass", "workprofileentry")
    ),
    "queueing.issue_priority_ticket",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.RECEPTION: ["queueing.issue_priority_ticket", "queueing.view_ticket"],
    Role.WINDOW_STAFF: SERVE_AT_WINDOW,
    Role.CHIEF_REPRESENTATIVE: SERVE_AT_WINDOW,
    Role.DEPARTMENT_HEAD: SERVE_AT_WINDOW,
    Role.HALL_ADMIN: [*SERVE_AT_WINDOW, *_CONFIGURE_QUEUE],
    Role.LEADERSHIP: ["queueing.view_ticket"],
    Role.SYSTEM_ADMIN: [*SERVE_AT_WINDOW, *_CONFIGURE_QUEUE],
}
