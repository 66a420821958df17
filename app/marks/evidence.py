"""Evidence files: checked by extension AND content, stored outside the web root.

A file is accepted only if its bytes are what its extension claims (a PDF starts with
%PDF-, a DOCX is a zip with word/document.xml, ...). Stored under instance/evidence with a
random name; the original name is kept only for the download.
"""
import io
import zipfile
from pathlib import Path

from flask import abort, send_file
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import FileStorage

from app.storage import StorageError, storage

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
MAX_BYTES = 10 * 1024 * 1024


class EvidenceError(ValueError):
    """A Russian message for the user."""


def _looks_right(extension: str, data: bytes) -> bool:
    if extension == "pdf":
        return data.startswith(b"%PDF-")
    if extension in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("docx", "xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return False
        return ("word/document.xml" if extension == "docx" else "xl/workbook.xml") in names
    return False


def read_upload(upload: FileStorage) -> tuple[str, str, bytes]:
    """(original name, content type, bytes) of a valid upload, or EvidenceError."""
    name = Path(upload.filename or "").name[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise EvidenceError("Можно приложить PDF, DOCX, XLSX, JPG или PNG.")
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise EvidenceError("Файл больше 10 МБ. Сожмите его или приложите ссылку.")
    if not data:
        raise EvidenceError("Файл пустой.")
    if not _looks_right(extension, data):
        raise EvidenceError(f"Файл не похож на {extension.upper()}: возможно, он повреждён или переименован.")
    return name, ALLOWED[extension], data


def store(data: bytes) -> str:
    """Keep an upload; EvidenceError (a message for the user) if it cannot be kept."""
    try:
        return storage().put(data)
    except StorageError as error:
        raise EvidenceError(str(error)) from None


def send_stored(key: str, mimetype: str, name: str):
    """A stored file as a download under its original name; 404 if there is none."""
    found = storage().open(key)
    if found is None:
        abort(404)
    return send_file(found, mimetype=mimetype, as_attachment=True, download_name=name)


class LinkOrFile:
    """Columns of a material attached to a record — a link, or a stored file checked like
    evidence: event materials, competition entries' materials."""

    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(1000), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_key: Mapped[str] = mapped_column(String(64), default="")
    file_type: Mapped[str] = mapped_column(String(100), default="")

