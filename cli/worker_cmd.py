"""``gongkai worker``: run an rq worker for processing and publication jobs.

Start as many as there are cores, on as many machines as share the Redis and the
database. Without ``GONGKAI_REDIS_URL`` there is nothing to work on: jobs then run
inside the server.
"""

from __future__ import annotations

import os
import sys

from core.config import Settings
from workflow.jobs import QUEUES


def register(sub) -> None:
    parser = sub.add_parser("worker", help="run an rq worker (needs GONGKAI_REDIS_URL)")
    parser.add_argument(
        "--queues", nargs="+", default=list(QUEUES), help=f"default: {' '.join(QUEUES)}"
    )
    parser.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    parser.add_argument("--name", help="worker name (default: host and pid)")
    parser.set_defaults(run=run)


def run(args, settings: Settings) -> int:
    if not settings.redis_url:
        print("gongkai: error [no_redis]: set GONGKAI_REDIS_URL to run workers", file=sys.stderr)
        return 2
    from redis import Redis
    from rq import Queue, SimpleWorker
    from threadpoolctl import threadpool_limits

    from core.config import get_settings
    from workflow import sandbox
    from workflow.processing import warm_up
    from workflow.runtime import worker_runtime

    # One worker per core: a second BLAS thread would only compete with the next worker.
    threadpool_limits(settings.worker_threads)
    # A worker only processes: it bounds itself (address space now, time per document in
    # each job) instead of forking a sandboxed child per document (workflow.sandbox).
    os.environ["GONGKAI_SANDBOX"] = "false"
    get_settings.cache_clear()
    settings = get_settings()
    sandbox.limit_worker(settings)
    # Migrate, connect, load and warm the NER before the first job, once for the process.
    worker_runtime()
    warm_up(settings)
    connection = Redis.from_url(settings.redis_url)
    queues = [Queue(name, connection=connection) for name in args.queues]
    # Jobs run in this process rather than a fork per job (rq's default), so the model
    # loaded above serves every job; a job's failure is caught and recorded, and a
    # killed worker's job is retried by rq.
    worker = SimpleWorker(queues, connection=connection, name=args.name)
    # No scheduler process: retries are immediate (see workflow.jobs), and a worker
    # stays one process, which a supervisor can stop or kill whole.
    worker.work(burst=args.burst, with_scheduler=False)
    return 0
