"""Stored files in an S3-compatible object store (app/storage.py), against a local S3 server
(moto's server mode): a file uploaded through one app server is served by another with no shared
directory; the backup drill copies the bucket out and restores it into an empty one; a store that
cannot be reached is a message beside the field and nothing saved."""
import io
import os
import secrets
import urllib.parse

import pytest
from sqlalchemy import func, select

from app import create_app
from app.auth.models import Role
from app.backup import BackupError, backup, restore
from app.courses.models import Course, CourseProvider
from app.extensions import db
from app.registry.models import Person
from app.storage import S3Storage, StorageError, storage
from tests.conftest import PASSWORD
from tests.test_backup import fresh_database
from tests.test_two_servers import Browser, free_port, multipart, start

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3():
    """A local S3 server for the module; its endpoint."""
    from moto.server import ThreadedMotoServer
    saved = {k: os.environ.get(k) for k in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def bucket(endpoint: str) -> str:
    import boto3
    name = f"files-{secrets.token_hex(4)}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return name


@pytest.fixture
def in_s3(app, s3):
    """The test app keeps its files in a new bucket."""
    name = bucket(s3)
    app.config.update(STORAGE_S3_BUCKET=name, STORAGE_S3_ENDPOINT=s3, STORAGE_S3_PREFIX="metodkabinet")
    yield name
    app.config.update(STORAGE_S3_BUCKET=None, STORAGE_S3_ENDPOINT=None, STORAGE_S3_PREFIX="")


def test_a_file_is_kept_in_the_bucket_and_found_by_its_key_only(app, in_s3, s3):
    with app.app_context():
        store = storage()
        assert isinstance(store, S3Storage) and str(store) == f"хранилище s3://{in_s3}/metodkabinet/"
        key = store.put(b"%PDF-1.4 scan")
        assert store.read(key) == b"%PDF-1.4 scan" and store.keys() == [key]
        assert store.read(secrets.token_hex(16)) is None  # unknown
        assert store.read("../" + key) is None and store.read("") is None  # not a key of ours
        assert store.open(key).read() == b"%PDF-1.4 scan"
    import boto3
    listed = boto3.client("s3", endpoint_url=s3, region_name="us-east-1").list_objects_v2(Bucket=in_s3)
    assert [item["Key"] for item in listed["Contents"]] == [f"metodkabinet/{key}"]


def test_an_unreachable_store_is_a_message_and_nothing_saved(app, actor, make_org, in_s3):
    school = make_org("СОШ № 1")
    with app.app_context():
        person = Person(full_name="Учитель", organisation_id=school.id)
        db.session.add(person)
        db.session.commit()
        person_id, provider = person.id, db.session.scalar(select(CourseProvider.id))
    app.config["STORAGE_S3_ENDPOINT"] = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    methodist = actor(Role.METHODIST)
    response = methodist.post("/courses/new", data={
        "person_id": str(person_id), "programme_title": "ФГОС", "provider_id": str(provider), "form": "full_time",
        "hours": "36", "starts_on": "2024-02-01", "ends_on": "2024-02-10",
        "file": (io.BytesIO(b"%PDF-1.4 scan"), "скан.pdf")}, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Не удалось сохранить файл на сервере" in body and 'value="ФГОС"' in body
    with app.app_context():
        assert db.session.scalar(select(func.count(Course.id))) == 0
        with pytest.raises(StorageError):
            storage().put(b"x")


def test_two_servers_on_one_bucket_and_no_shared_directory(app, make_user, make_org, s3, tmp_path):
    name = bucket(s3)
    make_user(Role.METHODIST, username="metodist")
    school = make_org("СОШ № 1")
    with app.app_context():
        person = Person(full_name="Учитель Двух Серверов", organisation_id=school.id)
        db.session.add(person)
        db.session.commit()
        person_id, provider = person.id, db.session.scalar(select(CourseProvider.id))
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    secret, env = secrets.token_hex(32), {"STORAGE_S3_BUCKET": name, "STORAGE_S3_ENDPOINT": s3, **CREDENTIALS}
    # Each server its own (empty) directory: only the bucket is shared.
    (one, a), (two, b) = start(url, tmp_path / "one", secret, env), start(url, tmp_path / "two", secret, env)
    try:
        browser = Browser()
        token = browser.token(a + "/login")
        assert browser.open(a + "/login", urllib.parse.urlencode(
            {"username": "metodist", "password": PASSWORD, "csrf_token": token}).encode())[0] == 302
        scan = b"%PDF-1.4 the certificate, kept in S3"
        body, kind = multipart({"csrf_token": browser.token(a + "/courses/new"), "person_id": person_id,
                                "programme_title": "ФГОС", "provider_id": provider, "form": "full_time", "hours": 36,
                                "starts_on": "2024-02-01", "ends_on": "2024-02-10"}, "file", "scan.pdf", scan)
        assert browser.open(a + "/courses/new", body, {"Content-Type": kind})[0] == 302
        with app.app_context():
            course_id = db.session.scalar(select(Course.id).where(Course.person_id == person_id))
        status, served = browser.open(f"{b}/courses/{course_id}/file")
        assert status == 200 and served == scan
        assert not (tmp_path / "one").exists() and not (tmp_path / "two").exists()
    finally:
        for process in (one, two):
            process.terminate()
            process.wait()


def test_backup_copies_the_bucket_out_and_restore_fills_an_empty_one(app, s3, tmp_path):
    source_url, target_url = fresh_database(tmp_path, "s3_source"), fresh_database(tmp_path, "s3_target")
    config = {"SECRET_KEY": "t", "TUNE_GC": False, "REQUEST_LOG": False, "STORAGE_S3_ENDPOINT": s3}
    source = create_app({**config, "SQLALCHEMY_DATABASE_URI": source_url, "STORAGE_S3_BUCKET": bucket(s3)})
    with source.app_context():
        db.create_all()
        keys = [storage().put(f"%PDF-1.4 файл {n}".encode()) for n in range(3)]
        manifest = backup(tmp_path / "backup")
    assert sorted(manifest["files"]) == sorted(keys)
    assert sorted(p.name for p in (tmp_path / "backup" / "files").iterdir()) == sorted(keys)
    target_bucket = bucket(s3)
    target = create_app({**config, "SQLALCHEMY_DATABASE_URI": target_url, "STORAGE_S3_BUCKET": target_bucket})
    with target.app_context():
        restore(tmp_path / "backup")
        store = storage()
        assert store.keys() == sorted(keys)
        assert [store.read(k) for k in keys] == [f"%PDF-1.4 файл {n}".encode() for n in range(3)]
    # A bucket with files in it is not restored into.
    again = create_app({**config, "SQLALCHEMY_DATABASE_URI": fresh_database(tmp_path, "s3_again"),
                        "STORAGE_S3_BUCKET": target_bucket})
    with again.app_context(), pytest.raises(BackupError, match="не пусто"):
        restore(tmp_path / "backup")
    for made in (source, target, again):
        with made.app_context():
            db.engine.dispose()
