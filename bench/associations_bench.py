"""Benchmark, methodical associations (part 11): 200 associations (20 district РМО, 180 schools'
ШМО at 60 schools), 6,000 memberships, 2,000 meetings over a year with their attendance — the
associations' list, an association's page, the quarter's participation and both network reports
(page and XLSX), as medians and ratios to /healthz in the same run, with each page's SQL queries.

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
        return {"association": ids[0], "year": year}


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
             "quarter's participation": f"/associations/participation?year={year}&quarter=2",
             "network reports, a year": f"/associations/reports?from={year}-01-01&to={year}-12-31",
             "network reports .xlsx": f"/associations/reports.xlsx?from={year}-01-01&to={year}-12-31"}
    results = time_pages(env, pages, args.runs)
    counts = count_pages(app, pages, "metodist")
    print_pages(f"{args.associations} associations, {args.memberships} members, {args.meetings} meetings", results,
                counts, width=50)


if __name__ == "__main__":
    main()
