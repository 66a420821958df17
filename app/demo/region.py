"""The demo region: Калининский район (seed 000, app/demo/loader.py) and two more municipalities
from the seeds, each with its own schools, teachers, accounts and programme, and a regional
competition the region runs — what `flask demo` (and so `make run`) loads into an empty database.

- г.о. Баксан (seed 004): its programme's passport and plan of 48 activities as the order of
  29.06.2022 № 79 has them (2021–2024), its next period under way today, with marks and the
  indicators of Инр;
- Усть-Лабинский район (seed 003): its management-cycle table (цели → показатели → мониторинг →
  анализ → меры → управленческие решения → анализ эффективности) as a programme: a section per
  stage of the cycle, an activity per line of its «Мероприятия» column.

Each is loaded inside its municipality (the scope), so that the demo's helpers — teachers,
marks, courses, indicators — read and write only its own records, as the app does.
"""
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.auth.models import Role, User
from app.clock import school_year_of, today
from app.competitions.models import (
    Competition, CompetitionKind, CompetitionStage, CompetitionStatus, Criterion, EntryStatus, Nomination,
)
from app.extensions import db
from app.municipalities.models import Municipality
from app.municipalities.scope import enter
from app.plan.models import Activity, Participants, Programme, Section, Stage
from app.plan.occurrences import apply_deadline
from app.plan_import.table import Item, find_plan
from app.registry.models import Organisation, OrgKind, Person
from app.table_reading import Cell, Table

from .loader import DEMO_PASSWORD, SCHOOL_ROLES, add_demo_marks, load_demo

HERE = Path(__file__).with_name("seeds")  # the two seed texts, kept with the app (the repository stands alone)


def _seed(name: str) -> list[str]:
    return (HERE / name).read_text(encoding="utf-8").splitlines()


def _cell(text: str) -> Cell:
    """A cell of the seeds' text tables: <i> marks the plan's section rows; <p> paragraphs are lines."""
    italic = "<i>" in text
    text = re.sub(r"</p>\s*<p>", "\n", text)
    return Cell(text=re.sub(r"<[^>]+>", "", text).strip(), italic=italic)


def _rows(lines: list[str]) -> list[list[Cell]]:
    """Tab-separated rows; a row with an empty № (a page break inside a cell) joins the row above."""
    rows: list[list[Cell]] = []
    for line in lines:
        if not line.strip():
            continue
        row = [_cell(part) for part in line.split("\t")]
        numbered_above = rows and rows[-1][0].text.rstrip(".").isdigit()
        if numbered_above and not row[0].text and not any(c.italic for c in row):
            above = rows[-1]
            for i, cell in enumerate(row):
                if cell.text and i < len(above):
                    above[i].text = f"{above[i].text} {cell.text}".strip()
            continue
        rows.append(row)
    return rows


def _between(lines: list[str], start: str, end: str) -> list[str]:
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(end))
    return lines[first + 1:last]


def _passport(lines: list[str]) -> dict[str, str]:
    """The passport's two-column rows: «Цель программы», «Задачи программы» … (seed 004)."""
    found = {}
    for row in _rows(_between(lines, "ПАСПОРТ ПРОГРАММЫ", "АКТУАЛЬНОСТЬ ПРОГРАММЫ")):
        if len(row) >= 2 and row[0].text:
            found[row[0].text] = "\n".join(c.text for c in row[1:] if c.text)
    return found


def _build(programme: Programme, items: list[Item], people: list[Person]) -> None:
    """Sections and activities of a plan read by the plan import's table reader."""
    section = None
    position = 0
    for item in items:
        if item.kind == "section":
            section = Section(programme=programme, title=item.title, position=len(programme.sections))
            db.session.add(section)
            position = 0
            continue
        if section is None:
            section = Section(programme=programme, title="Мероприятия", position=0)
            db.session.add(section)
        activity = Activity(
            position=position, title=item.title, deadline_text=item.deadline, responsible_text=item.responsible,
            document=item.document, participants=Participants.ALL_SCHOOLS
            if any(r.lower() in item.responsible.lower() for r in (*SCHOOL_ROLES, "Руководители ОО"))
            else Participants.CENTRE,
            responsible_people=[p for p in people if p.full_name.split()[0] in item.responsible], occurrences=[])
        apply_deadline(activity, programme.start_year, programme.end_year)
        section.activities.append(activity)
        position += 1


def _schools(names: list[tuple[str, str]]) -> list[Organisation]:
    schools = [Organisation(short_name=short, name=name, kind=OrgKind.SCHOOL, cluster="") for short, name in names]
    db.session.add_all(schools)
    return schools


def _teachers(schools: list[Organisation], surnames: list[str], initials: list[str]) -> list[Person]:
    """Invented teachers: a few a school, one of them in their first year (a young specialist)."""
    subjects = ["математика", "русский язык", "начальные классы", "история", "биология", "английский язык"]
    first_september = date(today().year if today().month >= 9 else today().year - 1, 9, 1)
    people = []
    for s, school in enumerate(schools):
        for i in range(5):
            n = s * 5 + i
            people.append(Person(
                full_name=f"{surnames[n % len(surnames)]} {initials[(n + s) % len(initials)]}", organisation=school,
                position="учитель", subject=subjects[n % len(subjects)],
                teaching_since=first_september if i == 4 else date(first_september.year - 3 - (n * 7) % 25, 9, 1),
                category=["none", "compliance", "first", "highest"][n % 4]))
    db.session.add_all(people)
    return people


def _accounts(prefix: str, centre: Organisation, school: Organisation, names: dict[str, str]) -> None:
    for suffix, role, organisation in [("admin", Role.ADMIN, None), ("metodist", Role.METHODIST, centre),
                                       ("school1", Role.SCHOOL, school), ("head", Role.HEAD, centre)]:
        user = User(username=f"{prefix}-{suffix}", full_name=names[suffix], role=role, organisation=organisation)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)


def _municipal_winners(teachers: list[Person], centre: Organisation) -> None:
    """This school year's municipal «Учитель года», its results published: what the municipality
    forwards to the region's competition."""
    kind = db.session.scalar(select(CompetitionKind).where(CompetitionKind.name == "Учитель года"))
    year = school_year_of(today())
    held = today() - timedelta(days=20)
    competition = Competition(kind=kind, title=f"Муниципальный этап конкурса «Учитель года — {year + 1}»",
                              level="municipal", school_year=year, run_by_centre=True, owner=centre,
                              application_deadline=held - timedelta(days=30), status=CompetitionStatus.RESULTS,
                              session_date=held, published_at=datetime.combine(held, datetime.min.time()))
    competition.nominations = [Nomination(name="Учитель", position=0)]
    db.session.add(competition)
    db.session.flush()
    from .competitions import _entry
    for place, (teacher, result) in enumerate(zip(teachers[::5], ["winner", "prize", "participant"], strict=False),
                                              start=1):
        _entry(competition, teacher, competition.nominations[0], EntryStatus.ACCEPTED, place=place, result=result)


def add_baksan() -> Municipality:
    """г.о. Баксан from seed 004: the programme as approved (2021–2024) and its next period running."""
    from app.plan.next_period import copy_programme, shift_years

    from .indicators import add_demo_indicators

    lines = _seed("004_baksan.txt")
    municipality = Municipality(name="Городской округ Баксан", short_name="г.о. Баксан")
    db.session.add(municipality)
    db.session.flush()
    enter(municipality.id)
    centre = Organisation(short_name="Методический кабинет ДО", kind=OrgKind.CENTRE, cluster="",
                          name="Методический кабинет МКУ «Департамент образования г.о. Баксан»")
    authority = Organisation(short_name="Департамент образования", kind=OrgKind.AUTHORITY, cluster="",
                             name="МКУ «Департамент образования г.о. Баксан»")
    schools = _schools([(f"СОШ № {n}", f"МКОУ «Средняя общеобразовательная школа № {n}» г.о. Баксан")
                        for n in range(1, 6)])
    staff = [Person(full_name="Хаджиева Л.М.", organisation=centre, position="руководитель методического кабинета"),
             Person(full_name="Кодзокова И.А.", organisation=authority, position="заместитель начальника Департамента"),
             Person(full_name="Буранова М.М.", organisation=authority, position="начальник Департамента")]
    db.session.add_all([centre, authority, *staff])
    teachers = _teachers(schools, ["Шогенова", "Кармова", "Тхазеплова", "Бжеумыхова", "Хапачева", "Нахушева",
                                   "Апажев", "Кумахов", "Шибзухов", "Дышеков"], ["А.Х.", "З.М.", "Л.Б.", "М.А.", "Ф.Р."])
    passport = _passport(lines)
    programme = Programme(
        title="Программа по формированию системы профессионального развития и устранения дефицитов педагогических "
              "работников в г.о. Баксан на 2021–2024 годы", start_year=2021, end_year=2024,
        goal=passport.get("Цель программы", ""), tasks=passport.get("Задачи программы", ""),
        legal_basis=passport.get("Правовое основание разработки программы", ""),
        expected_results=passport.get("Ожидаемые результаты", ""),
        executors="Департамент образования г.о. Баксан, методический кабинет ДО, образовательные организации")
    programme.stages = [Stage(position=0, name="Проектирование и апробация", period_text="2021–2022 годы"),
                        Stage(position=1, name="Диссеминация эффективных практик", period_text="2023–2024 годы")]
    db.session.add(programme)
    found = find_plan([Table(_rows(_between(lines, "ПЛАН МЕРОПРИЯТИЙ ПО РЕАЛИЗАЦИИ ПРОГРАММЫ",
                                            "ПЕРЕЧЕНЬ ПОКАЗАТЕЛЕЙ")))])
    _build(programme, found.items, staff)
    db.session.flush()
    add_demo_marks(programme, share=7)
    periods = max(1, (today().year - programme.start_year) // 4)
    start = programme.start_year + periods * 4
    current, _, _ = copy_programme(programme, shift_years(programme.title, start - programme.start_year), start,
                                   start + 3)
    db.session.flush()
    add_demo_marks(current, until=today(), share=6)
    add_demo_indicators(current)
    _accounts("baksan", centre, schools[0], {"admin": "Администратор г.о. Баксан", "metodist": "Хаджиева Л.М.",
                                             "school1": "Координатор СОШ № 1 (Баксан)", "head": "Кодзокова И.А."})
    _courses_and_winners(teachers, centre)
    return municipality


def add_ust_labinsk() -> Municipality:
    """Усть-Лабинский район from seed 003: the management cycle as a programme running this year."""
    lines = _seed("003_ust_labinsk.txt")
    municipality = Municipality(name="Усть-Лабинский район", short_name="Усть-Лабинский р-н")
    db.session.add(municipality)
    db.session.flush()
    enter(municipality.id)
    centre = Organisation(short_name="ИМЦ", kind=OrgKind.CENTRE, cluster="",
                          name="Информационно-методический центр Управления образованием Усть-Лабинского района")
    schools = _schools([(f"СОШ № {n}", f"МБОУ СОШ № {n} МО Усть-Лабинский район") for n in (1, 2, 3, 5)])
    staff = [Person(full_name="Езубова Ю.В.", organisation=centre, position="методист ИМЦ"),
             Person(full_name="Разина А.В.", organisation=centre, position="методист ИМЦ по кадровой работе")]
    db.session.add_all([centre, *staff])
    teachers = _teachers(schools, ["Гончаренко", "Ткаченко", "Мирошниченко", "Бондаренко", "Савченко", "Лысенко",
                                   "Коваль", "Шевченко", "Руденко"], ["О.Н.", "С.В.", "Н.П.", "Е.А."])
    year = today().year if today().month >= 9 else today().year - 1
    programme = Programme(
        title="Система обеспечения профессионального развития педагогических работников Усть-Лабинского района "
              f"(управленческий цикл), {year}–{year + 2}", start_year=year, end_year=year + 2,
        goal="Выявление профессиональных дефицитов, повышение профессионального мастерства педагогических работников, "
             "поддержка молодых педагогов, сетевое взаимодействие, выявление кадровых потребностей",
        mechanism="Управленческий цикл: цели → показатели → методы сбора информации → мониторинг → анализ → "
                  "адресные рекомендации → меры → управленческие решения → анализ эффективности")
    db.session.add(programme)
    _build(programme, cycle_items(lines), staff)
    db.session.flush()
    add_demo_marks(programme, until=today(), share=7)
    _accounts("ustlab", centre, schools[0], {"admin": "Администратор Усть-Лабинского р-на", "metodist": "Езубова Ю.В.",
                                             "school1": "Координатор СОШ № 1 (Усть-Лабинск)", "head": "Разина А.В."})
    _courses_and_winners(teachers, centre)
    return municipality


def cycle_items(lines: list[str]) -> list[Item]:
    """Seed 003's table: a header row opens each stage of the cycle («Цели … Мероприятия Документ
    Сроки ответственные/участники»); the stage is a section, each line's «Мероприятия» an activity."""
    items: list[Item] = []
    for row in _rows(lines):
        texts = [c.text for c in row] + [""] * 8
        if texts[4] == "Мероприятия" and texts[6] == "Сроки":
            items.append(Item("section", title=texts[0]))
            continue
        title = texts[4].strip(" -_")
        if not items or not title:
            continue
        items.append(Item("activity", title=title, document=texts[5], deadline=texts[6], responsible=texts[7]))
    return items


def _courses_and_winners(teachers: list[Person], centre: Organisation) -> None:
    from .courses import add_demo_courses
    from .staff import add_demo_vacancies
    db.session.flush()
    add_demo_courses()
    add_demo_vacancies()
    _municipal_winners(teachers, centre)


def add_regional_competition() -> Competition:
    """The region's «Учитель года» of this school year, taking the municipalities' winners."""
    kind = db.session.scalar(select(CompetitionKind).where(CompetitionKind.name == "Учитель года",
                                                           CompetitionKind.municipality_id.is_(None)))
    year = school_year_of(today())
    deadline = today() + timedelta(days=30)
    competition = Competition(
        kind=kind, title=f"Региональный этап конкурса «Учитель года — {year + 1}»", level="regional",
        school_year=year, run_by_centre=True, organiser_name="Институт развития образования",
        application_deadline=deadline, status=CompetitionStatus.ACCEPTING, session_date=deadline + timedelta(days=40),
        description="Участников выдвигают муниципалитеты из победителей и призёров муниципальных этапов.")
    competition.stages = [CompetitionStage(stage="regional", starts_on=deadline + timedelta(days=20),
                                           ends_on=deadline + timedelta(days=40))]
    competition.nominations = [Nomination(name="Учитель", position=0)]
    db.session.add(competition)
    db.session.flush()
    competition.municipality_id = None  # the region's (a record made outside a request is given the first one)
    for position, (name, top) in enumerate([("Методический семинар", 20), ("Учебное занятие", 30),
                                            ("Мастер-класс", 20), ("Эссе", 10)]):
        db.session.add(Criterion(competition_id=competition.id, name=name, max_score=top, position=position))
    return competition


def load_demo_region() -> Programme:
    """Калининский район as before, then г.о. Баксан and Усть-Лабинский район, then the region's
    competition. Returns Калининский's seed programme."""
    programme = load_demo()
    add_baksan()
    db.session.commit()
    add_ust_labinsk()
    db.session.commit()
    enter(None)
    add_regional_competition()
    from .campaigns import add_regional_campaign
    add_regional_campaign()
    db.session.commit()
    return programme
