"""Benchmark, reporting campaigns (part 12): a campaign over 60 schools asking for every form the
app builds and a free table, half the schools' reports submitted — a school's prefilled report, the
methodist's board, the consolidated page and workbook — as medians and ratios to /healthz in the
same run, with each page's SQL queries.

    .venv/bin/python bench/campaigns_bench.py [--runs 15] [--schools 60] [--database-url URL]
"""
import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plan_bench import count_pages, demo_app, print_pages, time_pages  # noqa: E402

PER_SCHOOL = 35


def seed(app, schools: int) -> dict:
    """Schools up to `schools`, each with its teachers in places of work and a course for a third of
    them; a campaign with every form; half the schools' reports submitted with a corrected figure."""
    from sqlalchemy import insert, select

    from app.campaigns.catalogue import FORMS
    from app.campaigns.models import Campaign, FreeTable, ReportStatus, ReportValue, SchoolReport
    from app.campaigns.reports import build_forms, snapshot_of
    from app.clock import school_year_of
    from app.courses.models import Course, CourseProvider
    from app.extensions import db
    from app.registry.models import Organisation, OrgKind, Person
    from app.staff.models import Employment
    with app.app_context():
        have = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))).all()
        for n in range(len(have), schools):
            db.session.add(Organisation(short_name=f"Школа мониторинга № {n + 1}", name=f"Школа № {n + 1}",
                                        kind=OrgKind.SCHOOL, cluster=""))
        db.session.flush()
        ids = db.session.scalars(select(Organisation.id).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                 .order_by(Organisation.id)).all()[:schools]
        db.session.execute(insert(Person), [
            {"full_name": f"Педагог {s}-{n}", "organisation_id": school, "position": "учитель", "subject": "",
             "category": "none", "young_by_hand": False, "sex": ""}
            for s, school in enumerate(ids) for n in range(PER_SCHOOL)])
        people = db.session.execute(select(Person.id, Person.organisation_id)
                                    .where(Person.full_name.like("Педагог %"))).all()
        year = school_year_of(date.today())
        start = date(year, 9, 1)
        db.session.execute(insert(Employment), [
            {"person_id": p, "organisation_id": o, "position": "учитель", "category": "teacher", "main_job": True,
             "started_on": start - timedelta(days=400 * (p % 3 == 0)) + timedelta(days=p % 60), "left_on": None,
             "leave_reason": "", "created_at": datetime.now()} for p, o in people])
        provider = db.session.scalar(select(CourseProvider.id).order_by(CourseProvider.position))
        db.session.execute(insert(Course), [
            {"person_id": p, "organisation_id": o, "provider_id": provider, "provider_name": "",
             "programme_title": "Курс", "form": "distance", "hours": 36 + 40 * (p % 2), "starts_on": start,
             "ends_on": start + timedelta(days=30 + p % 60), "document_number": "", "file_name": "", "file_key": "",
             "file_type": ""} for p, o in people if p % 3 == 0])
        campaign = Campaign(title="Мониторинг для бенчмарка", starts_on=start, ends_on=date.today(),
                            deadline=date.today() + timedelta(days=10), forms=[f.key for f in FORMS],
                            created_at=datetime.now(),
                            tables=[FreeTable(position=0, title="Аттестация", columns=["Высшая, чел.", "Доля, %"])])
        db.session.add(campaign)
        db.session.flush()
        for school in ids[: schools // 2]:
            report = SchoolReport(campaign_id=campaign.id, organisation_id=school, version=1,
                                  status=ReportStatus.DRAFT, created_at=datetime.now())
            db.session.add(report)
            db.session.flush()
            db.session.add_all([ReportValue(report_id=report.id, form=campaign.tables[0].key, column=0, value=3,
                                            reason=""),
                                ReportValue(report_id=report.id, form="movement", column=1, value=1, reason="ГПХ")])
            db.session.flush()
            report.snapshot = snapshot_of(build_forms(campaign, school, report))
            report.status, report.submitted_at = ReportStatus.SUBMITTED, datetime.now()
        db.session.commit()
        return {"campaign": campaign.id, "school": ids[-1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    env, app = demo_app("metodkabinet-campaigns-bench-", args.database_url)
    ids = seed(app, args.schools)
    c = ids["campaign"]
    pages = {"a school's prefilled report": f"/campaigns/{c}/schools/{ids['school']}",
             "the board": f"/campaigns/{c}",
             "the consolidated page (all)": f"/campaigns/{c}/consolidated?all=1",
             "the consolidated workbook (all)": f"/campaigns/{c}/consolidated.xlsx?all=1"}
    results = time_pages(env, pages, args.runs)
    counts = count_pages(app, pages, "metodist")
    print_pages(f"a campaign of {args.schools} schools, every form", results, counts, width=44)


if __name__ == "__main__":
    main()
