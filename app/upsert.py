"""Writes that must survive arriving twice at the same moment, by the database's own guarantees.

`insert_missing` is INSERT … ON CONFLICT DO NOTHING on a unique key: of two requests creating
the same row, both go on and find it. `upsert` is INSERT … ON CONFLICT DO UPDATE: the later
value stays. Both speak the dialect of the engine in use (SQLite or PostgreSQL).
"""
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db


def _insert(model):
    """A Core INSERT on the model's table (an ORM insert on PostgreSQL adds RETURNING, and its
    rowcount no longer says whether the row was inserted)."""
    return (pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert)(getattr(model, "__table__", model))


def insert_missing(model, values: dict, keys: list[str]) -> bool:
    """True when this call inserted the row (False: it was there already)."""
    stmt = _insert(model).values(**values).on_conflict_do_nothing(index_elements=keys)
    # RETURNING says whether a row went in (rowcount is -1 under psycopg for this statement).
    return db.session.execute(stmt.returning(stmt.table.c[keys[0]])).first() is not None


def insert_all_missing(model, rows: list[dict], keys: list[str]) -> None:
    """insert_missing for many rows at once (one statement, executed for each row)."""
    db.session.execute(_insert(model).on_conflict_do_nothing(index_elements=keys), rows)


def upsert(model, values: dict, keys: list[str]) -> None:
    stmt = _insert(model).values(**values)
    db.session.execute(stmt.on_conflict_do_update(
        index_elements=keys, set_={name: getattr(stmt.excluded, name) for name in values if name not in keys}))
