"""The policy on findings: officials and agency contacts kept, private parties redacted.

The person names here come from a stand-in for the NER (names listed per test), so
these tests judge the policy alone, on the real recognisers."""

from __future__ import annotations

import re

import pytest

from core.datamodel import Action, Category
from ingest import extract_bytes
from redact.detect import Detector
from redact.policy import DEFAULT_POLICY, PolicyError, load_policy
from redact.recognizers import default_recognizers


def names_ner(*names: str):
    """A stand-in NER that finds the given names wherever they occur."""

    def run(texts):
        return [
            [(m.start(), m.end(), "PER") for n in names for m in re.finditer(n, t)] for t in texts
        ]

    return run


def detector(*names, policy=None):
    return Detector(
        default_recognizers(), policy or load_policy(), names_ner(*names) if names else None
    )


def actions(findings):
    return {(f.text, f.category.value): f.action for f in findings}


def test_officials_in_office_are_kept_private_parties_redacted():
    text = (
        "成立工作领导小组。\n组  长：李建国\n副组长：王强、赵六\n"
        "责任编辑：陈晓。局长张伟出席会议。\n"
        "当事人陈某某，身份证号：440100198503021232，住址：贺州市八步区建设中路18号。\n"
    )
    found = actions(detector("李建国", "王强", "赵六", "陈晓", "张伟", "陈某某").detect_text(text))
    assert found[("李建国", "person_name")] == Action.KEEP
    assert found[("王强", "person_name")] == Action.KEEP
    assert found[("赵六", "person_name")] == Action.KEEP
    assert found[("陈晓", "person_name")] == Action.KEEP
    assert found[("张伟", "person_name")] == Action.KEEP
    assert found[("陈某某", "person_name")] == Action.REDACT
    assert found[("贺州市八步区建设中路18号", "address")] == Action.REDACT


def test_signer_element_is_kept():
    document = extract_bytes(
        "某某局文件\n某发〔2021〕8号　　签发人：王建国\n关于某事的请示\n".encode()
    )
    findings = detector("王建国").detect(document)
    [name] = [f for f in findings if f.text == "王建国"]
    assert name.action == Action.KEEP
    assert "签发人" in name.action_reason


def test_agency_contacts():
    text = "咨询电话：0774-5123456。联系人：李明，联系电话：13907745678。邮编542899，办公地址：贺州市建设中路88号。"
    found = actions(detector("李明").detect_text(text))
    assert found[("0774-5123456", "landline_phone")] == Action.KEEP
    assert found[("李明", "person_name")] == Action.REVIEW
    assert found[("13907745678", "mobile_phone")] == Action.REVIEW


def test_a_private_mobile_is_redacted():
    found = actions(detector("张三").detect_text("投诉人张三，手机13907745678，反映欠薪问题。"))
    assert found[("张三", "person_name")] == Action.REDACT
    assert found[("13907745678", "mobile_phone")] == Action.REDACT


def test_findings_carry_legal_basis_and_explanation():
    [finding] = detector().detect_text("申请人身份证号440100198503021232")
    assert finding.category == Category.ID_CARD
    assert finding.legal_basis == "《政府信息公开条例》第十五条（个人隐私）"
    assert "校验码正确" in finding.explanation
    assert finding.action == Action.REDACT
    assert finding.to_dict()["label"] == "居民身份证号码"


def test_credit_code_is_kept_as_an_organisations():
    [finding] = detector().detect_text("统一社会信用代码91350100M000100Y43")
    assert finding.action == Action.KEEP and finding.legal_basis is None


def test_office_allow_and_deny_lists(tmp_path):
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    text = text.replace("allow_list: []", "allow_list: [张伟]").replace(
        "deny_list: []", "deny_list: [某某专案]"
    )
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    found = actions(
        detector("张伟", policy=load_policy(path)).detect_text("投诉人张伟涉及某某专案。")
    )
    assert found[("张伟", "person_name")] == Action.KEEP
    assert found[("某某专案", "deny_list")] == Action.REDACT


def test_uncertain_findings_go_to_review():
    found = detector().detect_text(
        "护照E12345678"
    )  # no 护照 context word right before? it is: check score
    [passport] = found
    assert passport.action in {Action.REDACT, Action.REVIEW}
    bare = detector().detect_text("批号E12345678")
    assert all(f.action == Action.REVIEW for f in bare)


@pytest.mark.parametrize(
    "content",
    [
        "categories: {nonsense: redact}",
        "categories: {email: shred}",
        "redact_threshold: high",
        "[unclosed",
    ],
)
def test_a_broken_policy_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "policy.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError):
        load_policy(path)


def test_the_nearest_cue_decides():
    text = "依据有关规定，决定对当事人处以罚款。\n局长：张志强\n当事人陈某某签收。副局长王强陪同。"
    found = actions(detector("张志强", "陈某某", "王强").detect_text(text))
    assert found[("张志强", "person_name")] == Action.KEEP  # a line headed 局长：
    assert found[("陈某某", "person_name")] == Action.REDACT  # right after 当事人
    assert found[("王强", "person_name")] == Action.KEEP  # right after 副局长, 当事人 further off
