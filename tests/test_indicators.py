"""Indicators with yearly targets and actuals, edited in place, and the effectiveness index Инр
against a worked example computed by hand from seed 004's formulas."""
import re
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.indicators.index import verdict
from app.indicators.models import Indicator, IndicatorSchoolValue, IndicatorValue
from app.marks.models import CompletionMark
from app.plan.models import Activity, Occurrence, Participants, Section
from app.registry.models import Organisation, OrgKind

from .conftest import count_queries


def add_indicator(app, programme_id, group, values, number="1", less=False, unit="%"):
    with app.app_context():
        indicator = Indicator(programme_id=programme_id, number=number, name=f"Показатель {number}", unit=unit,
                              group=group, less_is_better=less)
        indicator.values = [IndicatorValue(year=year, target=t, actual=a) for year, (t, a) in values.items()]
        db.session.add(indicator)
        db.session.commit()
        return indicator.id


@pytest.fixture
def worked_example(app, make_programme):
    """2023: three goal targets, two reached (one of them «less is better»); three task indicators
    reached to 0.9, 1.1 and 0.5; ten plan occurrences due in 2023 at the centre, eight done.
    By hand: Сидц = 2/3, Сидз = (0.9 + 1.1 + 0.5)/3 = 0.8333, Сидм = 8/10 = 0.8;
    Инр = 0.45·0.6667 + 0.35·0.8333 + 0.2·0.8 = 0.3 + 0.29167 + 0.16 = 0.75167 → band 3."""
    programme = make_programme(activities=0)
    add_indicator(app, programme.id, "goal", {2023: (80, 85)}, "1")
    add_indicator(app, programme.id, "goal", {2023: (80, 70)}, "2")
    add_indicator(app, programme.id, "goal", {2023: (10, 8)}, "3", less=True)
    add_indicator(app, programme.id, "goal", {2023: (50, None)}, "4")  # no actual yet: not counted
    add_indicator(app, programme.id, "task", {2023: (50, 45)}, "1.1")
    add_indicator(app, programme.id, "task", {2023: (20, 22)}, "1.2", unit="чел.")
    add_indicator(app, programme.id, "task", {2023: (10, 20)}, "1.3", less=True)  # 10/20 = 0.5
    with app.app_context():
        # The centre make_programme made: the one the plan's «методический центр» activities expect.
        centre = db.session.scalars(select(Organisation).where(Organisation.kind == OrgKind.CENTRE)
                                    .order_by(Organisation.id)).first()
        section = db.session.scalars(select(Section).where(Section.programme_id == programme.id)).first()
        if section is None:
            section = Section(programme_id=programme.id, title="Раздел", position=1)
            db.session.add(section)
        for month in range(1, 11):
            activity = Activity(section=section, position=month, title=f"Мероприятие {month}",
                                deadline_text=f"месяц {month}", participants=Participants.CENTRE,
                                responsible_people=[], organisations=[],
                                occurrences=[Occurrence(label=f"{month}.2023", due_date=date(2023, month, 28))])
            db.session.add(activity)
        # One occurrence in another year, not counted in 2023.
        db.session.add(Activity(section=section, position=20, title="Другой год", participants=Participants.CENTRE,
                                responsible_people=[], organisations=[],
                                occurrences=[Occurrence(label="2024", due_date=date(2024, 3, 1))]))
        db.session.flush()
        occurrences = db.session.scalars(select(Occurrence).join(Activity).where(Activity.section_id == section.id)
                                         .order_by(Occurrence.due_date)).all()
        for occurrence in occurrences[:8]:
            db.session.add(CompletionMark(occurrence_id=occurrence.id, organisation_id=centre.id, status="done"))
        db.session.commit()
    return programme


def test_the_index_reproduces_the_worked_example(app, actor, worked_example):
    page = actor(Role.HEAD).get(f"/plan/{worked_example.id}/index?year=2023").get_data(as_text=True)
    assert "достигнуто 2 из 3 целевых ориентиров" in page and "без плана или факта: 1" in page
    assert re.findall(r"<td>([\d.]+)\s*<div", page) == ["0.67", "0.83", "0.80"]  # Сидц, Сидз, Сидм
    assert "выполнено 8 из 10 сроков плана в 2023 году" in page
    assert '<td id="index-value"><strong>0.75</strong>' in page
    assert "Программа в отчётном периоде реализована умеренно эффективно" in page


def test_the_bands_and_their_boundaries():
    assert [verdict(x)[0] for x in (0.8, 1.0, 1.2, 1.21, 2.0, 2.5, 0.79, 0.5, 0.49)] == [1, 1, 1, 2, 2, 2, 3, 3, 4]
    assert "плановые значения явно занижены" in verdict(2.5)[1]


def test_the_weights_are_edited_and_must_sum_to_one(app, actor, worked_example):
    methodist = actor(Role.METHODIST)
    bad = methodist.post(f"/plan/{worked_example.id}/index/weights",
                         data={"weight_goal": "0,5", "weight_tasks": "0,5", "weight_activities": "0,2", "year": "2023"})
    assert bad.status_code == 422 and "в сумме 1" in bad.get_data(as_text=True)
    ok = methodist.post(f"/plan/{worked_example.id}/index/weights",
                        data={"weight_goal": "0,5", "weight_tasks": "0,3", "weight_activities": "0,2", "year": "2023"})
    assert ok.status_code == 302
    page = methodist.get(f"/plan/{worked_example.id}/index?year=2023").get_data(as_text=True)
    # 0.5·0.6667 + 0.3·0.8333 + 0.2·0.8 = 0.3333 + 0.25 + 0.16 = 0.7433
    assert '<td id="index-value"><strong>0.74</strong>' in page


def test_a_target_and_actual_are_saved_in_place_and_bad_numbers_refused(app, actor, make_programme):
    programme = make_programme(activities=1)
    indicator_id = add_indicator(app, programme.id, "task", {}, "2.1")
    methodist = actor(Role.METHODIST)
    row = methodist.post(f"/plan/indicators/{indicator_id}/values/2023", htmx=True,
                         data={"target": "80", "actual": "85,5"})
    body = row.get_data(as_text=True)
    assert row.status_code == 200 and body.strip().startswith(f'<tr id="indicator-{indicator_id}">')
    assert "достигнуто" in body and 'value="85.5"' in body
    for data, message in [({"target": "120", "actual": ""}, "Доля — не больше 100 %."),
                          ({"target": "abc", "actual": ""}, "Число, например 85 или 85,5."),
                          ({"target": "-1", "actual": ""}, "Не может быть меньше нуля.")]:
        refused = methodist.post(f"/plan/indicators/{indicator_id}/values/2023", htmx=True, data=data)
        body = refused.get_data(as_text=True)
        assert refused.status_code == 422 and message in body and f'value="{data["target"]}"' in body
    with app.app_context():
        value = db.session.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id)).one()
        assert (value.target, value.actual) == (80, 85.5)
    missed = methodist.post(f"/plan/indicators/{indicator_id}/values/2024", htmx=True,
                            data={"target": "90", "actual": "60", "document": "Справка ЦОКО № 12"})
    body = missed.get_data(as_text=True)
    assert "не достигнуто, 67 %" in body and 'value="Справка ЦОКО № 12"' in body and "внёс(ла): " in body
    assert "достигнуто в 1 из 2 лет" in body  # for the whole period: 2023 reached, 2024 not, 2022 unknown
    head_view = actor(Role.HEAD).get(f"/plan/{programme.id}/indicators").get_data(as_text=True)
    assert "документ: Справка ЦОКО № 12" in head_view
    outside = methodist.post(f"/plan/indicators/{indicator_id}/values/2030", htmx=True, data={"target": "1"})
    assert outside.status_code == 422


def test_indicators_are_added_with_their_checks(app, actor, make_programme):
    programme = make_programme(activities=1)
    methodist = actor(Role.METHODIST)
    refused = methodist.post(f"/plan/{programme.id}/indicators", data={"name": "", "unit": "%", "group": "goal"})
    assert refused.status_code == 422 and "Заполните это поле." in refused.get_data(as_text=True)
    added = methodist.post(f"/plan/{programme.id}/indicators", data={
        "number": "1", "name": "Доля педагогов, прошедших диагностику", "unit": "%", "group": "goal", "source": "ЦОКО"})
    assert added.status_code == 302
    page = methodist.get(f"/plan/{programme.id}/indicators").get_data(as_text=True)
    assert "Доля педагогов, прошедших диагностику" in page
    school = actor(Role.SCHOOL)
    assert school.get(f"/plan/{programme.id}/indicators").status_code == 200
    with app.app_context():
        indicator_id = db.session.scalar(select(Indicator.id))
    assert school.post(f"/plan/indicators/{indicator_id}/values/2023", data={"target": "5"}).status_code == 403


def query_counts(app, client, pages) -> list[int]:
    """The SQL statements each page takes (each must answer 200)."""
    counts = []
    for url in pages:
        with count_queries(app) as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    return counts


def test_indicator_pages_have_a_fixed_number_of_queries(app, actor, worked_example):
    head = actor(Role.HEAD)
    pages = [f"/plan/{worked_example.id}/indicators", f"/plan/{worked_example.id}/index?year=2023"]

    def measure():
        return query_counts(app, head, pages)

    before = measure()
    for n in range(10):
        add_indicator(app, worked_example.id, "task", {2022: (1, 1), 2023: (5, 4)}, f"9.{n}")
    assert measure() == before


def test_computed_indicators_on_a_small_set_computed_by_hand(app, make_programme, make_org):
    from app.courses.route_models import DiagnosticResult, IndividualRoute
    from app.events.models import Event, EventFormat, Registration
    from app.indicators.computed import SOURCES
    from app.plan.models import Programme
    from app.registry.models import Person

    programme = make_programme(activities=0)
    a, b = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        centre = db.session.scalars(select(Organisation).where(Organisation.kind == OrgKind.CENTRE)
                                    .order_by(Organisation.id)).first()
        section = Section(programme_id=programme.id, title="Раздел", position=1)
        by_centre = Activity(section=section, position=1, title="Совещание", participants=Participants.CENTRE,
                             responsible_people=[], organisations=[],
                             occurrences=[Occurrence(label="март 2023", due_date=date(2023, 3, 31)),
                                          Occurrence(label="май 2023", due_date=date(2023, 5, 31))])
        by_schools = Activity(section=section, position=2, title="Отчёт школ", participants=Participants.ALL_SCHOOLS,
                              responsible_people=[], organisations=[],
                              occurrences=[Occurrence(label="июнь 2023", due_date=date(2023, 6, 30))])
        db.session.add_all([section, by_centre, by_schools])
        db.session.flush()
        march, may = by_centre.occurrences
        june = by_schools.occurrences[0]
        db.session.add_all([
            CompletionMark(occurrence_id=march.id, organisation_id=centre.id, status="done", done_on=date(2023, 3, 20)),
            CompletionMark(occurrence_id=may.id, organisation_id=centre.id, status="done", done_on=date(2023, 6, 5)),
            CompletionMark(occurrence_id=june.id, organisation_id=a.id, status="done", done_on=date(2023, 6, 30)),
        ])
        # Seminars: two held in 2023 (3 registered, 2 present), one planned, one held in 2022.
        seminar = db.session.scalar(select(EventFormat))
        teachers = [Person(full_name=f"Учитель {n}", organisation_id=a.id) for n in range(3)] + \
            [Person(full_name="Учитель Б", organisation_id=b.id)]
        db.session.add_all(teachers)
        db.session.flush()
        events = [Event(format=seminar, topic=f"Семинар {n}", starts_at=when, ends_at=when, status=status,
                        registered_count=0) for n, (when, status) in enumerate([
                            (datetime(2023, 2, 1, 10), "held"), (datetime(2023, 10, 1, 10), "held"),
                            (datetime(2023, 11, 1, 10), "planned"), (datetime(2022, 11, 1, 10), "held")])]
        db.session.add_all(events)
        db.session.flush()
        for event, person, attended in [(events[0], teachers[0], True), (events[0], teachers[1], False),
                                        (events[1], teachers[2], True), (events[2], teachers[0], False),
                                        (events[3], teachers[1], False)]:
            db.session.add(Registration(event_id=event.id, person_id=person.id, organisation_id=a.id,
                                        registered_at=datetime(2022, 1, 1), attended=attended))
        # Diagnostic and routes of the school year 2023/24: one of four teachers took it, two have routes.
        db.session.add(DiagnosticResult(person_id=teachers[0].id, organisation_id=a.id, year=2023))
        db.session.add_all(IndividualRoute(person_id=p.id, organisation_id=p.organisation_id, year=2023)
                           for p in teachers[:2])
        db.session.commit()
        programme = db.session.get(Programme, programme.id)

        def value(key):
            found = SOURCES[key].compute(programme, 2023)
            return found.value, found.detail

        # Due: March and May at the centre, June at both schools = 4; on time: March, June at СОШ № 1 = 2.
        assert value("plan_on_time") == (50.0, "2 из 4 отметок в срок")
        assert value("seminar_attendance") == (66.7, "2 из 3 зарегистрированных")
        # The make_programme person at the centre is not a school teacher: four teachers.
        assert value("diagnostic_share") == (25.0, "1 из 4 педагогов")
        assert value("route_share") == (50.0, "2 из 4 педагогов")
        assert value("courses_this_year") == (0.0, "0 из 4 педагогов")


def test_a_computed_value_is_replaced_only_with_a_reason_and_both_are_shown(app, actor, make_programme, make_org,
                                                                            freeze):
    freeze(datetime(2023, 12, 20, 10))
    programme = make_programme(activities=0)
    make_org("СОШ № 1")
    methodist = actor(Role.METHODIST)
    methodist.post(f"/plan/{programme.id}/indicators", data={
        "number": "1", "name": "Доля педагогов с ИОМ", "unit": "%", "group": "goal", "computed": "route_share"})
    with app.app_context():
        indicator_id = db.session.scalar(select(Indicator.id))
    page = methodist.get(f"/plan/{programme.id}/indicators").get_data(as_text=True)
    assert "Рассчитывается: педагоги с индивидуальным образовательным маршрутом" in page
    assert "расчёт: нет данных" in page  # no teachers yet
    refused = methodist.post(f"/plan/indicators/{indicator_id}/values/2023", htmx=True,
                             data={"target": "50", "actual": "40"})
    assert refused.status_code == 422 and "укажите причину" in refused.get_data(as_text=True)
    saved = methodist.post(f"/plan/indicators/{indicator_id}/values/2023", htmx=True,
                           data={"target": "50", "actual": "40", "reason": "данные ИРО на 15.12"})
    body = saved.get_data(as_text=True)
    assert saved.status_code == 200 and "расчёт: нет данных" in body and 'value="данные ИРО на 15.12"' in body
    assert "не достигнуто, 80 %" in body
    head_view = actor(Role.HEAD).get(f"/plan/{programme.id}/indicators").get_data(as_text=True)
    assert "заменено: данные ИРО на 15.12" in head_view
    bad_unit = methodist.post(f"/plan/{programme.id}/indicators", data={
        "name": "Число ИОМ", "unit": "ед.", "group": "task", "computed": "route_share"})
    assert bad_unit.status_code == 422 and "выберите единицу «%»" in bad_unit.get_data(as_text=True)


def test_the_years_report_page_charts_and_excel(app, actor, worked_example):
    import io

    from openpyxl import load_workbook

    head = actor(Role.HEAD)
    page = head.get(f"/plan/{worked_example.id}/report?year=2023").get_data(as_text=True)
    assert '<strong id="report-index">Инр = 0.75</strong>' in page
    # Each chart carries its numbers as text for screen readers.
    with app.app_context():
        first = db.session.scalars(select(Indicator).order_by(Indicator.position, Indicator.id)).first()
    assert re.search(rf'<desc id="chart-{first.id}-d">2022: план не задан, факт нет %\. 2023: план 80, факт 85 %\.', page)
    assert '<desc id="chart-sections-d">1. Раздел 1: 80 %. </desc>' in page
    response = head.get(f"/plan/{worked_example.id}/report.xlsx?year=2023")
    ws = load_workbook(io.BytesIO(response.data)).active
    assert ws["A1"].value.startswith("Аналитический отчёт о реализации программы за 2023 год")
    assert [c.value for c in ws[3]] == ["№", "Показатель", "Ед.", "План", "Факт", "Отклонение", "Достигнуто"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_col=7)]
    assert rows[0][1] == "Целевые ориентиры ключевой цели"
    assert rows[1] == ["1", "Показатель 1", "%", 80, 85, 5, "да"]
    assert rows[3] == ["3", "Показатель 3", "%", 10, 8, -2, "да"]  # less is better: 8 of 10 reached
    assert rows[4] == ["4", "Показатель 4", "%", 50, None, None, "нет данных"]
    index_row = next(r for r in rows if r[1] and str(r[1]).startswith("Инр ="))
    assert index_row[3] == 0.75


def test_the_report_has_a_fixed_number_of_queries(app, actor, worked_example, make_org):
    make_org("СОШ № 1")
    head = actor(Role.HEAD)
    pages = [f"/plan/{worked_example.id}/report?year=2023", f"/plan/{worked_example.id}/report.xlsx?year=2023"]

    def measure():
        return query_counts(app, head, pages)

    def add_kinds(n):
        with app.app_context():
            school = db.session.scalars(select(Organisation).where(Organisation.kind == OrgKind.SCHOOL)).first()
            for k in range(n):
                db.session.add(Indicator(programme_id=worked_example.id, number=f"7.{k}", name="Расчётный",
                                         unit="%", group="task", computed="plan_on_time"))
                by_schools = Indicator(programme_id=worked_example.id, number=f"6.{k}", name="От школ", unit="%",
                                       group="task", per_school=True)
                db.session.add(by_schools)
                db.session.flush()
                db.session.add(IndicatorSchoolValue(indicator_id=by_schools.id, organisation_id=school.id, year=2023,
                                                    count=3, total=10))
            db.session.commit()

    add_kinds(1)
    before = measure()
    for n in range(10):
        add_indicator(app, worked_example.id, "goal", {2023: (5, 6)}, f"8.{n}")
    add_kinds(5)
    assert measure() == before


def test_schools_enter_their_own_figures_and_the_municipal_share_is_over_their_totals(app, actor, make_programme,
                                                                                      make_org, freeze):
    freeze(datetime(2023, 12, 20, 10))
    programme = make_programme(activities=0)
    a, b = make_org("СОШ № 1"), make_org("СОШ № 2")
    make_org("СОШ № 3")  # enters nothing: counted as a school that has not entered
    methodist = actor(Role.METHODIST)
    assert methodist.post(f"/plan/{programme.id}/indicators", data={
        "number": "2", "name": "Доля учителей, прошедших диагностику", "unit": "%", "group": "goal",
        "per_school": "y"}).status_code == 302
    with app.app_context():
        indicator_id = db.session.scalar(select(Indicator.id))
    methodist.post(f"/plan/indicators/{indicator_id}/values/2023", htmx=True, data={"target": "50"})
    first, second = actor(Role.SCHOOL, organisation=a), actor(Role.SCHOOL, organisation=b)
    cell = first.post(f"/plan/indicators/{indicator_id}/schools/{a.id}/2023", htmx=True, data={"count": "9", "total": "10"})
    assert cell.status_code == 200 and "90.0 %" in cell.get_data(as_text=True)
    second.post(f"/plan/indicators/{indicator_id}/schools/{b.id}/2023", htmx=True, data={"count": "1", "total": "30"})
    # 10 of 40 = 25 %, not the mean of 90 % and 3.3 %.
    page = methodist.get(f"/plan/{programme.id}/indicators").get_data(as_text=True)
    assert "по школам: 25 %" in page and "10 из 40 по 2 из 3 ОО" in page and "не достигнуто, 50 %" in page
    # A school enters only its own figure, and sees it beside the municipal one.
    assert first.post(f"/plan/indicators/{indicator_id}/schools/{b.id}/2023", data={"count": "5", "total": "5"}) \
        .status_code == 403
    for data, message in [({"count": "11", "total": "10"}, "Не может быть меньше, чем посчитано."),
                          ({"count": "3", "total": ""}, "Укажите, из скольких (больше нуля)."),
                          ({"count": "-1", "total": "10"}, "Не может быть меньше нуля.")]:
        refused = first.post(f"/plan/indicators/{indicator_id}/schools/{a.id}/2023", htmx=True, data=data)
        assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    own = first.get(f"/plan/{programme.id}/indicators").get_data(as_text=True)
    assert "ваша ОО:" in own and 'value="9"' in own and "по школам: 25 %" in own
    assert first.get(f"/plan/indicators/{indicator_id}/schools").status_code == 403
    by_school = methodist.get(f"/plan/indicators/{indicator_id}/schools").get_data(as_text=True)
    assert "СОШ № 3" in by_school and "10 из 40 по 2 из 3 ОО" in by_school
    # The municipal share counts in the index like any actual.
    with app.app_context():
        assert db.session.get(Indicator, indicator_id).derived
    index = methodist.get(f"/plan/{programme.id}/index?year=2023").get_data(as_text=True)
    assert "достигнуто 0 из 1 целевых ориентиров" in index


def indicator_document() -> bytes:
    """As seed 004 lays its indicators out: a Word table, group rows merged across, a column per year."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Целевые показатели (индикаторы) Программы")
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(table.rows[0].cells, ("№", "Наименование показателя", "Ед. изм.", "2022 год", "2023 год",
                                                 "2024 год"), strict=True):
        cell.text = text
    rows = [("group", "Целевые ориентиры ключевой цели"),
            ("1", "Доля педагогов, прошедших диагностику", "%", "70", "80", "90"),
            ("group", "Показатели задач"),
            ("1.1", "Количество районных семинаров", "ед.", "8", "10", "12"),
            ("1.2", "Доля педагогов с ИОМ", "%", "40%", "55,5", "")]
    for row in rows:
        cells = table.add_row().cells
        if row[0] == "group":
            cells[0].merge(cells[5]).text = row[1]
        else:
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_indicator_table_is_imported_from_the_programmes_document(app, actor, make_programme):
    import io

    from app.imports.models import ImportDraft

    programme = make_programme(activities=0)
    methodist = actor(Role.METHODIST)
    uploaded = methodist.post(f"/plan/{programme.id}/indicators/import",
                              data={"file": (io.BytesIO(indicator_document()), "программа.docx")},
                              content_type="multipart/form-data")
    assert uploaded.status_code == 302
    preview = methodist.get(uploaded.headers["Location"])
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Строк: 3. Готово к импорту: 3" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Indicator.id))) == 0  # nothing before «Импортировать»
        draft = db.session.scalar(select(ImportDraft.id))
    saved = methodist.post(f"/plan/{programme.id}/indicators/import/{draft}")
    assert saved.status_code == 302
    again = methodist.post(f"/plan/{programme.id}/indicators/import/{draft}")  # the second tab
    assert again.status_code == 302
    with app.app_context():
        found = [(i.number, i.name, i.unit, i.group, sorted((v.year, v.target) for v in i.values))
                 for i in db.session.scalars(select(Indicator).order_by(Indicator.position))]
    assert found == [
        ("1", "Доля педагогов, прошедших диагностику", "%", "goal", [(2022, 70), (2023, 80), (2024, 90)]),
        ("1.1", "Количество районных семинаров", "ед.", "task", [(2022, 8), (2023, 10), (2024, 12)]),
        ("1.2", "Доля педагогов с ИОМ", "%", "task", [(2022, 40), (2023, 55.5)]),
    ]


def test_an_indicator_import_with_a_bad_number_imports_nothing_until_the_row_is_left_out(app, actor, make_programme):
    import io

    from app.imports.models import ImportDraft

    programme = make_programme(activities=0, start_year=2022, end_year=2024)
    wb = Workbook()
    wb.active.append(["№", "Наименование показателя", "Ед. изм.", "2022", "2023", "2024"])
    wb.active.append(["1", "Доля педагогов с ИОМ", "%", 40, 50, 60])
    wb.active.append(["2", "Доля педагогов, прошедших курсы", "%", 80, 180, "много"])
    out = io.BytesIO()
    wb.save(out)
    methodist = actor(Role.METHODIST)
    uploaded = methodist.post(f"/plan/{programme.id}/indicators/import",
                              data={"file": (io.BytesIO(out.getvalue()), "показатели.xlsx")},
                              content_type="multipart/form-data")
    with app.app_context():
        draft = db.session.scalar(select(ImportDraft.id))
    base = f"/plan/{programme.id}/indicators/import/{draft}"
    page = methodist.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert "с замечаниями: 1" in page and "«много» — не число" in page
    refused = methodist.post(base)
    assert refused.status_code == 422 and "Импортируются все строки или ни одной" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Indicator.id))) == 0
    row = methodist.post(f"{base}/rows/2", data={"choice": "skip"}, htmx=True)
    assert row.status_code == 200 and "не импортируется" in row.get_data(as_text=True)
    assert 'id="import-summary" hx-swap-oob="true">Строк: 2. Готово к импорту: 1, не импортируются: 1' in \
        row.get_data(as_text=True)
    assert methodist.post(base).status_code == 302
    with app.app_context():
        assert [i.name for i in db.session.scalars(select(Indicator))] == ["Доля педагогов с ИОМ"]
    # Another programme's address, or a programme of the draft's kind elsewhere: not found.
    other = make_programme(activities=0, title="Другая программа")
    assert methodist.get(f"/plan/{other.id}/indicators/import/{draft}").status_code == 404


def test_the_other_computed_indicators_on_small_sets(app, make_programme, make_org, freeze):
    """Competitions, mentoring and courses read for the school year / year by hand."""
    from app.competitions.models import Competition, CompetitionKind, Entry
    from app.courses.models import Course, CourseProvider
    from app.indicators.computed import SOURCES
    from app.plan.models import Programme
    from app.registry.models import Person

    from .test_mentoring_queries import grow

    freeze(datetime(2025, 1, 15, 10))
    programme = make_programme(activities=0, start_year=2024, end_year=2026)
    first, second = make_org("СОШ № 1"), make_org("СОШ № 2")
    grow(app, [first], 1)  # one pair: 2 mentees in it, 1 young specialist without; 1 mentee answered with 8 of 10
    with app.app_context():
        kind = db.session.scalar(select(CompetitionKind))
        contest = Competition(kind=kind, title="Учитель года", level="municipal", school_year=2024, run_by_centre=True)
        regional = Competition(kind=kind, title="Учитель года Кубани", level="regional", school_year=2024)
        db.session.add_all([contest, regional])
        db.session.flush()
        db.session.add_all([Entry(competition_id=contest.id, organisation_id=first.id, status="accepted"),
                            Entry(competition_id=regional.id, organisation_id=second.id, status="accepted")])
        teacher = db.session.scalars(select(Person).where(Person.organisation_id == first.id)).first()
        provider = db.session.scalar(select(CourseProvider.id))
        db.session.add(Course(person_id=teacher.id, organisation_id=first.id, provider_id=provider, hours=36,
                              programme_title="ФГОС", starts_on=date(2023, 5, 1), ends_on=date(2023, 5, 20)))
        db.session.commit()
        programme = db.session.get(Programme, programme.id)
        teachers = db.session.scalar(select(func.count(Person.id)).where(Person.organisation_id.in_([first.id, second.id])))

        def value(key, year):
            found = SOURCES[key].compute(programme, year)
            return found.value, found.detail

        assert value("competition_schools", 2024) == (50.0, "1 из 2 ОО")  # the regional entry does not count
        assert value("young_in_pairs", 2024) == (66.7, "2 из 3 молодых специалистов")
        assert value("mentees_satisfied", 2024) == (100.0, "1 из 1 ответивших наставляемых")
        assert value("courses_three_years", 2024) == (round(100 / teachers, 1), f"1 из {teachers} педагогов")
        assert value("courses_this_year", 2024) == (0.0, f"0 из {teachers} педагогов")
        assert value("courses_three_years", 2026) == (0.0, f"0 из {teachers} педагогов")  # 2023 is out of 2024–2026
