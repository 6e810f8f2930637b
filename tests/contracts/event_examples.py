"""A filled-in example of any event class, built from its type hints (so a new event needs no test code).

`variant=0` fills every optional field; `variant=1` leaves optional fields out (None, or
unset in a partial update), so a round trip sees both shapes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec.inspect as mi

from desk_app.events.base import GLOBAL_ID_PATTERN

# One value per pattern used on the wire; a new pattern needs a sample here.
PATTERN_SAMPLES = {
    GLOBAL_ID_PATTERN: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    r"^[a-z0-9][a-z0-9._-]{1,63}$": "librarian",
    r"^[0-9A-F]{8,20}$": "04A1B2C3",
    r"^[a-z][a-z0-9_.]{0,63}$": "privacy.loan_history_retention_days",
    r"^[0-9a-f]{1,64}$": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
}
TEXT_SAMPLE = "王小明 Wang"
WHEN = dt.datetime(2026, 12, 3, 1, 2, 3, 456789, tzinfo=dt.timezone.utc)
DAY = dt.date(2026, 12, 24)


def _value(t: Any, variant: int, path: str) -> Any:
    if isinstance(t, mi.Metadata):
        return _value(t.type, variant, path)
    if isinstance(t, mi.UnionType):
        others = [x for x in t.types if not isinstance(x, mi.NoneType)]
        if variant == 1 and len(others) < len(t.types):
            return None
        return _value(others[0], variant, path)
    if isinstance(t, mi.StrType):
        if t.pattern is not None:
            if t.pattern not in PATTERN_SAMPLES:
                raise AssertionError(f"{path}: add a sample for the pattern {t.pattern!r} to PATTERN_SAMPLES")
            return PATTERN_SAMPLES[t.pattern]
        text = TEXT_SAMPLE if t.max_length is None else TEXT_SAMPLE[:t.max_length]
        return text.ljust(t.min_length or 0, "x")
    if isinstance(t, mi.BoolType):
        return variant == 0
    if isinstance(t, mi.IntType):
        low = t.ge if t.ge is not None else (t.gt + 1 if t.gt is not None else -1)
        return max(low, 1 if variant == 0 else low)
    if isinstance(t, mi.DateTimeType):
        return WHEN
    if isinstance(t, mi.DateType):
        return DAY
    if isinstance(t, mi.LiteralType):
        return t.values[variant % len(t.values)]
    if isinstance(t, mi.ListType):
        return [_value(t.item_type, variant, path)] * (2 - variant)
    if isinstance(t, mi.StructType):
        return example(t.cls, variant)
    raise AssertionError(f"{path}: no example for {t!r}; teach event_examples this type")


def example(cls: type[Any], variant: int = 0) -> Any:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    # A field with a default (a partial update's UNSET) is left out in variant 1.
    return cls(**{f.name: _value(f.type, variant, f"{cls.__name__}.{f.name}") for f in info.fields
                  if f.required or variant == 0})
