"""Patron and card events: registration, changes to a patron's record, cards, EasyCard/iPass bindings.

These carry personal data (the server holds the authoritative patron record, so it must
receive it); the fields are marked so an event's repr never shows them. Card numbers are
the library's own numbers (a provisional number made offline is confirmed or renumbered
by sync, with its own event then).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from desk_app.events.base import (
    BranchCode,
    CardKindValue,
    CardStatusValue,
    Event,
    GlobalId,
    IdKindValue,
    NationalId,
    PatronKindValue,
    PersonalDate,
    PersonalText,
    Record,
    TransitKindValue,
    UtcDateTime,
    register,
)

CardNumber = Annotated[str, msgspec.Meta(min_length=1, max_length=12, extra={"mask": "id"})]
UidHex = Annotated[str, msgspec.Meta(pattern=r"^[0-9A-F]{8,20}$", description="upper-case hex, as read")]


@register
class PatronCreated(Event, frozen=True, kw_only=True):
    TYPE = "patron.created"
    VERSION = 1

    patron: GlobalId
    national_id: NationalId
    id_kind: IdKindValue
    name: PersonalText
    birth_date: PersonalDate | None
    kind: PatronKindValue
    phone: PersonalText | None
    email: PersonalText | None
    address: PersonalText | None
    school: str | None
    preliminary: bool
    partner_consent_at: UtcDateTime | None
    home_branch: BranchCode | None


class PatronChanges(Record, frozen=True, kw_only=True):
    """The fields of a patron record that changed, with their new values; a field left out did not change."""

    national_id: NationalId | UnsetType = UNSET
    id_kind: IdKindValue | UnsetType = UNSET
    name: PersonalText | UnsetType = UNSET
    birth_date: PersonalDate | None | UnsetType = UNSET
    kind: PatronKindValue | UnsetType = UNSET
    phone: PersonalText | None | UnsetType = UNSET
    email: PersonalText | None | UnsetType = UNSET
    address: PersonalText | None | UnsetType = UNSET
    school: str | None | UnsetType = UNSET
    preliminary: bool | UnsetType = UNSET
    partner_consent_at: UtcDateTime | None | UnsetType = UNSET
    home_branch: BranchCode | None | UnsetType = UNSET


@register
class PatronUpdated(Event, frozen=True, kw_only=True):
    TYPE = "patron.updated"
    VERSION = 1

    patron: GlobalId
    changes: PatronChanges


@register
class CardIssued(Event, frozen=True, kw_only=True):
    TYPE = "card.issued"
    VERSION = 1

    card: GlobalId
    patron: GlobalId
    card_number: CardNumber
    sequence: Annotated[int, msgspec.Meta(ge=0)]
    kind: CardKindValue
    status: CardStatusValue
    issued_on: dt.date
    activation_date: dt.date | None
    expiry_date: dt.date | None


@register
class CardStatusChanged(Event, frozen=True, kw_only=True):
    """A card reported lost, voided (replaced), activated ..."""

    TYPE = "card.status_changed"
    VERSION = 1

    card: GlobalId
    status: CardStatusValue
    reason: Annotated[str, msgspec.Meta(max_length=200)]


@register
class CardBurned(Event, frozen=True, kw_only=True):
    """A student card's LC v1 record written and read back on the card with this UID."""

    TYPE = "card.burned"
    VERSION = 1

    card: GlobalId
    uid_hex: UidHex


@register
class CardBindingBound(Event, frozen=True, kw_only=True):
    """An EasyCard or iPass bound to a library card: tapping it identifies the patron."""

    TYPE = "card_binding.bound"
    VERSION = 1

    binding: GlobalId
    card: GlobalId
    uid_hex: UidHex
    transit_kind: TransitKindValue


@register
class CardBindingUnbound(Event, frozen=True, kw_only=True):
    TYPE = "card_binding.unbound"
    VERSION = 1

    binding: GlobalId
