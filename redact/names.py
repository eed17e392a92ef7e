"""What a Chinese personal name looks like: a surname and one or two characters.

The NER and the role cues both propose names; this is the check that what they propose
could be one (凯迪拉克, 乔木林, 历天 are not), and the source of the masks offices use
(张某某, 赵**, 李XX) and of the given name alone (志朋 for 雷志朋).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

#: Single-character surnames covering nearly every person in China (the most frequent
#: few hundred of the 2020 census and the 百家姓), in no particular order.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱丘江尹薛闫阎段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿"
    "关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
    "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠"
    "惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉"
    "禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修"
    "邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴"
    "昝智幸奉植衡富尧闭由郇钮"
    # Two of the hundred commonest (赖 about 80th, 洪 about 90th) were missing, and some
    # of the next few hundred.
    "赖洪占郗雒弓荀扶钦逄缑蹇濮黑咸桓宓"
)
COMPOUND_SURNAMES = frozenset(
    re.findall(
        r"\S+",
        "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 端木 西门 南宫 "
        "独孤 呼延 轩辕 澹台 万俟 闻人 东郭 申屠 公羊 钟离 太史 仲孙 濮阳 赫连 拓跋 司空",
    )
)
#: Characters that end a run of name characters in prose: the name is before them.
#: (A name is 2–3 Han characters; these rarely close one and often follow one.)
_AFTER_NAME = "的了在和与及等是为被将把对向从于到说称均已也都又就还所因并"

_HAN = r"[\u4e00-\u9fff]"
#: Masks agencies use in place of a name or part of it.
MASKED_NAME = re.compile(
    r"(?P<surname>[\u4e00-\u9fff]{1,2}?)(?P<mask>某某?|[*＊×Ｘ]{1,3}|[Xx]{1,3}|○{1,2}|〇{1,2})"
    r"(?P<index>[甲乙丙丁0-9０-９]?)"
)


#: Built from the NER corpora by ``scripts/build_common_words.py``.
COMMON_WORDS_PATH = Path(__file__).resolve().parent / "conf" / "common_words.txt"


#: Hand-kept additions: words seen read as names in real documents (居住地, 申辩).
NOT_NAMES_PATH = COMMON_WORDS_PATH.with_name("not_names.txt")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words that start like a name and are none (陈述, 高度, 居住地): read once."""
    words = set()
    for path in (COMMON_WORDS_PATH, NOT_NAMES_PATH):
        lines = path.read_text(encoding="utf-8").splitlines()
        words.update(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    return frozenset(words)


#: Characters agencies mask with.
MASK_CHARS = "*＊×✕Xx○〇"


def is_masked(text: str) -> bool:
    """Text with a mask in it (临沂市兰山区**街, 张某某, 某镇某村, and a court's 路甲, 陈乙):
    what it hid is gone."""
    if sum(ch in MASK_CHARS for ch in text) >= 2 or "某某" in text:
        return True
    if is_pseudonym(text):
        return True
    at = text.find("某")
    return (
        (at > 0 and text[at - 1] in SURNAMES)
        or text.startswith("某")
        or "某镇" in text
        or "某村" in text
    )


def is_pseudonym(name: str) -> bool:
    """路甲, 陈乙: the surname and a cyclic sign a court writes for a person it hides."""
    return len(name) == 2 and name[0] in SURNAMES and name[1] in "甲乙丙"


def surname_of(name: str) -> str | None:
    """The surname that starts ``name``, if it starts with one."""
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    if name[:1] in SURNAMES:
        return name[:1]
    return None


def squeeze(text: str) -> str:
    """A name without the spaces layouts pad it with (张  青, 吴 晓 慧, 韩　正)."""
    return re.sub(r"[\s\u3000]+", "", text)


def padded(name: str) -> re.Pattern[str]:
    """The name with the padding layouts put between its characters (张  青)."""
    return re.compile(r"[ \u3000]{0,4}".join(map(re.escape, name)))


def looks_like_name(text: str) -> bool:
    """A surname and one to two more Han characters (three after a compound surname),
    padding spaces allowed; minority names with a middle dot (买买提·艾力) too."""
    name = squeeze(text)
    if "·" in name or "•" in name:
        parts = re.split(r"[·•]", name)
        return len(parts) >= 2 and all(re.fullmatch(rf"{_HAN}{{1,8}}", p) for p in parts)
    if not re.fullmatch(rf"{_HAN}{{2,4}}", name) or name in common_words():
        return False
    surname = surname_of(name)
    if surname is None or not_a_name(name):
        return False
    rest = name[len(surname) :]
    return 1 <= len(rest) <= 2 and "某" not in rest


#: A surname-like preposition before a party: 向原告, 与被告, 由证人.
_PARTY_WORDS = frozenset(("原告", "被告", "证人", "本院", "法院", "上诉人", "被害人", "申请人"))
#: After a role word, running text starts like a name: 原告陈述和…, 被告于同日….
_FUNCTION_CHARS = set("和与及或并的了在是")
_TIME_WORDS = frozenset(
    ("同日", "当日", "次日", "即日", "某日", "本日", "该日", "近日", "今日", "昨日", "当天",
     "同年", "当年", "次年", "同月", "当月", "次月")
)  # fmt: skip


def not_a_name(name: str) -> bool:
    """A word and a function character (陈述和), or a surname-like preposition and a time
    word (于同日) or a party (向原告): running text, not a name."""
    worded = len(name) == 3 and name[:2] in common_words() and name[2] in _FUNCTION_CHARS
    return worded or name[1:] in _TIME_WORDS or name[1:] in _PARTY_WORDS


def given_name(name: str) -> str | None:
    """The given name of a three-character name (雷志朋 → 志朋), which documents use
    alone; one character alone is too ambiguous to follow."""
    name = squeeze(name)
    surname = surname_of(name)
    if surname is None or len(name) - len(surname) != 2:
        return None
    return name[len(surname) :]


def is_masked_name(text: str) -> bool:
    """张某, 张某某, 邓某1, 赵**, 谭XX: a name an agency has already masked."""
    match = MASKED_NAME.fullmatch(squeeze(text))
    return (match is not None and surname_of(match.group("surname")) is not None) or (
        is_pseudonym(squeeze(text))
    )
