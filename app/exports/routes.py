"""Print view and Excel files of the plan and of the status matrix.

Both respect the plan's filters (they are in the URL), and the print view is what the head
signs: A4 landscape, the approval block, the table exactly as written.
"""
from flask import render_template, request
from sqlalchemy import select

from app.approval.snapshot import latest_version
from app.auth.models import Role, User
from app.clock import today
from app.extensions import db
from app.marks.queries import centre
from app.marks.status import Participation, mark_states
from app.plan.filters import PlanFilters
from app.plan.models import Programme
from app.plan.outline import activity_scope, build_outline
from app.plan.routes import plan_context
from app.registry.models import sort_organisations
from app.spreadsheet import send_xlsx
from app.templating import date_ru

from . import bp
from .documents import passport_document, plan_document
from .word import send_docx
from .xlsx import matrix_workbook, plan_workbook

OPTIONAL_COLUMNS = {"result": "Ожидаемый результат", "document": "Документ", "status": "Выполнение"}


def _columns() -> list[str]:
    asked = request.args.getlist("cols")
    return [c for c in OPTIONAL_COLUMNS if c in asked]


def approval_block(programme: Programme) -> dict:
    """"УТВЕРЖДЕНА приказом …" once approved; otherwise the "УТВЕРЖДАЮ" block to sign."""
    version = latest_version(programme.id)
    if version:
        issuer = centre()
        return {"approved": True, "lines": [
            "УТВЕРЖДЕНА",
            f"приказом {issuer.short_name}" if issuer else "приказом",
            f"от {version.order_date:%d.%m.%Y} № {version.order_number}",
        ]}
    head = db.session.scalars(select(User).where(User.role == Role.HEAD).order_by(User.id)).first()
    return {"approved": False, "lines": [
        "УТВЕРЖДАЮ",
        head.position if head and head.position else "Руководитель",
        f"_______________ {head.full_name if head else ''}".rstrip(),
        "«____» ______________ 20___ г.",
    ]}


@bp.get("/<int:programme_id>/print")
def print_plan(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    context = plan_context(programme, filters=PlanFilters.from_request())
    return render_template("exports/print.html", block=approval_block(programme), columns=_columns(),
                           optional=OPTIONAL_COLUMNS, printed_on=today(), **context)


def _status_text(status) -> str:
    if status is None:
        return ""
    text = f"{status.occurrence.label}: {status.done} из {status.total}"
    return text + (", просрочено" if status.overdue else "")


def _filename(programme: Programme, kind: str) -> str:
    return f"{kind} — {programme.title[:80]}.xlsx".replace("/", "-")


def _plan_table(programme: Programme):
    """The plan's table as the exports write it (with the plan's filters and optional columns):
    (columns with their widths, rows — ("section", number, title) or ("activity", [cells]))."""
    context = plan_context(programme, filters=PlanFilters.from_request())
    extra = _columns()
    columns = [("№", 8), ("Мероприятие", 60), ("Сроки", 22), ("Ответственные", 30)] + \
              [(OPTIONAL_COLUMNS[c], 28) for c in extra]

    def rows():
        for ns in context["outline"]:
            yield ("section", ns.number, ns.section.title)
            for na in ns.activities:
                a = na.activity
                values = [na.number, a.title, a.deadline_text, a.responsible_text]
                values += [{"result": a.expected_result, "document": a.document,
                            "status": _status_text(context["statuses"].get(a.id))}[c] for c in extra]
                yield ("activity", values)

    return columns, rows()


@bp.get("/<int:programme_id>/export.xlsx")
def plan_xlsx(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    columns, rows = _plan_table(programme)
    block = approval_block(programme)
    data = plan_workbook(f"{programme.title}\nПлан мероприятий", block["lines"], columns, rows)
    return send_xlsx(data, _filename(programme, "План"))


@bp.get("/<int:programme_id>/plan.docx")
def plan_docx(programme_id):
    """The plan as the document that goes for approval: the approval block, the title, the table."""
    programme = db.get_or_404(Programme, programme_id)
    columns, rows = _plan_table(programme)
    data = plan_document(programme.title, approval_block(programme)["lines"], columns, rows)
    return send_docx(data, _filename(programme, "План").removesuffix(".xlsx") + ".docx")


@bp.get("/<int:programme_id>/passport.docx")
def passport_docx(programme_id):
    """The programme's passport: a two-column table, as the seeds set it."""
    programme = db.get_or_404(Programme, programme_id)
    return send_docx(passport_document(programme, approval_block(programme)["lines"]),
                     _filename(programme, "Паспорт").removesuffix(".xlsx") + ".docx")


@bp.get("/<int:programme_id>/matrix.xlsx")
def matrix_xlsx(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    outline = build_outline(programme)
    people = Participation.load(programme)
    numbered = [(na.number, na.activity) for ns in outline for na in ns.activities]
    columns = [(number, activity, o) for number, activity in numbered for o in activity.occurrences]
    expected = {(activity.id, org_id) for _, activity in numbered for org_id in people.of(activity)}
    organisations = sort_organisations(people.by_id[i] for i in {i for _, i in expected} if i in people.by_id)
    marks = mark_states(activity_scope(programme.id))
    on = today()

    def cell(activity_id: int, occurrence, org_id: int) -> str:
        if (activity_id, org_id) not in expected:
            return "—"
        status, done_on = marks.get((occurrence.id, org_id), (None, None))
        if status == "done":
            return f"выполнено {done_on:%d.%m.%Y}" if done_on else "выполнено"
        if status == "not_done":
            return "не выполнено"
        return "просрочено" if occurrence.due_date < on else ""

    org_ids = [org.id for org in organisations]
    cells = [[cell(a.id, o, org_id) for org_id in org_ids] for _, a, o in columns]
    data = matrix_workbook(f"Выполнение плана на {date_ru(on)}: {programme.title}",
                           [(number, a.title, o.label) for number, a, o in columns],
                           [org.short_name for org in organisations], cells)
    return send_xlsx(data, _filename(programme, "Выполнение"))

