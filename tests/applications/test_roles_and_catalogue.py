"""Who may do what to applications, the catalogue and the report; the applicant's
details invisible to every role that does not handle applications; the catalogue's
索引号 and its exports (escaped, no formulas); 第四十四条."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from tests.applications.conftest import APPLICANT, page
from tests.docgen import NOTICE, REQUEST

NEW_ROUTES = ("/api/v1/applications", "/api/v1/catalogue", "/api/v1/reports")
READ_ONLY = {"get"}
#: A valid body for each step, so that the refusal is the role's, not the body's.
BODIES = {
    "/api/v1/applications": {
        "received_on": "2026-03-02",
        "channel": "当面",
        "applicant_type": "natural_person",
        "applicant": {"name": "某人"},
        "description": "某文件",
    },
    "/correction": {"correct_by": "2026-03-20", "items": "补正"},
    "/correction/received": {},
    "/consultations": {"kind": "agency", "party": "市财政局"},
    "/consultations/end": {"outcome": "agreed", "answered_on": "2026-03-05"},
    "/extension": {"days": 5, "approver": "王主任", "reason": "会商"},
    "/documents": {"document_id": 1},
    "/reply": {"reply_type": "unable_1", "reason": "未制作"},
    "/delivery": {"method": "邮寄"},
    "/remedies": {"kind": "review", "filed_on": "2026-03-05"},
    "/decision": {"outcome": "upheld", "decided_on": "2026-03-05"},
    "/inputs": {"figures": {"licensing": 1}},
}


def _body(path: str):
    for suffix, body in sorted(BODIES.items(), key=lambda kv: -len(kv[0])):
        if path.endswith(suffix):
            return body
    return {}


def _url(path: str, app: int, doc: int) -> str:
    return (
        path.replace("{application_id}", str(app))
        .replace("{document_id}", str(doc))
        .replace("{remedy_id}", "1")
        .replace("{year}", "2026")
        .replace("{kind}", "correction")
    )


def test_every_new_endpoint_refuses_the_roles_it_must(desk):
    doc = desk.document(REQUEST)
    app = desk.register("2026-03-02")["id"]
    paths = desk.http.get("/openapi.json").json()["paths"]
    routes = [
        (method, path)
        for path, methods in paths.items()
        if path.startswith(NEW_ROUTES)
        for method in methods
    ]
    assert len(routes) >= 30
    checked = 0
    for method, path in routes:
        url = _url(path, app, doc)
        applications = path.startswith("/api/v1/applications")
        reports = path.startswith("/api/v1/reports")
        refused = set()
        if applications:
            # A drafter has nothing to do with applications; reviewers and publishers
            # read them (without the applicant's details) but take no step.
            refused.add("drafter")
            mutating = method not in READ_ONLY
            downloads = path.endswith(("/letter", "/copy", "/notices/{kind}"))
            if mutating or downloads:
                refused |= {"reviewer", "publisher"}
        if reports:
            refused.add("drafter")
            if method == "put":
                refused |= {"reviewer", "publisher"}
        for who in refused:
            response = desk.http.request(method, url, headers=desk.tokens[who], json=_body(path))
            assert response.status_code == 403, (who, method, path, response.text)
            assert response.json()["code"] == "forbidden"
            checked += 1
        # No token at all: 401 everywhere.
        assert desk.http.request(method, url).status_code == 401
    assert checked >= 40
    # Nothing above changed the application.
    trail = desk.ok("get", f"/api/v1/applications/{app}/audit")
    assert [e["action"] for e in trail] == ["application.register"]


def test_applicant_details_are_seen_only_by_the_roles_handling_applications(desk):
    app = desk.register("2026-03-02")
    desk.ok(
        "post",
        f"/api/v1/applications/{app['id']}/consultations",
        json={"kind": "third_party", "party": "李秀英（第三方）", "sent_on": "2026-03-03"},
    )
    for who in ("handler", "admin"):
        seen = desk.ok("get", f"/api/v1/applications/{app['id']}", who)
        assert seen["applicant"]["phone"] == APPLICANT["phone"] and not seen["applicant_hidden"]
        assert seen["consultations"][0]["party"] == "李秀英（第三方）"
    for who in ("reviewer", "publisher"):
        for response in (
            desk.http.get(f"/api/v1/applications/{app['id']}", headers=desk.tokens[who]),
            desk.http.get("/api/v1/applications", headers=desk.tokens[who]),
            desk.http.get("/api/v1/applications/queue", headers=desk.tokens[who]),
            desk.http.get(f"/api/v1/applications/{app['id']}/audit", headers=desk.tokens[who]),
        ):
            assert response.status_code == 200
            body = response.text
            for value in (*APPLICANT.values(), "李秀英"):
                assert value not in body, (who, response.url, value)
            assert json.dumps(APPLICANT["name"], ensure_ascii=False)[1:-1] not in body
        assert desk.ok("get", f"/api/v1/applications/{app['id']}", who)["applicant_hidden"]
    assert desk.http.get("/api/v1/applications", headers=desk.drafter).status_code == 403


def test_index_numbers_are_given_once_in_the_office_scheme_and_exports_are_safe(desk, tmp_path):
    first = desk.document(NOTICE, attribute="主动公开")
    second = desk.document(REQUEST, attribute="不予公开", ground="过程性信息")
    catalogue = desk.ok("get", "/api/v1/catalogue", "reviewer")
    numbers = {i["document_id"]: i["index_number"] for i in catalogue["items"]}
    # 成文日期 2020 and 2021: each year numbers from 1, with the default code.
    assert numbers == {first: "000000000/2020-00001", second: "000000000/2021-00001"}
    withheld = next(i for i in catalogue["items"] if i["document_id"] == second)
    assert withheld["ground"] == "过程性信息" and withheld["attribute"] == "不予公开"
    # Reading again, or reopening and deciding again, never renumbers.
    desk.ok("post", f"/api/v1/documents/{second}/reopen", "reviewer", json={"reason": "复核"})
    desk.ok(
        "post", f"/api/v1/documents/{second}/decision", "reviewer", json={"attribute": "依申请公开"}
    )
    again = desk.ok("get", "/api/v1/catalogue", "publisher")
    assert {i["document_id"]: i["index_number"] for i in again["items"]} == numbers
    # A drafter sees its office's catalogue; another office's drafter sees none of it.
    assert desk.ok("get", "/api/v1/catalogue", "drafter")["total"] == 2
    assert desk.ok("get", "/api/v1/catalogue", "other_drafter")["total"] == 0

    # A title that tries to be a formula, or markup, stays text in every export.
    with desk.runtime.session() as session:
        from store.records import DocumentRecord

        session.get(DocumentRecord, first).title = '=HYPERLINK("http://x","点我")<script>'
    csv_text = desk.ok(
        "get", "/api/v1/catalogue/export", "reviewer", params={"format": "csv"}
    ).content
    csv_text = csv_text.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text
    xlsx = desk.ok("get", "/api/v1/catalogue/export", "reviewer", params={"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    titles = [c for c in sheet.iter_rows(min_row=2, values_only=False)]
    cell = next(r[1] for r in titles if str(r[1].value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # a string, not a formula
    html = desk.ok("get", "/api/v1/catalogue/export", "reviewer", params={"format": "html"}).text
    assert "&lt;script&gt;" in html and "<script>" not in html
    # 依申请公开 items are listed without content, and no item carries its text.
    assert "公益性岗位补贴" not in html and "公益性岗位补贴" not in csv_text
    assert "依申请公开" in html


def test_several_applicants_for_the_same_document_bring_the_article_44_offer(desk):
    doc = desk.document(REQUEST)
    others = dict(APPLICANT, name="吴晓东", phone="13900139000")
    for applicant in (APPLICANT, others):
        app = desk.register("2026-03-02", applicant=applicant)
        desk.ok("post", f"/api/v1/applications/{app['id']}/documents", json={"document_id": doc})
    [candidate] = desk.ok("get", "/api/v1/applications/proactive-candidates", "reviewer")
    listed = page(desk, "handler", "/ui/applications")
    assert "第四十四条" in listed.text and "建议纳入主动公开" in listed.text
    assert candidate["document_id"] == doc and candidate["applicants"] == 2
    refused = desk.http.post(
        f"/api/v1/applications/proactive-candidates/{doc}/offer", headers=desk.reviewer
    )
    assert refused.status_code == 403
    offered = desk.ok("post", f"/api/v1/applications/proactive-candidates/{doc}/offer")
    assert offered["state"] == "in_review"
    entry = desk.ok("get", f"/api/v1/documents/{doc}/audit", "reviewer")[-1]
    assert (
        entry["action"] == "document.proactive_offer" and entry["after"]["article"] == "第四十四条"
    )
    assert desk.ok("get", "/api/v1/applications/proactive-candidates", "reviewer") == []
