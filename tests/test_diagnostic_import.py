"""Import of the year's diagnostic from the regional centre's sheet: a column per area or one
column listing the deficits, names matched to the registry, all rows or none."""
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from app.auth.models import Role
from app.courses.route_models import DiagnosticResult
from app.imports.models import ImportDraft
from app.extensions import db
from app.registry.models import Person


def sheet(header, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Результаты диагностики профессиональных дефицитов педагогов, 2025"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def people(app, make_org):
    a, b = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        made = [Person(full_name="Петрова Анна Сергеевна", organisation_id=a.id),
                Person(full_name="Иванова А.А.", organisation_id=a.id),
                Person(full_name="Иванова А.А.", organisation_id=b.id)]
        db.session.add_all(made)
        db.session.commit()
        return {"a": a, "b": b, "petrova": made[0].id, "ivanova_a": made[1].id, "ivanova_b": made[2].id}


def upload(who, data, year="2025"):
    return who.post("/courses/diagnostics/import", data={"file": (io.BytesIO(data), "диагностика.xlsx"), "year": year},
                    content_type="multipart/form-data")


def results(app):
    with app.app_context():
        return {(r.person_id, r.year): sorted(a.name for a in r.deficits)
                for r in db.session.scalars(select(DiagnosticResult))}


def latest(app):
    with app.app_context():
        return db.session.scalar(select(func.max(ImportDraft.id)))


def test_a_column_per_area(app, actor, make_org):
    w = people(app, make_org)
    data = sheet(["№", "ФИО педагога", "ОО", "Предметные", "Методические", "Цифровые компетенции"],
                 [[1, "Петрова Анна Сергеевна", "МБОУ СОШ № 1", "+", "", "да"],
                  [2, "Иванова Алла Андреевна", "МБОУ СОШ № 2", "-", "1", "нет"]])
    methodist = actor(Role.METHODIST)
    assert upload(methodist, data).status_code == 302
    page = methodist.get(f"/courses/diagnostics/import/{latest(app)}").get_data(as_text=True)
    assert "предметные, цифровые" in page and "методические" in page
    assert methodist.post(f"/courses/diagnostics/import/{latest(app)}").status_code == 302
    assert results(app) == {(w["petrova"], 2025): ["предметные", "цифровые"], (w["ivanova_b"], 2025): ["методические"]}


def test_one_column_listing_the_deficits_and_a_name_to_choose(app, actor, make_org):
    w = people(app, make_org)
    data = sheet(["ФИО", "Выявленные дефициты"],
                 [["Иванова А.А.", "функциональная грамотность; инклюзивное образование; умение петь"],
                  ["Кузнецов К.К.", ""]])
    methodist = actor(Role.METHODIST)
    upload(methodist, data)
    draft = latest(app)
    page = methodist.get(f"/courses/diagnostics/import/{draft}").get_data(as_text=True)
    assert "несколько педагогов с таким именем" in page and "не распознаны: умение петь" in page
    refused = methodist.post(f"/courses/diagnostics/import/{draft}")
    assert refused.status_code == 422 and results(app) == {}
    methodist.post(f"/courses/diagnostics/import/{draft}/rows/1", data={"choice": str(w["ivanova_a"])}, htmx=True)
    methodist.post(f"/courses/diagnostics/import/{draft}/rows/2", data={"choice": "skip"}, htmx=True)
    assert methodist.post(f"/courses/diagnostics/import/{draft}").status_code == 302
    assert results(app) == {(w["ivanova_a"], 2025): ["инклюзивное образование", "функциональная грамотность"]}
    assert methodist.post(f"/courses/diagnostics/import/{draft}").status_code == 302  # a second click: nothing more
    assert len(results(app)) == 1


def test_a_sheet_without_areas_is_refused(app, actor, make_org):
    people(app, make_org)
    methodist = actor(Role.METHODIST)
    response = upload(methodist, sheet(["ФИО", "Класс"], [["Петрова Анна Сергеевна", "5А"]]))
    assert response.status_code == 422 and "Не найдена строка заголовка" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ImportDraft.id))) == 0
