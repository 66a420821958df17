"""Status at a glance: roll-ups in the plan table, filters, the matrix and the summary."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.marks.models import CompletionMark
from app.plan.models import Activity, Participants, Section

from .conftest import count_queries

TODAY = date(2023, 10, 5)


@pytest.fixture
def world(app, make_programme, make_org):
    """Two activities (Сентябрь 2022, 2023, 2024) for all of three schools; marks:
    2022 done by all three for the first activity; 2023 done by СОШ № 1 only."""
    app.config["TODAY"] = TODAY
    programme = make_programme(activities=2)
    orgs = [make_org(f"СОШ № {n}") for n in (1, 2, 3)]
    with app.app_context():
        first, second = db.session.scalars(select(Activity).join(Section).where(Section.programme_id == programme.id)
                                           .order_by(Activity.position)).all()
        occ = {o.label: o.id for o in first.occurrences}
        for org in orgs:
            db.session.add(CompletionMark(occurrence_id=occ["сентябрь 2022"], organisation_id=org.id, status="done",
                                          done_on=date(2022, 9, 10)))
        db.session.add(CompletionMark(occurrence_id=occ["сентябрь 2023"], organisation_id=orgs[0].id, status="done",
                                      done_on=date(2023, 9, 12)))
        db.session.commit()
        ids = dict(programme=programme.id, first=first.id, second=second.id, orgs=orgs, occ=occ)
    yield ids
    app.config.pop("TODAY", None)


def status_cell(html, activity_id):
    row = html[html.index(f'<tr id="activity-{activity_id}"'):]
    row = row[:row.index("</tr>")]
    return "<td" + row.split("<td")[6]  # the sixth cell: «Выполнение»


def test_plan_row_shows_current_occurrence_roll_up(actor, world):
    html = actor(Role.HEAD).get(f"/plan/{world['programme']}").get_data(as_text=True)
    first = status_cell(html, world["first"])
    assert "сентябрь 2023: 1 из 3" in first and "просрочено" in first
    assert "не выполнили: 2" in first and "СОШ № 2, СОШ № 3" in first
    second = status_cell(html, world["second"])
    assert "сентябрь 2022: 0 из 3" in second and "просрочено" in second


def test_status_before_the_due_date_is_not_overdue(actor, world, app):
    app.config["TODAY"] = date(2022, 9, 1)
    html = actor(Role.HEAD).get(f"/plan/{world['programme']}").get_data(as_text=True)
    cell = status_cell(html, world["second"])
    assert "сентябрь 2022: 0 из 3" in cell and "просрочено" not in cell


@pytest.mark.parametrize("query, shown", [
    ("status=overdue", {"first", "second"}),
    ("status=done", set()),
    ("period=2023-09", {"first", "second"}),
    ("period=2021", set()),
    ("status=overdue&org={org1}", {"second"}),  # СОШ № 1 has done the first one's current occurrence
    ("status=not_done", {"first", "second"}),
    ("status=bogus&period=20x", {"first", "second"}),  # nonsense is ignored, not a 500
])
def test_filters_are_in_the_url(actor, world, query, shown):
    query = query.format(org1=world["orgs"][0].id)
    response = actor(Role.HEAD).get(f"/plan/{world['programme']}?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert {name for name in ("first", "second") if f'id="activity-{world[name]}"' in html} == shown


def test_filter_by_person_and_section(actor, world, app):
    with app.app_context():
        person_id = db.session.get(Activity, world["first"]).responsible_people[0].id
        section_id = db.session.get(Activity, world["first"]).section_id
    head = actor(Role.HEAD)
    html = head.get(f"/plan/{world['programme']}?person={person_id}").get_data(as_text=True)
    assert f'id="activity-{world["first"]}"' in html
    html = head.get(f"/plan/{world['programme']}?person=99999").get_data(as_text=True)
    assert "Под выбранные условия ничего не подходит." in html
    fragment = head.get(f"/plan/{world['programme']}?section={section_id}", htmx=True).get_data(as_text=True)
    assert fragment.strip().startswith('<div id="plan-body">') and "Отобрано: 2 мероприятия" in fragment


def test_matrix_shows_every_cell(actor, world):
    html = actor(Role.METHODIST).get(f"/plan/activities/{world['first']}/matrix").get_data(as_text=True)
    cells = re.findall(r'<td id="cell-(\d+)-(\d+)" class="cell ([a-z-]*)', html)
    assert len(cells) == 9
    by = {(int(o), int(g)): state for o, g, state in cells}
    occ, orgs = world["occ"], world["orgs"]
    assert by[(occ["сентябрь 2022"], orgs[1].id)] == "done"
    assert by[(occ["сентябрь 2023"], orgs[0].id)] == "done"
    assert by[(occ["сентябрь 2023"], orgs[1].id)] == "late"
    assert by[(occ["сентябрь 2024"], orgs[2].id)] == ""
    assert "✓ выполнено" in html  # a methodist can mark from here


def test_methodist_marks_a_cell_in_the_matrix(actor, world, app):
    occ, org = world["occ"]["сентябрь 2023"], world["orgs"][1]
    response = actor(Role.METHODIST).post("/marks", htmx=True, data={
        "occurrence_id": str(occ), "organisation_id": str(org.id), "quick": "done", "view": "matrix"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.strip().startswith(f'<td id="cell-{occ}-{org.id}" class="cell done"') and "✓ 05.10.23" in body


def test_summary_by_section_and_organisation(actor, world):
    html = actor(Role.HEAD).get(f"/plan/{world['programme']}/summary").get_data(as_text=True)
    # Due so far: 2 activities × 2 occurrences × 3 schools = 12; done 4; overdue 8.
    assert "33% <small class=\"muted\">(4 из 12)</small>" in html
    assert re.search(r'СОШ № 1</a></td>\s*<td data-label="Выполнено"><meter[^>]*></meter> 50%', html)
    assert "Просрочено: 3 срока" in html
    # By responsible person: both activities belong to the programme's one methodist.
    assert re.search(r'По ответственным.*?Давиденко Е\.В\. [0-9a-f]{4}</a></td>\s*<td data-label="Выполнено"><meter[^>]*></meter> 33%', html, re.S)


def test_section_matrix(actor, world, app):
    with app.app_context():
        section_id = db.session.get(Activity, world["first"]).section_id
    html = actor(Role.HEAD).get(f"/plan/sections/{section_id}/matrix").get_data(as_text=True)
    assert html.count('class="cell') == 18
    assert "✓ выполнено" not in html  # the head only reads


def test_centre_only_activity_counts_the_centre(actor, world, app, make_org):
    centre = make_org("МКУО ЦОКО", kind="centre")
    with app.app_context():
        db.session.get(Activity, world["second"]).participants = Participants.CENTRE
        db.session.commit()
    html = actor(Role.HEAD).get(f"/plan/{world['programme']}").get_data(as_text=True)
    assert "сентябрь 2022: 0 из 1" in status_cell(html, world["second"])
    assert centre


@pytest.mark.parametrize("path", ["/plan/{p}/summary", "/plan/activities/{a}/matrix"])
def test_status_pages_query_count_is_fixed(actor, world, app, make_programme, path):
    head = actor(Role.HEAD)
    url = path.format(p=world["programme"], a=world["first"])
    with count_queries(app) as small:
        head.get(url)
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.programme_id == world["programme"]))
        for i in range(40):
            db.session.add(Activity(section_id=section.id, position=10 + i, title=f"Ещё {i}",
                                    participants="all_schools", deadline_text=""))
        db.session.commit()
    with count_queries(app) as large:
        assert head.get(url).status_code == 200
    assert len(small) == len(large)


def test_summary_lists_the_latest_overdue_and_all_on_request(actor, world):
    from app.plan import status_views
    shown, status_views.OVERDUE_SHOWN = status_views.OVERDUE_SHOWN, 2
    try:
        head = actor(Role.HEAD)
        html = head.get(f"/plan/{world['programme']}/summary").get_data(as_text=True)
        assert "Просрочено: 3 срока" in html and "Показаны последние 2 из 3." in html
        listed = html[html.index('class="summary overdue-list cards"'):]
        assert listed.count('<td data-label="№" class="num">') == 2 and "сентябрь 2022" not in listed
        html = head.get(f"/plan/{world['programme']}/summary?overdue=all").get_data(as_text=True)
        listed = html[html.index('class="summary overdue-list cards"'):]
        assert listed.count('<td data-label="№" class="num">') == 3 and "Показать все" not in listed
    finally:
        status_views.OVERDUE_SHOWN = shown
