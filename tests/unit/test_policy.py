"""Loan rules, suspension arithmetic, the branch calendar, the item barcode scheme and credential parsing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.circulation.barcodes import (
    InvalidBarcodeError,
    is_valid_item_barcode,
    looks_like_item_barcode,
    make_item_barcode,
    parse_item_barcode,
)
from desk_app.core.circulation.calendar import BranchCalendar, load_calendar, local_today
from desk_app.core.patrons.credentials import CredentialKind, ItemBarcodeInPatronField, parse_scanned
from desk_app.core.circulation.policy import (
    DEFAULT_TERMS,
    LoanRules,
    LoanTerms,
    Settings,
    load_rules,
    load_settings,
    settings_from,
    suspension_for,
)
from tests import factories as F

D = dt.date


def rules(*rows: tuple[str, str, int, int, int]) -> LoanRules:
    return LoanRules(tuple(LoanTerms(m, d, r, k, t) for k, t, m, d, r in rows))


def test_defaults_when_no_rule_rows():
    assert rules().terms_for("adult", "book") == DEFAULT_TERMS
    assert DEFAULT_TERMS.loan_days == 21 and DEFAULT_TERMS.max_loans == 20


def test_most_specific_rule_wins():
    r = rules(("*", "*", 20, 21, 1), ("child", "*", 10, 21, 1), ("*", "dvd", 5, 7, 0), ("child", "dvd", 2, 7, 0))
    assert r.terms_for("child", "dvd").max_loans == 2
    assert r.terms_for("adult", "dvd").max_loans == 5
    assert r.terms_for("child", "book").max_loans == 10
    assert r.terms_for("adult", "book").max_loans == 20
    assert [t.max_loans for t in r.limits_for("child", "dvd")] == [2, 10]
    assert [t.max_loans for t in r.limits_for("adult", "book")] == [20]


def test_rules_and_settings_load_from_the_database(session_factory):
    with session_factory() as s:
        F.rule(s, "senior", "*", max_loans=30, loan_days=28, max_renewals=2)
        F.setting(s, "holds.shelf_days", "10")
        F.setting(s, "suspension.days_per_overdue_day", "oops")  # a typo keeps the default
        s.commit()
        assert load_rules(s).terms_for("senior", "book").loan_days == 28
        loaded = load_settings(s)
    assert loaded.hold_shelf_days == 10 and loaded.days_per_overdue_day == 1


def test_settings_defaults():
    assert settings_from({}) == Settings()


@pytest.mark.parametrize("late, existing, cfg, expected", [
    (0, [], {}, None),
    (3, [], {}, (3, D(2026, 11, 23), D(2026, 11, 26), D(2026, 11, 26))),
    (3, [], {"suspension.holds_extra_days": "7"}, (3, D(2026, 11, 23), D(2026, 11, 26), D(2026, 12, 3))),
    (3, [], {"suspension.days_per_overdue_day": "2"}, (6, D(2026, 11, 23), D(2026, 11, 29), D(2026, 11, 29))),
    (3, [], {"suspension.grace_days": "3"}, None),
    (5, [], {"suspension.grace_days": "2"}, (3, D(2026, 11, 23), D(2026, 11, 26), D(2026, 11, 26))),
    (100, [], {"suspension.max_days": "30"}, (30, D(2026, 11, 23), D(2026, 12, 23), D(2026, 12, 23))),
    (2, [D(2026, 11, 30), D(2026, 11, 25)], {}, (2, D(2026, 11, 30), D(2026, 12, 2), D(2026, 12, 2))),
    (2, [D(2026, 11, 1)], {}, (2, D(2026, 11, 23), D(2026, 11, 25), D(2026, 11, 25))),
    (4, [], {"suspension.days_per_overdue_day": "0"}, None),
])
def test_suspension_rule(late, existing, cfg, expected):
    terms = suspension_for(late, D(2026, 11, 23), existing, settings_from(cfg))
    got = None if terms is None else (terms.days, terms.starts_on, terms.borrowing_resumes_on, terms.holds_resume_on)
    assert got == expected


def test_calendar_skips_closed_weekdays_and_holidays(session_factory):
    with session_factory() as s:
        b = F.branch(s, closed_weekdays="17", closed_days=(D(2027, 1, 1), D(2026, 1, 1)))
        s.commit()
        cal = load_calendar(s, b.id, D(2026, 12, 1))
    assert cal.closed_days == frozenset({D(2027, 1, 1)})  # past closures are not loaded
    assert cal.next_open_day(D(2026, 12, 27)) == D(2026, 12, 29)  # Sunday, Monday -> Tuesday
    assert cal.due_date(D(2026, 12, 11), 21) == D(2027, 1, 2)  # Fri 1 Jan is a holiday
    assert cal.is_open(D(2026, 12, 30))


def test_a_branch_closed_every_day_still_gives_due_dates(session_factory):
    with session_factory() as s:
        b = F.branch(s, closed_weekdays="1234567")
        s.commit()
        cal = load_calendar(s, b.id, D(2026, 12, 1))
    assert cal.due_date(D(2026, 12, 1), 21) == D(2026, 12, 22)


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 1, 1)), st.integers(1, 60),
       st.frozensets(st.integers(1, 7), max_size=6))
def test_due_dates_are_open_days_never_before_the_period(start, days, closed):
    cal = BranchCalendar(closed, frozenset())
    due = cal.due_date(start, days)
    assert cal.is_open(due) and due >= start + dt.timedelta(days=days)
    assert (due - start).days < days + 7


def test_local_today_is_taiwan_time():
    assert local_today(dt.datetime(2026, 11, 22, 16, 30)) == D(2026, 11, 23)  # naive = UTC
    assert local_today(dt.datetime(2026, 11, 22, 15, 59, tzinfo=dt.timezone.utc)) == D(2026, 11, 22)


# ---- item barcodes ----------------------------------------------------------------------------


def test_item_barcode_scheme():
    code = make_item_barcode(1)
    assert code == "30001000000010" and len(code) == 14 and code.startswith("3")
    assert parse_item_barcode(f" a{code}b ") == code
    assert make_item_barcode(12345678) == "30001123456784"


@given(st.integers(0, 99_999_999))
def test_every_generated_barcode_is_valid_and_any_single_digit_change_is_caught(n):
    code = make_item_barcode(n)
    assert is_valid_item_barcode(code) and looks_like_item_barcode(code)
    for pos in range(1, 14):  # skip the "3" (that would be another kind of barcode)
        wrong = code[:pos] + str((int(code[pos]) + 1) % 10) + code[pos + 1:]
        assert not is_valid_item_barcode(wrong)


@pytest.mark.parametrize("text, phrase", [
    ("", "empty"), ("3000100000001X", "only digits"), ("300010000000", "14 digits"),
    ("20001000000010", "starts with 3"), ("30001000000011", "check digit"),
])
def test_bad_item_barcodes_say_what_is_wrong(text, phrase):
    with pytest.raises(InvalidBarcodeError) as info:
        parse_item_barcode(text)
    assert phrase in str(info.value)


def test_make_item_barcode_range():
    with pytest.raises(ValueError):
        make_item_barcode(100_000_000)


# ---- credentials ------------------------------------------------------------------------------


def test_parse_scanned_routes():
    nid = F.national_id(123)
    assert parse_scanned(nid.lower()).kind is CredentialKind.NATIONAL_ID
    assert parse_scanned(nid + "02").kind is CredentialKind.CARD_NUMBER
    assert parse_scanned("2435555844").value == "04A22B91"
    assert parse_scanned("04A22B91").kind is CredentialKind.TRANSIT_CARD
    assert parse_scanned("LDM1.x.y").kind is CredentialKind.MOBILE_TOKEN
    with pytest.raises(ItemBarcodeInPatronField):
        parse_scanned(make_item_barcode(7))
    assert nid not in repr(parse_scanned(nid))
