"""What each role may do with appointments (granted from AppointmentsConfig.ready())."""

from hall.core.roles import Role

_DESK = ["appointments.view_appointment", "appointments.book_for_caller"]
_OFFICE = [
    *_DESK,
    "appointments.lift_suspension",
    "appointments.view_bookingsuspension",
    "appointments.view_appointmentsettings",
    "appointments.change_appointmentsettings",
    "appointments.view_slotpool",
    "appointments.add_slotpool",
    "appointments.change_slotpool",
    "appointments.view_poolitem",
    "appointments.add_poolitem",
    "appointments.change_poolitem",
    "appointments.delete_poolitem",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.RECEPTION: _DESK,
    Role.DEPARTMENT_HEAD: ["appointments.view_appointment"],
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
}
