"""Approval by the head, and the amendments since the approved version."""
from datetime import date, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.marks.queries import centre
from app.plan.models import Programme

from . import bp
from .forms import ApproveForm, OrderForm
from .models import ProgrammeVersion
from .snapshot import compare, latest_version, take_snapshot


@bp.route("/<int:programme_id>/approve", methods=["GET", "POST"])
@roles_required(Role.HEAD, Role.ADMIN)
def approve(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    if programme.is_work_plan:
        abort(404)  # an association's plan of work is not approved by order here
    previous = latest_version(programme.id)
    # Coming from the amendments' print, the order typed there is the one the new version records.
    form = ApproveForm(data={"approver_name": current_user.full_name,
                             "approver_position": getattr(previous, "approver_position", ""),
                             "order_number": request.args.get("order_number", "")[:50],
                             "order_date": _date_arg(request.args.get("order_date"))})
    # The page names the version it was shown after; a second click, or another tab, that
    # arrives once that one is superseded changes nothing (however the two requests interleave).
    seen = request.form.get("after")
    if request.method == "POST" and seen is not None and seen != str(previous.number if previous else 0):
        flash(f"План уже утверждён (редакция {previous.number}) — из другого окна или повторным нажатием.")
        return redirect(url_for("plan.programme", programme_id=programme.id))
    if form.validate_on_submit():
        version = ProgrammeVersion(
            programme_id=programme.id, number=(previous.number + 1) if previous else 1,
            approved_at=datetime.now(), approved_by_id=current_user.id,
            approver_name=form.approver_name.data or current_user.display_name,
            approver_position=form.approver_position.data,
            order_number=form.order_number.data, order_date=form.order_date.data,
            snapshot=take_snapshot(programme),
        )
        db.session.add(version)
        record("approve", "programme", programme.id, f"Утверждена редакция {version.number}: приказ № "
               f"{version.order_number} от {version.order_date:%d.%m.%Y}", programme.id,
               after={"order": f"№ {version.order_number} от {version.order_date:%d.%m.%Y}"})
        try:
            db.session.commit()
        except IntegrityError:  # the same approval sent twice: the first made this version
            db.session.rollback()
            flash(f"План уже утверждён (редакция {version.number}) — из другого окна или повторным нажатием.")
            return redirect(url_for("plan.programme", programme_id=programme.id))
        flash(f"План утверждён (редакция {version.number}). Дальнейшие правки будут видны как изменения.")
        return redirect(url_for("plan.programme", programme_id=programme.id))
    status = 422 if form.errors else 200
    changes = compare(previous.snapshot, take_snapshot(programme)) if previous else None
    return render_template("approval/approve.html", programme=programme, form=form, previous=previous,
                           changes=changes), status


@bp.get("/<int:programme_id>/changes")
def changes(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    versions = list(db.session.scalars(select(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme.id)
                                       .order_by(ProgrammeVersion.number.desc())))
    latest = versions[0] if versions else None
    found = compare(latest.snapshot, take_snapshot(programme)) if latest else []
    return render_template("approval/changes.html", programme=programme, versions=versions, latest=latest,
                           changes=found)


def _date_arg(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.get("/<int:programme_id>/changes/order")
def changes_order(programme_id):
    """The amendments since the approved version as the attachment to an order: «Изменения,
    вносимые в план мероприятий …», item by item in the plan's numbering, A4 portrait, under an
    «УТВЕРЖДЕНЫ приказом … от … № …» block with the order typed in (or blanks to fill by hand)."""
    programme, latest, found, form, valid, issuer = _order(programme_id)
    return render_template("approval/order.html", programme=programme, latest=latest, changes=found, form=form,
                           issuer=issuer, printed_on=today()), 200 if valid else 422


def _order(programme_id: int):
    """What the attachment to the order holds: the programme, its approved version, the changes since
    in the plan's order, the order's number and date as typed (and whether they are right), the issuer."""
    programme = db.get_or_404(Programme, programme_id)
    latest = latest_version(programme.id)
    form = OrderForm(request.args)
    valid = form.validate()
    found = sorted(compare(latest.snapshot, take_snapshot(programme)), key=lambda c: c.sort_key) if latest else []
    return programme, latest, found, form, valid, centre()


@bp.get("/<int:programme_id>/changes/order.docx")
def changes_order_docx(programme_id):
    """The same attachment to the order in Word, for the legal department to edit and the head to sign."""
    from app.exports.documents import amendments_document
    from app.exports.word import send_docx
    programme, latest, found, form, valid, issuer = _order(programme_id)
    data = amendments_document(programme, latest, found, issuer.short_name if issuer else "",
                               form.order_number.data if valid else "", form.order_date.data if valid else None)
    return send_docx(data, f"Изменения в план — {programme.title[:80]}.docx")
