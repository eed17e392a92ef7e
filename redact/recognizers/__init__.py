"""Recognisers: the pattern ones, one per identifier type (a new type is one new module
here and one line in ``BUILTIN``), the NER, the masks, the role cues and the deny-list —
all in one registry (``default_registry``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from redact.recognizers.address import AddressRecognizer
from redact.recognizers.bank_card import BankCardRecognizer
from redact.recognizers.base import Candidate, Pattern, PatternRecognizer, Recognizer, Verdict
from redact.recognizers.birth_date import BirthDateRecognizer
from redact.recognizers.column_header import ColumnHeaderRecognizer
from redact.recognizers.credit_code import CreditCodeRecognizer
from redact.recognizers.deny_list import DenyListRecognizer
from redact.recognizers.email import EmailRecognizer
from redact.recognizers.id_card import IdCardRecognizer
from redact.recognizers.ip_address import IpAddressRecognizer
from redact.recognizers.license_plate import LicensePlateRecognizer
from redact.recognizers.masked import MaskedRecognizer
from redact.recognizers.messaging import QQRecognizer, WeChatRecognizer
from redact.recognizers.ner import NerRecognizer
from redact.recognizers.particulars import ParticularsRecognizer
from redact.recognizers.passport import PassportRecognizer
from redact.recognizers.phone import LandlineRecognizer, MobileRecognizer
from redact.recognizers.registry import RecognizerRegistry
from redact.recognizers.roles import RoleCueRecognizer
from redact.recognizers.rural_address import RuralAddressRecognizer
from redact.recognizers.social_security import SocialSecurityCardRecognizer
from redact.recognizers.travel_permit import TravelPermitRecognizer

if TYPE_CHECKING:
    from redact.context import NerFn
    from redact.policy import Policy

BUILTIN: tuple[type[PatternRecognizer], ...] = (
    IdCardRecognizer,
    MobileRecognizer,
    LandlineRecognizer,
    EmailRecognizer,
    BankCardRecognizer,
    PassportRecognizer,
    TravelPermitRecognizer,
    SocialSecurityCardRecognizer,
    LicensePlateRecognizer,
    QQRecognizer,
    WeChatRecognizer,
    IpAddressRecognizer,
    BirthDateRecognizer,
    CreditCodeRecognizer,
    AddressRecognizer,
)


def default_recognizers() -> list[PatternRecognizer]:
    return [cls() for cls in BUILTIN]


def default_registry(policy: Policy, ner: NerFn | None = None, extra: Path | None = None):
    """Every recogniser the detector runs, in order: the NER first (the role cues read
    its spans), then the patterns, the masks, the role cues, the deny-list and the
    office's own YAML recognisers."""
    registry = RecognizerRegistry()
    if ner is not None:
        registry.add(NerRecognizer(ner))
    for recognizer in default_recognizers():
        registry.add(recognizer)
    registry.add(RuralAddressRecognizer())
    registry.add(ColumnHeaderRecognizer())
    registry.add(MaskedRecognizer())
    registry.add(ParticularsRecognizer())
    registry.add(RoleCueRecognizer(policy.name_roles))
    registry.add(DenyListRecognizer(policy.deny_list))
    if extra is not None:
        registry.add_from_yaml(extra)
    return registry


__all__ = [
    "BUILTIN",
    "Candidate",
    "Pattern",
    "PatternRecognizer",
    "Recognizer",
    "RecognizerRegistry",
    "Verdict",
    "default_recognizers",
    "default_registry",
]
