from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import (
    DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.auth.models import Role
from app.forms import REQUIRED, BaseForm, choices, strip
from app.registry.picker import PersonPicker

from .models import EventStatus


def http_only(form, field):
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError("Ссылка должна начинаться с http:// или https://")


class EventForm(BaseForm):
    format_id = SelectField("Форма", coerce=int)
    topic = TextAreaField("Тема", filters=[strip], validators=[DataRequired(REQUIRED), Length(max=1000, message="Не длиннее 1000 символов.")])
    starts_at = DateTimeLocalField("Начало", format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired("Укажите дату и время начала.")])
    ends_at = DateTimeLocalField("Окончание", format="%Y-%m-%dT%H:%M",
                                 validators=[InputRequired("Укажите дату и время окончания.")])
    place = StringField("Место", filters=[strip], validators=[Length(max=500, message="Не длиннее 500 символов.")])
    online_url = StringField("Ссылка для подключения", filters=[strip],
                             validators=[Length(max=1000, message="Слишком длинная ссылка."), http_only])
    organiser_id = PersonPicker("Организатор", scope="registry")
    speakers = PersonPicker("Выступающие", scope="registry", multiple=True)
    audience = StringField("Для кого", filters=[strip], validators=[Length(max=500, message="Не длиннее 500 символов.")])
    capacity = IntegerField("Мест", validators=[Optional(), NumberRange(min=1, max=100000, message="Число мест — от 1.")])
    activity_id = HiddenField()
    occurrence_id = SelectField("Срок плана", coerce=int, default=0)
    description = TextAreaField("Описание", filters=[strip], validators=[Length(max=10000, message="Не длиннее 10000 символов.")])

    def __init__(self, *args, formats=(), occurrences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.format_id.choices = choices((f.id, f.name) for f in formats)
        self.occurrence_id.choices = choices([(0, "— без привязки к сроку —")] + [(o.id, o.label) for o in occurrences])

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data < self.starts_at.data:
            raise ValidationError("Окончание не может быть раньше начала.")


class RegisterForm(BaseForm):
    """Whom to register for an event: a coordinator their own school's teachers, methodists anyone."""

    person_id = PersonPicker("Зарегистрировать участников", scope="keep", multiple=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if current_user.role == Role.SCHOOL:
            self.person_id.label.text = "Зарегистрировать своих педагогов"


class StatusForm(BaseForm):
    status = SelectField("Статус", choices=choices(EventStatus.LABELS.items()))
    new_starts_at = DateTimeLocalField("Новое начало", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    new_ends_at = DateTimeLocalField("Новое окончание", format="%Y-%m-%dT%H:%M", validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.status.data == EventStatus.POSTPONED and not self.new_starts_at.data:
            self.new_starts_at.errors = [*self.new_starts_at.errors, "Укажите новую дату начала."]
            valid = False
        return valid

    def validate_new_ends_at(self, field):
        if field.data and self.new_starts_at.data and field.data < self.new_starts_at.data:
            raise ValidationError("Окончание не может быть раньше начала.")


class MaterialForm(BaseForm):
    title = StringField("Название", filters=[strip], validators=[DataRequired(REQUIRED), Length(max=300, message="Не длиннее 300 символов.")])
    url = StringField("Ссылка", filters=[strip], validators=[Length(max=1000, message="Слишком длинная ссылка."), http_only])
    file = FileField("Файл")


class FeedbackForm(BaseForm):
    feedback_summary = TextAreaField("Итоги обратной связи", filters=[strip],
                                     validators=[Length(max=5000, message="Не длиннее 5000 символов.")])
    satisfied_count = IntegerField("Удовлетворены, чел.", validators=[Optional(), NumberRange(min=0, message="Не меньше 0.")])
