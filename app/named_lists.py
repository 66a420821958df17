"""Short lists the administrator keeps — forms of events, kinds of competitions, forms of
mentoring, questionnaire statements, course providers, competence areas: add a name, delete one
that no record uses.

A list is the region's (shared by every municipality; municipality_id None) with each
municipality's own additions (app/municipalities/scope.py shows a municipality the region's and
its own). A municipality's administrator adds to and deletes from their own additions; the
region's entries are kept by the region's administrator — or, while the install serves a single
municipality, by its administrator, as before there were several.

One implementation serves every such list: a blueprint declares its list and routes two views
to it, and the page is templates/_named_list.html.
"""
from dataclasses import dataclass

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.auth.models import Role
from app.auth.permissions import roles_required
from app.extensions import db
from app.forms import REQUIRED, BaseForm, strip
from app.municipalities.scope import current_municipality_id, enter, only_municipality_id

ENDPOINTS: set[str] = set()  # every list's pages: the region's administrator keeps them (app/security.py)


def keeps_the_regions() -> bool:
    """The region's entries are kept by the region's administrator, or by the administrator of
    the only municipality there is."""
    return current_user.role == Role.REGION_ADMIN or only_municipality_id(db.session) is not None


def may_delete(item, regions: bool) -> bool:
    """A municipality's own addition by its administrator; the region's entries if `regions`."""
    if item.municipality_id is not None:
        return item.municipality_id == current_municipality_id()
    return regions


class NameForm(BaseForm):
    name = StringField("Название", filters=[strip], validators=[DataRequired(REQUIRED)])


@dataclass(frozen=True)
class NamedList:
    model: type           # a model with id, name (unique) and position
    used_by: object       # the column that refers to it, e.g. Event.format_id
    title: str            # "Формы мероприятий"
    label: str            # "Форма мероприятия"
    placeholder: str
    back: tuple[str, str]  # (endpoint, text) of the crumb
    endpoint: str         # this page
    delete_endpoint: str  # takes item_id
    duplicate: str        # "Такая форма уже есть."
    in_use: str           # "Форму «{name}» используют мероприятия — её нельзя удалить."

    def items(self) -> list:
        return list(db.session.scalars(select(self.model).order_by(self.model.position, self.model.name)))

    def _form(self, **kwargs) -> NameForm:
        form = NameForm(**kwargs)
        form.name.label.text = self.label
        form.name.validators = [*form.name.validators, Length(
            max=self.model.name.type.length, message=f"Не длиннее {self.model.name.type.length} символов.")]
        return form

    def _render(self, form: NameForm, status: int = 200, error: str = ""):
        used = dict(db.session.execute(select(self.used_by, func.count()).group_by(self.used_by)).all())
        regions = keeps_the_regions()
        return render_template("_named_list.html", list=self, items=self.items(), used=used, form=form,
                               error=error, may_delete=lambda item: may_delete(item, regions)), status

    def page(self):
        """GET: the list and the form; POST: add a name (refused if it is there, in any case)."""
        if request.method != "POST":
            return self._render(self._form(formdata=None))
        form = self._form()
        if form.validate():
            exists = db.session.scalar(select(self.model.id).where(func.lower(self.model.name) == form.name.data.lower()))
            if exists:
                form.name.errors = [self.duplicate]
            else:
                position = (db.session.scalar(select(func.max(self.model.position))) or 0) + 1
                db.session.add(self.model(name=form.name.data, position=position,
                                          municipality_id=current_municipality_id()))
                try:
                    db.session.commit()
                    return redirect(url_for(self.endpoint))
                except IntegrityError:  # the same name added a moment ago
                    db.session.rollback()
                    form.name.errors = [self.duplicate]
        return self._render(form, 422)

    def add_routes(self, bp, rule: str, role: str) -> None:
        """GET/POST `rule` (the list) and POST `rule`/<item_id>/delete on the blueprint, for `role`.
        The endpoints are this list's `endpoint` and `delete_endpoint`."""
        keepers = roles_required(role, Role.REGION_ADMIN)
        bp.add_url_rule(rule, self.endpoint.split(".")[-1], keepers(_as_the_region(self.page)), methods=["GET", "POST"])
        bp.add_url_rule(f"{rule}/<int:item_id>/delete", self.delete_endpoint.split(".")[-1],
                        keepers(_as_the_region(self.delete)), methods=["POST"])
        ENDPOINTS.update({self.endpoint, self.delete_endpoint})

    def delete(self, item_id: int):
        item = db.get_or_404(self.model, item_id)
        if not may_delete(item, keeps_the_regions()):
            abort(403)
        if db.session.scalar(select(func.count()).where(self.used_by == item.id)):
            return self._render(self._form(formdata=None), 409, self.in_use.format(name=item.name))
        db.session.delete(item)
        db.session.commit()
        return redirect(url_for(self.endpoint))


def _as_the_region(view):
    """The region's administrator keeps the region's entries, whichever municipality they read."""
    from functools import wraps

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.role in Role.REGIONAL:
            enter(None)
        return view(*args, **kwargs)

    return wrapped
