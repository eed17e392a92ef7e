"""Build ``redact/conf/common_words.txt``: words that start with a surname character
but are not names (陈述, 高度, 金额, 方面), so that a role cue or the NER reading
"被害人陈述" does not take 陈述 for a person.

Counted on the NER training corpora in ``../shared/data/ner`` (train splits only): every
run of two or three Han characters that starts with a surname, and how often it lies
inside a person entity. A string seen at least ``MIN_COUNT`` times and inside a name
less than ``MAX_NAME_SHARE`` of those times is a common word. Reproducible: the same
corpora give the same file.

Run: ``python scripts/build_common_words.py [--data ../shared/data/ner]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redact.names import SURNAMES  # noqa: E402

OUT = ROOT / "redact" / "conf" / "common_words.txt"
CORPORA = ("msra_train", "resume_train", "weibo_train", "cluener_train", "waybill_train")
PERSON = {"PER", "NAME", "name", "PER.NAM", "P"}
MIN_COUNT, MAX_NAME_SHARE = 8, 0.05


def count(data: Path) -> tuple[Counter, Counter]:
    seen, in_name = Counter(), Counter()
    for corpus in CORPORA:
        with (data / f"{corpus}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                text = item["text"]
                inside = bytearray(len(text))
                for start, end, label in item["entities"]:
                    if label in PERSON:
                        inside[start:end] = b"\x01" * (end - start)
                for n in (2, 3):
                    for i in range(len(text) - n + 1):
                        word = text[i : i + n]
                        if word[0] in SURNAMES and all("\u4e00" <= c <= "\u9fff" for c in word):
                            seen[word] += 1
                            in_name[word] += any(inside[i : i + n])
    return seen, in_name


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    seen, in_name = count(args.data)
    words = sorted(w for w, c in seen.items() if c >= MIN_COUNT and in_name[w] < MAX_NAME_SHARE * c)
    header = (
        "# Words that start with a surname character but are not names.\n"
        f"# Built by scripts/build_common_words.py from {', '.join(CORPORA)}:\n"
        f"# seen >= {MIN_COUNT} times, inside a person entity < {MAX_NAME_SHARE:.0%} of them.\n"
    )
    args.out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
