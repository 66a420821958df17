"""The migrations and the models describe the same schema."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db


# SQLite's reflection skips the campaigns' expression index (one title a municipality), with a warning.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index uq_campaigns_title")
def test_models_match_migrations(app):
    from app.registry.models import MIGRATION_ONLY_INDEXES
    only_by_migration = lambda obj, name, type_, *_: not (type_ == "index" and name in MIGRATION_ONLY_INDEXES)  # noqa: E731
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": only_by_migration}),
                                db.metadata)
    assert diff == []


def test_upgrading_an_sqlite_database_keeps_its_data(tmp_path):
    """SQLite alters a table by copying it; with foreign keys on, dropping the old copy cascaded
    and emptied the tables referring to it (sections when `programmes` changed, the plan's
    responsible people when `people` did). A database with a plan in it is upgraded from before
    those migrations to the head, and every row is still there."""
    import flask_migrate
    from sqlalchemy import text

    from app import create_app

    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url, "TUNE_GC": False})
    with app.app_context():
        flask_migrate.upgrade(revision="5214f5160ded")  # before `people` and `programmes` were altered
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organisations (id, name, short_name, kind, cluster) "
                              "VALUES (1, 'Центр', 'ЦОКО', 'centre', '')"))
            conn.execute(text("INSERT INTO people (id, full_name, organisation_id, position, subject, category, "
                              "experience_years) VALUES (1, 'Давиденко Е.В.', 1, '', '', 'none', 3)"))
            conn.execute(text("INSERT INTO programmes (id, title, start_year, end_year, legal_basis, developers, "
                              "executors, goal, tasks, expected_results, mechanism, funding, control) "
                              "VALUES (1, 'Программа', 2022, 2024, '', '', '', '', '', '', '', '', '')"))
            conn.execute(text("INSERT INTO sections (id, programme_id, position, title) VALUES (1, 1, 1, 'Раздел')"))
            conn.execute(text("INSERT INTO activities (id, section_id, position, title, deadline_text, deadline_state, "
                              "responsible_text, participants, expected_result, document, version) "
                              "VALUES (1, 1, 1, 'Семинар', 'май 2023', 'parsed', '', 'centre', '', '', 1)"))
            conn.execute(text("INSERT INTO activity_people (activity_id, person_id) VALUES (1, 1)"))
            conn.execute(text("INSERT INTO occurrences (id, activity_id, label, due_date, manual) "
                              "VALUES (1, 1, 'май 2023', '2023-05-31', 0)"))
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            counts = {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                      for table in ("programmes", "sections", "activities", "activity_people", "occurrences", "people")}
        db.engine.dispose()
    assert counts == {"programmes": 1, "sections": 1, "activities": 1, "activity_people": 1, "occurrences": 1,
                      "people": 1}


def test_imports_in_progress_move_to_the_shared_tables(tmp_path):
    """A provider's list and a diagnostic uploaded before the shared «import with a preview» are
    still there to finish after the upgrade, with their rows and what the upload form chose."""
    import flask_migrate
    from sqlalchemy import select, text

    from app import create_app
    from app.imports.models import ImportDraft

    url = f"sqlite:///{tmp_path / 'drafts.db'}"
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url, "TUNE_GC": False})
    with app.app_context():
        flask_migrate.upgrade(revision="d7f9b1c3e5a6")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO course_providers (id, name, position) VALUES (7, 'ИРО', 1)"))
            conn.execute(text("INSERT INTO course_imports (id, municipality_id, filename, provider_id, form, created_at) "
                              "VALUES (3, 1, 'список.xlsx', 7, 'distance', '2026-11-30 10:00:00')"))
            conn.execute(text("INSERT INTO course_import_rows (import_id, position, data) "
                              "VALUES (3, 1, '{\"name\": \"Петрова А.С.\", \"skip\": false}')"))
            conn.execute(text("INSERT INTO diagnostic_imports (id, municipality_id, filename, year, created_at) "
                              "VALUES (4, 1, 'диагностика.xlsx', 2025, '2026-11-30 11:00:00')"))
        flask_migrate.upgrade()
        drafts = [(d.kind, d.filename, d.settings, [r.data for r in d.rows])
                  for d in db.session.scalars(select(ImportDraft).order_by(ImportDraft.id))]
        db.session.remove()
        db.engine.dispose()
    assert drafts == [("courses", "список.xlsx", {"provider_id": 7, "form": "distance"},
                       [{"name": "Петрова А.С.", "skip": False}]),
                      ("diagnostics", "диагностика.xlsx", {"year": 2025}, [])]
