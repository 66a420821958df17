"""Word documents (.docx) as official documents are set: A4, Times New Roman, page numbers in the
footer, a table's header row repeated on every page, text exactly as written with its line breaks.

python-docx makes the document, its page and its styles; a long table's rows are written as
WordprocessingML in one piece (python-docx's cell objects took 1.2 s for a bare 2,000-row table —
bench/word_bench.py).
"""
from io import BytesIO
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from flask import send_file

from app.spreadsheet import ILLEGAL_CHARACTERS_RE

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
SIZE = 12  # the table; the body 14


def document(landscape: bool) -> Document:
    """An empty A4 document in Times New Roman, page numbers at the footer's right."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2 if landscape else 2.5)
    section.top_margin = section.bottom_margin = Cm(1.5 if landscape else 2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Страница ").font.size = Pt(11)
    _field(footer, "PAGE")
    footer.add_run(" из ").font.size = Pt(11)
    _field(footer, "NUMPAGES")
    return doc


def _field(p, code: str) -> None:
    """A field Word fills in when it lays the pages out (the page's number, the pages' count)."""
    run = p.add_run()
    run.font.size = Pt(11)
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {code} </w:instrText>'))
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    run._r.append(parse_xml(f'<w:t {nsdecls("w")}>1</w:t>'))
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def clean(text) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", "" if text is None else str(text))


def paragraph(doc, text: str = "", bold: bool = False, align=None, size: int | None = None, space_after: int = 0):
    """Lines of text; each line of `text` its own line (a line break), nothing cut."""
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    for n, line in enumerate(clean(text).split("\n")):
        run = p.add_run(line)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if n:
            run._r.addprevious(parse_xml(f"<w:r {nsdecls('w')}><w:br/></w:r>"))
    return p


def approval(doc, lines: list[str]) -> None:
    """«УТВЕРЖДАЮ / position / ____ name / «__» ____ 20__ г.» (or «УТВЕРЖДЕНА приказом …»), at the right."""
    for n, line in enumerate(lines):
        p = paragraph(doc, line, bold=n == 0)
        p.paragraph_format.left_indent = Cm(16 if doc.sections[0].orientation == WD_ORIENT.LANDSCAPE else 9)
    paragraph(doc)


def _cell(text: str, width: int, bold: bool = False, span: int = 1, shade: bool = False, header: bool = False) -> str:
    properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        properties += f'<w:gridSpan w:val="{span}"/>'
    if shade:
        properties += '<w:shd w:val="clear" w:color="auto" w:fill="EDEFF3"/>'
    run_properties = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>' + \
        ("<w:b/>" if bold else "") + f'<w:sz w:val="{SIZE * 2}"/>'
    align = '<w:jc w:val="center"/>' if header else ""
    paragraphs = "".join(
        f'<w:p><w:pPr><w:spacing w:after="0"/>{align}</w:pPr><w:r><w:rPr>{run_properties}</w:rPr>'
        f'<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for line in clean(text).split("\n"))
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>"


def table(doc, columns: list[tuple[str, int]], rows) -> None:
    """A bordered table the page's width: `columns` are (heading, relative width); the header row
    repeats on every page and no row breaks across pages. `rows` yields ("section", text) — bold,
    shaded, across the table — or ("row", [cell texts])."""
    section = doc.sections[0]
    total = int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips
    share = sum(w for _, w in columns)
    widths = [total * w // share for _, w in columns]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    parts = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             f'<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
             f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>',
             '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
             + "".join(_cell(name, w, bold=True, header=True) for (name, _), w in zip(columns, widths, strict=True))
             + "</w:tr>"]
    for kind, value in rows:
        if kind == "section":
            parts.append(f'<w:tr><w:trPr><w:cantSplit/></w:trPr>'
                         f'{_cell(value, sum(widths), bold=True, span=len(widths), shade=True)}</w:tr>')
        else:
            parts.append('<w:tr><w:trPr><w:cantSplit/></w:trPr>'
                         + "".join(_cell(text, w) for text, w in zip(value, widths, strict=True)) + "</w:tr>")
    parts.append("</w:tbl>")
    element = parse_xml("".join(parts))
    doc.element.body.insert(len(doc.element.body) - 1, element)  # before the section's properties


def to_bytes(doc) -> bytes:
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def send_docx(data: bytes, name: str):
    return send_file(BytesIO(data), as_attachment=True, download_name=name.replace("/", "-"), mimetype=DOCX_MIMETYPE)


def struck(doc, label: str, text: str) -> None:
    """«Было: …» — the earlier wording, struck through, as the printed amendments show it."""
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(2)
    lead = p.add_run(f"{label}: ")
    lead.font.size = Pt(SIZE)
    for n, line in enumerate(clean(text).split("\n")):
        run = p.add_run(line)
        run.font.size, run.font.strike = Pt(SIZE), True
        if n:
            run._r.addprevious(parse_xml(f"<w:r {nsdecls('w')}><w:br/></w:r>"))


def signature_lines(doc, lines: list[tuple[str, str]]) -> None:
    """«Председатель жюри ________________ Иванова А.А.» a line each, kept together with the last
    lines above them on the last page."""
    paragraph(doc)
    for role, name in lines:
        p = paragraph(doc, f"{role}\t_______________________\t{name}", space_after=10)
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.tab_stops.add_tab_stop(Cm(6))
        p.paragraph_format.tab_stops.add_tab_stop(Cm(12))
