"""One registry of every recogniser, and recognisers an office defines in YAML.

The built-in pattern recognisers, the NER, the masks, the role cues and the deny-list
all follow one protocol (``Recognizer``) and are run from here in order — the NER
first, since the role cues read its spans. An office adds pattern recognisers without
code, as presidio's YAML recognisers do::

    recognizers:
      - name: 案件编号
        category: deny_list          # one of the detector's categories
        patterns:
          - {name: 本局案件编号, regex: "攸交案〔\\d{4}〕\\d+号", score: 0.9}
        context: [案件编号, 案号]      # optional: raise the score when near
        requires_context: false      # optional: report only near a context word
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from core.datamodel import Category
from core.errors import GongkaiError
from redact.context import AnalysisContext
from redact.recognizers.base import Candidate, Pattern, PatternRecognizer, Recognizer


class RecognizerConfigError(GongkaiError):
    code = "invalid_recognizers"


class RecognizerRegistry:
    def __init__(self, recognizers: Iterable[Recognizer] = ()) -> None:
        self.recognizers: list[Recognizer] = list(recognizers)

    def add(self, recognizer: Recognizer) -> None:
        self.recognizers.append(recognizer)

    def names(self) -> list[str]:
        return [r.name for r in self.recognizers]

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        found: list[Candidate] = []
        for recognizer in self.recognizers:
            found.extend(recognizer.analyze(context))
        return found

    def add_from_yaml(self, path: Path) -> None:
        for recognizer in load_yaml_recognizers(path):
            self.add(recognizer)


def load_yaml_recognizers(path: Path) -> list[PatternRecognizer]:
    """Pattern recognisers from an office's YAML file (see the module's docstring)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RecognizerConfigError(f"无法读取识别器配置 {path}：{exc}") from exc
    entries = raw.get("recognizers") or []
    if not isinstance(entries, list):
        raise RecognizerConfigError(f"{path}：recognizers 应为列表")
    return [_recognizer(entry, path, i) for i, entry in enumerate(entries, 1)]


def _recognizer(entry: dict, path: Path, number: int) -> PatternRecognizer:
    where = f"{path} 第 {number} 个识别器"
    try:
        name = str(entry["name"])
        category = Category(entry["category"])
        patterns = tuple(
            Pattern(str(p["name"]), str(p["regex"]), float(p.get("score", 0.6)))
            for p in entry["patterns"]
        )
        for pattern in patterns:
            re.compile(pattern.regex)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise RecognizerConfigError(f"{where} 不正确：{exc}") from exc
    if not patterns:
        raise RecognizerConfigError(f"{where} 没有 patterns")
    attributes = {
        "name": name,
        "category": category,
        "patterns": patterns,
        "context": tuple(str(w) for w in entry.get("context") or ()),
        "requires_context": bool(entry.get("requires_context", False)),
    }
    return type(f"Yaml{number}Recognizer", (PatternRecognizer,), attributes)()
