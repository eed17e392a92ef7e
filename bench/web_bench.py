"""The reviewer page in a real browser (Debian's chromium): what a full review costs at
the keyboard, and what each page weighs and how long it takes to load.

Run: ``make bench-web`` (or ``python bench/web_bench.py``). It starts its own server
(the embedded default: SQLite, jobs in the server) with a 3-page PDF and the same
document as DOCX, about a dozen findings each, whose suggestions are all right, and:

- reviews the PDF with "accept every suggestion" and the 复审 by key, counting key
  presses and typed characters (target: at most 15 presses, 0 characters);
- reviews the DOCX one finding at a time (Enter to remove, X + Enter to keep with the
  reason the page fills in), for comparison;
- loads each page cold (new browser context) and warm (reload), recording the bytes
  received and the load time (targets: 100 KB and 300 ms a page; 150 KB a page image).

Record the printed table in docs/benchmarks.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PARAGRAPH = (
    "为贯彻落实好政务公开工作，我局高度重视，迅速成立工作领导小组，对照职责，制定工作要点"
    "分工表，切实抓好人力资源和社会保障领域政务公开工作，有效打通联系服务群众“最后一公里”问题。"
)


def workday_document():
    """A 复函 to an applicant over three A4 pages: her name, ID, phone, address and bank
    account (all to go), the signer and the leading group (official capacity, kept),
    the bureau's enquiry line and a place name (kept). All people are invented."""
    from tests.docgen import DocSpec, Line

    def body(mark: str, times: int) -> list:
        return [Line("body", f"{mark}、{PARAGRAPH}")] * times

    lines = [
        Line("mark", "贺州市人力资源和社会保障局"),
        Line("number", "贺人社函〔2021〕15号　　　　签发人：王建国"),
        Line("title", "关于创业担保贷款贴息申请的复函"),
        Line("addressee", "李春梅："),
        Line("body", "你于2021年3月8日提交的创业担保贷款贴息申请收悉。经审核，现函复如下。"),
        *body("一", 3),
        Line(
            "body",
            "申请人李春梅，身份证号码450102198807153426，联系电话13977451234，"
            "住址贺州市八步区城东路18号3栋201室。",
        ),
        *body("二", 4),
        Line("body", "经办银行账号6222021234567890128，开户人李春梅。"),
        *body("三", 4),
        Line("body", "领导小组组长：王建国；副组长：陈立新。"),
        Line("body", "如有疑问，请与我局就业促进科联系，咨询电话：0774-5128888。"),
        Line("signature", "贺州市人力资源和社会保障局"),
        Line("date", "2021年4月12日"),
        Line("note", "（此件公开发布）"),
    ]
    return DocSpec(name="workday", lines=tuple(lines))


class Keys:
    """The keyboard, counted: every press and every typed character."""

    def __init__(self, page):
        self.page, self.presses, self.typed = page, 0, 0

    def press(self, key: str) -> None:
        self.presses += 1
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.typed += len(text)
        self.page.keyboard.type(text)


def seed(service, client):
    from tests.docgen import render_docx, render_pdf
    from tests.e2e.test_server import ADMIN_TOKEN

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
            json={"username": name, "role": role, "office": "办公室", "password": f"{name}-pw-1"},
        )
        response.raise_for_status()
        tokens[name] = {"Authorization": f"Bearer {response.json()['token']}"}
    spec = workday_document()
    ids = {}
    for kind, data in (("pdf", render_pdf(spec)), ("docx", render_docx(spec))):
        document = client.post(
            "/api/v1/documents", headers=tokens["drafter"], files={"file": (f"复函.{kind}", data)}
        ).json()
        client.post(
            f"/api/v1/documents/{document['id']}/proposal",
            headers=tokens["drafter"],
            json={"attribute": "主动公开"},
        ).raise_for_status()
        ids[kind] = document["id"]
    return tokens, ids


def sign_in(browser, url, username, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{url}/ui/login")
    page.fill("#username", username)
    page.fill("#password", f"{username}-pw-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/ui/")
    return context, page


def measure_load(page, url: str) -> dict:
    """Bytes received (as the browser counts them: headers and bodies, nothing for what
    its cache served) and load time of one view of ``url`` in a tab already open on the
    site, so the tab's own start-up is not counted."""
    page.goto(url, wait_until="load")
    return page.evaluate(
        """() => {
            const n = performance.getEntriesByType('navigation')[0];
            const r = performance.getEntriesByType('resource');
            return {
                bytes: n.transferSize + r.reduce((sum, e) => sum + e.transferSize, 0),
                requests: 1 + r.length,
                from_cache: r.filter(e => e.transferSize === 0).length,
                load_ms: Math.round(n.loadEventEnd - n.startTime),
                dom_ms: Math.round(n.domContentLoadedEventEnd - n.startTime),
            };
        }"""
    )


def cold_and_warm(browser, cookies, viewport, url: str, base: str) -> dict:
    """Views with an empty cache and views after the first, the median of three each
    (the machine is shared: one view alone says little)."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(base + "/health")
    cdp = page.context.new_cdp_session(page)

    def cold_view():
        cdp.send("Network.clearBrowserCache")
        return measure_load(page, url)

    cold = sorted((cold_view() for _ in range(3)), key=lambda m: m["load_ms"])[1]
    warm = sorted((measure_load(page, url) for _ in range(3)), key=lambda m: m["load_ms"])[1]
    context.close()
    return {"cold": cold, "warm": warm}


def wait_until(condition, seconds: float = 10) -> None:
    """Polled from here: the page's CSP (rightly) forbids the eval a string predicate
    of ``page.wait_for_function`` needs."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not get there")
        time.sleep(0.02)


def review_in_bulk(page, url, doc_id) -> Keys:
    page.goto(f"{url}/ui/documents/{doc_id}")
    page.wait_for_selector("#finding-list li")
    keys = Keys(page)
    keys.press("s")  # accept every suggestion: the page says how many and asks once
    page.wait_for_selector("dialog[open]")
    keys.press("Enter")
    page.locator("#undecided", has_text=re.compile("^0$")).wait_for()
    keys.press("d")  # the 复审 as suggested (主动公开), asked once
    page.wait_for_selector("dialog[open]")
    keys.press("Enter")
    page.locator("#doc-state", has_text="已通过").wait_for()
    return keys


def review_one_by_one(page, url, doc_id) -> Keys:
    page.goto(f"{url}/ui/documents/{doc_id}")
    page.wait_for_selector("#finding-list li")
    findings = page.evaluate("JSON.parse(document.getElementById('findings-data').textContent)")
    keys = Keys(page)
    page.click("#text")  # the keys go to the page (not counted: a click)
    for _ in findings:
        action = page.evaluate(
            "() => { const id = document.querySelector('#finding-list li.current').dataset.finding;"
            " return JSON.parse(document.getElementById('findings-data').textContent)"
            ".find(f => String(f.id) === id).suggested_action; }"
        )
        before = page.inner_text("#undecided")
        if action == "keep":
            keys.press("x")  # the reason is filled in from the policy
            page.wait_for_selector("dialog[open]")
            keys.press("Enter")
        else:
            keys.press("Enter")
        wait_until(lambda before=before: page.inner_text("#undecided") != before)
    keys.press("d")
    page.wait_for_selector("dialog[open]")
    keys.press("Enter")
    page.locator("#doc-state", has_text="已通过").wait_for()
    return keys


def run(viewport: dict) -> dict:
    import httpx
    from playwright.sync_api import sync_playwright

    from tests.e2e.test_server import Service

    with tempfile.TemporaryDirectory() as tmp:
        service = Service(Path(tmp))
        service.serve()
        try:
            client = httpx.Client(base_url=service.url, timeout=60)
            tokens, ids = seed(service, client)
            findings = len(
                client.get(
                    f"/api/v1/documents/{ids['pdf']}/findings", headers=tokens["reviewer"]
                ).json()
            )
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                context, page = sign_in(browser, service.url, "reviewer", viewport)
                pages = {
                    "queue": "/ui/",
                    "document (PDF, 3 pages)": f"/ui/documents/{ids['pdf']}",
                    "document (DOCX)": f"/ui/documents/{ids['docx']}",
                    "publication queue": "/ui/publication",
                    "batches": "/ui/batches",
                    "statistics": "/ui/statistics",
                }
                loads = {
                    name: cold_and_warm(
                        browser, context.cookies(), viewport, service.url + path, service.url
                    )
                    for name, path in pages.items()
                }
                loads["sign-in"] = cold_and_warm(
                    browser, [], viewport, service.url + "/ui/login", service.url
                )

                images = {}
                for width in (900, 1200):
                    for n in (1, 2, 3):
                        started = time.perf_counter()
                        response = client.get(
                            f"/api/v1/documents/{ids['pdf']}/pages/{n}/image",
                            params={"format": "webp", "width": width},
                            headers=tokens["reviewer"],
                        )
                        images[f"page {n}, webp {width} px"] = {
                            "bytes": len(response.content),
                            "ms": round((time.perf_counter() - started) * 1000),
                        }
                png = client.get(
                    f"/api/v1/documents/{ids['pdf']}/pages/1/image", headers=tokens["reviewer"]
                )
                images["page 1, png (the API's default)"] = {"bytes": len(png.content)}

                bulk = review_in_bulk(page, service.url, ids["pdf"])
                single = review_one_by_one(page, service.url, ids["docx"])
                browser.close()
        finally:
            service.stop()
    return {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {_cpu()}",
        "python": platform.python_version(),
        "viewport": f"{viewport['width']}x{viewport['height']}",
        "findings": findings,
        "review": {
            "accept suggestions (S), 复审 (D)": {"presses": bulk.presses, "typed": bulk.typed},
            "one by one (Enter / X), 复审 (D)": {"presses": single.presses, "typed": single.typed},
        },
        "pages": loads,
        "images": images,
    }


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def table(result: dict) -> str:
    out = [
        f"{result['date']} · {result['machine']} · Python {result['python']} · "
        f"chromium at {result['viewport']} · {result['findings']} findings on 3 pages",
        "",
        "| full review | key presses | typed characters |",
        "|---|---|---|",
    ]
    for name, keys in result["review"].items():
        out.append(f"| {name} | {keys['presses']} | {keys['typed']} |")
    out += [
        "",
        "| page | empty cache: KB / requests / load ms | cached: KB / load ms |",
        "|---|---|---|",
    ]
    for name, load in result["pages"].items():
        cold, warm = load["cold"], load["warm"]
        out.append(
            f"| {name} | {cold['bytes'] / 1024:.1f} / {cold['requests']} / {cold['load_ms']} | "
            f"{warm['bytes'] / 1024:.1f} / {warm['load_ms']} |"
        )
    out += ["", "| page image | KB | ms |", "|---|---|---|"]
    for name, image in result["images"].items():
        out.append(f"| {name} | {image['bytes'] / 1024:.1f} | {image.get('ms', '—')} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    result = run({"width": args.width, "height": args.height})
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
