"""Keep freed memory in the process instead of handing it back to the system.

Each document the NER reads allocates and frees arrays of a few megabytes. glibc's
defaults return such memory to the kernel as soon as a few megabytes are free at the
top of the heap (and map the largest allocations afresh each time), so the next
document faults and zeroes the same pages again: in a worker that also parses files and
talks to the database, that cost a quarter of the detection pass's time and most of the
process's system time (`docs/benchmarks.md`, back catalogue). Fixed thresholds keep
those pages for reuse; a worker's peak over 200 documents stayed at 354 MB either way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

# mallopt(3) parameter numbers from glibc's malloc.h.
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3

#: Allocations above this are still mapped on their own (and unmapped when freed).
MMAP_THRESHOLD = 32 * 2**20
#: Free memory at the top of the heap is returned only beyond this.
TRIM_THRESHOLD = 128 * 2**20
#: Extra taken each time the heap grows, so that it grows less often.
TOP_PAD = 16 * 2**20


def keep_freed_memory() -> bool:
    """Set glibc's thresholds for this process (and the processes it forks). Returns
    False where there is no glibc (musl, macOS): those keep their allocator's defaults."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = all(
        mallopt(parameter, value) == 1
        for parameter, value in (
            (_M_MMAP_THRESHOLD, MMAP_THRESHOLD),
            (_M_TRIM_THRESHOLD, TRIM_THRESHOLD),
            (_M_TOP_PAD, TOP_PAD),
        )
    )
    if not done:
        log.warning("glibc refused the malloc thresholds; keeping its defaults")
    return done
