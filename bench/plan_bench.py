"""Benchmark: plan page, row save, summary, status matrix, Excel exports, event list and an
event's participant page, competitions (list, score sheet, a score save, ranking, protocol, the
participation report), mentoring (home, registry, export, summary for three school years,
mentors, the new pair form and a person picker's search), as ratios to /healthz in the same run, plus the number of SQL queries
of each page.

Starts the app in a subprocess on a fresh SQLite database with the demo data and synthetic
programmes of 500 and 2000 activities (15 schools, 2022-2024, synthetic marks), 1000 events,
500 competitions with 5000 entries and one of 100 entries × 8 criteria × 7 jurors, 2000 mentoring
pairs over 40 schools and three school years, logs in as the
demo methodist, and prints medians. Ratios, not seconds, are what to compare between machines.
Query counts come from the same pages rendered in-process with a counter on the engine.

    .venv/bin/python bench/plan_bench.py [--runs 15] [--database-url URL]
"""
import argparse
import datetime
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.token = None

    def post_raw(self, path, body: bytes, content_type: str, expect=302):
        """A multipart POST; answers the redirect's target (the redirect itself is not followed)."""
        req = urllib.request.Request(self.base + path, data=body, headers={"Content-Type": content_type})
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)
        try:
            opener.open(req)
        except urllib.error.HTTPError as error:
            assert error.code == expect, (path, error.code)
            return error.headers.get("Location", "").replace(self.base, "") if expect == 302 else error.code
        raise AssertionError(f"{path}: expected {expect}")

    def request(self, path, data=None, headers=None, raw=False):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        with self.opener.open(req) as response:
            body = response.read()
            if raw:
                return response.status, body
            if "openxmlformats" in response.headers.get("Content-Type", ""):  # .xlsx, .docx
                return response.status, f"<{len(body)} bytes>"
            return response.status, body.decode()

    def timed(self, path, data=None, headers=None):
        start = time.perf_counter()
        status, body = self.request(path, data, headers)
        elapsed = time.perf_counter() - start
        assert status == 200, (path, status)
        return elapsed, body

    def login(self, username, password):
        _, html = self.request("/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        self.request("/login", {"username": username, "password": password, "csrf_token": token})
        _, html = self.request("/plan/")
        self.token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
        return html


def median_ms(samples):
    return statistics.median(samples) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="metodkabinet-bench-"))
    env = dict(os.environ, SECRET_KEY="bench", DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'bench.db'}")
    run = lambda *a: subprocess.run([*FLASK, *a], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: E731
    run("db", "upgrade")
    run("demo", "--one-municipality")  # the synthetic data below is added to a single municipality
    run("demo", "--activities", "500", "--schools", "15")
    run("demo", "--activities", "2000", "--schools", "15")
    made = run("demo", "--events", "1000", "--registrations", "300").stdout.decode()
    big_event = int(re.search(r"\(id (\d+)\)", made).group(1))
    made = run("demo", "--competitions", "500", "--entries", "5000").stdout.decode()
    big_contest = int(re.search(r"\(id (\d+)\)", made).group(1))

    server, base = start_server(env)
    try:
        client = Client(base)
        index = client.login("metodist", "demo")
        ids = {int(n): int(pid) for pid, n in re.findall(r'href="/plan/(\d+)">Тестовая программа \((\d+) мероприятий\)', index)}

        results = {"/healthz": [client.timed("/healthz")[0] for _ in range(args.runs * 3)]}
        for size in (500, 2000):
            page = f"/plan/{ids[size]}"
            _, html = client.timed(page)  # warm-up
            results[f"plan page, {size} activities"] = [client.timed(page)[0] for _ in range(args.runs)]
            activity_id = re.findall(r'id="activity-(\d+)"', html)[size // 2]
            saves, after_change = [], []
            for i in range(args.runs):
                _, row = client.request(f"/plan/activities/{activity_id}/edit", headers={"HX-Request": "true"})
                version = re.search(r'name="version"[^>]*value="(\d+)"', row).group(1)
                section_select = re.search(r'name="section_id".*?</select>', row, re.S).group(0)
                section_id = re.search(r'<option selected value="(\d+)"|<option value="(\d+)" selected', section_select)
                data = {"title": f"Районный семинар, правка {i}", "deadline_text": "Ежегодно, июль",
                        "participants": "all_schools", "responsible_text": "Руководство ОО", "version": version,
                        "section_id": next(g for g in section_id.groups() if g)}
                elapsed, body = client.timed(f"/plan/activities/{activity_id}", data,
                                             {"HX-Request": "true", "X-CSRFToken": client.token})
                assert f"правка {i}" in body
                saves.append(elapsed)
                # The page just after a change: the changed section renders again, the rest is
                # kept (app/fragments.py); the repeated views above are all kept.
                after_change.append(client.timed(page)[0])
            results[f"row save, {size} activities"] = saves
            results[f"plan page after a row save, {size}"] = after_change
            results[f"page size, {size} activities"] = [len(html.encode()) / 1024 / 1000]  # reported in KiB

        pages = {
            "summary, 500 activities": f"/plan/{ids[500]}/summary",
            "section matrix, 100 activities": f"/plan/sections/{first_top_section(client, ids[500])}/matrix",
            "matrix.xlsx, 500 activities": f"/plan/{ids[500]}/matrix.xlsx",
            "plan export.xlsx, 500 activities": f"/plan/{ids[500]}/export.xlsx",
            "plan export.xlsx, 2000 activities": f"/plan/{ids[2000]}/export.xlsx",
            "print view, 2000 activities": f"/plan/{ids[2000]}/print",
            "event list, 1000+ events": "/events/",
            "event page, 300 registrations": f"/events/{big_event}",
            "competitions list, 500 (5000 entries)": "/competitions/",
            "score sheet, 100 × 8 × 7": f"/competitions/{big_contest}/sheet",
            "ranking, 100 entries × 7 jurors": f"/competitions/{big_contest}/ranking",
            "protocol, 100 entries × 7 jurors": f"/competitions/{big_contest}/protocol",
            "participation report, all schools": "/competitions/report",
            "participation report.xlsx": "/competitions/report.xlsx",
        }
        _, sheet = client.request(f"/competitions/{big_contest}/sheet")
        cell = re.search(r'name="(s-\d+-\d+)"', sheet).group(1)
        juror = re.search(r'name="juror" value="(\d+)"', sheet).group(1)
        results["score save (one cell)"] = [client.timed(
            f"/competitions/{big_contest}/scores", {"juror": juror, cell: str(i % 10)},
            {"HX-Request": "true", "X-CSRFToken": client.token})[0] for i in range(args.runs)]
        for name, path in pages.items():
            client.timed(path)
            results[name] = [client.timed(path)[0] for _ in range(max(args.runs // 3, 3))]

        base_ms = median_ms(results["/healthz"])
        print(f"{'measure':<34}{'median, ms':>12}{'× /healthz':>12}")
        for name, samples in results.items():
            if name.startswith("page size"):
                print(f"{name:<34}{samples[0] * 1000:>10.0f} KiB")
                continue
            ms = median_ms(samples)
            print(f"{name:<34}{ms:>12.1f}{ms / base_ms:>12.1f}")
        print()
        print("SQL queries per page (in-process, same database):")
        for name, count in query_counts(env, ids, pages).items():
            print(f"  {name:<36}{count:>4}")
        plan = {size: (median_ms(results[f"plan page, {size} activities"]),
                       results[f"page size, {size} activities"][0] * 1000) for size in (500, 2000)}
        plan["after change"] = {size: median_ms(results[f"plan page after a row save, {size}"]) for size in (500, 2000)}
        plan["summary"] = median_ms(results["summary, 500 activities"])
        plan["xlsx"] = {name: median_ms(results[name]) for name in (
            "matrix.xlsx, 500 activities", "plan export.xlsx, 500 activities", "plan export.xlsx, 2000 activities")}
        my = {"/my, СОШ № 1 (all programmes)": client_school(base, args.runs)}
        import_bench(client, ids[2000], args.runs)
    finally:
        server.terminate()
        server.wait()
    reference_bench(args, plan, my)
    mentoring_bench(args, env, run)
    courses_bench(args, env, run)


def multipart(fields: dict, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "bench" + os.urandom(8).hex()
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def import_bench(client, programme_id, runs):
    """Plan import: the 2000-activity plan's own export.xlsx uploaded and previewed (the issue's
    goal: within 2 s), and 10 MB of noise refused (within 1 s)."""
    _, xlsx = client.request(f"/plan/{programme_id}/export.xlsx", raw=True)
    uploads, previews, rows = [], [], 0
    for _ in range(max(runs // 3, 3)):
        body, kind = multipart({"target": "new", "csrf_token": client.token}, "plan.xlsx", xlsx)
        start = time.perf_counter()
        location = client.post_raw("/plan/import", body, kind)
        uploads.append(time.perf_counter() - start)
        elapsed, html = client.timed(location)
        previews.append(elapsed)
        rows = html.count('id="import-row-')
    body, kind = multipart({"target": "new", "csrf_token": client.token}, "noise.xlsx",
                           bytes(range(256)) * (10 * 1024 * 1024 // 256))
    start = time.perf_counter()
    status = client.post_raw("/plan/import", body, kind, expect=422)
    noise = time.perf_counter() - start
    total = median_ms(uploads) + median_ms(previews)
    print()
    print(f"plan import, {rows} rows of xlsx: upload {median_ms(uploads):.0f} ms + preview {median_ms(previews):.0f} ms"
          f" = {total:.0f} ms ({total / rows * 100:.0f} ms per 100 rows); 10 MB of noise refused ({status}) "
          f"in {noise * 1000:.0f} ms")


def client_school(base, runs: int) -> tuple[float, float]:
    """«Мои мероприятия» of the demo school (it takes part in the demo and both synthetic plans)."""
    client = Client(base)
    client.login("school1", "demo")
    client.timed("/my")
    samples, body = [], ""
    for _ in range(runs):
        elapsed, body = client.timed("/my")
        samples.append(elapsed)
    return median_ms(samples), len(body.encode()) / 1024


REFERENCE = Path(os.environ.get("PERF_REFERENCE", ROOT.parent / "shared" / "perf-reference"))


def reference_bench(args, plan, my):
    """The lean reference app of the plan page (../shared/perf-reference) at the same sizes, served
    the same way in the same run: the floor the plan page is measured against."""
    if not (REFERENCE / "probe.py").exists():
        print(f"\n(no reference app at {REFERENCE}: set PERF_REFERENCE to compare)")
        return
    print()
    print(f"{'side by side':<28}{'app, ms':>10}{'ref, ms':>10}{'×':>6}{'app, KiB':>10}{'ref, KiB':>10}{'×':>6}")
    for size in (500, 2000):
        ms, kib = reference_page(args, size)
        app_ms, app_kib = plan[size]
        print(f"{f'plan page, {size}':<28}{app_ms:>10.1f}{ms:>10.1f}{app_ms / ms:>6.1f}{app_kib:>10.0f}{kib:>10.0f}"
              f"{app_kib / kib:>6.1f}")
        after = plan["after change"][size]
        print(f"{f'  … after a row save, {size}':<28}{after:>10.1f}{ms:>10.1f}{after / ms:>6.1f}")
        if size == 500:
            print(f"{'summary, 500':<28}{plan['summary']:>10.1f}{ms:>10.1f}{plan['summary'] / ms:>6.1f}")
            for name, (my_ms, my_kib) in my.items():
                print(f"{name:<28}{my_ms:>10.1f}{ms:>10.1f}{my_ms / ms:>6.1f}{my_kib:>10.0f}")
    xlsx = plan["xlsx"]
    matrix = xlsx["matrix.xlsx, 500 activities"]
    print("\nmatrix.xlsx (500 activities × 15 schools, ~30,000 cells) against the plan's export.xlsx:")
    for name in ("plan export.xlsx, 500 activities", "plan export.xlsx, 2000 activities"):
        print(f"  {matrix:.0f} ms against {name} {xlsx[name]:.0f} ms: {matrix / xlsx[name]:.1f}×")


def reference_page(args, size) -> tuple[float, float]:
    workdir = Path(tempfile.mkdtemp(prefix="metodkabinet-ref-"))
    url = f"sqlite:///{workdir / 'ref.db'}"
    subprocess.run([sys.executable, "seed.py", str(size), url], cwd=REFERENCE, check=True, capture_output=True)
    port = free_port()
    env = dict(os.environ, PROBE_DB=url)
    server = subprocess.Popen([sys.executable, "-m", "flask", "--app", "probe", "run", "--port", str(port),
                               "--with-threads"], cwd=REFERENCE, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/hello")
                break
            except OSError:
                time.sleep(0.1)
        client = Client(base)
        client.timed("/plan/good")
        samples, body = [], ""
        for _ in range(args.runs):
            elapsed, body = client.timed("/plan/good")
            samples.append(elapsed)
        return median_ms(samples), len(body.encode()) / 1024
    finally:
        server.terminate()
        server.wait()


def start_server(env):
    port = free_port()
    server = subprocess.Popen([*FLASK, "run", "--port", str(port), "--with-threads"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz")
            break
        except OSError:
            time.sleep(0.1)
    return server, base


def demo_app(prefix: str, database_url: str | None):
    """A fresh database with the one-municipality demo (SQLite in a temporary folder unless a URL is
    given), and the app on it in this process: (the server's environment, the app)."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    url = database_url or f"sqlite:///{workdir / 'bench.db'}"
    env = dict(os.environ, SECRET_KEY="bench", DATABASE_URL=url, REQUEST_LOG="0")
    for command in (("db", "upgrade"), ("demo", "--one-municipality")):
        subprocess.run([*FLASK, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    os.environ["DATABASE_URL"] = url
    from app import create_app
    return env, create_app({"SECRET_KEY": "bench", "REQUEST_LOG": False, "WTF_CSRF_ENABLED": False})


def time_pages(env, pages: dict, runs: int, user: str = "metodist") -> dict[str, list[float]]:
    """Each page's timings over HTTP (after one warm-up), with /healthz's of the same run."""
    server, base = start_server(env)
    try:
        client = Client(base)
        client.login(user, "demo")
        results = {"/healthz": [client.timed("/healthz")[0] for _ in range(runs * 3)]}
        for name, path in pages.items():
            client.timed(path)
            results[name] = [client.timed(path)[0] for _ in range(runs)]
    finally:
        server.terminate()
        server.wait()
    return results


def print_pages(title: str, results: dict, counts: dict, width: int = 34) -> None:
    """Medians, ratios to /healthz and SQL queries, a line per page."""
    base_ms = median_ms(results["/healthz"])
    print(f"{title:<{width}}{'median, ms':>12}{'× /healthz':>12}{'queries':>9}")
    for name, samples in results.items():
        print(f"{name:<{width}}{median_ms(samples):>12.1f}{median_ms(samples) / base_ms:>12.1f}{counts.get(name, ''):>9}")


def mentoring_bench(args, env, run):
    """Mentoring on its own data: 2000 pairs over 40 schools and three school years. Seeded after
    the plan is measured, so the plan's figures keep their 15 schools; /healthz measured anew."""
    run("demo", "--pairs", "2000", "--pair-schools", "40")
    pages = {
        "mentoring home, 40 schools": "/mentoring/",
        "pairs registry, 2000 pairs (page)": "/mentoring/pairs",
        "pairs.xlsx, 2000 pairs": "/mentoring/pairs.xlsx",
        "mentoring summary, this year": "/mentoring/summary",
        "mentoring summary, last year": f"/mentoring/summary?year={school_year() - 1}",
        "mentoring summary, 2 years ago": f"/mentoring/summary?year={school_year() - 2}",
        "mentors and preparation": "/mentoring/mentors",
        "new pair form (person pickers)": "/mentoring/pairs/new",
        "person picker, «ива» typed": "/registry/people/pick?field=mentor_id&scope=registry&mentor_id-q="
                                      + urllib.parse.quote("ива"),
    }
    phase(args, env, "mentoring (2000 pairs, 40 schools)", pages)


def courses_bench(args, env, run):
    """Courses on their own data: 20,000 records over 40 schools and six years; then the demo's
    current programme with 36 indicators (a third computed, a third entered by all 40 schools)."""
    run("demo", "--courses", "20000", "--course-schools", "40")
    year = datetime.date.today().year
    pages = {
        "courses registry (page of 100)": "/courses/",
        "courses registry, name search": "/courses/?q=" + urllib.parse.quote("слушатель курсов 12"),
        "courses registry, a year and kind": f"/courses/?year={year - 1}&kind=short",
        "no courses for 3 years, by school": "/courses/gaps",
        "no courses for 3 years, a school": "/courses/gaps?org=2",
        "courses summary, this year": "/courses/summary",
        "courses summary, last year": f"/courses/summary?year={year - 1}",
        "regional table .xlsx": f"/courses/report.xlsx?year={year - 1}",
        "diagnostics, by school": "/courses/diagnostics",
        "deficits and routes summary": "/courses/deficits",
    }
    made = run("demo", "--indicators", "30").stdout.decode()
    programme = int(re.search(r"\(id (\d+)\)", made).group(1))
    pages.update({
        "indicators table, 36 × 3 years": f"/plan/{programme}/indicators",
        "Инр, this year": f"/plan/{programme}/index?year={year}",
        "year's report, 40 schools": f"/plan/{programme}/report?year={year}",
        "year's report .xlsx": f"/plan/{programme}/report.xlsx?year={year}",
    })
    phase(args, env, "courses and indicators (20,000 records, 40 schools, 36 indicators)", pages)


def phase(args, env, title, pages):
    """A set of pages on the data seeded so far, with /healthz measured anew, and their queries."""
    server, base = start_server(env)
    try:
        client = Client(base)
        client.login("metodist", "demo")
        results = {"/healthz": [client.timed("/healthz")[0] for _ in range(args.runs * 3)]}
        for name, path in pages.items():
            client.timed(path)
            results[name] = [client.timed(path)[0] for _ in range(max(args.runs // 3, 3))]
    finally:
        server.terminate()
        server.wait()
    base_ms = median_ms(results["/healthz"])
    print()
    print(f"{title:<34}{'median, ms':>12}{'× /healthz':>12}")
    for name, samples in results.items():
        print(f"{name:<34}{median_ms(samples):>12.1f}{median_ms(samples) / base_ms:>12.1f}")
    print()
    print("SQL queries per page (in-process, same database):")
    for name, count in query_counts(env, {}, pages, plan=False).items():
        print(f"  {name:<36}{count:>4}")


def school_year() -> int:
    today = datetime.date.today()
    return today.year if today.month >= 9 else today.year - 1


def first_top_section(client, programme_id) -> int:
    _, html = client.request(f"/plan/{programme_id}")
    return int(re.search(r'<tbody id="section-(\d+)" class="section depth-1"', html).group(1))


def query_counts(env, ids, pages, plan=True) -> dict:
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    from app import create_app

    app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    counted = {"/healthz": "/healthz"}
    for size in (500, 2000) if plan else ():
        counted[f"plan page, {size} activities"] = f"/plan/{ids[size]}"
    counted.update(pages)
    return count_pages(app, counted, "metodist")


def count_pages(app, pages: dict, user: str) -> dict:
    """SQL statements of each page (name → path) for a user (password demo), in-process."""
    from sqlalchemy import event

    from app.extensions import db
    client = app.test_client()
    client.post("/login", data={"username": user, "password": "demo"})
    with app.app_context():
        engine = db.engine
    result = {}
    for name, path in pages.items():
        statements = []
        listener = lambda *a, found=statements: found.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        response = client.get(path)
        event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (path, response.status_code)
        result[name] = len(statements)
    return result

if __name__ == "__main__":
    main()
