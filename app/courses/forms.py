from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from app.forms import REQUIRED, BaseForm, choices, date_field, strip
from app.registry.picker import PersonPicker

from .models import TrainingForm


class CourseForm(BaseForm):
    person_id = PersonPicker("Педагог", scope="school_staff")
    programme_title = StringField("Программа курсов", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=500, message="Не длиннее 500 символов.")])
    provider_id = SelectField("Кто проводил", coerce=int)
    provider_name = StringField("Организация (как в документе)", filters=[strip],
                                validators=[Length(max=300, message="Не длиннее 300 символов.")])
    form = SelectField("Форма обучения", choices=choices(TrainingForm.LABELS.items()))
    hours = IntegerField("Часов", validators=[InputRequired("Укажите число часов."), NumberRange(
        min=1, max=3000, message="Часов — целое число больше нуля.")])
    starts_on = date_field("Начало", required=True)
    ends_on = date_field("Окончание", required=True)
    document_number = StringField("Удостоверение / диплом №", filters=[strip],
                                  validators=[Length(max=100, message="Не длиннее 100 символов.")])
    file = FileField("Скан документа (PDF, JPG, PNG)")

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.provider_id.choices = choices((p.id, p.name) for p in providers)

    def validate_person_id(self, field):
        if not field.data:
            raise ValidationError("Выберите педагога: найдите его по фамилии.")

    def validate_provider_id(self, field):
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError("Выберите организацию из списка.")

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("Окончание не может быть раньше начала.")
