"""Revealing an ID, subject-access export and anonymising old loan history: permitted, audited, correct."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from desk_app.core.staff import privacy
from desk_app.core.staff.audit import verify_chain
from desk_app.core.patrons.ids import check_digit_for
from desk_app.core.staff.permissions import Actor, PermissionDenied
from desk_app.store.models import (
    AuditEntry,
    BibRecord,
    Branch,
    Item,
    LibraryCard,
    LibrarySetting,
    Loan,
    OutboxEntry,
    Patron,
    PointEntry,
    StaffRole,
    Suspension,
)

NOW = dt.datetime(2026, 11, 23, 10, 0, 0)
NATIONAL_ID = "A12345678" + check_digit_for("A12345678")
OTHER_ID = "B22000000" + check_digit_for("B22000000")


def actor(role: StaffRole) -> Actor:
    return Actor(staff_id=5, username=f"{role.value}1", role=role, branch_id=1)


SUPERVISOR, ADMIN = actor(StaffRole.SUPERVISOR), actor(StaffRole.ADMINISTRATOR)


@pytest.fixture
def library(session_factory) -> dict[str, int]:
    """One branch, two patrons with cards, and loans returned 30, 400 and 800 days ago plus one open loan."""
    with session_factory() as s, s.begin():
        branch = Branch(code="TPML", name="總館")
        s.add(branch)
        s.flush()
        ids: dict[str, int] = {"branch": branch.id}
        for key, nid, kind in (("reader", NATIONAL_ID, "student"), ("other", OTHER_ID, "adult")):
            patron = Patron(national_id=nid, name="王小明" if key == "reader" else "李大華", kind=kind,
                            address="臺北市中正區", home_branch_id=branch.id)
            s.add(patron)
            s.flush()
            card = LibraryCard(patron_id=patron.id, card_number=nid + "00", issued_on=dt.date(2024, 1, 2))
            s.add(card)
            s.flush()
            ids[key], ids[f"{key}_card"] = patron.id, card.id
        bib = BibRecord(title="小王子", author="聖修伯里")
        s.add(bib)
        s.flush()
        for n, (who, days_ago) in enumerate([("reader", 30), ("reader", 400), ("reader", 800), ("other", 500),
                                             ("reader", None)]):
            item = Item(barcode=f"3000000000000{n}", bib_id=bib.id, call_number="876.57 8565",
                        home_branch_id=branch.id, location_branch_id=branch.id)
            s.add(item)
            s.flush()
            out = NOW - dt.timedelta(days=(days_ago or 0) + 14)
            loan = Loan(item_id=item.id, patron_id=ids[who], card_id=ids[f"{who}_card"], branch_id=branch.id,
                        checked_out_at=out, due_date=(out + dt.timedelta(days=21)).date(),
                        returned_at=None if days_ago is None else NOW - dt.timedelta(days=days_ago))
            s.add(loan)
            s.flush()
            ids[f"loan{n}"] = loan.id
            s.add(PointEntry(patron_id=ids[who], points=1, reason="checkout", loan_id=loan.id, created_at=out))
        s.add(Suspension(patron_id=ids["reader"], reason="overdue", days=3, starts_on=dt.date(2025, 6, 1),
                         borrowing_resumes_on=dt.date(2025, 6, 4), holds_resume_on=dt.date(2025, 6, 4),
                         loan_id=ids["loan1"]))
    return ids


def test_reveal_needs_the_permission_and_is_audited(session_factory, library) -> None:
    with pytest.raises(PermissionDenied):
        privacy.reveal_national_id(session_factory, actor(StaffRole.LIBRARIAN), library["reader"])
    assert privacy.reveal_national_id(session_factory, SUPERVISOR, library["reader"], reason="證件核對") == NATIONAL_ID
    with session_factory() as s:
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert entry is not None
        assert (entry.action, entry.staff_username, entry.entity, entry.entity_id) == (
            "national_id_revealed", "supervisor1", "patron", str(library["reader"]))
        assert NATIONAL_ID not in entry.detail and json.loads(entry.detail)["masked_id"] == "A12*****" + NATIONAL_ID[-2:]
        # The refused attempt changed nothing: one entry in all.
        assert s.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == 1


def test_export_holds_everything_about_one_patron_and_nothing_about_others(session_factory, library) -> None:
    with pytest.raises(PermissionDenied):
        privacy.export_patron_data(session_factory, actor(StaffRole.CARD_STAFF), library["reader"])
    privacy.reveal_national_id(session_factory, SUPERVISOR, library["reader"])  # shows up in their trail
    data = json.loads(privacy.export_patron_json(session_factory, SUPERVISOR, library["reader"]))
    assert data["format"] == "libdesk-patron-export/1"
    assert data["patron"]["national_id"] == NATIONAL_ID and data["patron"]["name"] == "王小明"
    assert [c["card_number"] for c in data["cards"]] == [NATIONAL_ID + "00"]
    assert len(data["loans"]) == 4 and {loan["title"] for loan in data["loans"]} == {"小王子"}
    assert len(data["reading_points"]) == 4 and len(data["suspensions"]) == 1
    assert [e["action"] for e in data["audit_trail"]] == ["national_id_revealed"]
    assert OTHER_ID not in json.dumps(data) and "李大華" not in json.dumps(data)
    with session_factory() as s:
        last = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert last is not None and last.action == "patron_data_exported" and NATIONAL_ID not in last.detail


def test_anonymise_cuts_old_loans_loose_and_keeps_statistics(session_factory, library) -> None:
    with session_factory() as s, s.begin():
        s.add(LibrarySetting(key=privacy.RETENTION_SETTING, value="365"))
    with pytest.raises(PermissionDenied):
        privacy.anonymise_history(session_factory, SUPERVISOR, now=NOW)
    report = privacy.anonymise_history(session_factory, ADMIN, now=NOW)
    assert (report.retention_days, report.loans, report.point_entries, report.suspensions) == (365, 3, 3, 1)
    with session_factory() as s:
        loans = {loan.id: loan for loan in s.execute(select(Loan)).scalars()}
        for key in ("loan1", "loan2", "loan3"):  # returned 400, 800 and 500 days ago
            loan = loans[library[key]]
            assert (loan.patron_id, loan.card_id) == (None, None)
            assert loan.item_id and loan.returned_at  # the statistics keep item, dates ...
        assert loans[library["loan1"]].patron_kind == "student"  # ... and who kind of reader it was
        assert loans[library["loan3"]].patron_kind == "adult"
        assert loans[library["loan0"]].patron_id == library["reader"]  # recent: kept
        assert loans[library["loan4"]].patron_id == library["reader"]  # still on loan: kept
        linked = s.execute(select(PointEntry.loan_id).where(PointEntry.loan_id.is_not(None))).scalars().all()
        assert sorted(linked) == sorted([library["loan0"], library["loan4"]])
        assert s.execute(select(Suspension.loan_id)).scalar_one() is None
        # Points stay with the patron: the passbook total is unchanged.
        assert s.execute(select(func.sum(PointEntry.points)).where(
            PointEntry.patron_id == library["reader"])).scalar_one() == 4
        assert s.execute(select(OutboxEntry.event_type)).scalars().all() == ["loan_history.anonymised"]
        assert verify_chain(s).ok
    # Running it again finds nothing more to do.
    again = privacy.anonymise_history(session_factory, ADMIN, now=NOW)
    assert again.loans == 0
    # After anonymising, the export no longer shows those loans.
    data = privacy.export_patron_data(session_factory, ADMIN, library["reader"])
    assert sorted(loan["id"] for loan in data["loans"]) == sorted([library["loan0"], library["loan4"]])


def test_retention_defaults_to_a_year_and_can_be_given(session_factory, library) -> None:
    report = privacy.anonymise_history(session_factory, ADMIN, retention=0, now=NOW)
    assert report.retention_days == 0 and report.loans == 4
    with session_factory() as s:
        assert privacy.retention_days(s) == privacy.DEFAULT_RETENTION_DAYS == 365
