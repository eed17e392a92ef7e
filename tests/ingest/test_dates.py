from __future__ import annotations

import pytest

from ingest.dates import chinese_number, normalise_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2020年3月5日", "2020-03-05"),
        ("2020 年 12 月 31 日", "2020-12-31"),
        ("二〇二一年四月十二日", "2021-04-12"),
        ("二○二二年十二月二十三日", "2022-12-23"),
        ("二零一九年十月三十一日", "2019-10-31"),
        ("２０２３年１１月６日", "2023-11-06"),
        ("于2019年2月29日", None),  # not a leap year
        ("2020年13月1日", None),
        ("2020年3月", None),
    ],
)
def test_dates_are_normalised(text, iso):
    assert normalise_date(text) == iso


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三十一", 31),
        ("二〇二〇", 2020),
        ("十十", None),
        ("甲", None),
    ],
)
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value
