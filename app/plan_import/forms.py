from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from app.forms import REQUIRED, BaseForm, choices, strip
from app.plan.forms import too_long
from app.plan.models import Participants

NEW = "new"
KINDS = choices([("activity", "мероприятие"), ("section", "раздел"), ("skip", "не импортировать")])
PARTICIPANTS = choices([(Participants.CENTRE, Participants.LABELS[Participants.CENTRE]),
                        (Participants.ALL_SCHOOLS, Participants.LABELS[Participants.ALL_SCHOOLS])])


def _target(value):
    return value if value == NEW else (int(value) if str(value).isdigit() else None)


def _check_target(field):
    if field.data is None or str(field.data) not in {choice.value for choice in field.choices}:
        raise ValidationError("Выберите программу из списка.")


class UploadForm(BaseForm):
    file = FileField("Файл плана (.xlsx или .docx)")
    target = SelectField("Куда", coerce=_target, validate_choice=False)

    def validate_target(self, field):
        _check_target(field)


class SettingsForm(BaseForm):
    """Where the rows go: a new programme (title and period) or an existing one."""

    target = SelectField("Куда", coerce=_target, validate_choice=False)
    title = TextAreaField("Наименование новой программы", filters=[strip], validators=[too_long(1000)])
    start_year = IntegerField("Год начала", validators=[
        InputRequired("Укажите год начала."), NumberRange(min=2000, max=2100, message="Год — число от 2000 до 2100.")])
    end_year = IntegerField("Год окончания", validators=[
        InputRequired("Укажите год окончания."), NumberRange(min=2000, max=2100, message="Год — число от 2000 до 2100.")])

    def validate_target(self, field):
        _check_target(field)

    def validate_title(self, field):
        if self.target.data == NEW and not field.data:
            raise ValidationError("Укажите наименование новой программы.")

    def validate_end_year(self, field):
        if self.start_year.data and field.data and field.data < self.start_year.data:
            raise ValidationError("Год окончания не может быть раньше года начала.")
        if self.start_year.data and field.data and field.data - self.start_year.data > 15:
            raise ValidationError("Программа длиннее 15 лет — проверьте годы.")


class RowForm(BaseForm):
    kind = SelectField("Что это", choices=KINDS)
    title = TextAreaField("Название", filters=[strip], validators=[too_long(5000)])
    deadline = TextAreaField("Сроки (как в документе)", filters=[strip], validators=[too_long(500)])
    manual_dates = TextAreaField("Даты вручную", filters=[strip], validators=[too_long(2000)])
    responsible = TextAreaField("Ответственные", filters=[strip], validators=[too_long(5000)])
    participants = SelectField("Кто выполняет", choices=PARTICIPANTS)
    result = TextAreaField("Ожидаемый результат", filters=[strip], validators=[too_long(5000)])
    document = TextAreaField("Документ", filters=[strip], validators=[too_long(5000)])
    depth = SelectField("Уровень раздела", choices=choices([("1", "раздел"), ("2", "подраздел"),
                                                           ("3", "подраздел 2-го уровня")]))

    def validate_title(self, field):
        if self.kind.data != "skip" and not field.data:
            raise ValidationError(REQUIRED)

