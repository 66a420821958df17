"""Import of a plan from Word and Excel: files made here in the shapes real plans have (a Word
table with merged section rows as in seed 000; an Excel sheet with a two-line header and a
numbering row; a column holding both the deadline and the people), bad files, the preview's
fixes, the all-or-nothing import, and the round trip of the app's own export.xlsx."""
import io
import re
import time
import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.extensions import db
from app.plan.models import Activity, Programme, Section
from app.plan.outline import build_outline
from app.plan_import.models import PlanImport
from app.registry.models import Organisation, OrgKind, Person


def seed000_docx() -> bytes:
    """Seed 000's shape: a title paragraph, a table «№ | Мероприятия, действия | Сроки | Ответственные»,
    section rows merged across the table, numbering restarting in each section."""
    document = docx.Document()
    document.add_paragraph("УТВЕРЖДЕНА приказом МКУ ЦОКО от 11.01.2022 № 2")
    document.add_paragraph("МУНИЦИПАЛЬНАЯ ПРОГРАММА повышения профессиональной компетентности педагогов "
                           "общеобразовательных организаций Калининского района на 2022-2024 годы")
    document.add_paragraph("4. Мероприятия по реализации Программы")
    rows = [
        ("section", "1 этап подготовительный"),
        ("1", "Создание муниципальной рабочей группы", "январь 2022", "МКУО ЦОКО"),
        ("2", "Разработка и утверждение муниципальной программы", "январь 2022", "МКУО ЦОКО"),
        ("section", "2. Основной этап"),
        ("section", "2.1. Повышение компетентности педагогов в области работы с одаренными детьми"),
        ("1", "Выявление профессиональных дефицитов (мониторинг)", "Сентябрь 2022, 2023, 2024",
         "Давиденко Е.В.\nРуководство ОО"),
        ("2", "Подготовка персонифицированного плана (ИОМ)", "Ежегодно", "Е.В.Давиденко Руководство ОО"),
        ("section", "2.2. Наставничество"),
        ("1", "Круглый стол наставников", "ежеквартально", "Петровская Н.Н."),
    ]
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("№", "Мероприятия, действия", "Сроки", "Ответственные"), strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        if row[0] == "section":
            merged = cells[0].merge(cells[3])
            merged.text = row[1]
        else:
            for cell, text in zip(cells, row, strict=True):
                lines = text.split("\n")
                paragraph = cell.paragraphs[0]
                for i, line in enumerate(lines):
                    run = paragraph.add_run(line)
                    if i < len(lines) - 1:
                        run.add_break(WD_BREAK.LINE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def two_line_header_xlsx() -> bytes:
    """An Excel plan: a title, a two-line header («Сроки, ответственные» over nothing; «Содержание
    деятельности»), a numbering row 1 2 3 4, bold section rows not merged, a column with both
    the deadline and the people, and «2.6» typed twice."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "План мероприятий муниципальной программы наставничества на 2025-2027 годы"
    ws.append([])
    ws.append(["№ п/п", "Содержание деятельности", "Срок исполнения и ответственные", "Итоговый документ"])
    ws.append([None, None, None, "(форма представления)"])
    ws.append([1, 2, 3, 4])
    ws.append(["2", "Методическое сопровождение", None, None])
    for cell in ws[6]:
        cell.font = Font(bold=True)
    ws.append(["2.5", "Семинар для молодых педагогов\nвторая строка", "май, ежегодно Скорнякова Н.И., Кадочникова Т.Н.", "Приказ"])
    ws.append(["2.6", "Методический десант", "октябрь 2025 Петровская Н.Н.", "Справка"])
    ws.append(["2.6", "Конкурс «Педагогический дебют»", "по плану", ""])
    ws.append(["", "", "", ""])
    ws.append(["3", "Итоги", None, None])
    ws["B11"].font = Font(italic=True)
    ws.append(["3.1", "Анализ реализации программы", "декабрь 2027 Скорнякова Н.И.", "Аналитическая справка"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(methodist, data: bytes, name: str, target="new"):
    return methodist.post("/plan/import", data={"file": (io.BytesIO(data), name), "target": target},
                          content_type="multipart/form-data")


def draft_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(PlanImport.id)))


def do_import(methodist, import_id, **fields):
    with methodist.client.application.app_context():
        draft = db.session.get(PlanImport, import_id)
        data = {"target": str(draft.programme_id) if draft.programme_id else "new", "title": draft.title,
                "start_year": str(draft.start_year), "end_year": str(draft.end_year), "action": "import"}
    data.update(fields)
    return methodist.post(f"/plan/import/{import_id}", data=data)


def plan_rows(app, programme_id):
    """(number, kind, title, deadline, responsible) of a programme as the app numbers it."""
    with app.app_context():
        outline = build_outline(db.session.get(Programme, programme_id))
        result = []
        for ns in outline:
            result.append((ns.number, "section", ns.section.title, "", ""))
            for na in ns.activities:
                a = na.activity
                result.append((na.number, "activity", a.title, a.deadline_text, a.responsible_text))
        return result


def test_a_word_plan_with_merged_section_rows_comes_in_with_its_nesting(app, actor):
    methodist = actor(Role.METHODIST)
    response = upload(methodist, seed000_docx(), "программа.docx")
    assert response.status_code == 302
    import_id = draft_id(app)
    page = methodist.get(f"/plan/import/{import_id}").get_data(as_text=True)
    assert "Разделов: 4, мероприятий: 5" in page
    assert "Калининского района на 2022-2024 годы" in page  # the title is prefilled from the document
    assert "Петровская Н.Н.: нет в реестре" in page

    response = do_import(methodist, import_id)
    assert response.status_code == 302
    with app.app_context():
        programme = db.session.scalars(select(Programme).order_by(Programme.id.desc())).first()
        assert (programme.start_year, programme.end_year) == (2022, 2024)
        programme_id = programme.id
    assert plan_rows(app, programme_id) == [
        ("1", "section", "1 этап подготовительный", "", ""),
        ("1.1", "activity", "Создание муниципальной рабочей группы", "январь 2022", "МКУО ЦОКО"),
        ("1.2", "activity", "Разработка и утверждение муниципальной программы", "январь 2022", "МКУО ЦОКО"),
        ("2", "section", "Основной этап", "", ""),
        ("2.1", "section", "Повышение компетентности педагогов в области работы с одаренными детьми", "", ""),
        ("2.1.1", "activity", "Выявление профессиональных дефицитов (мониторинг)", "Сентябрь 2022, 2023, 2024",
         "Давиденко Е.В.\nРуководство ОО"),
        ("2.1.2", "activity", "Подготовка персонифицированного плана (ИОМ)", "Ежегодно", "Е.В.Давиденко Руководство ОО"),
        ("2.2", "section", "Наставничество", "", ""),
        ("2.2.1", "activity", "Круглый стол наставников", "ежеквартально", "Петровская Н.Н."),
    ]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
        assert "программа.docx" in entry.summary and entry.programme_id == programme_id
        activity = db.session.scalars(select(Activity).where(Activity.title == "Круглый стол наставников")).one()
        assert len(activity.occurrences) == 12


def test_an_excel_plan_with_a_two_line_header_and_deadline_and_people_in_one_column(app, actor):
    methodist = actor(Role.METHODIST)
    assert upload(methodist, two_line_header_xlsx(), "план.xlsx").status_code == 302
    import_id = draft_id(app)
    page = methodist.get(f"/plan/import/{import_id}").get_data(as_text=True)
    assert "Похоже на раздел" in page
    assert do_import(methodist, import_id).status_code == 302
    with app.app_context():
        programme = db.session.scalars(select(Programme).order_by(Programme.id.desc())).first()
        assert (programme.start_year, programme.end_year) == (2025, 2027)
        assert programme.title.startswith("План мероприятий муниципальной программы наставничества")
        programme_id = programme.id
        seminar = db.session.scalars(select(Activity).where(Activity.title.startswith("Семинар"))).one()
        assert seminar.document == "Приказ"
    assert plan_rows(app, programme_id) == [
        ("1", "section", "Методическое сопровождение", "", ""),
        ("1.1", "activity", "Семинар для молодых педагогов\nвторая строка", "май, ежегодно",
         "Скорнякова Н.И., Кадочникова Т.Н."),
        ("1.2", "activity", "Методический десант", "октябрь 2025", "Петровская Н.Н."),
        ("1.3", "activity", "Конкурс «Педагогический дебют»", "по плану", ""),
        ("2", "section", "Итоги", "", ""),
        ("2.1", "activity", "Анализ реализации программы", "декабрь 2027", "Скорнякова Н.И."),
    ]


def test_the_apps_own_export_imports_back_into_an_identical_plan(app, actor, make_programme):
    programme = make_programme(activities=7, sections=3)
    with app.app_context():  # a subsection, multi-line text, a deadline the parser does not know
        section = db.session.scalars(select(Section).where(Section.programme_id == programme.id)
                                     .order_by(Section.position)).first()
        sub = Section(programme_id=programme.id, parent_id=section.id, title="Подраздел", position=9)
        db.session.add(sub)
        sub.activities.append(Activity(position=1, title="Строка один\nстрока два", deadline_text="по запросу",
                                       responsible_text="Руководство ОО\nПедагоги", occurrences=[],
                                       responsible_people=[], organisations=[]))
        db.session.commit()
    methodist = actor(Role.METHODIST)
    exported = methodist.get(f"/plan/{programme.id}/export.xlsx").data
    assert upload(methodist, exported, "План.xlsx").status_code == 302
    response = do_import(methodist, draft_id(app))
    assert response.status_code == 302, re.findall(r'class="error[^"]*"[^>]*>([^<]+)', response.get_data(as_text=True))
    with app.app_context():
        copy = db.session.scalars(select(Programme).order_by(Programme.id.desc())).first()
        assert copy.id != programme.id and copy.title == programme.title
        assert (copy.start_year, copy.end_year) == (2022, 2024)
    assert plan_rows(app, copy.id) == plan_rows(app, programme.id)


def test_rows_go_into_an_existing_programme_after_its_sections(app, actor, make_programme):
    programme = make_programme(activities=2)
    methodist = actor(Role.METHODIST)
    assert upload(methodist, seed000_docx(), "план.docx", target=str(programme.id)).status_code == 302
    assert do_import(methodist, draft_id(app)).status_code == 302
    rows = plan_rows(app, programme.id)
    assert rows[0][:3] == ("1", "section", "Раздел 1") and rows[3][:3] == ("2", "section", "1 этап подготовительный")
    with app.app_context():
        assert db.session.scalar(select(func.count(Programme.id))) == 1


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_without_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("Пояснительная записка без таблицы")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def table_without_header() -> bytes:
    wb = Workbook()
    wb.active.append(["Фамилия", "Имя", "Класс"])
    wb.active.append(["Иванов", "Иван", "5А"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("data, name, message", [
    (b"just some text, not a spreadsheet", "план.xlsx", "не файл Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "план.xlsx", "защищён паролем"),
    (b"PK\x03\x04 broken zip", "план.docx", "повреждён"),
    (zip_of({"xl/workbook.xml": b"\0" * (80 * 1024 * 1024)}), "бомба.xlsx", "zip-бомб"),
    (zip_of({"xl/workbook.xml": b"<not xml"}), "кривой.xlsx", "повреждён"),
    (zip_of({"mimetype": b"application/epub+zip"}), "книга.docx", "не файл Excel"),
    (docx_without_table(), "записка.docx", "нет таблицы"),
    (table_without_header(), "список.xlsx", "Не найдена строка заголовка"),
    (b"", "пусто.xlsx", "пустой"),
])
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_kept(app, actor, data, name, message):
    methodist = actor(Role.METHODIST)
    response = upload(methodist, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(PlanImport.id))) == 0


def test_an_xml_entity_trick_is_not_expanded(app, actor):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><workbook>&c;</workbook>')
    methodist = actor(Role.METHODIST)
    response = upload(methodist, zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": bomb}), "x.xlsx")
    assert response.status_code == 422 and "повреждён" in response.get_data(as_text=True)


def test_ten_megabytes_of_noise_are_refused_within_a_second(app, actor):
    methodist = actor(Role.METHODIST)
    noise = bytes(range(256)) * (10 * 1024 * 1024 // 256)
    started = time.perf_counter()
    response = upload(methodist, noise, "шум.xlsx")
    assert response.status_code == 422 and time.perf_counter() - started < 1


def test_a_row_is_fixed_in_place_and_a_bad_fix_keeps_what_was_typed(app, actor):
    methodist = actor(Role.METHODIST)
    upload(methodist, two_line_header_xlsx(), "план.xlsx")
    import_id = draft_id(app)
    # Row 4 is «Конкурс … по плану»: its deadline is not understood.
    shown = methodist.get(f"/plan/import/{import_id}/rows/4", htmx=True).get_data(as_text=True)
    assert "Сроки не распознаны" in shown
    form = methodist.get(f"/plan/import/{import_id}/rows/4/edit", htmx=True)
    assert form.status_code == 200 and 'name="deadline"' in form.get_data(as_text=True)
    fixed = methodist.post(f"/plan/import/{import_id}/rows/4", htmx=True, data={
        "kind": "activity", "title": "Конкурс «Педагогический дебют»", "deadline": "ноябрь 2026",
        "participants": "all_schools", "depth": "1"})
    body = fixed.get_data(as_text=True)
    assert fixed.status_code == 200 and body.strip().startswith('<tr id="import-row-4"')
    assert "Сроки не распознаны" not in body and "ноябрь 2026" in body

    refused = methodist.post(f"/plan/import/{import_id}/rows/4", htmx=True, data={
        "kind": "activity", "title": "", "deadline": "мой новый срок", "participants": "all_schools", "depth": "1"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Заполните это поле." in body and "мой новый срок" in body
    with app.app_context():
        row = db.session.get(PlanImport, import_id).rows[3]
        assert row.data["title"] == "Конкурс «Педагогический дебют»" and row.data["deadline"] == "ноябрь 2026"


def test_an_empty_title_stops_the_whole_import(app, actor):
    methodist = actor(Role.METHODIST)
    upload(methodist, two_line_header_xlsx(), "план.xlsx")
    import_id = draft_id(app)
    methodist.post(f"/plan/import/{import_id}/rows/2", htmx=True, data={
        "kind": "activity", "title": "Семинар", "participants": "centre", "depth": "1"})
    with app.app_context():  # a title emptied behind the form's back (an old tab)
        row = db.session.get(PlanImport, import_id).rows[2]
        row.data = {**row.data, "title": ""}
        db.session.commit()
    response = do_import(methodist, import_id)
    assert response.status_code == 422 and "пустым названием: 1" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Programme.id))) == 0
        assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_importing_twice_makes_one_programme(app, actor):
    methodist = actor(Role.METHODIST)
    upload(methodist, seed000_docx(), "план.docx")
    import_id = draft_id(app)
    assert do_import(methodist, import_id).status_code == 302
    again = do_import(methodist, import_id)
    assert again.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Programme.id))) == 1
        assert db.session.scalar(select(func.count(Activity.id))) == 5


def test_names_are_linked_to_the_registry_added_or_kept_as_text(app, actor):
    with app.app_context():
        centre = Organisation(short_name="ЦОКО", name="Центр", kind=OrgKind.CENTRE, cluster="")
        db.session.add_all([centre, Person(full_name="Давиденко Елена Викторовна", organisation=centre)])
        db.session.commit()
        centre_id = centre.id
    methodist = actor(Role.METHODIST)
    upload(methodist, seed000_docx(), "план.docx")
    import_id = draft_id(app)
    # Row 9 is «Круглый стол наставников» (Петровская Н.Н., not in the registry): add her.
    methodist.post(f"/plan/import/{import_id}/rows/9", htmx=True, data={
        "kind": "activity", "title": "Круглый стол наставников", "deadline": "ежеквартально",
        "responsible": "Петровская Н.Н.", "participants": "centre", "depth": "1", "person:Петровская Н.Н.": "new"})
    assert do_import(methodist, import_id).status_code == 302
    with app.app_context():
        linked = {a.title: sorted(p.full_name for p in a.responsible_people) for a in db.session.scalars(select(Activity))}
        assert linked["Выявление профессиональных дефицитов (мониторинг)"] == ["Давиденко Елена Викторовна"]
        assert linked["Подготовка персонифицированного плана (ИОМ)"] == ["Давиденко Елена Викторовна"]
        assert linked["Круглый стол наставников"] == ["Петровская Н.Н."]
        assert db.session.scalars(select(Person).where(Person.full_name == "Петровская Н.Н.")).one().organisation_id \
            == centre_id


def test_a_school_user_cannot_import(app, actor, make_org):
    school = actor(Role.SCHOOL, organisation=make_org())
    response = upload(school, seed000_docx(), "план.docx")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(PlanImport.id))) == 0


def seed004_shaped_docx() -> bytes:
    """Seed 004's shape, awkward on purpose: a passport table first, then the plan with «№ п/п |
    Наименование мероприятия | Срок исполнения | Ответственный исполнитель | Ожидаемый результат»
    and a numbering row; sections are plain rows with a number and no deadline; one responsible
    cell merged down over two activities."""
    document = docx.Document()
    passport = document.add_table(rows=2, cols=2)
    passport.cell(0, 0).text, passport.cell(0, 1).text = "Наименование программы", "Программа развития"
    passport.cell(1, 0).text, passport.cell(1, 1).text = "Сроки реализации", "2021-2024 годы"
    document.add_paragraph("План мероприятий по реализации программы «Развитие кадрового потенциала» на 2021-2024 годы")
    table = document.add_table(rows=2, cols=5)
    header = ("№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный исполнитель",
              "Ожидаемый результат")
    for i, text in enumerate(header):
        table.cell(0, i).text = text
        table.cell(1, i).text = str(i + 1)
    rows = [
        ("1", "Организационно-методическое обеспечение", "", "", ""),
        ("1.1", "Мониторинг профессиональных дефицитов", "ежегодно, октябрь", "Кадочникова Т.Н.", "Аналитическая справка"),
        ("1.2", "Составление ИОМ", "ноябрь 2021", "", "ИОМ"),
        ("2", "Развитие наставничества", "", "", ""),
        ("2.1", "Школа молодого педагога", "в течение года", "И.О. Неизвестный", ""),
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    table.cell(3, 3).merge(table.cell(4, 3))  # «Кадочникова Т.Н.» over 1.1 and 1.2
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_awkward_word_plan_after_a_passport_table(app, actor):
    methodist = actor(Role.METHODIST)
    assert upload(methodist, seed004_shaped_docx(), "004.docx").status_code == 302
    import_id = draft_id(app)
    page = methodist.get(f"/plan/import/{import_id}").get_data(as_text=True)
    assert "Неизвестный И.О.: нет в реестре" in page
    assert "на 2021-2024 годы" in page
    assert do_import(methodist, import_id).status_code == 302
    with app.app_context():
        programme = db.session.scalars(select(Programme).order_by(Programme.id.desc())).first()
        assert (programme.start_year, programme.end_year) == (2021, 2024)
        results = {a.title: a.expected_result for a in db.session.scalars(select(Activity))}
        assert results["Мониторинг профессиональных дефицитов"] == "Аналитическая справка"
    assert plan_rows(app, programme.id) == [
        ("1", "section", "Организационно-методическое обеспечение", "", ""),
        ("1.1", "activity", "Мониторинг профессиональных дефицитов", "ежегодно, октябрь", "Кадочникова Т.Н."),
        ("1.2", "activity", "Составление ИОМ", "ноябрь 2021", "Кадочникова Т.Н."),
        ("2", "section", "Развитие наставничества", "", ""),
        ("2.1", "activity", "Школа молодого педагога", "в течение года", "И.О. Неизвестный"),
    ]


def test_a_cell_merged_down_in_excel_repeats_in_each_row(app, actor):
    wb = Workbook()
    ws = wb.active
    ws.append(["№", "Мероприятие", "Сроки проведения", "Ответственные"])
    ws.append(["1", "Семинар", "март 2023", "Иванова А.А."])
    ws.append(["2", "Вебинар", "апрель 2023", None])
    ws.merge_cells("D2:D3")
    out = io.BytesIO()
    wb.save(out)
    methodist = actor(Role.METHODIST)
    assert upload(methodist, out.getvalue(), "план.xlsx").status_code == 302
    with app.app_context():
        rows = db.session.get(PlanImport, draft_id(app)).rows
        assert [(r.data["title"], r.data["responsible"]) for r in rows] == [("Семинар", "Иванова А.А."),
                                                                          ("Вебинар", "Иванова А.А.")]
