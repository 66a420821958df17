"""Demo courses: most demo teachers with a course or two over the last years, some with none
for three years (so «Нет курсов за 3 года» has names), one retraining; and a synthetic registry
of N records over many schools for the bench."""
from datetime import date, timedelta

from sqlalchemy import insert, select

from app.clock import today
from app.courses.models import Course, CourseProvider, TrainingForm
from app.extensions import db
from app.registry.models import Organisation, OrgKind, Person

TITLES = [("Формирование функциональной грамотности обучающихся", 36),
          ("Реализация требований обновлённых ФГОС ООО", 72),
          ("Цифровая образовательная среда: инструменты учителя", 24),
          ("Наставничество в образовательной организации", 108),
          ("Работа с одарёнными детьми", 48),
          ("Инклюзивное образование обучающихся с ОВЗ", 144)]
FORMS = list(TrainingForm.LABELS)


def add_demo_courses() -> int:
    providers = db.session.scalars(select(CourseProvider).order_by(CourseProvider.position)).all()
    if not providers:
        return 0
    teachers = db.session.scalars(select(Person).join(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                  .order_by(Person.id)).all()
    year = today().year
    rows = []
    for n, person in enumerate(teachers):
        if n % 5 == 4:  # every fifth: nothing for three years (an old course for some)
            if n % 10 == 9:
                rows.append(_row(person, providers[0], TITLES[1], year - 5, n))
            continue
        rows.append(_row(person, providers[n % 2], TITLES[n % len(TITLES)], year - n % 3, n))
        if n % 3 == 0:
            rows.append(_row(person, providers[1], TITLES[(n + 2) % len(TITLES)], year - 1 - n % 2, n + 1))
    if teachers:
        rows.append({**_row(teachers[0], providers[2], ("Педагог-психолог: профессиональная переподготовка", 620),
                            year - 1, 7), "provider_name": "Кубанский государственный университет"})
    db.session.execute(insert(Course), rows)
    return len(rows)


def _row(person: Person, provider: CourseProvider, title: tuple[str, int], year: int, n: int) -> dict:
    starts = date(year, 1 + n % 11, 1 + n % 20)
    ends = starts + timedelta(days=10 + title[1] // 4)
    return {"person_id": person.id, "organisation_id": person.organisation_id, "provider_id": provider.id,
            "provider_name": "", "programme_title": title[0], "hours": title[1], "form": FORMS[n % len(FORMS)],
            "starts_on": starts, "ends_on": ends, "document_number": f"2312{n:08d}"}


def load_synthetic_courses(count: int, school_count: int) -> int:
    """`count` course records over `school_count` schools (made where the registry has fewer) and the
    last six years, for one teacher in three of the people made here."""
    providers = db.session.scalars(select(CourseProvider).order_by(CourseProvider.position)).all()
    schools = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                 .order_by(Organisation.id)).all()
    for n in range(len(schools), school_count):
        school = Organisation(short_name=f"Школа курсов № {n + 1}", name=f"Тестовая школа курсов № {n + 1}",
                              kind=OrgKind.SCHOOL, cluster="")
        db.session.add(school)
        schools.append(school)
    schools = schools[:school_count]
    db.session.flush()
    people_count = max(count // 2, 1)
    db.session.execute(insert(Person), [
        {"full_name": f"Слушатель курсов {n + 1}", "organisation_id": schools[n % len(schools)].id,
         "position": "учитель", "subject": "", "category": "none", "young_by_hand": False}
        for n in range(people_count)])
    people = db.session.scalars(select(Person).where(Person.full_name.like("Слушатель курсов %"))
                                .order_by(Person.id)).all()
    year = today().year
    rows = [{**_row(people[(n * 7) % len(people)], providers[n % len(providers)], TITLES[n % len(TITLES)],
                    year - n % 6, n), "programme_title": f"{TITLES[n % len(TITLES)][0]} ({n + 1})"}
            for n in range(count)]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Course), rows[start:start + 5000])
    db.session.commit()
    return count


def add_demo_routes() -> int:
    """This school year's diagnostic for the first school's teachers (deficits in one or two
    areas for most) and routes for three of them: a course step linked to their course, a seminar
    step and self-study, one done by hand."""
    from app.clock import school_year_of
    from app.courses.route_models import CompetenceArea, DiagnosticResult, IndividualRoute, RouteStep

    areas = db.session.scalars(select(CompetenceArea).order_by(CompetenceArea.position)).all()
    school = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                .order_by(Organisation.id)).first()
    if not areas or school is None:
        return 0
    year = school_year_of(today())
    teachers = db.session.scalars(select(Person).where(Person.organisation_id == school.id).order_by(Person.id)).all()
    for n, person in enumerate(teachers[:6]):
        found = [] if n == 5 else [areas[n % len(areas)]] + ([areas[(n + 4) % len(areas)]] if n % 2 else [])
        db.session.add(DiagnosticResult(person_id=person.id, organisation_id=school.id, year=year, deficits=found))
    for n, person in enumerate(teachers[:3]):
        course = db.session.scalars(select(Course).where(Course.person_id == person.id)
                                    .order_by(Course.ends_on.desc())).first()
        route = IndividualRoute(person_id=person.id, organisation_id=school.id, year=year)
        route.steps = [
            RouteStep(position=1, kind="course", text=course.programme_title if course else "Курсы повышения квалификации",
                      area_id=areas[n % len(areas)].id, deadline_text=f"декабрь {year}", due_on=date(year, 12, 31),
                      course_id=course.id if course else None),
            RouteStep(position=2, kind="event", text="Районный семинар по теме дефицита",
                      area_id=areas[n % len(areas)].id, deadline_text=f"март {year + 1}", due_on=date(year + 1, 3, 31)),
            RouteStep(position=3, kind="self", text="Изучение методических материалов ЦНППМ",
                      deadline_text="в течение года", due_on=date(year + 1, 8, 31), done_by_hand=n == 0),
        ]
        db.session.add(route)
    return len(teachers[:6])
