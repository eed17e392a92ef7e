"""The content category for the annual report, from the title and an editable list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.errors import GongkaiError

DEFAULT_CATEGORIES = Path(__file__).resolve().parent / "conf" / "categories.yaml"


class CategoriesError(GongkaiError):
    code = "invalid_categories"


@dataclass(frozen=True)
class Categories:
    default: str
    rules: tuple[tuple[str, tuple[str, ...]], ...]

    def of(self, title: str | None) -> str:
        if title:
            for name, words in self.rules:
                if any(word in title for word in words):
                    return name
        return self.default


@lru_cache(maxsize=8)
def load_categories(path: Path | None = None) -> Categories:
    """Read once per path and process: ``suggest`` asks for it on every document."""
    path = path or DEFAULT_CATEGORIES
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rules = tuple(
            (str(c["name"]), tuple(str(w) for w in c.get("title", ())))
            for c in raw.get("categories", ())
        )
        return Categories(str(raw.get("default", "业务信息")), rules)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise CategoriesError(f"the category list {path} is not valid: {exc}") from exc
