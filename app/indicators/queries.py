"""What other parts read of the indicators: a programme's indicators and entered values, and its
effectiveness index Инр for a year (the region's page shows each municipality's)."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.clock import today
from app.extensions import db
from app.plan.models import Programme

from .computed import Computed, computed_values, plan_on_time
from .index import Index, effectiveness
from .models import Indicator, IndicatorValue, effective_values


def indicators_of(programme_id: int) -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).where(Indicator.programme_id == programme_id)
                                   .order_by(Indicator.position, Indicator.id)))


def values_of(indicator_ids) -> dict[tuple[int, int], IndicatorValue]:
    return {(v.indicator_id, v.year): v for v in db.session.scalars(
        select(IndicatorValue).options(selectinload(IndicatorValue.entered_by))
        .where(IndicatorValue.indicator_id.in_(indicator_ids)))}


def year_index(programme: Programme, year: int) -> Index:
    """Инр of the year, as the programme's index page computes it (entered values, and the computed
    actuals of that year alone)."""
    indicators = indicators_of(programme.id)
    computed = computed_values(programme, indicators, [year], today())
    return effectiveness(programme, indicators, effective_values(indicators, values_of([i.id for i in indicators]),
                                                                 computed), year)


def deadlines_on_time(programme: Programme, year: int) -> Computed:
    """The share of the plan's deadlines of the year met on time (the computed indicator's figure)."""
    return plan_on_time(programme, year)
