"""A staff list (кадровая таблица) into the registry: /registry/import, on the shared «import with a
preview» (app/imports/flow.py).

A school coordinator uploads their school's list; a methodist the municipality's, where a column
names each row's school (a school not in the registry yet is added). Columns are found by their
words: ФИО (or Фамилия, Имя, Отчество), должность, предмет, образовательная организация, дата
рождения, дата приёма, дата увольнения, стаж (years) or the date teaching started, категория,
совместительство, пол.

Each row is matched to the registry: the same full name (or «Фамилия И.О.») at the same school, or
— where the file gives a date of birth — the same name and date of birth at any school in reach; a
name found only elsewhere without a date of birth is the user's choice. The preview says what
each row does: adds a person, updates whom and which fields, records a hire or a leaving — or
nothing («без изменений»): the same file imported twice changes nothing the second time.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime

from flask import abort, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from sqlalchemy import insert, select
from sqlalchemy.orm.attributes import set_committed_value
from wtforms import StringField
from wtforms.validators import Length

from app.audit.models import record
from app.auth.models import Role
from app.clock import today
from app.extensions import db
from app.forms import BaseForm, strip
from app.imports.flow import PreviewImport, RowRefused, RowView, register
from app.staff.models import Employment, LeaveReason, StaffCategory
from app.table_reading import ImportFileError, Table, cell_date, header_row
from app.upsert import insert_all_missing, insert_missing

from . import bp
from .matching import names_school, normal
from .models import Category, Organisation, OrgKind, Person, age_problem, years_before, years_between

KEEPERS = (*Role.EDITORS, Role.SCHOOL)
FIELDS = ("name", "organisation", "position", "subject", "category", "birth", "hired", "left", "reason", "since",
          "job", "sex")


# --- Reading the file ---------------------------------------------------------------------


def column_role(text: str) -> str | None:
    t = normal(text)
    if not t or t in ("№", "n", "№ п/п", "n п/п", "п/п"):
        return None
    if "рожд" in t:
        return "birth"
    if "увол" in t or "выбы" in t:
        return "left"
    if "причин" in t:
        return "reason"
    if "прием" in t or "принят" in t or "назначен" in t:
        return "hired"
    if "стаж" in t or "начал" in t and "педагог" in t:
        return "since"
    if "совмест" in t or "занятост" in t or "основн" in t:
        return "job"
    if "фио" in t or "ф.и.о" in t or "фамилия имя" in t or t == "ф. и. о.":
        return "name"
    if t.startswith("фамилия"):
        return "surname"
    if t == "имя":
        return "given"
    if t.startswith("отчество"):
        return "patronymic"
    if "должност" in t:
        return "position"
    if "предмет" in t or "дисциплин" in t:
        return "subject"
    if "категори" in t:
        return "category"
    if "организац" in t or "учрежден" in t or t in ("оо", "оу", "школа", "место работы"):
        return "organisation"
    if t == "пол":
        return "sex"
    return None


def find_columns(table: Table) -> tuple[dict[str, int], int] | None:
    """The header: a name (or surname) column and a position or organisation column."""
    return header_row(table, column_role, lambda roles: bool(
        ({"name", "surname"} & roles.keys()) and ({"position", "organisation", "birth", "hired"} & roles.keys())))


def rows_from(tables: list[Table]) -> list[dict]:
    for table in tables:
        found = find_columns(table)
        if found is None:
            continue
        roles, header = found
        rows = []
        for cells in table.rows[header + 1:]:
            def text(role, cells=cells, roles=roles):
                column = roles.get(role)
                return cells[column].text.strip() if column is not None and column < len(cells) else ""

            name = text("name") or " ".join(part for part in (text("surname"), text("given"), text("patronymic"))
                                            if part)
            values = {field: text(field)[:300] for field in FIELDS if field != "name"}
            if not name and not any(values.values()):
                continue  # an empty line
            if re.fullmatch(r"[\d\s.]+", name) and all(re.fullmatch(r"[\d\s.]*", v) for v in values.values()):
                continue  # the row of column numbers «1 2 3 …» under the header
            rows.append({"name": re.sub(r"\s+", " ", name)[:200], **values, "person": None, "skip": False})
        if rows:
            return rows
        raise ImportFileError("Заголовок таблицы найден, но под ним нет ни одной строки с работником.")
    raise ImportFileError("Не найдена строка заголовка: нужна колонка «ФИО» (или «Фамилия», «Имя», «Отчество») "
                          "и колонка «Должность» или «Образовательная организация».")


# --- What a row's text means -------------------------------------------------------------

CATEGORIES = ((r"высш", Category.HIGHEST), (r"перв", Category.FIRST), (r"соответ|сзд", Category.COMPLIANCE),
              (r"^(без|нет|-|—|–)", Category.NONE))
REASONS = ((r"перев", LeaveReason.TRANSFER), (r"декрет|отпуск|уход", LeaveReason.LONG_LEAVE),
           (r"пенси", LeaveReason.RETIREMENT))


def category_of(text: str) -> str | None:
    t = normal(text)
    if not t:
        return Category.NONE
    return next((key for pattern, key in CATEGORIES if re.search(pattern, t)), None)


def staff_category(position: str) -> str:
    """The forms' category of a position: heads, teachers, educators, other pedagogical, others."""
    t = normal(position)
    if re.search(r"музыкальн\w* руководител|концертмейстер", t):
        return StaffCategory.OTHER_PEDAGOGICAL
    if re.search(r"директор|заведующ|руководител", t):
        return StaffCategory.HEAD
    if re.search(r"учител|преподавател", t):
        return StaffCategory.TEACHER
    if "воспитател" in t:
        return StaffCategory.EDUCATOR
    if re.search(r"педагог|психолог|логопед|дефектолог|тьютор|методист|советник|вожат|инструктор|библиотекар", t):
        return StaffCategory.OTHER_PEDAGOGICAL
    return StaffCategory.OTHER


def short_name_of(text: str) -> str:
    """A school's short name from the file's full one: «МБОУ СОШ № 7 ст. Калининской» → «СОШ № 7»."""
    clean = re.sub(r"\s+", " ", text).strip()
    found = re.search(r"(СОШ|ООШ|НОШ|ДОУ|д/с|ЦДТ|ДДТ|ДЮСШ|ЦРР|[Гг]имназия|[Лл]ицей|[Дд]етский сад)\s*№\s*\d+", clean)
    if found:
        return re.sub(r"№\s*", "№ ", found.group(0))
    return re.sub(r"^(М[БКА]?Д?ОУ|ГБОУ|МБУ ДО|МАУ ДО|МБУДО|МОУ)\s+", "", clean)[:100]


def kind_of_school(text: str) -> str:
    t = normal(text)
    for pattern, kind in ((r"гимнази", OrgKind.GYMNASIUM), (r"лице", OrgKind.LYCEUM), (r"\bоош\b", OrgKind.BASIC_SCHOOL),
                          (r"доу|детск\w* сад|д/с", OrgKind.KINDERGARTEN), (r"\bдо\b|цдт|ддт|дюсш|дополнит", OrgKind.EXTRA)):
        if re.search(pattern, t):
            return kind
    return OrgKind.SCHOOL


@dataclass
class Parsed:
    birth: date | None = None
    hired: date | None = None
    left: date | None = None
    since: date | None = None
    since_years: int | None = None     # the file gave years of experience, not a date
    category: str | None = None
    main_job: bool = True
    sex: str = ""


def parse_row(data: dict, problems: list[str]) -> Parsed:
    """The row's dates, category and the rest, with a problem for each that is wrong."""
    parsed, day = Parsed(), today()
    if not data["name"].strip():
        problems.append("Нет ФИО.")
    elif len(data["name"].split()) < 2:
        problems.append(f"«{data['name']}» — нужны фамилия и имя (и отчество).")
    for field, label in (("birth", "Дата рождения"), ("hired", "Дата приёма"), ("left", "Дата увольнения")):
        if data.get(field):
            value = cell_date(data[field])
            if value is None:
                problems.append(f"{label} «{data[field]}» не распознана (нужно ДД.ММ.ГГГГ).")
            elif value > day:
                problems.append(f"{label} {value:%d.%m.%Y} — в будущем.")
            setattr(parsed, field, value)
    if parsed.birth and parsed.birth <= day and age_problem(parsed.birth, day):
        problems.append(age_problem(parsed.birth, day))
    if parsed.left and not parsed.hired and not problems:
        problems.append("Дата увольнения без даты приёма — укажите, с какого дня работник работал.")
    if parsed.hired and parsed.left and parsed.left < parsed.hired:
        problems.append("Дата увольнения раньше даты приёма.")
    if parsed.hired and parsed.birth and years_between(parsed.birth, parsed.hired) < 16:
        problems.append("В день приёма работнику нет 16 лет — проверьте даты.")
    since = data.get("since", "").replace(",", ".").strip()
    if since:
        years = re.fullmatch(r"(\d{1,2})(\.\d+)?\s*(лет|года?|г\.?)?", since)
        if years and int(years.group(1)) <= 70:
            parsed.since_years = int(years.group(1))
            parsed.since = years_before(day, parsed.since_years)
        else:
            parsed.since = cell_date(since)
            if parsed.since is None or parsed.since > day:
                problems.append(f"Стаж «{data['since']}»: нужно число лет (0–70) или дата начала педагогической работы.")
                parsed.since = None
    parsed.category = category_of(data.get("category", ""))
    if parsed.category is None:
        problems.append(f"Категория «{data['category']}» не распознана: высшая, первая, соответствие или без категории.")
    job = normal(data.get("job", ""))
    parsed.main_job = not (("совмест" in job or "внешн" in job or job in ("да", "+")) and "основн" not in job)
    sex = normal(data.get("sex", ""))
    parsed.sex = "f" if sex.startswith("ж") else "m" if sex.startswith("м") else ""
    return parsed


# --- Matching -----------------------------------------------------------------------------


class Reach:
    """The registry the user imports into: the organisations and people in reach, read once."""

    def __init__(self):
        self.school = current_user.role == Role.SCHOOL
        orgs = select(Organisation)
        people = select(Person).order_by(Person.id)
        if self.school:
            orgs = orgs.where(Organisation.id == current_user.organisation_id)
            people = people.where(Person.organisation_id == current_user.organisation_id)
        self.organisations = list(db.session.scalars(orgs))
        self.org_by_id = {o.id: o for o in self.organisations}
        self.org_names = {o.id: (normal(o.short_name), normal(o.name)) for o in self.organisations}
        self.people = list(db.session.scalars(people))
        for person in self.people:  # the organisations are read: no query a person
            if person.organisation_id in self.org_by_id:
                set_committed_value(person, "organisation", self.org_by_id[person.organisation_id])
        self.by_id = {p.id: p for p in self.people}
        self.by_name: dict[str, list[Person]] = {}
        from app.plan_import.preview import person_key
        for person in self.people:
            self.by_name.setdefault(normal(person.full_name), []).append(person)
            key = normal(person_key(person.full_name))
            if key != normal(person.full_name):
                self.by_name.setdefault(key, []).append(person)
        self.cache: dict[str, tuple] = {}

    def organisation(self, text: str) -> tuple[Organisation | None, str]:
        """The organisation a row names, or None and a message: a new one to add (methodists),
        or why it cannot be."""
        if self.school:
            own = self.org_by_id.get(current_user.organisation_id)
            if text and own and not names_school(text, own) and normal(text) not in (normal(own.short_name),
                                                                                       normal(own.name)):
                return None, f"Строка другой организации («{text}») — вы импортируете список своей школы."
            return own, ""
        if not text:
            return None, "Не указана образовательная организация."
        if text not in self.cache:
            exact = [o for o in self.organisations if normal(text) in self.org_names[o.id]]
            named = exact or [o for o in self.organisations if names_school(text, o)]
            self.cache[text] = (named[0], "") if len(named) == 1 else \
                (None, f"«{text}» подходит к нескольким организациям: {', '.join(o.short_name for o in named)} — "
                       "уточните название в строке.") if named else (None, "new")
        return self.cache[text]

    def candidates(self, name: str) -> list[Person]:
        from app.plan_import.preview import person_key
        found = self.by_name.get(normal(name)) or self.by_name.get(normal(person_key(name))) or []
        return list({p.id: p for p in found}.values())


def match(reach: Reach, data: dict, org: Organisation | None, birth: date | None) -> tuple[Person | None, list, str]:
    """(the person, the candidates to choose from, why a choice is needed)."""
    found = reach.candidates(data["name"])
    if birth:
        same = [p for p in found if p.birth_date == birth]
        if len(same) == 1:
            return same[0], found, ""
        found = [p for p in found if p.birth_date is None or p.birth_date == birth]
    here = [p for p in found if org is not None and p.organisation_id == org.id]
    if len(here) == 1:
        return here[0], found, ""
    if len(here) > 1:
        return None, found, "В реестре несколько работников с таким ФИО в этой организации — выберите."
    if found:
        where = ", ".join(f"{p.full_name} ({reach.org_by_id[p.organisation_id].short_name})" for p in found
                          if p.organisation_id in reach.org_by_id)
        return None, found, f"В реестре есть {where} — это он(а)? Выберите человека или «новый работник»."
    return None, [], ""


def view_rows(rows, reach: Reach) -> list[RowView]:
    views, seen = [], {}
    for row in rows:
        data = row.data
        view = RowView(row, data)
        views.append(view)
        if view.skip:
            continue
        parsed = parse_row(data, view.problems)
        org, why = reach.organisation(data.get("organisation", ""))
        if why and why != "new":
            view.problems.append(why)
        new_org = why == "new"
        person, choices, question = match(reach, data, org, parsed.birth)
        chosen = data.get("person")
        if chosen == "new":
            person, question = None, ""
        elif isinstance(chosen, int) and chosen in reach.by_id:
            person, question = reach.by_id[chosen], ""
        view.person, view.choices = person, choices
        if question:
            view.problems.append(question)
        view.extra = {"parsed": parsed, "organisation": org, "new_organisation": new_org,
                      "short_name": short_name_of(data.get("organisation", "")) if new_org else ""}
        key = ("person", person.id) if person else ("new", normal(data["name"]), parsed.birth,
                                                     normal(data.get("organisation", "")))
        if key in seen:
            view.problems.append(f"Этот работник уже есть в строке {seen[key]} — не импортируйте одну из них.")
        else:
            seen[key] = row.position
        if not view.problems:
            view.notes = changes(view, reach)
    return views


def changes(view: RowView, reach: Reach) -> list[str]:
    """What importing the row will do, in words (empty values in the file change nothing)."""
    data, parsed, person = view.data, view.extra["parsed"], view.person
    org = view.extra["organisation"]
    where = org.short_name if org else f"{view.extra['short_name']} (новая организация)"
    notes = []
    if view.extra["new_organisation"]:
        notes.append(f"Организация «{view.extra['short_name']}» будет добавлена в реестр.")
    if person is None:
        notes.append(f"Новый работник: {where}.")
        if not parsed.hired:
            notes.append("Без даты приёма: запись о работе не создаётся, в штатной численности не учитывается.")
    else:
        updates = updated_fields(person, data, parsed, org)
        view.values = updates
        for field, (before, after) in updates.items():
            notes.append(f"{LABELS[field]}: «{before or '—'}» → «{after}»" if field != "birth_date"
                         else "Дата рождения будет записана" + (" (изменится)" if before else "") + ".")
    job = recorded_job(person, org, parsed.hired) if person and parsed.hired else None
    if parsed.hired and job is None:
        view.extra["job"] = "new"
        notes.append(f"Приём {parsed.hired:%d.%m.%Y}" + (f", увольнение {parsed.left:%d.%m.%Y}" if parsed.left else "")
                     + ".")
    elif parsed.left and job is not None and job.left_on is None:
        view.extra["job"] = "leave"
        notes.append(f"Увольнение {parsed.left:%d.%m.%Y}.")
    if person and not notes:
        notes.append("Без изменений.")
    view.extra["changes"] = bool(person is None or notes != ["Без изменений."])
    return notes


LABELS = {"full_name": "ФИО", "organisation_id": "Организация", "position": "Должность", "subject": "Предмет",
          "category": "Категория", "teaching_since": "Педстаж с", "birth_date": "Дата рождения", "sex": "Пол"}


def updated_fields(person: Person, data: dict, parsed: Parsed, org: Organisation | None) -> dict:
    """{field: (shown before, shown after)} for what the file says differently."""
    result = {}
    if len(data["name"]) > len(person.full_name) and normal(data["name"]) != normal(person.full_name):
        result["full_name"] = (person.full_name, data["name"])  # «Иванова А.А.» in full
    if org is not None and org.id != person.organisation_id and not parsed.left:
        result["organisation_id"] = (person.organisation.short_name, org.short_name)
    for field in ("position", "subject"):
        if data.get(field) and data[field][:200] != getattr(person, field):
            result[field] = (getattr(person, field), data[field][:200])
    if data.get("category") and parsed.category and parsed.category != person.category:
        result["category"] = (person.category_label, Category.LABELS[parsed.category])
    if parsed.since_years is not None:  # years «as of today»: changed only when the years differ
        differs = person.experience_on(today()) != parsed.since_years
    else:
        differs = parsed.since is not None and parsed.since != person.teaching_since
    if differs:
        result["teaching_since"] = (f"{person.teaching_since:%d.%m.%Y}" if person.teaching_since else "",
                                    f"{parsed.since:%d.%m.%Y}")
    if parsed.birth and parsed.birth != person.birth_date:
        result["birth_date"] = (person.birth_date, parsed.birth)
    if parsed.sex and parsed.sex != person.sex:
        result["sex"] = ({"f": "ж", "m": "м"}.get(person.sex, ""), {"f": "ж", "m": "м"}[parsed.sex])
    return result


def reason_of(view: RowView) -> str:
    """The leaving's reason from the file's words; a dismissal when it says none."""
    text = normal(view.data.get("reason", ""))
    return next((key for pattern, key in REASONS if re.search(pattern, text)), LeaveReason.DISMISSAL)


def _jobs() -> dict[int, list[Employment]]:
    jobs = db.session.info.get("import_jobs")
    if jobs is None:
        jobs = {}
        for job in db.session.scalars(select(Employment)):
            jobs.setdefault(job.person_id, []).append(job)
        db.session.info["import_jobs"] = jobs
    return jobs


def recorded_job(person: Person, org: Organisation | None, hired: date) -> Employment | None:
    """The person's work at that organisation from that day, if it is recorded already."""
    return next((j for j in _jobs().get(person.id, [])
                 if org is not None and j.organisation_id == org.id and j.started_on == hired), None)


# --- The import ---------------------------------------------------------------------------


class UploadForm(BaseForm):
    file = FileField("Кадровая таблица (.xlsx или .csv)")


EDITABLE = ("name", "organisation", "position", "subject", "category", "birth", "hired", "left", "since")


class RowForm(BaseForm):
    """The row's text, fixed in place: checked again like the file's."""
    name = StringField("ФИО", filters=[strip], validators=[Length(max=200, message="Не длиннее 200 символов.")])
    organisation = StringField("Организация", filters=[strip], validators=[Length(max=300)])
    position = StringField("Должность", filters=[strip], validators=[Length(max=200, message="Не длиннее 200 символов.")])
    subject = StringField("Предмет", filters=[strip], validators=[Length(max=200, message="Не длиннее 200 символов.")])
    category = StringField("Категория", filters=[strip], validators=[Length(max=100)])
    birth = StringField("Дата рождения", filters=[strip], validators=[Length(max=30)])
    hired = StringField("Дата приёма", filters=[strip], validators=[Length(max=30)])
    left = StringField("Дата увольнения", filters=[strip], validators=[Length(max=30)])
    since = StringField("Стаж (лет) или педстаж с", filters=[strip], validators=[Length(max=30)])


class PeopleImport(PreviewImport):
    kind = "people"
    what = "кадровая таблица"
    roles = KEEPERS
    allow_csv = True
    editable = True
    upload_template = "registry/people_import_upload.html"
    row_template = "registry/_people_import_row.html"
    columns = ("В файле", "Организация", "Человек в реестре", "Должность, предмет", "Даты")
    fix_hint = ("Строку с замечанием исправьте («Исправить») или выберите человека из реестра — либо отметьте "
                "«не импортировать».")
    already_done = "Эта кадровая таблица уже импортирована."

    def upload_form(self):
        return UploadForm()

    def read(self, tables, form):
        return rows_from(tables), {}

    def views(self, draft, rows):
        db.session.info.pop("import_jobs", None)
        return view_rows(rows, Reach())

    def title(self, draft):
        return f"Проверка кадровой таблицы «{draft.filename}»"

    def summary(self, views):
        ready = [v for v in views if v.ready]
        new = sum(1 for v in ready if v.person is None)
        updated = sum(1 for v in ready if v.person is not None and v.values)
        unchanged = sum(1 for v in ready if v.person is not None and not v.extra.get("changes"))
        organisations = len({v.extra["short_name"] for v in ready if v.extra.get("new_organisation")})
        parts = [f"новых работников {new}", f"обновится {updated}", f"без изменений {unchanged}"]
        if organisations:
            parts.append(f"новых организаций {organisations}")
        return "Из готовых строк: " + ", ".join(parts) + "."

    def context(self, draft):
        return {"about": "Совпадение ищется по ФИО и организации, а где в файле есть дата рождения — по ФИО и дате "
                         "рождения. Пустые ячейки файла ничего не меняют в реестре."}

    def row_form(self, draft, row, formdata=None):
        form = RowForm(formdata=formdata, data={name: row.data.get(name, "") for name in EDITABLE})
        if current_user.role == Role.SCHOOL:
            del form.organisation  # a school's list is its own school's
        return form

    def choose(self, draft, row, values):
        if values.get("edit"):
            form = self.row_form(draft, row, values)
            if not form.validate():
                raise RowRefused(422, form)
            data = {**row.data, **{field.name: field.data for field in form if field.name in EDITABLE}}
            if normal(data["name"]) != normal(row.data["name"]):
                data["person"] = None  # another name: matched again
            return data
        choice = values.get("choice", "")
        if choice == "skip":
            return {**row.data, "skip": True}
        if choice == "new":
            return {**row.data, "skip": False, "person": "new"}
        if choice == "":
            return {**row.data, "skip": False, "person": None}
        if choice.isdigit() and int(choice) in Reach().by_id:
            return {**row.data, "skip": False, "person": int(choice)}
        abort(400)

    def apply(self, draft, views):
        """In a few statements whatever the size: the new schools, the new people (one INSERT …
        RETURNING), the changed fields of the matched, the work records (one INSERT … ON CONFLICT
        DO NOTHING: a hire recorded meanwhile is not doubled)."""
        new_orgs: dict[str, int] = {}
        for view in views:
            short = view.extra["short_name"]
            if view.extra["new_organisation"] and short not in new_orgs:
                insert_missing(Organisation, {"municipality_id": current_user.municipality_id,
                                              "name": view.data["organisation"][:500], "short_name": short,
                                              "kind": kind_of_school(view.data["organisation"]), "cluster": ""},
                               ["municipality_id", "short_name"])
                new_orgs[short] = db.session.scalar(select(Organisation.id).where(Organisation.short_name == short))

        def org_of(view):
            return view.extra["organisation"].id if view.extra["organisation"] else new_orgs[view.extra["short_name"]]

        fresh = [view for view in views if view.person is None]
        if fresh:
            ids = db.session.scalars(insert(Person).returning(Person.id, sort_by_parameter_order=True), [
                {"full_name": v.data["name"], "organisation_id": org_of(v), "position": v.data.get("position", "")[:200],
                 "subject": v.data.get("subject", "")[:200],
                 "category": v.extra["parsed"].category or Category.NONE, "teaching_since": v.extra["parsed"].since,
                 "birth_date": v.extra["parsed"].birth, "sex": v.extra["parsed"].sex, "young_by_hand": False}
                for v in fresh]).all()
            for view, person_id in zip(fresh, ids, strict=True):
                view.extra["person_id"] = person_id
                if view.extra["parsed"].birth:  # personal data: every change in the audit log
                    record("update", "person", person_id, f"Дата рождения: {view.data['name']}"[:500], None,
                           {"birth_date": None}, {"birth_date": view.extra["parsed"].birth.isoformat()})
        updated = 0
        for view in views:
            if view.person is None or not view.values:
                continue
            data, parsed, person = view.data, view.extra["parsed"], view.person
            new = {"full_name": data["name"], "organisation_id": org_of(view), "position": data.get("position", "")[:200],
                   "subject": data.get("subject", "")[:200], "category": parsed.category,
                   "teaching_since": parsed.since, "birth_date": parsed.birth, "sex": parsed.sex}
            for field in view.values:
                setattr(person, field, new[field])
            if "birth_date" in view.values:
                before = view.values["birth_date"][0]
                record("update", "person", person.id, f"Дата рождения: {person.full_name}"[:500], None,
                       {"birth_date": before.isoformat() if before else None}, {"birth_date": parsed.birth.isoformat()})
            updated += 1
        hires = [v for v in views if v.extra.get("job") == "new"]
        if hires:
            insert_all_missing(Employment, [
                {"person_id": v.person.id if v.person else v.extra["person_id"], "organisation_id": org_of(v),
                 "position": (v.data.get("position") or "—")[:200], "category": staff_category(v.data.get("position", "")),
                 "main_job": v.extra["parsed"].main_job, "started_on": v.extra["parsed"].hired,
                 "left_on": v.extra["parsed"].left, "leave_reason": reason_of(v) if v.extra["parsed"].left else "",
                 "created_at": datetime.now()} for v in hires], ["person_id", "organisation_id", "started_on"])
        leavings = [v for v in views if v.extra.get("job") == "leave"]
        table = Employment.__table__
        for view in leavings:  # the hire was recorded before; the file adds the leaving (once: left_on IS NULL)
            parsed = view.extra["parsed"]
            db.session.execute(table.update().where(
                table.c.person_id == view.person.id, table.c.organisation_id == org_of(view),
                table.c.started_on == parsed.hired, table.c.left_on.is_(None))
                .values(left_on=parsed.left, leave_reason=reason_of(view)))
        added, jobs = len(fresh), len(hires) + len(leavings)
        if not (added or updated or jobs or new_orgs):
            return "Все строки файла уже есть в реестре — ничего не изменилось."
        record("import", "person", None, f"Импорт кадровой таблицы «{draft.filename}»: добавлено {added}, обновлено "
               f"{updated}, записей о работе {jobs}" + (f", организаций {len(new_orgs)}" if new_orgs else ""))
        return (f"Кадровая таблица импортирована: добавлено работников {added}, обновлено {updated}, записей о приёме "
                f"и увольнении {jobs}" + (f", новых организаций {len(new_orgs)}" if new_orgs else "") + ".")

    def done_url(self, draft):
        return url_for("registry.people")


people_imports = register(bp, PeopleImport(), "/import")
