"""The demo hall: a district government service centre, realistic and in Chinese.

Core seeds the organisation (halls, zones, departments, windows, a login per role); every app
adds its own part with a step it registers from its AppConfig.ready():

    @demo_step(order=20)
    def seed_staff(hall: Hall) -> None: …

`seed_demo()` is idempotent: run twice, it changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db import transaction

from hall.core.choices import WindowState, ZoneKind
from hall.core.models import Department, Hall, User, Window, Zone
from hall.core.roles import Role, sync_role_groups
from hall.core.services import calendar_import_from_package

DEMO_PASSWORD = "hall-demo"  # noqa: S105  # printed by `make run`; the demo is for trying out only

ZONES = [
    ("reception", "接待区", ZoneKind.RECEPTION),
    ("consultation", "咨询区", ZoneKind.CONSULTATION),
    ("a", "A区 社会事务", ZoneKind.BUSINESS),
    ("b", "B区 不动产与商事登记", ZoneKind.BUSINESS),
    ("waiting", "等候区", ZoneKind.WAITING),
    ("self-service", "自助区", ZoneKind.SELF_SERVICE),
]

DEPARTMENTS = [
    ("police", "区公安分局户政科", "公安户籍"),
    ("hrss", "区人力资源和社会保障局", "人社"),
    ("medical", "区医疗保障局", "医保"),
    ("housing-fund", "市住房公积金管理中心东湖分中心", "公积金"),
    ("real-estate", "区不动产登记中心", "不动产登记"),
    ("market", "区市场监督管理局", "市场监管"),
    ("tax", "国家税务总局东湖区税务局", "税务"),
    ("civil", "区民政局", "民政"),
]

# (number, zone, label, departments, state)
WINDOWS = [
    (1, "a", "户籍办理", ["police"], WindowState.OPEN),
    (2, "a", "户籍办理", ["police"], WindowState.OPEN),
    (3, "a", "居民身份证", ["police"], WindowState.OPEN),
    (4, "a", "社保登记", ["hrss"], WindowState.OPEN),
    (5, "a", "社保待遇", ["hrss"], WindowState.OPEN),
    (6, "a", "就业服务", ["hrss"], WindowState.CLOSED),
    (7, "a", "医保参保", ["medical"], WindowState.OPEN),
    (8, "a", "医保报销", ["medical"], WindowState.OPEN),
    (9, "a", "公积金提取", ["housing-fund"], WindowState.OPEN),
    (10, "a", "公积金贷款", ["housing-fund"], WindowState.CLOSED),
    (11, "b", "不动产登记受理", ["real-estate"], WindowState.OPEN),
    (12, "b", "不动产登记受理", ["real-estate"], WindowState.OPEN),
    (13, "b", "抵押登记", ["real-estate"], WindowState.OPEN),
    (14, "b", "不动产权证发放", ["real-estate"], WindowState.PAUSED),
    (15, "b", "企业开办", ["market", "tax"], WindowState.OPEN),
    (16, "b", "企业开办", ["market"], WindowState.OPEN),
    (17, "b", "食品经营许可", ["market"], WindowState.OPEN),
    (18, "b", "变更注销登记", ["market"], WindowState.CLOSED),
    (19, "b", "税务综合", ["tax"], WindowState.OPEN),
    (20, "b", "发票业务", ["tax"], WindowState.OPEN),
    (21, "b", "税务综合", ["tax"], WindowState.EMPTY),
    (22, "a", "婚姻登记 社会救助", ["civil"], WindowState.OPEN),
    (23, "a", "综合受理（社保 医保）", ["hrss", "medical"], WindowState.OPEN),
    (24, "consultation", "咨询服务", [], WindowState.OPEN),
]

# (username, full name, role, departments, mobile)
USERS = [
    ("admin", "系统管理员", Role.SYSTEM_ADMIN, [], "13800000000"),
    ("guanli", "王建国", Role.HALL_ADMIN, [], "13800000001"),
    ("daofu", "李晓燕", Role.RECEPTION, [], "13800000002"),
    ("chuangkou", "张伟", Role.WINDOW_STAFF, ["police"], "13800000003"),
    ("shouxi", "陈立新", Role.CHIEF_REPRESENTATIVE, ["real-estate"], "13800000004"),
    ("kezhang", "刘红梅", Role.DEPARTMENT_HEAD, ["hrss"], "13800000005"),
    ("ducha", "赵明", Role.INSPECTOR, [], "13800000006"),
    ("lingdao", "孙志强", Role.LEADERSHIP, [], "13800000007"),
    ("kiosk", "一号自助取号机", Role.DEVICE, [], ""),
]

BRANCH_USERS: list[tuple[str, str, Role, list[str], str]] = [
    ("fenzhongxin", "周敏", Role.HALL_ADMIN, [], "13800000011")
]


DemoStep = Callable[[Hall], None]
_STEPS: dict[str, tuple[int, DemoStep]] = {}
_HISTORY: dict[str, DemoStep] = {}


def demo_step(*, order: int) -> Callable[[DemoStep], DemoStep]:
    """Register an app's part of the demo, run for each demo hall after the lower `order`s
    (catalog 10, staff 20, queue 30, rosters 40, cases 50, attendance 60, supervision 80)."""

    def register(step: DemoStep) -> DemoStep:
        _STEPS[f"{step.__module__}.{step.__qualname__}"] = (order, step)
        return step

    return register


def demo_history(step: DemoStep) -> DemoStep:
    """Register weeks of made-up past work for the demo hall (the forecast's history): run by
    `hall demo` only, after the demo is seeded; the tests' demo has none."""
    _HISTORY[f"{step.__module__}.{step.__qualname__}"] = step
    return step


@transaction.atomic
def seed_demo_history() -> None:
    hall = Hall.objects.filter(code="demo").first()
    if hall is not None:
        for step in _HISTORY.values():
            step(hall)


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Seed the demo hall and the branch hall (idempotent); returns (username, role) logins."""
    logins = seed_organisation()
    steps = [step for _order, step in sorted(_STEPS.values(), key=lambda entry: entry[0])]
    for hall in Hall.objects.filter(code__in=["demo", "branch"]).order_by("pk"):
        for step in steps:
            step(hall)
    return logins


@transaction.atomic
def seed_organisation() -> list[tuple[str, str]]:
    """Create the demo hall and a small branch hall; returns (username, role) for each login."""
    sync_role_groups()
    calendar_import_from_package(via="demo")
    hall = demo_layout_hall(
        "demo", "东湖区政务服务中心", "东湖区政务大道 88 号", "12345", full=True
    )
    branch = demo_layout_hall(
        "branch", "东湖区汤山街道便民服务中心", "汤山街道汤泉路 6 号", "12345", full=False
    )
    logins = [*_users(hall, USERS), *_users(branch, BRANCH_USERS)]
    return logins


def demo_layout_hall(code: str, name: str, address: str, phone: str, *, full: bool) -> Hall:
    """A hall laid out as the demo hall (full) or the branch; an existing one is left as it is
    (the benchmark's synthetic province lays out many)."""
    hall, created = Hall.objects.get_or_create(
        code=code, defaults={"name": name, "address": address, "complaint_phone": phone}
    )
    if not created:
        return hall
    zones = {
        key: Zone.objects.create(hall=hall, code=key, name=label, kind=kind, position=i)
        for i, (key, label, kind) in enumerate(ZONES if full else ZONES[:1] + ZONES[2:3])
    }
    departments = {
        key: Department.objects.create(hall=hall, code=key, name=label, short_name=short)
        for key, label, short in (DEPARTMENTS if full else DEPARTMENTS[:2])
    }
    for number, zone, label, department_keys, state in WINDOWS if full else WINDOWS[:4]:
        window = Window.objects.create(
            hall=hall, number=number, zone=zones.get(zone, zones["a"]), label=label, state=state
        )
        window.departments.set([departments[k] for k in department_keys if k in departments])
    return hall


def _users(hall: Hall, rows: list[tuple[str, str, Role, list[str], str]]) -> list[tuple[str, str]]:
    logins: list[tuple[str, str]] = []
    for username, full_name, role, department_keys, mobile in rows:
        is_system_admin = role == Role.SYSTEM_ADMIN
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "hall": None if is_system_admin else hall,
                "mobile": mobile,
                "is_staff": role in (Role.HALL_ADMIN, Role.SYSTEM_ADMIN),
                "is_superuser": is_system_admin,
                "staff_number": f"{hall.code.upper()}-{len(logins) + 1:03d}",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set([Group.objects.get(name=role.value)])
            user.departments.set(Department.objects.filter(hall=hall, code__in=department_keys))
        logins.append((username, str(role.label)))
    return logins
