"""The demo hall's people: two window people per window of each department (the roster's
demo pairs them as A and B posts), heads, qualifications and training."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from hall.catalog.selectors import items_of_department
from hall.core.demo import demo_step
from hall.core.models import Department, Hall, User, Window
from hall.core.roles import Role
from hall.staff.models import (
    PostKind,
    Qualification,
    QualificationKind,
    StaffProfile,
    Training,
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓"
    "曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "文",
    "华",
    "金凤",
    "玉兰",
    "海燕",
    "志强",
    "晓东",
]
# Existing demo logins and what they do here.
KNOWN = {
    "chuangkou": ("police", [PostKind.WINDOW]),
    "shouxi": ("real-estate", [PostKind.WINDOW, PostKind.MANAGEMENT]),
    "kezhang": ("hrss", [PostKind.MANAGEMENT]),
    "daofu": (None, [PostKind.GUIDE, PostKind.CONSULTATION]),
    "ducha": (None, [PostKind.INSPECTION]),
    "guanli": (None, [PostKind.MANAGEMENT]),
}


def _names() -> itertools.cycle[str]:
    return itertools.cycle(s + g for g, s in zip(GIVEN * 3, SURNAMES * 2, strict=False))


def _profile(user: User, department: Department | None, posts: list[PostKind]) -> StaffProfile:
    profile, _created = StaffProfile.objects.get_or_create(
        user=user, defaults={"department": department, "posts": [p.value for p in posts]}
    )
    return profile


# The consultation window has no department of its own: civil affairs staffs it.
CONSULTATION_WINDOW, CONSULTATION_DEPARTMENT = 24, "civil"


def windows_staffed_by(hall: Hall, department: Department) -> list[Window]:
    """The demo's windows a department staffs: those it is the first department of (a shared
    window goes to the first by code), and the consultation window for civil affairs."""
    windows = []
    for window in Window.objects.filter(hall=hall).prefetch_related("departments"):
        codes = sorted(d.code for d in window.departments.all())
        if codes[:1] == [department.code] or (
            window.number == CONSULTATION_WINDOW and department.code == CONSULTATION_DEPARTMENT
        ):
            windows.append(window)
    return sorted(windows, key=lambda w: w.number)


@demo_step(order=20)
def seed_staff(hall: Hall) -> None:
    """Idempotent: a hall whose people already have profiles is left as it is."""
    if StaffProfile.objects.filter(user__hall=hall).exists() or hall.code != "demo":
        return
    departments = {d.code: d for d in Department.objects.filter(hall=hall)}
    for username, (department_code, posts) in KNOWN.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            _profile(user, departments.get(department_code or ""), posts)

    password = make_password("hall-demo")  # one hash for all: seeding stays fast
    window_staff = Group.objects.get(name=Role.WINDOW_STAFF)
    heads = Group.objects.get(name=Role.DEPARTMENT_HEAD)
    chiefs = Group.objects.get(name=Role.CHIEF_REPRESENTATIVE)
    names = _names()
    counter = itertools.count(100)
    today = timezone.localdate()

    def person(
        username: str, number: int, department: Department, role: Group, post: PostKind
    ) -> User:
        user = User.objects.create(
            username=username,
            full_name=next(names),
            hall=hall,
            staff_number=f"DEMO-{number}",
            mobile=f"139{number:08d}",
            password=password,
        )
        user.groups.add(role)
        user.departments.add(department)
        _profile(user, department, [post])
        return user

    for code, department in departments.items():
        windows = windows_staffed_by(hall, department)
        people = [
            u
            for u in User.objects.filter(profile__department=department).order_by("pk")
            if PostKind.WINDOW.value in u.profile.posts
        ]
        while len(people) < 2 * len(windows):
            number = next(counter)
            user = person(f"staff{number}", number, department, window_staff, PostKind.WINDOW)
            Training.objects.create(
                staff=user, title="政务服务礼仪与规范", held_on=today.replace(day=1), hours=4
            )
            people.append(user)
        if not User.objects.filter(departments=department, groups=heads).exists():
            number = next(counter)
            person(f"head-{code}", number, department, heads, PostKind.MANAGEMENT)
        # A department with people in the hall has a chief representative (首席代表) to
        # approve its delegated items on site.
        if not User.objects.filter(departments=department, groups=chiefs).exists():
            number = next(counter)
            person(f"chief-{code}", number, department, chiefs, PostKind.MANAGEMENT)

    registrar = QualificationKind.objects.create(hall=hall, code="registrar", name="不动产登记员")
    registrar.windows.set(windows_staffed_by(hall, departments["real-estate"]))
    estate_people = User.objects.filter(profile__department=departments["real-estate"])
    for position, user in enumerate(estate_people.order_by("username")):
        # One certificate ran out last month: the roster may not put its holder at those windows.
        until = (
            today.replace(day=1) - datetime.timedelta(days=1)
            if position == 1
            else today.replace(year=today.year + 2)
        )
        Qualification.objects.create(
            staff=user, kind=registrar, number=f"BDC{position:05d}", valid_until=until
        )
    shouxi = User.objects.filter(username="shouxi").first()
    if shouxi is not None:
        shouxi.profile.chief_scope.set(items_of_department(hall, departments["real-estate"]))
