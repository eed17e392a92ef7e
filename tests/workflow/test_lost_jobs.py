"""A worker killed after rq gave it a job and before it marked the job running leaves the
job ``sent`` in the database and ``started`` in rq: the reconciler sends it again — at
once when a batch saw that worker die, after a short silence otherwise — and only once.

Real Redis and rq's own dequeue; no worker runs, so the job stays exactly where a killed
worker would have left it.
"""

from __future__ import annotations

from datetime import timedelta

import redis
import sqlalchemy as sa
from rq import Queue
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry

from store.records import JobRecord, utcnow
from tests.conftest import make_settings
from workflow import jobs, outbox
from workflow.runtime import Runtime


def _taken_by(connection, worker: str) -> Job:
    """What rq's worker does on taking a job, before the job's own code runs."""
    queue = Queue(jobs.PROCESS_QUEUE, connection=connection)
    job, _queue = Queue.dequeue_any([queue], timeout=None, connection=connection)
    with connection.pipeline() as pipeline:
        job.prepare_for_execution(worker, pipeline)
        pipeline.execute()
    return job


def _state(runtime: Runtime, job_id: int) -> str:
    with runtime.session() as session:
        return session.get(JobRecord, job_id).state


def test_a_job_taken_by_a_worker_that_died_before_it_began_is_sent_again(tmp_path, redis_url):
    connection = redis.Redis.from_url(redis_url)
    connection.flushdb()
    runtime = Runtime.build(make_settings(tmp_path, redis_url=redis_url))
    dispatcher = jobs.Dispatcher(runtime)
    with runtime.session() as session:
        job_id = outbox.add(session, outbox.PROCESS, 4242).id
    dispatcher.send(job_id)
    name = f"gongkai-process-{job_id}-0"

    taken = _taken_by(connection, "batch-7-abc123-0")
    assert taken.id == name and taken.get_status() == JobStatus.STARTED
    assert _state(runtime, job_id) == outbox.SENT
    # Just taken, by a worker nobody knows is dead: it may yet begin.
    assert dispatcher.reconcile() == 0
    assert dispatcher.reconcile(dead_workers=frozenset({"batch-7-other-0"})) == 0

    # The batch saw that worker die: sent again at once, under the same name, queued
    # afresh and no longer in rq's registry of started jobs.
    assert dispatcher.reconcile(dead_workers=frozenset({"batch-7-abc123-0"})) == 1
    again = Job.fetch(name, connection=connection)
    assert again.get_status() == JobStatus.QUEUED and not again.worker_name
    assert name in Queue(jobs.PROCESS_QUEUE, connection=connection).job_ids
    assert name not in StartedJobRegistry(jobs.PROCESS_QUEUE, connection=connection)
    # Once: the dead worker no longer holds it.
    assert dispatcher.reconcile(dead_workers=frozenset({"batch-7-abc123-0"})) == 0
    assert Queue(jobs.PROCESS_QUEUE, connection=connection).job_ids.count(name) == 1

    # A server knows no dead workers: a job taken long ago that never began is lost.
    taken = _taken_by(connection, "host-1234")
    taken.started_at = (utcnow() - outbox.LOST_AFTER - timedelta(seconds=5)).replace(tzinfo=None)
    taken.save()
    with runtime.engine.begin() as c:
        c.execute(
            sa.update(JobRecord)
            .where(JobRecord.id == job_id)
            .values(updated_at=utcnow() - outbox.UNSTARTED_AFTER - timedelta(seconds=5))
        )
    assert dispatcher.reconcile() == 1
    assert Job.fetch(name, connection=connection).get_status() == JobStatus.QUEUED
    runtime.engine.dispose()
