"""A plan table read the way such documents are really made.

The header row is found by its words, whatever their order and wording ("Сроки", "Срок
исполнения", "Сроки проведения" …), over one or two lines, with an optional numbering row
"1 2 3 4" under it. Each row below becomes a section or an activity:

- a section: a row merged across the table; a number with text and nothing in the deadline
  and responsible columns; or bold or italic text with nothing there. Nested numbering
  (2, 2.1) gives the nesting; a section without a number is a top-level one.
- an activity: anything else with a title. A column that holds both the deadline and the
  people ("май, ежегодно Скорнякова Н.И., Кадочникова Т.Н.") is split at the first name.

Numbers are kept as the document has them, only to show them in the preview: the app numbers
the plan by its order, so "2.6" typed twice or numbering restarted in each section come out
right as long as the order is kept.
"""
import re
from dataclasses import asdict, dataclass

from app.table_reading import Cell, ImportFileError, Table

ROLES = ("number", "title", "deadline", "responsible", "deadline_responsible", "result", "document")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е")).strip()


def header_role(text: str) -> str | None:
    """The column a header cell names, from its words."""
    t = _norm(text)
    if not t:
        return None
    if t in ("№", "n", "no", "номер") or t.startswith(("№ п", "n п", "№п")) or t == "п/п":
        return "number"
    if "документ" in t or "форма представления" in t or "форма отчет" in t:
        return "document"
    has_deadline = "срок" in t or "дата" in t or "период" in t
    has_people = "ответствен" in t or "исполнител" in t
    if has_deadline and has_people:
        return "deadline_responsible"
    if has_deadline:
        return "deadline"
    if has_people:
        return "responsible"
    if "результат" in t or "показател" in t:
        return "result"
    if "мероприят" in t or "наименование" in t or "содержание" in t or "деятельност" in t or "действи" in t:
        return "title"
    return None


@dataclass
class Layout:
    columns: dict[str, int]     # role → column index
    header_rows: int            # rows taken by the header (and its numbering row)
    start: int                  # index of the header's first row


def _row_roles(row: list[Cell]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(row):
        role = header_role(cell.text)
        if role and role not in roles:
            roles[role] = index
    return roles


def _is_numbering(row: list[Cell]) -> bool:
    values = [c.text for c in row if c.text]
    return len(values) >= 2 and all(v.rstrip(".").isdigit() for v in values) and \
        [int(v.rstrip(".")) for v in values] == list(range(int(values[0].rstrip(".")), int(values[0].rstrip(".")) + len(values)))


def find_layout(rows: list[list[Cell]], scan: int = 30) -> Layout | None:
    """The header: the first row (of the first `scan`) naming a title column and a deadline or
    responsible column; a second line under it fills in the columns the first left empty or
    merged; a numbering row under that is skipped."""
    for start, row in enumerate(rows[:scan]):
        roles = _row_roles(row)
        if "title" not in roles or not ({"deadline", "responsible", "deadline_responsible"} & roles.keys()):
            continue
        taken = 1
        if start + 1 < len(rows) and not _is_numbering(rows[start + 1]):
            below = rows[start + 1]
            texts = [c.text for c in below if c.text]
            extra = {role: i for role, i in _row_roles(below).items() if role not in roles}
            # A second header line: every text in it is a header's words ("(форма представления)"
            # under «Итоговый документ»), or it names columns under a merged or empty cell above.
            if texts and all(header_role(t) for t in texts) and \
                    all(not row[i].text or row[i].span > 1 or _covered(row, i) for i in extra.values()):
                roles.update(extra)
                taken = 2
        if start + taken < len(rows) and _is_numbering(rows[start + taken]):
            taken += 1
        if "deadline_responsible" in roles and ("deadline" in roles or "responsible" in roles):
            roles.pop("deadline_responsible")
        return Layout(roles, taken, start)
    return None


def _covered(row: list[Cell], index: int) -> bool:
    """Whether column `index` lies under a merged cell that starts to its left."""
    for i in range(index - 1, -1, -1):
        if row[i].span > 1 or row[i].text:
            return row[i].span > index - i
    return False


NAME = re.compile(
    r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)"   # Скорнякова Н.И.
    r"|(?:[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"  # Н.И. Скорнякова
)


def names_in(text: str) -> list[str]:
    """People written as «Фамилия И.О.» or «И.О. Фамилия», as «Фамилия И.О.», in order, once each."""
    found = []
    for match in NAME.finditer(text):
        name = _canonical_name(match.group(0))
        if name not in found:
            found.append(name)
    return found


def _canonical_name(raw: str) -> str:
    raw = re.sub(r"\s+", " ", raw.strip())
    initials = "".join(re.findall(r"[А-ЯЁ]\.", raw))
    surname = re.sub(r"[А-ЯЁ]\.\s?", "", raw).strip()
    return f"{surname} {initials}"


def split_deadline_people(text: str) -> tuple[str, str]:
    """"май, ежегодно Скорнякова Н.И., Кадочникова Т.Н." → ("май, ежегодно", "Скорнякова Н.И., …")."""
    match = NAME.search(text)
    if not match:
        return text, ""
    return text[:match.start()].strip(" ,;\n"), text[match.start():].strip()


SECTION_NUMBER = re.compile(r"^(?:раздел\s+)?(\d+(?:\.\d+)*)(?:\.\s*|\s+(?=\d)|\)\s*)(?=\S)", re.I)
MULTILEVEL = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(?=\S)")


def _leading_number(text: str) -> tuple[str, str]:
    """"2.1. Повышение …" → ("2.1", "Повышение …"); "1 этап подготовительный" keeps its text."""
    match = SECTION_NUMBER.match(text) or MULTILEVEL.match(text)
    if not match:
        return "", text
    return match.group(1), text[match.end():].strip()


@dataclass
class Item:
    kind: str                 # "section" or "activity"
    number: str = ""
    title: str = ""
    deadline: str = ""
    responsible: str = ""
    result: str = ""
    document: str = ""
    depth: int = 1            # sections: 1 top level, 2 a subsection …
    guessed: bool = False     # a section told only by its look (number or bold, no deadline): worth a glance

    def as_dict(self) -> dict:
        return asdict(self)


def items_from(table: Table, layout: Layout) -> list[Item]:
    columns = layout.columns
    used = sorted(columns.values())
    items: list[Item] = []
    for row in table.rows[layout.start + layout.header_rows:]:
        if not any(c.text for c in row):
            continue
        if _is_numbering(row):
            continue
        value = {role: (row[i].text if i < len(row) else "") for role, i in columns.items()}
        texts = [c.text for c in row if c.text]
        widest = max((c.span for c in row if c.text), default=1)
        if len(texts) == 1 and (widest >= max(2, len(used) - 1) or _only_in_wide_first_cell(row, used)):
            items.append(_section(texts[0], guessed=False))
            continue
        if "deadline_responsible" in columns:
            value["deadline"], value["responsible"] = split_deadline_people(value.pop("deadline_responsible"))
        title = value.get("title", "")
        number = value.get("number", "").rstrip(".") if "number" in columns else ""
        if not title and len(texts) == 1:
            # One text alone outside the title column (e.g. a section written in the № column).
            items.append(_section(texts[0], guessed=True))
            continue
        empty_rest = not value.get("deadline") and not value.get("responsible")
        title_cell = row[columns["title"]] if columns.get("title", len(row)) < len(row) else Cell()
        if title and empty_rest and (title_cell.bold or title_cell.italic or (row[0].bold and number)):
            merged = title_cell.span > 1 and title_cell.span >= len(row) - columns["title"]
            items.append(Item("section", number=number, title=title, guessed=not merged) if number
                         else _section(title, guessed=not merged))
            continue
        if title and empty_rest and number and not value.get("result") and not value.get("document") \
                and _section_like_number(number, items):
            items.append(Item("section", number=number, title=title, guessed=True))
            continue
        if not title and not any(value.get(k) for k in ("deadline", "responsible", "result", "document")):
            continue
        items.append(Item("activity", number=number, title=title, deadline=value.get("deadline", ""),
                          responsible=value.get("responsible", ""), result=value.get("result", ""),
                          document=value.get("document", "")))
    _set_depths(items)
    return items


def _only_in_wide_first_cell(row: list[Cell], used: list[int]) -> bool:
    first = next((c for c in row if c.text), None)
    return first is not None and first.span > 1


def _section_like_number(number: str, items: list[Item]) -> bool:
    """A number with text and no deadline is a section when it does not continue the
    activities' numbering (an activity "2.6" among "2.5", "2.7" stays an activity)."""
    last_activity = next((i for i in reversed(items) if i.kind == "activity"), None)
    if last_activity is None or not last_activity.number:
        return True
    return number.count(".") < last_activity.number.count(".")


def _section(text: str, guessed: bool) -> Item:
    number, title = _leading_number(text)
    return Item("section", number=number, title=title or text, guessed=guessed)


def _set_depths(items: list[Item]) -> None:
    """A numbered section's depth is its number's levels; an unnumbered one is top level."""
    for item in items:
        if item.kind == "section":
            item.depth = min(item.number.count(".") + 1, 3) if item.number else 1


@dataclass
class Found:
    items: list[Item]
    title: str          # the document's title, to prefill the programme's


def find_plan(tables: list[Table]) -> Found:
    """The plan table of a file: the one with a recognisable header and the most rows."""
    if not tables or not any(t.rows for t in tables):
        raise ImportFileError("В файле нет таблицы. План должен быть таблицей с колонками «Мероприятие», "
                              "«Сроки», «Ответственные».")
    best = None
    for table in tables:
        layout = find_layout(table.rows)
        if layout is None:
            continue
        items = items_from(table, layout)
        if best is None or len(items) > len(best[2]):
            best = (table, layout, items)
    if best is None:
        raise ImportFileError("Не найдена строка заголовка таблицы: нужны колонки с названием мероприятия "
                              "(«Мероприятие», «Наименование мероприятия», «Содержание деятельности») и "
                              "сроками или ответственными.")
    table, layout, items = best
    if not any(i.kind == "activity" for i in items):
        raise ImportFileError("Заголовок таблицы найден, но под ним нет ни одного мероприятия.")
    above = table.before + [c.text for row in table.rows[:layout.start] for c in row if c.text]
    return Found(items, _document_title(above))


GENERIC_HEADINGS = {"план мероприятий", "план", "план работы", "мероприятия программы",
                    "план мероприятий программы", "мероприятия по реализации программы"}


def _document_title(above: list[str]) -> str:
    """The line above the table that names the plan or programme, if any: not a numbered
    heading ("4. Мероприятия по реализации Программы") nor the approval block; one naming its
    years is preferred."""
    lines = [line.strip() for text in above for line in text.split("\n") if line.strip()]
    candidates = [line for line in lines
                  if ("программ" in _norm(line) or "план" in _norm(line)) and len(line) > 10
                  and _norm(line).rstrip(".:") not in GENERIC_HEADINGS
                  and not re.match(r"^\d", line) and not _norm(line).startswith(("утвержд", "приложение"))]
    with_years = [line for line in candidates if re.search(r"\b20\d\d\b", line)]
    chosen = (with_years or candidates or [""])[-1]
    return chosen[:1000]
