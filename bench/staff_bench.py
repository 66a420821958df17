"""Benchmark, staff (part 10): the vacancies list, the reserve, «Принятые и выбывшие» and the staff
numbers at 60 schools (≈2,100 people with their employment, 120 vacancies, 60 in the reserve), as
ratios to /healthz in the same run, with each page's SQL queries.

    .venv/bin/python bench/staff_bench.py [--runs 15] [--schools 60] [--database-url URL]
"""
import argparse
import sys
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plan_bench import count_pages, demo_app, print_pages, time_pages  # noqa: E402


def seed(app, schools: int, per_school: int) -> None:
    from sqlalchemy import insert, select

    from app.extensions import db
    from app.registry.models import Organisation, OrgKind, Person
    from app.staff.models import Employment, ReserveMember, Vacancy
    with app.app_context():
        existing = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))).all()
        for n in range(len(existing), schools):
            db.session.add(Organisation(short_name=f"Школа кадров № {n + 1}", name=f"Школа № {n + 1}",
                                        kind=OrgKind.SCHOOL, cluster=""))
        db.session.flush()
        chosen = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                    .order_by(Organisation.id)).all()[:schools]
        for s, school in enumerate(chosen):
            db.session.execute(insert(Person), [
                {"full_name": f"Работник {s}-{n}", "organisation_id": school.id, "position": "учитель", "subject": "",
                 "category": "none", "young_by_hand": False, "birth_date": date(1960 + (s + n) % 40, 1 + n % 12, 1),
                 "sex": "fm"[n % 2]} for n in range(per_school)])
        people = db.session.execute(select(Person.id, Person.organisation_id).where(Person.full_name.like("Работник %"))).all()
        categories = ["teacher"] * 6 + ["head", "educator", "other_pedagogical", "other"]
        db.session.execute(insert(Employment), [
            {"person_id": pid, "organisation_id": oid, "position": "учитель", "category": categories[n % 10],
             "main_job": n % 13 != 0, "started_on": date(2000 + n % 26, 9, 1),
             "left_on": date(2026, 10, 1) if n % 17 == 0 else None, "leave_reason": "dismissal" if n % 17 == 0 else "",
             "created_at": datetime.now()} for n, (pid, oid) in enumerate(people)])
        db.session.execute(insert(Vacancy), [
            {"organisation_id": school.id, "position": "учитель", "subject": ["математика", "физика"][k],
             "load_rates": 1.0, "education": "высшее", "extra_skills": "", "status": "open", "created_at": datetime.now()}
            for school in chosen for k in range(2)])
        db.session.execute(insert(ReserveMember), [
            {"person_id": pid, "organisation_id": oid, "reason": "Лидер", "nominated_on": date(2026, 6, 1),
             "created_at": datetime.now()} for n, (pid, oid) in enumerate(people) if n % 35 == 0])
        db.session.commit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--per-school", type=int, default=35)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    env, app = demo_app("metodkabinet-staff-bench-", args.database_url)
    seed(app, args.schools, args.per_school)
    pages = {"vacancies, 120 open": "/staff/vacancies", "reserve, 60 teachers": "/staff/reserve",
             "hired and left, a school year": "/staff/movement?from=2025-09-01&to=2026-11-30",
             "staff numbers, 60 schools": "/staff/numbers?on=2026-11-30",
             "staff numbers .xlsx": "/staff/numbers.xlsx?on=2026-11-30"}
    results = time_pages(env, pages, args.runs)
    counts = count_pages(app, pages, "metodist")
    print_pages(f"staff, {args.schools} schools × {args.per_school} people", results, counts)


if __name__ == "__main__":
    main()
