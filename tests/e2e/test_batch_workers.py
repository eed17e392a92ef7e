"""A batch on rq workers survives a worker killed mid-job: the batch finishes and every
file is processed exactly once (PostgreSQL and Redis, real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from bench.ingest_bench import long_document
from store.db import migrate
from tests.conftest import _empty_database, make_settings
from tests.docgen import Line, render_pdf

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def _tree(root: Path, count: int) -> None:
    from dataclasses import replace

    base = long_document(6)
    for n in range(count):
        lines = tuple(
            Line("number", f"贺人社发〔2019〕{n + 1}号") if line.role == "number" else line
            for line in base.lines
        )
        (root / f"{n:03d}.pdf").write_bytes(render_pdf(replace(base, lines=lines)))


def _batch_workers(data_dir: Path, prefix: str = "--name batch-") -> list[int]:
    """The batch's own workers: other test runs on the machine start batches too."""
    pids = []
    mine = f"GONGKAI_DATA_DIR={data_dir}".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if " worker " in command and prefix in command and mine in environ:
            pids.append(int(proc.name))
    return pids


def test_killing_a_worker_mid_batch_loses_nothing_and_repeats_nothing(
    tmp_path, postgres_url, redis_url
):
    import redis

    settings = make_settings(tmp_path, database_url=postgres_url, redis_url=redis_url)
    _empty_database(settings)
    redis.Redis.from_url(redis_url).flushdb()
    root = tmp_path / "catalogue"
    root.mkdir()
    _tree(root, 24)
    env = {
        **os.environ,
        "GONGKAI_DATA_DIR": str(settings.data_dir),
        "GONGKAI_DATABASE_URL": postgres_url,
        "GONGKAI_REDIS_URL": redis_url,
        "GONGKAI_LOG_LEVEL": "WARNING",
    }
    log = (tmp_path / "batch.log").open("wb")
    engine = sa.create_engine(settings.sqlalchemy_url)
    migrate(engine)  # so the test can count before the command has migrated
    command = subprocess.Popen(
        [GONGKAI, "batch", str(root), "--workers", "2", "--office", "档案室"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    killed = None
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and command.poll() is None:
            with engine.connect() as c:
                done = c.execute(
                    sa.text("SELECT count(*) FROM documents WHERE state = 'in_review'")
                ).scalar()
            workers = _batch_workers(settings.data_dir)
            if killed is None and done and done >= 3 and workers:
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.2)
        code = command.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        code = None
    finally:
        if command.poll() is None:  # a stuck batch must not outlive its test
            command.terminate()
            command.wait(60)
    if code != 0:
        with engine.connect() as c:
            left = c.execute(sa.text("SELECT state, count(*) FROM jobs GROUP BY 1")).all()
        raise AssertionError(
            f"batch exit {code}, jobs {left}: "
            + (tmp_path / "batch.log").read_text(errors="replace")[-3000:]
        )
    assert killed is not None, "the batch finished before a worker could be killed"

    with engine.connect() as c:
        states = Counter(r[0] for r in c.execute(sa.text("SELECT state FROM documents")))
        processed = Counter(
            r[0]
            for r in c.execute(
                sa.text("SELECT document_id FROM audit_trail WHERE action = 'document.processed'")
            )
        )
        duplicates = c.execute(
            sa.text(
                'SELECT count(*) FROM (SELECT version_id, start, "end", category, count(*) '
                "FROM findings GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d"
            )
        ).scalar()
        items = c.execute(sa.text("SELECT count(*), count(document_id) FROM batch_items")).one()
    assert states == {"in_review": 24}
    assert len(processed) == 24 and set(processed.values()) == {1}  # each exactly once
    assert duplicates == 0
    assert tuple(items) == (24, 24)
    assert not _batch_workers(settings.data_dir), "the batch left workers running"
    status = subprocess.run(
        [GONGKAI, "batch", "status", "1"], env=env, capture_output=True, text=True
    )
    assert "24/24 files" in status.stdout and "(done)" in status.stdout
    engine.dispose()
