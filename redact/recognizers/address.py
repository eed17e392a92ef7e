"""Street addresses written after their label (住址, 家住 …): a complement to the NER,
which finds addresses in running text but can miss the end of a long one."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict

#: Words a street-level address has; a province or city alone has none of them.
STREET_WORDS = ("路", "街", "道", "巷", "弄", "胡同", "村", "组", "号", "室", "栋", "幢", "单元",
                "楼", "小区", "花园", "苑", "大厦", "公寓", "社区")  # fmt: skip


def is_street_level(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and any(w in text for w in STREET_WORDS)


class AddressRecognizer(PatternRecognizer):
    name = "AddressRecognizer"
    category = Category.ADDRESS
    patterns = (
        Pattern(
            "标注后的住址",
            r"(?:家庭住址|家庭地址|现住址|现住|住址|住所地?|居住地|户籍地址?|家住|住在|通讯地址|联系地址|收货地址)"
            # Greedy, so "18号3栋201室" is taken whole; it ends on a unit of address.
            r"[:：\s为是]*(?P<value>[\u4e00-\u9fff0-9A-Za-z\-#（）()·]{2,60}"
            r"(?:号|室|栋|幢|单元|楼|层|组|村|社区))",
            0.8,
        ),
    )

    def validate(self, matched: str) -> Verdict | None:
        if not is_street_level(matched) and not matched.endswith(("村", "组", "社区")):
            return Verdict.reject("只是地名，不是门牌地址")
        return Verdict(0.8, "住址标注后的门牌地址")
