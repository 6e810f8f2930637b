"""Personal-data duties under Taiwan's Personal Data Protection Act, each permission-checked and audited.

- reveal a masked national ID to a role allowed to see it (the audit says who looked);
- export everything held about one patron, for the patron's own request (subject access);
- anonymise loan history older than the library's retention period, keeping the
  patron kind on each loan so circulation statistics survive.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Update, and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from desk_app import events
from desk_app.core.global_names import origin
from desk_app.core.staff import audit
from desk_app.core.patrons.ids import mask_card_number, mask_id, normalise, parse_card_number, parse_id
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.patrons.records import card_by_number, patron_id_by_national_id
from desk_app.core.staff.permissions import Action, Actor, require
from desk_app.store.models import (
    AuditEntry,
    Base,
    CardBinding,
    Hold,
    LibraryCard,
    LibrarySetting,
    Loan,
    Patron,
    PointEntry,
    Suspension,
    utcnow,
)

RETENTION_SETTING = "privacy.loan_history_retention_days"
DEFAULT_RETENTION_DAYS = 365
EXPORT_FORMAT = "libdesk-patron-export/1"


class PrivacyError(DeskError):
    code = "privacy_error"


@dataclass(frozen=True)
class AnonymiseReport:
    cutoff: dt.datetime  # loans returned before this moment were anonymised
    retention_days: int
    loans: int  # loans whose patron and card were removed
    point_entries: int  # reading-point entries no longer pointing at such a loan
    suspensions: int  # ended suspensions no longer pointing at such a loan
    dry_run: bool = False  # counted only; nothing was changed


def _patron(session: Session, patron_id: int) -> Patron:
    patron = session.get(Patron, patron_id)
    if patron is None:
        raise PrivacyError(QT_TRANSLATE_NOOP("core", "No patron with number {patron_id}."), patron_id=patron_id)
    return patron


def find_patron_for_request(session_factory: sessionmaker[Session], actor: Actor, card_or_id: str,
                            action: Action = Action.EXPORT_PATRON_DATA) -> int:
    """The patron a request names by library card number or national ID (for `action`, checked first).

    The permission comes before the lookup, so a role without it cannot even learn
    whether someone is a patron. Malformed or unknown: a PrivacyError saying so (masked).
    """
    require(actor, action)
    value = normalise(card_or_id)
    if len(value) > 10:
        number = parse_card_number(value).value
        with session_factory() as session:
            card = card_by_number(session, number)
        if card is None:
            raise PrivacyError(QT_TRANSLATE_NOOP("core", "No library card has number {card}."),
                               card=mask_card_number(number))
        return card.patron_id
    national_id = parse_id(value).value
    with session_factory() as session:
        patron_id = patron_id_by_national_id(session, national_id)
    if patron_id is None:
        raise PrivacyError(QT_TRANSLATE_NOOP("core", "No patron is registered with ID {id}."), id=mask_id(national_id))
    return patron_id


def reveal_national_id(session_factory: sessionmaker[Session], actor: Actor, patron_id: int, *,
                       reason: str = "") -> str:
    """The full ID, for a role allowed to see it; the reveal is audited (masked) before it is returned."""
    require(actor, Action.REVEAL_NATIONAL_ID)
    with session_factory() as session, session.begin():
        patron = _patron(session, patron_id)
        value = patron.national_id
        audit.record(session, actor, "national_id_revealed", "patron", patron_id,
                     masked_id=mask_id(value), reason=reason[:200])
    return value


def _row(obj: Base, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in obj.__table__.columns:
        if col.key in skip:
            continue
        value = getattr(obj, col.key)
        out[col.key] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    return out


def _audit_about(session: Session, patron_id: int, card_ids: list[int], loan_ids: list[int]) -> list[dict[str, Any]]:
    keys = [("patron", str(patron_id))]
    keys += [(entity, str(cid)) for cid in card_ids for entity in ("card", "library_card")]
    keys += [("loan", str(lid)) for lid in loan_ids]
    if not keys:
        return []
    cond = or_(*[and_(AuditEntry.entity == e, AuditEntry.entity_id == i) for e, i in keys])
    rows = session.execute(select(AuditEntry).where(cond).order_by(AuditEntry.id)).scalars()
    return [{"at": r.at.isoformat(), "staff": r.staff_username, "action": r.action, "entity": r.entity,
             "entity_id": r.entity_id, "detail": json.loads(r.detail or "{}")} for r in rows]


def export_patron_data(session_factory: sessionmaker[Session], actor: Actor, patron_id: int) -> dict[str, Any]:
    """Everything the desk holds about one patron, as JSON-ready data, for a subject-access request.

    The result holds the patron's full ID (it is their own data): hand it to them, never log it.
    """
    require(actor, Action.EXPORT_PATRON_DATA)
    with session_factory() as session, session.begin():
        patron = _patron(session, patron_id)
        cards = list(session.execute(select(LibraryCard).where(LibraryCard.patron_id == patron_id)).scalars())
        card_ids = [c.id for c in cards]
        bindings = list(session.execute(
            select(CardBinding).where(CardBinding.card_id.in_(card_ids)).order_by(CardBinding.id)).scalars())
        loans = list(session.execute(select(Loan).where(Loan.patron_id == patron_id).order_by(Loan.id)).scalars())

        def rows(model: type[Base], *skip: str) -> list[dict[str, Any]]:
            col = model.__table__.c.patron_id
            return [_row(r, skip) for r in session.execute(
                select(model).where(col == patron_id).order_by(model.__table__.c.id)).scalars()]

        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": utcnow().isoformat(),
            "exported_by": actor.username,
            "patron": _row(patron),
            "cards": [_row(c) for c in cards],
            "transit_card_bindings": [_row(b) for b in bindings],
            "loans": [dict(_row(loan), title=loan.item.bib.title, item_barcode=loan.item.barcode)
                      for loan in loans],
            "holds": rows(Hold),
            "suspensions": rows(Suspension),
            "reading_points": rows(PointEntry),
            "audit_trail": _audit_about(session, patron_id, card_ids, [loan.id for loan in loans]),
        }
        audit.record(session, actor, "patron_data_exported", "patron", patron_id,
                     masked_id=mask_id(patron.national_id), loans=len(loans))
    return data


def export_patron_json(session_factory: sessionmaker[Session], actor: Actor, patron_id: int) -> str:
    """The export as UTF-8 JSON text (Chinese kept readable), ready to save for the patron."""
    return json.dumps(export_patron_data(session_factory, actor, patron_id), ensure_ascii=False, indent=2)


def retention_days(session: Session) -> int:
    """The library's retention period for loan history (LibrarySetting, default one year)."""
    row = session.get(LibrarySetting, RETENTION_SETTING)
    try:
        return int(row.value) if row is not None else DEFAULT_RETENTION_DAYS
    except ValueError:
        return DEFAULT_RETENTION_DAYS


def _count(session: Session, statement: Update) -> int:
    """Run an UPDATE and say how many rows it changed."""
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def anonymise_history(session_factory: sessionmaker[Session], actor: Actor, *,
                      retention: int | None = None, now: dt.datetime | None = None,
                      dry_run: bool = False) -> AnonymiseReport:
    """Cut returned loans older than the retention period loose from their patron, in one transaction.

    The loan keeps its item, branch, dates and patron kind (statistics); reading
    points and ended suspensions stop pointing at it, so nothing leads back to who read what.
    The central server is told through the outbox to do the same. `dry_run` counts
    what would change and changes nothing (the look is audited all the same).
    """
    require(actor, Action.ANONYMISE_HISTORY)
    now = now or utcnow()
    with session_factory() as session, session.begin():
        days = retention if retention is not None else retention_days(session)
        if days < 0:
            raise PrivacyError(QT_TRANSLATE_NOOP("core", "The retention period cannot be negative."))
        cutoff = now - dt.timedelta(days=days)
        old = and_(Loan.returned_at.is_not(None), Loan.returned_at < cutoff, Loan.patron_id.is_not(None))
        loan_ids = list(session.execute(select(Loan.id).where(old)).scalars())
        ended = or_(Suspension.lifted_at.is_not(None), Suspension.borrowing_resumes_on <= now.date())
        points = suspensions = 0
        if loan_ids and dry_run:
            points = _how_many(session, PointEntry, PointEntry.loan_id.in_(loan_ids))
            suspensions = _how_many(session, Suspension, and_(Suspension.loan_id.in_(loan_ids), ended))
        elif loan_ids:
            kind = select(Patron.kind).where(Patron.id == Loan.patron_id).scalar_subquery()
            session.execute(update(Loan).where(Loan.id.in_(loan_ids), Loan.patron_kind.is_(None))
                            .values(patron_kind=kind).execution_options(synchronize_session=False))
            session.execute(update(Loan).where(Loan.id.in_(loan_ids)).values(patron_id=None, card_id=None)
                            .execution_options(synchronize_session=False))
            points = _count(session, update(PointEntry).where(PointEntry.loan_id.in_(loan_ids))
                            .values(loan_id=None))
            suspensions = _count(session, update(Suspension).where(Suspension.loan_id.in_(loan_ids), ended)
                                 .values(loan_id=None))
            events.record(session, events.LoanHistoryAnonymised(
                **origin(session, actor, now), returned_before=events.utc(cutoff), retention_days=days,
                loans=len(loan_ids)))
        audit.record(session, actor, "history_anonymise_counted" if dry_run else "history_anonymised",
                     "loan_history", "", at=now, cutoff=cutoff.isoformat(), retention_days=days, loans=len(loan_ids),
                     point_entries=points, suspensions=suspensions)
    return AnonymiseReport(cutoff, days, len(loan_ids), points, suspensions, dry_run)


def _how_many(session: Session, model: type[Base], condition: ColumnElement[bool]) -> int:
    """How many rows of `model` an anonymisation would touch (for a dry run)."""
    return int(session.execute(select(func.count()).select_from(model).where(condition)).scalar_one())
