"""Keeping an activity's occurrences in step with its deadline text or hand-set dates.

Occurrences are synced, not recreated: one whose label and date did not change keeps its
id, so what later hangs off it (completion marks) survives an edit of the wording.
"""
import re
from functools import lru_cache

from .deadlines import ParsedOccurrence, parse_deadline
from .models import Activity, DeadlineState, Occurrence


def _sync(activity: Activity, wanted: list[ParsedOccurrence], manual: bool) -> None:
    """Keep an occurrence whose label and date stay; then one whose date stays under a new
    label ("2023 год" → "декабрь 2023" when "Ежегодно" becomes "Ежегодно, декабрь"), so its
    marks are not lost to a rewording."""
    keep = {(o.label, o.due_date): o for o in activity.occurrences}
    result: list[Occurrence | None] = []
    pending = []
    for item in wanted:
        existing = keep.pop((item.label, item.due_date), None)
        result.append(existing)
        if existing is None:
            pending.append((len(result) - 1, item))
    by_date = {}
    for o in keep.values():
        by_date.setdefault(o.due_date, []).append(o)
    for index, item in pending:
        same_day = by_date.get(item.due_date)
        occurrence = same_day.pop(0) if same_day else Occurrence(due_date=item.due_date)
        occurrence.label = item.label
        result[index] = occurrence
    for occurrence in result:
        occurrence.manual = manual
    activity.occurrences = result


def apply_deadline(activity: Activity, start_year: int, end_year: int,
                   manual: list[ParsedOccurrence] | None = None, school_year_plan: bool = False) -> None:
    """Set the occurrences from hand-set dates if any, else from the deadline text (read as a school
    year's when the plan is an association's)."""
    if manual:
        activity.deadline_state = DeadlineState.MANUAL
        _sync(activity, manual, manual=True)
        return
    parsed = parse_deadline(activity.deadline_text, start_year, end_year, school_year_plan)
    activity.deadline_state = DeadlineState.PARSED if parsed.understood else DeadlineState.UNPARSED
    _sync(activity, parsed.occurrences, manual=False)


def manual_text(activity: Activity) -> str:
    """Hand-set dates as the methodist typed them, for the edit form."""
    if activity.deadline_state != DeadlineState.MANUAL:
        return ""
    return "\n".join(f"{o.due_date:%d.%m.%Y} {o.label}" for o in activity.occurrences)


_YEAR_AT_END = re.compile(r"^(.*\S) (\d{4})$")
_WHOLE_YEAR = re.compile(r"^(\d{4}) год$")
_WHOLE_YEARS = "\0years"  # the group of "2022 год", "2023 год": "2022, 2023 годы"


def grouped_labels(occurrences) -> tuple[str, ...]:
    """Occurrence labels as the plans write them: "сентябрь 2022, 2023, 2024" for three
    Septembers, "I квартал 2022, 2023" for the first quarters, in order of first appearance;
    a label without a year at its end stays as it is."""
    return _grouped(tuple(o.label for o in occurrences))


@lru_cache(maxsize=4096)
def _grouped(labels: tuple[str, ...]) -> tuple[str, ...]:
    """Cached: a plan repeats a few deadline patterns over hundreds of rows."""
    groups: dict[str, list[str]] = {}
    for label in labels:
        match = _YEAR_AT_END.match(label)
        whole_year = _WHOLE_YEAR.match(label)
        if whole_year:
            groups.setdefault(_WHOLE_YEARS, []).append(whole_year.group(1))
        elif match:
            groups.setdefault(match.group(1), []).append(match.group(2))
        else:
            groups.setdefault(label, [])
    return tuple(_years_label(name, years) for name, years in groups.items())


def _years_label(name: str, years: list[str]) -> str:
    if name == _WHOLE_YEARS:
        return f"{years[0]} год" if len(years) == 1 else f"{', '.join(years)} годы"
    return f"{name} {', '.join(years)}" if years else name
