from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.clock import today
from app.forms import BaseForm, choices, strip

from .models import MarkStatus


class MarkForm(BaseForm):
    occurrence_id = IntegerField(validators=[InputRequired("Не указан срок. Обновите страницу.")])
    organisation_id = IntegerField(validators=[InputRequired("Не указана организация. Обновите страницу.")])
    status = SelectField("Статус", choices=choices(MarkStatus.LABELS.items()), default=MarkStatus.DONE)
    done_on = DateField("Дата выполнения", validators=[Optional()])
    comment = TextAreaField("Комментарий", filters=[strip], validators=[Length(max=2000, message="Не длиннее 2000 символов.")])
    evidence_ref = StringField("Документ", filters=[strip],
                               validators=[Length(max=500, message="Не длиннее 500 символов.")])
    evidence_url = StringField("Ссылка", filters=[strip], validators=[Length(max=1000, message="Слишком длинная ссылка.")])
    file = FileField("Файл")

    def validate_done_on(self, field):
        if field.data and field.data > today():
            raise ValidationError("Дата выполнения не может быть в будущем.")

    def validate_evidence_url(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError("Ссылка должна начинаться с http:// или https://")
