"""The working-day calendar (O4) and deadlines in working days (C3)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hall.core import calendar
from hall.core.choices import CalendarDayKind, CalendarSource
from hall.core.inputs import DateOutOfRange
from hall.core.models import AuditRecord, CalendarDay, CalendarYear
from hall.core.services import (
    calendar_day_record_edit,
    calendar_import_from_package,
    calendar_year_confirm,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def test_seeded_from_the_package_on_migrate():
    assert CalendarYear.objects.get(year=2026).is_confirmed
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.PACKAGE
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"


@pytest.mark.parametrize(
    "day",
    [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)],
)
def test_make_up_workdays_of_2026_are_workdays_though_weekends(day):
    assert day.weekday() >= 5
    assert calendar.is_workday(day)


@pytest.mark.parametrize("day", [D(2026, 2, 15) + datetime.timedelta(days=i) for i in range(9)])
def test_spring_festival_2026_is_nine_days_off(day):
    assert not calendar.is_workday(day)


@pytest.mark.parametrize("day", [D(2026, 10, 1) + datetime.timedelta(days=i) for i in range(7)])
def test_national_day_2026_is_seven_days_off(day):
    assert not calendar.is_workday(day)


def test_ordinary_days_follow_monday_to_friday():
    assert calendar.is_workday(D(2026, 11, 27))  # a Friday
    assert not calendar.is_workday(D(2026, 11, 28))  # a Saturday


def test_due_date_example_of_the_spec():
    """5 working days from 2026-09-30: 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13."""
    due = calendar.add_working_days(D(2026, 9, 30), 5)
    assert due == calendar.DueDate(D(2026, 10, 13), ())


def test_due_date_across_spring_festival_counts_the_make_up_saturday():
    # 02-14 (make-up Saturday) = 1, then 02-15..02-23 off, 02-24..02-27 = 2..5
    assert calendar.add_working_days(D(2026, 2, 13), 5).date == D(2026, 2, 27)


def test_start_day_is_not_counted_and_zero_days_is_the_start():
    assert calendar.add_working_days(D(2026, 11, 26), 1).date == D(2026, 11, 27)
    assert calendar.add_working_days(D(2026, 11, 26), 0).date == D(2026, 11, 26)


def test_negative_working_days_is_refused():
    with pytest.raises(calendar.WorkingDaysOutOfRange):
        calendar.add_working_days(D(2026, 11, 26), -1)


def test_unknown_year_falls_back_to_monday_to_friday_without_the_statutory_holidays():
    """《全国年节及纪念日放假办法》 fixes the holidays themselves; only 调休 comes late."""
    assert not CalendarYear.objects.filter(year=2027, is_confirmed=True).exists()
    answer = calendar.describe_day(D(2027, 2, 10))  # a Wednesday after the Spring Festival
    assert answer.is_workday and not answer.is_confirmed
    with translation.override("zh-hans"):
        new_year = calendar.describe_day(D(2027, 1, 1))
    assert (new_year.is_workday, new_year.is_confirmed, new_year.name) == (False, False, "元旦")
    due = calendar.add_working_days(D(2026, 12, 30), 3)
    assert due.date == D(2027, 1, 5)  # 12-31 Thu, 1-1 元旦, 1-4 Mon, 1-5 Tue
    assert due.unconfirmed_years == (2027,)


def test_the_statutory_holidays_of_2027_by_the_law_and_the_lunar_calendar():
    with translation.override("zh-hans"):
        days = {day: str(name) for day, name in calendar.statutory_holidays(2027).items()}
    assert days == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",  # 除夕
        D(2027, 2, 6): "春节",  # 正月初一
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
    }
    for day in (D(2027, 2, 8), D(2027, 6, 9), D(2027, 9, 15)):  # a Monday and two Wednesdays
        assert not calendar.is_workday(day)


def test_the_fallback_agrees_with_the_package_on_a_known_year():
    """2026 is confirmed from chinese-calendar: every statutory day the fallback would count
    is a holiday there too (the package adds the 调休 days around them)."""
    for day in calendar.statutory_holidays(2026):
        assert not calendar.is_workday(day), day


def test_dates_outside_the_years_the_calendar_knows_are_refused():
    with pytest.raises(DateOutOfRange):
        calendar.add_working_days(D(9999, 12, 31), 1)
    with pytest.raises(DateOutOfRange):
        calendar.add_working_days(D(2099, 12, 1), 40)
    with pytest.raises(calendar.WorkingDaysOutOfRange):
        calendar.add_working_days(D(2026, 1, 1), 10**9)


def test_a_due_date_within_a_confirmed_year_carries_no_warning():
    assert calendar.add_working_days(D(2026, 3, 2), 10).unconfirmed_years == ()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 6, 30)),
    days=st.integers(min_value=0, max_value=60),
)
def test_due_is_monotonic_and_lands_on_a_workday(start, days):
    due = calendar.add_working_days(start, days).date
    later = calendar.add_working_days(start, days + 1).date
    assert later > due
    assert calendar.is_workday(later)
    if days:
        assert calendar.is_workday(due)
        span = [start + datetime.timedelta(days=i) for i in range(1, (due - start).days + 1)]
        assert sum(calendar.is_workday(day) for day in span) == days


def test_an_administrator_edit_makes_the_year_hand_kept_and_survives_an_import():
    day = CalendarDay.objects.create(date=D(2027, 2, 10), kind=CalendarDayKind.HOLIDAY, name="春节")
    from django.db import transaction

    with transaction.atomic():
        calendar_day_record_edit(actor=None, day=day)
    assert CalendarYear.objects.get(year=2027).source == CalendarSource.MANUAL
    assert not calendar.is_workday(D(2027, 2, 10))
    assert calendar.describe_day(D(2027, 2, 10)).is_confirmed is False
    calendar_year_confirm(actor=None, year=2027)
    assert calendar.describe_day(D(2027, 2, 10)).is_confirmed
    assert calendar_import_from_package(years=[2027]) == []  # the package has no 2027 anyway
    assert AuditRecord.objects.filter(action="calendar.year_confirmed").count() == 1


def test_import_leaves_hand_kept_years_alone():
    CalendarYear.objects.filter(year=2026).update(source=CalendarSource.MANUAL)
    CalendarDay.objects.filter(date=D(2026, 10, 10)).delete()
    assert calendar_import_from_package(years=[2026]) == []
    assert not CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()


def _hall_calendar(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_cli_is_workday_prints_yes_for_a_make_up_saturday():
    assert _hall_calendar("is-workday", "2026-10-10") == ("yes", "")
    assert _hall_calendar("is-workday", "2026-10-05") == ("no", "")


def test_cli_due_agrees_with_the_spec():
    assert _hall_calendar("due", "2026-09-30", "5") == ("2026-10-13", "")


def test_cli_warns_on_stderr_for_an_unconfirmed_year():
    out, err = _hall_calendar("due", "2026-12-30", "3")
    assert out == "2027-01-05"
    assert "2027" in err


def test_cli_rejects_a_malformed_date():
    with pytest.raises(CommandError):
        _hall_calendar("is-workday", "2026-02-30")
