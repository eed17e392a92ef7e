"""Check digits computed the way the standards write them out, for the tests.

An oracle must not share the code's mistakes, so nothing here calls the library the
recognisers use (python-stdnum): each function follows the standard's own table and
formula, and ``tests/test_oracles.py`` checks them against the standards' published
example numbers.
"""

from __future__ import annotations

#: GB 11643-1999 §7: weights W_i = 2^(i-1) mod 11 for positions 18 … 2 (left to right).
GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: The check character for each value of (Σ a_i·W_i) mod 11.
GB11643_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    assert len(first17) == 17 and first17.isdigit()
    total = sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS, strict=True))
    return GB11643_CHECK[total % 11]


def luhn_check_digit(body: str) -> str:
    """ISO/IEC 7812-1 Annex B: double every second digit from the right of the full
    number (so every first from the right of the body), add the digits, make a multiple
    of ten."""
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


#: GB 32100-2015 §4.3 and Table 2: the 31 code characters (no I, O, Z, S, V) and their values.
GB32100_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: W_i = 3^(i-1) mod 31.
GB32100_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check(first17: str) -> str:
    total = sum(
        GB32100_CHARS.index(c) * w for c, w in zip(first17, GB32100_WEIGHTS, strict=True)
    )
    return GB32100_CHARS[(31 - total % 31) % 31]


def valid_id(first17: str) -> str:
    return first17 + id_check_digit(first17)
