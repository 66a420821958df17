"""The administrator's short lists (forms of events, kinds of competitions): add, refuse a
duplicate or an empty name beside the field, delete only what no record uses."""
from datetime import datetime

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.competitions.models import Competition, CompetitionKind
from app.events.models import Event, EventFormat
from app.extensions import db

from .test_permissions import snapshot

LISTS = [
    ("/events/formats", EventFormat, "Такая форма уже есть.", "используют мероприятия — её нельзя удалить."),
    ("/competitions/kinds", CompetitionKind, "Такой вид уже есть.", "используют конкурсы — его нельзя удалить."),
]


def use(app, model, item_id):
    with app.app_context():
        if model is EventFormat:
            db.session.add(Event(format_id=item_id, topic="Семинар", starts_at=datetime(2030, 1, 1, 10),
                                 ends_at=datetime(2030, 1, 1, 12), registered_count=0))
        else:
            db.session.add(Competition(kind_id=item_id, title="Конкурс", level="municipal", school_year=2023))
        db.session.commit()


@pytest.mark.parametrize("url, model, duplicate, in_use", LISTS)
def test_admin_keeps_a_named_list(app, actor, url, model, duplicate, in_use):
    admin = actor(Role.ADMIN)
    assert admin.post(url, data={"name": "Новый пункт"}).status_code == 302
    with app.app_context():
        item_id = db.session.scalar(select(model.id).where(model.name == "Новый пункт"))
        used_id = db.session.scalar(select(model.id).order_by(model.id))
        used_name = db.session.get(model, used_id).name
    before = snapshot(app)
    response = admin.post(url, data={"name": "НОВЫЙ ПУНКТ"})
    assert response.status_code == 422 and duplicate in response.get_data(as_text=True)
    assert 'value="НОВЫЙ ПУНКТ"' in response.get_data(as_text=True)
    response = admin.post(url, data={"name": "  "})
    assert response.status_code == 422 and "Заполните это поле." in response.get_data(as_text=True)
    use(app, model, used_id)
    before = snapshot(app)
    response = admin.post(f"{url}/{used_id}/delete")
    assert response.status_code == 409 and f"«{used_name}» {in_use}" in response.get_data(as_text=True)
    assert snapshot(app) == before
    assert admin.post(f"{url}/{item_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(model.id == item_id)) == 0
