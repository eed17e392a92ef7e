"""居民身份证号码 against the standard's own examples and numbers checked by hand
(``tests/oracles.py``), never against the library call the recogniser makes."""

from __future__ import annotations

import pytest

from core.datamodel import Action
from redact import build_detector
from redact.recognizers import IdCardRecognizer
from tests.redact.helpers import candidates, to_full_width, valid_id

R = IdCardRecognizer()
# The two examples printed in GB 11643-1999.
STANDARD = "11010519491231002X"
STANDARD_2 = "440524188001010014"
VALID = valid_id("44010019850302123")  # Guangzhou, born 1985-03-02


@pytest.mark.parametrize(
    "text",
    [
        f"身份证号：{STANDARD}。",
        f"身份证号{STANDARD_2}，",  # no separator between 号 and the digits: \b would miss it
        f"公民身份号码 {VALID[:6]} {VALID[6:14]} {VALID[14:]}",
        f"证件号码{VALID[:6]}-{VALID[6:14]}-{VALID[14:]}",
        f"身份证：{to_full_width(VALID)}",
        f"身份证：{STANDARD.lower()}",
        f"身份证：{to_full_width(STANDARD)}",
        f"住址为某某路1号，{STANDARD}，",  # no label at all: the check digit is enough
    ],
)
def test_valid_ids_are_found_with_high_score(text):
    [c] = candidates(R, text)
    assert c.score >= 0.9
    assert "校验码正确" in c.explanation
    found = text[c.start : c.end].replace(" ", "").replace("-", "").upper()
    assert found in (VALID, STANDARD, STANDARD_2, to_full_width(VALID), to_full_width(STANDARD))


@pytest.mark.parametrize(
    ("first17", "why"),
    [
        ("33011319800101123", "临平区 (2021): not in python-stdnum's table at all"),
        ("33011419751231002", "钱塘区 (2021): not in the table either"),
        ("11011819700615003", "密云区 since 2015: a holder born in 1970 keeps the new code"),
        ("44031119650208004", "光明区 since 2018"),
        ("65901219880303005", "白杨市 since 2022"),
        ("32010219700101006", "玄武区, in the table only from 1983"),
        ("81000019900101007", "香港特别行政区 (residence permit)"),
    ],
)
def test_a_valid_check_digit_is_an_id_whatever_the_region_table_says(first17, why):
    number = valid_id(first17)
    [c] = candidates(R, f"申请人{number}，")
    assert c.score >= 0.9, why
    assert number[:6] in c.explanation


def test_explanation_names_region_and_birth_date():
    [c] = candidates(R, f"身份证{VALID}")
    assert "地区码 440100" in c.explanation and "广州" in c.explanation
    assert "出生于 1985-03-02" in c.explanation


def wrong_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def test_wrong_check_digit_alone_is_for_review():
    [c] = candidates(R, f"编号为{wrong_check(VALID)}的记录")
    assert 0.3 <= c.score < 0.75
    assert "校验码应为" in c.explanation and "录入错误" in c.explanation


@pytest.mark.parametrize("label", ["身份证号：", "公民身份号码", "身份证号码：", "证件号码："])
def test_wrong_check_digit_after_an_id_label_is_still_redacted(label):
    """A typo in an ID is still an ID."""
    text = f"当事人张三，{label}{wrong_check(VALID)}，住某某路1号。"
    [c] = candidates(R, text)
    assert c.score >= 0.75
    detector = build_detector(use_ner=False)
    [finding] = [f for f in detector.detect_text(text) if f.category.value == "id_card"]
    assert finding.action == Action.REDACT


@pytest.mark.parametrize(
    "text",
    [
        "流水号440100198513321234",  # month 13
        "订单202312011234567890",  # no real date in the birth-date place
        "金额共计123456789012345678元",
        f"编号{VALID}9",  # 19 digits: part of a longer number
        f"A{VALID}",  # glued to a letter
        "编号" + valid_id("99010019850302123"),  # province 99 does not exist
    ],
)
def test_look_alikes_are_not_ids(text):
    assert [c for c in candidates(R, text) if c.score >= 0.5] == []


def test_legacy_15_digit_id():
    [c] = candidates(R, "身份证号：440100850302123")
    assert "15 位旧版身份证号码" in c.explanation and "出生于 1985-03-02" in c.explanation
    assert c.score >= 0.75


def test_doc_number_and_dates_are_not_ids():
    text = "根据贺政办发〔2020〕102号文件，2020年3月5日起施行，共计20200305人次。"
    assert candidates(R, text) == []
