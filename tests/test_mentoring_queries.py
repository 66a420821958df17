"""Mentoring pages load what they show in a fixed number of queries, whatever the number of
pairs, mentees, steps, answers and schools."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.mentoring.models import MentoringForm, MentorProfile, Pair, PlanStep, SurveyResponse, pair_mentees
from app.registry.models import Person

from .conftest import count_queries


@pytest.fixture
def clock(freeze):
    freeze(datetime(2025, 1, 15, 10))


def grow(app, schools, n):
    """n more pairs per school, each with two mentees, three steps, answers and a mentor profile."""
    with app.app_context():
        form = db.session.scalar(select(MentoringForm.id))
        for school in schools:
            for i in range(n):
                stamp = datetime.now().timestamp()
                mentor = Person(full_name=f"Наставник {i} {stamp}", organisation_id=school.id,
                                teaching_since=date(2000, 9, 1))
                mentees = [Person(full_name=f"Наставляемый {i}.{k} {stamp}", organisation_id=school.id,
                                  teaching_since=date(2024, 9, 1)) for k in range(2)]
                young = Person(full_name=f"Без наставника {i} {stamp}", organisation_id=school.id,
                               teaching_since=date(2024, 9, 1))
                db.session.add_all([mentor, young, *mentees])
                db.session.flush()
                pair = Pair(organisation_id=school.id, mentor_id=mentor.id, form_id=form, starts_on=date(2024, 9, 1),
                            ends_on=date(2025, 5, 31), status="active")
                db.session.add(pair)
                db.session.flush()
                db.session.execute(pair_mentees.insert(), [{"pair_id": pair.id, "person_id": m.id,
                                                            "active_form_id": form} for m in mentees])
                db.session.add_all([PlanStep(pair_id=pair.id, position=p, text=f"Шаг {p}", deadline_text="октябрь 2024",
                                             due_on=date(2024, 10, 31)) for p in range(3)])
                db.session.add(SurveyResponse(pair_id=pair.id, person_id=mentees[0].id, respondent="mentee",
                                              school_year=2024, mean=8, submitted_at=datetime.now()))
                db.session.add(MentorProfile(person_id=mentor.id, courses_in_region=True))
        db.session.commit()
        return db.session.scalar(select(Pair.id).order_by(Pair.id))


def test_mentoring_pages_have_a_fixed_number_of_queries(app, actor, make_org, clock):
    schools = [make_org(f"СОШ № {i}") for i in range(1, 4)]
    pair_id = grow(app, schools, 1)
    methodist, head = actor(Role.METHODIST), actor(Role.HEAD)
    coordinator = actor(Role.SCHOOL, organisation=schools[0])
    pages = [(methodist, "/mentoring/"), (methodist, "/mentoring/summary?year=2024"), (head, "/mentoring/pairs"),
             (methodist, "/mentoring/pairs.xlsx"), (methodist, f"/mentoring/pairs/{pair_id}"),
             (methodist, "/mentoring/mentors"), (methodist, "/mentoring/mentors.xlsx?year=2024"),
             (coordinator, "/my"), (coordinator, "/mentoring/pairs")]

    def measure():
        counts = []
        for who, url in pages:
            with count_queries(app) as statements:
                assert who.get(url).status_code == 200, url
            counts.append(len(statements))
        return counts

    small = measure()
    grow(app, schools + [make_org("СОШ № 4"), make_org("СОШ № 5")], 4)
    assert measure() == small
