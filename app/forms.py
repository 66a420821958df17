"""The base of every form: WTForms' own messages in Russian, input trimmed."""
from flask_wtf import FlaskForm


class BaseForm(FlaskForm):
    class Meta:
        locales = ["ru_RU", "ru"]


def strip(value):
    return value.strip() if isinstance(value, str) else value


REQUIRED = "Заполните это поле."
