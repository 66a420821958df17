"""Import of a programme's indicator table from its document (/plan/<id>/indicators/import) on the
shared «import with a preview» (app/imports/flow.py): the table read like the plan's
(app/table_reading.py) — a name column, unit and source when there are such, a column per year of
targets; rows that name the goal, the tasks or the activities set the group of the rows under
them. A row with a wrong figure is fixed in the file or left out; then all rows or none."""
import re

from flask import url_for
from flask_wtf.file import FileField
from sqlalchemy import func, select

from app.audit.models import record
from app.auth.models import Role
from app.extensions import db
from app.forms import BaseForm
from app.imports.flow import PreviewImport, RowView, register
from app.plan.models import Programme
from app.table_reading import ImportFileError

from . import bp
from .forms import check_value, parse_number
from .models import Group, Indicator, IndicatorValue, Unit

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


class UploadForm(BaseForm):
    file = FileField("Файл (.xlsx или .docx)")


class IndicatorImport(PreviewImport):
    kind = "indicators"
    what = "таблица показателей"
    roles = Role.EDITORS
    upload_template = "indicators/import_upload.html"
    row_template = "indicators/_import_row.html"
    fix_hint = ("Строку с ошибкой исправьте в файле и загрузите его снова — или отметьте «не импортировать» "
                "и внесите показатель вручную.")
    already_done = "Эта таблица показателей уже импортирована."

    def programme(self, programme_id: int) -> Programme:
        return db.get_or_404(Programme, programme_id)

    @staticmethod
    def years(programme: Programme) -> list[int]:
        return list(range(programme.start_year, programme.end_year + 1))

    def upload_form(self, programme_id):
        self.programme(programme_id)  # 404 for a programme out of reach
        return UploadForm()

    def read(self, tables, form, programme_id):
        programme = self.programme(programme_id)
        return read_indicators(tables, self.years(programme)), {"programme_id": programme.id}

    def url_args(self, draft):
        return {"programme_id": draft.settings["programme_id"]}

    def belongs(self, draft, args):
        return draft.settings.get("programme_id") == args.get("programme_id") and \
            db.session.get(Programme, args["programme_id"]) is not None

    def views(self, draft, rows):
        """Each row checked again against the programme's years (the period may have changed)."""
        programme = db.session.get(Programme, draft.settings["programme_id"])
        years = self.years(programme)
        views = []
        for row in rows:
            view = RowView(row, row.data, problems=list(row.data.get("problems") or []))
            for year in row.data.get("targets") or {}:
                if int(year) not in years:
                    view.problems.append(f"{year}: год вне периода программы ({programme.period_label})")
            view.extra = {"years": years, "group": Group.LABELS.get(row.data.get("group"), "")}
            views.append(view)
        return views

    def context(self, draft):
        programme = db.session.get(Programme, draft.settings["programme_id"])
        return {"about": f"Программа «{programme.title}» ({programme.period_label}).",
                "columns": ("Показатель", "Ед.", "Группа", *self.years(programme))}

    def title(self, draft):
        return f"Проверка таблицы показателей «{draft.filename}»"

    def apply(self, draft, views):
        programme_id = draft.settings["programme_id"]
        position = db.session.scalar(select(func.max(Indicator.position))
                                     .where(Indicator.programme_id == programme_id)) or 0
        for n, view in enumerate(views, start=1):
            row = view.data
            unit = row.get("unit") if row.get("unit") in Unit.CHOICES else Unit.PERCENT
            group = row.get("group") if row.get("group") in Group.LABELS else Group.TASK
            indicator = Indicator(programme_id=programme_id, position=position + n, number=row.get("number", "")[:20],
                                  name=row["name"][:2000], unit=unit, group=group, source=row.get("source", "")[:500])
            indicator.values = [IndicatorValue(year=int(year), target=value)
                                for year, value in (row.get("targets") or {}).items()]
            db.session.add(indicator)
        record("import", "indicator", None, f"Импорт показателей: {len(views)}", programme_id)
        return f"Импортировано показателей: {len(views)}."

    def done_url(self, draft):
        return url_for("indicators.table", programme_id=draft.settings["programme_id"])


indicator_imports = register(bp, IndicatorImport(), "/<int:programme_id>/indicators/import")
