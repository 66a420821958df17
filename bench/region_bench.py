"""Benchmark, the region phase (PostgreSQL): one install serving a region.

First one municipality (Калининский район from the demo) with a 500-activity programme over
2022–2024 and 40 schools, teachers, course records and mentoring pairs — its plan page, a school's
«Мои мероприятия», the summary and matrix.xlsx measured against /healthz. Then N − 1 more
municipalities like it (default 50 in all: ≈ 3 million marks, 60,000 teachers, 200,000 course
records, 10,000 pairs), and the same pages of the same municipality again — the ratio says what
the scoping costs. Then the region's pages (side by side, one row's plan figures, the three
tables) as the region's methodist, their SQL queries, the person search among every teacher with
PostgreSQL's plan (EXPLAIN ANALYZE), and the server's resident memory after the phase.

    .venv/bin/python bench/region_bench.py [--municipalities 50] [--runs 9] [--database-url URL]

Without --database-url a database `metodkabinet_region_bench` is made afresh on the local
PostgreSQL (127.0.0.1:5432, user postgres). Ratios, not seconds, compare between machines.
"""
import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plan_bench import FLASK, Client, count_pages, median_ms, start_server  # noqa: E402

PAGES = ("plan page, 500 activities", "«Мои мероприятия», a school", "summary, 500 activities",
         "matrix.xlsx, 500 activities")


def fresh_database(url: str | None) -> str:
    if url:
        return url
    from sqlalchemy import create_engine, text
    admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS metodkabinet_region_bench"))
        conn.execute(text("CREATE DATABASE metodkabinet_region_bench"))
    admin.dispose()
    return "postgresql+psycopg://postgres@127.0.0.1:5432/metodkabinet_region_bench"


def seed_municipality(municipality_id: int, args) -> int:
    """A municipality's synthetic programme, schools, teachers, course records and pairs, made
    inside it (the scope) by the demo's own loaders. Its programme's id."""
    from sqlalchemy import insert, select

    from app.clock import today
    from app.courses.models import Course, CourseProvider
    from app.demo.courses import TITLES, _row
    from app.demo.loader import load_synthetic
    from app.demo.mentoring import load_synthetic_mentoring
    from app.extensions import db
    from app.municipalities.scope import enter
    from app.registry.models import Organisation, OrgKind, Person

    enter(municipality_id)
    programme = load_synthetic(args.activities, args.schools)
    schools = db.session.scalars(select(Organisation.id).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                 .order_by(Organisation.id)).all()[:args.schools]
    teachers = args.teachers - 2 * args.pairs  # the pairs bring a mentor and a mentee each
    db.session.execute(insert(Person), [
        {"full_name": f"{SURNAMES[n % len(SURNAMES)]} {n // len(SURNAMES) + 1} {municipality_id}",
         "organisation_id": schools[n % len(schools)], "position": "учитель", "subject": "", "category": "none",
         "young_by_hand": False} for n in range(teachers)])
    people = db.session.scalars(select(Person).where(Person.organisation_id.in_(schools), Person.position == "учитель")
                                .order_by(Person.id)).all()
    providers = db.session.scalars(select(CourseProvider).order_by(CourseProvider.position)).all()
    year = today().year
    db.session.execute(insert(Course), [
        {**_row(people[(n * 7) % len(people)], providers[n % len(providers)], TITLES[n % len(TITLES)], year - n % 6, n),
         "programme_title": f"{TITLES[n % len(TITLES)][0]} ({n + 1})"} for n in range(args.courses)])
    db.session.commit()
    load_synthetic_mentoring(args.pairs, args.schools)
    enter(None)
    return programme.id


SURNAMES = ["Иванова", "Петрова", "Сидорова", "Кузнецова", "Смирнова", "Попова", "Волкова", "Морозова",
            "Лебедева", "Козлова", "Новикова", "Соколова", "Орлов", "Зайцев", "Белов", "Комаров"]


def measure(base: str, pages: dict, runs: int, user: str) -> dict:
    client = Client(base)
    client.login(user, "demo")
    results = {"/healthz": [client.timed("/healthz")[0] for _ in range(runs * 3)]}
    for name, path in pages.items():
        client.timed(path)
        results[name] = [client.timed(path)[0] for _ in range(runs)]
    return {name: median_ms(samples) for name, samples in results.items()}


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=50)
    parser.add_argument("--schools", type=int, default=40)
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--teachers", type=int, default=1200, help="per municipality, with the pairs' people")
    parser.add_argument("--courses", type=int, default=4000, help="per municipality")
    parser.add_argument("--pairs", type=int, default=200, help="per municipality")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = fresh_database(args.database_url)
    env = dict(os.environ, SECRET_KEY="bench", DATABASE_URL=url, REQUEST_LOG="0")
    run = lambda *a: subprocess.run([*FLASK, *a], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: E731
    run("db", "upgrade")
    run("demo", "--one-municipality")
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import func, select

    from app import create_app
    from app.auth.models import Role, User
    from app.extensions import db
    from app.municipalities.models import Municipality
    from app.registry.models import Organisation, Person
    app = create_app({"SECRET_KEY": "bench", "REQUEST_LOG": False, "WTF_CSRF_ENABLED": False})
    started = time.perf_counter()
    with app.app_context():
        first = db.session.scalar(select(Municipality.id).order_by(Municipality.id))
        programme_id = seed_municipality(first, args)
        school = db.session.scalar(select(Organisation.id).where(Organisation.short_name == "Тестовая школа № 40")) \
            or db.session.scalar(select(Organisation.id).where(Organisation.short_name == "СОШ № 1"))
        for username, role, organisation in (("bench-school", Role.SCHOOL, school),
                                             ("iro-bench", Role.REGION_METHODIST, None)):
            user = User(username=username, full_name=username, role=role, organisation_id=organisation,
                        municipality_id=None if role == Role.REGION_METHODIST else first)
            user.set_password("demo")
            db.session.add(user)
        db.session.commit()
    print(f"one municipality seeded in {time.perf_counter() - started:.0f} s")
    pages = {"plan page, 500 activities": f"/plan/{programme_id}", "summary, 500 activities":
             f"/plan/{programme_id}/summary", "matrix.xlsx, 500 activities": f"/plan/{programme_id}/matrix.xlsx"}

    def municipality_pages():
        server, base = start_server(env)
        try:
            figures = measure(base, pages, args.runs, "metodist")
            figures.update({k: v for k, v in measure(base, {"«Мои мероприятия», a school": "/my"}, args.runs,
                                                         "bench-school").items() if k != "/healthz"})
        finally:
            server.terminate()
            server.wait()
        return figures

    single = municipality_pages()

    started = time.perf_counter()
    with app.app_context():
        for n in range(2, args.municipalities + 1):
            municipality = Municipality(name=f"Муниципальный район № {n}", short_name=f"Район № {n}")
            db.session.add(municipality)
            db.session.commit()
            seed_municipality(municipality.id, args)
            print(f"  municipality {n} of {args.municipalities} seeded ({time.perf_counter() - started:.0f} s)",
                  flush=True)
        from app.marks.models import CompletionMark
        from app.courses.models import Course
        from app.mentoring.models import Pair
        totals = {name: db.session.scalar(select(func.count()).select_from(model)) for name, model in (
            ("marks", CompletionMark), ("people", Person), ("course records", Course), ("pairs", Pair))}
    print(f"{args.municipalities} municipalities seeded in {time.perf_counter() - started:.0f} s: "
          + ", ".join(f"{count:,} {name}" for name, count in totals.items()))
    run_analyze = subprocess.run(["psql", url.replace("+psycopg", ""), "-c", "ANALYZE"], capture_output=True)
    assert run_analyze.returncode == 0, run_analyze.stderr

    region = municipality_pages()
    print()
    print(f"{'a municipality’s pages':<34}{'one, ms':>10}{'× hz':>7}{f'{args.municipalities}, ms':>10}{'× hz':>7}"
          f"{'ratio':>8}")
    for name in ("/healthz", *PAGES):
        one, many = single[name], region[name]
        print(f"{name:<34}{one:>10.1f}{one / single['/healthz']:>7.1f}{many:>10.1f}{many / region['/healthz']:>7.1f}"
              f"{(many / region['/healthz']) / (one / single['/healthz']):>8.2f}")

    region_pages = {"side by side (/region/)": "/region/", "one row's plan figures":
                    f"/region/plan-figures/{first}?year=2024",
                    "courses by municipality": "/region/courses", "competitions by municipality": "/region/competitions",
                    "mentors by municipality": "/region/mentors", "courses by municipality .xlsx": "/region/courses.xlsx",
                    "person search «ова 12» (region)": "/registry/people/pick?field=person_id&scope=registry&person_id-q="
                                                       + "%D0%BE%D0%B2%D0%B0%2012"}
    server, base = start_server(env)
    try:
        figures = measure(base, region_pages, args.runs, "iro-bench")
        rss = resident_kib(server.pid)
    finally:
        server.terminate()
        server.wait()
    counts = count_pages(app, region_pages, "iro-bench")
    print()
    print(f"{'the region’s pages':<34}{'median, ms':>12}{'× /healthz':>12}{'queries':>9}")
    for name, ms in figures.items():
        print(f"{name:<34}{ms:>12.1f}{ms / figures['/healthz']:>12.1f}{counts.get(name, ''):>9}")
    print(f"\nserver's resident memory after the phase: {rss / 1024:.0f} MiB")

    with app.app_context():
        from sqlalchemy import text

        from app.registry.picker import like_pattern
        teachers = db.session.scalar(select(func.count(Person.id)))
        plan = db.session.execute(text(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT people.id, people.full_name FROM people "
            "WHERE lower(people.full_name) LIKE :pattern ESCAPE '\\' ORDER BY people.full_name, people.id LIMIT 21"),
            {"pattern": like_pattern("ова 12")}).scalars().all()
    print(f"\nperson search among {teachers:,} people, PostgreSQL's plan:")
    for line in plan:
        print("  " + line)
    if not any("ix_people_full_name_trgm" in line for line in plan):
        print("  (the trigram index was not used: a scan)")


if __name__ == "__main__":
    main()
