"""Pattern recognisers, one per identifier type. A new type is one new module here
and one line in ``BUILTIN``."""

from __future__ import annotations

from redact.recognizers.address import AddressRecognizer
from redact.recognizers.bank_card import BankCardRecognizer
from redact.recognizers.base import Candidate, Pattern, PatternRecognizer, Verdict
from redact.recognizers.birth_date import BirthDateRecognizer
from redact.recognizers.credit_code import CreditCodeRecognizer
from redact.recognizers.email import EmailRecognizer
from redact.recognizers.id_card import IdCardRecognizer
from redact.recognizers.ip_address import IpAddressRecognizer
from redact.recognizers.license_plate import LicensePlateRecognizer
from redact.recognizers.messaging import QQRecognizer, WeChatRecognizer
from redact.recognizers.passport import PassportRecognizer
from redact.recognizers.phone import LandlineRecognizer, MobileRecognizer
from redact.recognizers.social_security import SocialSecurityCardRecognizer
from redact.recognizers.travel_permit import TravelPermitRecognizer

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


__all__ = ["BUILTIN", "Candidate", "Pattern", "PatternRecognizer", "Verdict", "default_recognizers"]
