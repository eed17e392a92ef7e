"""Batch progress and reports over HTTP and on the web page, scoped by office."""

from __future__ import annotations

from tests.api.conftest import sign_in
from tests.docgen import NOTICE, REQUEST, render_docx, render_pdf
from workflow.batch_run import BatchOptions, run_batch
from workflow.users import Actor, Role


def test_batch_progress_report_and_page(clients, tmp_path):
    root = tmp_path / "catalogue"
    root.mkdir()
    (root / "通知.pdf").write_bytes(render_pdf(NOTICE))
    (root / "请示.docx").write_bytes(render_docx(REQUEST))
    (root / "坏.docx").write_bytes(b"PK\x03\x04 damaged")
    runtime = clients.http.app.state.runtime
    batch_id = run_batch(runtime, Actor(None, "batch", Role.ADMIN, "办公室"), root, BatchOptions())

    progress = clients.http.get(f"/api/v1/batches/{batch_id}", headers=clients.reviewer).json()
    assert (progress["files"], progress["done"], progress["failed"], progress["waiting"]) == (
        3,
        3,
        1,
        0,
    )
    assert progress["state"] == "done"
    assert (
        clients.http.get(f"/api/v1/batches/{batch_id}", headers=clients.drafter).status_code == 200
    )
    assert (
        clients.http.get(f"/api/v1/batches/{batch_id}", headers=clients.other_drafter).status_code
        == 404
    )

    csv_text = clients.http.get(
        f"/api/v1/batches/{batch_id}/report.csv", headers=clients.reviewer
    ).text
    assert csv_text.startswith("source,outcome") and "corrupt_document" in csv_text
    html = clients.http.get(
        f"/api/v1/batches/{batch_id}/report.html", headers=clients.reviewer
    ).text
    assert "最需优先审查的文件" in html

    sign_in(clients, "reviewer")
    page = clients.http.get("/ui/batches").text
    assert 'value="3"' in page and "完成" in page and str(root) in page
