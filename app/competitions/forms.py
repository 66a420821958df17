from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.events.forms import http_only
from app.forms import REQUIRED, BaseForm, choices, date_field, strip
from app.registry.picker import PersonPicker

from .models import CompetitionStatus, Level, Result, StageKind



class CompetitionForm(BaseForm):
    kind_id = SelectField("Вид конкурса", coerce=int)
    title = StringField("Название", filters=[strip],
                        validators=[DataRequired(REQUIRED), Length(max=500, message="Не длиннее 500 символов.")])
    level = SelectField("Уровень", choices=choices(Level.LABELS.items()))
    school_year = SelectField("Учебный год", coerce=int)
    run_by_centre = BooleanField("Проводит наш центр (заявки, жюри, протокол — здесь)")
    organiser_name = StringField("Организатор", filters=[strip],
                                 validators=[Length(max=500, message="Не длиннее 500 символов.")])
    application_deadline = date_field("Приём заявок до")
    stage_school_start = date_field("Школьный этап: с")
    stage_school_end = date_field("по")
    stage_municipal_start = date_field("Муниципальный этап: с")
    stage_municipal_end = date_field("по")
    stage_regional_start = date_field("Региональный этап: с")
    stage_regional_end = date_field("по")
    stage_federal_start = date_field("Федеральный этап: с")
    stage_federal_end = date_field("по")
    nominations = TextAreaField("Номинации", filters=[strip],
                                validators=[Length(max=5000, message="Не длиннее 5000 символов.")])
    description = TextAreaField("Описание", filters=[strip],
                                validators=[Length(max=10000, message="Не длиннее 10000 символов.")])
    regulations_url = StringField("Положение: ссылка", filters=[strip],
                                  validators=[Length(max=1000, message="Слишком длинная ссылка."), http_only])
    regulations_file = FileField("Положение: файл")
    mean_over_jurors = BooleanField("Итог — среднее по членам жюри (иначе сумма баллов всех членов жюри)")
    session_date = date_field("Дата заседания жюри")
    # Checked against the linked activity's occurrences when saved.
    occurrence_id = SelectField("Срок плана", coerce=int, default=0, validate_choice=False)

    def __init__(self, *args, kinds=(), years=(), occurrences=(), levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_id.choices = choices((k.id, k.name) for k in kinds)
        self.school_year.choices = choices((y, f"{y}/{y + 1}") for y in years)
        self.occurrence_id.choices = choices([(0, "— без привязки к сроку —")] + [(o.id, o.label) for o in occurrences])
        if levels is not None:
            self.level.choices = choices((k, v) for k, v in Level.LABELS.items() if k in levels)

    def stage_dates(self):
        """(stage, start, end) for every stage with a date."""
        for stage in StageKind.LABELS:
            start, end = getattr(self, f"stage_{stage}_start").data, getattr(self, f"stage_{stage}_end").data
            if start or end:
                yield stage, start, end

    def nomination_names(self) -> list[str]:
        return list(dict.fromkeys(line.strip()[:300] for line in (self.nominations.data or "").splitlines()
                                  if line.strip()))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for stage in StageKind.LABELS:
            start, end = getattr(self, f"stage_{stage}_start"), getattr(self, f"stage_{stage}_end")
            if start.data and end.data and end.data < start.data:
                end.errors = [*end.errors, "Этап не может закончиться раньше, чем начался."]
                valid = False
        centre_run = "run_by_centre" in self and self.run_by_centre.data
        if not centre_run and not self.organiser_name.data:
            self.organiser_name.errors = [*self.organiser_name.errors,
                                          "Укажите организатора или отметьте, что конкурс проводит центр."]
            valid = False
        if centre_run and not self.application_deadline.data and not self.application_deadline.errors:
            self.application_deadline.errors = ["Укажите, до какого дня школы подают заявки."]
            valid = False
        return valid


class StatusForm(BaseForm):
    status = SelectField("Статус", choices=choices(CompetitionStatus.LABELS.items()))


class EntryForm(BaseForm):
    """An application (заявка) or a recorded entry: one teacher, or several for a team."""

    people = PersonPicker("Участник(и)", scope="keep", multiple=True,
                          validators=[DataRequired("Выберите педагога (для команды — нескольких).")])
    team_name = StringField("Название команды", filters=[strip],
                            validators=[Length(max=300, message="Не длиннее 300 символов.")])
    nomination_id = SelectField("Номинация", coerce=int, default=0)
    stage_reached = SelectField("Достигнутый этап", default="")
    result = SelectField("Результат", default="")
    material_title = StringField("Материал: название", filters=[strip],
                                 validators=[Length(max=300, message="Не длиннее 300 символов.")])
    material_url = StringField("Материал: ссылка", filters=[strip],
                               validators=[Length(max=1000, message="Слишком длинная ссылка."), http_only])
    material_file = FileField("Материал: файл")

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination_id.choices = choices([(0, "— без номинации —")] + [(n.id, n.name) for n in nominations])
        self.stage_reached.choices = choices([("", "—")] + list(StageKind.LABELS.items()))
        self.result.choices = choices([("", "—")] + list(Result.LABELS.items()))

    def validate_nomination_id(self, field):
        if len(self.nomination_id.choices) > 1 and not field.data:
            raise ValidationError("Выберите номинацию.")


class OutcomeForm(BaseForm):
    """The stage reached and the result of an entry in an outside competition."""

    stage_reached = SelectField("Достигнутый этап", choices=choices([("", "—")] + list(StageKind.LABELS.items())))
    result = SelectField("Результат", choices=choices([("", "—")] + list(Result.LABELS.items())))


class ReturnForm(BaseForm):
    reason = TextAreaField("Причина возврата", filters=[strip], validators=[
        DataRequired("Напишите, почему заявка возвращена: школа увидит это."),
        Length(max=1000, message="Не длиннее 1000 символов.")])


class MaterialForm(BaseForm):
    title = StringField("Название", filters=[strip],
                        validators=[DataRequired(REQUIRED), Length(max=300, message="Не длиннее 300 символов.")])
    url = StringField("Ссылка", filters=[strip],
                      validators=[Length(max=1000, message="Слишком длинная ссылка."), http_only])
    file = FileField("Файл")


class JuryForm(BaseForm):
    person_id = PersonPicker("Из реестра", scope="registry")
    name = StringField("или внешний эксперт (ФИО)", filters=[strip],
                       validators=[Length(max=200, message="Не длиннее 200 символов.")])
    position = StringField("Должность, место работы", filters=[strip],
                           validators=[Length(max=300, message="Не длиннее 300 символов.")])
    user_id = SelectField("Учётная запись эксперта", coerce=int, default=0)
    is_chair = BooleanField("Председатель жюри")

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = choices([(0, "— баллы вносит методист —")]
                                       + [(u.id, f"{u.display_name} ({u.username})") for u in experts])

    def validate_name(self, field):
        if not field.data and not self.person_id.data:
            raise ValidationError("Выберите человека из реестра или впишите ФИО эксперта.")


class CriterionForm(BaseForm):
    name = StringField("Критерий", filters=[strip],
                       validators=[DataRequired(REQUIRED), Length(max=300, message="Не длиннее 300 символов.")])
    max_score = StringField("Максимальный балл", filters=[strip], validators=[DataRequired(REQUIRED)])
    nomination_id = SelectField("Номинация", coerce=int, default=0)

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination_id.choices = choices([(0, "все номинации")] + [(n.id, n.name) for n in nominations])

    def validate_max_score(self, field):
        from .scoring import parse_score
        value = parse_score(field.data)
        if value is None or value <= 0 or value > 1000:
            raise ValidationError("Максимальный балл — число больше 0, например 10.")
        field.parsed = value


class StaffForm(BaseForm):
    count = StringField("Педагогов", filters=[strip])
