"""Campaigns: the list, opening one, and the methodist's board — schools × status with the date —
where a submitted report is accepted or returned with a remark, and an accepted one reopened."""
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.forms import REQUIRED, BaseForm, choices, strip
from app.marks.queries import centre

from . import bp
from .catalogue import FORMS
from .models import Campaign, FreeTable, ReportStatus, SchoolReport
from .access import as_region, is_region, load, manages, reads_all, respondents
from .queries import latest_of
from .reports import READERS, next_version, shown_status
from .reports import page as report_page

MAX_TABLES, MAX_COLUMNS = 5, 15


def read_tables(text: str) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """«Название: столбец; столбец, %» a line → (title, columns); and the messages about bad lines."""
    tables, errors = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, colon, rest = line.partition(":")
        columns = [c.strip()[:100] for c in rest.split(";") if c.strip()]
        if not colon or not title.strip() or not columns:
            errors.append(f"Строка {n}: напишите «Название таблицы: столбец; столбец».")
        elif len(columns) > MAX_COLUMNS:
            errors.append(f"Строка {n}: не больше {MAX_COLUMNS} столбцов.")
        else:
            tables.append((title.strip()[:300], columns))
    if len(tables) > MAX_TABLES:
        errors.append(f"Не больше {MAX_TABLES} своих таблиц.")
    return tables, errors


class CampaignForm(BaseForm):
    title = StringField("Название", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=500, message="Не длиннее 500 символов.")])
    starts_on = DateField("Период с", validators=[InputRequired("Укажите начало периода.")], render_kw={"type": "date"})
    ends_on = DateField("Период по", validators=[InputRequired("Укажите конец периода.")], render_kw={"type": "date"})
    deadline = DateField("Срок сдачи", validators=[InputRequired("Укажите срок сдачи.")], render_kw={"type": "date"})
    forms = SelectMultipleField("Формы", choices=choices((f.key, f.title) for f in FORMS),
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    tables = TextAreaField("Свои таблицы", filters=[strip], validators=[Length(max=5000)])

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError("Конец периода — не раньше начала.")
        if self.starts_on.data and field.data and (field.data - self.starts_on.data).days > 400:
            raise ValidationError("Период — не длиннее учебного года.")

    def validate_deadline(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError("Срок сдачи — не раньше начала периода.")

    def validate_forms(self, field):
        if not field.data and not (self.tables.data or "").strip():
            raise ValidationError("Выберите хотя бы одну форму или опишите свою таблицу.")

    def validate_tables(self, field):
        _, errors = read_tables(field.data)
        if errors:
            raise ValidationError(" ".join(errors[:3]))


@bp.get("/")
@roles_required(*READERS)
def index():
    """The campaigns: a municipality's own and the region's (answered by its centre); the region's
    accounts, the regional ones."""
    as_region()
    stmt = select(Campaign).order_by(Campaign.deadline.desc(), Campaign.id.desc())
    if is_region():
        stmt = stmt.where(Campaign.municipality_id.is_(None))
    campaigns = list(db.session.scalars(stmt))
    own = centre() if current_user.role in Role.EDITORS else None
    mine, theirs = {}, {}
    if current_user.role == Role.SCHOOL and current_user.organisation_id:
        mine = latest_of_school([c.id for c in campaigns if not c.regional], current_user.organisation_id)
    if own is not None:
        theirs = latest_of_school([c.id for c in campaigns if c.regional], own.id)
    return render_template("campaigns/index.html", campaigns=campaigns, mine=mine | theirs, centre=own,
                           shown_status=shown_status, labels=ReportStatus.LABELS, today=today(),
                           may_open=manages(None))


def latest_reports(campaign_id: int) -> dict[int, SchoolReport]:
    """Each respondent's latest version of its report in the campaign, in one query."""
    return {r.organisation_id: r for r in db.session.scalars(latest_of([campaign_id]))}


def latest_of_school(campaign_ids: list[int], organisation_id: int) -> dict[int, SchoolReport]:
    """One respondent's latest report in each of these campaigns, in one query."""
    if not campaign_ids:
        return {}
    return {r.campaign_id: r for r in db.session.scalars(
        latest_of(campaign_ids).where(SchoolReport.organisation_id == organisation_id))}


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*Role.EDITORS, Role.REGION_METHODIST)
def new():
    """A municipality's methodist opens a campaign for its schools; the region's methodist, one for the
    municipalities."""
    as_region()
    form = CampaignForm(data={"forms": [f.key for f in FORMS]} if request.method == "GET" else None)
    if request.method == "GET" or not form.validate():
        return render_template("campaigns/form.html", form=form), 422 if form.errors else 200
    campaign = Campaign(title=form.title.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                        deadline=form.deadline.data, forms=[f.key for f in FORMS if f.key in form.forms.data],
                        created_at=datetime.now())
    tables, _ = read_tables(form.tables.data)
    campaign.tables = [FreeTable(position=n, title=title, columns=columns) for n, (title, columns) in enumerate(tables)]
    db.session.add(campaign)
    try:
        db.session.flush()
    except IntegrityError:  # the same title twice (a double click, another tab, or it exists)
        db.session.rollback()
        form.title.errors = ["Кампания с таким названием уже есть — откройте её в списке или назовите иначе."]
        return render_template("campaigns/form.html", form=form), 409
    record("create", "campaign", campaign.id, f"Кампания «{campaign.title[:80]}»")
    db.session.commit()
    flash("Кампания открыта: муниципалитеты видят её в «Мониторингах»." if campaign.regional else
          "Кампания открыта: школы видят её в «Моих мероприятиях».")
    return redirect(url_for(".board", campaign_id=campaign.id))


@bp.get("/<int:campaign_id>")
@roles_required(*Role.EDITORS, Role.HEAD, *Role.REGIONAL)
def board(campaign_id):
    campaign = load(campaign_id)
    if not reads_all(campaign):
        own = centre()  # a municipality's methodists answer a regional campaign: to their report
        if own is None:
            abort(404)
        return redirect(url_for(".report", campaign_id=campaign.id, organisation_id=own.id))
    reports = latest_reports(campaign.id)
    rows = [(who, name, reports.get(who.id)) for who, name in respondents(campaign)]
    counts: dict[str, int] = {}
    for _, _, r in rows:
        counts[shown_status(r)] = counts.get(shown_status(r), 0) + 1
    return render_template("campaigns/board.html", campaign=campaign, rows=rows, counts=counts, may_manage=manages(campaign),
                           labels=ReportStatus.LABELS, shown_status=shown_status, today=today())


def _decided(campaign: Campaign, report_id: int) -> SchoolReport:
    report = db.get_or_404(SchoolReport, report_id)
    if report.campaign_id != campaign.id:
        abort(404)
    return report


def _back(campaign: Campaign, report: SchoolReport):
    return redirect(url_for(".report", campaign_id=campaign.id, organisation_id=report.organisation_id))


def _managed(campaign_id: int) -> Campaign:
    campaign = load(campaign_id)
    if not manages(campaign):
        abort(403)
    return campaign


def _decide(report: SchoolReport, **values) -> bool:
    """Accepted or returned — only a submitted report, whichever of two decisions (two tabs, two
    methodists) comes first; the other changes nothing."""
    done = db.session.execute(update(SchoolReport).where(SchoolReport.id == report.id,
                                                         SchoolReport.status == ReportStatus.SUBMITTED)
                              .values(decided_at=datetime.now(), **values))
    if done.rowcount != 1:
        db.session.rollback()
        return False
    return True


@bp.post("/<int:campaign_id>/reports/<int:report_id>/accept")
@roles_required(*Role.EDITORS, Role.REGION_METHODIST)
def accept(campaign_id, report_id):
    campaign = _managed(campaign_id)
    report = _decided(campaign, report_id)
    if not _decide(report, status=ReportStatus.ACCEPTED):
        flash("Принять можно только отправленный отчёт — его уже приняли, вернули или открыли заново.")
        return _back(campaign, report)
    record("accept", "campaign_report", report.id, f"«{campaign.title[:60]}», {report.organisation.short_name}: "
           f"принят (версия {report.version})")
    db.session.commit()
    flash(f"Отчёт {report.organisation.short_name} принят.")
    return redirect(url_for(".board", campaign_id=campaign.id))


@bp.post("/<int:campaign_id>/reports/<int:report_id>/return")
@roles_required(*Role.EDITORS, Role.REGION_METHODIST)
def return_report(campaign_id, report_id):
    """Back to the school with a remark (beside a figure, if one is named): the version stays as it
    was sent, and the next one starts as a draft with the same figures."""
    campaign = _managed(campaign_id)
    report = _decided(campaign, report_id)
    comment = (request.form.get("comment") or "").strip()[:2000]
    cell = (request.form.get("cell") or "").strip()[:60]
    if not comment:
        return report_page(campaign, report.organisation, 422, notice="Напишите замечание: школа увидит его "
                                                                     "рядом с цифрой.")
    if not _decide(report, status=ReportStatus.RETURNED, comment=comment, comment_cell=cell):
        flash("Вернуть можно только отправленный отчёт — его уже приняли или вернули.")
        return _back(campaign, report)
    next_version(report, comment, cell)
    record("return", "campaign_report", report.id, f"«{campaign.title[:60]}», {report.organisation.short_name}: "
           f"возвращён — {comment[:100]}")
    db.session.commit()
    flash(f"Отчёт {report.organisation.short_name} возвращён с замечанием.")
    return redirect(url_for(".board", campaign_id=campaign.id))


@bp.post("/<int:campaign_id>/reports/<int:report_id>/reopen")
@roles_required(*Role.EDITORS, Role.REGION_METHODIST)
def reopen(campaign_id, report_id):
    """An accepted report opened again: a new draft version; the accepted one is kept."""
    campaign = _managed(campaign_id)
    report = _decided(campaign, report_id)
    newer = db.session.scalar(select(func.count(SchoolReport.id)).where(
        SchoolReport.campaign_id == campaign.id, SchoolReport.organisation_id == report.organisation_id,
        SchoolReport.version > report.version))
    if report.status != ReportStatus.ACCEPTED or newer:
        flash("Открыть заново можно последний принятый отчёт.")
        return _back(campaign, report)
    try:
        next_version(report)
    except IntegrityError:  # the same reopening twice at once: the version's unique key keeps one
        db.session.rollback()
        flash("Отчёт уже открыт заново.")
        return _back(campaign, report)
    record("reopen", "campaign_report", report.id, f"«{campaign.title[:60]}», {report.organisation.short_name}: "
           f"открыт заново (версия {report.version + 1})")
    db.session.commit()
    flash("Отчёт открыт заново: школа может исправить и отправить его ещё раз; принятая версия сохранена.")
    return _back(campaign, report)


@bp.post("/<int:campaign_id>/close")
@roles_required(*Role.EDITORS, Role.REGION_METHODIST)
def close(campaign_id):
    """Closed: no report changes or goes any more; the board, the reports and the workbook stay.
    Sent again, it opens the campaign again."""
    campaign = _managed(campaign_id)
    closing = request.form.get("closed", "1") == "1"
    db.session.execute(update(Campaign).where(Campaign.id == campaign.id).values(closed=closing))
    record("close" if closing else "open", "campaign", campaign.id,
           f"Кампания «{campaign.title[:80]}» {'закрыта' if closing else 'открыта снова'}")
    db.session.commit()
    flash("Кампания закрыта: отчёты больше не меняются." if closing else "Кампания открыта снова.")
    return redirect(url_for(".board", campaign_id=campaign.id))
