"""A methodist edits an indicator's target in place: the deviation and the chart below change
without a reload."""
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.indicators.models import Indicator, IndicatorValue
from tests.conftest import PASSWORD


def test_editing_a_target_moves_the_deviation_and_the_chart(live_server, app, make_programme, make_user,
                                                            browser_login, page):
    programme = make_programme(activities=1)
    make_user(Role.METHODIST, username="metodist")
    with app.app_context():
        indicator = Indicator(programme_id=programme.id, number="1", name="Доля педагогов с курсами за 3 года",
                              unit="%", group="goal", values=[IndicatorValue(year=2023, target=60, actual=54)])
        db.session.add(indicator)
        db.session.commit()
        indicator_id = db.session.scalar(select(Indicator.id))

    browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}/indicators")
    page.evaluate("window.notReloaded = true")
    row = page.locator(f"#indicator-{indicator_id}")
    expect(row).to_contain_text("не достигнуто, 90 %")
    chart = page.locator(f"#chart-{indicator_id}-d")
    expect(chart).to_contain_text("2023: план 60, факт 54 %.")

    target = row.get_by_label("1 2023: план")
    target.fill("50")
    target.press("Tab")  # the change is sent when the field is left
    expect(row).to_contain_text("достигнуто")
    expect(row).not_to_contain_text("не достигнуто")
    expect(page.locator(f"#chart-{indicator_id}-d")).to_contain_text("2023: план 50, факт 54 %.")
    assert page.evaluate("window.notReloaded") is True
    with app.app_context():
        assert db.session.scalars(select(IndicatorValue.target)).one() == 50
