"""Keeping an activity's occurrences in step with its deadline text or hand-set dates.

Occurrences are synced, not recreated: one whose label and date did not change keeps its
id, so what later hangs off it (completion marks) survives an edit of the wording.
"""
from .deadlines import ParsedOccurrence, parse_deadline
from .models import Activity, DeadlineState, Occurrence


def _sync(activity: Activity, wanted: list[ParsedOccurrence], manual: bool) -> None:
    keep = {(o.label, o.due_date): o for o in activity.occurrences}
    result = []
    for item in wanted:
        existing = keep.pop((item.label, item.due_date), None)
        if existing is None:
            existing = Occurrence(label=item.label, due_date=item.due_date, manual=manual)
        existing.manual = manual
        result.append(existing)
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
