"""Every page a methodist and a school coordinator can open (the role × route matrix of
tests/test_permissions.py, on the demo's own records) fits its screen at 1400 × 900 and on a
phone at 390 × 844: no visible field or button sticks out of its table cell, and the page is
no wider than the screen. Only a container made to scroll sideways on purpose (the plan table,
the matrices, a score sheet — `overflow-x: auto`) may be wider than what holds it; it then
scrolls by itself while the page does not."""
from datetime import datetime

import pytest
from sqlalchemy import select, update

from app.auth.models import Role, User
from app.competitions.models import (
    Competition, CompetitionKind, Criterion, Entry, EntryMaterial, JuryMember, Nomination,
)
from app.courses.models import Course
from app.imports.models import ImportDraft
from app.plan_import.models import PlanImport
from app.demo.loader import load_demo
from app.staff.models import Vacancy, VacancySnapshot
from app.events.models import Event, EventFormat, EventMaterial, Registration
from app.extensions import db
from app.indicators.models import Indicator
from app.marks.models import CompletionMark
from app.mentoring.models import Pair, PlanStep, SurveyLink
from app.plan.models import Activity, Programme, Section
from app.registry.models import Organisation, Person
from tests.browser.conftest import settled
from tests.test_permissions import _associations, _campaign, _courses, _indicator_import, _mentoring, _plan_import, routes

SCREENS = {"wide": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}

# What a page must not do, measured in the browser: each problem is a line saying where.
MEASURE = """() => {
  const screen = document.documentElement.clientWidth;
  const problems = [];
  const page = document.documentElement.scrollWidth;
  if (page > screen + 1) problems.push(`the page is ${page - screen} px wider than the screen`);
  const where = el => {
    const text = (el.getAttribute('aria-label') || el.name || el.id || el.textContent || '').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} «${text}»`;
  };
  // Not shown: hidden, or inside a closed <details> (Chromium keeps a box for it).
  const shown = el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true});
  };
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
    const cell = el.closest('td, th');
    if (!cell || !shown(el)) continue;
    const r = el.getBoundingClientRect(), c = cell.getBoundingClientRect();
    const past = Math.max(r.right - c.right, c.left - r.left);
    if (past > 1) problems.push(`${where(el)} sticks out of its cell by ${Math.round(past)} px`);
  }
  // A heading row is the heading and one group of actions at its right, not pieces spread over it.
  for (const head of document.querySelectorAll('.page-head')) {
    if (head.children.length > 2) problems.push(`the heading row holds ${head.children.length} pieces, not a heading and its actions`);
  }
  // A container that scrolls sideways on purpose must scroll by itself; anything else wider
  // than the screen would be cut off (or scroll the page, counted above).
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= screen + 1 || r.left >= screen) continue;
    let box = el.parentElement, inside = false;
    while (box && box !== document.body) { if (scrolls(box)) { inside = true; break; } box = box.parentElement; }
    if (!inside) { problems.push(`${where(el)} reaches ${Math.round(r.right - screen)} px past the screen`); break; }
  }
  return problems;
}"""


def demo_world(app) -> dict:
    """The ids the matrix needs, taken from the demo: the current programme, СОШ № 1 (school1's
    school) and its records. What the demo does not hold (an import in progress, a spare list
    item) is made the way the matrix makes it."""
    with app.app_context():
        load_demo()
        one = lambda query: db.session.scalar(query.limit(1))  # noqa: E731
        programme = one(select(Programme).where(Programme.association_id.is_(None))  # not an association's plan
                        .order_by(Programme.start_year.desc()))
        school = one(select(Organisation).where(Organisation.short_name == "СОШ № 1"))
        section = one(select(Section).where(Section.programme_id == programme.id).order_by(Section.position))
        pair = one(select(Pair).where(Pair.organisation_id == school.id, Pair.status == "active").order_by(Pair.id))
        teacher_ids = db.session.scalars(select(Person.id).where(Person.organisation_id == school.id)
                                         .order_by(Person.id)).all()
        course = one(select(Course).where(Course.organisation_id == school.id).order_by(Course.id))
        mark = one(select(CompletionMark).join(CompletionMark.occurrence).join(Activity).join(Section)
                   .where(CompletionMark.organisation_id == school.id, Section.programme_id == programme.id)
                   .order_by(CompletionMark.id))
        occurrence = mark.occurrence
        activity = occurrence.activity
        now = datetime.now()
        future = one(select(Event).where(Event.starts_at > now).order_by(Event.starts_at))
        past = one(select(Event).where(Event.starts_at < now).order_by(Event.starts_at.desc()))
        booked = one(select(Registration).where(Registration.event_id == future.id)) or Registration(
            event_id=future.id, person_id=teacher_ids[0], organisation_id=school.id, registered_at=now)
        came = one(select(Registration).where(Registration.event_id == past.id)) or booked
        material = one(select(EventMaterial)) or EventMaterial(event_id=future.id, title="Программа",
                                                                url="https://example.org/p.pdf")
        contest = one(select(Competition).where(Competition.run_by_centre.is_(True), Competition.status == "scoring"))
        entry = one(select(Entry).where(Entry.competition_id == contest.id).order_by(Entry.id))
        outside = one(select(Competition).where(Competition.owner_id == school.id)) or contest
        outside_entry = one(select(Entry).where(Entry.competition_id == outside.id,
                                                Entry.organisation_id == school.id)) or entry
        spare_format = EventFormat(name="методический десант", position=99)
        spare_kind = CompetitionKind(name="Вид без конкурсов", position=99)
        bystander = one(select(User).where(User.username == "head"))
        db.session.add_all([booked, material, spare_format, spare_kind])
        db.session.commit()
        w = dict(programme=programme.id, section=section.id, activity=activity.id, version=activity.version,
                 school=school.id, org=school.id, person=course.person_id, occurrence=occurrence.id, mark=mark.id,
                 event=future.id, past=past.id, booked=booked.id, came=came.id, material=material.id,
                 spare=spare_format.id, user=bystander.id, contest=contest.id,
                 contest_nomination=one(select(Nomination.id).where(Nomination.competition_id == contest.id)) or 0,
                 candidate=teacher_ids[-1], spare_contest=contest.id, outside=outside.id, kind=spare_kind.id,
                 entry=entry.id, returned_entry=entry.id, regional=contest.id, winner_entry=entry.id,  # (POST only)
                 outside_entry=outside_entry.id,
                 entry_material=one(select(EntryMaterial.id)) or 0,
                 juror=one(select(JuryMember.id).where(JuryMember.competition_id == contest.id)),
                 spare_juror=0, criterion=one(select(Criterion.id).where(Criterion.competition_id == contest.id)),
                 spare_criterion=0, pair=pair.id, mentor=pair.mentor_id, mentee=pair.mentees[0].id,
                 step=one(select(PlanStep.id).where(PlanStep.pair_id == pair.id)),
                 link=one(select(SurveyLink.token)) or "", invitation="",  # (public: not walked)
                 vacancy=one(select(Vacancy.id).where(Vacancy.status == "open").order_by(Vacancy.id)),
                 vacancy_snapshot=one(select(VacancySnapshot.id)), reserve_member=0, employment=0,  # (POST only)
                 indicator=one(select(Indicator.id).where(Indicator.programme_id == programme.id, Indicator.per_school)))
        w["spare_form"] = w["spare_question"] = 0
        if w["step"] is None:
            w.update({k: v for k, v in _mentoring(school.id, pair.mentor_id, pair.mentees[0].id).items()
                      if k in ("step", "link")})
        w["plan_import"] = _plan_import()
        w.update(_courses(school.id, course.person_id, course.id))
        w["indicator_import"] = _indicator_import(programme.id)
        w["colleague"] = one(select(Person.id).where(Person.organisation_id == school.id,
                                                     Person.id != course.person_id).order_by(Person.id))
        w.update(_associations(school.id, course.person_id))
        w.update(_campaign(school.id))
        # The drafts are the methodist's: shown to their author's organisation.
        methodist = db.session.scalar(select(User).where(User.username == "metodist"))
        for model in (PlanImport, ImportDraft):
            db.session.execute(update(model).values(organisation_id=methodist.organisation_id))
        db.session.commit()
        return w


def leader_world(app, w) -> tuple[dict, list[str]]:
    """The demo leader's (`rmo`) own association and meeting in place of the matrix's, and the pages of
    their plan of work, which the matrix (on the municipality's programme) does not hold."""
    from app.associations.models import Association
    with app.app_context():
        one = lambda query: db.session.scalar(query.limit(1))  # noqa: E731
        rmo = one(select(Association).where(Association.name == "РМО учителей математики"))
        meeting = one(select(Event).where(Event.association_id == rmo.id).order_by(Event.starts_at))
        plan = one(select(Programme).where(Programme.association_id == rmo.id))
        activity = one(select(Activity.id).join(Section).where(Section.programme_id == plan.id))
        registration = one(select(Registration.id).where(Registration.event_id == meeting.id))
    w = dict(w, association=rmo.id, meeting=meeting.id, meeting_registration=registration)
    return w, [f"/plan/{plan.id}", f"/plan/{plan.id}/summary", f"/plan/activities/{activity}/matrix",
               f"/plan/{plan.id}/print"]


def pages(w, role) -> list[str]:
    """The pages (HTML, answered with 200) the role may open in the matrix."""
    found = []
    for endpoint, (method, url, allowed, _, status) in routes(w).items():
        if method != "GET" or status != 200 or allowed == "public" or role not in allowed:
            continue
        if url.split("?")[0].endswith((".xlsx", ".docx")) or endpoint in ("auth.logout", "static"):
            continue
        found.append(url)
    return found


@pytest.mark.parametrize("username, role", [("metodist", Role.METHODIST), ("school1", Role.SCHOOL),
                                            ("rmo", Role.ASSOCIATION_LEADER)])
def test_every_page_fits_its_screen(live_server, app, browser, username, role):
    w, extra = demo_world(app), []
    if role == Role.ASSOCIATION_LEADER:
        w, extra = leader_world(app, w)
    urls = pages(w, role) + extra
    assert len(urls) > {Role.METHODIST: 40, Role.SCHOOL: 30, Role.ASSOCIATION_LEADER: 6}[role]
    context = browser.new_context(viewport=SCREENS["wide"])
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill("demo")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(lambda url: "/login" not in url)
    found = []
    for screen, size in SCREENS.items():
        page.set_viewport_size(size)
        for url in urls:
            response = page.goto(live_server + url)
            assert response.status == 200, (url, response.status)
            settled(page)
            found += [f"{screen} {url}: {problem}" for problem in page.evaluate(MEASURE)]
    context.close()
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)
