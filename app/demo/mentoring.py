"""Demo mentoring: pairs at several schools (active, finished last year with answers, one
stopped), plans of steps, mentors' preparation, and young specialists without a mentor so the
gap list is not empty."""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.clock import school_year_of, today
from app.extensions import db
from app.mentoring.models import (
    Answer, MentorProfile, MentoringForm, Pair, PairStatus, PlanStep, Question, Respondent, SurveyResponse,
    pair_mentees,
)
from app.registry.models import Organisation, OrgKind, Person

YOUNG = [("Ткаченко Дарья Олеговна", "учитель начальных классов"), ("Гребенюк Илья Сергеевич", "учитель физики"),
         ("Шевченко Алина Викторовна", "учитель английского языка"), ("Мельник Кирилл Андреевич", "учитель истории"),
         ("Бондаренко Вера Игоревна", "учитель математики"), ("Литвиненко Ольга Павловна", "педагог-психолог")]
STEPS = [("Знакомство с коллективом, нормативными документами и ООП школы", "сентябрь"),
         ("Посещение и анализ уроков наставника", "октябрь"),
         ("Совместная разработка технологических карт уроков", "ноябрь"),
         ("Открытый урок наставляемого с анализом", "март"),
         ("Итоговое собеседование, анкетирование", "май")]


def _pair(school, mentor, mentees, form, starts, ends, status=PairStatus.ACTIVE, closed=None, reason=""):
    pair = Pair(organisation_id=school.id, mentor_id=mentor.id, form_id=form.id, order_number=f"{starts.month}-о",
                order_date=starts - timedelta(days=3), starts_on=starts, ends_on=ends, status=status,
                closed_on=closed, status_reason=reason,
                goal="Адаптация в профессии, освоение методики преподавания предмета, повышение качества уроков")
    db.session.add(pair)
    db.session.flush()
    db.session.execute(pair_mentees.insert(), [
        {"pair_id": pair.id, "person_id": m.id, "active_form_id": form.id if status == PairStatus.ACTIVE else None}
        for m in mentees])
    for position, (text, month) in enumerate(STEPS, start=1):
        month_number = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
                        "октябрь", "ноябрь", "декабрь"].index(month) + 1
        year = starts.year if month_number >= 9 else starts.year + 1
        due = (date(year, month_number % 12 + 1, 1) if month_number < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
        done = due < today() and (status != PairStatus.ACTIVE or position % 4 != 0)
        db.session.add(PlanStep(pair_id=pair.id, position=position, text=text, deadline_text=f"{month} {year}",
                                due_on=due, done=done, done_on=due - timedelta(days=5) if done else None))
    return pair


def _answers(pair, person, respondent, year, base, questions):
    scores = [max(1, min(10, base + (i % 3) - 1)) for i in range(len(questions))]
    response = SurveyResponse(pair_id=pair.id, person_id=person.id, respondent=respondent, school_year=year,
                              mean=round(sum(scores) / len(scores), 2), comment="",
                              submitted_at=datetime.now() - timedelta(days=30))
    response.answers = [Answer(question_id=q.id, score=s) for q, s in zip(questions, scores, strict=True)]
    db.session.add(response)


def add_demo_mentoring() -> int:
    forms = {f.name: f for f in db.session.scalars(select(MentoringForm))}
    questions = db.session.scalars(select(Question).order_by(Question.position)).all()
    schools = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                 .order_by(Organisation.id)).all()
    if len(schools) < 8 or not forms or not questions:
        return 0
    year = school_year_of(today())
    first_september = date(year, 9, 1)
    young = []
    for i, (name, position) in enumerate(YOUNG):
        person = Person(full_name=name, organisation=schools[i], position=position, subject="", category="none",
                        teaching_since=date(year - i % 3, 9, 1))
        db.session.add(person)
        young.append(person)
    db.session.flush()
    staff = {s.id: db.session.scalars(select(Person).where(Person.organisation_id == s.id, Person.position == "учитель")
                                      .order_by(Person.teaching_since)).all() for s in schools}
    with_young, colleague = forms["педагог – молодой специалист"], forms["педагог – педагог"]
    pairs = []
    # This year: the first three young specialists have mentors (the other three do not).
    for i in range(3):
        school = schools[i]
        pairs.append(_pair(school, staff[school.id][0], [young[i]], with_young, first_september,
                           date(year + 1, 5, 31)))
    # A municipal mentor from another school helps a group at a fourth school.
    pairs.append(_pair(schools[3], staff[schools[4].id][0], staff[schools[3].id][2:4], forms["групповое"],
                       first_september + timedelta(days=14), date(year + 1, 5, 31)))
    # Last year: finished pairs with answers, and one stopped.
    last = []
    for i in range(4, 7):
        school = schools[i]
        last.append(_pair(school, staff[school.id][0], [staff[school.id][1]], colleague, date(year - 1, 9, 1),
                          date(year, 5, 31), PairStatus.FINISHED, date(year, 5, 31)))
    _pair(schools[7], staff[schools[7].id][0], [staff[schools[7].id][1]], colleague, date(year - 1, 10, 1),
          date(year, 5, 31), PairStatus.TERMINATED, date(year, 1, 20), "наставляемый уволился")
    db.session.flush()
    for n, pair in enumerate(last):
        _answers(pair, pair.mentor, Respondent.MENTOR, year - 1, 8 + n % 2, questions)
        _answers(pair, pair.mentees[0], Respondent.MENTEE, year - 1, 6 + n * 2 % 5, questions)
    for pair in pairs[:4]:
        db.session.add(MentorProfile(person_id=pair.mentor_id, courses_in_region=pair.id % 2 == 0,
                                     training_in_region=True, needs_training=pair.id % 3 == 0,
                                     from_outside=False, updated_at=datetime.now()))
    return len(pairs) + len(last) + 1


def load_synthetic_mentoring(pairs: int, school_count: int) -> int:
    """`pairs` synthetic pairs over `school_count` schools (made where the registry has fewer) and
    the last three school years, each with a mentee, two steps and, for finished ones, answers."""
    forms = db.session.scalars(select(MentoringForm).order_by(MentoringForm.id)).all()
    questions = db.session.scalars(select(Question)).all()
    schools = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                 .order_by(Organisation.id)).all()
    for n in range(len(schools), school_count):
        school = Organisation(short_name=f"Школа наставников № {n + 1}", name=f"Тестовая школа № {n + 1}",
                              kind=OrgKind.SCHOOL, cluster="")
        db.session.add(school)
        schools.append(school)
    schools = schools[:school_count]
    db.session.flush()
    year = school_year_of(today())
    for n in range(pairs):
        school = schools[n % len(schools)]
        start_year = year - n % 3
        mentor = Person(full_name=f"Наставник {n + 1}", organisation_id=school.id, position="учитель",
                        teaching_since=date(2000 + n % 15, 9, 1))
        mentee = Person(full_name=f"Наставляемый {n + 1}", organisation_id=school.id, position="учитель",
                        teaching_since=date(start_year - n % 2, 9, 1))
        db.session.add_all([mentor, mentee])
        db.session.flush()
        finished = start_year < year
        pair = Pair(organisation_id=school.id, mentor_id=mentor.id, form_id=forms[n % len(forms)].id,
                    starts_on=date(start_year, 9, 15), ends_on=date(start_year + 1, 5, 31),
                    status=PairStatus.FINISHED if finished else PairStatus.ACTIVE,
                    closed_on=date(start_year + 1, 5, 31) if finished else None, order_number=f"{n + 1}-о")
        db.session.add(pair)
        db.session.flush()
        db.session.execute(pair_mentees.insert().values(pair_id=pair.id, person_id=mentee.id,
                                                        active_form_id=None if finished else pair.form_id))
        db.session.add_all([PlanStep(pair_id=pair.id, position=1, text="Посещение уроков",
                                     deadline_text=f"октябрь {start_year}", due_on=date(start_year, 10, 31)),
                            PlanStep(pair_id=pair.id, position=2, text="Открытый урок",
                                     deadline_text=f"март {start_year + 1}", due_on=date(start_year + 1, 3, 31))])
        if finished:
            _answers(pair, mentee, Respondent.MENTEE, start_year, 5 + n % 5, questions)
    db.session.commit()
    return pairs
