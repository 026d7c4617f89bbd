"""F3 on a hand-made week: the ticket columns by window, staff and department and the hall's
total equal the figures worked out by hand; bad periods are refused; the Excel is the page."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from hall.core.roles import Role
from hall.queueing.choices import Channel, TicketEventKind, TicketStatus
from hall.queueing.models import Ticket, TicketEvent
from hall.queueing.summaries import tickets_summarise
from hall.reception.models import Visit
from hall.reports.figures import PeriodBackwards, report
from tests.conftest import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
ZONE = datetime.timezone(datetime.timedelta(hours=8))
WEEK = (D(2026, 11, 30), D(2026, 12, 6))


def at(day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=ZONE)


@pytest.fixture
def week(qhall):
    """Monday 1 December: window 1 (clerk) serves A001–A003 after waits of 5, 10 and 20
    minutes, 6 minutes each; A004 is a no-show at window 3; B001 (an appointment) is served
    at window 3 on Tuesday after 2 minutes, for 12. And one ticket of the week before."""
    rows = [
        # number, category, day, arrived, called, started, finished, window, staff, status, channel
        ("A001", qhall.household, 1, (9, 0), (9, 5), (9, 6), (9, 12), 1, qhall.clerk, "done", "kiosk"),  # noqa: E501
        ("A002", qhall.household, 1, (9, 0), (9, 10), (9, 12), (9, 18), 1, qhall.clerk, "done", "kiosk"),  # noqa: E501
        ("A003", qhall.household, 1, (9, 0), (9, 20), (9, 20), (9, 26), 1, qhall.clerk, "done", "kiosk"),  # noqa: E501
        ("A004", qhall.household, 1, (9, 30), (9, 40), None, None, 3, None, "no_show", "kiosk"),
        ("B001", qhall.social, 2, (10, 0), (10, 2), (10, 2), (10, 14), 3, None, "done", "appointment"),  # noqa: E501
    ]  # fmt: skip
    for n, (number, category, day, arrived, called, started, finished, window, staff,
            status, channel) in enumerate(rows, start=1):  # fmt: skip
        Ticket.objects.create(
            hall=qhall.hall,
            category=category,
            service_day=D(2026, 12, day),
            sequence=n,
            number=number,
            channel=channel,
            status=status,
            arrived_at=at(day, *arrived),
            queued_at=at(day, *arrived),
            called_at=at(day, *called),
            started_at=at(day, *started) if started else None,
            finished_at=at(day, *finished) if finished else None,
            window=qhall.windows[window],
            served_by=staff,
            follow_token=f"w{n}",
        )
    # The desk marks the 过号 (the reports count marks, as the dashboard does).
    a004 = Ticket.objects.get(number="A004")
    TicketEvent.objects.create(
        ticket=a004, hall=qhall.hall, at=a004.called_at, kind=TicketEventKind.NO_SHOW
    )
    Ticket.objects.create(
        hall=qhall.hall, category=qhall.household, service_day=D(2026, 11, 27), sequence=99,
        number="A099", channel=Channel.KIOSK, status=TicketStatus.DONE,
        arrived_at=at(1, 9, 0) - datetime.timedelta(days=4),
        queued_at=at(1, 9, 0) - datetime.timedelta(days=4), follow_token="w99",
    )  # fmt: skip
    return qhall


def test_the_weeks_ticket_columns(week):
    rows = report(week.hall, *WEEK, "window", today=D(2026, 12, 7))
    by_window = {row.label: row for row in rows}
    one, three, total = by_window["1 号窗口"], by_window["3 号窗口"], by_window["测试政务服务中心"]
    assert (one.issued, one.served, one.no_shows) == (3, 3, 0)
    assert one.wait_mean == round(35 / 3, 1) and one.wait_p90 == 20.0
    assert one.service_mean == 6.0
    assert (three.issued, three.served, three.no_shows, three.appointments) == (2, 1, 1, 1)
    assert three.wait_mean == 6.0 and three.service_mean == 12.0
    # The hall: 5 tickets of the week (A099 is the week before), waits 5, 10, 20, 10, 2.
    assert (total.issued, total.served, total.no_shows) == (5, 4, 1)
    assert total.wait_mean == 9.4 and total.wait_p90 == 20.0
    assert total.service_mean == 7.5
    by_staff = {row.label: row for row in report(week.hall, *WEEK, "staff", today=D(2026, 12, 7))}
    assert by_staff[str(week.clerk)].served == 3
    departments = report(week.hall, *WEEK, "department", today=D(2026, 12, 7))
    assert [(r.label, r.issued) for r in departments] == [("公安户籍", 4), ("测试政务服务中心", 5)]
    # The same once the days are summed for the reports (hall.queueing.summaries).
    assert tickets_summarise(week.hall, today=D(2026, 12, 7)) == 10  # 27 Nov to 6 Dec
    assert report(week.hall, *WEEK, "window", today=D(2026, 12, 7)) == rows


def test_bad_periods_are_refused_and_the_excel_is_the_page(week):
    with pytest.raises(PeriodBackwards):
        report(week.hall, D(2026, 12, 6), D(2026, 11, 30), "hall", today=D(2026, 12, 7))
    office = logged_in(UserFactory(username="office", hall=week.hall, role=Role.HALL_ADMIN))
    backwards = office.get("/reports/q/?from=2026-12-06&to=2026-11-30")
    assert backwards.status_code == 422 and "结束" in backwards.content.decode()
    too_long = office.get("/reports/q/?from=2025-01-01&to=2026-12-06")
    assert too_long.status_code == 422
    page = office.get("/reports/q/?by=window&period=week&day=2026-12-02")
    assert page.status_code == 200 and 'data-report="window"' in page.content.decode()
    book = load_workbook(
        io.BytesIO(
            office.get("/reports/q/?by=window&period=week&day=2026-12-02&format=xlsx").content
        )
    )
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert rows[0][:4] == ("1 号窗口", 3, 3, 0)
    pdf = office.get("/reports/q/?by=window&period=month&day=2026-12-02&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "1 号窗口" in text and "每日取号量" in text
    assert logged_in(week.clerk).get("/reports/q/").status_code == 403


def test_visitors_per_hour_on_the_page_in_the_excel_and_the_pdf(week):
    office = UserFactory(username="office", hall=week.hall, role=Role.HALL_ADMIN)
    for hour, minute in ((9, 5), (9, 50), (10, 30)):
        Visit.objects.create(
            hall=week.hall, at=at(1, hour, minute), registered_by=office, purpose="问路"
        )
    Visit.objects.create(hall=week.hall, at=at(8, 9, 0), registered_by=office, purpose="问路")
    page = logged_in(office)
    week_of = "/reports/q/?by=hall&period=week&day=2026-12-02"
    shown = page.get(week_of).content.decode()
    assert "data-visitors" in shown and "9:00 2</title>" in shown and "10:00 1</title>" in shown
    book = load_workbook(io.BytesIO(page.get(f"{week_of}&format=xlsx").content))
    hours = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert hours == [("09:00", 2), ("10:00", 1)]  # the next week's visit is not in it
    pdf = page.get(f"{week_of}&format=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "来访登记" in text


def test_the_case_columns_by_department_and_item(chall):
    """Three cases received on Monday 30 November: one concluded on Wednesday, one short of
    a material (corrections asked at once), one still open past a due date of 4 December;
    the report of the week on 7 December."""
    from hall.cases import services as cases
    from hall.cases.models import Case

    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        quick = chall.receive()
        chall.receive(materials=("id-card",))  # short of the contract: corrections asked
        late = chall.receive()
        for case in (quick, late):
            cases.case_accept(case=case, actor=chall.clerk)
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):
        quick = cases.case_start(case=quick, actor=chall.clerk)
        quick = cases.case_submit_for_approval(case=quick, actor=chall.clerk)
        cases.case_conclude(case=quick, actor=chall.chief, outcome="approved")
    Case.objects.filter(pk=late.pk).update(due_date=D(2026, 12, 4))
    rows = {r.label: r for r in report(chall.hall, *WEEK, "department", today=D(2026, 12, 7))}
    estate = rows["不动产登记中心"]
    assert (estate.received, estate.accepted, estate.concluded, estate.overdue) == (3, 2, 1, 1)
    assert estate.corrections == 1
    assert estate.visits_per_case == 0.0 and estate.one_visit_share == 100.0
    assert estate.issued is None or estate.issued == 0
    items = {r.label: r for r in report(chall.hall, *WEEK, "service_item", today=D(2026, 12, 7))}
    assert items["房屋买卖转移登记"].received == 3 and items["房屋买卖转移登记"].issued is None
