"""A municipality puts its winners forward to a regional competition.

The region runs a regional competition here (level «региональный», no municipality). A
municipality's methodist sees, on its page, the winners and prize-winners of their own municipal
competitions of the same kind and school year, and forwards the ones chosen: each becomes an
application to the region (the same teachers, school, team name and materials, the nomination of
the same name), remembering the municipal entry it came from. The region accepts or returns it,
its jury scores it on the sheet that exists, and its published result is the municipality's own
entry's result — in the municipality's competition reports like any other.

A teacher is in a competition's nomination once: the members' unique key refuses a second
forwarding of the same people, from another tab or another methodist, at the same moment.
"""
from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.audit.models import record
from app.extensions import db

from . import bp
from .access import entry_refusal, is_editor, load, regional
from .models import Competition, Entry, EntryMaterial, EntryStatus, entry_members
from .queries import forwardable
from .routes import detail_context


def nomination_for(competition: Competition, entry: Entry):
    """The regional nomination of the same name; the only one if it has one; none if it has none.
    Otherwise (several, none of that name) the entry cannot be forwarded as it is: None, False."""
    if not competition.nominations:
        return None, True
    name = entry.nomination.name if entry.nomination else ""
    same = next((n for n in competition.nominations if n.name.casefold() == name.casefold()), None)
    if same is None and len(competition.nominations) == 1:
        same = competition.nominations[0]
    return same, same is not None


@bp.post("/<int:competition_id>/forward")
def forward(competition_id):
    competition = load(competition_id)
    if not (regional(competition) and is_editor()):
        abort(403)  # a municipality's methodist puts forward to the region's competition
    refusal = entry_refusal(competition)
    if refusal:
        return _page(competition, 422, forward_error=refusal)
    offered = {e.id: e for e in forwardable(competition)}
    asked = {int(i) for i in request.form.getlist("entry") if i.isdigit()}
    if not asked:
        return _page(competition, 422, forward_error="Отметьте победителей и призёров, которых выдвигаете.")
    if not asked <= offered.keys():
        return _page(competition, 409, forward_error="Кого-то из отмеченных уже выдвинули или он больше не победитель. "
                                                     "Список обновлён — отметьте ещё раз.")
    made = []
    try:
        for entry_id in sorted(asked):
            source = offered[entry_id]
            nomination, fits = nomination_for(competition, source)
            if not fits:
                db.session.rollback()
                return _page(load(competition_id), 422, forward_error=(
                    f"{source.names}: в региональном конкурсе нет номинации "
                    f"«{source.nomination.name if source.nomination else '—'}». Подайте заявку формой ниже, выбрав номинацию."))
            entry = Entry(competition_id=competition.id, nomination_id=nomination.id if nomination else None,
                          organisation_id=source.organisation_id, team_name=source.team_name,
                          status=EntryStatus.SUBMITTED, submitted_by_id=current_user.id, submitted_at=datetime.now(),
                          forwarded_from_id=source.id,
                          materials=[EntryMaterial(title=m.title, url=m.url, file_name=m.file_name,
                                                   file_type=m.file_type, file_key=m.file_key) for m in source.materials])
            db.session.add(entry)
            db.session.flush()
            db.session.execute(entry_members.insert(), [
                {"entry_id": entry.id, "person_id": p.id, "competition_id": competition.id,
                 "nomination_key": nomination.id if nomination else 0} for p in source.people])
            made.append(source.names)
    except IntegrityError:  # the same teachers forwarded a moment ago, from another tab
        db.session.rollback()
        return _page(load(competition_id), 409, forward_error="Этих педагогов только что выдвинули — из другого окна. "
                                                              "Список обновлён.")
    record("apply", "competition", competition.id, f"Выдвинуты на «{competition.title[:60]}»: {'; '.join(made)}"[:500])
    db.session.commit()
    return redirect(url_for(".detail", competition_id=competition.id, _anchor="forward"))


def _page(competition, status, **extra):
    return render_template("competitions/detail.html", **detail_context(competition, **extra)), status
