"""The consolidated tables of a campaign: a sheet (and a table on the page) per form in the forms'
layout — the title rows, the columns' headings, the row of column numbers, a row per school and the
municipality's total — from the accepted reports only, or from all with their status marked.

A submitted report's figures are its snapshot; a school that has not submitted shows its live
figures (registry and corrections) only in «all»."""
from dataclasses import dataclass

from flask import abort, render_template, request
from openpyxl import Workbook

from app.auth.models import Role
from app.auth.permissions import roles_required
from app.templating import number_ru
from app.spreadsheet import HEADER_FILL, fit_row_height, header, page_setup, put, send_xlsx, title_row, to_bytes

from . import bp
from .models import Campaign, ReportStatus
from .access import load, reads_all, respondents
from .reports import FormView, build_forms, registry_figures, shown_status, values_of
from .routes import latest_reports


@dataclass
class Consolidated:
    forms: list[FormView]                          # the forms' headings (the first school's view)
    rows: list[tuple[str, str, list[FormView]]]    # school, its shown status, its forms
    totals: list[list[float]]                      # per form, the column sums
    corrections: list[tuple[str, str, str, str, str]]  # school, form, column, registry → figure, reason


def consolidate(campaign: Campaign, accepted_only: bool) -> Consolidated:
    """Every school's forms in a fixed number of queries: the registry's figures for all schools at
    once (a few queries a form), the reports and their figures in two."""
    reports = latest_reports(campaign.id)
    found = respondents(campaign)
    figures = registry_figures(campaign, [who.id for who, _ in found])
    values = values_of([r.id for r in reports.values()])
    rows, corrections = [], []
    for who, name in found:
        report = reports.get(who.id)
        status = shown_status(report)
        if accepted_only and status != ReportStatus.ACCEPTED:
            continue
        forms = build_forms(campaign, who.id, report, figures, values.get(report.id, {}) if report else {})
        rows.append((name, status, forms))
        for f in forms:
            for c in f.cells:
                if c.corrected:
                    corrections.append((name, f.title, c.heading, f"{number_ru(c.registry)} → {number_ru(c.value)}",
                                        c.reason))
    headings = rows[0][2] if rows else build_forms(campaign, found[0][0].id, None, figures, {}) if found else []
    totals = [[_total([forms[n].cells[i].value for _, _, forms in rows], cell.share) for i, cell in enumerate(f.cells)]
              for n, f in enumerate(headings)]
    return Consolidated(headings, rows, totals, corrections)


def _total(values: list, share: bool):
    """People add up; a share is the mean of the schools that gave one."""
    given = [v for v in values if v is not None]
    if share:
        return round(sum(given) / len(given), 1) if given else None
    return sum(given)


def _fits(heading: str, width: int) -> int:
    """A column wide enough for its heading's longest word: «переподготовка» is not broken in two."""
    return max(width, max((len(word) for word in heading.split()), default=0) + 2)


def _accepted_only() -> bool:
    return request.args.get("all") != "1"


def _readable(campaign_id: int) -> Campaign:
    campaign = load(campaign_id)
    if not reads_all(campaign):
        abort(403)
    return campaign


@bp.get("/<int:campaign_id>/consolidated")
@roles_required(*Role.EDITORS, Role.HEAD, *Role.REGIONAL)
def consolidated(campaign_id):
    campaign = _readable(campaign_id)
    accepted_only = _accepted_only()
    return render_template("campaigns/consolidated.html", campaign=campaign, c=consolidate(campaign, accepted_only),
                           accepted_only=accepted_only, labels=ReportStatus.LABELS)


@bp.get("/<int:campaign_id>/consolidated.xlsx")
@roles_required(*Role.EDITORS, Role.HEAD, *Role.REGIONAL)
def consolidated_xlsx(campaign_id):
    campaign = _readable(campaign_id)
    accepted_only = _accepted_only()
    data = workbook(campaign, consolidate(campaign, accepted_only), accepted_only)
    return send_xlsx(data, f"Свод — {campaign.title[:80]}.xlsx")


def workbook(campaign: Campaign, c: Consolidated, accepted_only: bool) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    status_column = not accepted_only
    for n, f in enumerate(c.forms):
        ws = wb.create_sheet(f"{n + 1}. {f.title}"[:31])
        who = "Муниципальное образование" if campaign.regional else "Образовательная организация"
        columns = [("№ п/п", 6), (who, 26), *((cell.heading, _fits(cell.heading, width))
                                                for cell, width in zip(f.cells, f.widths, strict=True))]
        if status_column:
            columns.append(("Состояние отчёта", 24))
        title_row(ws, 1, campaign.title, len(columns), bold=True)
        title_row(ws, 2, f"{f.title}. Период: {campaign.period_label}."
                  + ("" if accepted_only else " Все школы; состояние отчёта — в последнем столбце."), len(columns))
        header(ws, 3, columns)
        for column in range(1, len(columns) + 1):  # the row of column numbers
            put(ws, 4, column, column, fill=HEADER_FILL)
        row = 5
        for number_, (school, status, forms) in enumerate(c.rows, start=1):
            values = [cell.value for cell in forms[n].cells]
            line = [number_, school, *values] + ([ReportStatus.LABELS[status]] if status_column else [])
            for column, value in enumerate(line, start=1):
                put(ws, row, column, value)
            fit_row_height(ws, row, len(columns))
            row += 1
        total = "Итого по региону" if campaign.regional else "Итого по муниципалитету"
        for column, value in enumerate(["", total, *c.totals[n]], start=1):
            put(ws, row, column, value, bold=True)
        if status_column:
            put(ws, row, len(columns), "", bold=True)
        fit_row_height(ws, row, len(columns))
        page_setup(ws, 3)
    if c.corrections:
        ws = wb.create_sheet("Исправления муниципалитетов" if campaign.regional else "Исправления школ")
        columns = [("Муниципальное образование" if campaign.regional else "Образовательная организация", 24),
                   ("Форма", 30), ("Столбец", 24), ("Реестр → отчёт", 14),
                   ("Причина", 40)]
        title_row(ws, 1, f"{campaign.title}: цифры, исправленные "
                  + ("муниципалитетами" if campaign.regional else "школами"), len(columns), bold=True)
        header(ws, 3, columns)
        for row, line in enumerate(c.corrections, start=4):
            for column, value in enumerate(line, start=1):
                put(ws, row, column, value)
            fit_row_height(ws, row, len(columns))
        page_setup(ws, 3)
    if not wb.worksheets:
        ws = wb.create_sheet("Свод")
        put(ws, 1, 1, "Форм нет.")
    return to_bytes(wb)
