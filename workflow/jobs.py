"""Where work runs: as rq jobs on Redis when ``GONGKAI_REDIS_URL`` is set, in-process
otherwise, so the embedded default needs no Redis.

Every job is a row of the outbox (``workflow.outbox``) first: the rq job carries only
that row's id, a worker loads everything else from the database, and running a job twice
does no harm (see ``processing`` and ``publish``). ``Dispatcher.reconcile`` sends again
whatever a lost worker, a lost Redis or a killed server left unfinished.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from sqlalchemy import select

from core.errors import ServiceUnavailable
from store.records import DocumentRecord, JobRecord, PublicationRecord, utcnow
from workflow import outbox, processing, publish
from workflow.runtime import Runtime, worker_runtime
from workflow.states import State

log = logging.getLogger(__name__)

PROCESS_QUEUE = "process"
PUBLISH_QUEUE = "publish"
QUEUES = (PROCESS_QUEUE, PUBLISH_QUEUE)
#: A long PDF takes seconds; a worker stuck for this long is killed and the job retried.
JOB_TIMEOUT = 30 * 60
#: How often the server looks for work that will not finish by itself.
RECONCILE_EVERY = 15.0
_QUEUE_OF = {outbox.PROCESS: PROCESS_QUEUE, outbox.PUBLISH: PUBLISH_QUEUE}


def run_job(job_id: int) -> str:
    """The rq job: one outbox row, in a worker."""
    return execute(worker_runtime(), job_id)


def execute(runtime: Runtime, job_id: int) -> str:
    with runtime.session() as session:
        job = session.get(JobRecord, job_id)
        if job is None or job.state == outbox.DONE:
            return "done"
        kind, subject = job.kind, job.subject_id
        document_id = None
        if kind == outbox.PUBLISH:
            publication = session.get(PublicationRecord, subject)
            document_id = publication.document_id if publication else None
    with outbox.running(runtime.session, job_id):
        if kind == outbox.PROCESS:
            return processing.process_version(runtime, subject)
        if document_id is None:
            return "missing"
        return publish.publish_document(runtime, document_id)


# The names rq jobs were sent under before the outbox, kept for workers still holding
# such jobs after an upgrade.
def run_processing(version_id: int) -> str:
    return processing.process_version(worker_runtime(), version_id)


def run_publication(document_id: int) -> str:
    return publish.publish_document(worker_runtime(), document_id)


class Dispatcher:
    """Hands work to rq, or does it on the spot. Call ``process``/``publish`` after the
    commit that made the work visible: a worker must find what it was sent."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.redis = None
        if runtime.settings.redis_url:
            from redis import Redis

            self.redis = Redis.from_url(
                runtime.settings.redis_url, socket_connect_timeout=2, socket_timeout=5
            )

    @property
    def mode(self) -> str:
        return "rq" if self.redis is not None else "in-process"

    def require_available(self) -> None:
        """Before a request commits work for the queue: with the queue down it answers 503
        and commits nothing, rather than a document the queue never hears of."""
        if self.redis is None:
            return
        from redis import RedisError

        try:
            self.redis.ping()
        except RedisError as exc:
            raise ServiceUnavailable(
                "任务队列（Redis）暂时无法连接，本次操作未保存，请稍后重试"
                f"（the job queue does not answer: nothing was saved; {type(exc).__name__}）"
            ) from exc

    def process(self, version_id: int) -> None:
        self._dispatch(outbox.PROCESS, version_id)

    def publish(self, publication_id: int) -> None:
        self._dispatch(outbox.PUBLISH, publication_id)

    def _dispatch(self, kind: str, subject_id: int) -> None:
        with self.runtime.session() as session:
            job = outbox.find(session, kind, subject_id) or outbox.add(session, kind, subject_id)
            job_id = job.id
        self.send(job_id)

    def send(self, job_id: int, *, again: bool = False) -> None:
        """Put one outbox job on the queue (or run it here); a queue that fails now
        leaves the job pending for ``reconcile``. ``again``: the job was lost, and
        whatever rq still keeps under its name is dropped first."""
        if self.redis is None:
            execute(self.runtime, job_id)
            return
        from redis import RedisError
        from rq import Queue

        with self.runtime.session() as session:
            job = session.get(JobRecord, job_id)
            kind, name = job.kind, _rq_id(job)
        try:
            if again:
                _forget(self.redis, name)
            Queue(_QUEUE_OF[kind], connection=self.redis).enqueue(
                run_job,
                job_id,
                job_id=name,
                job_timeout=JOB_TIMEOUT,
                result_ttl=24 * 3600,
                failure_ttl=7 * 24 * 3600,
            )
        except RedisError:
            log.warning("job left for the reconciler: the queue does not answer", exc_info=True)
            return
        with self.runtime.session() as session:
            outbox.mark(session, job_id, outbox.SENT)
        log.info("job enqueued", extra={"job_id": job_id, "rq_id": name})

    def reconcile(self, dead_workers: frozenset[str] = frozenset()) -> int:
        """Send again what will not finish by itself; returns how many were sent.
        ``dead_workers``: rq workers known to be dead (a batch saw them die), whose
        jobs need not wait for their heartbeat to go stale."""
        with self.runtime.session() as session:
            _adopt_orphans(session)
            ids = outbox.to_send(
                session,
                queue_has=self._queue_has if self.redis else None,
                worker_lost=lambda job: bool(dead_workers) and self._held_by(job, dead_workers),
            )
            given_up = _give_up(session, ids)
        ids = [i for i in ids if i not in given_up]
        for job_id in ids:
            try:
                self.send(job_id, again=True)
            except Exception:  # one bad job must not stop the others being sent
                log.exception("job could not be sent again", extra={"job_id": job_id})
        if ids:
            log.warning("unfinished jobs sent again", extra={"count": len(ids)})
        return len(ids)

    def _held_by(self, job: JobRecord, workers: frozenset[str]) -> bool:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        if job.state not in (outbox.SENT, outbox.RUNNING):
            return False
        # Marking a job running counts the attempt; a sent one is still under its name.
        name = _rq_id(job, running=job.state == outbox.RUNNING)
        try:
            return Job.fetch(name, connection=self.redis).worker_name in workers
        except NoSuchJobError:
            return True

    def _queue_has(self, job: JobRecord) -> bool:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus

        try:
            queued = Job.fetch(_rq_id(job), connection=self.redis)
        except NoSuchJobError:
            return False
        status = queued.get_status()
        if status == JobStatus.STARTED:
            # Its worker marks the job running within a second of taking it; one that
            # took it long ago and never did died in between (rq would hold it started
            # until its own cleanup, minutes later).
            started = queued.started_at
            return started is not None and utcnow() - _aware(started) <= outbox.LOST_AFTER
        return status in (JobStatus.QUEUED, JobStatus.DEFERRED)

    def start_reconciling(self, every: float = RECONCILE_EVERY) -> threading.Event:
        """Reconcile now and then every ``every`` seconds (once only without Redis: an
        embedded server resumes what it had not finished), in a daemon thread."""
        stop = threading.Event()

        def loop() -> None:
            while True:
                try:
                    self.reconcile()
                except Exception:
                    log.exception("reconciling failed; trying again later")
                if self.redis is None or stop.wait(every):
                    return

        threading.Thread(target=loop, name="gongkai-reconcile", daemon=True).start()
        return stop


def _rq_id(job: JobRecord, *, running: bool = False) -> str:
    # The attempt is part of the name, so a job sent again after its worker was lost is
    # a new rq job, not the orphan rq still thinks is running.
    return f"gongkai-{job.kind}-{job.id}-{job.attempts - 1 if running else job.attempts}"


def _forget(redis, name: str) -> None:
    """A job sent again under the same name (its worker died before it began) must not
    stay in rq's registry of started jobs, whose cleanup would fail it later."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        Job.fetch(name, connection=redis).delete()
    except NoSuchJobError:
        pass
    except Exception:  # rq's bookkeeping of a dead worker's run may be half gone
        log.warning("a lost job's rq entry could not be dropped", extra={"rq_id": name})


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _adopt_orphans(session) -> None:
    """Documents left in ``processing`` and publications left ``queued`` with no job
    (before the outbox existed, or by a crash between two steps) get one."""
    for document in session.scalars(
        select(DocumentRecord).where(DocumentRecord.state == State.PROCESSING.value)
    ):
        if outbox.find(session, outbox.PROCESS, document.current.id) is None:
            outbox.add(session, outbox.PROCESS, document.current.id)
    for publication in session.scalars(
        select(PublicationRecord).where(PublicationRecord.state == "queued")
    ):
        if outbox.find(session, outbox.PUBLISH, publication.id) is None:
            outbox.add(session, outbox.PUBLISH, publication.id)


def _give_up(session, ids: list[int]) -> set[int]:
    """Jobs lost too often: failed, and their document with them, with the reason."""
    given_up = set()
    for job_id in ids:
        job = session.get(JobRecord, job_id)
        if job.attempts < outbox.MAX_ATTEMPTS:
            continue
        job.state = outbox.FAILED
        job.error = f"lost {job.attempts} times: given up"
        given_up.add(job_id)
        if job.kind == outbox.PROCESS:
            processing.fail_lost(session, job.subject_id, job.attempts)
    return given_up
