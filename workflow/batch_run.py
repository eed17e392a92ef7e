"""Running a batch: register the tree, then process what is waiting — in this process,
in a pool of local processes, or as rq jobs on workers (started here with ``workers``,
or already running anywhere that shares the Redis and the database).

Every step commits on its own, so a crash or Ctrl-C loses at most the file in hand;
running the same command again picks up where it stopped.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest import IngestLimits
from workflow import batch, jobs, outbox
from workflow.runtime import Runtime
from workflow.users import Actor

log = logging.getLogger(__name__)

ProgressFn = Callable[[batch.Progress], None]
#: How often progress is reported and workers are looked after, in seconds.
POLL = 1.0
#: How often jobs that will not finish by themselves are looked for, in seconds.
LOST_JOB_CHECK = 15.0


@dataclass(frozen=True)
class BatchOptions:
    since: date | None = None
    workers: int = 0
    dry_run: bool = False


def run_batch(
    runtime: Runtime,
    actor: Actor,
    root: Path,
    options: BatchOptions,
    *,
    on_progress: ProgressFn = lambda _: None,
) -> int:
    """Register and process every file under ``root``; returns the batch id.

    With Redis, each file goes to the workers as soon as it is registered, so
    registering and processing overlap.
    """
    limits = IngestLimits.from_settings(runtime.settings)
    with runtime.session() as session:
        record = batch.start_batch(
            session,
            actor,
            root,
            options={
                "since": options.since.isoformat() if options.since else None,
                "workers": options.workers,
            },
        )
        batch_id = record.id
    queue = jobs.Dispatcher(runtime) if runtime.settings.redis_url else None
    pool = LocalWorkers(batch_id, options.workers if queue else 0)
    try:
        for source in batch.walk(root, since=options.since):
            with runtime.session() as session:
                current = session.get(batch.BatchRecord, batch_id)
                if isinstance(source, tuple):
                    batch.record_problem(session, current, *source)
                    continue
                item = batch.register_source(
                    session, runtime.files, current, source, actor=actor, limits=limits
                )
                send = item.version_id if item.outcome in ("new", "new_version") else None
            if queue is not None and send is not None:
                queue.process(send)
            pool.look_after()
        with runtime.session() as session:
            session.get(batch.BatchRecord, batch_id).state = "processing"
        if queue is not None:
            _wait_for_workers(runtime, actor, batch_id, queue, pool, on_progress)
        else:
            process_pending(
                runtime, actor, batch_id, workers=options.workers, on_progress=on_progress
            )
    finally:
        pool.stop()
    with runtime.session() as session:
        batch.finish(session, batch_id, actor)
        on_progress(batch.progress(session, batch_id, actor))
    return batch_id


def process_pending(
    runtime: Runtime,
    actor: Actor,
    batch_id: int,
    *,
    workers: int = 0,
    on_progress: ProgressFn = lambda _: None,
) -> None:
    """Process the batch's waiting documents here: one by one, or in a local pool."""
    with runtime.session() as session:
        waiting = [
            (outbox.find(session, outbox.PROCESS, v) or outbox.add(session, outbox.PROCESS, v)).id
            for v in batch.pending_versions(session, batch_id)
        ]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            for _ in pool.map(jobs.run_job, waiting, chunksize=4):
                _report(runtime, actor, batch_id, on_progress)
    else:
        for job_id in waiting:
            jobs.execute(runtime, job_id)
            _report(runtime, actor, batch_id, on_progress)


def _report(runtime: Runtime, actor: Actor, batch_id: int, on_progress: ProgressFn):
    with runtime.session() as session:
        current = batch.progress(session, batch_id, actor)
    on_progress(current)
    return current


def _wait_for_workers(runtime, actor, batch_id, queue, pool, on_progress) -> None:
    """Until every document is processed; jobs that will not finish by themselves
    (left by an earlier run, or by a worker that died) are sent again."""
    last_check = None
    while True:
        died = pool.look_after()
        current = _report(runtime, actor, batch_id, on_progress)
        if current.waiting == 0:
            return
        if died or last_check is None or time.monotonic() - last_check > LOST_JOB_CHECK:
            queue.reconcile(dead_workers=frozenset(pool.dead))
            last_check = time.monotonic()
        time.sleep(POLL)


class LocalWorkers:
    """``gongkai worker`` processes started for this batch; a dead one is replaced and
    the job it held is sent again."""

    def __init__(self, batch_id: int, count: int):
        self.prefix = f"batch-{batch_id}-{uuid.uuid4().hex[:6]}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.dead: set[str] = set()
        self.started = 0
        for _ in range(count):
            self._spawn()

    def _spawn(self) -> None:
        name = f"{self.prefix}-{self.started}"
        self.started += 1
        command = [sys.executable, "-m", "cli.main", "worker", "--name", name]
        # A session of its own: stopping the batch stops the worker and anything it forked.
        self.processes[name] = subprocess.Popen(command, start_new_session=True)

    def look_after(self) -> bool:
        """Replace workers that left; True when one of them died."""
        died = False
        for name, process in list(self.processes.items()):
            code = process.poll()
            if code is None:
                continue
            del self.processes[name]
            log.warning("a batch worker died; replacing it", extra={"worker": name, "code": code})
            self.dead.add(name)
            died = True
            self._spawn()
        return died

    def stop(self) -> None:
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
