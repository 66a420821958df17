"""Every Excel export printed as the users' offices print it: LibreOffice Calc converts it to
PDF, and pdftotext -bbox-layout measures the result — no two lines of text overlap, and no text
is smaller than 7 pt."""
import re
import shutil
import subprocess
from datetime import date, datetime
from itertools import combinations

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.campaigns.models import Campaign
from app.demo.loader import load_demo
from app.events.models import Event, Registration
from app.extensions import db
from app.plan.models import Programme
from app.registry.models import Person

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def measure(pdf, tmp_path, smallest: float = 7) -> tuple[list[str], list[str]]:
    """(overlapping lines, words smaller than `smallest` pt) of a PDF, page by page."""
    out = tmp_path / (pdf.stem + ".html")
    subprocess.run([PDFTOTEXT, "-bbox-layout", str(pdf), str(out)], check=True)
    overlaps, small = [], []
    for number, page in enumerate(out.read_text().split("<page ")[1:], start=1):
        words = [(index, float(a), float(b), float(c), float(d), text)
                 for index, (body) in enumerate(LINE.findall(page))
                 for a, b, c, d, text in WORD.findall(body[4])]
        for one, two in combinations(words, 2):
            if one[0] == two[0]:
                continue  # words of one line
            dx = min(one[3], two[3]) - max(one[1], two[1])
            dy = min(one[4], two[4]) - max(one[2], two[2])
            if dx > 1 and dy > 1.5:
                overlaps.append(f"page {number}: «{one[5]}» over «{two[5]}»")
        for _, _, y_min, _, y_max, text in words:
            if y_max - y_min < smallest:
                small.append(f"page {number}: «{text}» {y_max - y_min:.1f} pt")
    return overlaps, small


@pytest.fixture
def demo(app):
    app.config["TODAY"], app.config["NOW"] = date(2024, 3, 1), datetime(2024, 3, 1, 9)
    with app.app_context():
        load_demo()
        event = db.session.scalar(select(Event).where(Event.starts_at < datetime(2024, 3, 1)))
        people = db.session.scalars(select(Person).where(Person.position == "учитель").limit(25)).all()
        db.session.add_all(Registration(event_id=event.id, person_id=p.id, organisation_id=p.organisation_id,
                                        registered_at=datetime(2024, 1, 1), attended=i % 3 != 0)
                           for i, p in enumerate(people))
        db.session.commit()
        ids = dict(programme=db.session.scalar(select(Programme.id)), event=event.id, person=people[0].id,
                   current=db.session.scalar(select(Programme.id).where(Programme.based_on_id.is_not(None))),
                   campaign=db.session.scalar(select(Campaign.id).order_by(Campaign.id)))
    yield ids
    app.config.pop("TODAY", None)
    app.config.pop("NOW", None)


def test_exports_print_legibly_in_libreoffice(app, actor, demo, tmp_path):
    methodist = actor(Role.METHODIST)
    exports = {
        "plan": f"/plan/{demo['programme']}/export.xlsx?cols=result,document,status",
        "matrix": f"/plan/{demo['programme']}/matrix.xlsx",
        "signin": f"/events/{demo['event']}/participants.xlsx",
        "attendance": f"/events/{demo['event']}/attendance.xlsx",
        "history": f"/events/people/{demo['person']}/history.xlsx",
        "competitions": "/competitions/report.xlsx?year=2023",
        "pairs": "/mentoring/pairs.xlsx",
        "mentors": "/mentoring/mentors.xlsx?year=2023",
        "courses": "/courses/report.xlsx?year=2023",
        "report": f"/plan/{demo['current']}/report.xlsx?year=2025",
        "movement": "/staff/movement.xlsx?from=2010-01-01&to=2024-03-01",
        "numbers": "/staff/numbers.xlsx?on=2024-03-01",
        "network": "/associations/reports.xlsx?from=2023-09-01&to=2024-03-01",
        "campaign": f"/campaigns/{demo['campaign']}/consolidated.xlsx?all=1",
    }
    region = {"region-courses": "/region/courses.xlsx?year=2023",  # read by the region's account
              "region-competitions": "/region/competitions.xlsx?year=2023",
              "region-mentors": "/region/mentors.xlsx?year=2023"}
    exports.update(region)
    from tests.test_region import regional
    iro = regional(app, username="iro-print")
    files = []
    for name, url in exports.items():
        response = (iro if name in region else methodist).get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(response.data)
        files.append(str(path))
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *files], check=True, capture_output=True, timeout=300)
    problems = {}
    for name in exports:
        overlaps, small = measure(tmp_path / f"{name}.pdf", tmp_path)
        if overlaps or small:
            problems[name] = overlaps[:5] + small[:5]
    assert not problems, "\n".join(f"{name}: {p}" for name, items in problems.items() for p in items)
