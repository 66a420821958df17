"""The backup drill: the demo with files, a backup taken while requests are served, an empty
database and storage, the restore, and every table's rows and every file compared. Refusals
(a non-empty target, a directory that is not writable, a restore into a non-empty database) are
messages and non-zero exits."""
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from app import create_app
from app.backup import BackupError, backup, restore
from app.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("TEST_DATABASE_URL", "")


def rows_of(url: str) -> dict[str, list]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = [n for n in sorted(inspect(conn).get_table_names())]
            return {n: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{n}"')).all()), key=repr) for n in names}
    finally:
        engine.dispose()


def fresh_database(tmp_path: Path, name: str) -> str:
    """An empty database: a new SQLite file, or a new PostgreSQL database beside the test one."""
    if not PG:
        return f"sqlite:///{tmp_path / name}.db"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return PG.rsplit("/", 1)[0] + f"/{name}"


def flask(url: str, storage: Path, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="t" * 40, STORAGE_DIR=str(storage), REQUEST_LOG="0")
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def test_back_up_while_serving_wipe_restore_and_compare(tmp_path):
    source_url, storage = fresh_database(tmp_path, "drill_source"), tmp_path / "files"
    assert flask(source_url, storage, "db", "upgrade").returncode == 0
    assert flask(source_url, storage, "demo").returncode == 0
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": source_url, "EVIDENCE_DIR": str(storage),
                      "TUNE_GC": False, "REQUEST_LOG": False})
    with app.app_context():
        from app.marks.evidence import store
        keys = [store(f"%PDF-1.4 файл {n}".encode()) for n in range(3)]

    # Requests served while the backup is taken: failed logins are recorded, the audit log grows.
    stop = threading.Event()
    served = []

    def serve_requests():
        client = app.test_client()
        while not stop.is_set():
            served.append(client.get("/healthz").status_code)
            client.post("/login", data={"username": "admin", "password": "не тот"})

    def write_while_backing_up():
        engine = create_engine(source_url)
        while not stop.is_set():  # the audit log grows during the backup
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO audit_entries (at, action, entity, summary) "
                                  "VALUES (CURRENT_TIMESTAMP, 'drill', 'drill', 'во время копии')"))
        engine.dispose()

    threads = [threading.Thread(target=write_while_backing_up), threading.Thread(target=serve_requests)]
    for thread in threads:
        thread.start()
    try:
        with app.app_context():
            manifest = backup(tmp_path / "backup")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert served and set(served) == {200}
    assert manifest["files"].keys() >= set(keys) and manifest["tables"]["programmes"] >= 2
    snapshot_rows = manifest["tables"]

    # Wipe: a new empty database and storage; restore there.
    target_url, target_storage = fresh_database(tmp_path, "drill_target"), tmp_path / "restored-files"
    result = flask(target_url, target_storage, "restore", str(tmp_path / "backup"))
    assert result.returncode == 0, result.stderr
    assert "Восстановлено и проверено" in result.stdout
    restored = rows_of(target_url)
    assert {name: len(rows) for name, rows in restored.items()} == snapshot_rows
    original = rows_of(source_url)
    for name, rows in restored.items():
        if name not in ("audit_entries", "login_failures"):  # the tables written during the backup
            assert rows == original[name], name
    assert sorted(p.name for p in target_storage.iterdir()) == sorted(manifest["files"])
    for key in keys:
        assert (target_storage / key).read_bytes() == (storage / key).read_bytes()

    # A second restore into the now filled database is refused, and nothing changes.
    again = flask(target_url, tmp_path / "other-files", "restore", str(tmp_path / "backup"))
    assert again.returncode != 0 and "База не пуста" in again.stderr
    assert {name: len(rows) for name, rows in rows_of(target_url).items()} == snapshot_rows


def test_a_backup_directory_that_is_not_empty_or_not_writable_is_refused(app, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "something").write_text("x")
    locked = tmp_path / "a-file"  # a path under a regular file cannot be written, even by root
    locked.write_text("x")
    with app.app_context():
        with pytest.raises(BackupError, match="не пуст"):
            backup(busy)
        with pytest.raises(BackupError, match="нельзя записать"):
            backup(locked / "copy")
        with pytest.raises(BackupError, match="нет manifest.json"):
            restore(busy)
    assert sorted(p.name for p in busy.iterdir()) == ["something"]
    result = flask(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "s", "backup", str(busy))
    assert result.returncode != 0 and "не пуст" in result.stderr
    assert db  # the suite's database is untouched by these refusals
