"""Matrix products for the NER through numpy's BLAS rather than thinc's bundled BLIS.

The NER's tok2vec is little but float32 matrix products. On the machine kind Gongkai is
built and benchmarked on (AMD EPYC, one thread), a 2,121×384 by 384×384 product takes
9 ms through numpy (OpenBLAS, which picks its kernel for the CPU at run time) and 25 ms
through blis 1.3, so the detection pass ran 2.4 times faster with the same entities.
Models take their ops when they are built, so loading and training happen inside this.
"""

from __future__ import annotations

from contextlib import AbstractContextManager


def numpy_blas() -> AbstractContextManager:
    from thinc.api import use_ops

    return use_ops("numpy", use_blis=False)
