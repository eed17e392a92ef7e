"""The visible mark that stands where text was removed; the office chooses its wording."""

from __future__ import annotations

from dataclasses import dataclass

from core.datamodel import Category, Redaction


@dataclass(frozen=True)
class MarkStyle:
    #: ``{label}`` is the category's Chinese label (姓名, 居民身份证号码 …).
    template: str = "【已删除·{label}】"
    #: Used where the full mark does not fit (a short name in a PDF line).
    short: str = "【删】"

    def text(self, category: Category) -> str:
        return self.template.format(label=category.label)


def merged(redactions: list[Redaction] | tuple[Redaction, ...]) -> list[Redaction]:
    """Sorted, with overlapping spans joined (the first one's category and reviewer kept),
    so writers never remove the same character twice."""
    out: list[Redaction] = []
    for r in sorted(redactions, key=lambda r: (r.start, r.end)):
        if r.end <= r.start:
            continue
        if out and r.start < out[-1].end:
            last = out[-1]
            out[-1] = Redaction(
                last.start,
                max(last.end, r.end),
                last.category,
                last.legal_basis,
                last.reviewer,
                last.confirmed_at,
            )
        else:
            out.append(r)
    return out
