"""Where work runs: as rq jobs on Redis when ``GONGKAI_REDIS_URL`` is set, in-process
otherwise, so the embedded default needs no Redis.

The job functions take only ids: a worker loads everything else from the database,
and running a job twice does no harm (see ``processing`` and ``publish``).
"""

from __future__ import annotations

import logging

from workflow import processing, publish
from workflow.runtime import Runtime, worker_runtime

log = logging.getLogger(__name__)

PROCESS_QUEUE = "process"
PUBLISH_QUEUE = "publish"
QUEUES = (PROCESS_QUEUE, PUBLISH_QUEUE)
#: A long PDF takes seconds; a worker stuck for this long is killed and the job retried.
JOB_TIMEOUT = 30 * 60


def run_processing(version_id: int) -> str:
    return processing.process_version(worker_runtime(), version_id)


def run_publication(document_id: int) -> str:
    return publish.publish_document(worker_runtime(), document_id)


class Dispatcher:
    """Hands work to rq, or does it on the spot. Call it after the commit that made the
    work visible: a worker must find what it was sent."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.redis = None
        if runtime.settings.redis_url:
            from redis import Redis

            self.redis = Redis.from_url(runtime.settings.redis_url)

    @property
    def mode(self) -> str:
        return "rq" if self.redis is not None else "in-process"

    def process(self, version_id: int) -> None:
        if self.redis is None:
            processing.process_version(self.runtime, version_id)
            return
        self._enqueue(PROCESS_QUEUE, run_processing, version_id, f"process-{version_id}")

    def publish(self, document_id: int) -> None:
        if self.redis is None:
            publish.publish_document(self.runtime, document_id)
            return
        self._enqueue(PUBLISH_QUEUE, run_publication, document_id, f"publish-{document_id}")

    def _enqueue(self, queue_name: str, function, argument: int, job_id: str) -> None:
        from rq import Queue, Retry

        queue = Queue(queue_name, connection=self.redis)
        # A fixed job id per item: enqueuing the same work twice keeps one job.
        queue.enqueue(
            function,
            argument,
            job_id=job_id,
            retry=Retry(max=3),
            job_timeout=JOB_TIMEOUT,
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
        )
        log.info("job enqueued", extra={"queue": queue_name, "job_id": job_id})
