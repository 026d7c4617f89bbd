"""The leadership's page (领导): a month or quarter at a glance, and the same as Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from hall.core.access import access_hall, request_user
from hall.core.calendar import month_named
from hall.core.downloads import xlsx_response
from hall.supervision import leadership
from hall.supervision.choices import AwardPeriod, InspectionKind


@login_required
def overview(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="supervision.view_scores")
    asked = request.GET.get("period", "")
    period = AwardPeriod(asked) if asked in AwardPeriod.values else AwardPeriod.MONTH
    text = request.GET.get("month", "")
    month = month_named(text) if text else leadership.default_month(timezone.localdate())
    view = leadership.overview(the_hall, period, month)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_workbook(view), f"overview-{the_hall.code}-{view.first:%Y-%m}.xlsx")
    return render(
        request,
        "supervision/overview.html",
        {"hall": the_hall, "view": view, "period": period, "month": month},
    )


def _workbook(view: leadership.Overview) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    head = [_("Place"), _("Name"), _("Department"), _("Score"), _("Served"), _("Satisfaction %")]
    for title, rows in (
        (_("Windows"), view.windows),
        (_("Staff"), view.staff),
        (_("Departments"), view.departments),
    ):
        sheet = book.create_sheet(title=title)
        sheet.append([f"{view.first} – {view.last}"])
        sheet.append(head)
        for row in rows:
            sheet.append(
                [
                    row.place,
                    row.name,
                    row.department,
                    float(row.score),
                    row.served,
                    row.satisfaction,
                ]
            )
    sheet = book.create_sheet(title=_("Supervision"))
    for kind in InspectionKind:
        sheet.append([str(kind.label), view.inspections[kind]])
    sheet.append([_("Findings recorded"), view.findings_found])
    sheet.append([_("Findings open now"), view.findings_open])
    sheet.append([])
    sheet.append([_("Award"), _("Period"), _("Place"), _("Who"), _("Points")])
    for award in view.awards:
        sheet.append(
            [
                award.round.get_kind_display(),
                f"{award.round.starts_on} – {award.round.ends_on}",
                award.place,
                str(award.staff or award.window),
                float(award.points),
            ]
        )
    return book
