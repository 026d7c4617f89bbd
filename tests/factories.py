"""Factories for real objects (no mocks): each builds a complete, valid record."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from hall.core.choices import WindowState, ZoneKind
from hall.core.models import Department, Hall, User, Window, Zone
from hall.core.roles import Role

PASSWORD = "correct horse battery staple"


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"hall{n}")
    name = factory.Sequence(lambda n: f"第{n}政务服务中心")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    hall = factory.SubFactory(HallFactory)
    code = factory.Sequence(lambda n: f"zone{n}")
    name = factory.Sequence(lambda n: f"业务办理{n}区")
    kind = ZoneKind.BUSINESS


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    hall = factory.SubFactory(HallFactory)
    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"第{n}科")


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    hall = factory.SubFactory(HallFactory)
    zone = factory.LazyAttribute(lambda window: ZoneFactory(hall=window.hall))
    number = factory.Sequence(lambda n: n + 1)
    label = "综合受理"
    state = WindowState.OPEN


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = "张三"
    hall = factory.SubFactory(HallFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs: object) -> None:
        if extracted is not None:
            self.groups.add(Group.objects.get(name=extracted.value))
        if create:
            self.save()
