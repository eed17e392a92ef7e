"""Load on the HTTP service: concurrent uploads of 10-page documents against one server
and two rq workers, on PostgreSQL and Redis, as production runs it.

Run: ``make bench-api`` (or ``python bench/api_load_bench.py --docs 60 --concurrency 6``).
Needs PostgreSQL and Redis (``GONGKAI_BENCH_POSTGRES_URL``, ``GONGKAI_BENCH_REDIS_URL``;
defaults are this machine kind's). The benchmark uses its own schema and Redis db and
removes them afterwards. Record the printed table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest_bench import long_document  # noqa: E402

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
TOKEN = "bench-admin-token"


def documents(count: int, pages: int) -> list[tuple[str, bytes]]:
    """Half DOCX, half PDF; each with its own number, so none is a duplicate."""
    from dataclasses import replace

    from tests.docgen import Line, render_docx, render_pdf

    base = long_document(pages)
    out = []
    for n in range(count):
        lines = tuple(
            Line("number", f"贺人社发〔2026〕{n + 1}号") if line.role == "number" else line
            for line in base.lines
        )
        spec = replace(base, lines=lines)
        if n % 2:
            out.append((f"doc{n}.pdf", render_pdf(spec)))
        else:
            out.append((f"doc{n}.docx", render_docx(spec)))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import httpx
    import redis
    import sqlalchemy as sa

    pg = os.environ.get("GONGKAI_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    redis_url = os.environ.get("GONGKAI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    schema = f"gongkai_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as c:
        c.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    redis.Redis.from_url(redis_url).flushdb()

    print(f"rendering {args.docs} documents of {args.pages} pages …", file=sys.stderr)
    files = documents(args.docs, args.pages)
    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    env = {
        **os.environ,
        "GONGKAI_DATA_DIR": str(data_dir),
        "GONGKAI_DATABASE_URL": f"{pg}?options=-csearch_path%3D{schema}",
        "GONGKAI_REDIS_URL": redis_url,
        "GONGKAI_API_TOKEN": TOKEN,
        "GONGKAI_LOG_LEVEL": "WARNING",
    }
    port = 8765
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([GONGKAI, "serve", "--port", str(port)], env=env)
    workers = [
        subprocess.Popen(
            [GONGKAI, "worker", "--name", f"bench-{n}-{uuid.uuid4().hex[:4]}"], env=env
        )
        for n in range(args.workers)
    ]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        client = httpx.Client(base_url=url, timeout=120, headers=headers)
        uploads, gets, errors, done_at = [], [], [], {}

        def one(item: tuple[str, bytes]) -> None:
            name, data = item
            started = time.perf_counter()
            response = client.post("/api/v1/documents", files={"file": (name, data)})
            uploads.append(time.perf_counter() - started)
            if response.status_code != 201:
                errors.append(f"upload {name}: {response.status_code}")
                return
            doc_id = response.json()["id"]
            while True:
                started = time.perf_counter()
                response = client.get(f"/api/v1/documents/{doc_id}")
                gets.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors.append(f"get {doc_id}: {response.status_code}")
                    return
                state = response.json()["state"]
                if state == "in_review":
                    done_at[doc_id] = time.perf_counter()
                    return
                if state == "failed":
                    errors.append(f"{name} failed: {response.json()['error_code']}")
                    return
                time.sleep(0.5)

        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(one, files))
        elapsed = max(done_at.values(), default=time.perf_counter()) - started
        result = {
            "documents": args.docs,
            "pages_each": args.pages,
            "concurrency": args.concurrency,
            "workers": args.workers,
            "processed": len(done_at),
            "errors": errors,
            "elapsed_s": round(elapsed, 1),
            "documents_per_minute": round(len(done_at) / elapsed * 60, 1),
            "upload_p50_ms": round(percentile(uploads, 50) * 1000, 1),
            "upload_p95_ms": round(percentile(uploads, 95) * 1000, 1),
            "get_p50_ms": round(percentile(gets, 50) * 1000, 1),
            "get_p95_ms": round(percentile(gets, 95) * 1000, 1),
            "gets": len(gets),
            "server_peak_rss_mb": peak_rss_mb(server.pid),
            "worker_peak_rss_mb": [peak_rss_mb(w.pid) for w in workers],
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "python": platform.python_version(),
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        for process in [server, *workers]:
            process.terminate()
        for process in [server, *workers]:
            process.wait(timeout=30)
        with admin.begin() as c:
            c.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        redis.Redis.from_url(redis_url).flushdb()


if __name__ == "__main__":
    main()
