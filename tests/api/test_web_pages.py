"""The reviewer web page's HTML as each role gets it: the controls follow the role and
the document's state, refusals read in Chinese, the queues list what they should."""

from __future__ import annotations

import re

from tests.api.conftest import sign_in
from tests.docgen import NOTICE, REQUEST, SECRET, render_docx, render_pdf


def upload(clients, spec, name, headers=None):
    response = clients.upload(headers or clients.drafter, name, render_docx(spec))
    assert response.status_code == 201, response.text
    return response.json()


def decide_and_clear(clients, doc_id):
    http = clients.http
    http.post(
        f"/api/v1/documents/{doc_id}/proposal",
        headers=clients.drafter,
        json={"attribute": "主动公开"},
    ).raise_for_status()
    http.post(
        f"/api/v1/documents/{doc_id}/findings/accept-suggestions", headers=clients.reviewer, json={}
    ).raise_for_status()
    for f in http.get(f"/api/v1/documents/{doc_id}/findings", headers=clients.reviewer).json():
        if f["decision"] is None:
            http.post(
                f"/api/v1/documents/{doc_id}/findings/{f['id']}/decision",
                headers=clients.reviewer,
                json={"decision": "redact", "revision": f["revision"], "version": 1},
            ).raise_for_status()
    cleared = http.post(
        f"/api/v1/documents/{doc_id}/decision",
        headers=clients.reviewer,
        json={"attribute": "主动公开", "version": 1},
    )
    assert cleared.json()["state"] == "cleared", cleared.text


def test_the_queue_counts_searches_and_lists_titles(clients):
    request = upload(clients, REQUEST, "a.docx")
    notice = upload(clients, NOTICE, "b.docx")
    sign_in(clients, "reviewer")
    page = clients.http.get("/ui/").text
    row = re.search(rf"<tr[^>]*>\s*<td>{request['id']}</td>.*?</tr>", page, re.S).group(0)
    findings = clients.http.get(
        f"/api/v1/documents/{request['id']}/findings", headers=clients.reviewer
    ).json()
    cells = re.findall(r'<td class="num">(?:<strong>)?(\d+)', row)
    assert cells == [str(len(findings)), str(len(findings))]  # found, undecided
    assert "关于申请拨付2021年就业补助资金的请示" in row and "Word" in row
    # Search by 发文字号 finds the one document, not the other.
    found = clients.http.get("/ui/", params={"q": "贺人社报〔2021〕8号"}).text
    assert f"/ui/documents/{request['id']}" in found
    assert f"/ui/documents/{notice['id']}" not in found
    assert "共 1 件" in found
    assert "共 0 件" in clients.http.get("/ui/", params={"q": "%"}).text  # not a wildcard


def test_a_drafter_gets_drafter_controls_only(clients):
    doc = upload(clients, REQUEST, "a.docx")
    sign_in(clients, "drafter")
    page = clients.http.get(f"/ui/documents/{doc['id']}").text
    assert "提出初审意见" in page
    assert "复审决定" not in page and 'data-act="redact"' not in page
    assert "全部按建议处理" not in page and 'data-can-review="0"' in page
    assert "<kbd>X</kbd>" not in page  # no review keys it may not use
    # Another office's document: a Chinese page, not raw JSON.
    other = upload(clients, NOTICE, "b.docx", headers=clients.other_drafter)
    refused = clients.http.get(f"/ui/documents/{other['id']}")
    assert refused.status_code == 404 and "找不到该文件" in refused.text
    assert "no document" not in refused.text


def test_controls_follow_the_state_and_the_release_is_offered_only_when_allowed(clients):
    doc = upload(clients, REQUEST, "a.docx")
    sign_in(clients, "publisher")
    page = clients.http.get(f"/ui/documents/{doc['id']}").text
    assert 'id="release"' not in page
    assert "不能发布：还在审查中" in page and "处发现未决定" in page
    decide_and_clear(clients, doc["id"])
    page = clients.http.get(f"/ui/documents/{doc['id']}").text
    assert 'id="release"' in page and 'data-can-release="1"' in page
    sign_in(clients, "reviewer")
    page = clients.http.get(f"/ui/documents/{doc['id']}").text
    assert 'data-act="redact"' not in page and "审查决定不能再改动" in page
    assert "撤销复审决定" in page
    # The reviewer's own reasons, the decided ground and the history are on the page.
    assert "审查意见：保留" in page and "签发人" in page
    history = re.search(r'<ol class="history">(.*?)</ol>', page, re.S).group(1)
    assert "复审决定" in history and "按建议处理" in history and "初审意见" in history
    # The publication queue lists what is cleared or queued, nothing in review.
    waiting = upload(clients, NOTICE, "b.docx")
    queue = clients.http.get("/ui/publication").text
    assert f"/ui/documents/{doc['id']}" in queue
    assert f"/ui/documents/{waiting['id']}" not in queue


def test_a_secret_documents_refusal_names_its_marking(clients):
    doc = upload(clients, SECRET, "通报.docx")
    sign_in(clients, "publisher")
    page = clients.http.get(f"/ui/documents/{doc['id']}").text
    why = re.search(r'<p id="release-why"[^>]*>(.*?)</p>', page).group(1)
    assert why.startswith("不能发布：文件") and "密级“秘密★1年”" in why and "未决定" not in why


def test_the_pdf_page_view_image_is_light(clients):
    doc = clients.upload(clients.drafter, "请示.pdf", render_pdf(REQUEST)).json()
    url = f"/api/v1/documents/{doc['id']}/pages/1/image"
    webp = clients.http.get(
        url, params={"format": "webp", "width": 900, "v": "x"}, headers=clients.reviewer
    )
    png = clients.http.get(url, headers=clients.reviewer)
    assert webp.headers["content-type"] == "image/webp" and webp.content[8:12] == b"WEBP"
    assert len(webp.content) < 150_000 < len(png.content) or len(webp.content) * 3 < len(
        png.content
    )
    assert "max-age=28800" in webp.headers["cache-control"]


def test_a_failed_document_says_why_in_chinese(clients):
    broken = clients.upload(clients.drafter, "坏.pdf", b"%PDF-1.7\n" + b"\x00" * 400).json()
    assert broken["state"] == "failed", broken
    sign_in(clients, "reviewer")
    page = clients.http.get(f"/ui/documents/{broken['id']}").text
    why = re.search(r'<p class="locked error" role="alert">(.*?)</p>', page).group(1)
    assert why.startswith("处理失败：文件已损坏") and broken["error_code"] in why
