"""Template helpers shared by every feature: Russian plurals and dates; versioned static URLs."""
import hashlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from flask import current_app, request, url_for

from app.fragments import cached_fragment
from app.plan.occurrences import grouped_labels
from app.plan.outline import keyed_rows, section_key

MONTHS_NOMINATIVE = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
]
MONTHS_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """Pick the Russian plural form: 1 мероприятие, 2 мероприятия, 5 мероприятий."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def date_ru(value: date | datetime | None) -> str:
    """30 сентября 2023"""
    if value is None:
        return ""
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year}"


def datetime_ru(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{date_ru(value)}, {value:%H:%M}"


_SENTINEL = 987_654_320


def row_url(endpoint: str, **values: int) -> str:
    """url_for for links repeated on every row of a long table.

    Builds the URL once per endpoint and mount point (the app's script root) with placeholder
    ids, then fills in the ids by string replacement: the plan page has several links a row,
    and url_for dominated rendering a 2000-row plan. Only for integer values.
    """
    names = tuple(values) if len(values) == 1 else tuple(sorted(values))
    key = (endpoint, names, request.script_root)
    template = _ROW_URLS.get(key)
    if template is None:
        template = url_for(endpoint, **{name: _SENTINEL + i for i, name in enumerate(names)})
        _ROW_URLS[key] = template
    for i, name in enumerate(names):
        template = template.replace(str(_SENTINEL + i), str(int(values[name])))
    return template


_ROW_URLS: dict[tuple, str] = {}


def short_names(organisations) -> str:
    """«СОШ № 1, СОШ № 2»: a plain function, where map(attribute=…)|join costs a plan row several
    filter calls each."""
    return ", ".join(o.short_name for o in organisations)


@lru_cache(maxsize=64)
def _static_version(folder: str, filename: str) -> str:
    path = Path(folder) / filename
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else ""


STATIC_MAX_AGE = 365 * 24 * 3600


def number_ru(value) -> str:
    """1.5 → «1,5», 2.0 → «2»: a number as Russian documents write it."""
    return f"{value:g}".replace(".", ",") if value is not None else ""


def init_app(app) -> None:
    @app.url_defaults
    def versioned_static(endpoint, values):
        """/static/app.css?v=<hash of the file>: browsers keep it a year and fetch it anew when it changes."""
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = _static_version(current_app.static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_static(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
        return response

    app.jinja_env.filters["date_ru"] = date_ru
    app.jinja_env.filters["number_ru"] = number_ru
    app.jinja_env.filters["datetime_ru"] = datetime_ru
    app.jinja_env.globals["plural_ru"] = plural_ru
    app.jinja_env.globals["row_url"] = row_url
    app.jinja_env.filters["grouped_labels"] = grouped_labels
    app.jinja_env.filters["short_names"] = short_names
    app.jinja_env.globals["cached_fragment"] = cached_fragment
    app.jinja_env.globals["keyed_rows"] = keyed_rows
    app.jinja_env.globals["section_key"] = section_key
    app.jinja_env.globals["month_names"] = MONTHS_NOMINATIVE
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
