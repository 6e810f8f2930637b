"""What every change event is: a frozen, typed msgspec Struct with a TYPE, a VERSION and a wire form.

msgspec rather than pydantic or plain dataclasses: its Structs are typed and frozen like
dataclasses, but encode and decode in C (about 0.3 us for a checkout's payload, the hot
path's concern), validate on decode (a UUID's shape, a timestamp's offset, a closed set of
statuses), write a JSON Schema per type (the contract snapshot) and depend on nothing.

The payload names rows by global id (UUID text) and items by barcode, never by a desk's
local integer keys. Timestamps are timezone-aware and in UTC: a naive one is refused when
an event is made, and one with another offset is turned into UTC. On the wire they are
RFC 3339 / ISO 8601 with the UTC designator "Z" (an offset of +00:00).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar, Literal, TypeVar

import msgspec
from msgspec.structs import force_setattr

# ---- the field types of the wire ---------------------------------------------------------------

GLOBAL_ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
GlobalId = Annotated[str, msgspec.Meta(pattern=GLOBAL_ID_PATTERN, description="a row's global id (UUID)")]
Barcode = Annotated[str, msgspec.Meta(min_length=1, max_length=32, description="an item's barcode")]
BranchCode = Annotated[str, msgspec.Meta(min_length=1, max_length=16, description="a branch's code")]
UtcDateTime = Annotated[dt.datetime, msgspec.Meta(tz=True, description="UTC, RFC 3339")]
# Fields whose values are personal data or secrets carry a mark, so `repr` (and so any log line
# that prints an event by mistake) never shows them.
NationalId = Annotated[str, msgspec.Meta(min_length=1, max_length=10, extra={"mask": "id"})]
PasswordHash = Annotated[str, msgspec.Meta(min_length=1, max_length=200, extra={"mask": "secret"})]
PersonalText = Annotated[str, msgspec.Meta(extra={"mask": "personal"})]
PersonalDate = Annotated[dt.date, msgspec.Meta(extra={"mask": "personal"})]

# Closed sets, spelled out here (not taken from the store's enums): adding a value on the wire
# is a contract change, made with a new VERSION. tests/contracts check they match the store.
ItemStatusValue = Literal["available", "on_loan", "on_hold_shelf", "in_transit", "lost", "withdrawn"]
CardStatusValue = Literal["active", "lost", "void", "pending_activation"]
CardKindValue = Literal["personal", "family", "digital", "student"]
PatronKindValue = Literal["adult", "child", "student", "senior", "group"]
IdKindValue = Literal["national", "resident", "old_resident"]
TransitKindValue = Literal["easycard", "ipass"]
StaffRoleValue = Literal["librarian", "card_staff", "technician", "supervisor", "administrator"]
PointReasonValue = Literal["checkout", "event", "redeem", "correction", "reversal"]

_TYPE_NAME = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")


class EventError(ValueError):
    """An event that cannot be made or read: unknown type or version, or a payload that breaks its contract."""


class UnknownEvent(EventError):
    pass


def utc(value: dt.datetime) -> dt.datetime:
    """`value` as an aware UTC timestamp; a naive one is taken to be UTC already (how the desk stores them)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


# ---- the structs -------------------------------------------------------------------------------

_UTC_FIELDS: dict[type, tuple[str, ...]] = {}
_MASKED_FIELDS: dict[type, dict[str, str]] = {}


def _metas(tp: Any, extra: Mapping[str, Any] | None = None) -> Iterator[tuple[Any, Mapping[str, Any]]]:
    """Every type (through Optional/Union) a field may hold, as msgspec sees it, with its user metadata."""
    if isinstance(tp, msgspec.inspect.UnionType):
        for t in tp.types:
            yield from _metas(t, extra)
    elif isinstance(tp, msgspec.inspect.Metadata):
        yield from _metas(tp.type, {**(extra or {}), **(tp.extra or {})})
    else:
        yield tp, extra or {}


def _inspect(cls: type) -> tuple[tuple[str, ...], dict[str, str]]:
    info = msgspec.inspect.type_info(cls)
    assert isinstance(info, msgspec.inspect.StructType)
    utc_fields: list[str] = []
    masked: dict[str, str] = {}
    for f in info.fields:
        for t, extra in _metas(f.type):
            if isinstance(t, msgspec.inspect.DateTimeType) and f.name not in utc_fields:
                utc_fields.append(f.name)
            if "mask" in extra:
                masked[f.name] = extra["mask"]
    return tuple(utc_fields), masked


def _mask(kind: str, value: object) -> str:
    if value is None or isinstance(value, msgspec.UnsetType):
        return repr(value)
    if kind == "id":
        text = str(value)
        return repr(text[:3] + "*" * (len(text) - 5) + text[-2:]) if len(text) >= 5 else "'***'"
    return "'***'"


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A frozen struct of the wire: timestamps made UTC on creation, personal fields hidden from repr."""

    def __post_init__(self) -> None:
        cls = type(self)
        names = _UTC_FIELDS.get(cls)
        if names is None:
            names, _MASKED_FIELDS[cls] = _inspect(cls)
            _UTC_FIELDS[cls] = names
        for name in names:
            value = getattr(self, name)
            if isinstance(value, dt.datetime):
                if value.tzinfo is None or value.utcoffset() is None:
                    raise EventError(f"{cls.__name__}.{name}: a naive timestamp; events carry UTC (use events.utc)")
                if value.utcoffset():
                    force_setattr(self, name, value.astimezone(dt.timezone.utc))

    def __repr__(self) -> str:
        cls = type(self)
        if cls not in _MASKED_FIELDS:
            _UTC_FIELDS[cls], _MASKED_FIELDS[cls] = _inspect(cls)
        masked = _MASKED_FIELDS[cls]
        parts = []
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if isinstance(value, msgspec.UnsetType):
                continue
            parts.append(f"{name}={_mask(masked[name], value) if name in masked else repr(value)}")
        return f"{cls.__name__}({', '.join(parts)})"

    __str__ = __repr__


E = TypeVar("E", bound="Event")


class Event(Record, frozen=True, kw_only=True):
    """One change a desk made: when, by which staff member, at which branch; the rest is the type's own.

    `actor` is the staff member's global id (None for the desk itself, e.g. a scheduled job) and
    `branch` the code of the branch the desk works for; the server re-checks each event against
    that staff member's role and that branch's rules.
    """

    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 0

    at: UtcDateTime
    actor: GlobalId | None
    branch: BranchCode | None

    def to_wire(self) -> dict[str, Any]:
        """The payload as JSON-ready data (dates and timestamps as ISO text); TYPE and VERSION travel beside it."""
        return msgspec.to_builtins(self)  # type: ignore[no-any-return]

    def to_json(self) -> bytes:
        """The payload as compact UTF-8 JSON: what the outbox stores."""
        return _ENCODER.encode(self)

    @classmethod
    def from_wire(cls: type[E], payload: Mapping[str, Any] | bytes | str) -> E:
        """The event from its payload (JSON text or decoded data); EventError if it breaks the contract."""
        try:
            if isinstance(payload, (bytes, str)):
                return msgspec.json.decode(payload, type=cls)
            return msgspec.convert(payload, cls)
        except msgspec.ValidationError as exc:
            raise EventError(f"{cls.TYPE} v{cls.VERSION}: {exc}") from None
        except msgspec.DecodeError as exc:
            raise EventError(f"{cls.TYPE} v{cls.VERSION}: not JSON ({exc})") from None


_ENCODER = msgspec.json.Encoder()

# ---- the registry --------------------------------------------------------------------------------

_LATEST: dict[str, type[Event]] = {}
_BY_VERSION: dict[tuple[str, int], type[Event]] = {}


def register(cls: type[E]) -> type[E]:
    """Add an event class to the registry (a class decorator); its (TYPE, VERSION) must be new.

    The newest VERSION of a TYPE is what the desk writes. An older version stays registered
    (a class kept in legacy.py) as long as a desk's outbox may still hold it, so it can be read.
    """
    if not _TYPE_NAME.match(cls.TYPE):
        raise EventError(f"{cls.__name__}: TYPE {cls.TYPE!r} is not 'noun.past_tense_verb'")
    if not isinstance(cls.VERSION, int) or cls.VERSION < 1:
        raise EventError(f"{cls.__name__}: VERSION must be a whole number from 1")
    key = (cls.TYPE, cls.VERSION)
    if key in _BY_VERSION:
        raise EventError(f"{cls.TYPE} v{cls.VERSION} is registered twice")
    _BY_VERSION[key] = cls
    if cls.TYPE not in _LATEST or _LATEST[cls.TYPE].VERSION < cls.VERSION:
        _LATEST[cls.TYPE] = cls
    return cls


def event_class(event_type: str, version: int | None = None) -> type[Event]:
    """The class of `event_type` at `version` (default: the newest); UnknownEvent if there is none."""
    cls = _LATEST.get(event_type) if version is None else _BY_VERSION.get((event_type, version))
    if cls is None:
        what = event_type if version is None else f"{event_type} v{version}"
        raise UnknownEvent(f"unknown event type {what}")
    return cls


def decode(event_type: str, version: int, payload: Mapping[str, Any] | bytes | str) -> Event:
    """An event from the wire or from an outbox row: its type, version and payload."""
    return event_class(event_type, version).from_wire(payload)


def latest_types() -> dict[str, type[Event]]:
    """Every event type the desk writes, with its newest class (sorted by type)."""
    return dict(sorted(_LATEST.items()))


def all_versions() -> dict[tuple[str, int], type[Event]]:
    """Every registered (type, version), old ones included."""
    return dict(sorted(_BY_VERSION.items()))
