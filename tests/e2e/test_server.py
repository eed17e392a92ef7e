"""End to end through HTTP on a real server process: upload a DOCX and a PDF, process,
review, clear, publish, check the published files for leaks, revoke.

Once with the embedded default (SQLite, jobs in the server) and once as production runs
it (PostgreSQL, Redis and a separate ``gongkai worker`` process).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from core.datamodel import MediaType
from redact.verify import extract_all, squash
from tests.conftest import _empty_database, make_settings
from tests.docgen import REQUEST, render_docx, render_pdf

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
ADMIN_TOKEN = "e2e-admin-token-not-a-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """A ``gongkai serve`` process (and workers) with their own data directory."""

    def __init__(self, tmp_path: Path, database_url: str = "", redis_url: str = ""):
        self.data = tmp_path / "data"
        self.env = {
            **os.environ,
            "GONGKAI_ENVIRONMENT": "test",
            "GONGKAI_DATA_DIR": str(self.data),
            "GONGKAI_DATABASE_URL": database_url,
            "GONGKAI_REDIS_URL": redis_url,
            "GONGKAI_API_TOKEN": ADMIN_TOKEN,
            "GONGKAI_LOG_FORMAT": "json",
        }
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logs = tmp_path / "logs"
        self.logs.mkdir()
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str, name: str) -> subprocess.Popen:
        out = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [GONGKAI, *args], env=self.env, stdout=out, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def serve(self) -> None:
        self.start("serve", "--port", str(self.port), name="server")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not come up:\n" + self.log("server"))

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(params=["sqlite", "postgres+redis"])
def service(request, tmp_path):
    if request.param == "sqlite":
        service = Service(tmp_path)
    else:
        import redis

        database_url = request.getfixturevalue("postgres_url")
        redis_url = request.getfixturevalue("redis_url")
        _empty_database(make_settings(tmp_path, database_url=database_url))
        redis.Redis.from_url(redis_url).flushdb()
        service = Service(tmp_path, database_url, redis_url)
    service.serve()
    if request.param != "sqlite":
        service.start("worker", name="worker")
    yield service
    service.stop()


def _wait_for(client, path, headers, state, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document = client.get(path, headers=headers).json()
        if document["state"] == state:
            return document
        assert document["state"] not in ("failed",), document
        time.sleep(0.3)
    raise AssertionError(f"{path} did not reach {state}: {document['state']}")


def test_upload_review_publish_revoke(service):
    client = httpx.Client(base_url=service.url, timeout=60)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    tokens = {}
    for name, role, office in (
        ("drafter", "drafter", "办公室"),
        ("reviewer", "reviewer", "保密办"),
        ("publisher", "publisher", "保密办"),
    ):
        response = client.post(
            "/api/v1/users", headers=admin, json={"username": name, "role": role, "office": office}
        )
        assert response.status_code == 201, response.text
        tokens[name] = {"Authorization": f"Bearer {response.json()['token']}"}

    published = {}
    for name, data in (("请示.docx", render_docx(REQUEST)), ("请示.pdf", render_pdf(REQUEST))):
        response = client.post(
            "/api/v1/documents", headers=tokens["drafter"], files={"file": (name, data)}
        )
        assert response.status_code == 201, response.text
        path = f"/api/v1/documents/{response.json()['id']}"
        document = _wait_for(client, path, tokens["reviewer"], "in_review")
        assert document["suggestion"]["attribute"]
        client.post(
            f"{path}/proposal", headers=tokens["drafter"], json={"attribute": "主动公开"}
        ).raise_for_status()
        decisions = [
            {"finding_id": f["id"], "decision": "keep", "reason": "履职信息"}
            if f["suggested_action"] == "keep"
            else {"finding_id": f["id"], "decision": "redact"}
            for f in document["findings"]
        ]
        client.post(
            f"{path}/findings/decisions", headers=tokens["reviewer"], json={"decisions": decisions}
        ).raise_for_status()
        decided = client.post(
            f"{path}/decision", headers=tokens["reviewer"], json={"attribute": "主动公开"}
        )
        assert decided.json().get("state") == "cleared", decided.text
        released = client.post(f"{path}/release", headers=tokens["publisher"])
        assert released.status_code == 202, released.text
        _wait_for(client, path, tokens["publisher"], "published")
        removed = [
            squash(f["text"]) for f in document["findings"] if f["suggested_action"] != "keep"
        ]
        published[path] = (document["media_type"], removed)

    target = service.data / "published"
    index = json.loads((target / "index.json").read_text(encoding="utf-8"))
    assert len(index["items"]) == 2
    for item in index["items"]:
        path = f"/api/v1/documents/{item['id']}"
        media_type, removed = published[path]
        texts, _ = extract_all(MediaType(media_type), (target / item["file"]).read_bytes())
        assert removed and texts
        for tool, text in texts.items():
            assert not [value for value in removed if value in squash(text)], (item["file"], tool)
        assert "就业补助资金" in next(iter(texts.values()))

    first = index["items"][0]["id"]
    revoked = client.post(
        f"/api/v1/documents/{first}/revoke",
        headers=tokens["publisher"],
        json={"kind": "失效", "effective": "2026-12-31"},
    )
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    audit = client.get(f"/api/v1/documents/{first}/audit", headers=tokens["reviewer"]).json()
    assert audit[-1]["action"] == "publication.revoke" and audit[-1]["actor"] == "publisher"

    check = subprocess.run(
        [GONGKAI, "audit", "verify"], env=service.env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "intact" in check.stdout
