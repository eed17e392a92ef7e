"""Back-catalogue throughput: ``gongkai batch`` over generated documents of about three
pages (half DOCX, half PDF), on PostgreSQL and Redis, with 1 and with 2 workers.

Run: ``make bench-batch`` (or ``python bench/batch_bench.py --docs 2000``). Needs the
PostgreSQL and Redis of this machine kind (``GONGKAI_BENCH_POSTGRES_URL``,
``GONGKAI_BENCH_REDIS_URL``); each run gets a fresh schema and Redis db, removed
afterwards. Record the printed table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest_bench import long_document  # noqa: E402

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def write_tree(root: Path, count: int, pages: int) -> dict:
    from tests.docgen import Line, render_docx, render_pdf

    base = long_document(pages)
    size = 0
    for n in range(count):
        lines = tuple(
            Line("number", f"贺人社发〔2018〕{n + 1}号") if line.role == "number" else line
            for line in base.lines
        )
        spec = replace(base, lines=lines)
        folder = root / f"{2010 + n % 10}"
        folder.mkdir(exist_ok=True)
        if n % 2:
            data, name = render_pdf(spec), f"{n:05d}.pdf"
        else:
            data, name = render_docx(spec), f"{n:05d}.docx"
        (folder / name).write_bytes(data)
        size += len(data)
    return {"documents": count, "bytes": size}


def worker_peaks(prefix: str, peaks: dict[int, int], stop: threading.Event) -> None:
    """Follow the batch's worker processes and keep each one's peak RSS (VmHWM)."""
    while not stop.is_set():
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if " worker " not in command or prefix not in command:
                    continue
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        pid = int(proc.name)
                        peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]))
            except OSError:
                continue
        stop.wait(1.0)


def run(tree: Path, workers: int, pg: str, redis_url: str) -> dict:
    import redis
    import sqlalchemy as sa

    schema = f"gongkai_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as c:
        c.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    redis.Redis.from_url(redis_url).flushdb()
    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-batch-bench-"))
    env = {
        **os.environ,
        "GONGKAI_DATA_DIR": str(data_dir),
        "GONGKAI_DATABASE_URL": f"{pg}?options=-csearch_path%3D{schema}",
        "GONGKAI_REDIS_URL": redis_url,
        "GONGKAI_LOG_LEVEL": "WARNING",
        "OMP_NUM_THREADS": "1",
    }
    peaks: dict[int, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=worker_peaks, args=("--name batch-", peaks, stop))
    watcher.start()
    started = time.perf_counter()
    done = subprocess.run(
        [GONGKAI, "batch", str(tree), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - started
    stop.set()
    watcher.join()
    status = subprocess.run(
        [GONGKAI, "batch", "status", "1"], env=env, capture_output=True, text=True
    ).stdout.strip()
    with admin.begin() as c:
        c.execute(sa.text(f'SET search_path TO "{schema}"'))
        states = dict(c.execute(sa.text("SELECT state, count(*) FROM documents GROUP BY 1")).all())
        c.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    redis.Redis.from_url(redis_url).flushdb()
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    processed = sum(states.values())
    return {
        "workers": workers,
        "elapsed_s": round(elapsed, 1),
        "documents_per_s": round(processed / elapsed, 2),
        "states": states,
        "worker_peak_rss_mb": sorted(round(kb / 1024) for kb in peaks.values()),
        "status": status,
        "log": [line for line in done.stderr.splitlines() if "warning" in line][:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    pg = os.environ.get("GONGKAI_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    redis_url = os.environ.get("GONGKAI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    tree = Path(tempfile.mkdtemp(prefix="gongkai-catalogue-"))
    print(f"writing {args.docs} documents of {args.pages} pages …", file=sys.stderr)
    corpus = write_tree(tree, args.docs, args.pages)
    runs = [run(tree, n, pg, redis_url) for n in args.workers]
    by_workers = {r["workers"]: r for r in runs}
    result = {
        "corpus": corpus | {"pages_each": args.pages},
        "runs": runs,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
    }
    if 1 in by_workers and 2 in by_workers:
        one, two = by_workers[1]["documents_per_s"], by_workers[2]["documents_per_s"]
        result["scaling_1_to_2"] = round(two / one, 2)
        # 8 machines of 2 cores, 2 workers each, sharing one PostgreSQL and one Redis.
        result["projected_hours_100k_on_8x2"] = round(100_000 / (8 * two) / 3600, 2)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
