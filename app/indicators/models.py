"""A programme's indicators and their yearly values. Owned by the programme.

An indicator belongs to a group as seed 004 groups them — of the goal (целевые ориентиры), of
the tasks, of the activities — and says whether more is better (a share of teachers trained) or
less (a share with deficits). Values are the municipal target and actual for a calendar year,
the reporting period 004 names.
"""
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint, false
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
    # Entered by each school; the municipal actual is their sum, or for a share the schools'
    # counts over their totals (never a mean of percentages).
    per_school: Mapped[bool] = mapped_column(default=False, server_default=false())

    @property
    def derived(self) -> bool:
        """The municipal actual is not typed in (computed or from the schools): replacing it needs a reason."""
        return bool(self.computed or self.per_school)

    values: Mapped[list["IndicatorValue"]] = relationship(back_populates="indicator", cascade="all, delete-orphan",
                                                          passive_deletes=True)


class IndicatorSchoolValue(db.Model):
    """A school's own figure for a year: the count (and, for a share, the total it is out of)."""

    __tablename__ = "indicator_school_values"
    __table_args__ = (UniqueConstraint("indicator_id", "organisation_id", "year", name="uq_indicator_school_values"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    count: Mapped[float | None] = mapped_column(Float)
    total: Mapped[float | None] = mapped_column(Float)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime | None] = mapped_column()

    @property
    def percent(self) -> float | None:
        return round(100 * self.count / self.total, 1) if self.count is not None and self.total else None


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
    entered_by = relationship("User")


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
        if indicator.derived:
            for (indicator_id, year), found in computed.items():
                if indicator_id != indicator.id:
                    continue
                entered = values.get((indicator_id, year))
                overridden = entered is not None and entered.actual is not None
                result[(indicator_id, year)] = Effective(entered.target if entered else None,
                                                         entered.actual if overridden else found.value)
    return result
