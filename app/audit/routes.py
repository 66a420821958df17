from flask import render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.permissions import editors_only
from app.extensions import db

from . import bp
from .models import AuditEntry

PER_PAGE = 100
FIELD_LABELS = {
    "title": "Название", "deadline_text": "Сроки", "responsible_text": "Ответственные", "participants": "Участники",
    "expected_result": "Ожидаемый результат", "document": "Документ", "section": "Раздел", "status": "Статус",
    "done_on": "Дата выполнения", "comment": "Комментарий", "evidence_ref": "Документ-подтверждение",
    "evidence_url": "Ссылка", "file_name": "Файл", "position": "Порядок", "order": "Приказ",
}


@bp.get("/audit")
@editors_only
def log():
    page = max(request.args.get("page", 1, type=int), 1)
    programme_id = request.args.get("programme", type=int)
    stmt = select(AuditEntry).options(selectinload(AuditEntry.user)).order_by(AuditEntry.id.desc())
    if programme_id:
        stmt = stmt.where(AuditEntry.programme_id == programme_id)
    entries = list(db.session.scalars(stmt.limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)))
    return render_template("audit/log.html", entries=entries[:PER_PAGE], has_more=len(entries) > PER_PAGE,
                           page=page, programme_id=programme_id, labels=FIELD_LABELS)
