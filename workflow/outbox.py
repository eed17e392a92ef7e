"""Work that must not be lost: written in the transaction that asks for it, sent to the
queue after that transaction commits, and sent again until it is done.

A document is committed in ``processing`` together with its job row, so a Redis that is
down at that moment, a worker killed mid-job or a server killed mid-processing leaves a
row that says what is missing — and ``reconcile`` (run by the server at start and every
``RECONCILE_EVERY`` seconds, and by batches) sends it again: a pending job that never
reached the queue, a sent job the queue lost, a running job whose worker stopped beating.
Running a job twice does no harm (``processing`` and ``publish`` check their state), so
sending again is always safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.records import JobRecord, utcnow

log = logging.getLogger(__name__)

PROCESS, PUBLISH = "process", "publish"
PENDING, SENT, RUNNING, DONE, FAILED = "pending", "sent", "running", "done", "failed"
#: A running job beats this often; three missed beats and it is taken for lost.
HEARTBEAT = 10.0
LOST_AFTER = timedelta(seconds=3 * HEARTBEAT)
#: A job sent to the queue and not started after this long is looked up there again (and
#: sent again only if the queue no longer has it: a Redis restarted without its data).
UNSTARTED_AFTER = timedelta(seconds=30)
#: A job lost this many times is given up, and its document marked failed.
MAX_ATTEMPTS = 5


def add(session: Session, kind: str, subject_id: int) -> JobRecord:
    """Ask for a job in the caller's transaction (again, if it ran before)."""
    job = session.scalar(
        select(JobRecord).where(JobRecord.kind == kind, JobRecord.subject_id == subject_id)
    )
    if job is None:
        job = JobRecord(kind=kind, subject_id=subject_id, state=PENDING, attempts=0)
        session.add(job)
    else:
        job.state, job.error, job.heartbeat_at = PENDING, None, None
    session.flush()
    return job


def find(session: Session, kind: str, subject_id: int) -> JobRecord | None:
    return session.scalar(
        select(JobRecord).where(JobRecord.kind == kind, JobRecord.subject_id == subject_id)
    )


def mark(session: Session, job_id: int, state: str, error: str | None = None) -> None:
    job = session.get(JobRecord, job_id, with_for_update=True)
    if job is not None:
        job.state, job.error = state, error


@contextmanager
def running(sessions: Callable[[], object], job_id: int) -> Iterator[None]:
    """Mark the job running, beat while the body runs, then mark it done — or failed
    with the error's type if the body raised (the caller records the document's own
    failure; this is the job's)."""
    with sessions() as session:
        job = session.get(JobRecord, job_id, with_for_update=True)
        job.state, job.attempts, job.heartbeat_at = RUNNING, job.attempts + 1, utcnow()
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(sessions, job_id, stop), daemon=True)
    beat.start()
    try:
        yield
    except BaseException as exc:
        stop.set()
        beat.join()
        with sessions() as session:
            mark(session, job_id, FAILED, f"{type(exc).__name__}: {exc}"[:2000])
        raise
    stop.set()
    beat.join()
    with sessions() as session:
        mark(session, job_id, DONE)


def _beat(sessions, job_id: int, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT):
        try:
            with sessions() as session:
                job = session.get(JobRecord, job_id)
                if job is not None and job.state == RUNNING:
                    job.heartbeat_at = utcnow()
        except Exception:  # a missed beat is only a late one
            log.warning("job heartbeat failed", extra={"job_id": job_id}, exc_info=True)


def to_send(
    session: Session,
    *,
    queue_has: Callable[[JobRecord], bool] | None,
    worker_lost: Callable[[JobRecord], bool] = lambda _job: False,
) -> list[int]:
    """The jobs that will not finish by themselves: never sent, lost by the queue, or
    held by a worker that stopped beating (or that ``worker_lost`` knows is dead).
    ``queue_has`` tells whether the queue will still run a sent job (a job its worker
    took and never began counts as lost); None when there is no queue (in-process:
    everything unfinished)."""
    now = utcnow()
    ids = []
    for job in session.scalars(
        select(JobRecord).where(JobRecord.state.in_((PENDING, SENT, RUNNING)))
    ):
        if queue_has is None or job.state == PENDING:
            ids.append(job.id)
            continue
        unstarted = job.state == SENT and now - job.updated_at > UNSTARTED_AFTER
        silent = job.state == RUNNING and (
            job.heartbeat_at is None or now - job.heartbeat_at > LOST_AFTER
        )
        # A worker killed after taking a job and before marking it running leaves it
        # sent: only the queue (or ``worker_lost``) can tell it will never start.
        if silent or (unstarted and not queue_has(job)) or worker_lost(job):
            ids.append(job.id)
    return ids
