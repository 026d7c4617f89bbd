"""The month grid of a roster (S2): windows down, working half-days across; the page and the
Excel export both draw it from here."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from hall.core.hours import PERIODS, Period
from hall.core.models import User, Window
from hall.rostering import selectors
from hall.rostering.models import Roster, WindowClosure

CHINESE_WEEKDAYS = "一二三四五六日"


@dataclass
class Cell:
    day: datetime.date
    period: str
    staff: User | None = None
    post: str = ""
    closed: str = ""  # the office's reason, when the window is closed then

    @property
    def gap(self) -> bool:
        return self.staff is None and not self.closed


@dataclass
class Row:
    window: Window
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Grid:
    roster: Roster
    half_days: list[tuple[datetime.date, str]]
    rows: list[Row]
    backup: dict[tuple[datetime.date, str], list[User]]
    staff: list[User]

    @property
    def backup_names(self) -> list[str]:
        """Who is on the backup post, per half-day, in the grid's order."""
        return [
            "、".join(u.get_full_name() for u in self.backup.get(h, [])) for h in self.half_days
        ]

    @property
    def gaps(self) -> int:
        return sum(cell.gap for row in self.rows for cell in row.cells)


def build(roster: Roster) -> Grid:
    days = selectors.working_days(roster.month).working_days
    half_days = [(day, period) for day in days for period in PERIODS]
    windows = selectors.windows_rostered_by(roster.hall, roster.department)
    placed = {
        (a.date, a.period, a.window_id): a
        for a in roster.placed().filter(window__isnull=False).select_related("staff")
    }
    closed = {
        (c.date, c.period, c.window_id): c.reason
        for c in WindowClosure.objects.filter(window__in=windows, date__in=days)
    }
    rows = []
    for window in windows:
        row = Row(window)
        for day, period in half_days:
            assignment = placed.get((day, period, window.pk))
            row.cells.append(
                Cell(
                    day,
                    period,
                    staff=assignment.staff if assignment else None,
                    post=assignment.post if assignment else "",
                    closed=closed.get((day, period, window.pk), ""),
                )
            )
        rows.append(row)
    backup: dict[tuple[datetime.date, str], list[User]] = {}
    for a in roster.placed().filter(window__isnull=True).select_related("staff"):
        backup.setdefault((a.date, a.period), []).append(a.staff)
    staff = selectors.roster_staff(roster.hall, roster.department)
    return Grid(roster, half_days, rows, backup, staff)


def excel(grid: Grid) -> bytes:
    """The grid as an .xlsx workbook, with gaps in red and closures in grey."""
    book = Workbook(write_only=False)
    sheet = book.create_sheet(index=0)
    del book[book.sheetnames[1]]  # the empty default sheet
    sheet.title = f"{grid.roster.month:%Y-%m}"
    title = _("%(department)s roster, %(month)s") % {
        "department": grid.roster.department.name,
        "month": f"{grid.roster.month:%Y-%m}",
    }
    sheet.append([title, "", str(grid.roster.get_status_display())])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [_("Window")]
        + [
            f"{day:%m-%d} {CHINESE_WEEKDAYS[day.weekday()]} {Period(period).label}"
            for day, period in grid.half_days
        ]
    )
    red = PatternFill("solid", fgColor="FFC7CE")
    grey = PatternFill("solid", fgColor="DDDDDD")
    for row in grid.rows:
        values = [f"{row.window.number} {row.window.label}"]
        for cell in row.cells:
            if cell.closed:
                values.append(_("closed: %(reason)s") % {"reason": cell.closed})
            elif cell.staff is None:
                values.append(_("EMPTY"))
            else:
                name = cell.staff.get_full_name()
                values.append(f"{name} ({cell.post})" if cell.post == "B" else name)
        sheet.append(values)
        for column, cell in enumerate(row.cells, start=2):
            target = sheet.cell(row=sheet.max_row, column=column)
            if cell.closed:
                target.fill = grey
            elif cell.gap:
                target.fill = red
    sheet.append([_("Backup post"), *grid.backup_names])
    for column in sheet.iter_cols(min_row=2, max_row=2):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 22
    sheet.freeze_panes = "B3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
