"""Suggestion speed per document, after the document is parsed (target: under 50 ms).

Run: ``make bench-suggest``. Times ``classify.suggest`` on what an office suggests for:
the fixture documents and the seeds, the real State Council documents of the evaluation
set when their texts are built (``tests/data/classify_real/build.py``), and the agency's
short texts (../shared/data/classify/train.jsonl), parsed and as the strings the API
receives (parsed inside ``suggest``) — with the rules alone (what ships),
and with a model trained on those 60 agency items standing in for an office's model.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classify import suggest  # noqa: E402
from classify.dataset import load_corpus  # noqa: E402
from classify.model import fit  # noqa: E402
from ingest import extract_bytes  # noqa: E402
from tests.docgen import SPECS, render_docx  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
AGENCY = ROOT.parent / "shared" / "data" / "classify" / "train.jsonl"
REAL = ROOT / "tests" / "data" / "classify_real" / "texts" / "gov2019.jsonl"


def timed(documents, model=None, repeat=20) -> dict:
    per_doc = []
    for document in documents:
        suggest(document, model=model)  # warm caches
        started = time.perf_counter()
        for _ in range(repeat):
            suggest(document, model=model)
        per_doc.append((time.perf_counter() - started) / repeat * 1000)
    per_doc.sort()
    return {
        "documents": len(per_doc),
        "median_ms": round(statistics.median(per_doc), 2),
        "p95_ms": round(per_doc[int(0.95 * (len(per_doc) - 1))], 2),
        "max_ms": round(per_doc[-1], 2),
    }


def main() -> None:
    sets = {
        "fixtures and seeds": [extract_bytes(render_docx(s)) for s in SPECS]
        + [extract_bytes(p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))],
    }
    if REAL.is_file():
        sets["State Council documents"] = [
            extract_bytes(json.loads(line)["text"].encode("utf-8"))
            for line in REAL.read_text("utf-8").splitlines()
        ]
    agency = load_corpus(AGENCY)
    sets["agency short texts"] = [item.document for item in agency]
    # As the API receives them: strings, parsed inside ``suggest``.
    sets["agency short texts, as strings"] = [item.document.text for item in agency]
    model = fit(agency)
    out = {}
    for name, documents in sets.items():
        chars = [len(d if isinstance(d, str) else d.text) for d in documents]
        out[name] = {
            "characters_median": int(statistics.median(chars)),
            "characters_max": max(chars),
            "rules_only": timed(documents),
            "rules_and_model": timed(documents, model, repeat=5),
        }
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
