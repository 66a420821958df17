"""Benchmark: the plan page and the single-row save, as ratios to /healthz in the same run.

Starts the app in a subprocess on a fresh SQLite database with the demo data and synthetic
programmes of 500 and 2000 activities (15 schools), logs in as the demo methodist, and prints
medians. Ratios, not seconds, are what to compare between machines.

    .venv/bin/python bench/plan_bench.py [--runs 15] [--database-url URL]
"""
import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = None

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        with self.opener.open(req) as response:
            return response.status, response.read().decode()

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
    run("demo")
    run("demo", "--activities", "500", "--schools", "15")
    run("demo", "--activities", "2000", "--schools", "15")

    port = free_port()
    server = subprocess.Popen([*FLASK, "run", "--port", str(port), "--with-threads"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        client = Client(base)
        index = client.login("metodist", "demo")
        ids = {int(n): int(pid) for pid, n in re.findall(r'href="/plan/(\d+)">Тестовая программа \((\d+) мероприятий\)', index)}

        results = {"/healthz": [client.timed("/healthz")[0] for _ in range(args.runs * 3)]}
        for size in (500, 2000):
            page = f"/plan/{ids[size]}"
            _, html = client.timed(page)  # warm-up
            results[f"plan page, {size} activities"] = [client.timed(page)[0] for _ in range(args.runs)]
            activity_id = re.findall(r'id="activity-(\d+)"', html)[size // 2]
            saves = []
            for i in range(args.runs):
                _, row = client.request(f"/plan/activities/{activity_id}/edit", headers={"HX-Request": "true"})
                version = re.search(r'name="version"[^>]*value="(\d+)"', row).group(1)
                data = {"title": f"Районный семинар, правка {i}", "deadline_text": "Ежегодно, июль",
                        "participants": "all_schools", "responsible_text": "Руководство ОО", "version": version}
                elapsed, body = client.timed(f"/plan/activities/{activity_id}", data,
                                             {"HX-Request": "true", "X-CSRFToken": client.token})
                assert f"правка {i}" in body
                saves.append(elapsed)
            results[f"row save, {size} activities"] = saves
            results[f"page size, {size} activities"] = [len(html.encode()) / 1024 / 1000]  # reported in KiB

        base_ms = median_ms(results["/healthz"])
        print(f"{'measure':<34}{'median, ms':>12}{'× /healthz':>12}")
        for name, samples in results.items():
            if name.startswith("page size"):
                print(f"{name:<34}{samples[0] * 1000:>10.0f} KiB")
                continue
            ms = median_ms(samples)
            print(f"{name:<34}{ms:>12.1f}{ms / base_ms:>12.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
