"""Benchmark, the staff list import (part 10): a municipality's list of 2,000 people at 60 schools
uploaded, previewed, one row changed and confirmed — the first time (everyone new) and again (the
same file: everyone matched, nothing changes) — as medians, per 100 rows, and as ratios to
/healthz in the same run, with the preview's SQL queries.

    .venv/bin/python bench/people_import_bench.py [--runs 3] [--people 2000] [--schools 60] [--database-url URL]
"""
import argparse
import io
import re
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plan_bench import Client, count_pages, demo_app, median_ms, multipart, start_server  # noqa: E402

HEADER = ["№ п/п", "Фамилия, имя, отчество", "Образовательная организация", "Должность", "Преподаваемый предмет",
          "Дата рождения", "Дата приёма", "Педагогический стаж", "Квалификационная категория"]
SURNAMES = ["Иванова", "Петрова", "Сидорова", "Кузнецова", "Смирнова", "Попова", "Волкова", "Морозова", "Лебедева",
            "Козлова", "Новикова", "Соколова"]
GIVEN = ["Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана"]
PATRONYMICS = ["Ивановна", "Петровна", "Сергеевна", "Андреевна", "Викторовна", "Олеговна"]


def staff_list(people: int, schools: int, tag: str) -> bytes:
    from openpyxl import Workbook
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Сведения о педагогических работниках"])
    sheet.append(HEADER)
    sheet.append(list(range(1, len(HEADER) + 1)))
    for n in range(people):
        name = f"{SURNAMES[n % 12]}{tag}{n} {GIVEN[n % 8]} {PATRONYMICS[n % 6]}"
        sheet.append([n + 1, name, f"МБОУ Школа кадров № {n % schools + 1}", ["учитель", "воспитатель",
                      "педагог-психолог"][n % 3], ["математика", "русский язык", ""][n % 3],
                      f"{1 + n % 28:02d}.{1 + n % 12:02d}.{1955 + n % 25}", f"01.09.{2000 + n % 25}",
                      str(n % 30), ["высшая", "первая", ""][n % 3]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def seed(app, schools: int) -> None:
    from sqlalchemy import select

    from app.extensions import db
    from app.registry.models import Organisation, OrgKind
    with app.app_context():
        have = {o.short_name for o in db.session.scalars(select(Organisation))}
        for n in range(schools):
            if f"Школа кадров № {n + 1}" not in have:
                db.session.add(Organisation(short_name=f"Школа кадров № {n + 1}", name=f"Школа кадров № {n + 1}",
                                            kind=OrgKind.SCHOOL, cluster=""))
        db.session.commit()


def one_import(client, data: bytes, rows: int, confirm: bool = True) -> dict:
    """Upload → preview → a row's choice → import; each step's time in ms."""
    times = {}
    body, kind = multipart({"csrf_token": client.token}, "кадры.xlsx", data)
    start = time.perf_counter()
    location = client.post_raw("/registry/import", body, kind)
    times["upload"] = (time.perf_counter() - start) * 1000
    elapsed, html = client.timed(location)
    times["preview"] = elapsed * 1000
    assert html.count('id="row-') == rows, "not every row in the preview"
    problems = re.findall(r"<p class=\"error\">([^<]+)</p>", html)
    assert not problems, problems[:5]
    start = time.perf_counter()
    status, _ = client.request(f"{location}/rows/1", {"choice": "new", "csrf_token": client.token},
                               headers={"HX-Request": "true"})
    times["row"] = (time.perf_counter() - start) * 1000
    times["location"] = location
    if not confirm:
        return times
    start = time.perf_counter()
    client.post_raw(location, urllib.parse.urlencode({"csrf_token": client.token}).encode(),
                    "application/x-www-form-urlencoded")
    times["confirm"] = (time.perf_counter() - start) * 1000
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    env, app = demo_app("metodkabinet-import-bench-", args.database_url)
    seed(app, args.schools)
    server, base = start_server(env)
    first, again = [], []
    try:
        client = Client(base)
        client.login("metodist", "demo")
        healthz = [client.timed("/healthz")[0] for _ in range(30)]
        for run in range(args.runs):
            data = staff_list(args.people, args.schools, tag=chr(ord("А") + run))
            first.append(one_import(client, data, args.people))      # everyone new
            again.append(one_import(client, data, args.people))      # the same file: nothing changes
        location = one_import(client, staff_list(40, args.schools, tag="Я"), 40, confirm=False)["location"]
    finally:
        server.terminate()
        server.wait()
    queries_small = count_pages(app, {"preview": location}, "metodist")["preview"]
    base_ms = median_ms(healthz)
    per = args.people / 100
    print(f"staff list import, {args.people} rows at {args.schools} schools; /healthz {base_ms:.1f} ms")
    print(f"{'':<26}{'median, ms':>12}{'per 100 rows':>14}{'× /healthz':>12}")
    for title, runs in (("first time (all new)", first), ("again (no change)", again)):
        for step in ("upload", "preview", "row", "confirm"):
            ms = sorted(r[step] for r in runs)[len(runs) // 2]
            print(f"{title + ', ' + step:<38}{ms:>8.0f}{ms / per:>12.0f}{ms / base_ms:>12.0f}")
    print(f"preview queries: {queries_small} (40 rows; the suite checks it is the same at any size)")


if __name__ == "__main__":
    main()
