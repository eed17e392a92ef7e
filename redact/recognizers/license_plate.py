"""机动车号牌, including new-energy plates (D/F + 5, or 5 + D/F) and 挂/学/警/港/澳."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer

# (陜: the variant of 陕 that OpenCC's Traditional table does not map, seen in a copy.)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕陜吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"


class LicensePlateRecognizer(PatternRecognizer):
    name = "LicensePlateRecognizer"
    category = Category.LICENSE_PLATE
    patterns = (
        Pattern("新能源车号牌", rf"[{_PROVINCES}][{_LETTER}][·• ]?(?:[DF][{_LETTER}0-9]\d{{4}}|\d{{5}}[DF])(?![0-9A-Za-z])", 0.8),
        Pattern("机动车号牌", rf"[{_PROVINCES}][{_LETTER}][·• ]?[{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警港澳](?![0-9A-Za-z])", 0.7),
    )  # fmt: skip
    context = ("车牌", "号牌", "车辆", "机动车", "驾驶", "车号")
    negative_context = ("型号",)

    def validate(self, matched: str):
        from redact.recognizers.base import Verdict

        body = matched[2:].lstrip("·• ")
        if body.isalpha():  # 京A·ABCDE: a plate has digits
            return Verdict.reject("没有数字，不是号牌")
        return None
