"""Who answers a campaign and who keeps it.

A municipality's campaign (municipality_id set) is answered by its schools: a coordinator their own
school's report; its methodists open it, read every report, accept or return them. A regional
campaign (no municipality) is opened by the region's methodist and answered by each municipality
through its methodical centre: the municipality's methodists send their municipality's figures —
its schools' summed — and the region accepts or returns them.

The region's accounts read the campaign pages without a municipality's scope (every municipality's
answer to a regional campaign) and see only the regional campaigns."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.municipalities.scope import enter
from app.registry.models import Organisation, OrgKind

from .models import Campaign


def is_region() -> bool:
    return current_user.role in Role.REGIONAL


def as_region() -> None:
    """The region's pages of campaigns read every municipality (no municipality's scope)."""
    if is_region():
        enter(None)


def manages(campaign: Campaign | None) -> bool:
    """Opens (with none), accepts and returns: a municipality's editors its campaigns, the region's
    methodist the regional ones."""
    if campaign is None:
        return current_user.role in Role.EDITORS or current_user.role == Role.REGION_METHODIST
    if campaign.regional:
        return current_user.role == Role.REGION_METHODIST
    return current_user.role in Role.EDITORS


def reads_all(campaign: Campaign) -> bool:
    """Sees the board and every answer."""
    if campaign.regional:
        return is_region()
    return current_user.role in (*Role.EDITORS, Role.HEAD)


def answers(campaign: Campaign, respondent: Organisation) -> bool:
    """Fills and sends this respondent's report."""
    if campaign.regional:
        return current_user.role in Role.EDITORS and respondent.municipality_id == current_user.municipality_id
    return current_user.role == Role.SCHOOL and respondent.id == current_user.organisation_id


def load(campaign_id: int) -> Campaign:
    as_region()
    campaign = db.get_or_404(Campaign, campaign_id)
    if is_region() and not campaign.regional:
        abort(404)  # a municipality's own campaign is not the region's to see
    return campaign


def respondent_of(campaign: Campaign, organisation_id: int) -> Organisation:
    """The organisation whose report is asked for: a school for a municipality's campaign, a
    municipality's centre for a regional one. A coordinator's own school only, a municipality's
    methodists their own centre (the municipal scope: another's is not found) — else 404."""
    organisation = db.get_or_404(Organisation, organisation_id)
    if campaign.regional:
        if organisation.kind != OrgKind.CENTRE or current_user.role == Role.SCHOOL:
            abort(404)
        return organisation
    if not organisation.is_school:
        abort(404)
    if current_user.role == Role.SCHOOL and organisation.id != current_user.organisation_id:
        abort(404)
    return organisation


def respondents(campaign: Campaign) -> list[tuple[Organisation, str]]:
    """Who answers, with the name the tables give: the schools; or each municipality's (first)
    centre, named by its municipality, in the order of the municipalities' names."""
    from app.marks.queries import schools
    if not campaign.regional:
        return [(school, school.short_name) for school in schools()]
    from app.municipalities.models import Municipality
    found: dict[int, tuple[Organisation, str]] = {}
    for organisation, name in db.session.execute(
            select(Organisation, Municipality.name).join(Municipality, Municipality.id == Organisation.municipality_id)
            .where(Organisation.kind == OrgKind.CENTRE).order_by(Municipality.name, Organisation.id)):
        found.setdefault(organisation.municipality_id, (organisation, name))
    return list(found.values())


def respondent_name(campaign: Campaign, organisation: Organisation) -> str:
    if not campaign.regional:
        return organisation.short_name
    from app.municipalities.models import Municipality
    return db.session.scalar(select(Municipality.name).where(Municipality.id == organisation.municipality_id)) or ""
