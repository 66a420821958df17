"""The indicator table of a programme (targets and actuals per year edited in place, the deviation
marked) and the effectiveness index page. Methodists and the administrator edit; everyone reads."""
from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import editors_only
from app.clock import today
from app.extensions import db
from app.marks.queries import schools
from app.plan.models import Programme
from app.registry.models import Organisation
from app.spreadsheet import send_xlsx
from app.upsert import upsert

from . import bp
from .forms import IndicatorForm, check_value, parse_number
from .index import BOUNDARIES_NOTE, BANDS, degree, effectiveness, reached
from .computed import SOURCES, computed_values, school_totals
from .report import completion, lines
from .xlsx import report_workbook
from .queries import indicators_of, values_of
from .models import Group, Indicator, IndicatorSchoolValue, IndicatorValue, Unit, effective_values


def _years(programme: Programme) -> list[int]:
    return list(range(programme.start_year, programme.end_year + 1))


def _figures(programme: Programme, indicators: list[Indicator]) -> dict:
    """Entered values, computed ones and the effective pair (target, actual that counts)."""
    values = values_of([i.id for i in indicators])
    computed = computed_values(programme, indicators, _years(programme), today())
    effective = effective_values(indicators, values, computed)
    period = {}
    for indicator in indicators:  # for the whole period: the years whose target was reached, of those known
        marks = [reached(indicator, effective.get((indicator.id, y))) for y in _years(programme)]
        known = [m for m in marks if m is not None]
        period[indicator.id] = (sum(known), len(known))
    return dict(values=values, computed=computed, effective=effective, period=period,
                points=_points(programme, indicators, effective))


def _points(programme: Programme, indicators: list[Indicator], effective) -> dict:
    """(year, target, actual) of each indicator, for its chart."""
    return {i.id: [(y, *((effective[(i.id, y)].target, effective[(i.id, y)].actual) if (i.id, y) in effective
                         else (None, None))) for y in _years(programme)] for i in indicators}


def _mine(indicators: list[Indicator]) -> dict:
    """A school user's own entries of the per-school indicators, by (indicator, year)."""
    if current_user.role != Role.SCHOOL:
        return {}
    ids = [i.id for i in indicators if i.per_school]
    return {(v.indicator_id, v.year): v for v in db.session.scalars(select(IndicatorSchoolValue).where(
        IndicatorSchoolValue.indicator_id.in_(ids), IndicatorSchoolValue.organisation_id == current_user.organisation_id))}


def _table(programme: Programme, form: IndicatorForm | None = None, status: int = 200):
    indicators = indicators_of(programme.id)
    return render_template("indicators/table.html", programme=programme, indicators=indicators,
                           years=_years(programme), groups=Group.LABELS, sources=SOURCES,
                           form=form or IndicatorForm(formdata=None), can_edit=current_user.can_edit_plan,
                           reached=reached, degree=degree, errors={}, typed={}, mine=_mine(indicators),
                           **_figures(programme, indicators)), status


@bp.get("/<int:programme_id>/indicators")
def table(programme_id):
    return _table(db.get_or_404(Programme, programme_id))


@bp.post("/<int:programme_id>/indicators")
@editors_only
def create(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    form = IndicatorForm()
    if not form.validate():
        return _table(programme, form, 422)
    position = (db.session.scalar(select(func.max(Indicator.position)).where(Indicator.programme_id == programme.id))
                or 0) + 1
    indicator = Indicator(programme_id=programme.id, position=position)
    form.populate_obj(indicator)
    indicator.computed = indicator.computed or None
    db.session.add(indicator)
    db.session.flush()
    record("create", "indicator", indicator.id, f"Добавлен показатель «{indicator.name[:80]}»", programme.id)
    db.session.commit()
    return redirect(url_for(".table", programme_id=programme.id, _anchor=f"indicator-{indicator.id}"))


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@editors_only
def edit(indicator_id):
    indicator = db.get_or_404(Indicator, indicator_id)
    form = IndicatorForm(obj=indicator)
    if request.method == "POST" and form.validate():
        form.populate_obj(indicator)
        indicator.computed = indicator.computed or None
        record("update", "indicator", indicator.id, f"Изменён показатель «{indicator.name[:80]}»", indicator.programme_id)
        db.session.commit()
        return redirect(url_for(".table", programme_id=indicator.programme_id, _anchor=f"indicator-{indicator.id}"))
    programme = db.session.get(Programme, indicator.programme_id)
    return render_template("indicators/edit.html", indicator=indicator, programme=programme, form=form), \
        422 if form.errors else 200


@bp.post("/indicators/<int:indicator_id>/delete")
@editors_only
def delete(indicator_id):
    indicator = db.get_or_404(Indicator, indicator_id)
    programme_id = indicator.programme_id
    record("delete", "indicator", indicator.id, f"Удалён показатель «{indicator.name[:80]}»", programme_id)
    db.session.delete(indicator)
    db.session.commit()
    return redirect(url_for(".table", programme_id=programme_id))


@bp.post("/indicators/<int:indicator_id>/values/<int:year>")
@editors_only
def value(indicator_id, year):
    """A year's target and actual of one indicator, saved in place; the row comes back."""
    indicator = db.get_or_404(Indicator, indicator_id)
    programme = db.session.get(Programme, indicator.programme_id)
    if year not in _years(programme):
        return render_template("marks/_notice.html", message="Этого года нет в периоде программы."), 422
    target, target_error = parse_number(request.form.get("target"))
    actual, actual_error = parse_number(request.form.get("actual"))
    reason = (request.form.get("reason") or "").strip()[:500]
    document = (request.form.get("document") or "").strip()[:500]
    errors = {"target": target_error or check_value(target, indicator.unit),
              "actual": actual_error or check_value(actual, indicator.unit)}
    if indicator.derived and actual is not None and not reason and not errors["actual"]:
        errors["reason"] = ("Факт складывается из данных школ" if indicator.per_school else
                            "Факт рассчитывается по данным системы") + ": чтобы заменить его, укажите причину."
    if any(errors.values()):
        return _row(programme, indicator, 422, year, {k: v for k, v in errors.items() if v},
                    {"target": request.form.get("target", ""), "actual": request.form.get("actual", ""),
                     "reason": reason, "document": document})
    upsert(IndicatorValue, {"indicator_id": indicator.id, "year": year, "target": target, "actual": actual,
                            "override_reason": reason if indicator.derived and actual is not None else "",
                            "document": document,
                            "entered_by_id": current_user.id, "entered_at": datetime.now()}, ["indicator_id", "year"])
    record("update", "indicator", indicator.id, f"Показатель «{indicator.name[:60]}», {year}: план {target}, факт {actual}",
           programme.id)
    db.session.commit()
    return _row(programme, indicator)


def _row(programme, indicator, status=200, year=None, errors=None, typed=None):
    context = dict(programme=programme, i=indicator, years=_years(programme), groups=Group.LABELS, sources=SOURCES,
                   can_edit=True, reached=reached, degree=degree, mine={}, errors={year: errors} if errors else {},
                   typed={year: typed} if typed else {}, **_figures(programme, [indicator]))
    # The row, and its chart below the table out of band.
    return render_template("indicators/_row.html", **context) + \
        render_template("indicators/_figure.html", oob=True, **context), status


@bp.get("/<int:programme_id>/index")
def index(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    years = _years(programme)
    year = request.args.get("year", type=int)
    year = year if year in years else min(max(today().year, years[0]), years[-1])
    indicators = indicators_of(programme.id)
    result = effectiveness(programme, indicators, _figures(programme, indicators)["effective"], year)
    return render_template("indicators/index.html", programme=programme, years=years, year=year, result=result,
                           bands=BANDS, note=BOUNDARIES_NOTE, can_edit=current_user.can_edit_plan, error="")


@bp.post("/<int:programme_id>/index/weights")
@editors_only
def weights(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    parsed = [parse_number(request.form.get(name)) for name in ("weight_goal", "weight_tasks", "weight_activities")]
    numbers = [v for v, error in parsed if not error and v is not None]
    if len(numbers) != 3 or any(not 0 <= n <= 1 for n in numbers) or abs(sum(numbers) - 1) > 0.001:
        years = _years(programme)
        year = request.form.get("year", type=int) or years[0]
        indicators = indicators_of(programme.id)
        result = effectiveness(programme, indicators, _figures(programme, indicators)["effective"], year)
        return render_template("indicators/index.html", programme=programme, years=years, year=year, result=result,
                               bands=BANDS, note=BOUNDARIES_NOTE, can_edit=True,
                               error="Весовые коэффициенты — числа от 0 до 1, в сумме 1 (например 0,45; 0,35; 0,2)."), 422
    programme.weight_goal, programme.weight_tasks, programme.weight_activities = numbers
    record("update", "programme", programme.id, f"Весовые коэффициенты Инр: {numbers[0]}, {numbers[1]}, {numbers[2]}",
           programme.id)
    db.session.commit()
    return redirect(url_for(".index", programme_id=programme.id, year=request.form.get("year", type=int)))


def _report_context(programme: Programme, year: int) -> dict:
    indicators = indicators_of(programme.id)
    figures = _figures(programme, indicators)
    sections, organisations = completion(programme, year)
    effective = figures["effective"]
    return dict(programme=programme, year=year, years=_years(programme), groups=Group.LABELS,
                lines=lines(indicators, effective, year), points=figures["points"],
                index=effectiveness(programme, indicators, figures["effective"], year), sections=sections,
                organisations=organisations, note=BOUNDARIES_NOTE, printed_on=today())


def _report_year(programme: Programme) -> int:
    years = _years(programme)
    year = request.args.get("year", type=int)
    return year if year in years else min(max(today().year, years[0]), years[-1])


@bp.get("/<int:programme_id>/report")
def report(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    return render_template("indicators/report.html", **_report_context(programme, _report_year(programme)))


@bp.get("/<int:programme_id>/report.xlsx")
def report_xlsx(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    context = _report_context(programme, _report_year(programme))
    return send_xlsx(report_workbook(context), f"Отчёт {context['year']} — {programme.title[:60]}.xlsx")


@bp.get("/<int:programme_id>/report.docx")
def report_docx(programme_id):
    """The year's analytical report in Word, its charts' numbers as tables."""
    from app.exports.documents import report_document
    from app.exports.word import send_docx
    programme = db.get_or_404(Programme, programme_id)
    context = _report_context(programme, _report_year(programme))
    return send_docx(report_document(context), f"Отчёт {context['year']} — {programme.title[:60]}.docx")


def _school_entry_allowed(organisation_id: int) -> bool:
    if current_user.role in Role.EDITORS:
        return True
    return current_user.role == Role.SCHOOL and current_user.organisation_id == organisation_id


@bp.get("/indicators/<int:indicator_id>/schools")
def school_values(indicator_id):
    """Each school's own figures of a per-school indicator, year by year, and the municipal total."""
    indicator = db.get_or_404(Indicator, indicator_id)
    if not indicator.per_school:
        abort(404)
    if current_user.role == Role.SCHOOL:
        abort(403)
    programme = db.session.get(Programme, indicator.programme_id)
    entries = {(v.organisation_id, v.year): v for v in db.session.scalars(
        select(IndicatorSchoolValue).where(IndicatorSchoolValue.indicator_id == indicator.id))}
    return render_template("indicators/schools.html", programme=programme, i=indicator, years=_years(programme),
                           schools=schools(), entries=entries, totals=school_totals([indicator], _years(programme)),
                           can_enter=current_user.role in Role.EDITORS)


@bp.post("/indicators/<int:indicator_id>/schools/<int:organisation_id>/<int:year>")
def school_value(indicator_id, organisation_id, year):
    """A school's count (and total, for a share) for a year, saved in place."""
    indicator = db.get_or_404(Indicator, indicator_id)
    if not indicator.per_school:
        abort(404)
    if not _school_entry_allowed(organisation_id):
        abort(403)
    organisation = db.get_or_404(Organisation, organisation_id)
    programme = db.session.get(Programme, indicator.programme_id)
    if year not in _years(programme):
        return render_template("marks/_notice.html", message="Этого года нет в периоде программы."), 422
    count, count_error = parse_number(request.form.get("count"))
    total, total_error = parse_number(request.form.get("total"))
    errors = {}
    if count_error or (count is not None and count < 0):
        errors["count"] = count_error or "Не может быть меньше нуля."
    if indicator.unit == Unit.PERCENT and count is not None:
        if total_error or not total or total <= 0:
            errors["total"] = total_error or "Укажите, из скольких (больше нуля)."
        elif count > total:
            errors["total"] = "Не может быть меньше, чем посчитано."
    if errors:
        entry = IndicatorSchoolValue(count=None, total=None)
        return render_template("indicators/_school_cell.html", i=indicator, org=organisation, year=year, v=entry,
                               errors=errors, typed=request.form), 422
    upsert(IndicatorSchoolValue, {"indicator_id": indicator.id, "organisation_id": organisation.id, "year": year,
                                  "count": count, "total": total if indicator.unit == Unit.PERCENT else None,
                                  "entered_by_id": current_user.id, "entered_at": datetime.now()},
           ["indicator_id", "organisation_id", "year"])
    record("update", "indicator", indicator.id, f"Показатель «{indicator.name[:60]}», {year}, {organisation.short_name}: "
           f"{count}" + (f" из {total}" if indicator.unit == Unit.PERCENT and count is not None else ""), programme.id)
    db.session.commit()
    entry = db.session.scalars(select(IndicatorSchoolValue).where(
        IndicatorSchoolValue.indicator_id == indicator.id, IndicatorSchoolValue.organisation_id == organisation.id,
        IndicatorSchoolValue.year == year)).one()
    return render_template("indicators/_school_cell.html", i=indicator, org=organisation, year=year, v=entry,
                           errors={}, typed={})
