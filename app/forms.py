"""The base of every form: WTForms' own messages in Russian, input trimmed."""
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice
from wtforms.validators import InputRequired, Optional


class BaseForm(FlaskForm):
    class Meta:
        locales = ["ru_RU", "ru"]

    @property
    def picking(self) -> bool:
        """«Найти» of a person picker was pressed (a browser without JavaScript): the form is
        shown again with the matches, nothing saved and no errors (app/registry/picker.py)."""
        return any(getattr(f, "picking", False) for f in self)

    def validate(self, extra_validators=None):
        if self.picking:
            return False
        return super().validate(extra_validators)


def strip(value):
    """Trim text; a field missing from the request becomes "" (the columns are NOT NULL)."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


REQUIRED = "Заполните это поле."


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


def date_field(label: str, required: bool = False) -> DateField:
    """A date picked in the browser's date input; an empty one is None unless required."""
    validators = [InputRequired("Укажите дату.")] if required else [Optional()]
    return DateField(label, validators=validators, render_kw={"type": "date"})

