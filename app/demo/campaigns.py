"""Demo reporting campaigns: last school year's, past its deadline — some schools' reports accepted
(one with a corrected figure), some sent, one returned with a remark, the rest late — and this
half-year's, open, with СОШ № 1's draft begun."""
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.campaigns.catalogue import FORMS
from app.campaigns.models import Campaign, FreeTable, ReportStatus, ReportValue, SchoolReport
from app.campaigns.reports import build_forms, next_version, snapshot_of
from app.clock import school_year_of, today
from app.extensions import db
from app.registry.models import Organisation, OrgKind


def add_demo_campaigns() -> None:
    year = school_year_of(today())
    schools = list(db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                      .order_by(Organisation.short_name)))
    if not schools:
        return
    last = Campaign(title=f"Мониторинг профессионального развития педагогов за {year - 1}/{year} учебный год",
                    starts_on=date(year - 1, 9, 1), ends_on=date(year, 8, 31), deadline=date(year, 9, 15),
                    forms=[f.key for f in FORMS], created_at=datetime(year, 8, 20),
                    tables=[FreeTable(position=0, title="Аттестация педагогов",
                                      columns=["Высшая категория, чел.", "Первая категория, чел.",
                                               "Доля аттестованных, %"])])
    half = Campaign(title=f"Мониторинг за первое полугодие {year}/{year + 1} учебного года",
                    starts_on=date(year, 9, 1), ends_on=date(year, 12, 31), deadline=date(year + 1, 1, 20),
                    forms=["courses", "competitions", "movement", "needs"], created_at=datetime(year, 11, 25))
    db.session.add_all([last, half])
    db.session.flush()
    table = last.tables[0]
    sent_on = datetime.combine(date(year, 9, 10), time(15))
    for n, school in enumerate(schools):
        state = ("accepted", "accepted", "submitted", "returned", "accepted", None)[n % 6]
        if state is None:
            continue  # late: not sent
        report = SchoolReport(campaign_id=last.id, organisation_id=school.id, version=1, status=ReportStatus.DRAFT,
                              created_at=sent_on - timedelta(days=3))
        db.session.add(report)
        db.session.flush()
        db.session.add_all(ReportValue(report_id=report.id, form=table.key, column=column, value=value, reason="")
                           for column, value in enumerate((2 + n % 3, 5 + n % 4, 60 + n % 30)))
        if n == 0:  # a corrected figure, with its reason
            db.session.add(ReportValue(report_id=report.id, form="movement", column=0, value=3,
                                       reason="Двое приняты по договору ГПХ, в реестре мест работы их нет"))
        db.session.flush()
        report.snapshot = snapshot_of(build_forms(last, school.id, report))
        report.status, report.submitted_at = ReportStatus.SUBMITTED, sent_on + timedelta(hours=n)
        if state == "accepted":
            report.status, report.decided_at = ReportStatus.ACCEPTED, sent_on + timedelta(days=2)
        elif state == "returned":
            report.status, report.decided_at = ReportStatus.RETURNED, sent_on + timedelta(days=2)
            report.comment = "Уволенных за год больше — сверьте с приказами."
            report.comment_cell = "movement:1"
            next_version(report, report.comment, report.comment_cell)
    first = next((s for s in schools if s.short_name == "СОШ № 1"), schools[0])
    db.session.add(SchoolReport(campaign_id=half.id, organisation_id=first.id, version=1, status=ReportStatus.DRAFT,
                                created_at=datetime(year, 12, 1)))


def add_regional_campaign() -> None:
    """The region's half-year campaign, answered by the municipalities' centres: Калининский район
    has sent its figures."""
    year = school_year_of(today())
    campaign = Campaign(title=f"Краевой мониторинг кадров за первое полугодие {year}/{year + 1} учебного года",
                        starts_on=date(year, 9, 1), ends_on=date(year, 12, 31), deadline=date(year + 1, 1, 25),
                        forms=["movement", "numbers", "needs"], created_at=datetime(year, 11, 20))
    db.session.add(campaign)
    db.session.flush()
    campaign.municipality_id = None  # the region's (a record made outside a request is given the first one)
    centre = db.session.scalars(select(Organisation).where(Organisation.kind == OrgKind.CENTRE)
                                .order_by(Organisation.id)).first()
    if centre is None:
        return
    report = SchoolReport(campaign_id=campaign.id, organisation_id=centre.id, version=1, status=ReportStatus.DRAFT,
                          created_at=datetime(year, 12, 1))
    db.session.add(report)
    db.session.flush()
    report.snapshot = snapshot_of(build_forms(campaign, centre.id, report))
    report.status, report.submitted_at = ReportStatus.SUBMITTED, datetime(year, 12, 2, 11)
