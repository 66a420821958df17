"""Filters of the plan table, read from the URL so a filtered view can be bookmarked and printed."""
from dataclasses import dataclass

from flask import request

STATUS_CHOICES = {"overdue": "просрочено", "not_done": "не выполнено", "done": "выполнено"}


@dataclass
class PlanFilters:
    section: int | None = None
    person: int | None = None
    status: str = ""
    org: int | None = None
    period: str = ""  # "2023" or "2023-09"

    @classmethod
    def from_request(cls) -> "PlanFilters":
        args = request.args
        status = args.get("status", "")
        period = args.get("period", "").strip()
        if not _valid_period(period):
            period = ""
        return cls(section=args.get("section", type=int), person=args.get("person", type=int),
                   status=status if status in STATUS_CHOICES else "", org=args.get("org", type=int), period=period)

    @property
    def active(self) -> bool:
        return bool(self.section or self.person or self.status or self.org or self.period)

    def as_args(self) -> dict:
        return {k: v for k, v in vars(self).items() if v}

    def keeps_section(self, section) -> bool:
        return not self.section or self.section in (section.id, section.parent_id)

    def keeps(self, activity, status, org_participates: bool) -> bool:
        if self.person and all(p.id != self.person for p in activity.responsible_people):
            return False
        if self.org and not org_participates:
            return False
        if self.period and not any(o.due_date.isoformat().startswith(self.period) for o in activity.occurrences):
            return False
        if self.status == "overdue":
            return status is not None and status.overdue
        if self.status == "not_done":
            return status is not None and not status.complete
        if self.status == "done":
            return status is not None and status.complete
        return True


def _valid_period(period: str) -> bool:
    if len(period) == 4:
        return period.isdigit()
    return len(period) == 7 and period[:4].isdigit() and period[4] == "-" and period[5:].isdigit() \
        and 1 <= int(period[5:]) <= 12
