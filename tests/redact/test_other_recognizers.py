"""E-mail, bank card, passport, permits, social-security card, plates, QQ, WeChat, IP,
birth dates, credit codes and addresses: valid, invalid and look-alike inputs."""

from __future__ import annotations

import pytest

from redact.recognizers import (
    AddressRecognizer,
    BankCardRecognizer,
    BirthDateRecognizer,
    CreditCodeRecognizer,
    EmailRecognizer,
    IpAddressRecognizer,
    LicensePlateRecognizer,
    PassportRecognizer,
    QQRecognizer,
    SocialSecurityCardRecognizer,
    TravelPermitRecognizer,
    WeChatRecognizer,
)
from tests.oracles import luhn_check_digit
from tests.redact.helpers import candidates, run, to_full_width

CARD = "622202123456789012" + luhn_check_digit("622202123456789012")  # 19 digits
CARD16 = "621700123456789" + luhn_check_digit("621700123456789")


def strong(recognizer, text):
    return [(text[c.start : c.end]) for c in candidates(recognizer, text) if c.score >= 0.75]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("邮箱：zhang.san@163.com。", ["zhang.san@163.com"]),
        ("E-mail:hzrsj_bgs@hezhou.gov.cn", ["hzrsj_bgs@hezhou.gov.cn"]),
        ("邮箱ｚｈａｎｇ＠１６３．ｃｏｍ", ["ｚｈａｎｇ＠１６３．ｃｏｍ"]),
        ("请发送至 a..b@x.com", []),
        ("见第3.2节@附件", []),
    ],
)
def test_email(text, found):
    assert [t for _, t in run(EmailRecognizer(), text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"银行卡号：{CARD}", [CARD]),
        (
            f"开户账号 {CARD16[:4]} {CARD16[4:8]} {CARD16[8:12]} {CARD16[12:]}",
            [f"{CARD16[:4]} {CARD16[4:8]} {CARD16[8:12]} {CARD16[12:]}"],
        ),
        (f"卡号{to_full_width(CARD16)}", [to_full_width(CARD16)]),
    ],
)
def test_bank_cards(text, found):
    assert strong(BankCardRecognizer(), text) == found


def test_bank_card_look_alikes():
    broken = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert strong(BankCardRecognizer(), f"卡号{broken}") == []  # Luhn fails: not strong
    assert strong(BankCardRecognizer(), "共计1234567890123456人次") == []


@pytest.mark.parametrize(
    ("recognizer", "text", "found"),
    [
        (PassportRecognizer(), "护照号码：E12345678", ["E12345678"]),
        (PassportRecognizer(), "护照号EA1234567", ["EA1234567"]),
        (PassportRecognizer(), "护照号：Ｇ１２３４５６７８", ["Ｇ１２３４５６７８"]),
        (TravelPermitRecognizer(), "往来港澳通行证C12345678", ["C12345678"]),
        (TravelPermitRecognizer(), "港澳通行证号CA1234567", ["CA1234567"]),
        (TravelPermitRecognizer(), "回乡证H1234567801", ["H1234567801"]),
        (TravelPermitRecognizer(), "台湾通行证号码12345678", ["12345678"]),
        (SocialSecurityCardRecognizer(), "社会保障卡号：A12345678", ["A12345678"]),
        (SocialSecurityCardRecognizer(), "社保卡号 440100851234567", ["440100851234567"]),
        (LicensePlateRecognizer(), "车牌号桂J12345", ["桂J12345"]),
        (LicensePlateRecognizer(), "号牌粤B·D12345", ["粤B·D12345"]),
        (LicensePlateRecognizer(), "新能源车京AD12345", ["京AD12345"]),
        (LicensePlateRecognizer(), "车辆桂J1234学", ["桂J1234学"]),
        (QQRecognizer(), "QQ：12345678", ["12345678"]),
        (QQRecognizer(), "qq号 987654321", ["987654321"]),
        (WeChatRecognizer(), "微信号：zhang_san88", ["zhang_san88"]),
        (WeChatRecognizer(), "加微信 wxid-abc123", ["wxid-abc123"]),
        (BirthDateRecognizer(), "张某，1985年3月2日出生", ["1985年3月2日"]),
        (BirthDateRecognizer(), "出生日期：1985-03-02", ["1985-03-02"]),
        (BirthDateRecognizer(), "生于一九八五年三月", ["一九八五年三月"]),
        (CreditCodeRecognizer(), "统一社会信用代码：91350100M000100Y43", ["91350100M000100Y43"]),
        (
            AddressRecognizer(),
            "住址：贺州市八步区建设中路18号3栋201室。",
            ["贺州市八步区建设中路18号3栋201室"],
        ),
        (AddressRecognizer(), "家住平桂区黄田镇新村组，", ["平桂区黄田镇新村组"]),
    ],
)
def test_found(recognizer, text, found):
    assert strong(recognizer, text) == found


@pytest.mark.parametrize(
    ("recognizer", "text"),
    [
        (PassportRecognizer(), "型号E12345678的设备"),
        (PassportRecognizer(), "E1234567"),  # too short
        (TravelPermitRecognizer(), "编号C12345678"),
        (TravelPermitRecognizer(), "共有12345678人参保"),  # 8 digits without context
        (LicensePlateRecognizer(), "桂A·ABCDE"),  # no digits
        (LicensePlateRecognizer(), "桂政发〔2020〕"),
        (QQRecognizer(), "共计12345678元"),  # no keyword
        (WeChatRecognizer(), "关于 Implementation 的说明"),
        (BirthDateRecognizer(), "2020年3月5日印发"),
        (BirthDateRecognizer(), "2020年3月5日起施行"),
        (CreditCodeRecognizer(), "统一社会信用代码：91350100M000100Y44"),  # check character wrong
        (CreditCodeRecognizer(), "身份证440100198503021234"),
        (AddressRecognizer(), "住所地广西贺州市"),  # a city, not a street address
        (SocialSecurityCardRecognizer(), "社会保障卡发放工作"),
    ],
)
def test_not_found(recognizer, text):
    assert strong(recognizer, text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("登录IP：202.96.128.86", ["202.96.128.86"]),
        ("IP地址 2001:db8:85a3::8a2e:370:7334", ["2001:db8:85a3::8a2e:370:7334"]),
        ("版本1.2.3.4", []),
        ("第999.1.1.1条", []),
        ("时间12:30", []),
    ],
)
def test_ip_addresses(text, found):
    assert [t for _, t in run(IpAddressRecognizer(), text)] == found


def test_a_bare_eight_digit_number_is_not_reported():
    assert candidates(TravelPermitRecognizer(), "共有12345678人参保") == []


def test_passport_without_context_is_only_for_review():
    [c] = candidates(PassportRecognizer(), "E12345678")
    assert c.score < 0.75


def test_an_id_that_also_passes_gb32100_is_read_as_an_id():
    """33011420030809239X: its check digit is wrong for GB 11643 (it should be 1) but
    right for GB 32100. Without a 信用代码 label the ID reading wins: personal data is
    never dropped as an organisation's code."""
    from redact import build_detector

    detector = build_detector(use_ner=False)
    [finding] = detector.detect_text("名单\n2070\n33011420030809239X\n2\n")
    assert finding.category.value == "id_card"
    labelled = detector.detect_text("统一社会信用代码：33011420030809239X")
    assert labelled == []  # with the label it is an organisation's code: not a decision
