"""Every query inside the user's municipality.

A request of a municipal user sets g.municipality_id (before_request, once the login is known).
Every ORM SELECT of the session then carries, for each scoped entity, the criterion that keeps
it inside that municipality (SQLAlchemy's with_loader_criteria — the «global WHERE» recipe):
asked for by id, a record of another municipality is not found (404, and nothing changes), and
no list, count or export shows it. The criteria are written once, here, so that a part cannot
forget them; tests/test_municipalities.py walks every route as the users of a second one.

Owners: a municipality has its organisations, programmes, events, competitions, users, audit
entries and imports in progress (a column each); everything else belongs to it through one of those — a person,
a mark, a pair, a course through the organisation; an indicator through the programme; a step,
an answer through its pair. The plan's sections, activities and occurrences carry a copy of their
programme's municipality, set when the row is made (owner_of_plan_rows): read on every plan page
and «Мои мероприятия», their criterion is a column, not a join through the programme. A regional
competition has no municipality: every municipality reads it, and only its own entries in it.

Not scoped: requests without a municipal user (the login page, a questionnaire opened by its
private link), and commands — they run as the install (flask demo, backup; the commands that
must name a municipality say so). Core statements sent through the session's connection (the
plan's rows) read what an ORM query already found inside the municipality.
"""
from flask import g, has_app_context
from sqlalchemy import event, or_, select, true
from sqlalchemy.orm import Session, with_loader_criteria
from sqlalchemy.sql.util import find_tables


def current_municipality_id() -> int | None:
    """The municipality the request works inside, or None (no municipal user: no scope)."""
    return g.get("municipality_id") if has_app_context() else None


def _filtering() -> int | None:
    """The municipality whose criteria the statements carry: none while the install has only that
    one — every row is its own then, and the criteria would only cost (the plan page and «Мои
    мероприятия» took 1.7× and 3× as long with them on SQLite)."""
    if not has_app_context():
        return None
    m = g.get("municipality_id")
    if m is None or g.get("municipality_alone") == m:
        return None
    return m


def enter(municipality_id: int | None) -> None:
    """Scope the rest of this request (or app context) to the municipality."""
    alone = None
    if municipality_id is not None:
        from app.extensions import db
        g.municipality_id = None  # asked without criteria
        alone = only_municipality_id(db.session)
    g.municipality_id, g.municipality_alone = municipality_id, alone
    g.pop("municipality_criteria", None)
    g.pop("municipality_rules", None)


def _rules(m: int) -> list:
    """(model, the criterion keeping its rows inside municipality `m`)."""
    from app.audit.models import AuditEntry
    from app.auth.models import User
    from app.competitions.models import (
        Competition, CompetitionKind, CompetitionStage, Criterion, Entry, EntryMaterial, JuryMember, Nomination, Score,
        StaffCount,
    )
    from app.courses.models import Course, CourseProvider
    from app.courses.route_models import (
        CompetenceArea, DiagnosticResult, IndividualRoute, RouteStep,
    )
    from app.events.models import Event, EventFormat, EventMaterial, Registration
    from app.imports.models import ImportDraft, ImportDraftRow
    from app.indicators.models import Indicator, IndicatorSchoolValue, IndicatorValue
    from app.invitations.models import Invitation
    from app.staff.models import Employment, ReserveMember, StaffSettings, Vacancy, VacancySnapshot
    from app.marks.models import CompletionMark
    from app.mentoring.models import (
        Answer, MentoringForm, MentorProfile, Pair, PlanStep, Question, SurveyLink, SurveyResponse,
    )
    from app.plan.models import Activity, Occurrence, Programme, Section, Stage
    from app.plan_import.models import PlanImport, PlanImportRow
    from app.approval.models import ProgrammeVersion
    from app.associations.models import Appointment, Association, Membership, OutsideParticipation, Publication
    from app.campaigns.models import Campaign, FreeTable, ReportValue, SchoolReport
    from app.registry.models import Organisation, Person

    # The subqueries read the tables themselves (Core), not the models: the models' criteria would
    # be added again inside each of them, nested deeper at every level.
    org, prog = (model.__table__ for model in (Organisation, Programme))
    organisations = select(org.c.id).where(org.c.municipality_id == m)
    programmes = select(prog.c.id).where(prog.c.municipality_id == m)
    events = select(Event.__table__.c.id).where(Event.__table__.c.municipality_id == m)
    # A municipality's competitions and the region's (no municipality): a regional competition is
    # read by every municipality, its entries, scores and materials only by their own (by organisation).
    competition_table = Competition.__table__
    competitions = select(competition_table.c.id).where(
        or_(competition_table.c.municipality_id == m, competition_table.c.municipality_id.is_(None)))

    def of_organisations(model):
        table = model.__table__
        return (select(table.c.id).join(org, org.c.id == table.c.organisation_id).where(org.c.municipality_id == m))

    entries, pairs, people, routes, associations, reports = map(of_organisations, (
        Entry, Pair, Person, IndividualRoute, Association, SchoolReport))
    campaign_table = Campaign.__table__  # a municipality's campaigns and the region's (answered by each)
    campaigns = select(campaign_table.c.id).where(
        or_(campaign_table.c.municipality_id == m, campaign_table.c.municipality_id.is_(None)))
    indicators = (select(Indicator.__table__.c.id).join(prog, prog.c.id == Indicator.__table__.c.programme_id)
                  .where(prog.c.municipality_id == m))
    responses_table, pairs_table = SurveyResponse.__table__, Pair.__table__
    responses = (select(responses_table.c.id).join(pairs_table, pairs_table.c.id == responses_table.c.pair_id)
                 .join(org, org.c.id == pairs_table.c.organisation_id).where(org.c.municipality_id == m))

    rules = [
        (Organisation, lambda c: c.municipality_id == m),
        (Programme, lambda c: c.municipality_id == m),
        (Event, lambda c: c.municipality_id == m),
        (Competition, lambda c: or_(c.municipality_id == m, c.municipality_id.is_(None))),
        (User, lambda c: c.municipality_id == m),
        (Invitation, lambda c: c.user_id.in_(select(User.__table__.c.id).where(User.__table__.c.municipality_id == m))),
        (AuditEntry, lambda c: c.municipality_id == m),
        *[(model, lambda c: c.organisation_id.in_(organisations)) for model in (
            Person, CompletionMark, Registration, Entry, StaffCount, Pair, Course, DiagnosticResult, IndividualRoute,
            IndicatorSchoolValue, Vacancy, ReserveMember, Employment, Association, Membership, OutsideParticipation,
            Publication, SchoolReport)],
        (Campaign, lambda c: or_(c.municipality_id == m, c.municipality_id.is_(None))),
        (FreeTable, lambda c: c.campaign_id.in_(campaigns)),
        (ReportValue, lambda c: c.report_id.in_(reports)),
        *[(model, lambda c: c.programme_id.in_(programmes)) for model in (Stage, Indicator, ProgrammeVersion)],
        # The plan's rows carry their programme's municipality (owner_of_plan_rows below): a column,
        # where a join through sections and programmes cost the planner more than the query.
        *[(model, lambda c: c.municipality_id == m) for model in (Section, Activity, Occurrence)],
        (IndicatorValue, lambda c: c.indicator_id.in_(indicators)),
        (EventMaterial, lambda c: c.event_id.in_(events)),
        *[(model, lambda c: c.competition_id.in_(competitions)) for model in (
            CompetitionStage, Nomination, JuryMember, Criterion)],
        (EntryMaterial, lambda c: c.entry_id.in_(entries)),
        (Score, lambda c: c.entry_id.in_(entries)),
        *[(model, lambda c: c.pair_id.in_(pairs)) for model in (PlanStep, SurveyResponse, SurveyLink)],
        (Answer, lambda c: c.response_id.in_(responses)),
        (MentorProfile, lambda c: c.person_id.in_(people)),
        (Appointment, lambda c: c.association_id.in_(associations)),
        (RouteStep, lambda c: c.route_id.in_(routes)),
        *[(model, lambda c: c.municipality_id == m) for model in (PlanImport, ImportDraft, VacancySnapshot,
                                                                  StaffSettings)],
        *[(row, lambda c, draft=draft: c.import_id.in_(select(draft.__table__.c.id).where(
            draft.__table__.c.municipality_id == m)))
          for row, draft in ((PlanImportRow, PlanImport), (ImportDraftRow, ImportDraft))],
        # The short lists: the region's, shared, and the municipality's own additions.
        *[(model, lambda c: or_(c.municipality_id.is_(None), c.municipality_id == m)) for model in (
            EventFormat, CompetitionKind, MentoringForm, Question, CompetenceArea, CourseProvider)],
    ]
    return [(model, rule(model)) for model, rule in rules]


def _criteria(m: int) -> dict:
    """The options that keep a statement inside municipality `m` (built once a request). Plain
    expressions, not lambdas: their bound values (the municipality) are parameters of the cached
    statement, never baked into it. By table, so that a statement carries only the criteria of the
    tables it reads (each costs its compiling and caching)."""
    return {model.__table__: with_loader_criteria(model, rule, include_aliases=True) for model, rule in _rules_of(m)}


def _rules_of(m: int) -> list:
    rules = g.get("municipality_rules")
    if rules is None:
        rules = g.municipality_rules = _rules(m)
    return rules


def clause(model):
    """The criterion of `model` for a Core statement sent through the connection (which the
    session's criteria do not reach), or true() outside a municipality."""
    m = _filtering()
    if m is None:
        return true()
    return next(rule for owner, rule in _rules_of(m) if owner is model)


@event.listens_for(Session, "do_orm_execute")
def _keep_inside(state) -> None:
    m = _filtering()
    if m is None or not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    criteria = g.get("municipality_criteria")
    if criteria is None:
        criteria = g.municipality_criteria = _criteria(m)
    # Each table once, however often it appears (a subquery of its own): a criterion twice is the
    # same condition twice in the SQL, and PostgreSQL multiplies their selectivities into a bad plan.
    options = [criteria[table] for table in dict.fromkeys(find_tables(state.statement)) if table in criteria]
    if options:
        state.statement = state.statement.options(*options)


@event.listens_for(Session, "before_flush")
def _owner_of_new_records(session, _context, _instances) -> None:
    """A new organisation, programme, event, competition, user or audit entry belongs to the
    municipality of the request; a command writing into an install of one municipality, to that one."""
    from app.audit.models import AuditEntry
    from app.auth.models import User
    from app.competitions.models import Competition
    from app.events.models import Event
    from app.plan.models import Programme
    from app.registry.models import Organisation

    from app.imports.models import ImportDraft
    from app.plan_import.models import PlanImport

    from app.staff.models import StaffSettings, VacancySnapshot
    from app.campaigns.models import Campaign

    owners = (Organisation, Programme, Event, Competition, User, AuditEntry, PlanImport, ImportDraft, VacancySnapshot,
              StaffSettings, Campaign)
    new = [obj for obj in session.new if isinstance(obj, owners) and getattr(obj, "municipality_id", None) is None]
    if not new:
        return
    if _by_the_region():
        return  # the region's accounts make the region's records (a regional competition): no municipality
    m = current_municipality_id() or only_municipality_id(session)
    for obj in new:
        if isinstance(obj, User) and obj.role in REGIONAL_ROLES:
            continue
        obj.municipality_id = m


PARENTS = {"sections": ("programmes", "programme_id"), "activities": ("sections", "section_id"),
           "occurrences": ("activities", "activity_id")}


def owner_of_plan_rows(mapper, connection, target) -> None:
    """A new section, activity or occurrence takes its municipality from the row above it (the
    programme, section, activity — inserted first by the unit of work, so its key is set). Read
    once a flush per parent: a programme copied for a new period is thousands of rows."""
    if target.municipality_id is not None:
        return
    table, key = PARENTS[mapper.local_table.name]
    parent_id = getattr(target, key)
    from sqlalchemy.orm import object_session
    session = object_session(target)
    known = session.info.setdefault("plan_owners", {}) if session is not None else {}
    if (table, parent_id) not in known:
        parent = mapper.local_table.metadata.tables[table]
        known[(table, parent_id)] = connection.execute(
            select(parent.c.municipality_id).where(parent.c.id == parent_id)).scalar()
    target.municipality_id = known[(table, parent_id)]


@event.listens_for(Session, "after_flush_postexec")
def _forget_plan_owners(session, _context) -> None:
    session.info.pop("plan_owners", None)


def listen_for_plan_rows() -> None:
    from app.plan.models import Activity, Occurrence, Section
    for model in (Section, Activity, Occurrence):
        if not event.contains(model, "before_insert", owner_of_plan_rows):  # (one per process, however many apps)
            event.listen(model, "before_insert", owner_of_plan_rows)


def _by_the_region() -> bool:
    from flask import has_request_context
    from flask_login import current_user
    return has_request_context() and current_user.is_authenticated and current_user.role in REGIONAL_ROLES


REGIONAL_ROLES = ("region_methodist", "region_admin")  # Role.REGIONAL: they belong to no municipality
NOWHERE = -1  # the scope of a municipal account without a municipality: nothing
VIEWING = "viewing_municipality"  # in the login session: which municipality a regional account reads


def only_municipality_id(session) -> int | None:
    """The install's municipality while it has one; None once there are several (a command must
    then say which)."""
    from .models import Municipality
    ids = session.execute(select(Municipality.id).limit(2)).scalars().all()
    return ids[0] if len(ids) == 1 else None


def init_app(app) -> None:
    from flask import request, session
    from flask_login import current_user

    listen_for_plan_rows()

    @app.before_request
    def _enter_municipality():
        if request.endpoint in ("static", "main.healthz"):  # no records read: no login, no question
            return
        user = current_user._get_current_object()
        if not user.is_authenticated:
            enter(None)
        elif user.role in REGIONAL_ROLES:  # the municipality the region is looking at (app/region/)
            enter(session.get(VIEWING))
        else:  # a municipal account that lost its municipality sees nothing rather than everything
            enter(user.municipality_id or NOWHERE)

