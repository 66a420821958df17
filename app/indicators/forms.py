from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.forms import REQUIRED, BaseForm, choices, strip

from .computed import SOURCES
from .models import Group, Unit


class IndicatorForm(BaseForm):
    number = StringField("№", filters=[strip], validators=[Length(max=20, message="Не длиннее 20 символов.")])
    name = TextAreaField("Показатель", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=2000, message="Не длиннее 2000 символов.")])
    unit = SelectField("Единица", choices=choices((u, u) for u in Unit.CHOICES))
    group = SelectField("Группа", choices=choices(Group.LABELS.items()))
    source = StringField("Источник данных", filters=[strip],
                         validators=[Length(max=500, message="Не длиннее 500 символов.")])
    less_is_better = BooleanField("Чем меньше, тем лучше (например, доля педагогов с дефицитами)")
    per_school = BooleanField("Вносят школы (по муниципалитету — сумма или доля от их итогов)")
    computed = SelectField("Как получается факт", default="", choices=choices(
        [("", "вносится вручную")] + [(s.key, f"рассчитывается: {s.label}") for s in SOURCES.values()]))

    def validate_computed(self, field):
        if field.data and self.per_school.data:
            raise ValidationError("Показатель либо рассчитывается, либо вносится школами — выберите одно.")
        if field.data and self.unit.data != Unit.PERCENT:
            raise ValidationError("Расчётные показатели — доли, в процентах: выберите единицу «%».")


def parse_number(text: str | None) -> tuple[float | None, str]:
    """A number as people type it ("85", "85,5", "1 200"), or None for empty; and an error."""
    raw = (text or "").strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
    if raw == "":
        return None, ""
    try:
        value = float(raw)
    except ValueError:
        return None, "Число, например 85 или 85,5."
    if value != value or value in (float("inf"), float("-inf")):
        return None, "Число, например 85 или 85,5."
    return value, ""


def check_value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if value < 0:
        return "Не может быть меньше нуля."
    if unit == Unit.PERCENT and value > 100:
        return "Доля — не больше 100 %."
    if value > 10_000_000:
        return "Слишком большое число — проверьте."
    return ""
