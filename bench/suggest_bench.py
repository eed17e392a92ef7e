"""Suggestion speed per document, after the document is parsed (target: under 50 ms).

Run: ``make bench-suggest``. Measures the shipped path (rules only) on the fixtures and
the seeds, and the same with a model trained on the small test corpus of
``tests/classify`` — a stand-in for an office's model, to show what the model adds.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classify import suggest  # noqa: E402
from classify.dataset import load_corpus  # noqa: E402
from classify.model import train  # noqa: E402
from ingest import extract_bytes  # noqa: E402
from tests.classify.test_model import write_corpus  # noqa: E402
from tests.docgen import SPECS, render_docx  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def timed(documents, model=None, repeat=20) -> dict:
    per_doc = []
    for document in documents:
        suggest(document, model=model)  # warm caches
        started = time.perf_counter()
        for _ in range(repeat):
            suggest(document, model=model)
        per_doc.append((time.perf_counter() - started) / repeat * 1000)
    return {
        "documents": len(per_doc),
        "median_ms": round(statistics.median(per_doc), 2),
        "max_ms": round(max(per_doc), 2),
    }


def main() -> None:
    documents = [extract_bytes(render_docx(s)) for s in SPECS]
    documents += [extract_bytes(p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        model = train(load_corpus(write_corpus(Path(tmp) / "c.jsonl")))
    print(
        json.dumps(
            {"rules_only": timed(documents), "rules_and_model": timed(documents, model)}, indent=2
        )
    )


if __name__ == "__main__":
    main()
