"""Office-editable texts with blanks the service fills: ``{名称}`` and nothing more.

No format mini-language and no attribute access (``str.format`` would give a template
``{x.__class__}``): a blank is a known name in braces, and a template naming an unknown
one is refused when it is saved or loaded, so filling can never fail later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from core.errors import InvalidInput

_BLANK = re.compile(r"\{([^{}\n]{1,40})\}")
#: Characters XML 1.0 cannot hold (DOCX, XLSX and the PDF's markup all refuse them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def blanks(template: str) -> set[str]:
    return set(_BLANK.findall(template))


def check(template: str, allowed: Iterable[str], where: str) -> None:
    unknown = sorted(blanks(template) - set(allowed))
    if unknown:
        names = "、".join("{" + u + "}" for u in unknown)
        raise InvalidInput(f"{where}中有未知的填空项 {names}（unknown placeholder(s) in {where}）")


def fill(template: str, values: Mapping[str, object]) -> str:
    """Each known blank replaced by its value; an unknown one is left as written."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _BLANK.sub(replace, template)


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)
