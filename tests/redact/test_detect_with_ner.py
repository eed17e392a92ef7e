"""The whole detection pass with the shipped NER model, on documents as offices write them."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from core.datamodel import Action, Category, ElementName
from ingest import extract_bytes
from redact import build_detector, detect
from tests.conftest import SEEDS
from tests.docgen import REQUEST, render_docx, render_pdf

PENALTY = """贺州市人力资源和社会保障局
行政处罚决定书
贺人社罚〔2021〕5号
当事人：陈建华，男，1985年3月2日出生，公民身份号码：440103198503021232，住址：贺州市八步区建设中路18号3栋201室，联系电话：13907745678。
经查，当事人在经营期间拖欠劳动者工资共计人民币86000元。
依据《保障农民工工资支付条例》，本机关决定对当事人处以罚款。
局长：张志强
2021年6月8日
"""


@pytest.fixture(scope="module")
def detector():
    return build_detector()


def by_text(findings):
    return {f.text: f for f in findings}


def test_penalty_decision(detector):
    document = extract_bytes(PENALTY.encode())
    found = by_text(detector.detect(document))
    assert found["陈建华"].category == Category.PERSON_NAME
    assert found["陈建华"].action == Action.REDACT
    assert found["440103198503021232"].action == Action.REDACT
    assert found["13907745678"].action == Action.REDACT
    assert found["1985年3月2日"].category == Category.BIRTH_DATE
    address = next(f for f in found.values() if f.category == Category.ADDRESS)
    assert "建设中路18号" in address.text and address.action == Action.REDACT
    assert found["张志强"].action == Action.KEEP  # 局长, signing in office


def test_pdf_findings_map_to_page_boxes(detector):
    document = extract_bytes(render_pdf(REQUEST))
    findings = detector.detect(document)
    mobile = next(f for f in findings if f.category == Category.MOBILE_PHONE)
    rects = document.boxes_for(mobile.span)
    assert rects and all(r.page == 1 for r in rects)


def test_docx_request_contact_is_offered_for_review(detector):
    findings = detector.detect(extract_bytes(render_docx(REQUEST)))
    found = by_text(findings)
    assert found["13907745678"].action == Action.REVIEW  # an agency's 联系人
    assert found["王建国"].action == Action.KEEP  # 签发人


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no seeds")
def test_seed_agency_contacts_are_kept_not_redacted(detector):
    text = next(
        p for p in sorted(SEEDS.glob("*.txt")) if "0431-88690585" in p.read_text(encoding="utf-8")
    )
    findings = detector.detect(extract_bytes(text.read_bytes()))
    phones = [f for f in findings if f.text == "0431-88690585"]
    assert phones and all(f.action == Action.KEEP for f in phones)
    assert not [f for f in findings if f.category == Category.ID_CARD]


def test_module_level_detect_loads_the_model_once():
    document = extract_bytes(PENALTY.encode())
    assert by_text(detect(document))["陈建华"].action == Action.REDACT
    from redact import _process_detector

    assert _process_detector() is _process_detector()


def test_detect_jsonl_command(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"text": PENALTY, "id": 7}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    assert main(["detect", "--jsonl", str(source), "--out", str(out)]) == 0
    [line] = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["id"] == 7
    keys = {"start", "end", "category", "text", "score", "action"}
    assert all(set(f) == keys for f in record["findings"])
    assert {"陈建华", "13907745678"} <= {f["text"] for f in record["findings"]}


def test_detect_jsonl_rejects_bad_lines(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    assert (
        main(["detect", "--jsonl", str(source), "--out", str(tmp_path / "o.jsonl"), "--no-ner"])
        == 2
    )
    assert "in.jsonl:2" in capsys.readouterr().err


def test_evaluate_ner_command(tmp_path, capsys):
    sample = tmp_path / "sample.jsonl"
    rows = [
        {
            "text": "国务院总理李强在北京会见了联合国秘书长古特雷斯。",
            "entities": [[5, 7, "PER"], [8, 10, "LOC"], [13, 16, "ORG"], [19, 23, "PER"]],
        },
        {
            "text": "贺州市人力资源和社会保障局局长张志强出席会议。",
            "entities": [[0, 13, "ORG"], [15, 18, "PER"]],
        },
    ]
    sample.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["evaluate", "ner", "--data", str(sample)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["category", "precision", "recall", "F1", "gold"]
    per = next(line for line in out.splitlines() if line.startswith("PER"))
    assert per.split()[-1] == "3"


def test_blocks_without_letters_skip_the_ner_and_offsets_still_hold():
    """The NER is given only blocks that have a letter; what it finds lands at the right
    place in the document even when earlier blocks were skipped."""
    from redact.detect import Detector
    from redact.policy import load_policy

    seen: list[str] = []

    def ner(texts):
        seen.extend(texts)
        return [[(0, 3, "PER")] if t.startswith("陈建华") else [] for t in texts]

    detector = Detector.build(load_policy(None), ner=ner)
    text = "— 1 —\n2021  86000  12.5%\n陈建华申请公开。\n"
    findings = detector.detect(extract_bytes(text.encode()))
    assert seen == ["陈建华申请公开。"]
    name = next(f for f in findings if f.category == Category.PERSON_NAME)
    assert text[name.start : name.end] == "陈建华"


def test_ner_spans_in_formulaic_elements_and_lone_characters_are_not_names():
    """The NER once read 贺 in 贺人社报〔2021〕8号 as a name, and the published file lost a
    character of its 发文字号. What it finds inside a 发文字号 (or 密级, 成文日期 …) is
    dropped, and so is a one-character name anywhere."""
    from redact.detect import Detector
    from redact.policy import load_policy

    document = extract_bytes(render_docx(REQUEST))
    number = document.element(ElementName.DOC_NUMBER)
    assert number is not None and number.value.startswith("贺人社报")
    contact = document.text.index("张晓燕")

    def ner(texts):
        out = []
        for t in texts:
            spans = []
            if t.startswith("贺人社报"):
                spans.append((0, 1, "PER"))  # inside the 发文字号
            if (at := t.find("联系人：张")) >= 0:
                spans.append((at + 4, at + 5, "PER"))  # 张 alone
                spans.append((at + 4, at + 7, "PER"))  # 张晓燕
            out.append(spans)
        return out

    findings = Detector.build(load_policy(None), ner=ner).detect(document)
    names = [(f.start, f.text) for f in findings if f.category == Category.PERSON_NAME]
    assert (contact, "张晓燕") in names
    assert not [f for f in findings if f.start < number.end and number.start < f.end]
    assert all(len(text) >= 2 for _, text in names)


def test_shipped_model_finds_no_name_in_the_request_header(detector):
    document = extract_bytes(render_pdf(REQUEST))
    number = document.element(ElementName.DOC_NUMBER)
    findings = detector.detect(document)
    assert not [f for f in findings if f.start < number.end and number.start < f.end]
    assert all(len(f.text) >= 2 for f in findings if f.category == Category.PERSON_NAME)
    assert "张晓燕" in {f.text for f in findings}
