"""A bad day, with real processes: a worker killed mid-job, Redis stopped, the embedded
server killed mid-processing, four releases and six identical uploads at once. After
each, nothing is stuck, nothing is doubled, and the audit trail verifies.

The Redis here is a ``redis-server`` of the test's own (so it can be stopped), on a port
of its own; PostgreSQL is the machine's, in the test session's schema.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests.conftest import _empty_database, make_settings
from tests.e2e.test_server import ADMIN_TOKEN, GONGKAI, Service, _free_port, _wait_for

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
#: A long document: its processing takes seconds, long enough to kill what runs it.
SLOW = (
    "关于开展就业补助资金专项检查的通知\n各县（区）人力资源和社会保障局：\n"
    + "当事人陈建华反映，其在贺州市八步区建设中路18号3栋201室居住期间，联系电话13907745678。" * 3000
).encode()


class OwnRedis:
    """A redis-server this test may stop and start again (keeping nothing on disk)."""

    def __init__(self, tmp: Path):
        self.port, self.dir = _free_port(), tmp / "redis"
        self.dir.mkdir()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (this machine kind has it)")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def production(tmp_path, postgres_url, own_redis):
    """A server on PostgreSQL and the test's Redis, with no worker yet."""
    _empty_database(make_settings(tmp_path, database_url=postgres_url))
    service = Service(tmp_path, postgres_url, own_redis.url)
    service.serve()
    yield (
        service,
        own_redis,
        sa.create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)),
    )
    service.stop()


def upload(client, data: bytes, name: str = "通知.txt") -> httpx.Response:
    return client.post("/api/v1/documents", headers=ADMIN, files={"file": (name, data)})


def audit_verifies(service: Service) -> None:
    verify = subprocess.run([GONGKAI, "audit", "verify"], env=service.env, capture_output=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def scalar(engine, sql: str):
    with engine.connect() as connection:
        return connection.execute(sa.text(sql)).scalar()


def test_a_worker_killed_mid_job_loses_nothing(production):
    service, _redis, engine = production
    client = httpx.Client(base_url=service.url, timeout=60)
    doc = upload(client, SLOW).json()["id"]
    worker = service.start("worker", name="worker-1")
    deadline = time.monotonic() + 60
    while scalar(engine, "SELECT count(*) FROM jobs WHERE state = 'running'") == 0:
        assert time.monotonic() < deadline, service.log("worker-1")
        time.sleep(0.1)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    killed_at = time.monotonic()
    service.start("worker", name="worker-2")
    _wait_for(client, f"/api/v1/documents/{doc}", ADMIN, "in_review", seconds=90)
    assert time.monotonic() - killed_at < 75  # a stale heartbeat, not rq's 31 minutes
    processed = scalar(
        engine, "SELECT count(*) FROM audit_trail WHERE action = 'document.processed'"
    )
    assert processed == 1
    audit_verifies(service)


def test_redis_down_refuses_uploads_and_a_lost_queue_is_sent_again(production, tmp_path):
    service, redis_server, engine = production
    client = httpx.Client(base_url=service.url, timeout=60)
    redis_server.stop()
    refused = upload(
        client,
        b"\xe5\x85\xb3\xe4\xba\x8e\xe6\x9f\x90\xe4\xba\x8b\xe7\x9a\x84\xe9\x80\x9a\xe7\x9f\xa5\n",
    )
    assert refused.status_code == 503 and refused.json()["code"] == "service_unavailable"
    assert scalar(engine, "SELECT count(*) FROM documents") == 0  # nothing half-made
    assert not list((service.data / "files" / "incoming").glob(".upload-*"))
    redis_server.start()
    # Accepted and sent, but the queue then loses it (Redis restarted without its data)
    # before any worker took it: the reconciler finds it missing and sends it again.
    doc = upload(client, "关于某事的通知\n各单位：\n正文。\n".encode()).json()["id"]
    redis_server.stop()
    redis_server.start()
    service.start("worker", name="worker")
    _wait_for(client, f"/api/v1/documents/{doc}", ADMIN, "in_review", seconds=120)
    audit_verifies(service)


def test_the_embedded_server_resumes_what_it_was_processing(tmp_path):
    service = Service(tmp_path)
    service.serve()
    client = httpx.Client(base_url=service.url, timeout=120)
    answers: list = []
    sending = threading.Thread(target=lambda: answers.append(_try_upload(client)))
    sending.start()
    engine = sa.create_engine(f"sqlite:///{service.data / 'gongkai.sqlite3'}")
    deadline = time.monotonic() + 60
    while not scalar_or_zero(engine, "SELECT count(*) FROM jobs WHERE state = 'running'"):
        assert time.monotonic() < deadline, service.log("server")
        time.sleep(0.1)
    service.processes[0].send_signal(signal.SIGKILL)  # mid-processing
    sending.join(60)
    assert scalar(engine, "SELECT state FROM documents") == "processing"
    service.processes.clear()
    service.serve()  # the same data: it resumes at start
    _wait_for(client, "/api/v1/documents/1", ADMIN, "in_review", seconds=120)
    service.stop()
    audit_verifies(service)


def _try_upload(client):
    try:
        return upload(client, SLOW).status_code
    except httpx.HTTPError as exc:  # the server died under it: expected
        return type(exc).__name__


def scalar_or_zero(engine, sql):
    try:
        return scalar(engine, sql)
    except sa.exc.OperationalError:  # the tables are not there yet
        return 0


@pytest.fixture(params=["sqlite", "postgres+redis"])
def concurrent(request, tmp_path):
    """The embedded server on SQLite, or the production pair with one worker."""
    if request.param == "sqlite":
        service = Service(tmp_path)
        service.serve()
        yield service, sa.create_engine(f"sqlite:///{service.data / 'gongkai.sqlite3'}")
        service.stop()
        return
    service, _redis, engine = request.getfixturevalue("production")
    service.start("worker", name="worker")
    yield service, engine


def test_four_releases_at_once_publish_once_and_six_identical_uploads_are_one(concurrent):
    service, engine = concurrent
    client = httpx.Client(base_url=service.url, timeout=60)
    data = "关于某事的通知\n各单位：\n正文。\n某某局\n2021年5月6日\n".encode()
    codes: list = []
    barrier = threading.Barrier(6)

    def send():
        barrier.wait()
        codes.append(upload(client, data))

    threads = [threading.Thread(target=send) for _ in range(6)]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    ids = {r.json()["id"] for r in codes}
    assert len(ids) == 1 and scalar(engine, "SELECT count(*) FROM documents") == 1
    (doc,) = ids
    base = f"/api/v1/documents/{doc}"
    _wait_for(client, base, ADMIN, "in_review")
    client.post(
        f"{base}/proposal", headers=ADMIN, json={"attribute": "主动公开"}
    ).raise_for_status()
    reviewer = client.post(
        "/api/v1/users",
        headers=ADMIN,
        json={"username": "r", "role": "reviewer", "office": "办公室"},
    ).json()["token"]
    client.post(
        f"{base}/decision",
        headers={"Authorization": f"Bearer {reviewer}"},
        json={"attribute": "主动公开"},
    ).raise_for_status()
    releases: list = []
    barrier = threading.Barrier(4)

    def release():
        barrier.wait()
        releases.append(client.post(f"{base}/release", headers=ADMIN))

    threads = [threading.Thread(target=release) for _ in range(4)]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    assert {r.status_code for r in releases} == {202}
    assert len({r.json()["id"] for r in releases}) == 1
    _wait_for(client, base, ADMIN, "published")
    assert scalar(engine, "SELECT count(*) FROM publications") == 1
    index = (service.data / "published" / "index.json").read_text(encoding="utf-8")
    assert index.count('"file"') == 1
    audit_verifies(service)
