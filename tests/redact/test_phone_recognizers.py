from __future__ import annotations

import pytest

from redact.recognizers import LandlineRecognizer, MobileRecognizer
from tests.redact.helpers import run, to_full_width

MOBILE = MobileRecognizer()
LANDLINE = LandlineRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("联系电话：13907745678。", "13907745678"),
        ("手机139 0774 5678", "139 0774 5678"),
        ("手机139-0774-5678", "139-0774-5678"),
        ("电话+86 139 0774 5678", "+86 139 0774 5678"),
        ("电话+8613907745678", "+8613907745678"),
        ("手机：" + to_full_width("13907745678"), to_full_width("13907745678")),
        ("手机：１３９－０７７４－５６７８", "１３９－０７７４－５６７８"),
    ],
)
def test_mobiles(text, found):
    assert run(MOBILE, text) == [("mobile_phone", found)]


@pytest.mark.parametrize(
    "text",
    [
        "号码12345678901",  # 12x is not a mobile prefix
        "身份证44010019850302123X",  # inside a longer digit run
        "12333人社服务热线",
        "编号139077456789",  # 12 digits
    ],
)
def test_not_mobiles(text):
    assert run(MOBILE, text) == []


def test_a_mobile_shaped_amount_is_only_offered_for_review():
    [c] = MOBILE.analyze("全年支出13800138000元")
    assert c.score < 0.5 and "可能性降低" in c.explanation


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("电话：0431-88690585；", "0431-88690585"),
        ("传真(0774)5123456", "(0774)5123456"),
        ("联系电话0774-5123456转8012", "0774-5123456转8012"),
        ("电话010-62345678-123", "010-62345678-123"),
        ("电话：０７７４－５１２３４５６", "０７７４－５１２３４５６"),
    ],
)
def test_landlines(text, found):
    assert run(LANDLINE, text) == [("landline_phone", found)]


@pytest.mark.parametrize(
    "text",
    [
        "12333",  # service number, no area code
        "2020年",
        "第0774号",
        "0000-0000000",
        "增长0.5123456",
    ],
)
def test_not_landlines(text):
    assert run(LANDLINE, text) == []
