"""A programme's indicators and their yearly values. Owned by the programme.

An indicator belongs to a group as seed 004 groups them — of the goal (целевые ориентиры), of
the tasks, of the activities — and says whether more is better (a share of teachers trained) or
less (a share with deficits). Values are the municipal target and actual for a calendar year,
the reporting period 004 names.
"""
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Group:
    GOAL = "goal"
    TASK = "task"
    ACTIVITY = "activity"

    LABELS = {GOAL: "целевые ориентиры ключевой цели", TASK: "показатели задач", ACTIVITY: "показатели мероприятий"}


class Unit:
    PERCENT = "%"
    PEOPLE = "чел."
    ITEMS = "ед."

    CHOICES = [PERCENT, PEOPLE, ITEMS]


class Indicator(db.Model):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(20), default=Unit.PERCENT)
    source: Mapped[str] = mapped_column(String(500), default="")
    group: Mapped[str] = mapped_column(String(20), default=Group.TASK)
    less_is_better: Mapped[bool] = mapped_column(default=False)
    # Computed from the app's own data (a key of app/indicators/computed.py SOURCES), or entered.
    computed: Mapped[str | None] = mapped_column(String(40))

    values: Mapped[list["IndicatorValue"]] = relationship(back_populates="indicator", cascade="all, delete-orphan",
                                                          passive_deletes=True)


class IndicatorValue(db.Model):
    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "year", name="uq_indicator_values_indicator_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    target: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)
    document: Mapped[str] = mapped_column(String(500), default="")  # what supports the actual
    # For a computed indicator, `actual` is an override of the computed value, and this says why.
    override_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime | None] = mapped_column()

    indicator: Mapped[Indicator] = relationship(back_populates="values")


class Effective:
    """The year's target and the actual that counts: entered, or computed unless overridden."""

    def __init__(self, target, actual):
        self.target, self.actual = target, actual


def effective_values(indicators, values, computed) -> dict:
    result = {}
    for indicator in indicators:
        for (indicator_id, year), value in values.items():
            if indicator_id == indicator.id:
                result[(indicator_id, year)] = Effective(value.target, value.actual)
        if indicator.computed:
            for (indicator_id, year), found in computed.items():
                if indicator_id != indicator.id:
                    continue
                entered = values.get((indicator_id, year))
                overridden = entered is not None and entered.actual is not None
                result[(indicator_id, year)] = Effective(entered.target if entered else None,
                                                         entered.actual if overridden else found.value)
    return result
