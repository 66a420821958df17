from wtforms import (
    FieldList, FormField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from app.forms import REQUIRED, BaseForm, choices, strip
from app.registry.picker import PersonPicker

from .deadlines import parse_manual_dates
from .models import PASSPORT_FIELDS, Participants

LONG = 5000


def too_long(limit: int) -> Length:
    return Length(max=limit, message=f"Не длиннее {limit} символов.")


class StageForm(PlainForm):
    class Meta:
        locales = ["ru_RU", "ru"]

    name = StringField("Этап", filters=[strip], validators=[too_long(500)])
    period_text = StringField("Сроки", filters=[strip], validators=[too_long(200)])
    description = TextAreaField("Содержание", filters=[strip], validators=[too_long(LONG)])


class ProgrammeForm(BaseForm):
    title = TextAreaField("Наименование программы", filters=[strip],
                          validators=[DataRequired(REQUIRED), too_long(1000)])
    start_year = IntegerField("Год начала", validators=[
        InputRequired("Укажите год начала."),
        NumberRange(min=2000, max=2100, message="Год — число от 2000 до 2100."),
    ])
    end_year = IntegerField("Год окончания", validators=[
        InputRequired("Укажите год окончания."),
        NumberRange(min=2000, max=2100, message="Год — число от 2000 до 2100."),
    ])
    stages = FieldList(FormField(StageForm), min_entries=1, max_entries=20)

    def validate_end_year(self, field):
        if self.start_year.data and field.data and field.data < self.start_year.data:
            raise ValidationError("Год окончания не может быть раньше года начала.")
        if self.start_year.data and field.data and field.data - self.start_year.data > 15:
            raise ValidationError("Программа длиннее 15 лет — проверьте годы.")


for _name, _label in PASSPORT_FIELDS:
    setattr(ProgrammeForm, _name, TextAreaField(_label, filters=[strip], validators=[too_long(20000)]))


class SectionForm(BaseForm):
    title = TextAreaField("Название раздела", filters=[strip], validators=[DataRequired(REQUIRED), too_long(1000)])
    parent_id = SelectField("Где", coerce=int, default=0)


class ActivityForm(BaseForm):
    title = TextAreaField("Мероприятие", filters=[strip], validators=[DataRequired(REQUIRED), too_long(LONG)])
    deadline_text = StringField("Сроки", filters=[strip], validators=[too_long(500)])
    manual_dates = TextAreaField("Даты вручную", filters=[strip], validators=[too_long(2000)])
    responsible_text = TextAreaField("Ответственные", filters=[strip], validators=[too_long(2000)])
    responsible_people = PersonPicker("Ответственные из реестра", scope="registry", multiple=True)
    participants = SelectField("Участники", choices=choices(Participants.LABELS.items()))
    organisations = SelectMultipleField("Выбранные ОО", coerce=int)
    expected_result = TextAreaField("Ожидаемый результат", filters=[strip], validators=[too_long(LONG)])
    document = TextAreaField("Документ", filters=[strip], validators=[too_long(LONG)])
    section_id = SelectField("Раздел", coerce=int)
    version = HiddenField()
    after = HiddenField()

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations.choices = choices((o.id, o.short_name) for o in schools)
        self.manual_occurrences = []

    def validate_manual_dates(self, field):
        self.manual_occurrences, errors = parse_manual_dates(field.data)
        if errors:
            raise ValidationError(" ".join(errors[:3]))

    def validate_organisations(self, field):
        if self.participants.data == Participants.CHOSEN and not field.data:
            raise ValidationError("Выберите хотя бы одну ОО или другой вариант участников.")

    def validate_version(self, field):
        if field.data and not field.data.isdigit():
            raise ValidationError("Обновите страницу и повторите.")


def optional_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None

