"""The demo region `make run` loads: three municipalities from the seeds, each kept to itself, the
region's accounts seeing them side by side, and a regional competition to forward winners to."""
import re

from sqlalchemy import func, select

from app.auth.models import User
from app.competitions.models import Competition
from app.demo.region import load_demo_region
from app.extensions import db
from app.municipalities.models import Municipality
from app.plan.models import Activity, Programme, Section
from tests.conftest import login


def _login(app, username):
    client = app.test_client()
    assert login(client, username, "demo").status_code == 302
    return client


def test_the_demo_region_has_three_municipalities_from_the_seeds(app):
    with app.app_context():
        load_demo_region()
        municipalities = {m.short_name: m.id for m in db.session.scalars(select(Municipality))}
        assert set(municipalities) == {"Калининский р-н", "г.о. Баксан", "Усть-Лабинский р-н"}
        programmes = {title: (m, start, end, count) for title, m, start, end, count in db.session.execute(
            select(Programme.title, Programme.municipality_id, Programme.start_year, Programme.end_year,
                   func.count(Activity.id)).join(Section, Section.programme_id == Programme.id)
            .join(Activity, Activity.section_id == Section.id).group_by(Programme.id))}
        baksan = programmes["Программа по формированию системы профессионального развития и устранения дефицитов "
                            "педагогических работников в г.о. Баксан на 2021–2024 годы"]
        assert baksan[0] == municipalities["г.о. Баксан"] and (baksan[1], baksan[2]) == (2021, 2024)
        assert baksan[3] == 47  # seed 004's plan: 1–48, № 34 missing in the document
        assert programmes[next(k for k in programmes if k.endswith("на 2025–2028 годы"))][0] == baksan[0]  # under way
        cycle = next(v for k, v in programmes.items() if "управленческий цикл" in k)
        assert cycle[0] == municipalities["Усть-Лабинский р-н"] and cycle[3] >= 30
        sections = db.session.scalars(select(Section.title).join(Programme).where(
            Programme.title.like("%управленческий цикл%")).order_by(Section.position)).all()
        assert sections[:3] == ["Цели", "Показатели", "Методы сбора и обработки информации"]
        deadline = db.session.scalar(select(Activity.deadline_text).join(Section).join(Programme).where(
            Programme.municipality_id == municipalities["г.о. Баксан"], Activity.title.like("Проведение диагностики%")))
        assert deadline == "ноябрь 2021 г., далее - ежегодно"  # as written
        regional = db.session.scalar(select(Competition).where(Competition.level == "regional",
                                                               Competition.run_by_centre.is_(True)))
        assert regional.municipality_id is None
        assert {u.username for u in db.session.scalars(select(User).where(
            User.municipality_id == municipalities["г.о. Баксан"]))} == {
            "baksan-admin", "baksan-metodist", "baksan-school1", "baksan-head"}
        regional_id = regional.id

    # Each municipality's accounts see their own programme only.
    baksan = _login(app, "baksan-metodist")
    plans = baksan.get("/plan/").get_data(as_text=True)
    assert "г.о. Баксан" in plans and "Калининского" not in plans and "управленческий цикл" not in plans
    assert "Калининск" not in _login(app, "ustlab-metodist").get("/plan/").get_data(as_text=True)
    # Its winner can go forward to the region's competition.
    page = baksan.get(f"/competitions/{regional_id}").get_data(as_text=True)
    assert "Выдвинуть победителей и призёров муниципального этапа" in page and 'name="entry"' in page
    # The region sees the three side by side, each with its plan figures.
    iro = _login(app, "iro")
    side = iro.get("/region/").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td><strong>([^<]+)</strong>", side)
    assert rows == ["Городской округ Баксан", "Калининский район", "Усть-Лабинский район"]
    for short, m in municipalities.items():
        cells = iro.get(f"/region/plan-figures/{m}", query_string={"year": 2026}).get_data(as_text=True)
        assert "отметок в срок" in cells, short
