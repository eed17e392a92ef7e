"""A year of applications and documents built through the API, and the 2025 annual
report checked cell by cell against counts worked out by hand (below), in the JSON and
in the DOCX and XLSX a reader opens; 结转 checked against 2024 and 2026."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document
from openpyxl import load_workbook

from tests.applications.conftest import Desk
from tests.docgen import REQUEST, DocSpec, Line
from workflow.application_types import REPLY_TYPES

NP, BU, RE, PI, LS, OO = (
    "natural_person",
    "business",
    "research",
    "public_interest",
    "legal_service",
    "other_organisation",
)
COLUMNS = (NP, BU, RE, PI, LS, OO)

# Each reply type once, in Table 三's order, over the six columns; all received and
# answered in 2025 except the first (received 20 Dec 2024: 上年结转).
REPLIES = [
    ("grant", NP, "2024-12-20", "2025-01-10"),
    ("partial", BU, "2025-02-03", "2025-02-20"),
    ("withhold_1", NP, "2025-02-10", "2025-02-24"),
    ("withhold_2", RE, "2025-02-11", "2025-02-25"),
    ("withhold_3", PI, "2025-02-12", "2025-02-26"),
    ("withhold_4", LS, "2025-03-03", "2025-03-17"),
    ("withhold_5", OO, "2025-03-04", "2025-03-18"),
    ("withhold_6", NP, "2025-03-05", "2025-03-19"),
    ("withhold_7", BU, "2025-03-06", "2025-03-20"),
    ("withhold_8", RE, "2025-03-07", "2025-03-21"),
    ("unable_1", NP, "2025-04-01", "2025-04-15"),
    ("unable_2", PI, "2025-04-02", "2025-04-16"),
    ("unable_3", LS, "2025-05-06", "2025-06-03"),
    ("reject_1", OO, "2025-07-01", "2025-07-08"),
    ("reject_2", NP, "2025-07-02", "2025-07-09"),
    ("reject_3", BU, "2025-07-03", "2025-07-10"),
    ("reject_4", RE, "2025-07-04", "2025-07-11"),
    ("reject_5", PI, "2025-07-07", "2025-07-14"),
    ("other_1", LS, "2025-06-02", "2025-06-23"),
    ("other_2", OO, "2025-08-01", "2025-08-29"),
    ("other_3", NP, "2025-09-01", "2025-09-05"),
]
assert [r[0] for r in REPLIES] == [t.code for t in REPLY_TYPES]
# And around them: answered within 2024 (X1); received in late 2024, answered in 2025
# (X2, unable_1 by a business); still open at the end of 2025 (X3, X4); received in
# late 2025 and answered in 2026 (X5).
EXTRA = [
    ("grant", NP, "2024-03-01", "2024-03-20"),
    ("unable_1", BU, "2024-12-25", "2025-01-15"),
    (None, NP, "2025-12-22", None),
    (None, LS, "2025-11-28", None),
    ("grant", RE, "2025-12-29", "2026-01-08"),
]

# Worked out by hand from the two lists above (columns 自然人, 商业企业, 科研机构,
# 社会公益组织, 法律服务机构, 其他, 总计):
NEW_2025 = [6, 3, 4, 3, 4, 3, 23]  # the 20 of REPLIES received in 2025, X3 X4 X5
CARRIED_IN_2025 = [1, 1, 0, 0, 0, 0, 2]  # REPLIES[0], X2
TOTAL_2025 = [6, 4, 3, 3, 3, 3, 22]  # 21 reply types + X2
CARRIED_OUT_2025 = [1, 0, 1, 0, 1, 0, 3]  # X3, X5, X4


def spec(title: str, number: str, written: str) -> DocSpec:
    return DocSpec(
        name=number,
        lines=(
            Line("mark", "贺州市人力资源和社会保障局"),
            Line("number", number),
            Line("title", title),
            Line("addressee", "各县（区）人力资源和社会保障局："),
            Line("body", f"现将《{title}》印发给你们，请认真贯彻执行。"),
            Line("signature", "贺州市人力资源和社会保障局"),
            Line("date", written),
            Line("note", "（此件公开发布）"),
        ),
    )


def proactive(desk: Desk, doc_spec: DocSpec, category: str) -> int:
    doc = desk.document(replace(doc_spec), attribute="主动公开")
    # The 复审 set 主动公开 with the suggested category; correct it to the right one.
    desk.ok("post", f"/api/v1/documents/{doc}/reopen", "reviewer", json={"reason": "分类"})
    desk.ok(
        "post",
        f"/api/v1/documents/{doc}/decision",
        "reviewer",
        json={"attribute": "主动公开", "category": category},
    )
    desk.ok("post", f"/api/v1/documents/{doc}/release", "publisher", status=202)
    return doc


def answer(desk: Desk, code, kind, received, replied, partial_doc=None) -> int:
    app = desk.register(received, applicant_type=kind)
    base = f"/api/v1/applications/{app['id']}"
    if code == "unable_3":
        desk.ok(
            "post",
            f"{base}/correction",
            json={"sent_on": "2025-05-08", "correct_by": "2025-05-30", "items": "请写明文件名称"},
        )
        desk.ok("post", f"{base}/correction/received", json={"received_on": "2025-05-20"})
    if code == "other_1":
        desk.ok(
            "post",
            f"{base}/correction",
            json={"sent_on": "2025-06-04", "correct_by": "2025-06-20", "items": "请写明文件名称"},
        )
    if code == "partial":
        desk.ok("post", f"{base}/documents", json={"document_id": partial_doc})
        desk.ok("post", f"{base}/documents/{partial_doc}/review", json={})
        desk.decide_all(partial_doc)
        desk.ok(
            "post",
            f"/api/v1/documents/{partial_doc}/decision",
            "reviewer2",
            json={"attribute": "依申请公开"},
        )
        desk.ok("post", f"{base}/documents/{partial_doc}/copy")
    if code is not None:
        reason = None if code == "partial" else "依法答复"
        desk.ok(
            "post",
            f"{base}/reply",
            json={"reply_type": code, "reason": reason, "replied_on": replied},
        )
    return app["id"]


def row(table: dict, key: str) -> list[int]:
    return [table[key][c] for c in (*COLUMNS, "total")]


def test_a_year_of_applications_and_documents_reconciles_in_every_cell(desk):
    request_doc = desk.document(REQUEST)
    ids = {}
    for code, kind, received, replied in REPLIES:
        ids[code] = answer(desk, code, kind, received, replied, partial_doc=request_doc)
    for code, kind, received, replied in EXTRA:
        answer(desk, code, kind, received, replied)

    # Table 四: 复议 and 诉讼 over some of them, outcomes as of 31 Dec 2025.
    def remedy(code, kind, filed, outcome=None, decided=None):
        base = f"/api/v1/applications/{ids[code]}/remedies"
        application = desk.ok("post", base, json={"kind": kind, "filed_on": filed})
        if outcome:
            remedy_id = application["remedies"][-1]["id"]
            desk.ok(
                "post",
                f"{base}/{remedy_id}/decision",
                json={"outcome": outcome, "decided_on": decided},
            )

    remedy("withhold_1", "review", "2025-03-01", "upheld", "2025-05-01")
    remedy("withhold_4", "review", "2025-04-01", "corrected", "2025-06-01")
    remedy("withhold_6", "review", "2025-11-01", "upheld", "2026-01-20")  # pending at year end
    remedy("reject_2", "litigation", "2025-07-20", "other", "2025-08-01")
    remedy("reject_1", "litigation_after_review", "2025-09-09")

    # Table 二: 规范性文件 and 规章 with their 成文日期 and revocations.
    normative_2025 = proactive(
        desk,
        spec("贺州市就业补助资金管理办法", "贺人社规〔2025〕1号", "2025年3月10日"),
        "规范性文件",
    )
    normative_2024 = proactive(
        desk, spec("贺州市公益性岗位管理办法", "贺人社规〔2024〕2号", "2024年6月1日"), "规范性文件"
    )
    proactive(desk, spec("贺州市劳动保障监察办法", "贺州市人民政府令第3号", "2023年1月5日"), "规章")
    rule_2025 = proactive(
        desk, spec("贺州市技能人才评价办法", "贺州市人民政府令第9号", "2025年2月2日"), "规章"
    )
    desk.ok(
        "post",
        f"/api/v1/documents/{normative_2024}/revoke",
        "publisher",
        json={"kind": "废止", "effective": "2025-07-01"},
    )
    desk.ok(
        "post",
        f"/api/v1/documents/{rule_2025}/revoke",
        "publisher",
        json={"kind": "修改", "effective": "2025-09-01"},
    )
    assert normative_2025

    inputs = {
        "figures": {"licensing": 120, "penalties": 35, "enforcement": 4, "fees": 12.5},
        "narrative": {
            "problems": "一是申请量增加，本年新收{本年新收申请数}件；二是<b>答复</b>质量有待提高。"
        },
    }
    report = desk.ok("put", "/api/v1/reports/annual/2025/inputs", json=inputs)

    t3 = report["table3"]
    assert row(t3, "new") == NEW_2025
    assert row(t3, "carried_in") == CARRIED_IN_2025
    assert row(t3, "total") == TOTAL_2025
    assert row(t3, "carried_out") == CARRIED_OUT_2025
    for code, kind, _, _ in REPLIES:
        expected = {c: 0 for c in (*COLUMNS, "total")}
        expected[kind] += 1
        expected["total"] += 1
        if code == "unable_1":  # X2, a business answered in January
            expected[BU] += 1
            expected["total"] += 1
        assert t3[code] == expected, code
    assert report["balanced"] and all(c["ok"] for c in report["checks"])

    assert report["table4"] == {
        "review": {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3},
        "litigation": {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1},
        "litigation_after_review": {
            "upheld": 0,
            "corrected": 0,
            "other": 0,
            "pending": 1,
            "total": 1,
        },
    }
    # 规范性文件: the 2025 one issued and in force, the 2024 one repealed on 1 Jul 2025.
    # 规章: the 2023 one in force; the 2025 one issued, then ended by 修改 (not a 废止).
    assert report["table2"] == {
        "normative": {"issued": 1, "repealed": 1, "in_force": 1},
        "rules": {"issued": 1, "repealed": 0, "in_force": 1},
    }
    assert report["figures"]["fees"] == 12.5 and report["figures"]["licensing"] == 120
    assert "本年新收政府信息公开申请23件，上年结转2件" in report["narrative"]["applications"]
    assert "结转下年度继续办理3件" in report["narrative"]["applications"]
    assert "本年新收23件" in report["narrative"]["problems"]
    assert "被申请行政复议3件、提起行政诉讼2件" in report["narrative"]["remedies"]

    # 结转 from and to the neighbouring years.
    before = desk.ok("get", "/api/v1/reports/annual/2024", "reviewer")["table3"]
    after = desk.ok("get", "/api/v1/reports/annual/2026", "publisher")["table3"]
    assert row(before, "carried_out") == CARRIED_IN_2025 == [1, 1, 0, 0, 0, 0, 2]
    assert row(before, "new") == [2, 1, 0, 0, 0, 0, 3] and row(before, "grant") == [
        1,
        0,
        0,
        0,
        0,
        0,
        1,
    ]
    assert row(after, "carried_in") == CARRIED_OUT_2025
    assert row(after, "grant")[2] == 1  # X5, answered in January 2026

    # The files a reader opens carry the same cells, where the format puts them.
    xlsx = desk.ok("get", "/api/v1/reports/annual/2025/file", params={"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(xlsx))["表三"]
    by_label = {}
    for cells in sheet.iter_rows(min_row=3, values_only=True):
        label = next((v for v in reversed(cells[:3]) if isinstance(v, str)), None)
        if label:
            by_label[label] = list(cells[3:10])
    assert by_label["一、本年新收政府信息公开申请数量"] == NEW_2025
    assert by_label["二、上年结转政府信息公开申请数量"] == CARRIED_IN_2025
    assert by_label["（七）总计"] == TOTAL_2025
    assert by_label["四、结转下年度继续办理"] == CARRIED_OUT_2025
    assert by_label["1.属于国家秘密"] == [1, 0, 0, 0, 0, 0, 1]
    assert by_label["1.本机关不掌握相关政府信息"] == [1, 1, 0, 0, 0, 0, 2]
    table4 = load_workbook(io.BytesIO(xlsx))["表四"]
    assert [c.value for c in table4[5]] == [1, 1, 0, 1, 3, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]

    docx = desk.ok("get", "/api/v1/reports/annual/2025/file", params={"format": "docx"}).content
    document = Document(io.BytesIO(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert heading in text
    assert "二是<b>答复</b>质量" in text
    table3 = document.tables[1]
    rows = {r.cells[2].text: [c.text for c in r.cells[3:10]] for r in table3.rows}
    assert rows["（七）总计"] == [str(n) for n in TOTAL_2025]
    assert rows["6.属于四类过程性信息"] == ["1", "0", "0", "0", "0", "0", "1"]
    table2 = document.tables[0]
    assert [c.text for c in table2.rows[3].cells] == ["行政规范性文件", "1", "1", "1"]
    assert [c.text for c in table2.rows[6].cells][:2] == ["行政许可", "120"]

    html = desk.ok("get", "/api/v1/reports/annual/2025/file", params={"format": "html"}).text
    assert "二是&lt;b&gt;答复&lt;/b&gt;质量" in html and "<b>答复" not in html
    # The applicant's details never reach the report.
    for value in ("周明远", "13800138000", "110105199003071237"):
        assert value not in html and value not in text and value not in str(report)
