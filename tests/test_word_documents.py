"""The plan and the passport as Word documents: read back by the plan import they give the same
plan, and printed through LibreOffice they are A4 landscape (the passport portrait), nothing over
anything, nothing under 10 pt, the table's header on every page and the approval block on the first."""
import re
import subprocess
from io import BytesIO

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.demo.loader import load_demo
from app.extensions import db
from app.plan.models import Activity, Participants, Programme, Section
from app.plan.occurrences import apply_deadline
from app.plan.outline import build_outline
from app.plan_import.table import find_plan
from app.table_reading import read_tables
from tests.test_exports_print import PDFTOTEXT, SOFFICE, measure


def _outline(app, programme_id: int) -> list[tuple]:
    """The plan as the import reads it: sections with their depth, activities with number, title,
    deadline and responsible as written."""
    with app.app_context():
        outline = build_outline(db.session.get(Programme, programme_id))
        found = []
        for ns in outline:
            found.append(("section", ns.number, ns.section.title, ns.depth))
            found += [("activity", na.number, na.activity.title, na.activity.deadline_text,
                       na.activity.responsible_text) for na in ns.activities]
        return found


def _read_back(data: bytes) -> list[tuple]:
    found = find_plan(read_tables(data))
    return [("section", i.number, i.title, i.depth) if i.kind == "section"
            else ("activity", i.number, i.title, i.deadline, i.responsible) for i in found.items]


@pytest.fixture
def every_kind(app, make_programme):
    """A plan with nested sections, multi-line cells, a deadline the parser cannot read and an
    activity with nobody responsible."""
    programme = make_programme(activities=2, title="Программа развития кадрового потенциала на 2025-2027 годы",
                               start_year=2025, end_year=2027)
    with app.app_context():
        top = db.session.scalar(select(Section).where(Section.programme_id == programme.id))
        sub = Section(programme_id=programme.id, parent_id=top.id, title="Работа с молодыми педагогами", position=5)
        second = Section(programme_id=programme.id, title="Мониторинг", position=6)
        db.session.add_all([sub, second])
        db.session.flush()
        for section, title, deadline, responsible in (
                (sub, "Школа молодого учителя:\n- заседания;\n- открытые уроки", "Ежегодно,\nоктябрь – апрель",
                 "Давиденко Е.В.\nРуководители ОО"),
                (sub, "Наставничество в ОО", "по мере необходимости", ""),
                (second, "Отчёт о реализации программы", "до 20 декабря 2025, 2026", "МКУО ЦОКО")):
            activity = Activity(section_id=section.id, position=0, title=title, deadline_text=deadline,
                                responsible_text=responsible, participants=Participants.CENTRE, occurrences=[],
                                responsible_people=[], organisations=[])
            apply_deadline(activity, 2025, 2027)
            db.session.add(activity)
        db.session.commit()
    return programme.id


def test_a_plan_of_every_kind_of_row_comes_back_the_same_from_word_and_excel(app, actor, every_kind):
    methodist = actor(Role.METHODIST)
    written = _outline(app, every_kind)
    assert any("\n" in str(v) for row in written for v in row)  # multi-line cells are in it
    for url in (f"/plan/{every_kind}/plan.docx", f"/plan/{every_kind}/export.xlsx"):
        response = methodist.get(url)
        assert response.status_code == 200, url
        assert _read_back(response.data) == written, url
    title = find_plan(read_tables(methodist.get(f"/plan/{every_kind}/plan.docx").data)).title
    assert title == "Программа развития кадрового потенциала на 2025-2027 годы"


def test_the_demo_plan_comes_back_the_same(app, actor):
    with app.app_context():
        programme = load_demo()
        programme_id = programme.id
    methodist = actor(Role.METHODIST)
    assert _read_back(methodist.get(f"/plan/{programme_id}/plan.docx").data) == _outline(app, programme_id)


def _pages(pdf, tmp_path) -> list[tuple[float, float, str]]:
    out = tmp_path / (pdf.stem + "-pages.html")
    subprocess.run([PDFTOTEXT, "-bbox-layout", str(pdf), str(out)], check=True)
    html = out.read_text()
    return [(float(w), float(h), " ".join(re.findall(r">([^<>]+)</word>", body)))
            for w, h, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)]


def test_the_word_documents_print_as_official_documents(app, actor, every_kind, tmp_path):
    with app.app_context():
        programme = load_demo()
        demo_id = programme.id
    methodist = actor(Role.METHODIST)
    files = {"plan": f"/plan/{demo_id}/plan.docx", "small": f"/plan/{every_kind}/plan.docx",
             "passport": f"/plan/{demo_id}/passport.docx"}
    for name, url in files.items():
        (tmp_path / f"{name}.docx").write_bytes(methodist.get(url).data)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *(str(tmp_path / f"{n}.docx") for n in files)],
                   check=True, capture_output=True, timeout=300)
    for name in files:
        overlaps, small = measure(tmp_path / f"{name}.pdf", tmp_path, smallest=10)
        assert not overlaps and not small, (name, overlaps[:5], small[:5])
    plan = _pages(tmp_path / "plan.pdf", tmp_path)
    assert len(plan) > 3
    for width, height, text in plan:
        assert (round(width), round(height)) == (842, 595)  # A4 landscape
        assert {"№", "Мероприятие", "Сроки", "Ответственные"} <= set(text.split())  # the header on every page
    assert "УТВЕРЖДАЮ" in plan[0][2] and "УТВЕРЖДАЮ" not in plan[1][2]
    assert f"Страница {len(plan)} из {len(plan)}" in plan[-1][2]
    passport = _pages(tmp_path / "passport.pdf", tmp_path)
    assert all((round(w), round(h)) == (595, 842) for w, h, _ in passport)  # A4 portrait
    assert "ПАСПОРТ" in passport[0][2] and "Цель программы" in " ".join(p[2] for p in passport)
    from docx import Document
    doc = Document(BytesIO((tmp_path / "small.docx").read_bytes()))
    cell = doc.tables[0].rows[5].cells[1]  # «Школа молодого учителя» with its three lines
    assert [p.text for p in cell.paragraphs] == ["Школа молодого учителя:", "- заседания;", "- открытые уроки"]
    assert {r.font.name for p in doc.paragraphs for r in p.runs if r.text} <= {None, "Times New Roman"}
    assert doc.styles["Normal"].font.name == "Times New Roman"


from tests.test_competitions import clock, schools, score, scoring, teachers  # noqa: E402,F401  (the fixtures)


def _words(data: bytes) -> list[str]:
    from docx import Document
    doc = Document(BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return texts


def test_the_amendments_and_the_protocol_in_word_print_with_their_blocks(app, actor, make_programme, scoring,  # noqa: F811
                                                                          tmp_path):
    from tests.test_approval import approve
    from tests.test_plan import activity_ids, row_data
    programme = make_programme(activities=3)
    ids = activity_ids(app, programme.id)
    approve(actor(Role.HEAD), programme.id)
    methodist = actor(Role.METHODIST)
    methodist.post(f"/plan/activities/{ids[0]}", htmx=True, data=row_data(
        app, ids[0], title="Мероприятие 1 (уточнено)", deadline_text="Ежегодно"))
    methodist.post(f"/plan/activities/{ids[2]}/delete", htmx=True)
    order = methodist.get(f"/plan/{programme.id}/changes/order.docx?order_number=15&order_date=2023-01-19")
    assert order.status_code == 200
    texts = _words(order.data)
    assert "УТВЕРЖДЕНЫ" in texts and "от 19.01.2023 № 15" in texts
    assert "1. Пункт 1.1 изложить в следующей редакции:" in texts and "Мероприятие 1 (уточнено)" in texts
    assert "Прежняя редакция, «Мероприятие»: Мероприятие 1" in texts
    assert "2. Пункт 1.3 «Мероприятие 3» исключить." in texts

    s = scoring
    score(s["jurors"][0], s, s["entries"][0], s["criteria"][0], "9")
    protocol = methodist.get(f"/competitions/{s['id']}/protocol.docx")
    assert protocol.status_code == 200
    texts = _words(protocol.data)
    assert texts[0] == "ПРОТОКОЛ\nзаседания жюри" and any("Петрова П.П." in t and "председатель" in t for t in texts)

    (tmp_path / "order.docx").write_bytes(order.data)
    (tmp_path / "protocol.docx").write_bytes(protocol.data)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "order.docx"), str(tmp_path / "protocol.docx")],
                   check=True, capture_output=True, timeout=300)
    for name in ("order", "protocol"):
        overlaps, small = measure(tmp_path / f"{name}.pdf", tmp_path, smallest=10)
        assert not overlaps and not small, (name, overlaps[:5], small[:5])
    order_pages = _pages(tmp_path / "order.pdf", tmp_path)
    assert all((round(w), round(h)) == (595, 842) for w, h, _ in order_pages)  # A4 portrait
    assert "УТВЕРЖДЕНЫ" in order_pages[0][2]
    protocol_pages = _pages(tmp_path / "protocol.pdf", tmp_path)
    assert all((round(w), round(h)) == (842, 595) for w, h, _ in protocol_pages)
    last = protocol_pages[-1][2]
    assert "Председатель жюри" in last and "Члены жюри" in last  # the signature lines on the last page


def test_the_years_report_in_word_has_its_tables_and_prints(app, actor, tmp_path):
    with app.app_context():
        load_demo()
        current = db.session.scalar(select(Programme.id).where(Programme.based_on_id.is_not(None)))
    methodist = actor(Role.METHODIST)
    response = methodist.get(f"/plan/{current}/report.docx?year=2025")
    assert response.status_code == 200
    from docx import Document
    doc = Document(BytesIO(response.data))
    assert doc.paragraphs[0].text == "Аналитический отчёт о реализации программы за 2025 год"
    headings = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert headings[0][:2] == ["№", "Показатель"] and headings[1][0] == "Составляющая"
    assert headings[2][0] == "Раздел" and headings[3][0] == "Организация"
    assert [r.cells[0].text for r in doc.tables[1].rows[1:]] == ["Сидц", "Сидз", "Сидм", "Инр"]
    assert len(doc.tables[3].rows) > 5  # the schools' completion, the chart's numbers
    (tmp_path / "report.docx").write_bytes(response.data)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "report.docx")], check=True, capture_output=True,
                   timeout=300)
    overlaps, small = measure(tmp_path / "report.pdf", tmp_path, smallest=10)
    assert not overlaps and not small, (overlaps[:5], small[:5])
    assert all((round(w), round(h)) == (595, 842) for w, h, _ in _pages(tmp_path / "report.pdf", tmp_path))
