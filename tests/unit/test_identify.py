"""Identify: every credential a patron brings ends on the same patron panel, blocks shown at once."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desk_app.core.circulation.barcodes import make_item_barcode
from desk_app.core.patrons.credentials import decimal_form, transit_uid
from desk_app.core.desk import DeskService
from desk_app.core.patrons.ids import mask_card_number
from desk_app.core.patrons.mobile_token import public_key_bytes, sign_token
from desk_app.core.views import BlockKind, Outcome
from desk_app.store.models import CardKind, CardStatus, HoldStatus
from tests import factories as F

UID = "04A22B91"
STUDENT_UID = "04112233445566"


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def world(session_factory):
    with session_factory() as s:
        w = F.small_world(s)
        F.binding(s, s.merge(w.adult_card), UID)
        s.commit()
        return w


@pytest.fixture
def desk(session_factory, world, clock, key):
    return DeskService(session_factory, F.actor(world.main), clock=clock, token_public_key=public_key_bytes(key))


def test_every_route_ends_on_the_same_patron(desk, world, key, clock):
    card_number = world.adult_card.card_number
    token = sign_token(key, card_number, issued_at=clock())
    results = {
        "card_number": desk.identify(card_number),
        "card_number_lower_spaced": desk.identify(f"  {card_number.lower()} "),
        "national_id": desk.identify(world.adult.national_id),
        "transit_hex": desk.identify_transit_card(UID),
        "transit_hex_colons": desk.identify_transit_card("04:a2:2b:91"),
        "transit_decimal_typed": desk.identify(decimal_form(UID)),
        "mobile_token": desk.identify(token),
    }
    for route, result in results.items():
        assert result.outcome is Outcome.OK, route
        assert result.patron.patron_id == world.adult.id, route
        assert result.patron.name == "陳美玲"
        assert result.patron.masked_id == world.adult.national_id[:3] + "*****" + world.adult.national_id[-2:]
        assert world.adult.national_id not in str(result.message)
    assert results["national_id"].patron.identified_by == "national_id"
    assert results["mobile_token"].patron.identified_by == "mobile_token"


def test_decimal_uid_is_the_four_bytes_little_endian():
    assert transit_uid("2435555844") == "04A22B91"
    assert decimal_form("04A22B91") == "2435555844"
    assert transit_uid("0000000001") == "01000000"


def test_student_card_by_its_burned_record(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s)
        pupil = F.patron(s, kind="student", name="黃小安")
        c = F.card(s, pupil, kind=CardKind.STUDENT.value, burned_uid=STUDENT_UID)
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    ok = desk.identify_student_card(STUDENT_UID.lower(), c.card_number)
    assert ok.outcome is Outcome.OK and ok.patron.patron_id == pupil.id
    assert ok.patron.identified_by == "student_card"
    copied = desk.identify_student_card("04AABBCCDDEEFF", c.card_number)
    assert copied.outcome is Outcome.REFUSED and "another card" in str(copied.message)


def test_lost_card_says_which_card_is_current_masked(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s)
        p = F.patron(s)
        lost = F.card(s, p, status=CardStatus.LOST.value, sequence=0)
        current = F.card(s, p, sequence=1)
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    result = desk.identify(lost.card_number)
    assert result.outcome is Outcome.REFUSED
    assert mask_card_number(current.card_number) in str(result.message)
    assert current.card_number not in str(result.message)
    assert result.patron.blocks[0].kind is BlockKind.CARD_LOST
    # The ID alone finds the current card, which may borrow.
    by_id = desk.identify(p.national_id)
    assert by_id.outcome is Outcome.OK and by_id.patron.card_id == current.id


def test_lost_card_without_a_replacement(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s)
        p = F.patron(s)
        lost = F.card(s, p, status=CardStatus.LOST.value)
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    result = desk.identify(lost.card_number)
    assert result.outcome is Outcome.REFUSED and "no other card" in str(result.message)


@pytest.mark.parametrize(
    "kwargs, kind, phrase",
    [
        ({"status": CardStatus.VOID.value}, BlockKind.CARD_VOID, "void"),
        ({"status": CardStatus.PENDING.value, "activation_date": dt.date(2026, 12, 1)}, BlockKind.CARD_PENDING,
         "from 2026-12-01"),
        ({"status": CardStatus.PENDING.value}, BlockKind.CARD_PENDING, "not been activated"),
        ({"expiry_date": dt.date(2026, 11, 22)}, BlockKind.CARD_EXPIRED, "expired on 2026-11-22"),
        ({"kind": CardKind.DIGITAL.value}, BlockKind.DIGITAL_ONLY, "digital-only"),
    ],
)
def test_card_blocks_show_at_identify(session_factory, clock, kwargs, kind, phrase):
    with session_factory() as s:
        main = F.branch(s)
        p = F.patron(s)
        c = F.card(s, p, **kwargs)
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    result = desk.identify(c.card_number)
    assert result.outcome is Outcome.REFUSED
    assert result.patron.blocks[0].kind is kind and phrase in str(result.message)
    assert not result.patron.may_borrow


def test_card_expiring_today_still_works(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s)
        p = F.patron(s)
        c = F.card(s, p, expiry_date=F.TODAY)
        s.commit()
    assert DeskService(session_factory, F.actor(main), clock=clock).identify(c.card_number).outcome is Outcome.OK


def test_suspended_patron_shows_days_and_both_dates(desk, world, session_factory):
    with session_factory() as s:
        F.suspension(s, world.adult, days=10, starts_on=F.TODAY - dt.timedelta(days=3), holds_extra=3)
        s.commit()
    result = desk.identify(world.adult_card.card_number)
    assert result.outcome is Outcome.REFUSED
    sv = result.patron.suspension
    assert (sv.days, sv.days_left, sv.borrowing_resumes_on, sv.holds_resume_on) == (
        10, 7, dt.date(2026, 11, 30), dt.date(2026, 12, 3))
    assert "7 more days" in str(result.message)


def test_after_borrowing_resumes_only_holds_wait(desk, world, session_factory):
    with session_factory() as s:
        F.suspension(s, world.adult, days=3, starts_on=F.TODAY - dt.timedelta(days=3), holds_extra=4)
        s.commit()
    result = desk.identify(world.adult_card.card_number)
    assert result.outcome is Outcome.NOTICE and result.patron.may_borrow
    assert "Holds can be placed again from 2026-11-27" in str(result.message)


def test_blocks_loans_holds_and_points_show_at_identify(desk, world, session_factory):
    with session_factory() as s:
        a = s.merge(world.adult)
        F.loan(s, a, s.merge(world.items[0]), world.main, due=F.TODAY - dt.timedelta(days=1))
        F.loan(s, a, s.merge(world.items[1]), world.main, due=F.TODAY + dt.timedelta(days=9))
        F.loan(s, a, s.merge(world.items[2]), world.main, due=F.TODAY - dt.timedelta(days=30),
               returned=F.NOW.replace(tzinfo=None))
        F.hold(s, a, F.bib(s, "等待中的書"), world.main)
        s.commit()
    result = desk.identify(world.adult_card.card_number)
    view = result.patron
    assert result.outcome is Outcome.NOTICE and "overdue" in str(result.message)
    assert [lv.item_barcode for lv in view.loans] == [world.items[0].barcode, world.items[1].barcode]
    assert [lv.overdue for lv in view.loans] == [True, False]
    assert [(h.title, h.status) for h in view.holds] == [("等待中的書", HoldStatus.WAITING.value)]


def test_unknown_card_and_unknown_id_are_errors_without_the_full_id(desk, session_factory):
    before = F.snapshot(session_factory)
    stranger = F.national_id(9_999_999)
    for scanned in (stranger, stranger + "00"):
        result = desk.identify(scanned)
        assert result.outcome is Outcome.ERROR
        assert stranger not in str(result.message) and stranger[:3] + "*****" in str(result.message)
    unbound = desk.identify_transit_card("DEADBEEF")
    assert unbound.outcome is Outcome.ERROR and "not bound" in str(unbound.message)
    assert F.snapshot(session_factory) == before


def test_bad_input_in_the_patron_field(desk, world, session_factory):
    before = F.snapshot(session_factory)
    item_scan = desk.identify(world.items[0].barcode)
    assert item_scan.outcome is Outcome.ERROR and item_scan.details["field"] == "item"
    assert "item field" in str(item_scan.message)
    bad_checksum = desk.identify("A123456788")
    assert bad_checksum.outcome is Outcome.ERROR and "check digit" in str(bad_checksum.message)
    assert desk.identify("").outcome is Outcome.ERROR
    assert desk.identify("!!??").outcome is Outcome.ERROR
    assert desk.identify_transit_card("xyz").outcome is Outcome.ERROR
    assert desk.identify_student_card(STUDENT_UID, "A12345678").outcome is Outcome.ERROR
    assert F.snapshot(session_factory) == before


def test_classify_tells_items_from_patrons(desk, world, key, clock):
    assert desk.classify(world.items[0].barcode) == "item"
    assert desk.classify(make_item_barcode(5)[:-1] + "0") == "item"  # shape, the check digit is checked later
    assert desk.classify(world.adult_card.card_number) == "patron"
    assert desk.classify(world.adult.national_id.lower()) == "patron"
    assert desk.classify(sign_token(key, world.adult_card.card_number, issued_at=clock())) == "patron"
    assert desk.classify(decimal_form(UID)) == "patron"
    assert desk.classify("hello world") == "unknown"
    assert desk.classify("") == "unknown"


def test_heavy_borrower_identifies_with_all_current_loans_only(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s)
        heavy = F.patron(s, name="張書蟲")
        c = F.card(s, heavy)
        title = F.bib(s)
        for _ in range(200):
            F.loan(s, heavy, F.item(s, main, title), main, due=F.TODAY + dt.timedelta(days=3))
        for _ in range(300):
            F.loan(s, heavy, F.item(s, main, title), main, due=F.TODAY - dt.timedelta(days=90),
                   returned=F.NOW.replace(tzinfo=None) - dt.timedelta(days=80))
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    result = desk.identify(c.card_number)
    assert len(result.patron.loans) == 200
    assert any(b.kind is BlockKind.LOAN_LIMIT for b in result.patron.blocks)  # default limit 20
    assert result.outcome is Outcome.NOTICE


def test_mobile_token_refusals(desk, world, key, clock, session_factory):
    number = world.adult_card.card_number
    before = F.snapshot(session_factory)
    expired = sign_token(key, number, issued_at=clock() - dt.timedelta(hours=1))
    assert desk.identify(expired).outcome is Outcome.REFUSED
    assert "expired" in str(desk.identify(expired).message)
    forged = sign_token(Ed25519PrivateKey.generate(), number, issued_at=clock())
    assert desk.identify(forged).outcome is Outcome.REFUSED
    assert "forged" in str(desk.identify(forged).message)
    assert desk.identify("LDM1.garbage").outcome is Outcome.ERROR
    assert F.snapshot(session_factory) == before
    no_key = DeskService(session_factory, F.actor(world.main), clock=clock)
    assert no_key.identify(sign_token(key, number, issued_at=clock())).outcome is Outcome.ERROR


def test_identify_is_audited_without_the_full_id(desk, world, session_factory):
    from sqlalchemy import select

    from desk_app.core.staff.audit import verify_chain
    from desk_app.store.models import AuditEntry

    desk.identify(world.adult.national_id)
    with session_factory() as s:
        entry = s.execute(select(AuditEntry)).scalar_one()
        assert (entry.action, entry.entity, entry.entity_id) == ("identify_patron", "patron", str(world.adult.id))
        assert world.adult.national_id not in entry.detail and "national_id" in entry.detail
        assert verify_chain(s).ok
