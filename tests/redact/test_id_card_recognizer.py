from __future__ import annotations

import pytest

from redact.recognizers import IdCardRecognizer
from tests.redact.helpers import candidates, to_full_width, valid_id

R = IdCardRecognizer()
VALID = valid_id("44010019850302123")  # Guangzhou, born 1985-03-02
VALID_X = next(v for i in range(1000) if (v := valid_id(f"11010519900307{i:03d}")).endswith("X"))


@pytest.mark.parametrize(
    "text",
    [
        f"身份证号：{VALID}。",
        f"身份证号{VALID}，",  # no separator between 号 and the digits: \b would miss it
        f"公民身份号码 {VALID[:6]} {VALID[6:14]} {VALID[14:]}",
        f"证件号码{VALID[:6]}-{VALID[6:14]}-{VALID[14:]}",
        f"身份证：{to_full_width(VALID)}",
        f"身份证：{VALID_X.lower()}",
        f"身份证：{to_full_width(VALID_X)}",
    ],
)
def test_valid_ids_are_found_with_high_score(text):
    [c] = candidates(R, text)
    assert c.score >= 0.9
    assert "校验码正确" in c.explanation
    assert "出生 19" in c.explanation
    assert text[c.start : c.end].replace(" ", "").replace("-", "").upper() in (
        VALID,
        VALID_X,
        to_full_width(VALID),
        to_full_width(VALID_X),
    )


def test_explanation_names_region_and_birth_date():
    [c] = candidates(R, f"身份证{VALID}")
    assert "地区码 440100" in c.explanation and "出生 1985-03-02" in c.explanation


def test_wrong_check_digit_is_reported_lower_with_the_reason():
    wrong = VALID[:17] + str((int(VALID[17]) + 1) % 10) if VALID[17] != "X" else VALID[:17] + "0"
    [c] = candidates(R, f"编号为{wrong}的记录")
    assert 0.3 <= c.score < 0.9
    assert "校验码是" in c.explanation and "而应为" in c.explanation


@pytest.mark.parametrize(
    "text",
    [
        "流水号440100198513321234",  # month 13
        "订单202312011234567890",  # no real date in the birth-date place
        "金额共计123456789012345678元",
        f"编号{VALID}9",  # 19 digits: part of a longer number
        f"A{VALID}",  # glued to a letter
    ],
)
def test_look_alikes_are_not_ids(text):
    assert [c for c in candidates(R, text) if c.score >= 0.5] == []


def test_legacy_15_digit_id():
    [c] = candidates(R, "身份证号：440100850302123")
    assert "15 位旧身份证号码" in c.explanation and "出生 1985-03-02" in c.explanation


def test_doc_number_and_dates_are_not_ids():
    text = "根据贺政办发〔2020〕102号文件，2020年3月5日起施行，共计20200305人次。"
    assert candidates(R, text) == []
