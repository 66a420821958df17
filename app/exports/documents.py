"""The plan's documents in Word: the plan that goes for approval and the programme's passport."""
from app.plan.models import PASSPORT_FIELDS, Programme

from .word import WD_ALIGN_PARAGRAPH, approval, document, paragraph, signature_lines, struck, table, to_bytes


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


def amendments_document(programme: Programme, latest, changes, issuer: str, number: str, day) -> bytes:
    """«Изменения, вносимые в план мероприятий» — the attachment to an order, A4 portrait: item by
    item in the plan's numbering; an edited or added item's new wording in a table, the old one
    struck through under it."""
    doc = document(landscape=False)
    when = day.strftime("%d.%m.%Y") if day else "«____» ____________ 20___ г."
    approval(doc, ["УТВЕРЖДЕНЫ", f"приказом {issuer}".strip(), f"от {when} № {number or '______'}"])
    paragraph(doc, "Изменения, вносимые в план мероприятий", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    heading = f"«{programme.title}»"
    if latest:
        heading += (f"\n(редакция {latest.number}, утверждённая приказом № {latest.order_number} "
                    f"от {latest.order_date:%d.%m.%Y})")
    paragraph(doc, heading, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10)
    if not latest:
        paragraph(doc, "План ещё не утверждён: изменения считаются от утверждённой редакции.")
    elif not changes:
        paragraph(doc, "После утверждения план не менялся.")
    columns = [("№", 8), ("Мероприятие", 52), ("Сроки", 20), ("Ответственные", 24)]
    for n, c in enumerate(changes, start=1):
        if c.entity == "section":
            text = {"added": f"Дополнить разделом {c.number} «{c.title}».",
                    "removed": f"Раздел {c.old_number} «{c.title}» исключить."}.get(
                c.kind, f"Наименование раздела {c.number} изложить в следующей редакции: «{c.title}».")
            paragraph(doc, f"{n}. {text}", space_after=6)
            continue
        if c.kind == "removed":
            paragraph(doc, f"{n}. Пункт {c.old_number} «{c.title}» исключить.", space_after=6)
            continue
        if c.kind == "added":
            paragraph(doc, f"{n}. Дополнить пунктом {c.number} следующего содержания:", space_after=4)
        else:
            moved = f" (в утверждённой редакции — {c.old_number})" if c.old_number != c.number else ""
            paragraph(doc, f"{n}. Пункт {c.number}{moved} изложить в следующей редакции:", space_after=4)
        keys = ("title", "deadline_text", "responsible_text")
        table(doc, columns, [("row", [c.number, *(c.new.get(k, "") for k in keys)])])
        was = c.old or {}
        for (label, _), key in zip(columns[1:], keys, strict=True):
            if was.get(key) and was.get(key, "") != c.new.get(key, ""):
                struck(doc, f"Прежняя редакция, «{label}»", was[key])
        for label, old, new in c.fields:
            if label not in ("Мероприятие", "Сроки", "Ответственные"):
                paragraph(doc, f"{label}: {new or '—'}" + (f" (было: {old})" if old else ""), size=12)
        paragraph(doc, space_after=4)
    return to_bytes(doc)


def protocol_document(competition, groups, jury, fmt, results) -> bytes:
    """The jury's protocol, A4 landscape: the competition, the date, the jury, a table a
    nomination (place, participant, school, each juror's score, the total, the result), and the
    signature lines on the last page."""
    doc = document(landscape=True)
    paragraph(doc, "ПРОТОКОЛ\nзаседания жюри", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, f"{competition.title}\n{competition.level_label} уровень, {competition.year_label} учебный год",
              align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    session = competition.session_date.strftime("%d.%m.%Y") if competition.session_date else "«___» ____________ 20___ г."
    paragraph(doc, f"Дата заседания: {session}")
    paragraph(doc, "Состав жюри:", bold=True)
    for n, m in enumerate(jury, start=1):
        paragraph(doc, f"{n}. {m.name}{', ' + m.position if m.position else ''}{' — председатель жюри' if m.is_chair else ''}")
    if not jury:
        paragraph(doc, "жюри не назначено")
    paragraph(doc, "Итог — " + ("среднее по членам жюри." if competition.mean_over_jurors else
                                "сумма баллов членов жюри."), space_after=8)
    columns = [("Место", 7), ("Участник", 24), ("ОО", 14), *((m.name, 14) for m in jury), ("Итог", 8),
               ("Результат", 14)]
    for group in groups:
        if group.nomination:
            paragraph(doc, f"Номинация «{group.nomination.name}»", bold=True, space_after=4)
        table(doc, columns, [("row", [str(row.place or "—"), row.entry.names, row.entry.organisation.short_name,
                                      *(fmt(row.by_juror.get(m.id)) for m in jury), fmt(row.total),
                                      results.get(row.entry.result or row.proposed, "")]) for row in group.rows])
        paragraph(doc)
    if not competition.published:
        paragraph(doc, "Итоги не опубликованы: результаты предварительные.", size=12)
    chair = [m for m in jury if m.is_chair]
    lines = [("Председатель жюри", m.name) for m in chair]
    lines += [("Члены жюри" if n == 0 else "", m.name) for n, m in enumerate(m for m in jury if not m.is_chair)]
    signature_lines(doc, lines)
    return to_bytes(doc)


def heading(doc, text: str) -> None:
    """A table's heading, kept on the page of the table's first rows."""
    paragraph(doc, text, bold=True, space_after=4).paragraph_format.keep_with_next = True


def _figure(value) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".replace(".", ",")


def report_document(context: dict) -> bytes:
    """The year's analytical report, A4 portrait: the indicators by group (plan, fact, deviation,
    reached), the effectiveness index with its parts and verdict, and the plan's completion by
    section and by organisation — the charts' numbers as tables."""
    programme, year, index = context["programme"], context["year"], context["index"]
    doc = document(landscape=False)
    paragraph(doc, f"Аналитический отчёт о реализации программы за {year} год", bold=True,
              align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, programme.title, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10)
    heading(doc, "1. Показатели программы")
    rows = []
    for key, label in context["groups"].items():
        items = [line for line in context["lines"] if line.indicator.group == key]
        if items:
            rows.append(("section", label.capitalize()))
        rows += [("row", [line.indicator.number, line.indicator.name, line.indicator.unit, _figure(line.target),
                          _figure(line.actual), _figure(line.deviation),
                          {True: "да", False: "нет", None: "нет данных"}[line.reached]]) for line in items]
    table(doc, [("№", 7), ("Показатель", 36), ("Ед.", 6), ("План", 9), ("Факт", 9), ("Откл.", 9), ("Достигнуто", 16)],
          rows or [("row", ["", "Показателей нет", "", "", "", "", ""])])
    paragraph(doc)
    heading(doc, "2. Индекс эффективности реализации программы (Инр)")
    weights = index.weights
    table(doc, [("Составляющая", 24), ("Значение", 16), ("Как посчитано", 60)],
          [("row", [label, _figure(None if part.value is None else round(part.value, 2)), part.note])
           for label, part in (("Сидц", index.goal), ("Сидз", index.tasks), ("Сидм", index.activities))]
          + [("row", ["Инр", _figure(None if index.value is None else round(index.value, 2)),
                      f"Инр = {weights[0]}·Сидц + {weights[1]}·Сидз + {weights[2]}·Сидм"])])
    if index.verdict:
        paragraph(doc, index.verdict[1], space_after=6)
    paragraph(doc)
    for number, title, items in ((3, "Выполнение плана по разделам", context["sections"]),
                                 (4, "Выполнение плана по организациям", context["organisations"])):
        heading(doc, f"{number}. {title}, {year}")
        table(doc, [("Раздел" if number == 3 else "Организация", 55), ("Сроков", 15), ("Выполнено", 15), ("%", 15)],
              [("row", [item.name, str(item.planned), str(item.done), _figure(item.percent)]) for item in items]
              or [("row", ["Сроков в этом году нет", "", "", ""])])
        paragraph(doc)
    paragraph(doc, f"Сформировано в Методкабинете {context['printed_on']:%d.%m.%Y}.", size=12)
    return to_bytes(doc)
