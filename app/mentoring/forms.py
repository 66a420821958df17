from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.forms import REQUIRED, BaseForm, choices, date_field, strip
from app.registry.picker import PersonPicker

from .models import PairStatus


class PairForm(BaseForm):
    mentor_id = PersonPicker("Наставник", scope="registry")
    mentees = PersonPicker("Наставляемый(е)", scope="keep", multiple=True,
                           validators=[DataRequired("Выберите наставляемого (для группы — нескольких).")])
    form_id = SelectField("Форма наставничества", coerce=int)
    order_number = StringField("Приказ ОО: №", filters=[strip],
                               validators=[Length(max=100, message="Не длиннее 100 символов.")])
    order_date = date_field("от")
    starts_on = date_field("Начало", required=True)
    ends_on = date_field("Плановое окончание", required=True)
    goal = TextAreaField("Цель", filters=[strip], validators=[Length(max=5000, message="Не длиннее 5000 символов.")])
    result = TextAreaField("Результат", filters=[strip],
                           validators=[Length(max=5000, message="Не длиннее 5000 символов.")])

    def __init__(self, *args, forms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.form_id.choices = choices((f.id, f.name) for f in forms)

    def validate_mentor_id(self, field):
        if not field.data:
            raise ValidationError("Выберите наставника.")
        if field.data in (self.mentees.data or []):
            raise ValidationError("Наставник не может быть наставляемым в своей же паре.")

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("Окончание не может быть раньше начала.")


class StatusForm(BaseForm):
    status = SelectField("Статус", choices=choices(PairStatus.LABELS.items()))
    closed_on = date_field("Дата")
    reason = StringField("Причина", filters=[strip], validators=[Length(max=1000, message="Не длиннее 1000 символов.")])

    def validate_reason(self, field):
        if self.status.data == PairStatus.TERMINATED and not field.data:
            raise ValidationError("Напишите, почему работа пары прекращена.")


class StepForm(BaseForm):
    text = TextAreaField("Шаг", filters=[strip],
                         validators=[DataRequired(REQUIRED), Length(max=2000, message="Не длиннее 2000 символов.")])
    deadline_text = StringField("Срок", filters=[strip], validators=[
        DataRequired("Укажите срок, например «октябрь 2025» или «до 15 мая 2026»."),
        Length(max=300, message="Не длиннее 300 символов.")])
    done = BooleanField("Выполнено")
    done_on = date_field("Дата выполнения")
    comment = StringField("Комментарий", filters=[strip],
                          validators=[Length(max=1000, message="Не длиннее 1000 символов.")])
    version = StringField()


class ProfileForm(BaseForm):
    from_outside = BooleanField("привлечён извне")
    courses_in_region = BooleanField("КПК в регионе")
    courses_elsewhere = BooleanField("КПК в других регионах")
    training_in_region = BooleanField("другое обучение в регионе")
    training_elsewhere = BooleanField("другое обучение в других регионах")
    needs_training = BooleanField("нуждается в обучении")
    note = StringField("Примечание", filters=[strip], validators=[Length(max=500, message="Не длиннее 500 символов.")])
