"""Keeping an activity's occurrences in step with its deadline text or hand-set dates.

Occurrences are synced, not recreated: one whose label and date did not change keeps its
id, so what later hangs off it (completion marks) survives an edit of the wording.
"""
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
                   manual: list[ParsedOccurrence] | None = None) -> None:
    """Set the occurrences from hand-set dates if any, else from the deadline text."""
    if manual:
        activity.deadline_state = DeadlineState.MANUAL
        _sync(activity, manual, manual=True)
        return
    parsed = parse_deadline(activity.deadline_text, start_year, end_year)
    activity.deadline_state = DeadlineState.PARSED if parsed.understood else DeadlineState.UNPARSED
    _sync(activity, parsed.occurrences, manual=False)


def manual_text(activity: Activity) -> str:
    """Hand-set dates as the methodist typed them, for the edit form."""
    if activity.deadline_state != DeadlineState.MANUAL:
        return ""
    return "\n".join(f"{o.due_date:%d.%m.%Y} {o.label}" for o in activity.occurrences)
