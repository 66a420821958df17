"""A juror scores entries in place; the jury's protocol prints with its signature lines on
the last page."""
from datetime import date
from io import BytesIO

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from app.auth.models import Role
from app.competitions.models import Criterion, JuryMember, Score
from app.extensions import db
from app.registry.models import Person
from tests.browser.conftest import settled
from tests.conftest import PASSWORD
from tests.test_competitions import add_entry, make_competition


def _contest(app, make_org, make_user, entries=3):
    school = make_org("СОШ № 1")
    competition_id, (nomination_id,) = make_competition(app, status="scoring", deadline=date(2023, 11, 20))
    with app.app_context():
        people = [Person(full_name=f"Участник {i:02d}", organisation_id=school.id) for i in range(entries)]
        db.session.add_all(people)
        db.session.commit()
        ids = [p.id for p in people]
    entry_ids = [add_entry(app, competition_id, [i], nomination_id) for i in ids]
    juror = make_user(Role.EXPERT, username="juror")
    with app.app_context():
        criteria = [Criterion(competition_id=competition_id, name="Урок", max_score=10, position=1),
                    Criterion(competition_id=competition_id, name="Эссе", max_score=5, position=2)]
        jury = [JuryMember(competition_id=competition_id, name="Петрова П.П.", user_id=juror.id, is_chair=True),
                JuryMember(competition_id=competition_id, name="Сидоров С.С."),
                JuryMember(competition_id=competition_id, name="Кузнецова К.К.")]
        db.session.add_all(criteria + jury)
        db.session.commit()
        return competition_id, entry_ids, [c.id for c in criteria], jury[0].id


def test_juror_scores_a_row_in_place_without_reload(live_server, app, make_org, make_user, browser_login):
    competition_id, entries, criteria, seat = _contest(app, make_org, make_user)
    page = browser_login("juror", PASSWORD)
    page.goto(f"{live_server}/competitions/{competition_id}/sheet")
    page.evaluate("window.notReloaded = true")
    row = page.locator(f"#sheet-row-{entries[0]}")
    lesson = row.get_by_label("Участник 00: Урок (из 10)")
    lesson.fill("8,5")
    lesson.press("Tab")
    expect(row.locator("td.total")).to_have_text("8,5")
    essay = row.get_by_label("Участник 00: Эссе (из 5)")
    essay.fill("6")  # over the maximum
    essay.press("Tab")
    expect(row.locator("td.score.has-error")).to_contain_text("Балл — число от 0 до 5.")
    settled(page)  # the swapped-in cell's input is wired when the swap settles
    essay = row.get_by_label("Участник 00: Эссе (из 5)")
    essay.fill("4")
    essay.press("Tab")
    expect(row.locator("td.total")).to_have_text("12,5")
    expect(row.locator("td.score.has-error")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    with app.app_context():
        assert sorted(db.session.execute(select(Score.criterion_id, Score.value)).all()) == [
            (criteria[0], 8.5), (criteria[1], 4.0)]
        assert {s.juror_id for s in db.session.scalars(select(Score))} == {seat}


def test_protocol_prints_with_signature_lines_on_its_last_page(live_server, app, make_org, make_user,
                                                                browser_login):
    competition_id, entries, criteria, seat = _contest(app, make_org, make_user, entries=45)
    make_user(Role.METHODIST, username="metodist")
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/competitions/{competition_id}/protocol")
    expect(page.locator("h1")).to_contain_text("ПРОТОКОЛ")
    page.emulate_media(media="print")
    pdf = PdfReader(BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(pdf.pages) >= 2
    for pdf_page in pdf.pages:
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 portrait
    last = pdf.pages[-1].extract_text()
    assert "Председатель жюри" in last and "Члены жюри" in last
    assert "Сидоров С.С." in last and "Кузнецова К.К." in last
    assert "Члены жюри" not in pdf.pages[0].extract_text()  # the signatures close the protocol
