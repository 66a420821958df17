from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.forms import BaseForm


class LoginForm(BaseForm):
    username = StringField(
        "Логин", validators=[DataRequired("Введите логин."), Length(max=64, message="Слишком длинный логин.")]
    )
    password = PasswordField(
        "Пароль", validators=[DataRequired("Введите пароль."), Length(max=200, message="Слишком длинный пароль.")]
    )
