"""Every view that htmx calls answers twice: a fragment for htmx, a full page without it; pages
travel compressed, static files are cached by version."""
import gzip
import re

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.plan.models import Activity, Section
from app.registry.models import Person


@pytest.fixture
def ids(app, make_programme, make_org):
    programme = make_programme(activities=2)
    org = make_org("СОШ № 7")
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.programme_id == programme.id))
        activity = db.session.scalar(select(Activity).where(Activity.section_id == section.id))
        person = Person(full_name="Сидорова Анна", organisation_id=org.id)
        db.session.add(person)
        db.session.commit()
        return dict(p=programme.id, s=section.id, a=activity.id, o=org.id, person=person.id)


HTMX_GETS = [
    ("/plan/{p}", "<div id=\"plan-body\">"),
    ("/plan/activities/{a}", "<tr id=\"activity-{a}\""),
    ("/plan/activities/{a}/edit", "<tr id=\"activity-{a}\" class=\"activity editing\""),
    ("/plan/sections/{s}", "<tbody id=\"section-{s}\""),
    ("/plan/sections/{s}/edit", "<tbody id=\"section-{s}\""),
    ("/plan/sections/{s}/activities/new", "<tr class=\"activity editing\""),
    ("/registry/organisations", "<section id=\"organisations-panel\">"),
    ("/registry/organisations/{o}", "<tr id=\"organisation-{o}\">"),
    ("/registry/organisations/{o}/edit", "<tr id=\"organisation-{o}\" class=\"editing\">"),
    ("/registry/people", "<section id=\"people-panel\">"),
    ("/registry/people/{person}", "<tr id=\"person-{person}\">"),
    ("/registry/people/{person}/edit", "<tr id=\"person-{person}\" class=\"editing\">"),
]


@pytest.mark.parametrize("url, fragment_start", HTMX_GETS)
def test_fragment_with_htmx_and_page_without(actor, ids, url, fragment_start):
    methodist = actor(Role.METHODIST)
    url, fragment_start = url.format(**ids), fragment_start.format(**ids)
    fragment = methodist.get(url, htmx=True)
    assert fragment.status_code == 200
    body = fragment.get_data(as_text=True)
    assert "<html" not in body
    assert body.strip().startswith(fragment_start), body[:200]
    assert "HX-Request" in fragment.headers.get("Vary", "")

    page = methodist.get(url, follow_redirects=True)
    assert page.status_code == 200
    assert "<html" in page.get_data(as_text=True)


def test_pages_are_compressed_and_static_files_cached_by_version(app, actor, make_programme):
    programme = make_programme(activities=40)
    methodist = actor(Role.METHODIST)
    plain = methodist.get(f"/plan/{programme.id}")
    packed = methodist.get(f"/plan/{programme.id}", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.data) * 5 < len(plain.data)
    # The same page but for the CSRF token, which carries the second it was signed in.
    token = re.compile(rb'[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}')
    assert token.sub(b"<token>", gzip.decompress(packed.data)) == token.sub(b"<token>", plain.data)
    assert "Accept-Encoding" in packed.headers["Vary"] and "HX-Request" in packed.headers["Vary"]
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{10})"', plain.get_data(as_text=True)).group(1)
    response = methodist.get(css)
    assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert methodist.get("/static/app.css").headers.get("Cache-Control", "") != response.headers["Cache-Control"]
