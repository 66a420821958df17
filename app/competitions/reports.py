"""The regional table «Участие педагогических работников в конкурсах профессионального
мастерства» (print view and XLSX), and the competitions summary: the share of schools that put
forward teachers for municipal competitions, and the staff figures the table uses."""
from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import editors_only, roles_required
from app.clock import school_year_of, today
from app.extensions import db
from app.marks.queries import schools
from app.spreadsheet import send_xlsx
from app.upsert import upsert

from . import bp
from .forms import StaffForm
from .models import Level, Result, StaffCount
from .queries import municipal_share, municipality, participation, staff
from .routes import years
from .xlsx import report_workbook

READERS = Role.READERS


def _year() -> int:
    year = request.args.get("year", type=int)
    return year if year in years() else school_year_of(today())


def report_context(year: int) -> dict:
    all_schools = schools()
    org_id = request.args.get("org", type=int)
    if current_user.role == Role.SCHOOL:
        org_id = current_user.organisation_id
    shown = [s for s in all_schools if s.id == org_id] if org_id else all_schools
    rows = participation(year, org_id)
    counts = staff(year, shown)
    return dict(
        year=year, years=years(), schools=all_schools, shown=shown, org_id=org_id, rows=rows, staff=counts,
        total=None if org_id else municipality(rows), total_staff=sum(s.count for s in counts.values()),
        levels=Level.LABELS, results=Result.LABELS,
    )


@bp.get("/report")
@roles_required(*READERS)
def report():
    return render_template("competitions/report.html", **report_context(_year()))


@bp.get("/report.xlsx")
@roles_required(*READERS)
def report_xlsx():
    context = report_context(_year())
    data = report_workbook(**context)
    name = f"Участие в конкурсах {context['year']}-{context['year'] + 1}.xlsx"
    return send_xlsx(data, name)


@bp.get("/summary")
@roles_required(*Role.EDITORS, Role.HEAD)
def summary():
    year = _year()
    all_schools = schools()
    return render_template("competitions/summary.html", year=year, years=years(), share=municipal_share(year),
                           staff=staff(year, all_schools), form=StaffForm(formdata=None), errors={})


@bp.post("/staff")
@editors_only
def staff_set():
    """A methodist's figure of a school's teaching staff for a year; empty returns to the registry's."""
    year = request.form.get("year", type=int)
    organisation_id = request.form.get("organisation_id", type=int)
    if year not in years() or organisation_id not in {s.id for s in schools()}:
        abort(404)
    text = (request.form.get("count") or "").strip()
    if text and not (text.isdigit() and 0 < int(text) <= 100000):
        all_schools = schools()
        return render_template("competitions/summary.html", year=year, years=years(), share=municipal_share(year),
                               staff=staff(year, all_schools), form=StaffForm(formdata=None),
                               errors={organisation_id: "Число педагогов — целое, больше 0."},
                               typed={organisation_id: text}), 422
    if not text:
        db.session.execute(StaffCount.__table__.delete().where(StaffCount.organisation_id == organisation_id,
                                                               StaffCount.school_year == year))
    else:
        upsert(StaffCount, {"organisation_id": organisation_id, "school_year": year, "count": int(text),
                            "updated_at": datetime.now()}, ["organisation_id", "school_year"])
    record("staff", "competition", None, f"Педагогов в ОО (id {organisation_id}) на {year}/{year + 1}: {text or 'по реестру'}")
    db.session.commit()
    return redirect(url_for(".summary", year=year, _anchor=f"staff-{organisation_id}"))
