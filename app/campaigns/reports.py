"""A report in a campaign: each asked form prefilled from the registries for the period — a school's
figures, or for a regional campaign a municipality's (its schools' summed) — a figure corrected with a
reason (both kept), the free tables filled, and the report submitted as a frozen snapshot.

Who answers and who reads: app/campaigns/access.py (another school's or municipality's report is
404 — not theirs to know of)."""
import math
from dataclasses import dataclass, field
from datetime import datetime

from flask import abort, flash, has_request_context, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import delete, func, select, update

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.extensions import db
from app.registry.models import Organisation, OrgKind
from app.templating import number_ru
from app.upsert import insert_missing, upsert

from . import bp
from .access import answers, load, manages, reads_all, respondent_name, respondent_of
from .catalogue import chosen
from .models import Campaign, FreeTable, ReportStatus, ReportValue, SchoolReport
from .queries import shown_status

READERS = (*Role.EDITORS, Role.HEAD, Role.SCHOOL, *Role.REGIONAL)


@dataclass
class Cell:
    column: int
    heading: str
    registry: float | None  # the registry's figure; None in a free table
    value: float | None     # the report's figure (None: a free table's cell not filled)
    reason: str = ""
    share: bool = False

    @property
    def corrected(self) -> bool:
        return self.registry is not None and self.value != self.registry


@dataclass
class FormView:
    key: str
    title: str
    cells: list[Cell]
    hint: str = ""
    source: str = ""
    source_label: str = ""
    free: bool = False
    widths: list[int] = field(default_factory=list)


def _shares(table: FreeTable) -> list[bool]:
    return [name.rstrip().endswith("%") for name in table.columns]


def registry_figures(campaign: Campaign, respondent_ids: list[int]) -> dict[str, dict[int, list[int]]]:
    """Form key → respondent → the registry's figures for the period (a fixed number of queries a
    form): a school's own; a municipality's centre, the sums of its municipality's schools."""
    if not campaign.regional:
        return {f.key: f.of(campaign.starts_on, campaign.ends_on, respondent_ids) for f in chosen(campaign.forms)}
    centres = dict(db.session.execute(select(Organisation.municipality_id, Organisation.id)
                                      .where(Organisation.id.in_(respondent_ids))).all())
    schools = dict(db.session.execute(select(Organisation.id, Organisation.municipality_id).where(
        Organisation.municipality_id.in_(list(centres)), Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))).all())
    found = {}
    for f in chosen(campaign.forms):
        sums = {i: [0] * len(f.columns) for i in respondent_ids}
        for school, values in f.of(campaign.starts_on, campaign.ends_on, list(schools)).items():
            row = sums[centres[schools[school]]]
            for n, value in enumerate(values):
                row[n] += value
        found[f.key] = sums
    return found


def values_of(report_ids: list[int]) -> dict[int, dict[tuple[str, int], ReportValue]]:
    found: dict[int, dict[tuple[str, int], ReportValue]] = {}
    if report_ids:
        for v in db.session.scalars(select(ReportValue).where(ReportValue.report_id.in_(report_ids))):
            found.setdefault(v.report_id, {})[(v.form, v.column)] = v
    return found


def build_forms(campaign: Campaign, organisation_id: int, report: SchoolReport | None,
                figures: dict[str, dict[int, list[int]]] | None = None,
                values: dict[tuple[str, int], ReportValue] | None = None) -> list[FormView]:
    """The report's forms: from the snapshot once submitted, else live — the registry's figures with
    the school's corrections over them."""
    if report is not None and report.snapshot is not None:
        return _from_snapshot(campaign, report.snapshot)
    if figures is None:
        figures = registry_figures(campaign, [organisation_id])
    if values is None:
        values = values_of([report.id]).get(report.id, {}) if report else {}
    forms = []
    for f in chosen(campaign.forms):
        cells = []
        for column, ((heading, _), figure) in enumerate(zip(f.columns, figures[f.key][organisation_id], strict=True)):
            mine = values.get((f.key, column))
            cells.append(Cell(column, heading, figure, mine.value if mine else figure, mine.reason if mine else ""))
        source = f.source(campaign.starts_on, campaign.ends_on, organisation_id) if has_request_context() else ""
        forms.append(FormView(f.key, f.title, cells, f.hint, source, f.source_label, widths=[w for _, w in f.columns]))
    for table in campaign.tables:
        cells = [Cell(column, heading, None, values[(table.key, column)].value if (table.key, column) in values
                      else None, share=share)
                 for column, (heading, share) in enumerate(zip(table.columns, _shares(table), strict=True))]
        forms.append(FormView(table.key, table.title, cells, free=True, widths=[14] * len(cells)))
    return forms


def _from_snapshot(campaign: Campaign, snapshot: dict) -> list[FormView]:
    forms = []
    for f in chosen(campaign.forms):
        rows = snapshot.get(f.key, [])
        cells = [Cell(column, heading, *row) for column, ((heading, _), row) in enumerate(zip(f.columns, rows, strict=False))]
        forms.append(FormView(f.key, f.title, cells, f.hint, widths=[w for _, w in f.columns]))
    for table in campaign.tables:
        rows = snapshot.get(table.key, [])
        cells = [Cell(column, heading, None, row[1], share=share)
                 for column, (heading, share, row) in enumerate(zip(table.columns, _shares(table), rows, strict=False))]
        forms.append(FormView(table.key, table.title, cells, free=True, widths=[14] * len(cells)))
    return forms


def snapshot_of(forms: list[FormView]) -> dict:
    return {f.key: [[c.registry, c.value, c.reason] for c in f.cells] for f in forms}


# --- Loading, with who may see what -------------------------------------------------------------------


def latest(campaign_id: int, organisation_id: int) -> SchoolReport | None:
    return db.session.scalars(select(SchoolReport).where(
        SchoolReport.campaign_id == campaign_id, SchoolReport.organisation_id == organisation_id)
        .order_by(SchoolReport.version.desc()).limit(1)).first()


def versions(campaign_id: int, organisation_id: int) -> list[SchoolReport]:
    return list(db.session.scalars(select(SchoolReport).where(
        SchoolReport.campaign_id == campaign_id, SchoolReport.organisation_id == organisation_id)
        .order_by(SchoolReport.version.desc())))


def draft_of(campaign: Campaign, organisation_id: int) -> SchoolReport:
    """The report's version the school edits: the first is made here (once, whichever of two requests
    comes first); a submitted one is not a draft (the caller refuses)."""
    report = latest(campaign.id, organisation_id)
    if report is None:
        insert_missing(SchoolReport, {"campaign_id": campaign.id, "organisation_id": organisation_id, "version": 1,
                                      "status": ReportStatus.DRAFT, "comment": "", "comment_cell": "",
                                      "created_at": datetime.now()},
                       ["campaign_id", "organisation_id", "version"])
        report = latest(campaign.id, organisation_id)
    return report


# --- The page and its changes --------------------------------------------------------------------------


def page(campaign: Campaign, school: Organisation, status: int = 200, errors: dict | None = None,
          typed: dict | None = None, notice: str = ""):
    history = versions(campaign.id, school.id)
    report = history[0] if history else None
    editable = (answers(campaign, school) and not campaign.closed
                and (report is None or report.status == ReportStatus.DRAFT))
    return render_template("campaigns/report.html", campaign=campaign, school=school, report=report,
                           forms=build_forms(campaign, school.id, report), editable=editable,
                           status=shown_status(report), labels=ReportStatus.LABELS, errors=errors or {},
                           typed=typed or {}, notice=notice,
                           history=history[1:],
                           may_decide=manages(campaign), name=respondent_name(campaign, school)), status


@bp.get("/<int:campaign_id>/schools/<int:organisation_id>")
@roles_required(*READERS)
def report(campaign_id, organisation_id):
    campaign = load(campaign_id)
    respondent = respondent_of(campaign, organisation_id)
    if not (reads_all(campaign) or answers(campaign, respondent)):
        abort(403 if current_user.role in READERS else 404)
    return page(campaign, respondent)


def read_figure(text: str, share: bool) -> tuple[float | None, str]:
    """A typed figure and the message about it: a count of people is whole and not negative; a share
    is 0–100."""
    text = (text or "").strip().replace(",", ".").replace(" ", "")
    if not text:
        return None, "Введите число."
    try:
        value = float(text)
    except ValueError:
        return None, "Введите число, например 12."
    if not math.isfinite(value):
        return None, "Введите число, например 12."
    if value < 0:
        return None, "Не может быть меньше нуля."
    if share:
        if value > 100:
            return None, "Доля — не больше 100 %."
        return round(value, 1), ""
    if not value.is_integer():
        return None, "Число людей — целое, без дробей."
    if value > 100000:
        return None, "Слишком большое число — проверьте."
    return value, ""


@bp.post("/<int:campaign_id>/schools/<int:organisation_id>/figures")
@roles_required(Role.SCHOOL, *Role.EDITORS)
def save_figures(campaign_id, organisation_id):
    """The school's figures of one form: a changed registry figure needs a reason; a free table's
    figures are the school's. All the form's cells are checked before anything is written."""
    campaign = load(campaign_id)
    school = respondent_of(campaign, organisation_id)
    if not answers(campaign, school):
        abort(403)
    key = request.form.get("form", "")
    if campaign.closed:
        return page(campaign, school, 409, notice="Кампания закрыта: отчёт не меняется.")
    report = latest(campaign.id, school.id)
    if report is not None and report.status != ReportStatus.DRAFT:
        return page(campaign, school, 409, notice="Отчёт уже отправлен: его не меняют. Если нужно исправить — "
                                                   "попросите методиста вернуть его.")
    views = {f.key: f for f in build_forms(campaign, school.id, report)}
    if key not in views:
        abort(400)
    view = views[key]
    errors, typed, wanted = {}, {}, []
    for cell in view.cells:
        raw = request.form.get(f"v-{cell.column}", "")
        reason = (request.form.get(f"r-{cell.column}", "") or "").strip()[:1000]
        typed[(key, cell.column)] = (raw, reason)
        if view.free and not raw.strip():
            wanted.append((cell.column, None, ""))
            continue
        value, message = read_figure(raw, cell.share)
        if message:
            errors[(key, cell.column)] = message
        elif not view.free and value != cell.registry and not reason:
            errors[(key, cell.column)] = (f"В реестре — {number_ru(cell.registry)}. Укажите причину, почему в отчёте "
                                          "другая цифра.")
        else:
            wanted.append((cell.column, value, reason if not view.free and value != cell.registry else ""))
    if errors:
        return page(campaign, school, 422, errors=errors, typed=typed)
    report = draft_of(campaign, school.id)
    # Locked against a submission at the same moment: only a draft takes figures.
    locked = db.session.execute(update(SchoolReport).where(SchoolReport.id == report.id,
                                                           SchoolReport.status == ReportStatus.DRAFT)
                                .values(status=ReportStatus.DRAFT))
    if locked.rowcount != 1:
        db.session.rollback()
        return page(campaign, school, 409, notice="Отчёт уже отправлен: его не меняют.")
    cells = {c.column: c for c in view.cells}
    for column, value, reason in wanted:
        if value is None or (not view.free and value == cells[column].registry):
            db.session.execute(delete(ReportValue).where(ReportValue.report_id == report.id,
                                                         ReportValue.form == key, ReportValue.column == column))
        else:
            upsert(ReportValue, {"report_id": report.id, "form": key, "column": column, "value": value,
                                 "reason": reason}, ["report_id", "form", "column"])
    record("update", "campaign_report", report.id, f"«{campaign.title[:60]}», {school.short_name}: {view.title[:60]}")
    db.session.commit()
    flash("Сохранено.")
    return redirect(url_for(".report", campaign_id=campaign.id, organisation_id=school.id, _anchor=f"form-{key}"))


@bp.post("/<int:campaign_id>/schools/<int:organisation_id>/submit")
@roles_required(Role.SCHOOL, *Role.EDITORS)
def submit(campaign_id, organisation_id):
    """Freeze the figures into the version's snapshot. Of two tabs submitting at once, one does it;
    the other is told it is done. After the deadline it goes, marked late."""
    campaign = load(campaign_id)
    school = respondent_of(campaign, organisation_id)
    if not answers(campaign, school):
        abort(403)
    if campaign.closed:
        return page(campaign, school, 409, notice="Кампания закрыта: отчёт не отправить.")
    report = draft_of(campaign, school.id)
    if report.status != ReportStatus.DRAFT:
        return page(campaign, school, 409, notice="Отчёт уже отправлен.")
    forms = build_forms(campaign, school.id, report)
    if not any(c.value for f in forms for c in f.cells):
        return page(campaign, school, 422, notice="Отчёт пуст: во всех таблицах нули. Проверьте реестры "
                                                   "(ссылки у таблиц) или внесите цифры.")
    now = datetime.now()
    done = db.session.execute(update(SchoolReport).where(SchoolReport.id == report.id,
                                                         SchoolReport.status == ReportStatus.DRAFT)
                              .values(status=ReportStatus.SUBMITTED, snapshot=snapshot_of(forms), submitted_at=now,
                                      submitted_by_id=current_user.id))
    if done.rowcount != 1:
        db.session.rollback()
        return page(campaign, school, 409, notice="Отчёт уже отправлен.")
    late = now.date() > campaign.deadline
    record("submit", "campaign_report", report.id, f"«{campaign.title[:60]}», {school.short_name}: отправлен"
           f"{' после срока' if late else ''} (версия {report.version})")
    db.session.commit()
    flash("Отчёт отправлен" + (" — после срока, это отмечено." if late else "."))
    return redirect(url_for(".report", campaign_id=campaign.id, organisation_id=school.id))


def next_version(report: SchoolReport, comment: str = "", cell: str = "") -> SchoolReport:
    """The next version, a draft with the same figures: what a return or a reopening starts (the old
    version kept as it was)."""
    made = SchoolReport(campaign_id=report.campaign_id, organisation_id=report.organisation_id,
                        version=report.version + 1, status=ReportStatus.DRAFT, comment=comment, comment_cell=cell,
                        created_at=datetime.now())
    db.session.add(made)
    db.session.flush()
    db.session.execute(ReportValue.__table__.insert().from_select(
        ["report_id", "form", "column", "value", "reason"],
        select(func.cast(made.id, ReportValue.report_id.type), ReportValue.form, ReportValue.column, ReportValue.value,
               ReportValue.reason).where(ReportValue.report_id == report.id)))
    return made
