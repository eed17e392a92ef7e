"""密级 markings however they are typed: every variant is read, and blocks publication.

The variants a hostile or careless drafter produced (issue 14) are listed by hand; the
property test generates the rest from the parts a marking is made of.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classify import suggest
from core.datamodel import DisclosureAttribute, ElementName
from ingest import extract_bytes
from ingest.secrecy import fold, read_line
from tests.docgen import DocSpec, Line, render_docx

TAIL = "某某局文件\n某人发〔2021〕1号\n关于印发某某管理办法的通知\n各单位：\n现将办法印发给你们。\n某某局\n2021年5月6日\n（此件公开发布）\n"


def parse(text: str):
    return extract_bytes(text.encode("utf-8"))


def assert_blocked(document, level: str | None = None, *, unclear: bool = False) -> None:
    element = document.element(ElementName.SECRECY)
    assert element is not None, "no 密级 found"
    assert bool(element.details.get("unclear")) is unclear
    if level is not None:
        assert element.details["level"] == level
    suggestion = suggest(document)
    assert suggestion.publication_blocked
    assert suggestion.attribute == DisclosureAttribute.WITHHELD


# What went through review to ``published`` before (issue 14, item 1).
@pytest.mark.parametrize(
    ("head", "level"),
    [
        ("秘 密★1年\n", "秘密"),
        ("机\u3000密★5年\n", "机密"),
        ("秘密*1年\n", "秘密"),
        ("秘密☆1年\n", "秘密"),
        ("秘密＊1年\n", "秘密"),
        ("秘\u200b密★1年\n", "秘密"),
        ("【秘密】\n", "秘密"),
        ("000123　秘密★1年\n", "秘密"),
        ("秘密★1年　000123\n", "秘密"),
        ("绝密★长期　特急\n", "绝密"),
    ],
)
def test_reported_variants_block(head, level):
    assert_blocked(parse(head + TAIL), level)


def test_marking_on_the_doc_number_line_keeps_the_doc_number():
    document = parse("某某局文件\n某人发〔2021〕1号　机密★5年\n关于某事的通知\n各单位：\n正文。\n")
    assert_blocked(document, "机密")
    assert document.element(ElementName.DOC_NUMBER).value == "某人发〔2021〕1号"
    document = parse("某某局文件\n秘密★1年 某人发〔2021〕1号\n关于某事的通知\n各单位：\n正文。\n")
    assert_blocked(document, "秘密")
    assert document.element(ElementName.DOC_NUMBER).value == "某人发〔2021〕1号"


def test_marking_in_a_docx_header_only():
    spec = DocSpec(
        name="header-only",
        header="秘 密 ★ 1 年",
        lines=(
            Line("mark", "某某局文件"),
            Line("number", "某人发〔2021〕1号"),
            Line("title", "关于某事的通知"),
            Line("addressee", "各单位："),
            Line("body", "现将有关事项通知如下。"),
        ),
    )
    document = extract_bytes(render_docx(spec), filename="header.docx")
    assert_blocked(document, "秘密")


@pytest.mark.parametrize(
    ("head", "why"),
    [
        ("密级：内部\n", "内部"),
        ("密级：\n", "空"),
        ("秘★1年\n", "看不清密级"),
        ("工作秘密\n", "工作秘密"),
    ],
)
def test_an_unclear_marking_blocks_with_its_reason(head, why):
    document = parse(head + TAIL)
    assert_blocked(document, unclear=True)
    assert why in document.element(ElementName.SECRECY).details["unclear"]
    evidence = suggest(document).evidence[0]
    assert evidence.rule == "密级标志" and why in evidence.explanation


def test_a_starred_marking_outside_the_head_still_blocks():
    # An attachment's own 密级, deep in the body.
    body = "正文。\n" * 20 + "附件2\n秘密★1年\n某某名单\n"
    document = parse("关于某事的通知\n各单位：\n" + body)
    assert_blocked(document, unclear=True)


@pytest.mark.parametrize(
    "text",
    [
        "关于加强保守国家秘密工作的通知\n各单位：\n要严守秘密，不得泄露。\n",
        "关于印发《商业秘密保护指引》的通知\n各单位：\n正文。\n",
        "关于开展机密文件清理工作的通知\n各单位：\n秘密载体要统一管理。\n",
        "关于做好涉密人员管理的通知\n各单位：\n正文。\n",
        "密级：非密\n关于某事的通知\n各单位：\n正文。\n",
        "密级：公开\n关于某事的通知\n各单位：\n正文。\n",
    ],
)
def test_words_inside_prose_are_not_markings(text):
    assert parse(text).element(ElementName.SECRECY) is None


def test_fold_maps_back_to_the_original_offsets():
    text = "x秘\u200b 密 ＊ １年"
    folded = fold(text, offset=10)
    assert folded.text == "x秘 密 ★ 1年"
    (marking,) = read_line(text, 10, in_head=True)
    assert (marking.start, marking.end) == (11, 10 + len(text))
    assert (marking.level, marking.period) == ("秘密", "1年")


# -- generated variants ---------------------------------------------------------------

_NOISE = st.text(
    # spaces of every width, zero-width characters, joiners, BOM, soft hyphen, RLO, tab
    alphabet=list(" \u3000\u00a0\u2002\u2009\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\t"),
    max_size=2,
)
_LEVELS = {"绝密": "绝密", "机密": "机密", "秘密": "秘密", "機密": "机密", "絕密": "绝密"}


@st.composite
def markings(draw) -> tuple[str, str]:
    written = draw(st.sampled_from(sorted(_LEVELS)))
    level = draw(_NOISE).join(written)
    star = draw(st.sampled_from(["", "★", "☆", "*", "＊", "✭", "⋆", "※", "✱", "﹡"]))
    period = draw(st.sampled_from(["", "1年", "5年", "10年", "长期", "6个月", "一年", "２０年"]))
    if not star and period:
        period = draw(st.sampled_from([" ", "\u3000", "（"])) + period
        period += "）" if "（" in period else ""
    opening, closing = draw(st.sampled_from([("", ""), ("【", "】"), ("[", "]"), ("〔", "〕")]))
    label = draw(st.sampled_from(["", "密级：", "密级:", "密 级：", "密级和保密期限："]))
    marking = f"{label}{opening}{level}{closing}{draw(_NOISE)}{star}{draw(_NOISE)}{period}"
    return marking, _LEVELS[written]


_PLACES = [
    "{m}\n" + TAIL,
    "000123　{m}\n" + TAIL,
    "{m}　000123　特急\n" + TAIL,
    "000123\n{m}\n特急\n" + TAIL,
    "某某局文件\n某人发〔2021〕1号　{m}\n关于某事的通知\n各单位：\n正文。\n",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markings(), st.sampled_from(_PLACES))
def test_every_generated_variant_blocks(marking, place):
    written, level = marking
    assert_blocked(parse(place.format(m=written)), level)
