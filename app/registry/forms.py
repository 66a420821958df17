from sqlalchemy import func, select
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.clock import today
from app.extensions import db
from app.forms import REQUIRED, BaseForm, choices, strip

from .models import Category, OrgKind, Organisation, Person, age_problem, years_before

class OrganisationForm(BaseForm):
    name = StringField(
        "Полное наименование",
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=500, message="Не длиннее 500 символов.")],
    )
    short_name = StringField(
        "Краткое наименование",
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=100, message="Не длиннее 100 символов.")],
    )
    kind = SelectField("Тип", choices=choices(OrgKind.LABELS.items()))
    cluster = StringField(
        "Кластер", filters=[strip], validators=[Length(max=100, message="Не длиннее 100 символов.")]
    )

    def __init__(self, *args, organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation_id = organisation_id

    def validate_short_name(self, field):
        clash = db.session.scalar(
            select(Organisation.id).where(
                func.lower(Organisation.short_name) == field.data.lower(),
                Organisation.id != (self._organisation_id or 0),
            )
        )
        if clash:
            raise ValidationError("Организация с таким кратким наименованием уже есть.")


class PersonForm(BaseForm):
    full_name = StringField(
        "ФИО",
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=200, message="Не длиннее 200 символов.")],
    )
    organisation_id = SelectField("Организация", coerce=int, validate_choice=True)
    position = StringField("Должность", filters=[strip], validators=[Length(max=200, message="Не длиннее 200 символов.")])
    subject = StringField("Предмет", filters=[strip], validators=[Length(max=200, message="Не длиннее 200 символов.")])
    teaching_since = DateField("Педстаж с", validators=[Optional()], render_kw={"type": "date"})
    experience_years = IntegerField(
        "или стаж на сегодня, лет",
        validators=[Optional(), NumberRange(min=0, max=70, message="Стаж — целое число от 0 до 70.")],
    )
    birth_date = DateField("Дата рождения", validators=[Optional()], render_kw={"type": "date"})
    sex = SelectField("Пол", choices=choices([("", "—"), ("f", "женский"), ("m", "мужской")]), default="")
    young_by_hand = BooleanField("Молодой специалист (отметить вручную)")
    category = SelectField("Категория", choices=choices(Category.LABELS.items()))

    FIELDS = ("full_name", "organisation_id", "position", "subject", "young_by_hand", "category", "birth_date", "sex")

    def apply(self, person: Person) -> None:
        """Into the person: the date they started teaching, or the years typed (as of today)."""
        for name in self.FIELDS:
            setattr(person, name, getattr(self, name).data)
        if self.teaching_since.data:
            person.teaching_since = self.teaching_since.data
        elif self.experience_years.data is not None:
            person.teaching_since = years_before(today(), self.experience_years.data)
        else:
            person.teaching_since = None

    def validate_birth_date(self, field):
        if not field.data:
            return
        if field.data > today():
            raise ValidationError("Дата рождения не может быть в будущем.")
        problem = age_problem(field.data, today())
        if problem:
            raise ValidationError(problem)

    def validate_teaching_since(self, field):
        if field.data and self.birth_date.data and field.data < self.birth_date.data:
            raise ValidationError("Стаж не может начаться раньше рождения.")
        if field.data and field.data > today():
            raise ValidationError("Дата начала стажа не может быть в будущем.")

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        pairs = [(o.id, o.short_name) for o in organisations]
        if len(pairs) > 1:  # no silent default: the first in the list is the authority
            pairs.insert(0, (0, "— выберите организацию —"))
        self.organisation_id.choices = choices(pairs)

    def validate_organisation_id(self, field):
        if not field.data:
            raise ValidationError("Выберите организацию.")
