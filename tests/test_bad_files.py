"""The bad-file corpus (``tests/badcorpus.py``) through every door: ``inspect``'s parser,
the API on both databases, and a batch. Every file ends typed — refused with a problem
and its code, failed with its reason, or processed — and nothing is a 5xx, a crash, a
document stuck in ``processing`` or a file left in ``incoming/``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.errors import GongkaiError
from ingest import extract_bytes
from tests.badcorpus import corpus
from tests.conftest import API_TOKEN, make_settings

CORPUS = list(corpus())
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def test_the_corpus_has_fifty_kinds():
    assert len({kind for kind, _, _ in CORPUS}) >= 50


@pytest.mark.parametrize(("kind", "name", "data"), CORPUS, ids=[k for k, _, _ in CORPUS])
def test_the_parser_answers_every_bad_file_with_a_type(kind, name, data):
    try:
        document = extract_bytes(data, filename=name)
    except GongkaiError as exc:
        assert exc.code and exc.code != "error" and exc.message
    else:
        assert document.text is not None


@pytest.fixture(params=["sqlite", "postgres"])
def service(request, tmp_path):
    url = ""
    if request.param == "postgres":
        from tests.conftest import _empty_database

        url = request.getfixturevalue("postgres_url")
        _empty_database(make_settings(tmp_path, database_url=url))
    # A tight budget, so the hostile ones fail in seconds rather than minutes.
    settings = make_settings(tmp_path, database_url=url, processing_seconds=15)
    with TestClient(create_app(settings)) as client:
        yield client, settings


def test_the_api_answers_every_bad_file_without_a_5xx(service):
    client, settings = service
    outcomes = {}
    for kind, name, data in CORPUS:
        response = client.post("/api/v1/documents", headers=AUTH, files={"file": (name, data)})
        assert response.status_code < 500, (kind, response.text)
        if response.status_code >= 400:
            assert response.headers["content-type"] == "application/problem+json", kind
            outcomes[kind] = response.json()["code"]
            continue
        document = response.json()
        assert document["state"] in ("in_review", "failed"), (kind, document["state"])
        if document["state"] == "failed":
            assert document["error_code"] and document["error_message"], kind
        outcomes[kind] = (
            document["state"] if document["state"] != "failed" else document["error_code"]
        )
        # What users typed in the name never reaches a path or the page unescaped.
        assert "/" not in (document["filename"] or "") and "\u202e" not in (
            document["filename"] or ""
        )
    assert client.get("/health").status_code == 200
    listed = client.get("/api/v1/documents?limit=500", headers=AUTH).json()["data"]
    assert not [d for d in listed if d["state"] == "processing"]
    assert not list((settings.files_dir / "incoming").glob(".upload-*"))
    # The ones that must never be processed as documents are refused or failed, typed.
    for kind in ("empty", "Windows executable", "macro-enabled DOCX", "zip bomb named .docx"):
        assert outcomes[kind] not in ("in_review",), (kind, outcomes[kind])
    assert outcomes["one line of 1.5 MB"] in ("in_review", "resource_limit")


def test_a_batch_over_the_corpus_processes_every_file_once(tmp_path):
    root = tmp_path / "catalogue"
    root.mkdir()
    for number, (_kind, name, data) in enumerate(CORPUS):
        safe = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", name)[-60:]
        (root / f"{number:02d}-{safe}").write_bytes(data)
    env = {
        "PATH": "/usr/bin:/bin",
        "GONGKAI_DATA_DIR": str(tmp_path / "data"),
        "GONGKAI_ENVIRONMENT": "test",
        "GONGKAI_API_TOKEN": API_TOKEN,
        "GONGKAI_PROCESSING_SECONDS": "15",
    }
    run = subprocess.run([GONGKAI, "batch", str(root)], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    status = subprocess.run(
        [GONGKAI, "batch", "status", "1"], env=env, capture_output=True, text=True
    )
    # Every file (a zip's members too) is accounted for, each settled: none left waiting.
    done, files = map(int, re.search(r"(\d+)/(\d+) files", status.stdout).groups())
    assert done == files >= len(CORPUS) and "(done)" in status.stdout, status.stdout
