"""Where uploaded files live — evidence, materials, regulations, course scans — behind one small
interface: a key in, bytes out. Views never see where.

Two implementations, chosen by configuration:

- a directory (STORAGE_DIR, else instance/evidence) — the embedded default; with several app
  servers it must be one shared volume. A file is written under a temporary name and renamed, so
  a full disk or a crash never leaves half a file under a key that is in the database;
- an S3-compatible object store (STORAGE_S3_BUCKET, with STORAGE_S3_ENDPOINT for MinIO or any
  S3 outside Amazon, STORAGE_S3_PREFIX, STORAGE_S3_REGION; the credentials from the usual
  AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) — for a region's several app servers without a
  shared volume. An object is written whole or not at all.

Keys are 32 random hex characters made here; anything else asked for is not found. Who may read
a file is decided by the view that names its record (a mark, a material, a course — each inside
its municipality), never by the key: there is no route that serves a key.
"""
import io
import os
import secrets
import threading
from pathlib import Path

from flask import current_app

SAVE_FAILED = ("Не удалось сохранить файл на сервере (нет места или нет доступа). "
               "Попробуйте позже и сообщите администратору.")


class StorageError(OSError):
    """A file could not be kept; the message is for the user."""


def _is_key(key: str) -> bool:
    return bool(key) and len(key) <= 64 and key.isalnum() and key.isascii()


class LocalStorage:
    def __init__(self, root: Path):
        self.root = root

    def __str__(self) -> str:
        return f"каталог {self.root}"

    def put(self, data: bytes) -> str:
        key = secrets.token_hex(16)
        self.write(key, data)
        return key

    def write(self, key: str, data: bytes) -> None:
        temporary = self.root / f".{key}.part"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            temporary.rename(self.root / key)
        except OSError:
            temporary.unlink(missing_ok=True)
            raise StorageError(SAVE_FAILED) from None

    def open(self, key: str) -> Path | None:
        """What send_file serves for a key — its file — or None if there is none (or the key is not ours)."""
        if not _is_key(key):
            return None
        path = self.root / key
        return path if path.is_file() else None

    def read(self, key: str) -> bytes | None:
        path = self.open(key)
        return path.read_bytes() if path else None

    def keys(self) -> list[str]:
        if not self.root.exists():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_file() and _is_key(p.name))


_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def _client(endpoint: str | None, region: str | None):
    """One boto3 client per endpoint for the process (making one costs tens of milliseconds;
    a client is safe to share between threads)."""
    with _clients_lock:
        client = _clients.get((endpoint, region))
        if client is None:
            import boto3
            from botocore.config import Config
            client = _clients[(endpoint, region)] = boto3.client(
                "s3", endpoint_url=endpoint or None, region_name=region or "us-east-1",
                config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30))
        return client


class S3Storage:
    def __init__(self, bucket: str, prefix: str = "", endpoint: str | None = None, region: str | None = None):
        self.bucket, self.prefix = bucket, prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = _client(endpoint, region)

    def __str__(self) -> str:
        return f"хранилище s3://{self.bucket}/{self.prefix}"

    def put(self, data: bytes) -> str:
        key = secrets.token_hex(16)
        self.write(key, data)
        return key

    def write(self, key: str, data: bytes) -> None:
        from botocore.exceptions import BotoCoreError, ClientError
        try:
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data)
        except (BotoCoreError, ClientError):
            current_app.logger.exception("S3: не удалось сохранить %s", key)
            raise StorageError(SAVE_FAILED) from None

    def read(self, key: str) -> bytes | None:
        from botocore.exceptions import ClientError
        if not _is_key(key):
            return None
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise

    def open(self, key: str) -> io.BytesIO | None:
        """What send_file serves for a key (a file is at most 10 MB: read whole), or None."""
        data = self.read(key)
        return io.BytesIO(data) if data is not None else None

    def keys(self) -> list[str]:
        found = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
            found += [item["Key"][len(self.prefix):] for item in page.get("Contents", [])]
        return sorted(k for k in found if _is_key(k))


def storage() -> LocalStorage | S3Storage:
    config = current_app.config
    if config.get("STORAGE_S3_BUCKET"):
        return S3Storage(config["STORAGE_S3_BUCKET"], config.get("STORAGE_S3_PREFIX") or "",
                         config.get("STORAGE_S3_ENDPOINT"), config.get("STORAGE_S3_REGION"))
    root = config.get("EVIDENCE_DIR") or Path(current_app.instance_path) / "evidence"
    return LocalStorage(Path(root))
