"""The reviewer web page in a real browser (Debian's chromium driven by Playwright)
against a real server: sign-in with a password and lock-out, bulk accept with its
confirmation and undo, an added ID span with its category, the page view following J/K,
release with a last look, a refusal naming the 密级, a drafter's page. Screenshots at
1366×768 and 1920×1080 are kept in test-artifacts/.

The page forbids eval (CSP), so waits use locators, never string predicates."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from bench.web_bench import workday_document
from tests.docgen import REQUEST, SECRET, render_docx, render_pdf
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
SMALL = {"width": 1366, "height": 768}
LARGE = {"width": 1920, "height": 1080}
#: No province 99 and no ID label before it: the detector leaves it, the reviewer adds it.
ID_NUMBER = "990000199001011000"


@pytest.fixture(scope="module")
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


class Site:
    """One server for the module, with a user per role; each test uploads its own."""

    def __init__(self, tmp: Path):
        self.service = Service(tmp)
        self.service.serve()
        self.url = self.service.url
        self.http = httpx.Client(base_url=self.url, timeout=60)
        self.admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        self.tokens = {}
        for name in ("drafter", "reviewer", "publisher"):
            response = self.http.post(
                "/api/v1/users",
                headers=self.admin,
                json={
                    "username": name,
                    "role": name,
                    "office": "办公室",
                    "password": f"{name}-pw-1",
                },
            )
            response.raise_for_status()
            self.tokens[name] = {"Authorization": f"Bearer {response.json()['token']}"}

    def upload(self, name: str, data: bytes, propose: str | None = "主动公开") -> int:
        document = self.http.post(
            "/api/v1/documents", headers=self.tokens["drafter"], files={"file": (name, data)}
        ).json()
        assert document["state"] == "in_review", document
        if propose:
            self.http.post(
                f"/api/v1/documents/{document['id']}/proposal",
                headers=self.tokens["drafter"],
                json={"attribute": propose},
            ).raise_for_status()
        return document["id"]

    def findings(self, doc_id: int) -> list[dict]:
        return self.http.get(f"/api/v1/documents/{doc_id}/findings", headers=self.admin).json()

    def audit(self, doc_id: int) -> list[dict]:
        return self.http.get(f"/api/v1/documents/{doc_id}/audit", headers=self.admin).json()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("web"))
    yield site
    site.service.stop()


def sign_in(browser, site, username, viewport=SMALL):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.goto(f"{site.url}/ui/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"{username}-pw-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{site.url}/ui/")
    return page


def open_document(page, site, doc_id):
    page.goto(f"{site.url}/ui/documents/{doc_id}")
    page.locator("#finding-list li.current").wait_for()
    page.click("#text" if page.locator("#text").is_visible() else "#pageview")


def status(page, text: str) -> str:
    """The status line once it says ``text`` (or a failure showing what it said)."""
    try:
        page.locator("#status", has_text=text).wait_for(timeout=10_000)
    except Exception:
        raise AssertionError(f"status is {page.inner_text('#status')!r}; {page.errors}") from None
    return page.inner_text("#status")


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_sign_in_with_a_password_and_lock_out(browser, site):
    site.http.post(
        "/api/v1/users",
        headers=site.admin,
        json={"username": "clerk", "role": "drafter", "office": "办公室", "password": "clerk-pw-1"},
    ).raise_for_status()
    page = browser.new_context(viewport=SMALL, locale="zh-CN").new_page()
    page.goto(f"{site.url}/ui/login")
    for attempt in range(5):
        page.get_by_label("用户名").fill("clerk")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
        if attempt == 0:
            assert "用户名或密码不正确" in page.inner_text("main")
            assert page.get_by_label("用户名").input_value() == "clerk"  # kept
            shoot(page, "sign-in-failed-1366x768.png")
    assert "账户已锁定" in page.inner_text("[role=alert]")
    page.get_by_label("密码").fill("clerk-pw-1")  # the right one no longer gets in
    page.get_by_role("button", name="登录").click()
    assert "账户已锁定" in page.inner_text("[role=alert]") and "/ui/login" in page.url

    page = sign_in(browser, site, "reviewer")
    assert "reviewer（保密审查" in page.inner_text("header")
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/ui/login"))
    assert "已退出登录" in page.inner_text("main")
    page.goto(f"{site.url}/ui/")
    assert "/ui/login" in page.url  # the session is gone


def test_bulk_accept_with_its_confirmation_and_undo(browser, site):
    doc_id = site.upload("复函.pdf", render_pdf(workday_document()))
    findings = site.findings(doc_id)
    plan = [f for f in findings if f["suggested_action"] != "review"]
    page = sign_in(browser, site, "reviewer")
    # A day's queue: counts of findings and undecided ones per document.
    row = page.locator("tr", has=page.get_by_role("link", name="关于创业担保贷款贴息申请的复函"))
    assert [c.strip() for c in row.locator("td.num").all_inner_texts()] == [
        str(len(findings)),
        str(len(findings)),
    ]
    open_document(page, site, doc_id)
    assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight")  # fits
    assert page.locator("#finding-list").bounding_box()["y"] < 230  # the list is up top
    page.keyboard.press("s")
    dialog = page.locator("dialog[open]")
    assert f"按建议处理 {len(plan)} 处" in dialog.inner_text()
    assert dialog.locator(".plan li").count() == len(plan)  # each one listed
    shoot(page, "bulk-confirm-1366x768.png")
    page.keyboard.press("Enter")
    status(page, f"已按建议处理 {len(plan)} 处")
    decided = {f["id"]: f["decision"] for f in site.findings(doc_id)}
    assert decided == {f["id"]: f["suggested_action"] for f in plan} | {
        f["id"]: None for f in findings if f["suggested_action"] == "review"
    }
    kept = next(f for f in site.findings(doc_id) if f["decision"] == "keep")
    assert kept["decision_reason"]  # the policy's reason: nobody typed it
    assert page.locator(f"#item-{kept['id']}.keep").count() == 1
    page.keyboard.press("z")  # undo: back to undecided, as a new audited decision
    status(page, "已撤销")
    assert {f["decision"] for f in site.findings(doc_id)} == {None}
    assert page.inner_text("#undecided") == str(len(findings))
    actions = [e["action"] for e in site.audit(doc_id)]
    assert actions[-2:] == ["findings.accept_suggestions", "findings.undo"]
    # The mouse: a finding's own button.
    first = findings[0]
    page.locator(f"#item-{first['id']} [data-act=redact]").click()
    status(page, "已删除")
    assert site.findings(doc_id)[0]["decision"] == "redact"
    # A page loaded before someone else decided is told so, not obeyed.
    site.http.post(
        f"/api/v1/documents/{doc_id}/findings/{findings[1]['id']}/decision",
        headers=site.tokens["reviewer"],
        json={"decision": "redact"},
    ).raise_for_status()
    page.locator(f"#item-{findings[1]['id']} [data-act=keep]").click()
    page.keyboard.press("Enter")
    assert "在您打开页面后改动过" in status(page, "未完成")
    assert page.get_by_role("link", name="刷新页面").count() == 1
    assert page.errors == [] or all("409" in e for e in page.errors)


def test_an_added_id_number_gets_its_category_and_overlaps_are_refused(browser, site):
    text = (
        "关于核发就业补贴的公示\n根据有关规定，现将拟发放补贴人员公示如下：\n"
        f"申请人李春梅，备注：{ID_NUMBER}，联系电话：13977451234。\n"
        "贺州市人力资源和社会保障局\n2021年4月12日\n"
    )
    doc_id = site.upload("公示.txt", text.encode("utf-8"))
    assert not [f for f in site.findings(doc_id) if ID_NUMBER in f["text"]]  # missed
    page = sign_in(browser, site, "reviewer")
    open_document(page, site, doc_id)
    select(page, ID_NUMBER)
    page.keyboard.press("a")
    page.locator("dialog[open]").wait_for()
    assert page.locator("#category").input_value() == "id_card"  # guessed from its digits
    page.keyboard.press("Enter")
    status(page, "已添加并标为删除")
    mark = page.locator("#text mark", has_text=ID_NUMBER)  # at once, no reload
    assert mark.count() == 1 and "redact" in mark.get_attribute("class")
    item = page.locator("#finding-list li.current")
    assert "居民身份证号码" in item.inner_text() and ID_NUMBER in item.inner_text()
    added = next(f for f in site.findings(doc_id) if f["text"] == ID_NUMBER)
    assert added["category"] == "id_card" and added["decision"] == "redact"
    page.keyboard.press("p")
    assert "【已删除·居民身份证号码】" in page.inner_text("#text")
    page.keyboard.press("p")
    # Overlapping a finding: refused, naming it.
    phone = next(f for f in site.findings(doc_id) if f["text"] == "13977451234")
    select(page, "电话：1397745")
    page.keyboard.press("a")
    assert "重叠" in status(page, "未添加") and phone["text"] in page.inner_text("#status")
    assert len([f for f in site.findings(doc_id) if f["source"] == "reviewer"]) == 1


def select(page, text: str) -> None:
    page.evaluate(
        """(wanted) => {
            const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const at = n.textContent.indexOf(wanted.slice(0, 3));
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(n, at);
                let end = n, length = wanted.length - (n.textContent.length - at);
                while (length > 0) { end = walker.nextNode(); if (end.textContent.length >= length) break; length -= end.textContent.length; }
                if (length <= 0) range.setEnd(n, at + wanted.length); else range.setEnd(end, length);
                const selection = getSelection(); selection.removeAllRanges(); selection.addRange(range);
                return;
            }
            throw new Error('not found: ' + wanted);
        }""",
        text,
    )


def test_the_page_view_follows_j_and_k(browser, site):
    doc_id = site.upload("复函.pdf", render_pdf(workday_document()))
    findings = sorted(site.findings(doc_id), key=lambda f: (f["start"], f["id"]))
    page = sign_in(browser, site, "reviewer")
    open_document(page, site, doc_id)
    page.keyboard.press("v")
    page.locator("#pageview .box.current").wait_for()
    for step, finding in enumerate(findings[1:6], 1):
        page.keyboard.press("j")
        current = page.locator("#pageview .box.current").first
        current.wait_for()
        assert current.get_attribute("data-finding") == str(finding["id"]), step
        assert f"cat-{finding['category']}" in current.get_attribute("class")
        box = current.bounding_box()
        view = page.locator("#pageview").bounding_box()
        assert view["y"] <= box["y"] and box["y"] + box["height"] <= view["y"] + view["height"]
    page.keyboard.press("k")
    assert page.locator("#pageview .box.current").first.get_attribute("data-finding") == str(
        findings[4]["id"]
    )
    # Later pages too, loaded as they are reached; every page image is WebP.
    last = findings[-1]
    page.locator(f"#item-{last['id']} .jump").click()
    # A number wrapped over two lines has two boxes: the first is enough.
    page.locator(f'#pageview .box.current[data-finding="{last["id"]}"]').first.wait_for()
    images = page.locator("#pageview img[src]")
    assert images.count() >= 2 and all(
        "format=webp" in s for s in images.evaluate_all("i => i.map(x => x.src)")
    )
    page.keyboard.press("+")
    assert page.inner_text("#zoom-level") == "125%"
    shoot(page, "page-view-1366x768.png")


def test_release_with_a_last_look(browser, site):
    doc_id = site.upload("请示.docx", render_docx(REQUEST))
    reviewer = sign_in(browser, site, "reviewer")
    open_document(reviewer, site, doc_id)
    reviewer.keyboard.press("s")
    reviewer.keyboard.press("Enter")
    status(reviewer, "已按建议处理")
    while (left := reviewer.inner_text("#undecided")) != "0":  # those left for review
        reviewer.keyboard.press("Enter")
        status(reviewer, "已删除")
        expect(reviewer.locator("#undecided")).not_to_have_text(left)
    reviewer.keyboard.press("d")
    reviewer.keyboard.press("Enter")
    reviewer.locator("#doc-state", has_text="已通过").wait_for()
    assert reviewer.locator("[data-act=redact]").count() == 0  # controls off now

    publisher = sign_in(browser, site, "publisher")
    publisher.goto(f"{site.url}/ui/documents/{doc_id}")
    publisher.get_by_role("button", name="发布…（R）").click()
    dialog = publisher.locator("dialog[open]")
    removed = [f for f in site.findings(doc_id) if f["decision"] == "redact"]
    assert f"将删除 {len(removed)} 处后发布" in dialog.inner_text()
    preview = dialog.locator(".preview-text").inner_text()
    assert "【已删除·手机号码】" in preview and "13907745678" not in preview
    shoot(publisher, "release-preview-1366x768.png")
    publisher.get_by_role("button", name=re.compile("确认发布")).click()
    publisher.locator("#doc-state", has_text="已发布").wait_for()
    published = (site.service.data / "published" / str(doc_id) / f"{doc_id}-v1.docx").read_bytes()
    assert b"13907745678" not in published
    assert ("publisher", "publication.release") in {
        (e["actor"], e["action"]) for e in site.audit(doc_id)
    }


def test_a_secret_documents_refusal_names_its_marking(browser, site):
    doc_id = site.upload("通报.docx", render_docx(SECRET))
    publisher = sign_in(browser, site, "publisher")
    publisher.goto(f"{site.url}/ui/documents/{doc_id}")
    why = publisher.inner_text("#release-why")
    assert "密级“秘密★1年”" in why and "未决定" not in why
    assert publisher.get_by_role("button", name="发布…（R）").count() == 0
    reviewer = sign_in(browser, site, "reviewer")
    open_document(reviewer, site, doc_id)
    reviewer.keyboard.press("s")
    reviewer.keyboard.press("Enter")
    status(reviewer, "已按建议处理")
    reviewer.click("#attribute-panel summary")
    reviewer.select_option("#attribute", "主动公开")  # as the drafter proposed
    reviewer.click("#text")
    reviewer.keyboard.press("d")
    reviewer.keyboard.press("Enter")
    refusal = status(reviewer, "未完成")
    assert "密级“秘密★1年”" in refusal and "state" not in refusal and "finding" not in refusal


def test_a_drafters_page_has_drafter_controls_only(browser, site):
    doc_id = site.upload("请示.pdf", render_pdf(REQUEST), propose=None)
    page = sign_in(browser, site, "drafter")
    open_document(page, site, doc_id)
    assert page.locator("[data-act]").count() == 0
    assert page.get_by_role("button", name="全部按建议处理（S）").count() == 0
    assert page.get_by_role("button", name=re.compile("复审决定")).count() == 0
    before = site.findings(doc_id)
    page.keyboard.press("Enter")
    page.keyboard.press("x")
    assert page.locator("dialog[open]").count() == 0 and site.findings(doc_id) == before
    page.keyboard.press("d")  # the 初审, asked once
    page.keyboard.press("Enter")
    status(page, "已提出初审意见")
    document = site.http.get(f"/api/v1/documents/{doc_id}", headers=site.admin).json()
    assert document["proposed_attribute"] is not None


@pytest.mark.parametrize("viewport", [SMALL, LARGE], ids=["1366x768", "1920x1080"])
def test_screenshots(browser, site, viewport):
    doc_id = site.upload("复函.pdf", render_pdf(workday_document()))
    page = sign_in(browser, site, "reviewer", viewport)
    name = f"{viewport['width']}x{viewport['height']}"
    shoot(page, f"queue-{name}.png")
    open_document(page, site, doc_id)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight")
    shoot(page, f"document-{name}.png")
    page.keyboard.press("v")
    page.locator("#pageview .box.current").wait_for()
    page.locator("#pageview img[src]").first.wait_for()
    page.wait_for_load_state("networkidle")
    shoot(page, f"page-view-{name}.png")
    assert page.errors == []
