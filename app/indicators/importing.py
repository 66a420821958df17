"""Import of a programme's indicator table from its document (/plan/<id>/indicators/import): the
table read like the plan's (app/table_reading.py) — a name column, unit and source when there are
such, a column per year of targets; rows that name the goal, the tasks or the activities set the
group of the rows under them. A preview first; then all rows or none."""
import json
import re
from pathlib import Path

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from app.audit.models import record
from app.auth.permissions import editors_only
from app.extensions import db
from app.plan.models import Programme
from app.table_reading import ImportFileError, read_tables

from . import bp
from .forms import check_value, parse_number
from .models import Group, Indicator, IndicatorValue, Unit

MAX_BYTES = 10 * 1024 * 1024
YEAR = re.compile(r"\b(20\d\d)\b")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").lower().replace("ё", "е")).strip()


def _unit(text: str) -> str:
    t = _norm(text)
    if "%" in t or "процент" in t or "доля" in t:
        return Unit.PERCENT
    if "чел" in t:
        return Unit.PEOPLE
    return Unit.ITEMS if t else Unit.PERCENT


def _group_of(text: str) -> str | None:
    t = _norm(text)
    if "цел" in t and ("ориентир" in t or "показател" in t or t.startswith("цел")):
        return Group.GOAL
    if "задач" in t:
        return Group.TASK
    if "мероприят" in t:
        return Group.ACTIVITY
    return None


def read_indicators(tables, years: list[int]) -> list[dict]:
    for table in tables:
        for index, row in enumerate(table.rows[:20]):
            columns: dict = {"years": {}}
            for column, cell in enumerate(row):
                t = _norm(cell.text)
                found = YEAR.search(t)
                if found and int(found.group(1)) in years and len(t) < 20:
                    columns["years"][column] = int(found.group(1))
                elif ("показател" in t or "индикатор" in t or "наименование" in t) and "name" not in columns:
                    columns["name"] = column
                elif ("ед" in t.split(".")[0] or "единиц" in t) and "unit" not in columns:
                    columns["unit"] = column
                elif "источник" in t and "source" not in columns:
                    columns["source"] = column
                elif t in ("№", "№ п/п", "n", "n п/п") and "number" not in columns:
                    columns["number"] = column
            if "name" not in columns or not columns["years"]:
                continue
            group, rows = Group.TASK, []
            for cells in table.rows[index + 1:]:
                def text(column, cells=cells):
                    return cells[column].text if column is not None and column < len(cells) else ""

                name = text(columns["name"])
                texts = [c.text for c in cells if c.text]
                if not texts:
                    continue
                if len(set(texts)) == 1 and not any(text(c) for c in columns["years"]):
                    group = _group_of(texts[0]) or group  # a row naming the goal, the tasks or the activities
                    continue
                if not name:
                    continue
                targets, problems = {}, []
                for column, year in columns["years"].items():
                    raw = text(column).replace("%", "").strip()
                    value, error = parse_number(raw)
                    if error:
                        problems.append(f"{year}: «{raw[:20]}» — не число")
                    elif value is not None:
                        targets[str(year)] = value
                unit = _unit(text(columns.get("unit")) or name)
                for year, value in targets.items():
                    message = check_value(value, unit)
                    if message:
                        problems.append(f"{year}: {message}")
                rows.append({"number": text(columns.get("number"))[:20], "name": name[:2000], "unit": unit,
                             "source": text(columns.get("source"))[:500], "group": group, "targets": targets,
                             "problems": problems})
            if rows:
                return rows
    raise ImportFileError("Не найдена таблица показателей: нужна колонка с названием показателя («Показатель», "
                          "«Наименование показателя») и колонки годов периода программы.")


@bp.route("/<int:programme_id>/indicators/import", methods=["GET", "POST"])
@editors_only
def import_indicators(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    years = list(range(programme.start_year, programme.end_year + 1))
    if request.method == "GET":
        return render_template("indicators/import.html", programme=programme, rows=None, error="")
    if request.form.get("rows"):  # the preview's «Импортировать»: every row again, then all or none
        try:
            rows = json.loads(request.form["rows"])
            assert isinstance(rows, list)
        except (ValueError, AssertionError):
            return render_template("indicators/import.html", programme=programme, rows=None,
                                   error="Данные предпросмотра повреждены — загрузите файл ещё раз."), 400
        return _save(programme, years, rows)
    upload = request.files.get("file")
    data = upload.stream.read(MAX_BYTES + 1) if upload else b""
    name = Path(upload.filename or "").name[:200] if upload else ""
    try:
        if not name:
            raise ImportFileError("Выберите файл с таблицей показателей.")
        if len(data) > MAX_BYTES:
            raise ImportFileError("Файл больше 10 МБ.")
        rows = read_indicators(read_tables(data), years)
    except ImportFileError as error:
        return render_template("indicators/import.html", programme=programme, rows=None, error=str(error)), 422
    return render_template("indicators/import.html", programme=programme, rows=rows, years=years, filename=name,
                           payload=json.dumps(rows, ensure_ascii=False), groups=Group.LABELS, error="")


def _save(programme: Programme, years: list[int], rows: list) -> tuple:
    checked = []
    for row in rows:
        name = str(row.get("name", "")).strip()[:2000]
        unit = row.get("unit") if row.get("unit") in Unit.CHOICES else Unit.PERCENT
        group = row.get("group") if row.get("group") in Group.LABELS else Group.TASK
        targets = {}
        problems = not name
        for year, value in (row.get("targets") or {}).items():
            number, error = parse_number(str(value))
            if error or not str(year).isdigit() or int(year) not in years or check_value(number, unit):
                problems = True
            elif number is not None:
                targets[int(year)] = number
        if problems:
            return render_template("indicators/import.html", programme=programme, rows=None,
                                   error="В таблице есть строки с ошибками — исправьте файл и загрузите его снова; "
                                         "ничего не импортировано."), 422
        checked.append((row, name, unit, group, targets))
    position = db.session.scalar(select(func.max(Indicator.position)).where(Indicator.programme_id == programme.id)) or 0
    for n, (row, name, unit, group, targets) in enumerate(checked, start=1):
        indicator = Indicator(programme_id=programme.id, position=position + n, number=str(row.get("number", ""))[:20],
                              name=name, unit=unit, group=group, source=str(row.get("source", ""))[:500])
        indicator.values = [IndicatorValue(year=year, target=value) for year, value in targets.items()]
        db.session.add(indicator)
    record("import", "indicator", None, f"Импорт показателей: {len(checked)}", programme.id)
    db.session.commit()
    flash(f"Импортировано показателей: {len(checked)}.")
    return redirect(url_for(".table", programme_id=programme.id)), 302

