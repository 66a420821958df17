"""Benchmark, Word documents: the plan's .docx at 500 and 2,000 activities beside the plan's .xlsx
export in the same run (the issue's bar: under 2× the .xlsx), medians and ratios to /healthz.

    .venv/bin/python bench/word_bench.py [--runs 9] [--database-url URL]

What was tried: python-docx's own table, cell by cell (`table.add_row()`, `cell.text`), took 1.2 s for
a bare 2,000 × 4 table before any formatting (measured 2026-12-07); app/exports/word.py writes the rows
as WordprocessingML in one piece, and the whole plan document takes less than its .xlsx.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plan_bench import FLASK, Client, median_ms, start_server  # noqa: E402
from bench.plan_bench import demo_app  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    env, _ = demo_app("metodkabinet-word-bench-", args.database_url)
    for size in ("500", "2000"):
        subprocess.run([*FLASK, "demo", "--activities", size, "--schools", "15"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    server, base = start_server(env)
    try:
        client = Client(base)
        index = client.login("metodist", "demo")
        ids = {int(n): int(p) for p, n in re.findall(r'href="/plan/(\d+)">Тестовая программа \((\d+) мероприятий\)',
                                                     index)}
        results = {"/healthz": [client.timed("/healthz")[0] for _ in range(args.runs * 3)]}
        for size in (500, 2000):
            for kind, path in (("xlsx", f"/plan/{ids[size]}/export.xlsx"), ("docx", f"/plan/{ids[size]}/plan.docx")):
                client.timed(path)
                results[f"plan .{kind}, {size} activities"] = [client.timed(path)[0] for _ in range(args.runs)]
    finally:
        server.terminate()
        server.wait()
    base = median_ms(results["/healthz"])
    print(f"{'the plan as a file':<34}{'median, ms':>12}{'× /healthz':>12}{'÷ .xlsx':>10}")
    for name, samples in results.items():
        ratio = ""
        if ".docx" in name:
            ratio = f"{median_ms(samples) / median_ms(results[name.replace('.docx', '.xlsx')]):>10.2f}"
        print(f"{name:<34}{median_ms(samples):>12.1f}{median_ms(samples) / base:>12.1f}{ratio}")


if __name__ == "__main__":
    main()
