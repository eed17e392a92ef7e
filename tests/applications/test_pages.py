"""The pages for applications, the catalogue and the annual report: served to the roles
that may read them, refused to the others, escaping what users typed."""

from __future__ import annotations

from tests.applications.conftest import page
from tests.docgen import NOTICE


def test_pages_by_role_with_what_users_typed_escaped(desk):
    doc = desk.document(NOTICE, attribute="主动公开")
    desk.ok("post", f"/api/v1/documents/{doc}/release", "publisher", status=202)
    app = desk.register("2026-03-02", description="<img src=x onerror=alert(1)>某文件")
    queue = page(desk, "reviewer", "/ui/applications")
    assert queue.status_code == 200 and app["reference"] in queue.text
    assert "<img src=x" not in queue.text and "&lt;img src=x" in queue.text
    detail = page(desk, "handler", f"/ui/applications/{app['id']}?q=城乡居民")
    assert detail.status_code == 200
    assert "周明远" in detail.text and "列入本申请" in detail.text  # the search found NOTICE
    assert "周明远" not in page(desk, "publisher", f"/ui/applications/{app['id']}").text
    assert page(desk, "drafter", "/ui/applications").status_code == 403
    assert page(desk, "reviewer", "/ui/applications/new").status_code == 403
    assert page(desk, "handler", "/ui/applications/new").status_code == 200

    catalogue = page(desk, "drafter", "/ui/catalogue")
    assert catalogue.status_code == 200 and "000000000/2020-00001" in catalogue.text
    html = desk.ok("get", "/api/v1/catalogue/export", "reviewer", params={"format": "html"}).text
    assert f'href="{doc}/{doc}-v1.docx"' in html  # a published item links to its file

    desk.ok(
        "put",
        "/api/v1/reports/annual/2026/inputs",
        json={"narrative": {"other": "<script>alert(1)</script>新收{本年新收申请数}件"}},
    )
    report = page(desk, "publisher", "/ui/reports/annual?year=2026")
    assert report.status_code == 200 and "2026年政府信息公开工作年度报告" in report.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;新收1件" in report.text
    assert "<script>alert(1)" not in report.text
    assert "填写本机关数据" not in report.text  # a publisher reads, the handler edits
    assert "填写本机关数据" in page(desk, "handler", "/ui/reports/annual?year=2026").text
    assert page(desk, "drafter", "/ui/reports/annual").status_code == 403
    assert page(desk, "handler", "/ui/applications").headers.get("location") is None
