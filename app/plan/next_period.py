"""«Новый период на основе этой программы»: the next three-year programme starts as a copy.

Passport, stages, sections and activities are copied into a new draft programme; the years
written in deadlines (and in the title and the stages' periods) move with the period, and each
moved deadline is shown for review before anything is saved. Marks, events, competitions and
approvals belong to the old period and are not copied.
"""
import re
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.models import record
from app.auth.permissions import editors_only
from app.extensions import db
from app.registry.models import Person

from . import bp
from .deadlines import ParsedOccurrence
from .models import PASSPORT_FIELDS, Activity, DeadlineState, Programme, Section, Stage
from .occurrences import apply_deadline
from .outline import build_outline

YEAR = re.compile(r"(?<!\d)(20\d\d)(?:/(\d\d)(?!\d))?(?!\d)")   # 2022, or a school year 2022/23


def shift_years(text: str, offset: int) -> str:
    """"Сентябрь 2022, 2023, 2024" → "Сентябрь 2025, 2026, 2027" for an offset of 3; "2022/23
    учебный год" → "2025/26 учебный год"."""
    def moved(match: re.Match) -> str:
        year = int(match.group(1)) + offset
        if match.group(2):
            return f"{year}/{(int(match.group(2)) + offset) % 100:02d}"
        return str(year)

    return YEAR.sub(moved, text or "")


def _shift_date(day: date, offset: int) -> date:
    try:
        return day.replace(year=day.year + offset)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + offset, day=28)


class NextPeriodError(ValueError):
    pass


def _years(programme: Programme, values) -> tuple[int, int, dict[str, str]]:
    """The new period from the form (or the default: right after this one, as long), and errors."""
    length = programme.end_year - programme.start_year
    errors = {}
    start = _int(values.get("start_year"), programme.end_year + 1)
    end = _int(values.get("end_year"), start + length)
    if start is None or not 2000 <= start <= 2100:
        errors["start_year"] = "Год — число от 2000 до 2100."
    if end is None or not 2000 <= end <= 2100:
        errors["end_year"] = "Год — число от 2000 до 2100."
    elif start is not None and end < start:
        errors["end_year"] = "Год окончания не может быть раньше года начала."
    elif start is not None and end - start > 15:
        errors["end_year"] = "Программа длиннее 15 лет — проверьте годы."
    return start, end, errors


def _int(value, default):
    if value is None or value == "":
        return default
    value = str(value).strip()
    return int(value) if value.isdigit() else None


@bp.route("/<int:programme_id>/next", methods=["GET", "POST"])
@editors_only
def next_period(programme_id):
    source = db.get_or_404(Programme, programme_id)
    if source.is_work_plan:
        abort(404)  # an association's next year is a new plan of work on its page
    values = request.form if request.method == "POST" else request.args
    start, end, errors = _years(source, values)
    offset = (start - source.start_year) if not errors else 0
    outline = build_outline(source)
    rows = [(ns, na, shift_years(na.activity.deadline_text, offset)) for ns in outline for na in ns.activities]
    title = values.get("title") if request.method == "POST" else shift_years(source.title, offset)
    # The deadlines on the page were shifted for the years it was shown with: if the years were
    # changed without «Пересчитать», the page is shown again for the new years.
    stale = request.method == "POST" and request.form.get("offset") != str(offset)
    if stale and not errors and not request.form.get("recount"):
        errors["years"] = "Годы изменились — сроки пересчитаны для них, проверьте и нажмите «Создать» ещё раз."
    if request.method == "POST" and not errors and not request.form.get("recount"):
        if not (title or "").strip():
            errors["title"] = "Укажите наименование новой программы."
        texts = {na.activity.id: (request.form.get(f"d-{na.activity.id}", shifted) or "").strip()
                 for _, na, shifted in rows}
        for activity_id, text in texts.items():
            if len(text) > 500:
                errors[f"d-{activity_id}"] = "Не длиннее 500 символов."
        if not errors:
            return _create(source, title.strip()[:1000], start, end, outline, texts)
    existing = db.session.scalars(select(Programme).where(Programme.based_on_id == source.id)
                                  .order_by(Programme.start_year)).all()
    status = 422 if errors and request.method == "POST" else 200
    return render_template("plan/next_period.html", source=source, start=start, end=end, offset=offset, rows=rows,
                           title=title, errors=errors, existing=existing, form=request.form), status


def copy_programme(source: Programme, title: str, start: int, end: int, texts: dict[int, str] | None = None,
                   outline=None) -> tuple[Programme, int, int]:
    """The new programme (added to the session, not committed), with its section and activity
    counts. `texts` are the reviewed deadlines by the old activity's id; missing ones are shifted."""
    offset = start - source.start_year
    outline = outline if outline is not None else build_outline(source)
    texts = texts or {}
    # The outline's rows are plain data (read before anything is added: a query would flush it); the new activities link the same registry entries.
    person_ids = {p.id for ns in outline for na in ns.activities for p in na.activity.responsible_people}
    persons = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    programme = Programme(title=title, start_year=start, end_year=end, based_on_id=source.id,
                          association_id=source.association_id)  # an association's next plan of work is one too
    for name, _ in PASSPORT_FIELDS:
        setattr(programme, name, getattr(source, name))
    programme.stages = [Stage(position=s.position, name=s.name, period_text=shift_years(s.period_text, offset),
                              description=s.description) for s in source.stages]
    db.session.add(programme)
    sections: dict[int, Section] = {}
    copied = 0
    for ns in outline:  # parents come before their subsections in reading order
        old = ns.section
        section = Section(programme=programme, parent=sections.get(old.parent_id), title=old.title,
                          position=old.position)
        sections[old.id] = section
        db.session.add(section)
        for na in ns.activities:
            a = na.activity
            activity = Activity(section=section, position=a.position, title=a.title,
                                deadline_text=texts.get(a.id, shift_years(a.deadline_text, offset)),
                                responsible_text=a.responsible_text, participants=a.participants,
                                expected_result=a.expected_result, document=a.document,
                                responsible_people=[persons[p.id] for p in a.responsible_people], organisations=list(a.organisations),
                                occurrences=[])
            manual = [ParsedOccurrence(_shift_date(o.due_date, offset), shift_years(o.label, offset))
                      for o in a.occurrences] if a.deadline_state == DeadlineState.MANUAL else None
            apply_deadline(activity, start, end, manual, school_year_plan=source.is_work_plan)
            db.session.add(activity)
            copied += 1
    return programme, len(sections), copied


def _create(source: Programme, title: str, start: int, end: int, outline, texts: dict[int, str]):
    programme, section_count, copied = copy_programme(source, title, start, end, texts, outline)
    try:
        db.session.flush()
    except IntegrityError:  # the same next period sent twice (a double click, another tab)
        db.session.rollback()
        made = db.session.scalars(select(Programme).where(Programme.based_on_id == source.id,
                                                          Programme.start_year == start)).first()
        flash(f"Программа на {start}–{end} годы на основе этой уже создана.")
        return redirect(url_for(".programme", programme_id=made.id) if made else
                        url_for(".next_period", programme_id=source.id))
    record("create", "programme", programme.id, f"Создана программа на {start}–{end} годы на основе "
           f"«{source.title[:80]}»: разделов {section_count}, мероприятий {copied}", programme.id)
    db.session.commit()
    flash(f"Создана программа на {start}–{end} годы: разделов {section_count}, мероприятий {copied}. "
          "Отметки, мероприятия, конкурсы и утверждения остались в прежней программе. Проверьте паспорт.")
    return redirect(url_for(".programme", programme_id=programme.id))
