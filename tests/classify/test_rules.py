"""The rule layer on real markings: explicit reasons, articles cited, 密级 always wins."""

from __future__ import annotations

import pytest

from classify import suggest
from classify.categories import load_categories
from core.datamodel import Action as Act
from core.datamodel import Category, DisclosureAttribute, Finding, Ground
from ingest import extract_bytes
from tests.docgen import NOTICE, REQUEST, SECRET, render_docx, render_pdf

A = DisclosureAttribute


def doc(text: str):
    return extract_bytes(text.encode("utf-8"))


@pytest.mark.parametrize("render", [render_docx, render_pdf], ids=["docx", "pdf"])
@pytest.mark.parametrize(
    ("spec", "attribute", "ground", "blocked"),
    [
        (NOTICE, A.PROACTIVE, None, False),
        (REQUEST, A.WITHHELD, Ground.PROCESS, False),
        (SECRET, A.WITHHELD, Ground.STATE_SECRET, True),
    ],
    ids=["notice", "request", "secret"],
)
def test_fixtures(spec, attribute, ground, blocked, render):
    suggestion = suggest(extract_bytes(render(spec)))
    assert suggestion.attribute == attribute
    assert suggestion.ground == ground
    assert suggestion.publication_blocked is blocked
    assert suggestion.source == "rules"
    assert all(e.article for e in suggestion.evidence)


SECRECY_FORMS = ["秘密★1年", "机密★5年", "绝密★长期", "机密", "密级：秘密★6个月", "秘密 ★ 10年"]


@pytest.mark.parametrize("marking", SECRECY_FORMS)
def test_a_secrecy_marking_is_never_suggested_for_publication(marking):
    # Even when the note says 此件公开发布: the conflict is shown, the marking wins.
    text = f"000123\n{marking}\n某某局文件\n某发〔2021〕1号\n关于印发某某管理办法的通知\n各单位：\n正文。\n某某局\n2021年5月6日\n（此件公开发布）\n"
    suggestion = suggest(doc(text))
    assert suggestion.attribute == A.WITHHELD
    assert suggestion.attribute != A.PROACTIVE
    assert suggestion.publication_blocked
    assert suggestion.ground == Ground.STATE_SECRET
    assert any("附注公开属性" in c for c in suggestion.conflicts)
    assert suggestion.probabilities[A.PROACTIVE] < 0.05


@pytest.mark.parametrize(
    ("note", "attribute"),
    [
        ("（此件公开发布）", A.PROACTIVE),
        ("（此件主动公开）", A.PROACTIVE),
        ("（此件依申请公开）", A.ON_APPLICATION),
        ("（此件不予公开）", A.WITHHELD),
        ("（此件不公开）", A.WITHHELD),
    ],
)
def test_markings(note, attribute):
    suggestion = suggest(doc(f"关于某事的函\n某单位：\n正文。\n某某局\n2021年5月6日\n{note}\n"))
    assert suggestion.attribute == attribute
    assert suggestion.probabilities[attribute] >= 0.9
    assert suggestion.evidence[0].rule == "附注公开属性"


@pytest.mark.parametrize(
    ("title", "attribute", "ground", "category"),
    [
        ("关于申请专项资金的请示", A.WITHHELD, Ground.PROCESS, "业务信息"),
        ("2021年第三次局务会议纪要", A.WITHHELD, Ground.PROCESS, "政务动态"),
        ("贺州市就业补助资金管理办法（征求意见稿）", A.WITHHELD, Ground.PROCESS, "规范性文件"),
        ("关于张某某等同志任免职务的通知", A.WITHHELD, Ground.INTERNAL, "业务信息"),
        ("行政处罚决定书", A.WITHHELD, Ground.ENFORCEMENT, "业务信息"),
        ("关于印发贺州市就业补助资金管理办法的通知", A.PROACTIVE, None, "规范性文件"),
        ("《贺州市就业补助资金管理办法》政策解读", A.PROACTIVE, None, "政策解读"),
    ],
)
def test_document_types(title, attribute, ground, category):
    suggestion = suggest(doc(f"{title}\n各有关单位：\n正文内容。\n"))
    assert (suggestion.attribute, suggestion.ground, suggestion.category) == (
        attribute,
        ground,
        category,
    )


def test_a_penalty_naming_a_private_party_cites_privacy():
    document = doc("行政处罚决定书\n当事人：陈建华。\n")
    start = document.text.index("陈建华")
    finding = Finding(
        start,
        start + 3,
        Category.PERSON_NAME,
        "陈建华",
        0.85,
        "NerRecognizer",
        "name",
        None,
        Act.REDACT,
    )
    suggestion = suggest(document, [finding])
    assert suggestion.attribute == A.WITHHELD
    assert any(e.rule == "个人信息" and "第三十七条" in e.article for e in suggestion.evidence)


def test_without_evidence_the_prior_is_said_to_be_a_prior():
    suggestion = suggest(doc("各位同事：\n下周一开会。\n"))
    assert suggestion.evidence == ()
    assert "不是关于本文件的证据" in suggestion.note
    assert abs(sum(suggestion.probabilities.values()) - 1) < 1e-9


def test_the_office_edits_its_categories(tmp_path):
    path = tmp_path / "categories.yaml"
    path.write_text(
        "default: 其他\ncategories:\n  - name: 人事信息\n    title: [任免]\n", encoding="utf-8"
    )
    categories = load_categories(path)
    assert categories.of("关于任免的通知") == "人事信息"
    assert categories.of("关于开会的通知") == "其他"
