from wtforms import DateField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.clock import today
from app.forms import BaseForm, strip


class ApproveForm(BaseForm):
    order_number = StringField("Номер приказа", filters=[strip],
                               validators=[DataRequired("Укажите номер приказа."), Length(max=50, message="Не длиннее 50 символов.")])
    order_date = DateField("Дата приказа", validators=[InputRequired("Укажите дату приказа.")])
    approver_position = StringField("Должность утверждающего", filters=[strip],
                                    validators=[Length(max=300, message="Не длиннее 300 символов.")])
    approver_name = StringField("Подпись (И.О. Фамилия)", filters=[strip],
                                validators=[Length(max=200, message="Не длиннее 200 символов.")])

    def validate_order_date(self, field):
        if field.data and field.data > today():
            raise ValidationError("Дата приказа не может быть в будущем.")


class OrderForm(BaseForm):
    """The order the amendments are attached to, typed in on the print page (a GET form)."""

    class Meta:
        csrf = False
        locales = ["ru_RU", "ru"]

    order_number = StringField("Номер приказа", filters=[strip],
                               validators=[Length(max=50, message="Не длиннее 50 символов.")])
    order_date = DateField("Дата приказа", validators=[Optional()], render_kw={"type": "date"})
