"""The bad-file corpus (``tests/badcorpus.py``) uploaded to a real embedded server
(``gongkai serve``, SQLite, processing in the server's budgeted children): what each file
became, how long it took, and the memory the server and its processing children
reached.

Run: ``python bench/reliability_bench.py [--seconds 60]`` (the per-file CPU budget).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.badcorpus import corpus  # noqa: E402
from tests.e2e.test_server import ADMIN_TOKEN, Service  # noqa: E402


def _kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = []
        # Children are listed per thread: the server forks from its request threads.
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children += (task / "children").read_text().split()
            except OSError:
                continue
        for child in map(int, children):
            found.append(child)
            frontier.append(child)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="CPU budget per file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        service = Service(Path(tmp))
        service.env["GONGKAI_PROCESSING_SECONDS"] = str(args.seconds)
        service.env["GONGKAI_LOG_LEVEL"] = "WARNING"
        service.serve()
        server = service.processes[0].pid
        peaks = {"server_kb": 0, "child_kb": 0}
        stop = threading.Event()

        def watch() -> None:
            while not stop.wait(0.05):
                peaks["server_kb"] = max(peaks["server_kb"], _kb(server, "VmRSS"))
                for child in _descendants(server):
                    peaks["child_kb"] = max(peaks["child_kb"], _kb(child, "VmRSS"))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        client = httpx.Client(base_url=service.url, timeout=600)
        auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        outcomes, statuses, slowest, by_kind = Counter(), Counter(), [], {}
        started = time.perf_counter()
        for kind, name, data in corpus():
            t = time.perf_counter()
            response = client.post("/api/v1/documents", headers=auth, files={"file": (name, data)})
            seconds = time.perf_counter() - t
            statuses[response.status_code // 100 * 100] += 1
            body = response.json()
            outcome = (
                body.get("code")
                if response.status_code >= 400
                else (body["error_code"] if body["state"] == "failed" else body["state"])
            )
            outcomes[outcome] += 1
            by_kind[kind] = outcome
            slowest.append((round(seconds, 2), kind, outcome))
        total = time.perf_counter() - started
        alive = client.get("/health").status_code == 200
        stop.set()
        service.stop()
    report = {
        "files": sum(outcomes.values()),
        "http": dict(statuses),
        "outcomes": dict(outcomes.most_common()),
        "by_kind": by_kind,
        "server_alive_after": alive,
        "seconds_total": round(total, 1),
        "slowest": sorted(slowest, reverse=True)[:5],
        "peak_rss_server_mb": round(peaks["server_kb"] / 1024),
        "peak_rss_processing_child_mb": round(peaks["child_kb"] / 1024),
        "cpu_budget_seconds": args.seconds,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if alive and 500 not in statuses else 1


if __name__ == "__main__":
    raise SystemExit(main())
