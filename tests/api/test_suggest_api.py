"""Which attribute, and why, for a description; the queue ordered by how unsure the
suggestion is; scikit-learn stays out of the API process while no model is installed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.api.conftest import sign_in
from tests.docgen import NOTICE, REQUEST, SECRET, render_docx

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "attribute", "ground", "article", "words"),
    [
        (
            "财务工作中涉及国家秘密的各类文件和财务凭证",
            "不予公开",
            "国家秘密",
            "第十四条",
            "国家秘密",
        ),
        ("某某镇2021年部门预算和三公经费支出情况", "主动公开", None, None, "预算"),
        ("某公司与街道办事处所签订的房屋征收补偿协议", "依申请公开", None, None, "所签订的"),
    ],
)
def test_which_attribute_and_why(clients, text, attribute, ground, article, words):
    response = clients.http.post("/api/v1/suggest", headers=clients.drafter, json={"text": text})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["attribute"], body["ground"], body["ground_article"]) == (
        attribute,
        ground,
        article,
    )
    supporting = [e for e in body["evidence"] if e["attribute"] == attribute]
    assert supporting and all(e["article"] for e in supporting)
    assert any(e["text"] == words and text[e["start"] : e["end"]] == words for e in supporting)
    assert 0 <= body["uncertainty"] <= 1
    assert abs(sum(body["probabilities"].values()) - 1) < 1e-3


def test_a_description_needs_a_user_and_words(clients):
    assert clients.http.post("/api/v1/suggest", json={"text": "会议纪要"}).status_code == 401
    for text in ("", "   ", "字" * 4001):
        response = clients.http.post(
            "/api/v1/suggest", headers=clients.reviewer, json={"text": text}
        )
        assert response.status_code == 422, text


def test_the_queue_puts_the_least_sure_suggestion_first(clients):
    ids = {}
    bare = "各位同事：\n下周一开会。\n".encode()
    for name, data in (
        ("secret.docx", render_docx(SECRET)),
        ("notice.docx", render_docx(NOTICE)),
        ("bare.txt", bare),
        ("request.docx", render_docx(REQUEST)),
    ):
        response = clients.upload(clients.drafter, name, data)
        assert response.status_code == 201, response.text
        ids[response.json()["id"]] = name.split(".")[0]
    listed = clients.http.get("/api/v1/documents?order=uncertainty", headers=clients.reviewer)
    assert listed.status_code == 200, listed.text
    order = [d["id"] for d in listed.json()["data"]]
    figures = []
    for doc_id in order:
        detail = clients.http.get(f"/api/v1/documents/{doc_id}", headers=clients.reviewer).json()
        figures.append(detail["suggestion"]["uncertainty"])
    assert figures == sorted(figures, reverse=True)
    assert ids[order[0]] == "bare"  # no evidence at all: the law's default, unsure
    newest = clients.http.get("/api/v1/documents", headers=clients.reviewer).json()["data"]
    assert [d["id"] for d in newest] == sorted(ids, reverse=True)
    bad = clients.http.get("/api/v1/documents?order=random", headers=clients.reviewer)
    assert bad.status_code == 422


def test_the_api_process_suggests_without_scikit_learn(tmp_path):
    # A process of its own: whether scikit-learn was imported is a property of it.
    script = textwrap.dedent(
        f"""
        import sys
        from fastapi.testclient import TestClient
        from api.main import create_app
        from tests.conftest import API_TOKEN, make_settings
        from pathlib import Path

        app = create_app(make_settings(Path({str(tmp_path)!r})))
        with TestClient(app) as http:
            r = http.post("/api/v1/suggest", json={{"text": "关于申请专项资金的请示"}},
                          headers={{"Authorization": "Bearer " + API_TOKEN}})
            assert r.status_code == 200 and r.json()["attribute"] == "不予公开", r.text
        print("sklearn" in sys.modules)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_the_document_page_shows_the_evidence_on_each_side(clients):
    response = clients.upload(clients.drafter, "request.docx", render_docx(REQUEST))
    doc_id = response.json()["id"]
    sign_in(clients, "reviewer")
    page = clients.http.get(f"/ui/documents/{doc_id}").text
    panel = page[page.index('id="attribute-panel"') : page.index('id="attribute-form"')]
    # The 请示 argues for 不予公开 (the suggestion); its 养老保险 matter and the
    # 主送机关 argue otherwise, and the reviewer sees them too.
    against = panel.index("支持“不予公开”的依据")
    assert "请示报告" in panel[against:] and "第十六条第二款" in panel[against:]
    assert "支持“主动公开”的依据" in panel
    assert "附注公开属性" in panel[against:]  # its own 此件不公开
    assert "不确定度" in panel and "来源 规则" in panel
    assert "rules" not in panel
