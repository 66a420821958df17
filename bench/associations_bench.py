"""Benchmark, methodical associations (part 11): 200 associations (20 district РМО, 180 schools'
ШМО at 60 schools), 6,000 memberships, 2,000 meetings over a year with their attendance, and each
association's plan of work for the school year (12 items, half of what is due marked done) — the
associations' list, an association's page and its plan, the methodists' page with the plans' late
items, the quarter's participation and both network reports (page and XLSX), as medians and ratios
to /healthz in the same run, with each page's SQL queries.

    .venv/bin/python bench/associations_bench.py [--runs 15] [--database-url URL]
"""
import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plan_bench import count_pages, demo_app, print_pages, time_pages  # noqa: E402

SCHOOLS, PER_SCHOOL = 60, 35


def seed(app, associations: int, memberships: int, meetings: int) -> dict:
    from sqlalchemy import insert, select

    from app.associations.models import Association, Membership
    from app.events.models import Event, EventFormat, Registration
    from app.extensions import db
    from app.registry.models import Organisation, OrgKind, Person
    with app.app_context():
        have = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))).all()
        for n in range(len(have), SCHOOLS):
            db.session.add(Organisation(short_name=f"Школа объединений № {n + 1}", name=f"Школа № {n + 1}",
                                        kind=OrgKind.SCHOOL, cluster=""))
        db.session.flush()
        schools = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                     .order_by(Organisation.id)).all()[:SCHOOLS]
        centre = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.CENTRE))
        db.session.execute(insert(Person), [
            {"full_name": f"Педагог {s}-{n}", "organisation_id": school.id, "position": "учитель", "subject": "",
             "category": "none", "young_by_hand": False, "sex": ""}
            for s, school in enumerate(schools) for n in range(PER_SCHOOL)])
        people = db.session.execute(select(Person.id, Person.organisation_id)
                                    .where(Person.full_name.like("Педагог %"))).all()
        district = associations // 10
        db.session.execute(insert(Association), [
            {"organisation_id": centre.id if n < district else schools[n % SCHOOLS].id,
             "level": "district" if n < district else "school", "kind": "subject", "subject": "",
             "name": f"{'РМО' if n < district else 'ШМО'} № {n + 1}", "status": "active", "created_at": datetime.now()}
            for n in range(associations)])
        ids = db.session.scalars(select(Association.id).where(Association.name.like("%МО № %"))
                                 .order_by(Association.id)).all()
        year = date.today().year
        chosen = []
        for n in range(memberships):
            person_id, organisation_id = people[(n * 7) % len(people)]
            chosen.append({"association_id": ids[n % len(ids)], "person_id": person_id,
                           "organisation_id": organisation_id, "role": "participant",
                           "joined_on": date(year - 1, 9, 1), "left_on": None})
        unique = {(m["association_id"], m["person_id"]): m for m in chosen}
        db.session.execute(insert(Membership), list(unique.values()))
        members: dict[int, list] = {}
        for m in unique.values():
            members.setdefault(m["association_id"], []).append((m["person_id"], m["organisation_id"]))
        format_id = db.session.scalar(select(EventFormat.id).order_by(EventFormat.id))
        first = datetime(year, 1, 10, 14)
        db.session.execute(insert(Event), [
            {"format_id": format_id, "topic": f"Заседание {n}", "starts_at": first + timedelta(days=(n * 3) % 330),
             "ends_at": first + timedelta(days=(n * 3) % 330, hours=1), "association_id": ids[n % len(ids)],
             "status": "held", "registered_count": 0, "municipality_id": centre.municipality_id}
            for n in range(meetings)])
        events = db.session.execute(select(Event.id, Event.association_id).where(Event.topic.like("Заседание %"))).all()
        db.session.execute(insert(Registration), [
            {"event_id": event_id, "person_id": person_id, "organisation_id": organisation_id,
             "registered_at": datetime.now(), "attended": (event_id + person_id) % 3 != 0}
            for event_id, association_id in events for person_id, organisation_id in members.get(association_id, [])])
        db.session.commit()
        plan = work_plans(ids, centre.municipality_id)
        return {"association": ids[0], "year": year, "plan": plan}


WORK_PLAN = [("сентябрь", "Заседание № 1"), ("октябрь", "Заседание № 2"), ("до 15 ноября", "Открытые уроки"),
             ("декабрь", "Заседание № 3"), ("январь", "Экспертиза программ"), ("февраль, март", "Мастер-классы"),
             ("март", "Заседание № 4"), ("апрель", "Олимпиада"), ("май", "Заседание № 5"),
             ("ежеквартально", "Публикации"), ("в течение учебного года", "Собеседования"), ("до 1 июня", "Отчёт")]


def work_plans(ids: list[int], municipality_id: int) -> int:
    """Each association's plan of work for this school year; half the items due by today marked done."""
    from sqlalchemy import insert, select

    from app.associations.models import Association
    from app.clock import school_year_of
    from app.extensions import db
    from app.marks.models import CompletionMark
    from app.plan.models import Activity, Occurrence, Participants, Programme, Section
    from app.plan.occurrences import apply_deadline
    year = school_year_of(date.today())
    owners = dict(db.session.execute(select(Association.id, Association.organisation_id)
                                     .where(Association.id.in_(ids))).all())
    for association_id in ids:
        programme = Programme(title=f"План работы {association_id}", start_year=year, end_year=year + 1,
                              association_id=association_id, municipality_id=municipality_id)
        section = Section(programme=programme, title="План", position=0)
        db.session.add_all([programme, section])
        for i, (deadline, title) in enumerate(WORK_PLAN):
            activity = Activity(section=section, position=i, title=title, deadline_text=deadline,
                                participants=Participants.ASSOCIATION, occurrences=[], responsible_people=[],
                                organisations=[])
            apply_deadline(activity, year, year + 1, school_year_plan=True)
            db.session.add(activity)
    db.session.flush()
    due = db.session.execute(select(Occurrence.id, Occurrence.due_date, Programme.association_id)
                             .join(Activity, Activity.id == Occurrence.activity_id).join(Section).join(Programme)
                             .where(Programme.association_id.in_(ids), Occurrence.due_date < date.today())).all()
    db.session.execute(insert(CompletionMark), [
        {"occurrence_id": occurrence_id, "organisation_id": owners[association_id], "status": "done",
         "done_on": due_date, "comment": "", "evidence_ref": "", "evidence_url": "", "file_name": "", "file_key": "",
         "file_type": "", "file_size": 0, "source_kind": ""}
        for occurrence_id, due_date, association_id in due if occurrence_id % 2])
    db.session.commit()
    return db.session.scalar(select(Programme.id).where(Programme.association_id == ids[0]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--associations", type=int, default=200)
    parser.add_argument("--memberships", type=int, default=6000)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    env, app = demo_app("metodkabinet-associations-bench-", args.database_url)
    ids = seed(app, args.associations, args.memberships, args.meetings)
    year = ids["year"]
    pages = {"associations list": "/associations/",
             "an РМО's page": f"/associations/{ids['association']}",
             "an РМО's plan of work": f"/plan/{ids['plan']}",
             "programmes, the plans' late items": "/plan/",
             "quarter's participation": f"/associations/participation?year={year}&quarter=2",
             "network reports, a year": f"/associations/reports?from={year}-01-01&to={year}-12-31",
             "network reports .xlsx": f"/associations/reports.xlsx?from={year}-01-01&to={year}-12-31"}
    results = time_pages(env, pages, args.runs)
    counts = count_pages(app, pages, "metodist")
    print_pages(f"{args.associations} associations, {args.memberships} members, {args.meetings} meetings", results,
                counts, width=50)


if __name__ == "__main__":
    main()
