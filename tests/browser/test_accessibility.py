"""An automated accessibility check of the main pages: axe-core (vendored from npm,
tests/browser/vendor) run in Chromium; serious and critical violations of WCAG 2.1 A/AA fail,
colour contrast among them."""
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo.loader import load_demo
from app.extensions import db
from app.competitions.models import Competition
from app.events.models import Event
from app.mentoring.models import Pair
from app.plan.models import Programme

AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '')
            .replace(/\\s+/g, ' ').slice(0, 200)).join(' | '));
    }""")
    return found


@pytest.fixture
def demo(app):
    app.config["TODAY"], app.config["NOW"] = date(2024, 3, 1), datetime(2024, 3, 1, 9)
    with app.app_context():
        load_demo()
        ids = dict(programme=db.session.scalar(select(Programme.id)),
                   event=db.session.scalar(select(Event.id).order_by(Event.starts_at.desc())),
                   competition=db.session.scalar(select(Competition.id).where(Competition.run_by_centre.is_(True))),
                   pair=db.session.scalar(select(Pair.id)))
    yield ids
    app.config.pop("TODAY", None)
    app.config.pop("NOW", None)


def test_main_pages_have_no_serious_accessibility_violations(live_server, browser, demo):
    context = browser.new_context(bypass_csp=True)  # to add axe's script to the page
    page = context.new_page()
    page.goto(f"{live_server}/login")
    found = {"/login": violations(page)}
    pages = {
        "school1": ["/my", f"/events/{demo['event']}", f"/competitions/{demo['competition']}",
                    f"/mentoring/pairs/{demo['pair']}"],
        "metodist": [f"/plan/{demo['programme']}", f"/plan/{demo['programme']}/summary", "/events/",
                     "/competitions/", "/mentoring/", "/registry/people", f"/competitions/{demo['competition']}/sheet",
                     "/mentoring/pairs/new", f"/competitions/{demo['competition']}"],
    }
    for username, urls in pages.items():
        page.goto(f"{live_server}/login")
        page.get_by_label("Логин").fill(username)
        page.get_by_label("Пароль").fill("demo")
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url(lambda url: "/login" not in url)
        for url in urls:
            page.goto(live_server + url)
            found[f"{username} {url}"] = violations(page)
        page.goto(f"{live_server}/plan/")
        page.get_by_role("button", name="Выйти").click()
    context.close()
    bad = [f"{page_name}: {v}" for page_name, items in found.items() for v in items]
    assert not bad, "\n".join(bad)
