"""The reviewer web page in a real browser (Debian's chromium driven by Playwright)
against a real server: sign in, review a document by keyboard, add a missed span,
release refused then allowed. A screenshot of the document page is kept as an artifact."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from tests.docgen import REQUEST, render_docx, render_pdf
from tests.e2e.test_server import ADMIN_TOKEN, Service

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Chromium on a closed network: no background connections, no sandbox as root.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        from tests.conftest import IN_CI

        message = "Debian chromium is not installed (.ci/run installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def seeded(tmp_path):
    """A server with a drafter, a reviewer and a publisher, and a 请示 proposed for
    主动公开 waiting for the 复审."""
    service = Service(tmp_path)
    service.serve()
    client = httpx.Client(base_url=service.url, timeout=60)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    tokens = {}
    for name, role in (
        ("drafter", "drafter"),
        ("reviewer", "reviewer"),
        ("publisher", "publisher"),
    ):
        response = client.post(
            "/api/v1/users",
            headers=admin,
            json={"username": name, "role": role, "office": "办公室"},
        )
        tokens[name] = response.json()["token"]
    drafter = {"Authorization": f"Bearer {tokens['drafter']}"}
    document = client.post(
        "/api/v1/documents", headers=drafter, files={"file": ("请示.docx", render_docx(REQUEST))}
    ).json()
    assert document["state"] == "in_review"
    client.post(
        f"/api/v1/documents/{document['id']}/proposal",
        headers=drafter,
        json={"attribute": "主动公开"},
    ).raise_for_status()
    yield service, tokens, document["id"], client
    service.stop()


def sign_in(browser, url, username, token):
    page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
    page.goto(f"{url}/ui/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("令牌", exact=False).fill(token)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/ui/")
    return page


def test_review_by_keyboard_then_release(browser, seeded):
    service, tokens, doc_id, client = seeded

    # A wrong token does not get in.
    page = browser.new_page()
    page.goto(f"{service.url}/ui/login")
    page.get_by_label("用户名").fill("reviewer")
    page.get_by_label("令牌", exact=False).fill("wrong")
    page.get_by_role("button", name="登录").click()
    assert "用户名或令牌不正确" in page.inner_text("main")

    publisher = sign_in(browser, service.url, "publisher", tokens["publisher"])
    publisher.goto(f"{service.url}/ui/documents/{doc_id}")
    publisher.get_by_role("button", name="发布").click()
    publisher.wait_for_function("document.getElementById('status').textContent.includes('未完成')")
    assert "审查中" in publisher.inner_text("#doc-state")

    reviewer = sign_in(browser, service.url, "reviewer", tokens["reviewer"])
    assert "关于申请拨付2021年就业补助资金的请示" in reviewer.inner_text("main")
    reviewer.get_by_role("link", name="关于申请拨付2021年就业补助资金的请示").click()
    reviewer.wait_for_selector("mark.finding")
    findings = reviewer.evaluate("JSON.parse(document.getElementById('findings-data').textContent)")
    assert {f["text"] for f in findings} >= {"张晓燕", "13907745678"}

    # Deciding the attribute before every finding is decided is refused, and said.
    reviewer.get_by_role("button", name="复审决定").click()
    reviewer.wait_for_function("document.getElementById('status').textContent.includes('未完成')")

    reviewer.click("#text")
    for finding in findings:  # the page starts on the first undecided finding
        if finding["suggested_action"] == "keep":
            reviewer.keyboard.press("x")
            reviewer.wait_for_selector("dialog[open]")
            reviewer.keyboard.type("履职信息")
            reviewer.keyboard.press("Enter")
        else:
            reviewer.keyboard.press("Enter")
        reviewer.wait_for_function(
            f"document.getElementById('item-{finding['id']}').classList.contains('{'keep' if finding['suggested_action'] == 'keep' else 'redact'}')"
        )
    assert reviewer.inner_text("#undecided") == "0"

    # A missed span: select the amount in the body and press A.
    reviewer.evaluate(
        """() => {
            const block = [...document.querySelectorAll('.block')].find(b => b.textContent.includes('叁佰贰拾万元'));
            const node = [...block.childNodes].find(n => n.nodeType === 3 && n.textContent.includes('叁佰贰拾万元'));
            const at = node.textContent.indexOf('叁佰贰拾万元');
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + 6);
            const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
        }"""
    )
    reviewer.keyboard.press("a")
    reviewer.wait_for_selector("dialog[open]")
    reviewer.select_option("#category", "deny_list")
    reviewer.keyboard.press("Enter")
    reviewer.wait_for_function("document.getElementById('status').textContent.includes('已添加')")

    reviewer.keyboard.press("p")  # preview: confirmed spans shown as removal marks
    assert "【已删除·姓名】" in reviewer.inner_text("#text")
    ARTIFACTS.mkdir(exist_ok=True)
    reviewer.screenshot(path=str(ARTIFACTS / "document-page.png"))
    reviewer.keyboard.press("p")

    reviewer.get_by_role("button", name="复审决定").click()
    reviewer.wait_for_function(
        "document.getElementById('doc-state').textContent.includes('已通过')"
    )

    publisher.reload()
    publisher.get_by_role("button", name="发布").click()
    publisher.wait_for_function("document.getElementById('status').textContent.includes('已发布')")

    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    findings = client.get(f"/api/v1/documents/{doc_id}/findings", headers=admin).json()
    added = [f for f in findings if f["source"] == "reviewer"]
    assert [f["text"] for f in added] == ["叁佰贰拾万元"]
    audit = client.get(f"/api/v1/documents/{doc_id}/audit", headers=admin).json()
    actors = {(e["actor"], e["action"]) for e in audit}
    assert {
        ("reviewer", "findings.decide"),
        ("reviewer", "finding.add"),
        ("reviewer", "attribute.decide"),
        ("publisher", "publication.release"),
    } <= actors
    published = (service.data / "published" / str(doc_id) / f"{doc_id}-v1.docx").read_bytes()
    assert b"13907745678" not in published
    shutil.copy(ARTIFACTS / "document-page.png", service.logs / "document-page.png")


def test_pdf_page_view_draws_the_findings(browser, seeded):
    service, tokens, _doc_id, client = seeded
    drafter = {"Authorization": f"Bearer {tokens['drafter']}"}
    document = client.post(
        "/api/v1/documents", headers=drafter, files={"file": ("请示.pdf", render_pdf(REQUEST))}
    ).json()
    reviewer = sign_in(browser, service.url, "reviewer", tokens["reviewer"])
    reviewer.goto(f"{service.url}/ui/documents/{document['id']}")
    reviewer.get_by_role("button", name="页面视图").click()
    reviewer.wait_for_selector(".box")
    reviewer.wait_for_function("document.getElementById('page-image').naturalWidth > 0")
    findings = client.get(f"/api/v1/documents/{document['id']}/findings", headers=drafter).json()
    assert findings and reviewer.locator(".box").count() >= len(findings)  # a wrapped one has two
    reviewer.get_by_role("button", name="13907745678", exact=False).first.click()
    assert "13907745678" in reviewer.inner_text("#status")
