"""Where uploaded files live — evidence, materials, regulations, course scans — behind one small
interface, so an S3-compatible store can replace the directory later without touching the views.

The default is a directory (STORAGE_DIR, else instance/evidence): with several app servers it
must be one shared volume. A file is written under a temporary name and renamed, so a full disk
or a crash never leaves half a file under a key that is in the database.
"""
import os
import secrets
from pathlib import Path

from flask import current_app


class StorageError(OSError):
    """A file could not be kept; the message is for the user."""


class LocalStorage:
    def __init__(self, root: Path):
        self.root = root

    def put(self, data: bytes) -> str:
        key = secrets.token_hex(16)
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
            raise StorageError("Не удалось сохранить файл на сервере (нет места или нет доступа). "
                               "Попробуйте позже и сообщите администратору.") from None
        return key

    def path(self, key: str) -> Path | None:
        """The file of a key, or None if there is none (or the key is not one of ours)."""
        if not key or not key.isalnum():
            return None
        path = self.root / key
        return path if path.is_file() else None


def storage() -> LocalStorage:
    root = current_app.config.get("EVIDENCE_DIR") or Path(current_app.instance_path) / "evidence"
    return LocalStorage(Path(root))
