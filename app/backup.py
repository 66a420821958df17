"""Backups that are checked: `flask backup DIR` and `flask restore DIR`.

A backup is a directory: the database (SQLite through its online backup API, safe while the app
serves; PostgreSQL through pg_dump), the stored files (from the directory or the S3 bucket), and
manifest.json with each table's row count and each file's SHA-256. A restore goes only into an
empty database and an empty storage (directory or bucket), and checks the result against the
manifest. Every refusal is a clear message and a non-zero exit, with nothing half-written.
"""
import hashlib
import json
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, inspect, select, table, text

from app.extensions import db
from app.storage import storage


class BackupError(Exception):
    """A message for the person running the command."""


def _libpq_url(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _counts() -> dict[str, int]:
    names = sorted(inspect(db.engine).get_table_names())
    with db.engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(table(name))).scalar() for name in names}


def _digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _files(store) -> dict[str, str]:
    """Each stored file's SHA-256 (the directory's or the object store's)."""
    return {key: hashlib.sha256(store.read(key) or b"").hexdigest() for key in store.keys()}


def backup(target: Path) -> dict:
    """Write a backup into `target` (created; must be empty). Returns the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"Каталог {target} не пуст: выберите новый каталог для резервной копии.")
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError:
        raise BackupError(f"В каталог {target} нельзя записать: проверьте путь и права.") from None
    work = target / ".incomplete"
    work.mkdir()
    try:
        url = db.engine.url
        if url.get_backend_name() == "sqlite":
            kind = "sqlite"
            source = sqlite3.connect(url.database)
            copy = sqlite3.connect(work / "database.sqlite")
            with copy:
                source.backup(copy)  # a consistent snapshot while the app writes
            copy.close()
            source.close()
            copied = sqlite3.connect(work / "database.sqlite")
            names = [r[0] for r in copied.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                                  "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            counts = {n: copied.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
            copied.close()
        else:
            kind = "postgresql"
            # The counts and the dump read one snapshot: a transaction exports it, pg_dump uses it.
            with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
                names = sorted(inspect(conn).get_table_names())
                counts = {n: conn.execute(select(func.count()).select_from(table(n))).scalar() for n in names}
                result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                                         f"--snapshot={snapshot}", "--file", str(work / "database.dump"),
                                         _libpq_url(url)], capture_output=True, text=True)
            if result.returncode:
                raise BackupError(f"pg_dump не смог сделать копию: {result.stderr.strip()[:500]}")
        store = storage()
        (work / "files").mkdir()
        files = {}
        for key in store.keys():
            data = store.read(key)
            if data is None:  # removed between the listing and the read
                continue
            (work / "files" / key).write_bytes(data)
            files[key] = _digest(work / "files" / key)
        manifest = {"created_at": datetime.now().isoformat(timespec="seconds"), "database": kind,
                    "tables": counts, "files": files}
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        for item in work.iterdir():
            item.rename(target / item.name)
        work.rmdir()
        return manifest
    except BackupError:
        shutil.rmtree(work, ignore_errors=True)
        raise
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise BackupError(f"Резервную копию записать не удалось: {error.strerror or error}.") from None


def restore(source: Path) -> dict:
    """Restore a backup into the (empty) database and storage of this app, then check it."""
    source = Path(source)
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"В каталоге {source} нет manifest.json — это не резервная копия Методкабинета.")
    manifest = json.loads(manifest_path.read_text())
    url = db.engine.url
    kind = "sqlite" if url.get_backend_name() == "sqlite" else "postgresql"
    if manifest["database"] != kind:
        raise BackupError(f"Копия сделана из {manifest['database']}, а восстанавливается в {kind}.")
    existing = inspect(db.engine).get_table_names()
    if existing and any(_counts().values()):
        raise BackupError("База не пуста: восстанавливать можно только в пустую базу (создайте новую).")
    store = storage()
    if store.keys():
        raise BackupError(f"Хранилище файлов ({store}) не пусто: восстанавливать можно только в пустое.")
    db.session.remove()
    db.engine.dispose()
    if kind == "sqlite":
        if existing:  # an empty schema (e.g. after `flask db upgrade`): replaced by the copy
            Path(url.database).unlink()
        backup_copy = sqlite3.connect(source / "database.sqlite")
        target = sqlite3.connect(url.database)
        with target:
            backup_copy.backup(target)
        target.close()
        backup_copy.close()
    else:
        if existing:
            raise BackupError("В базе уже есть таблицы: для восстановления создайте новую пустую базу PostgreSQL.")
        result = subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname",
                                 _libpq_url(url), str(source / "database.dump")], capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_restore не смог восстановить базу: {result.stderr.strip()[:500]}")
    for name in manifest["files"]:
        store.write(name, (source / "files" / name).read_bytes())
    problems = check(manifest)
    if problems:
        raise BackupError("Восстановленное не совпадает с копией: " + "; ".join(problems[:10]))
    return manifest


def check(manifest: dict) -> list[str]:
    """What differs between the database and files now and the manifest."""
    problems = []
    counts = _counts()
    for name, count in manifest["tables"].items():
        if counts.get(name) != count:
            problems.append(f"таблица {name}: {counts.get(name)} строк вместо {count}")
    files = _files(storage())
    for name, digest in manifest["files"].items():
        if files.get(name) != digest:
            problems.append(f"файл {name} отсутствует или изменён")
    return problems
