"""core.memory: arrays the size the NER allocates per document are freed and allocated
again without the kernel faulting their pages in afresh each time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHURN = """
import resource, sys
sys.path.insert(0, {root!r})
import numpy
from core.memory import keep_freed_memory
applied = keep_freed_memory() if {keep} else None

def churn():
    # Eight arrays of 2.5 MB, as the tok2vec's layers leave behind for one document.
    arrays = [numpy.ones((2100, 300), dtype="float32") for _ in range(8)]
    del arrays

churn()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(30):
    churn()
print(applied, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(keep: bool) -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", CHURN.format(root=str(ROOT), keep=keep)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return out[0], int(out[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_arrays_are_reused_rather_than_faulted_in_again():
    applied, kept = _faults(keep=True)
    _, default = _faults(keep=False)
    assert applied == "True"
    # 30 rounds of 20 MB is about 150,000 pages under glibc's defaults.
    assert default > 30 * 1000
    assert kept < default / 100
