"""Reading a deadline as people write it ("Сентябрь 2022, 2023, 2024", "ежегодно, июль")
into occurrences inside the programme period.

The text itself is never changed: it is printed exactly as written. What this module adds is
a list of occurrences (a label and a due date, the last day of the named period or the named
day). Text it cannot read gives `understood=False` and no occurrences; the caller shows that
and lets a methodist set the dates by hand. It does not guess: a month without a year and
without "ежегодно" is not understood.
"""
import calendar
import re
from dataclasses import dataclass, field
from datetime import date

MONTHS_NOMINATIVE = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
]
MONTHS_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]
QUARTERS = ["I", "II", "III", "IV"]

_NOM = "|".join(MONTHS_NOMINATIVE)
_GEN = "|".join(MONTHS_GENITIVE)
_YEAR = r"(?:19|20)\d\d"

# "до 15 мая 2022", "20 сентября 2021", "до 1 июня"
_DAY_RE = re.compile(rf"(\d{{1,2}})\s+({_GEN})(?:\s+({_YEAR}))?")
# "сентябрь 2022, 2023, 2024", "апрель - май", "ноябрь - декабрь 2024", "февраль 2022"
_MONTH_RE = re.compile(rf"({_NOM})(?:\s*-\s*({_NOM}))?((?:\s*(?:,|и)?\s*{_YEAR}(?!\s*-\s*{_YEAR}))*)")
# "2025 - 2027"
_YEAR_RANGE_RE = re.compile(rf"({_YEAR})\s*-\s*({_YEAR})")
_YEAR_RE = re.compile(_YEAR)
# "1 полугодие - до 20 декабря"
_HALF_RE = re.compile(rf"([12])\s*полугодие\s*-?\s*(?:до\s+)?(\d{{1,2}})\s+({_GEN})")

_YEARLY = ("ежегодно", "каждый год")
_QUARTERLY = ("ежеквартально",)
_CONTINUOUS = (
    "постоянно",
    "весь период",
    "в течение всего периода",
    "в ходе реализации",
    "в течение года",
    "в течение календарного года",
)
_SCHOOL_YEAR = ("в течение учебного года",)


@dataclass(frozen=True, order=True)
class ParsedOccurrence:
    due_date: date
    label: str


@dataclass
class ParsedDeadline:
    understood: bool
    occurrences: list[ParsedOccurrence] = field(default_factory=list)
    # Understood, but every date falls outside the programme period.
    outside_period: bool = False


def _normalise(text: str) -> str:
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)  # all dashes to a hyphen
    return re.sub(r"\s+", " ", text).strip()


def _without_year_words(text: str) -> str:
    """"2022 г.", "2025 - 2027 гг.", "2027 года" -> bare years, for the date patterns."""
    text = re.sub(r"(\d{4})\s*(?:гг|г)\b\.?", r"\1", text)
    text = re.sub(r"(\d{4})\s+(?:года|годы|год)\b", r"\1", text)
    return re.sub(r"\s+", " ", text)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass
class _Item:
    """One dated thing found in the text, before years are applied."""

    kind: str  # "day" | "month" | "years"
    years: list[int]
    month: int = 0
    month_to: int = 0
    day: int = 0

    def occurrence(self, year: int) -> ParsedOccurrence | None:
        if self.kind == "day":
            due = _safe_date(year, self.month, self.day)
            if due is None:
                return None
            return ParsedOccurrence(due, f"{self.day} {MONTHS_GENITIVE[self.month - 1]} {year}")
        if self.kind == "month":
            last = self.month_to or self.month
            if self.month_to:
                label = f"{MONTHS_NOMINATIVE[self.month - 1]} – {MONTHS_NOMINATIVE[self.month_to - 1]} {year}"
            else:
                label = f"{MONTHS_NOMINATIVE[self.month - 1]} {year}"
            return ParsedOccurrence(_last_day(year, last), label)
        return ParsedOccurrence(date(year, 12, 31), f"{year} год")


def _find_items(text: str) -> list[_Item]:
    items: list[_Item] = []
    taken = [False] * len(text)

    def claim(match: re.Match) -> bool:
        if any(taken[match.start():match.end()]):
            return False
        for i in range(match.start(), match.end()):
            taken[i] = True
        return True

    for m in _DAY_RE.finditer(text):
        if claim(m):
            years = [int(m.group(3))] if m.group(3) else []
            items.append(_Item("day", years, month=MONTHS_GENITIVE.index(m.group(2)) + 1, day=int(m.group(1))))
    for m in _MONTH_RE.finditer(text):
        if claim(m):
            month = MONTHS_NOMINATIVE.index(m.group(1)) + 1
            month_to = MONTHS_NOMINATIVE.index(m.group(2)) + 1 if m.group(2) else 0
            years = [int(y) for y in _YEAR_RE.findall(m.group(3) or "")]
            items.append(_Item("month", years, month=month, month_to=month_to))
    for m in _YEAR_RANGE_RE.finditer(text):
        if claim(m):
            first, last = int(m.group(1)), int(m.group(2))
            if first <= last:
                items.append(_Item("years", list(range(first, last + 1))))
    for m in _YEAR_RE.finditer(text):
        if claim(m):
            items.append(_Item("years", [int(m.group(0))]))
    return items


def _half_years(text: str, years: range) -> list[ParsedOccurrence] | None:
    """"1 полугодие - до 20 декабря, 2 полугодие - до 1 июня": both halves every school year."""
    matches = list(_HALF_RE.finditer(text))
    if not matches:
        return None
    result = []
    for m in matches:
        half, day, month = int(m.group(1)), int(m.group(2)), MONTHS_GENITIVE.index(m.group(3)) + 1
        for year in years:
            due = _safe_date(year, month, day)
            if due is not None:
                result.append(ParsedOccurrence(due, f"{half} полугодие (до {day} {m.group(3)} {year})"))
    return result


def _every_year(years: range, school_year: bool) -> list[ParsedOccurrence]:
    if school_year:
        return [ParsedOccurrence(date(y, 5, 31), f"{y - 1}/{y} учебный год") for y in years]
    return [ParsedOccurrence(date(y, 12, 31), f"{y} год") for y in years]


def _quarters(years: range) -> list[ParsedOccurrence]:
    return [
        ParsedOccurrence(_last_day(y, q * 3), f"{QUARTERS[q - 1]} квартал {y}")
        for y in years
        for q in range(1, 5)
    ]


def _school_year_month(month: int, start_year: int) -> int:
    """In a plan for the school year start_year/start_year+1: September to December are the first
    year's, January to August the second's."""
    return start_year if month >= 9 else start_year + 1


def parse_deadline(text: str, start_year: int, end_year: int, school_year_plan: bool = False) -> ParsedDeadline:
    """Occurrences of a deadline inside [start_year, end_year], sorted by due date.

    A school year's plan (an association's, start_year/end_year its two calendar years) reads a
    month without a year as that school year's («октябрь» is October of the first year, «март» March
    of the second) and keeps only dates from 1 September to 31 August."""
    norm = _normalise(text or "")
    period = range(start_year, end_year + 1)
    if not norm:
        return ParsedDeadline(understood=False)

    yearly = any(word in norm for word in _YEARLY)
    quarterly = any(word in norm for word in _QUARTERLY)
    school_year = school_year_plan or any(word in norm for word in _SCHOOL_YEAR)
    continuous = school_year or any(word in norm for word in _CONTINUOUS)

    found: set[ParsedOccurrence] | None = None
    halves = _half_years(norm, period)
    if halves is not None:
        found = set(halves)
    else:
        items = _find_items(_without_year_words(norm))
        if items:
            found = set()
            for item in items:
                if not item.years and school_year_plan and item.kind != "years":
                    item.years = [_school_year_month(item.month, start_year)]
                if not item.years and not (yearly or continuous):
                    # "Декабрь" alone: which year? Not ours to guess.
                    return ParsedDeadline(understood=False)
                if item.years and yearly and item.kind != "years":
                    # "ноябрь 2021, далее - ежегодно": from that year on, every year.
                    years = range(min(item.years), end_year + 1)
                else:
                    years = item.years or period
                for year in years:
                    occurrence = item.occurrence(year)
                    if occurrence is not None:
                        found.add(occurrence)
            if quarterly:
                found.update(_quarters(period))
        elif quarterly or yearly or continuous:
            found = set()
            if quarterly:
                found.update(_quarters(period))
            if yearly or continuous or not quarterly:
                found.update(_every_year(period, school_year))

    if found is None:
        return ParsedDeadline(understood=False)
    if school_year_plan:
        inside = sorted(o for o in found if date(start_year, 9, 1) <= o.due_date <= date(start_year + 1, 8, 31))
    else:
        inside = sorted(o for o in found if start_year <= o.due_date.year <= end_year)
    return ParsedDeadline(understood=True, occurrences=inside, outside_period=bool(found) and not inside)


def parse_manual_dates(text: str) -> tuple[list[ParsedOccurrence], list[str]]:
    """Dates a methodist typed by hand, one per line: "15.05.2023" or "15.05.2023 отчёт".

    Returns the occurrences and a list of Russian error messages (one per bad line).
    """
    occurrences, errors = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(.*)", line)
        due = m and _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if not due:
            errors.append(f"Строка {number}: «{line[:40]}» — не дата. Пишите ДД.ММ.ГГГГ, например 15.05.2023.")
            continue
        label = m.group(4).strip()[:150] or f"{due.day} {MONTHS_GENITIVE[due.month - 1]} {due.year}"
        occurrences.append(ParsedOccurrence(due, label))
    return sorted(set(occurrences)), errors
