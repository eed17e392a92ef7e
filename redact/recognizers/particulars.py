"""A name followed by its holder's particulars: 赖杏兰，女，1955年6月出生；蔡西就，男，汉族.

Legal and administrative prose introduces every natural person the same way, whatever
the role word before (or the bracket of roles, or no role at all): the name, then 男 or
女, then a birth date, an ethnicity or a place of birth. The layout alone says both that
it is a name and that it is a person's particulars; what the document is (a 任前公示
announces its officials so) is the policy's to weigh (``facts["particulars"]``).
"""

from __future__ import annotations

import re

from core.datamodel import Category
from redact.context import AnalysisContext
from redact.names import is_masked_name, looks_like_name
from redact.recognizers.base import Candidate

NAME = "ParticularsRecognizer"
#: Above the NER's spans (the layout is surer than the model), below a role word's.
SCORE = 0.88
_PARTICULARS = re.compile(
    r"(?:^|(?<=[\n。；;：:)）、\]】\s]))"
    r"(?P<name>[\u4e00-\u9fff]{2,4})[,，]\s*[男女][,，]"
    r"(?=[^。\n]{0,40}?(?:\d{4}\s*年|出生|生于|族|籍贯|户籍|住))"
)


class ParticularsRecognizer:
    name = NAME

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        found = []
        for match in _PARTICULARS.finditer(context.folded):
            start, end = match.span("name")
            name = context.text[start:end]
            if is_masked_name(name) or not looks_like_name(name):
                continue
            found.append(
                Candidate(
                    start,
                    end,
                    Category.PERSON_NAME,
                    SCORE,
                    NAME,
                    "姓名后列有性别、出生年月等个人基本情况",
                    {"particulars": True},
                )
            )
        return found
