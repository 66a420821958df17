"""Tables out of an uploaded .xlsx, .docx or .csv, read safely — for every import (the plan, a
provider's list of courses, a school's staff list …).

The file's kind is decided by its bytes, not its name. Before a parser sees it, the zip is
checked: a zip bomb (huge uncompressed size or ratio), an encrypted or old binary Office file,
noise. XML is read through defusedxml when installed (openpyxl uses it by itself; python-docx
parses with lxml, which does not resolve external entities by default). Formulas are never
evaluated: the value Excel cached with the file is read.

A table is a list of rows; a row is a list of Cell, one per column of the grid, with the text
of a merged cell in its first column and `span` telling how many columns it covers.
"""
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

from werkzeug.datastructures import FileStorage

MAX_UNPACKED = 60 * 1024 * 1024   # a 2,000-row plan unpacks to a few MB
MAX_RATIO = 200                   # real Office XML compresses 5-30 times
MAX_MEMBERS = 2000
MAX_ROWS = 5000
MAX_COLUMNS = 40
MAX_BYTES = 10 * 1024 * 1024      # an upload; nothing an import reads is near it


class ImportFileError(ValueError):
    """A Russian message naming what is wrong with the file."""


@dataclass
class Cell:
    text: str = ""
    bold: bool = False
    italic: bool = False
    span: int = 1       # columns a merged cell covers (1 when not merged)


@dataclass
class Table:
    rows: list[list[Cell]]
    before: list[str] = field(default_factory=list)   # the document's lines above the table (its title)
    sheet: str = ""


def read_upload(upload: FileStorage | None, what: str) -> tuple[str, bytes]:
    """The uploaded file's name and bytes, or ImportFileError: none chosen, or over 10 MB
    (`what` names the file in the messages: «список слушателей»)."""
    name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1][:200] if upload else ""
    if not name:
        raise ImportFileError(f"Выберите файл: {what}.")
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"Файл больше 10 МБ: {what} столько не занимает. Проверьте, тот ли это файл.")
    return name, data


DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})|(\d{4})-(\d{1,2})-(\d{1,2})")


def cell_date(text: str) -> date | None:
    """A date in a cell's text: ДД.ММ.ГГГГ (or ГГ) as a table shows it, or ГГГГ-ММ-ДД from a CSV."""
    found = DATE.search(text or "")
    if not found:
        return None
    if found.group(1):
        day, month, year = (int(g) for g in found.groups()[:3])
        year += 2000 if year < 100 and year <= date.today().year % 100 else 1900 if year < 100 else 0
    else:
        year, month, day = (int(g) for g in found.groups()[3:])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def kind_of(data: bytes, allow_csv: bool = False) -> str:
    """"xlsx", "docx" (or "csv" where allowed), or ImportFileError with the reason."""
    if not data:
        raise ImportFileError("Файл пустой.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("Файл защищён паролем или сохранён в старом формате (.xls, .doc). "
                              "Снимите пароль и сохраните его как .xlsx или .docx.")
    if not data.startswith(b"PK"):
        if allow_csv and _csv_text(data) is not None:
            return "csv"
        raise ImportFileError("Это не файл Excel (.xlsx), не таблица CSV и не документ Word (.docx)." if allow_csv
                              else "Это не файл Excel (.xlsx) и не документ Word (.docx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError("Файл повреждён: его не удаётся открыть.") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFileError("Файл устроен необычно (слишком много частей) и не будет прочитан.")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        raise ImportFileError("Файл после распаковки слишком велик — так выглядит «zip-бомба». "
                              "Сохраните план заново обычным способом.")
    if "EncryptedPackage" in names:
        raise ImportFileError("Файл защищён паролем. Снимите пароль и загрузите снова.")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ImportFileError("Это не файл Excel (.xlsx) и не документ Word (.docx).")


def header_row(table: Table, role_of, enough) -> tuple[dict[str, int], int] | None:
    """The header among a table's first 20 rows: each cell's role by its words (`role_of(text)`,
    the first column of a role wins), the first row whose roles are `enough(roles)`; and its index."""
    for index, row in enumerate(table.rows[:20]):
        roles: dict[str, int] = {}
        for column, cell in enumerate(row):
            role = role_of(cell.text)
            if role and role not in roles:
                roles[role] = column
        if enough(roles):
            return roles, index
    return None


def read_tables(data: bytes, allow_csv: bool = False) -> list[Table]:
    kind = kind_of(data, allow_csv)
    try:
        if kind == "csv":
            return [_csv_table(_csv_text(data))]
        return _xlsx_tables(data) if kind == "xlsx" else _docx_tables(data)
    except ImportFileError:
        raise
    except Exception:  # a parser's error on a broken file: any of a dozen exception types
        raise ImportFileError("Файл повреждён или устроен необычно: прочитать его не удалось. "
                              "Откройте его и сохраните заново как .xlsx или .docx.") from None


def _csv_text(data: bytes) -> str | None:
    """The text of a CSV file (UTF-8, or Windows-1251 as Russian Excel saves it), or None when the
    bytes are not text at all (control characters a table never holds)."""
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if controls or not sample.strip():
        return None
    return text


def _csv_table(text: str) -> Table:
    """Rows of a CSV file; the separator is the one its first lines use most (Excel's Russian
    CSV has «;», others «,» or a tab)."""
    head = text[:5000]
    delimiter = max((";", ",", "\t"), key=head.count)
    rows = []
    for values in csv.reader(io.StringIO(text), delimiter=delimiter):
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"В файле больше {MAX_ROWS} строк: это не похоже на список.")
        rows.append([Cell(_text(value)) for value in values[:MAX_COLUMNS]])
    return Table(rows, sheet="CSV")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _xlsx_tables(data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), data_only=True)  # cached values: formulas never run
    tables = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        spans: dict[tuple[int, int], int] = {}
        covered: set[tuple[int, int]] = set()
        repeated: dict[tuple[int, int], tuple[int, int]] = {}  # a cell under a vertical merge → its top
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                spans[(r, merged.min_col)] = merged.max_col - merged.min_col + 1
                for c in range(merged.min_col, merged.max_col + 1):
                    if c != merged.min_col:
                        covered.add((r, c))
                    elif r != merged.min_row:
                        repeated[(r, c)] = (merged.min_row, merged.min_col)
        width = min(sheet.max_column or 0, MAX_COLUMNS)
        rows = []
        for r, row in enumerate(sheet.iter_rows(max_col=width), start=1):
            if r > MAX_ROWS:
                raise ImportFileError(f"В листе «{sheet.title}» больше {MAX_ROWS} строк: это не похоже на план.")
            cells = []
            for c, cell in enumerate(row, start=1):
                if (r, c) in covered:
                    cells.append(Cell())
                    continue
                if (r, c) in repeated:  # the text of a cell merged down repeats in each row it covers
                    top = sheet.cell(*repeated[(r, c)])
                    cells.append(Cell(_text(top.value), bool(top.font and top.font.b), bool(top.font and top.font.i),
                                      spans.get((r, c), 1)))
                    continue
                font = cell.font
                cells.append(Cell(_text(cell.value), bool(font and font.b), bool(font and font.i), spans.get((r, c), 1)))
            rows.append(cells)
        tables.append(Table(rows, sheet=sheet.title))
    return tables


def _docx_tables(data: bytes) -> list[Table]:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    tables, before = [], []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                before.append(text)
        elif child.tag == qn("w:tbl"):
            tables.append(Table(_docx_rows(child, qn), before=before[-8:]))
            before = []
    return tables


def _docx_rows(table, qn) -> list[list[Cell]]:
    """A Word table's rows on its grid: a cell spanning columns (gridSpan) comes once with its
    span; a vertically merged continuation is empty."""
    rows = []
    above: dict[int, Cell] = {}   # grid column → the cell a vertical merge continues
    for tr in table.iter(qn("w:tr")):
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"В таблице больше {MAX_ROWS} строк: это не похоже на план.")
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            properties = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if properties is not None:
                grid_span = properties.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, int(grid_span.get(qn("w:val"), "1")))
                v_merge = properties.find(qn("w:vMerge"))
                continued = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
            column = len(cells)
            if continued and column in above:  # one «Ответственные» merged down over several rows
                start = above[column]
                cell = Cell(start.text, start.bold, start.italic)
            else:
                cell = Cell() if continued else _docx_cell(tc, qn)
                above[column] = cell
            cell.span = span
            cells.append(cell)
            cells.extend(Cell() for _ in range(span - 1))
            if len(cells) >= MAX_COLUMNS:
                break
        rows.append(cells)
    return rows


def _docx_cell(tc, qn) -> Cell:
    lines, bold_runs, italic_runs, runs = [], 0, 0, 0
    for paragraph in tc.iter(qn("w:p")):
        parts = []
        paragraph_bold = _flag(paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}"), qn, "w:b")
        for run in paragraph.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if run.find(qn("w:br")) is not None:
                text += "\n"
            if not text.strip():
                parts.append(text)
                continue
            properties = run.find(qn("w:rPr"))
            runs += 1
            bold_runs += _flag(properties, qn, "w:b") or paragraph_bold
            italic_runs += _flag(properties, qn, "w:i")
            parts.append(text)
        lines.append("".join(parts))
    text = _text("\n".join(lines))
    return Cell(text, bool(runs) and bold_runs == runs, bool(runs) and italic_runs == runs)


def _flag(properties, qn, tag) -> bool:
    if properties is None:
        return False
    element = properties.find(qn(tag))
    return element is not None and element.get(qn("w:val"), "true") not in ("0", "false", "none")
