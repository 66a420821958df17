"""Loading the demo: the Калининский район programme (seed 000) exactly as written, its
schools and the people it names, four demo accounts; and synthetic programmes for benchmarks.
"""
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.auth.models import Role, User
from app.clock import today
from app.extensions import db
from app.plan.models import Activity, Participants, Programme, Section, Stage
from app.plan.occurrences import apply_deadline
from app.registry.models import Organisation, OrgKind, Person

DATA = Path(__file__).with_name("kalininsky.json")
DEMO_PASSWORD = "demo"

# Who "must do" an activity: the plan names school roles in the responsible column.
SCHOOL_ROLES = ("Руководство ОО", "Педагогические работники", "Руководители ОО")

# Deadlines as users write them, for synthetic plans.
SYNTHETIC_DEADLINES = [
    "Сентябрь 2022, 2023, 2024", "Ежегодно", "Ежегодно, июль", "Декабрь, апрель ежегодно",
    "ежеквартально", "В течение года", "Постоянно", "по плану работы ИРО КК", "январь 2023",
    "Февраль 2022 Апрель 2022 Август 2022", "Апрель - май ежегодно", "до 15 мая 2022 г., далее - ежегодно",
]


def is_empty() -> bool:
    return db.session.scalar(select(func.count(User.id))) == 0


def _mentions(text: str, person: Person) -> bool:
    """"Давиденко Е.В." is written also as "Е.В.Давиденко" and "Е.В. Давиденко"."""
    surname = person.full_name.split()[0]
    return re.search(rf"(?<![А-Яа-яЁё]){re.escape(surname)}(?![а-яё])", text) is not None


def name_the_municipality() -> None:
    """The demo's municipality is Калининский район (seed 000): the one a new install has."""
    from app.municipalities.models import FIRST_NAME, Municipality
    first = db.session.scalar(select(Municipality).order_by(Municipality.id).limit(1))
    if first is not None and first.name == FIRST_NAME:
        first.name, first.short_name = "Калининский район", "Калининский р-н"


def load_kalininsky() -> Programme:
    name_the_municipality()
    data = json.loads(DATA.read_text(encoding="utf-8"))
    orgs = {}
    for item in data["organisations"]:
        org = db.session.scalar(select(Organisation).where(Organisation.short_name == item["short_name"]))
        if org is None:
            org = Organisation(cluster="", **item)
            db.session.add(org)
        orgs[item["short_name"]] = org
    people = []
    for item in data["people"]:
        person = db.session.scalar(select(Person).where(Person.full_name == item["full_name"]))
        if person is None:
            person = Person(full_name=item["full_name"], organisation=orgs[item["organisation"]],
                            position=item["position"], subject="", category="none")
            db.session.add(person)
        people.append(person)

    p = data["programme"]
    programme = Programme(**{k: v for k, v in p.items() if k not in ("stages", "sections")})
    programme.stages = [Stage(position=i, **s) for i, s in enumerate(p["stages"])]
    db.session.add(programme)

    def add_section(item, position, parent=None):
        section = Section(programme=programme, title=item["title"], position=position, parent=parent)
        for index, a in enumerate(item["activities"]):
            activity = Activity(
                position=index, title=a["title"], deadline_text=a["deadline"], responsible_text=a["responsible"],
                participants=Participants.ALL_SCHOOLS if any(r in a["responsible"] for r in SCHOOL_ROLES)
                else Participants.CENTRE,
                responsible_people=[person for person in people if _mentions(a["responsible"], person)],
                occurrences=[],
            )
            apply_deadline(activity, programme.start_year, programme.end_year)
            section.activities.append(activity)
        db.session.add(section)
        for index, sub in enumerate(item.get("subsections", [])):
            add_section(sub, index, section)

    for index, item in enumerate(p["sections"]):
        add_section(item, index)
    db.session.flush()
    return programme


def create_demo_users() -> None:
    centre = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.CENTRE))
    school = db.session.scalar(select(Organisation).where(Organisation.short_name == "СОШ № 1"))
    accounts = [
        ("admin", "Администратор", Role.ADMIN, None),
        ("metodist", "Давиденко Е.В.", Role.METHODIST, centre),
        ("school1", "Координатор СОШ № 1", Role.SCHOOL, school),
        ("head", "Павликова Т.П.", Role.HEAD, centre),
        # The region's accounts (no municipality): the municipalities side by side, and making them.
        ("iro", "Методист ИРО", Role.REGION_METHODIST, None),
        ("region", "Администратор региона", Role.REGION_ADMIN, None),
    ]
    positions = {"head": "Начальник МКУО ЦОКО", "metodist": "Заместитель начальника МКУО ЦОКО"}
    for username, full_name, role, organisation in accounts:
        if db.session.scalar(select(User).where(User.username == username)) is None:
            user = User(username=username, full_name=full_name, role=role, organisation=organisation,
                        position=positions.get(username, ""))
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)


def add_demo_marks(programme: Programme, until: date | None = None, share: int | None = None) -> int:
    """Synthetic completion marks, so the status pages have something to show: most of 2022
    and 2023 done, 2024 about half, a deterministic pattern (no randomness between runs). With
    `until`, only occurrences due by then, `share` tenths of them done."""
    from datetime import timedelta

    from sqlalchemy import insert

    from app.marks.models import CompletionMark, MarkStatus
    from app.marks.status import Participation

    db.session.flush()
    people = Participation.load()
    coordinator = db.session.scalar(select(User).where(User.username == "school1"))
    methodist = db.session.scalar(select(User).where(User.username == "metodist"))
    rows = []
    for section in programme.sections:
        for activity in section.activities:
            for occurrence in activity.occurrences:
                if until is not None and occurrence.due_date > until:
                    continue
                threshold = share if share is not None else {2022: 9, 2023: 8}.get(occurrence.due_date.year, 5)
                for org_id in people.of(activity):
                    if (occurrence.id * 7 + org_id * 3) % 10 >= threshold:
                        continue
                    by = coordinator if coordinator and org_id == coordinator.organisation_id else methodist
                    rows.append({
                        "occurrence_id": occurrence.id, "organisation_id": org_id, "status": MarkStatus.DONE,
                        "done_on": occurrence.due_date - timedelta(days=(occurrence.id + org_id) % 20),
                        "evidence_ref": f"Приказ ОО № {occurrence.id % 90 + 10}" if org_id % 2 else "",
                        "comment": "", "evidence_url": "", "file_name": "", "file_key": "", "file_type": "",
                        "file_size": 0, "marked_by_id": by.id if by else None, "marked_at": datetime.now(),
                    })
    for chunk in range(0, len(rows), 5000):
        db.session.execute(insert(CompletionMark), rows[chunk:chunk + 5000])
    return len(rows)


def load_demo() -> Programme:
    programme = load_kalininsky()
    create_demo_users()
    add_demo_marks(programme)
    add_current_programme(programme)
    add_demo_teachers()
    add_demo_events(programme)
    db.session.flush()
    from .competitions import add_demo_competitions
    from .mentoring import add_demo_mentoring
    add_demo_competitions(programme)
    add_demo_mentoring()
    from .courses import add_demo_courses, add_demo_routes
    add_demo_courses()
    db.session.flush()
    add_demo_routes()
    from .staff import add_demo_employment, add_demo_reserve, add_demo_vacancies
    add_demo_vacancies()
    add_demo_employment()
    add_demo_reserve()
    from .associations import add_demo_associations
    add_demo_associations()
    from .campaigns import add_demo_campaigns
    add_demo_campaigns()
    db.session.commit()
    return programme


def add_current_programme(seed: Programme) -> Programme:
    """The seed plan's next period made with «Новый период» — the one running today — with most
    of what is already due marked done, so «Мои мероприятия» shows this month and what is coming,
    not only the seed's overdue past."""
    from app.clock import today
    from app.plan.next_period import copy_programme, shift_years

    db.session.flush()
    length = seed.end_year - seed.start_year + 1
    periods = max(1, (today().year - seed.start_year) // length)
    start = seed.start_year + periods * length
    current, _, _ = copy_programme(seed, shift_years(seed.title, start - seed.start_year), start,
                                   start + length - 1)
    db.session.flush()
    add_demo_marks(current, until=today(), share=8)
    from .indicators import add_demo_indicators
    add_demo_indicators(current)
    return current


def load_synthetic_events(events: int, registrations: int):
    """`events` synthetic events over 2022-2024, and one with `registrations` registered teachers
    (made up as "Тестовый педагог N" where the registry is short). Returns that one."""
    from app.events.models import Event, EventFormat, Registration

    formats = list(db.session.scalars(select(EventFormat).order_by(EventFormat.id)))
    school = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                .order_by(Organisation.id)).first()
    if school is None:
        school = Organisation(short_name="Тестовая школа № 1", name="Тестовая школа № 1", kind=OrgKind.SCHOOL)
        db.session.add(school)
    start = datetime(2022, 1, 10, 10)
    made = []
    for n in range(events):
        starts = start + timedelta(days=(n * 37) % 1080, hours=n % 6)
        made.append(Event(format=formats[n % len(formats)], topic=f"Тестовое мероприятие {n + 1}: функциональная "
                          "грамотность", starts_at=starts, ends_at=starts + timedelta(hours=2), place="ЦОКО",
                          registered_count=0, capacity=None, description=""))
    big = Event(format=formats[0], topic=f"Районная конференция ({registrations} участников)",
                starts_at=datetime(2030, 3, 1, 10), ends_at=datetime(2030, 3, 1, 16), place="ДК", capacity=None,
                registered_count=registrations, description="")
    db.session.add_all(made + [big])
    people = list(db.session.scalars(select(Person).order_by(Person.id).limit(registrations)))
    for n in range(len(people), registrations):
        person = Person(full_name=f"Тестовый педагог {n + 1}", organisation=school, position="учитель")
        db.session.add(person)
        people.append(person)
    db.session.flush()
    db.session.add_all(Registration(event_id=big.id, person_id=p.id, organisation_id=p.organisation_id,
                                    registered_at=datetime.now(), attended=False) for p in people)
    db.session.commit()
    return big


def load_synthetic(activities: int, schools: int) -> Programme:
    """"Тестовая программа (N мероприятий)": sections of 20 activities, M schools taking part,
    with synthetic completion marks like the demo's."""
    existing = list(db.session.scalars(
        select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)).order_by(Organisation.id)
    ))
    for n in range(len(existing) + 1, schools + 1):
        org = Organisation(short_name=f"Тестовая школа № {n}", name=f"Тестовая школа № {n}",
                           kind=OrgKind.SCHOOL, cluster="")
        db.session.add(org)
        existing.append(org)
    chosen = existing[:schools]
    centre = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.CENTRE))
    if centre is None:
        centre = Organisation(short_name="Методический центр", name="Методический центр", kind=OrgKind.CENTRE)
        db.session.add(centre)
    staff = list(db.session.scalars(select(Person).where(Person.organisation_id == centre.id))) if centre.id else []
    if not staff:
        staff = [Person(full_name=f"Методист {i} Т.Т.", organisation=centre, position="методист") for i in (1, 2, 3)]
        db.session.add_all(staff)

    programme = Programme(title=f"Тестовая программа ({activities} мероприятий)", start_year=2022, end_year=2024)
    db.session.add(programme)
    per_section = 20
    section_count = max((activities + per_section - 1) // per_section, 1)
    top = None
    for s in range(section_count):
        if s % 5 == 0:
            top = Section(programme=programme, title=f"Направление {s // 5 + 1}", position=s // 5)
            db.session.add(top)
        section = Section(programme=programme, parent=top, title=f"Раздел {s + 1}: повышение компетентности педагогов",
                          position=s % 5)
        db.session.add(section)
        for i in range(min(per_section, activities - s * per_section)):
            n = s * per_section + i
            activity = Activity(
                position=i, title=f"Мероприятие {n + 1}: районный семинар по функциональной грамотности",
                deadline_text=SYNTHETIC_DEADLINES[n % len(SYNTHETIC_DEADLINES)],
                responsible_text=f"{staff[n % len(staff)].full_name} Руководство ОО",
                participants=Participants.CHOSEN if n % 3 == 0 else Participants.ALL_SCHOOLS,
                responsible_people=[staff[n % len(staff)]],
                organisations=chosen if n % 3 == 0 else [],
                occurrences=[],
            )
            apply_deadline(activity, programme.start_year, programme.end_year)
            section.activities.append(activity)
    add_demo_marks(programme)
    db.session.commit()
    return programme


SURNAMES = ["Иванова", "Петрова", "Сидорова", "Кузнецова", "Смирнова", "Попова", "Волкова", "Морозова",
            "Лебедева", "Козлова", "Новикова", "Соколова", "Орлов", "Зайцев", "Белов", "Комаров"]
INITIALS = ["А.В.", "Е.Н.", "О.С.", "Т.М.", "Н.И.", "Л.П.", "М.А.", "И.Г."]
SUBJECTS = ["математика", "русский язык", "физика", "информатика", "история", "биология", "начальные классы"]


def add_demo_teachers(per_school: int = 4) -> int:
    """Invented teachers (the seed names no teachers), so registration can be tried at once."""
    schools = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                 .order_by(Organisation.id)).all()
    count = 0
    first_september = date(today().year if today().month >= 9 else today().year - 1, 9, 1)
    for s_index, school in enumerate(schools):
        for i in range(per_school):
            n = s_index * per_school + i
            db.session.add(Person(
                full_name=f"{SURNAMES[n % len(SURNAMES)]} {INITIALS[(n // len(SURNAMES) + i) % len(INITIALS)]}",
                organisation=school, position="учитель", subject=SUBJECTS[n % len(SUBJECTS)],
                teaching_since=date(first_september.year - (n * 7) % 30, 9, 1), category=["none", "compliance", "first", "highest"][n % 4]))
            count += 1
    return count


def add_demo_events(programme: Programme) -> int:
    """The district seminars of the plan as events on their dates: held before today, planned after."""
    from datetime import time as clock_time

    from app.clock import today
    from app.events.models import Event, EventFormat, EventStatus

    formats = {f.name: f for f in db.session.scalars(select(EventFormat))}
    organiser = db.session.scalar(select(Person).where(Person.full_name == "Давиденко Е.В."))
    count = 0
    for section in programme.sections:
        for activity in section.activities:
            title = activity.title.lower()
            kind = next((name for name in ("семинар-тренинг", "семинар-практикум", "круглый стол", "фестиваль",
                                           "онлайн конференция", "семинар") if name in title.replace("–", "-")
                         .replace(" - ", "-")), None)
            if kind is None or len(activity.occurrences) != 1:
                continue
            occurrence = activity.occurrences[0]
            day = occurrence.due_date.replace(day=min(4 + activity.id % 22, occurrence.due_date.day))
            starts = datetime.combine(day, clock_time(10, 0))
            event = Event(
                format=formats.get(kind.replace("онлайн конференция", "онлайн-конференция"), formats["семинар"]),
                topic=activity.title, starts_at=starts, ends_at=starts.replace(hour=12, minute=30),
                place="МКУО ЦОКО, актовый зал", organiser=organiser, audience="педагоги ОО района",
                capacity=40, registered_count=0, activity=activity, occurrence_id=occurrence.id,
                status=EventStatus.HELD if day < today() else EventStatus.PLANNED, description="")
            db.session.add(event)
            count += 1
    db.session.flush()
    _demo_centre_marks(db.session.scalars(select(Event).where(Event.status == EventStatus.HELD)).all())
    # Two events ahead of today, so registration can be tried in the demo.
    seminar, master_class = formats["семинар"], formats["мастер-класс"]
    for days, event_format, topic in [
        (14, seminar, "Районный семинар «Наставничество: первые шаги молодого учителя»"),
        (30, master_class, "Мастер-класс «Задания на функциональную грамотность на уроках математики»"),
    ]:
        starts = datetime.combine(today() + timedelta(days=days), clock_time(14, 0))
        db.session.add(Event(format=event_format, topic=topic, starts_at=starts, ends_at=starts.replace(hour=16),
                             place="МКУО ЦОКО, актовый зал", organiser=organiser, audience="учителя ОО района",
                             capacity=25, registered_count=0, status=EventStatus.PLANNED, description=""))
        count += 1
    return count


def _demo_centre_marks(held) -> None:
    """What holding a linked event does in the app: the centre's mark for its occurrence is done."""
    from app.marks.models import CompletionMark, MarkStatus

    centre = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.CENTRE))
    for event in held:
        mark = db.session.scalar(select(CompletionMark).where(
            CompletionMark.occurrence_id == event.occurrence_id, CompletionMark.organisation_id == centre.id))
        if mark is None:
            mark = CompletionMark(occurrence_id=event.occurrence_id, organisation_id=centre.id, comment="")
            db.session.add(mark)
        mark.status, mark.done_on = MarkStatus.DONE, event.starts_at.date()
        mark.source_kind, mark.source_id = "event", event.id
        mark.evidence_ref = f"{event.format.name.capitalize()} «{event.topic[:200]}», {event.starts_at:%d.%m.%Y}"
        mark.evidence_url = ""
        mark.marked_at = datetime.now()
