"""Spreadsheets: cells as blocks, the column-header rule, true redaction in the XLSX
package (every part) and in CSV, and the refusals."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from core.datamodel import BlockKind, Category, MediaType, Redaction
from core.errors import ArchiveBomb, CorruptDocument, MacroEnabledDocument
from ingest import IngestLimits, extract_bytes
from redact import apply, build_detector
from redact.verify import verify
from redact.writers.xlsx import openpyxl_text
from tests.formats.fixtures import HEADER, TITLE, rows, subsidy_csv, subsidy_workbook

PEOPLE = rows(6)
PRIVATE = {"person_name", "id_card", "mobile_phone", "address"}


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return subsidy_workbook(PEOPLE)


@pytest.fixture(scope="module")
def detector():
    return build_detector(use_ner=False)


def cell(document, sheet, row, col):
    [block] = [
        b
        for b in document.blocks
        if b.kind == BlockKind.CELL
        and (b.location.sheet, b.location.row, b.location.col) == (sheet, row, col)
    ]
    return block, document.text[block.start : block.end]


def test_cells_are_blocks_and_headers_say_what_a_column_holds(workbook):
    document = extract_bytes(workbook, filename="公示.xlsx")
    assert document.media_type == MediaType.XLSX
    assert cell(document, "公示名单", 0, 0)[1] == TITLE
    header, text = cell(document, "公示名单", 1, 2)
    assert text == "身份证号" and header.holds is None
    for row, person in enumerate(PEOPLE, start=2):
        for col, category in ((1, "person_name"), (2, "id_card"), (3, "mobile_phone"),
                              (4, "address")):  # fmt: skip
            block, text = cell(document, "公示名单", row, col)
            assert text == str(person[col - 1]) and block.holds == category
        amount, text = cell(document, "公示名单", row, 5)
        assert text == str(person[4]) and amount.holds is None
    # The hidden sheet is read too, and says it is hidden.
    block, text = cell(document, "备查", 1, 1)
    assert text == PEOPLE[2][1] and block.holds == "id_card"
    assert any("备查" in w for w in document.warnings)
    [comment] = [b for b in document.blocks if b.kind == BlockKind.COMMENT]
    assert PEOPLE[1][2] in document.text[comment.start : comment.end]
    assert document.metadata.author == "赵审核"
    [header] = [b for b in document.blocks if b.kind == BlockKind.HEADER]
    assert f"经办人：{PEOPLE[0][0]}" in document.text[header.start : header.end]


def test_every_cell_under_a_private_column_is_a_finding(workbook, detector):
    document = extract_bytes(workbook, filename="公示.xlsx")
    findings = detector.detect(document)
    by_text = {}
    for f in findings:  # the cells come first; 经办人：彭刚 in the footer is another finding
        by_text.setdefault(f.text, f)
    for name, pid, mobile, address, _ in PEOPLE:
        # Without the NER, a name is found only because its column says 姓名.
        assert by_text[name].category == Category.PERSON_NAME
        assert by_text[name].recognizer == "ColumnHeaderRule"
        assert "列标题" in by_text[name].explanation
        assert by_text[pid].category == Category.ID_CARD
        assert by_text[mobile].category == Category.MOBILE_PHONE
        assert by_text[address].category == Category.ADDRESS
    assert TITLE not in by_text and "身份证号" not in by_text


def test_a_mistyped_id_under_an_id_header_is_still_found(detector):
    people = [(*PEOPLE[0][:1], PEOPLE[0][1][:-1] + ("0" if PEOPLE[0][1][-1] != "0" else "1"),
               *PEOPLE[0][2:])]  # fmt: skip
    document = extract_bytes(subsidy_workbook(people, extras=False), filename="a.xlsx")
    [finding] = [f for f in detector.detect(document) if f.text == people[0][1]]
    assert finding.category == Category.ID_CARD and finding.recognizer == "ColumnHeaderRule"


def _redactions(document, findings):
    return [Redaction.from_finding(f) for f in findings if f.category.value in PRIVATE]


def test_xlsx_redaction_leaves_no_copy_in_any_part(workbook, detector):
    document = extract_bytes(workbook, filename="公示.xlsx")
    findings = detector.detect(document)
    redacted = apply(document, _redactions(document, findings), original=workbook)
    assert redacted.media_type == MediaType.XLSX and redacted.verification["ok"]
    assert set(redacted.verification["tools"]) == {"openpyxl", "raw-xml"}

    removed = [v for p in PEOPLE for v in p[:4]]
    with zipfile.ZipFile(io.BytesIO(redacted.data)) as package:
        every_part = b"\n".join(package.read(n) for n in package.namelist())
        assert "xl/calcChain.xml" not in package.namelist()
    for value in removed:
        assert value.encode() not in every_part, value
    # Kept: the title, the header, the amounts, and the total's formula.
    book = openpyxl.load_workbook(io.BytesIO(redacted.data))
    sheet = book["公示名单"]
    assert sheet["A1"].value == TITLE
    assert [c.value for c in sheet[2]][:6] == list(HEADER)
    assert sheet["F3"].value == PEOPLE[0][4]
    assert sheet["B3"].value == "【已删除·姓名】"
    assert sheet["C3"].value == "【已删除·居民身份证号码】"
    assert str(sheet[f"F{len(PEOPLE) + 3}"].value).startswith("=SUM(")
    # Formulas reading a redacted cell are their values now: H3 (=C3) showed the ID,
    # which was found and redacted like any cell; H4 (=LEN(C4)) keeps its harmless 18.
    assert sheet["H3"].value == "【已删除·居民身份证号码】"
    assert sheet["H4"].value == 18
    assert sheet["H5"].value == "=F5*2"  # reads a kept cell only: still a formula
    assert book["备查"].sheet_state == "hidden"
    assert book["备查"]["B2"].value == "【已删除·居民身份证号码】"
    assert "赵审核" not in openpyxl_text(redacted.data)
    assert any("formula" in s for s in redacted.scrubbed)
    # The writer's own check agrees with a fresh one.
    assert verify(document, _redactions(document, findings), redacted.data).ok


def test_a_value_kept_on_purpose_stays(workbook):
    document = extract_bytes(workbook, filename="公示.xlsx")
    first_id = PEOPLE[0][1]
    # The first ID, in its cell and where the formula =C3 shows it; the defined name and
    # the pivot cache holding the same ID go with them, the other people's data stays.
    spans = [
        Redaction(b.start, b.end, Category.ID_CARD)
        for b in document.blocks
        if document.text[b.start : b.end] == first_id
    ]
    assert len(spans) == 2
    redacted = apply(document, spans, original=workbook)
    assert redacted.verification["ok"]
    text = openpyxl_text(redacted.data)
    assert first_id not in text and PEOPLE[1][1] in text
    with zipfile.ZipFile(io.BytesIO(redacted.data)) as package:
        assert first_id.encode() not in package.read("xl/pivotCache/pivotCacheRecords1.xml")
        assert first_id.encode() not in package.read("xl/workbook.xml")


def test_a_value_the_reviewer_did_not_select_is_not_removed(workbook):
    document = extract_bytes(workbook, filename="公示.xlsx")
    block, _ = cell(document, "公示名单", 2, 2)
    redacted = apply(document, [Redaction(block.start, block.end, Category.ID_CARD)],
                     original=workbook)  # fmt: skip
    # H3 (=C3) shows the same ID and was not selected: it stays, as its value.
    sheet = openpyxl.load_workbook(io.BytesIO(redacted.data))["公示名单"]
    assert sheet["C3"].value == "【已删除·居民身份证号码】"
    assert sheet["H3"].value == PEOPLE[0][1]
    assert redacted.verification["ok"]


def test_csv_cells_header_rule_and_redaction_in_its_own_encoding(detector):
    data = subsidy_csv(PEOPLE)
    document = extract_bytes(data, filename="名单.csv")
    assert document.media_type == MediaType.CSV and document.encoding == "gbk"
    findings = detector.detect(document)
    names = {f.text for f in findings if f.recognizer == "ColumnHeaderRule"}
    assert {p[0] for p in PEOPLE} <= names
    address = next(b for b in document.blocks if b.holds == "address")
    assert document.text[address.start : address.end] == PEOPLE[0][3]  # inside the quotes
    redacted = apply(document, _redactions(document, findings), original=data)
    assert redacted.media_type == MediaType.CSV and redacted.verification["ok"]
    out = redacted.data.decode("gbk")
    import csv

    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == list(HEADER)
    assert table[1] == ["1", "【已删除·姓名】", "【已删除·居民身份证号码】", "【已删除·手机号码】",
                        "【已删除·住址】", str(PEOPLE[0][4])]  # fmt: skip
    for p in PEOPLE:
        assert p[1] not in out and p[0] not in out


def test_a_csv_named_txt_is_text_and_not_a_disguise():
    document = extract_bytes(subsidy_csv(PEOPLE, "utf-8"), filename="名单.txt")
    assert document.media_type == MediaType.TEXT


def test_a_csv_row_wider_than_excel_allows_is_refused_and_a_real_list_is_not():
    wide = ("a," * 20_000).encode()  # one row of 20,000 columns, 40 KB
    with pytest.raises(Exception, match="columns") as caught:
        extract_bytes(wide, filename="wide.csv")
    assert caught.value.code == "too_many_cells"
    document = extract_bytes(subsidy_csv(PEOPLE, "utf-8"), filename="名单.csv")
    assert document.media_type == MediaType.CSV and document.blocks


def test_spreadsheet_refusals(workbook):
    with pytest.raises(CorruptDocument):
        extract_bytes(workbook[: len(workbook) // 2], filename="cut.xlsx")
    with pytest.raises(Exception, match="cells") as caught:
        extract_bytes(workbook, filename="a.xlsx", limits=IngestLimits(max_cells=10))
    assert caught.value.code == "too_many_cells"
    with pytest.raises(Exception, match="sheets") as caught:
        extract_bytes(workbook, filename="a.xlsx", limits=IngestLimits(max_sheets=1))
    assert caught.value.code == "too_many_cells"
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        members = {n: source.read(n) for n in source.namelist()}
    macro = io.BytesIO()
    with zipfile.ZipFile(macro, "w") as target:
        for name, content in (members | {"xl/vbaProject.bin": b"VBA"}).items():
            target.writestr(name, content)
    with pytest.raises(MacroEnabledDocument):
        extract_bytes(macro.getvalue(), filename="a.xlsm")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)
        target.writestr("xl/media/pad.bin", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(ArchiveBomb):
        extract_bytes(bomb.getvalue(), filename="bomb.xlsx")


def test_a_name_in_the_page_header_is_found_and_removed_there(workbook):
    document = extract_bytes(workbook, filename="公示.xlsx")
    [header] = [b for b in document.blocks if b.kind == BlockKind.HEADER]
    start = document.text.index(PEOPLE[0][0], header.start)
    span = Redaction(start, start + len(PEOPLE[0][0]), Category.PERSON_NAME)
    redacted = apply(document, [span], original=workbook)
    assert redacted.verification["ok"]
    sheet = openpyxl.load_workbook(io.BytesIO(redacted.data))["公示名单"]
    assert PEOPLE[0][0] not in (sheet.oddHeader.center.text or "")
    assert sheet["B3"].value == PEOPLE[0][0]  # the cell was not selected: it stays


def test_an_office_sets_the_cell_limit_in_its_environment(workbook, monkeypatch):
    from core.config import Settings

    monkeypatch.setenv("GONGKAI_MAX_CELLS", "10")
    monkeypatch.setenv("GONGKAI_MAX_OCR_PAGES", "7")
    limits = IngestLimits.from_settings(Settings())
    assert limits.max_ocr_pages == 7
    with pytest.raises(Exception, match="cells") as caught:
        extract_bytes(workbook, filename="a.xlsx", limits=limits)
    assert caught.value.code == "too_many_cells"
    monkeypatch.delenv("GONGKAI_MAX_CELLS")
    assert extract_bytes(workbook, filename="a.xlsx", limits=IngestLimits.from_settings(Settings()))
