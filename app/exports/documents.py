"""The plan's documents in Word: the plan that goes for approval and the programme's passport."""
from app.plan.models import PASSPORT_FIELDS, Programme

from .word import WD_ALIGN_PARAGRAPH, approval, document, paragraph, table, to_bytes


def plan_document(title: str, approval_lines: list[str], columns: list[tuple[str, int]], rows) -> bytes:
    """A4 landscape: the approval block at the right, the title, «План мероприятий», the table — a
    section's row bold across it, «2.1. Название» as the plan numbers it."""
    doc = document(landscape=True)
    approval(doc, approval_lines)
    paragraph(doc, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "План мероприятий", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    table(doc, columns, (("section", f"{item[1]}. {item[2]}") if item[0] == "section" else ("row", item[1])
                         for item in rows))
    return to_bytes(doc)


def passport_document(programme: Programme, approval_lines: list[str]) -> bytes:
    """A4 portrait: the approval block, «ПАСПОРТ», the title, a row per passport field (and the
    stages), as seeds 000 and 004 set it."""
    doc = document(landscape=False)
    approval(doc, approval_lines)
    paragraph(doc, "ПАСПОРТ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, programme.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    rows = [("row", ["Наименование программы", programme.title]),
            ("row", ["Сроки реализации", f"{programme.start_year}–{programme.end_year} годы"])]
    if programme.stages:
        rows.append(("row", ["Этапы реализации", "\n".join(
            f"{s.name}{' (' + s.period_text + ')' if s.period_text else ''}{': ' + s.description if s.description else ''}"
            for s in programme.stages)]))
    rows += [("row", [label, getattr(programme, name) or "—"]) for name, label in PASSPORT_FIELDS]
    table(doc, [("Раздел паспорта", 35), ("Содержание", 65)], rows)
    return to_bytes(doc)
