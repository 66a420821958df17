"""Print view and Excel exports of the plan and the status matrix."""
from datetime import date
from io import BytesIO
from urllib.parse import unquote

from openpyxl import load_workbook

from app.auth.models import Role
from app.extensions import db
from app.plan.models import Activity

from .conftest import count_queries
from .test_approval import approve
from .test_plan import activity_ids, row_data


def test_plan_xlsx_shape(actor, make_programme, app):
    programme = make_programme(activities=3, sections=2, title="Программа «Учитель»")
    ids = activity_ids(app, programme.id)
    methodist = actor(Role.METHODIST)
    methodist.post(f"/plan/activities/{ids[0]}", htmx=True,
                   data=row_data(app, ids[0], title="=1+1", responsible_text="@admin\x07 -1", document="+7"))
    response = methodist.get(f"/plan/{programme.id}/export.xlsx?cols=document")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition and "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]).startswith("План — Программа «Учитель»")

    ws = load_workbook(BytesIO(response.data)).active
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.right.text
    header_row = int(ws.print_title_rows.split(":")[0].strip("$"))
    assert [c.value for c in ws[header_row]] == ["№", "Мероприятие", "Сроки", "Ответственные", "Документ"]
    assert ws.cell(1, 5).value == "УТВЕРЖДАЮ"

    section_row = header_row + 1
    assert ws.cell(section_row, 1).value == "1" and ws.cell(section_row, 2).value == "Раздел 1"
    assert ws.cell(section_row, 2).font.bold
    assert f"B{section_row}:E{section_row}" in {str(r) for r in ws.merged_cells.ranges}

    first = ws[section_row + 1]
    assert first[0].value == "1.1"
    assert first[1].value == "=1+1" and first[1].data_type == "s"  # text, not a formula
    assert first[3].value == "@admin -1" and first[3].data_type == "s"  # control character dropped
    assert first[4].value == "+7" and first[1].alignment.wrap_text


def test_plan_xlsx_respects_filters(actor, make_programme, app):
    programme = make_programme(activities=2)
    ids = activity_ids(app, programme.id)
    methodist = actor(Role.METHODIST)
    methodist.post(f"/plan/activities/{ids[1]}", htmx=True, data=row_data(app, ids[1], deadline_text="Март 2030"))
    ws = load_workbook(BytesIO(methodist.get(f"/plan/{programme.id}/export.xlsx?period=2023").data)).active
    values = [c.value for c in ws["B"]]
    assert "Мероприятие 1" in values and "Мероприятие 2" not in values


def test_matrix_xlsx(actor, make_programme, make_org, app):
    app.config["TODAY"] = date(2023, 10, 1)
    try:
        programme = make_programme(activities=1)
        org = make_org("СОШ № 1")
        methodist = actor(Role.METHODIST)
        with app.app_context():
            occurrence_id = db.session.get(Activity, activity_ids(app, programme.id)[0]).occurrences[1].id
        methodist.post("/marks", htmx=True, data={"occurrence_id": str(occurrence_id), "organisation_id": str(org.id),
                                                  "quick": "done", "done_on": "2023-09-12", "view": "matrix"})
        response = methodist.get(f"/plan/{programme.id}/matrix.xlsx")
        ws = load_workbook(BytesIO(response.data)).active
        # occurrences down the page, organisations across
        assert [c.value for c in ws[3]] == ["№", "Мероприятие, срок", "СОШ № 1"]
        assert [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_col=3)] == [
            ["1.1", "Мероприятие 1\nсентябрь 2022", "просрочено"],
            ["1.1", "Мероприятие 1\nсентябрь 2023", "выполнено 12.09.2023"],
            ["1.1", "Мероприятие 1\nсентябрь 2024", None]]
        assert ws.print_title_rows.replace("$", "") == "3:3" and ws.print_title_cols.replace("$", "") == "A:B"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.scale == 80
    finally:
        app.config.pop("TODAY", None)


def test_print_view_has_the_approval_block_and_the_table(actor, make_programme, app, make_user):
    programme = make_programme(activities=2)
    with app.app_context():
        from app.auth.models import User
        head = make_user(Role.HEAD, username="pavlikova")
        user = db.session.get(User, head.id)
        user.full_name, user.position = "Т.П. Павликова", "Начальник МКУО ЦОКО"
        db.session.commit()
    methodist = actor(Role.METHODIST)
    html = methodist.get(f"/plan/{programme.id}/print?cols=status").get_data(as_text=True)
    assert '<div class="stamp">УТВЕРЖДАЮ</div>' in html and "Начальник МКУО ЦОКО" in html and "Т.П. Павликова" in html
    assert "<th class=\"extra\">Выполнение</th>" in html
    assert html.count('<tr class="section depth-1">') == 1 and "Мероприятие 2" in html
    assert 'class="topbar' not in html  # no navigation on the printed page
    app.config["TODAY"] = date(2023, 2, 1)
    approve(actor(Role.HEAD), programme.id, "45", "2023-01-11")
    app.config.pop("TODAY", None)
    html = methodist.get(f"/plan/{programme.id}/print").get_data(as_text=True)
    assert '<div class="stamp">УТВЕРЖДЕНА</div>' in html and "от 11.01.2023 № 45" in html


def test_export_query_counts_are_fixed(actor, make_programme, app):
    small = make_programme(activities=5)
    large = make_programme(activities=120, sections=4)
    head = actor(Role.HEAD)
    for path in ("/plan/{}/export.xlsx", "/plan/{}/matrix.xlsx", "/plan/{}/print"):
        with count_queries(app) as a:
            head.get(path.format(small.id))
        with count_queries(app) as b:
            assert head.get(path.format(large.id)).status_code == 200
        assert len(a) == len(b), path
