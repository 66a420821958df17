"""Two municipalities in one install (part 9): each works inside its own. Every route of the
role × route matrix is tried by each role of a second municipality against the first one's
records: what names another municipality's record answers 404 (or 403 where the role may not use
the route at all) and changes nothing; the pages that name no record show nothing of the other."""
from collections import defaultdict
from datetime import datetime

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.municipalities.models import Municipality
from app.plan.models import Programme
from app.registry.models import Organisation, OrgKind, Person
from tests.test_permissions import ROLES, routes, snapshot, world  # noqa: F401  (world: a fixture)
from tests.test_reminders import body, district, inbox  # noqa: F401  (fixtures)

# The world's spare short-list items are the region's (shared): another municipality sees them,
# and its administrator may not delete them once there are several municipalities.
SHARED = {"events.format_delete", "competitions.kind_delete", "mentoring.form_delete", "mentoring.question_delete",
          "courses.provider_delete", "courses.area_delete"}
# The region's competition: every municipality's to read and to put its own winners forward to.
REGIONAL = {"competitions.forward"}
# What the first municipality's world holds that nobody else may see.
THEIRS = ["Своей Школы", "Будущий семинар", "Прошедший семинар", "Кандидат На Конкурс",
          "Учитель года Кубани", "Мероприятие 1", "Программа развития", "Член Жюри", "bystander"]


def another_municipality(name="Усть-Лабинский район", short_name="Усть-Лабинский р-н",
                         teacher="Педагог Другого Района") -> dict:
    """A municipality with a school of the same short name as the first one's («СОШ № 1») and a
    teacher there (inside an app context; committed)."""
    other = Municipality(name=name, short_name=short_name)
    db.session.add(other)
    db.session.flush()
    school = Organisation(municipality_id=other.id, short_name="СОШ № 1", name=f"СОШ № 1 ({short_name})",
                          kind=OrgKind.SCHOOL, cluster="")
    db.session.add(school)
    db.session.flush()
    db.session.add(Person(full_name=teacher, organisation_id=school.id))
    db.session.commit()
    return dict(municipality=other.id, school=school.id)


@pytest.fixture
def second(app):
    with app.app_context():
        return another_municipality()


def _names(endpoint: str, w) -> tuple[bool, bool]:
    """Whether the route's path, and whether its query or form, names one of the world's records (a
    query only fills a new record's form in: unknown, it is left empty)."""
    blank, real = routes(defaultdict(lambda: 987654))[endpoint], routes(w)[endpoint]
    in_path = blank[1].split("?")[0] != real[1].split("?")[0]
    return in_path, not in_path and (blank[1] != real[1] or blank[3] != real[3])


def _text(response) -> str:
    """A page's text, or every cell of a workbook, or a Word document's paragraphs and cells."""
    if "spreadsheetml" in response.content_type:
        from io import BytesIO

        from openpyxl import load_workbook
        book = load_workbook(BytesIO(response.get_data()), read_only=True)
        return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)
    if "wordprocessingml" in response.content_type:
        from io import BytesIO

        from docx import Document
        doc = Document(BytesIO(response.get_data()))
        return "\n".join([p.text for p in doc.paragraphs]
                         + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_another_municipality_finds_nothing_and_changes_nothing(app, world, second, actor, role):  # noqa: F811
    with app.app_context():
        school = db.session.get(Organisation, second["school"])
        db.session.expunge(school)
    who = actor(role, organisation=school if role == Role.SCHOOL else None)
    with app.app_context():
        from app.auth.models import User
        db.session.get(User, who.user_id).municipality_id = second["municipality"]
        db.session.commit()
    for endpoint in list(routes(world)):
        method, url, allowed, data, ok_status = routes(world)[endpoint]
        if allowed == "public":
            continue
        before = snapshot(app)
        response = who.get(url) if method == "GET" else who.post(url, data=data or {})
        body = _text(response)
        in_address, in_form = _names(endpoint, world)
        if endpoint in SHARED:  # the region's entry: there for everyone, deleted by the region only
            assert response.status_code == 403, (endpoint, role, response.status_code)
            assert snapshot(app) == before, (endpoint, role)
        elif endpoint in REGIONAL:  # the region's competition, open to all: another's winner is no choice
            assert response.status_code in {403, 409}, (endpoint, role, response.status_code, body[:300])
            assert snapshot(app) == before, (endpoint, role)
        elif in_address:  # asked for by id: not found, whatever it is
            expected = {404} if role in allowed else {403, 404}
            assert response.status_code in expected, (endpoint, role, response.status_code, body[:300])
        elif in_form and method == "POST":  # choosing another municipality's record: refused as an unknown one
            assert response.status_code in {403, 404, 409, 422}, (endpoint, role, response.status_code, body[:300])
        if in_address or in_form:
            assert snapshot(app) == before, (endpoint, role)
        shown = [name for name in THEIRS if name in body]
        assert not shown, (endpoint, role, shown)


def test_each_municipality_sees_its_own_school_of_the_same_name(app, world, second, actor):  # noqa: F811
    """Both have «СОШ № 1»; each methodist's registry and plan list show their own only."""
    first = actor(Role.METHODIST)
    other = actor(Role.METHODIST)
    with app.app_context():
        from app.auth.models import User
        db.session.get(User, other.user_id).municipality_id = second["municipality"]
        db.session.commit()
    mine = first.get("/registry/people").get_data(as_text=True)
    theirs = other.get("/registry/people").get_data(as_text=True)
    assert "Учитель Своей Школы" in mine and "Педагог Другого Района" not in mine
    assert "Педагог Другого Района" in theirs and "Учитель Своей Школы" not in theirs
    assert "Программа развития" in first.get("/plan/").get_data(as_text=True)
    assert "Программа развития" not in other.get("/plan/").get_data(as_text=True)
    # What the second one's methodist creates is theirs.
    response = other.post("/plan/new", data={"title": "Программа Усть-Лабинского района", "start_year": "2025",
                                             "end_year": "2027"})
    assert response.status_code == 302
    with app.app_context():
        made = db.session.scalar(select(Programme).where(Programme.title == "Программа Усть-Лабинского района"))
        assert made.municipality_id == second["municipality"]
        assert db.session.scalar(select(func.count()).select_from(Programme)) == 2
    assert "Программа Усть-Лабинского района" not in first.get("/plan/").get_data(as_text=True)


def test_a_stored_file_is_never_served_to_another_municipality(app, second, actor, make_org, tmp_path, monkeypatch):
    """A course scan uploaded in one municipality: its methodist downloads it; the other's — by the
    course's id, by the evidence of its record, by the file's key — gets 404 and never its bytes."""
    import io

    from app.courses.models import Course, CourseProvider
    monkeypatch.setitem(app.config, "EVIDENCE_DIR", str(tmp_path))
    school = make_org("СОШ № 7")
    with app.app_context():
        teacher = Person(full_name="Учитель Со Сканом", organisation_id=school.id)
        db.session.add(teacher)
        db.session.commit()
        teacher_id, provider = teacher.id, db.session.scalar(select(CourseProvider.id))
    mine, other = actor(Role.METHODIST), actor(Role.METHODIST)
    with app.app_context():
        from app.auth.models import User
        db.session.get(User, other.user_id).municipality_id = second["municipality"]
        db.session.commit()
    scan = b"%PDF-1.4 the scan of one municipality"
    assert mine.post("/courses/new", data={
        "person_id": str(teacher_id), "programme_title": "ФГОС", "provider_id": str(provider), "form": "full_time",
        "hours": "36", "starts_on": "2024-02-01", "ends_on": "2024-02-10",
        "file": (io.BytesIO(scan), "скан.pdf")}, content_type="multipart/form-data").status_code == 302
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.person_id == teacher_id))
        course_id, key = course.id, course.file_key
    assert key and (tmp_path / key).read_bytes() == scan
    assert mine.get(f"/courses/{course_id}/file").get_data() == scan
    for url in (f"/courses/{course_id}/file", f"/courses/{course_id}", f"/courses/{key}/file", f"/files/{key}",
                f"/evidence/{key}"):
        response = other.get(url)
        assert response.status_code == 404 and scan not in response.get_data(), url


def test_the_same_short_name_twice_in_one_municipality_is_refused(app, actor, make_org):
    make_org("СОШ № 7")
    methodist = actor(Role.METHODIST)
    response = methodist.post("/registry/organisations", data={"name": "Ещё одна", "short_name": "СОШ № 7",
                                                               "kind": "school"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)
                                 .where(Organisation.short_name == "СОШ № 7")) == 1



def test_the_digest_and_the_methodists_home_count_only_their_own_municipality(app, inbox, district, actor):  # noqa: F811
    """The first municipality's plan is overdue for its schools; the second one's methodist and
    coordinator hear nothing of it — their school with the same name has no plan of its own."""
    from app.auth.models import User
    from app.reminders import send_reminders
    with app.app_context():
        other = another_municipality()
        for name, role, org in [("other-methodist", Role.METHODIST, None), ("other-school", Role.SCHOOL, other["school"])]:
            user = User(username=name, role=role, organisation_id=org, municipality_id=other["municipality"],
                        email=f"{name}@example.ru")
            user.set_password("password-0")
            db.session.add(user)
        db.session.commit()
        run = send_reminders()
    assert "other-school@example.ru" not in run.sent  # nothing overdue, nothing due: no letter
    methodist = inbox.to("other-methodist@example.ru")
    assert not methodist or "СОШ № 1: 2" not in body(methodist[0])
    assert "СОШ № 1: 2" in body(inbox.to("methodist@example.ru")[0])
    other = actor(Role.METHODIST)
    with app.app_context():
        db.session.get(User, other.user_id).municipality_id = db.session.scalar(
            select(Municipality.id).where(Municipality.short_name == "Усть-Лабинский р-н"))
        db.session.commit()
    page = other.get("/my").get_data(as_text=True)
    assert "СОШ № 1</a> — 2" not in page and "Семинар со свободными местами" not in page


def test_create_user_names_the_municipality_once_there_are_several(app, second):
    from app.auth.models import User
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["create-user", "ivanova", "--role", "school", "--organisation", "СОШ № 1",
                                  "--password", "password-1"])
    assert refused.exit_code != 0 and "укажите --municipality" in refused.output
    made = runner.invoke(args=["create-user", "ivanova", "--role", "school", "--organisation", "СОШ № 1",
                               "--municipality", "Усть-Лабинский р-н", "--password", "password-1"])
    assert made.exit_code == 0, made.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ivanova"))
        assert (user.municipality_id, user.organisation_id) == (second["municipality"], second["school"])


def test_short_lists_are_the_regions_with_each_municipalitys_own_additions(app, second, actor):
    from app.auth.models import User
    from app.events.models import Event, EventFormat
    from tests.test_region import regional
    first_admin, second_admin = actor(Role.ADMIN), actor(Role.ADMIN)
    with app.app_context():
        db.session.get(User, second_admin.user_id).municipality_id = second["municipality"]
        db.session.commit()
    assert second_admin.post("/events/formats", data={"name": "Методический десант"}).status_code == 302
    assert first_admin.post("/events/formats", data={"name": "Методический десант"}).status_code == 302  # theirs too
    again = second_admin.post("/events/formats", data={"name": "методический ДЕСАНТ"})
    assert again.status_code == 422 and "Такая форма уже есть." in again.get_data(as_text=True)
    with app.app_context():
        ids = {m: db.session.scalar(select(EventFormat.id).where(EventFormat.name == "Методический десант",
                                                                  EventFormat.municipality_id == m))
               for m in (1, second["municipality"])}
        seminar = db.session.scalar(select(EventFormat).where(EventFormat.name == "семинар"))
        assert seminar.municipality_id is None
        db.session.expunge(seminar)
    page = second_admin.get("/events/formats").get_data(as_text=True)
    assert page.count("Методический десант") == 1 and "семинар" in page and "общий для региона" in page
    # Another municipality's addition is not found; the region's is not theirs to delete.
    before = snapshot(app)
    assert second_admin.post(f"/events/formats/{ids[1]}/delete").status_code == 404
    assert second_admin.post(f"/events/formats/{seminar.id}/delete").status_code == 403
    assert snapshot(app) == before
    assert second_admin.post(f"/events/formats/{ids[second['municipality']]}/delete").status_code == 302
    # The region's administrator keeps the region's entries: adds one for all, deletes an unused one,
    # and not one a municipality's event uses.
    region_admin = regional(app, Role.REGION_ADMIN, "region-admin")
    assert region_admin.post("/events/formats", data={"name": "Стажировка"}).status_code == 302
    assert "Стажировка" in first_admin.get("/events/formats").get_data(as_text=True)
    assert "Стажировка" in second_admin.get("/events/formats").get_data(as_text=True)
    with app.app_context():
        internship, owner = db.session.execute(select(EventFormat.id, EventFormat.municipality_id)
                                               .where(EventFormat.name == "Стажировка")).one()
        assert owner is None
        db.session.add(Event(format_id=seminar.id, topic="Семинар второго района", municipality_id=second["municipality"],
                             starts_at=datetime(2030, 1, 1, 10), ends_at=datetime(2030, 1, 1, 12), registered_count=0))
        db.session.commit()
    used = region_admin.post(f"/events/formats/{seminar.id}/delete")
    assert used.status_code == 409 and "нельзя удалить" in used.get_data(as_text=True)
    assert region_admin.post(f"/events/formats/{internship}/delete").status_code == 302
    assert region_admin.post("/events/new").status_code == 403  # the municipalities' own pages: never a change
