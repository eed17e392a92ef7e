"""Generate identifiers and their near misses, embedded in real sentences.

Valid items must be found (recall); near misses — the shapes that look like them in
official documents: amounts, dates, 发文字号, statistics, numbers with a broken check —
must not be flagged with confidence (precision). Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import phonenumbers

from tests.oracles import credit_code_check, id_check_digit, luhn_check_digit

#: Real county codes (GB/T 2260), among them districts created after most holders were
#: born (密云区 2015, 光明区 2018, 白杨市 2022) and ones python-stdnum's table lacks
#: (临平区, 钱塘区 2021): an ID is valid by its check digit, not by a table.
REGIONS = ("110101", "110105", "120101", "310104", "320102", "330106", "370102", "420106",
           "440103", "440304", "450102", "451102", "500103", "510104", "610113", "220102",
           "330113", "330114", "110118", "440311", "659012", "460300", "542500", "810000")  # fmt: skip
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150",
                   "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175",
                   "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188",
                   "189", "191", "198", "199")  # fmt: skip
AREA_CODES = ("010", "020", "021", "0774", "0431", "0755", "0571", "028", "0898")
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class Item:
    category: str | None  # None for a near miss
    value: str
    context: str  # written just before the value
    kind: str  # what the generator made, for the report


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


class Generator:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)

    # ------------------------------------------------------------------ valid
    def id_card(self) -> str:
        born = date(1940, 1, 1) + timedelta(days=self.rng.randrange(365 * 65))
        body = f"{self.rng.choice(REGIONS)}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
        return body + id_check_digit(body)

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phonenumbers.is_valid_number(phonenumbers.parse(number, "CN")):
                return number

    def landline(self) -> str:
        while True:
            area = self.rng.choice(AREA_CODES)
            local = str(self.rng.randint(2, 8)) + f"{self.rng.randrange(10**7):07d}"
            local = local if len(area) == 3 else local[: self.rng.choice((7, 8))]
            parsed = phonenumbers.parse(area + local, "CN")
            if phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
                phonenumbers.PhoneNumberType.FIXED_LINE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            ):
                return f"{area}-{local}"

    def bank_card(self) -> str:
        body = "62" + "".join(str(self.rng.randrange(10)) for _ in range(self.rng.choice((14, 16))))
        return body + luhn_check_digit(body)

    def credit_code(self) -> str:
        body = (
            "91"
            + f"{self.rng.randrange(10**6):06d}"
            + "".join(self.rng.choice(USCC_CHARS) for _ in range(9))
        )
        return body + credit_code_check(body)

    def styled(self, digits: str, groups: tuple[int, ...]) -> str:
        """The separators and widths people type."""
        style = self.rng.random()
        if style < 0.5:
            return digits
        parts, at = [], 0
        for size in groups:
            parts.append(digits[at : at + size])
            at += size
        if at < len(digits):
            parts.append(digits[at:])
        if style < 0.7:
            return " ".join(parts)
        if style < 0.85:
            return "-".join(parts)
        return full_width(digits)

    def valid_items(self, n: int) -> list[Item]:
        makers = [
            ("id_card", lambda: self.styled(self.id_card(), (6, 8)), ("身份证号：", "公民身份号码", "", "证件号码：")),
            ("mobile_phone", lambda: self.styled(self.mobile(), (3, 4)), ("手机：", "联系电话", "电话 ", "")),
            ("landline_phone", self.landline, ("电话：", "联系电话", "座机", "")),
            ("email", lambda: f"{self.rng.choice(('zhang', 'li.ming', 'wang_fang', 'hz2020'))}{self.rng.randrange(1000)}@{self.rng.choice(('163.com', 'qq.com', 'gmail.com', 'hezhou.gov.cn'))}", ("邮箱：", "电子邮件", "")),
            ("bank_card", lambda: self.styled(self.bank_card(), (4, 4, 4, 4)), ("银行卡号：", "开户账号", "卡号")),
            ("passport", lambda: "E" + f"{self.rng.randrange(10**8):08d}", ("护照号码：", "护照号")),
            ("license_plate", lambda: self.rng.choice(PROVINCES) + self.rng.choice(PLATE_LETTERS) + "".join(self.rng.choice("0123456789ABCDEFGHJK") for _ in range(4)) + str(self.rng.randrange(10)), ("车牌号", "号牌：", "车辆")),
            ("credit_code", self.credit_code, ("统一社会信用代码：", "信用代码")),
        ]  # fmt: skip
        items = []
        for i in range(n):
            category, make, contexts = makers[i % len(makers)]
            items.append(Item(category, make(), self.rng.choice(contexts), category))
        return items

    # ------------------------------------------------------------- near misses
    def near_miss_items(self, n: int) -> list[Item]:
        rng = self.rng

        def bad_date_id():
            body = f"{rng.choice(REGIONS)}{rng.randint(1950, 2000)}{rng.randint(13, 19)}{rng.randint(10, 28)}{rng.randrange(1000):03d}"
            return body + id_check_digit(body)

        def luhn_broken():
            body = self.bank_card()[:15]
            right = luhn_check_digit(body)
            return body + rng.choice([d for d in "0123456789" if d != right])

        def uscc_broken():
            code = self.credit_code()
            wrong = next(c for c in USCC_CHARS if c != code[-1])
            return code[:-1] + wrong

        makers = [
            ("18 digits, no real birth date", bad_date_id, ("编号", "流水号", "")),
            ("17 digits", lambda: f"{rng.randrange(10**16, 10**17)}", ("订单号", "")),
            ("mobile-shaped amount", lambda: f"{self.mobile()}元", ("支出", "累计发放")),
            ("11 digits, no mobile prefix", lambda: f"1{rng.choice('012')}{rng.randrange(10**9):09d}", ("编号", "")),
            ("发文字号", lambda: f"贺政办发〔{rng.randint(2000, 2024)}〕{rng.randint(1, 300)}号", ("根据", "")),
            ("date", lambda: f"{rng.randint(2000, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", ("于", "")),
            ("ISO date", lambda: f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", ("时间", "")),
            ("service number", lambda: rng.choice(("12333", "12345", "12315", "12366")), ("服务热线", "拨打")),
            ("Luhn-failing 16 digits", luhn_broken, ("编号", "")),
            ("credit code with a broken check", uscc_broken, ("代码", "")),
            ("amount", lambda: f"{rng.randint(10**5, 10**9)}.{rng.randint(10, 99)}万元", ("资金", "")),
            ("statistic", lambda: f"{rng.randint(10**6, 10**8)}人次", ("服务", "")),
        ]  # fmt: skip
        items = []
        for i in range(n):
            kind, make, contexts = makers[i % len(makers)]
            items.append(Item(None, make(), rng.choice(contexts), kind))
        return items


def host_sentences(seeds: Path, corpus: Path | None, limit: int = 3000) -> list[str]:
    """Real sentences to carry the items: the seeds' sentences and corpus texts."""
    sentences: list[str] = []
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            for part in path.read_text(encoding="utf-8").replace("\n", "。").split("。"):
                if 8 <= len(part) <= 120:
                    sentences.append(part + "。")
    if corpus is not None and corpus.is_file():
        import json

        with corpus.open(encoding="utf-8") as lines:
            for line in lines:
                text = json.loads(line)["text"]
                if 8 <= len(text) <= 120:
                    sentences.append(text)
                if len(sentences) >= limit:
                    break
    if not sentences:
        sentences = ["现将有关事项通知如下。", "请各单位认真贯彻执行。"]
    return sentences


def embed(item: Item, host: str, rng: random.Random) -> tuple[str, int, int]:
    """Put ``context + value`` into ``host`` after a punctuation mark; return the text and
    the value's span."""
    cuts = [i + 1 for i, ch in enumerate(host) if ch in "，。；：、！？"] or [len(host)]
    at = rng.choice(cuts)
    insert = f"{item.context}{item.value}，"
    text = host[:at] + insert + host[at:]
    start = at + len(item.context)
    return text, start, start + len(item.value)
