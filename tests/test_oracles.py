"""The tests' oracles agree with the numbers the standards themselves publish."""

from __future__ import annotations

import pytest

from tests.oracles import credit_code_check, id_check_digit, luhn_check_digit


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # GB 11643-1999, the standard's own example (北京市朝阳区)
        "440524188001010014",  # GB 11643-1999, second example (广东省汕头市潮阳县)
        "360426199101010071",  # python-stdnum's documented example, checked here by hand
    ],
)
def test_resident_id_examples(number):
    assert id_check_digit(number[:17]) == number[17]


def test_resident_id_by_hand():
    # 11010519491231002X: Σ a_i·W_i = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167,
    # 167 mod 11 = 2, and the standard's table maps 2 to X.
    assert id_check_digit("11010519491231002") == "X"


@pytest.mark.parametrize(
    "number",
    [
        "79927398713",  # the classic worked example of the Luhn algorithm
        "4111111111111111",  # the card networks' published test numbers
        "5555555555554444",
        "378282246310005",
        "6011111111111117",
    ],
)
def test_luhn_examples(number):
    assert luhn_check_digit(number[:-1]) == number[-1]


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # GB 32100-2015, the standard's example
    ],
)
def test_credit_code_examples(code):
    assert credit_code_check(code[:17]) == code[17]
