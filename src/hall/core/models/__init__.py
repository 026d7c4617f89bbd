from hall.core.models.audit import AuditChain, AuditRecord
from hall.core.models.calendar import CalendarDay, CalendarYear
from hall.core.models.devices import Device, DeviceKind
from hall.core.models.jobs import JobRun
from hall.core.models.organisation import Department, Hall, Window, Zone
from hall.core.models.outbox import OutboxMessage, OutboxStatus
from hall.core.models.users import ApiToken, User

__all__ = [
    "ApiToken",
    "AuditChain",
    "AuditRecord",
    "CalendarDay",
    "CalendarYear",
    "Department",
    "Device",
    "DeviceKind",
    "Hall",
    "JobRun",
    "OutboxMessage",
    "OutboxStatus",
    "User",
    "Window",
    "Zone",
]
