"""The library's passbook rules, as `library_setting` rows a supervisor may change.

Defaults are Taipei's published rules (2024): one point per item at the counter,
two by self-checkout or phone, at most 30 a day and 450 a month per card; personal
and family cards earn. Attachments (a CD in a book's pocket) earn nothing. Like the
circulation settings, a typo in a value falls back to the default rather than
stopping the counter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desk_app.store.models import LibrarySetting

DEFAULTS: dict[str, str] = {
    "passbook.points_counter_loan": "1",
    "passbook.points_self_loan": "2",
    "passbook.cap_per_day": "30",  # 0: no cap
    "passbook.cap_per_month": "450",  # 0: no cap
    "passbook.earning_card_kinds": "personal,family",
    "passbook.no_point_item_types": "attachment",
}


@dataclass(frozen=True)
class PassbookSettings:
    points_counter_loan: int = 1
    points_self_loan: int = 2
    cap_per_day: int = 30
    cap_per_month: int = 450
    earning_card_kinds: frozenset[str] = frozenset({"personal", "family"})
    no_point_item_types: frozenset[str] = frozenset({"attachment"})


def _int(values: dict[str, str], key: str) -> int:
    try:
        return max(0, int(values.get(key, DEFAULTS[key]).strip()))
    except ValueError:
        return int(DEFAULTS[key])


def _words(values: dict[str, str], key: str) -> frozenset[str]:
    return frozenset(w.strip() for w in values.get(key, DEFAULTS[key]).split(",") if w.strip())


def settings_from(values: dict[str, str]) -> PassbookSettings:
    return PassbookSettings(
        points_counter_loan=_int(values, "passbook.points_counter_loan"),
        points_self_loan=_int(values, "passbook.points_self_loan"),
        cap_per_day=_int(values, "passbook.cap_per_day"),
        cap_per_month=_int(values, "passbook.cap_per_month"),
        earning_card_kinds=_words(values, "passbook.earning_card_kinds"),
        no_point_item_types=_words(values, "passbook.no_point_item_types"),
    )


def load_passbook_settings(db: Session | Connection) -> PassbookSettings:
    rows = db.execute(select(LibrarySetting.key, LibrarySetting.value)
                      .where(LibrarySetting.key.in_(list(DEFAULTS)))).all()
    return settings_from({k: v for k, v in rows})
