"""«Новый период на основе этой программы»: a copy for the next years with the years in its
deadlines moved, each moved text reviewed first; marks and approvals stay behind."""
from datetime import date

from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.marks.models import CompletionMark
from app.plan.models import Activity, DeadlineState, Occurrence, Programme, Section, Stage
from app.plan.next_period import shift_years
from app.plan.occurrences import apply_deadline
from app.plan.deadlines import ParsedOccurrence
from app.registry.models import Organisation, OrgKind


def test_years_move_with_the_period():
    assert shift_years("Сентябрь 2022, 2023, 2024", 3) == "Сентябрь 2025, 2026, 2027"
    assert shift_years("до 15 мая 2022 г., далее — ежегодно", 3) == "до 15 мая 2025 г., далее — ежегодно"
    assert shift_years("2022/23 учебный год", 3) == "2025/26 учебный год"
    assert shift_years("2022-2024 годы", 3) == "2025-2027 годы"
    assert shift_years("Ежегодно", 3) == "Ежегодно"
    assert shift_years("приказ № 20225", 3) == "приказ № 20225"


def programme_with_history(app, make_programme):
    programme = make_programme(activities=3, sections=1, title="Программа на 2022-2024 годы")
    with app.app_context():
        school = Organisation(short_name="СОШ № 1", name="СОШ № 1", kind=OrgKind.SCHOOL, cluster="")
        db.session.add(school)
        section = db.session.scalars(select(Section).where(Section.programme_id == programme.id)).one()
        sub = Section(programme_id=programme.id, parent_id=section.id, title="Подраздел", position=5)
        db.session.add_all([sub, Stage(programme_id=programme.id, position=1, name="Подготовительный",
                                       period_text="январь 2022")])
        yearly = Activity(position=1, title="Семинар", deadline_text="Ежегодно", responsible_text="ЦОКО",
                          occurrences=[], responsible_people=[], organisations=[])
        by_hand = Activity(position=2, title="Отчёт", deadline_text="по особому графику", responsible_text="ЦОКО",
                           occurrences=[], responsible_people=[], organisations=[])
        sub.activities.extend([yearly, by_hand])
        apply_deadline(yearly, 2022, 2024)
        apply_deadline(by_hand, 2022, 2024, [ParsedOccurrence(date(2024, 2, 29), "отчёт за зиму")])
        db.session.flush()
        first = db.session.scalars(select(Occurrence).join(Activity).where(Activity.section_id == section.id)).first()
        db.session.add(CompletionMark(occurrence_id=first.id, organisation_id=school.id, status="done"))
        db.session.commit()
    return programme


def test_the_next_period_copies_the_plan_with_moved_years(app, actor, make_programme):
    source = programme_with_history(app, make_programme)
    methodist = actor(Role.METHODIST)
    page = methodist.get(f"/plan/{source.id}/next")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Сроки, которые сдвигаются: 3" in html and "Сентябрь 2025, 2026, 2027" in html
    assert "Программа на 2025-2027 годы" in html
    with app.app_context():
        first = db.session.scalars(select(Activity).join(Section).where(Section.programme_id == source.id)
                                   .order_by(Activity.id)).first().id
    response = methodist.post(f"/plan/{source.id}/next", data={
        "title": "Программа на 2025-2027 годы", "start_year": "2025", "end_year": "2027", "offset": "3",
        f"d-{first}": "Октябрь 2025, 2026, 2027"})
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalars(select(Programme).where(Programme.based_on_id == source.id)).one()
        assert (copy.title, copy.start_year, copy.end_year) == ("Программа на 2025-2027 годы", 2025, 2027)
        assert [s.period_text for s in copy.stages] == ["январь 2025"]
        sections = db.session.scalars(select(Section).where(Section.programme_id == copy.id)).all()
        assert sorted((s.title, s.parent_id is not None) for s in sections) == [("Подраздел", True),
                                                                                ("Раздел 1", False)]
        activities = {a.title: a for a in db.session.scalars(select(Activity).where(
            Activity.section_id.in_([s.id for s in sections])))}
        assert activities["Мероприятие 1"].deadline_text == "Октябрь 2025, 2026, 2027"
        assert activities["Мероприятие 2"].deadline_text == "Сентябрь 2025, 2026, 2027"
        assert [o.due_date for o in activities["Мероприятие 2"].occurrences] == [
            date(2025, 9, 30), date(2026, 9, 30), date(2027, 9, 30)]
        assert [o.label for o in activities["Семинар"].occurrences] == ["2025 год", "2026 год", "2027 год"]
        manual = activities["Отчёт"]
        assert manual.deadline_state == DeadlineState.MANUAL
        assert [(o.due_date, o.label) for o in manual.occurrences] == [(date(2027, 2, 28), "отчёт за зиму")]
        assert [p.id for p in activities["Мероприятие 1"].responsible_people]  # the registry links come along
        copied_occurrences = select(Occurrence.id).join(Activity).where(
            Activity.section_id.in_([s.id for s in sections]))
        assert db.session.scalar(select(func.count(CompletionMark.id)).where(
            CompletionMark.occurrence_id.in_(copied_occurrences))) == 0


def test_years_changed_without_recounting_show_the_review_again(app, actor, make_programme):
    source = make_programme(activities=1)
    methodist = actor(Role.METHODIST)
    response = methodist.post(f"/plan/{source.id}/next", data={
        "title": "Новая", "start_year": "2026", "end_year": "2028", "offset": "3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Годы изменились" in html and "Сентябрь 2026, 2027, 2028" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Programme.id))) == 1


def test_bad_years_and_an_empty_title_are_refused(app, actor, make_programme):
    source = make_programme(activities=1)
    methodist = actor(Role.METHODIST)
    response = methodist.post(f"/plan/{source.id}/next", data={
        "title": "", "start_year": "2025", "end_year": "2021", "offset": "3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "не может быть раньше года начала" in html
    response = methodist.post(f"/plan/{source.id}/next", data={
        "title": " ", "start_year": "2025", "end_year": "2027", "offset": "3"})
    assert response.status_code == 422 and "Укажите наименование" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Programme.id))) == 1


def test_the_same_next_period_sent_twice_is_made_once(app, actor, make_programme):
    source = make_programme(activities=2)
    methodist = actor(Role.METHODIST)
    data = {"title": "Следующая", "start_year": "2025", "end_year": "2027", "offset": "3"}
    assert methodist.post(f"/plan/{source.id}/next", data=data).status_code == 302
    again = methodist.post(f"/plan/{source.id}/next", data=data)
    assert again.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Programme.id)).where(Programme.based_on_id == source.id)) == 1
        assert db.session.scalar(select(func.count(Activity.id))) == 4
