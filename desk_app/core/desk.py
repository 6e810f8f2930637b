"""DeskService: the one door the desk screen (and the benchmarks) use into the core.

Each method is one use case: it checks the actor's permission, opens its own
session, commits at most one transaction, and returns a ScanResult whose
Message the UI translates. Business refusals are results; only programming and
permission errors raise (DeskError subclasses). Calls are expected from one
background worker thread, in scan order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core import devices
from desk_app.core.staff import audit
from desk_app.core.circulation import barcodes
from desk_app.core.circulation import loans as circulation
from desk_app.core.circulation import holds
from desk_app.core.staff import privacy
from desk_app.core.circulation.blocks import CardRow, current_card
from desk_app.core.context import Ctx, RuleCache
from desk_app.core.patrons.credentials import (
    Credential,
    CredentialKind,
    ItemBarcodeInPatronField,
    looks_like_patron,
    parse_scanned,
    student_card,
    transit_uid,
)
from desk_app.core.patrons.ids import mask_card_number, mask_id
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError, Message
from desk_app.core.patrons.mobile_token import TokenError, TokenMalformed, verify_token
from desk_app.core.patrons.records import (
    build_view,
    card_by_number,
    card_by_transit_uid,
    cards_of,
    patron_id_by_national_id,
    patron_row,
)
from desk_app.core.staff.permissions import Action, Actor, require
from desk_app.core.views import BlockKind, Outcome, PatronView, ScanResult
from desk_app.store.models import Item, Loan

# Blocks that make identify itself red; the others (overdue, limit, flags) show amber.
_RED_AT_IDENTIFY = {BlockKind.CARD_LOST, BlockKind.CARD_VOID, BlockKind.CARD_PENDING, BlockKind.CARD_EXPIRED,
                    BlockKind.SUSPENDED, BlockKind.DIGITAL_ONLY}
_PRESENTED_MEMORY = 64


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UnknownPatron(DeskError):
    code = "unknown_patron"


class DeskService:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor, *,
                 clock: Callable[[], dt.datetime] | None = None,
                 token_public_key: bytes | Mapping[int, bytes] | None = None,
                 patron_in_results: bool = True, rules_ttl: float = 60.0) -> None:
        self._sessions = session_factory
        self.actor = actor
        self._clock = clock or _utc_now
        self._token_key = token_public_key
        self._patron_in_results = patron_in_results
        self._rules = RuleCache(ttl=rules_ttl)
        # The card each recently identified patron presented: a lost or digital card
        # shown at identify must still refuse at check-out.
        self._presented: dict[int, int] = {}

    # ---- helpers ------------------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A use case's session, on a connection it holds until it ends.

        The session still begins and commits one transaction; only the connection stays,
        so the patron shown after a commit is read without a second pool checkout (~25 us).
        """
        engine = self._sessions.kw.get("bind")
        if not isinstance(engine, Engine):
            with self._sessions() as session:
                yield session
            return
        with engine.connect() as conn, self._sessions(bind=conn) as session:
            yield session

    def _ctx(self, session: Session) -> Ctx:
        return Ctx(session, self.actor, self._clock(), self._rules)

    def reload_rules(self) -> None:
        """Forget cached loan rules, settings and calendars (after staff change them on this desk)."""
        self._rules.clear()

    def _remember(self, patron_id: int, card_id: int) -> None:
        self._presented.pop(patron_id, None)
        self._presented[patron_id] = card_id
        while len(self._presented) > _PRESENTED_MEMORY:
            self._presented.pop(next(iter(self._presented)))

    def _view(self, ctx: Ctx, patron_id: int, card: CardRow | None = None, identified_by: str = "") -> PatronView:
        # The rows the use case already read in its transaction (and did not write) are not read again.
        facts = ctx.patron_facts(patron_id)
        patron = facts.patron if facts is not None else patron_row(ctx.conn, patron_id)
        if patron is None:
            raise UnknownPatron(QT_TRANSLATE_NOOP("core", "No such patron."))
        cards = facts.cards if facts is not None else None
        if card is None:
            if cards is None:
                cards = cards_of(ctx.conn, patron_id)
            presented = self._presented.get(patron_id)
            card = next((c for c in cards if c.id == presented), None) or current_card(cards, ctx.today)
        if card is None:
            raise UnknownPatron(QT_TRANSLATE_NOOP("core", "This patron has no library card."))
        return build_view(ctx.conn, patron, card, ctx.today, ctx.settings, ctx.rules, identified_by, cards=cards,
                          suspensions=facts.suspensions if facts is not None else None)

    def _with_patron(self, ctx: Ctx, result: ScanResult, patron_id: int) -> ScanResult:
        """The result with the patron as they now stand (the same Ctx: what its checks read is reused)."""
        if not self._patron_in_results or result.outcome is Outcome.ERROR:
            return result
        view = self._view(ctx, patron_id)
        return ScanResult(result.outcome, result.message, view, result.loan, result.slip, result.offer_check_in,
                          result.details, result.notes)

    # ---- identify -----------------------------------------------------------------------------

    def classify(self, text: str) -> str:
        """"item", "patron" or "unknown": lets the UI say an item was scanned in the patron field and vice versa."""
        if barcodes.looks_like_item_barcode(text):
            return "item"
        if looks_like_patron(text):
            return "patron"
        return "unknown"

    def identify(self, scanned: str) -> ScanResult:
        """A patron from a card barcode, a typed national ID or a mobile card token."""
        require(self.actor, Action.IDENTIFY_PATRON)
        try:
            credential = parse_scanned(scanned)
        except ItemBarcodeInPatronField as exc:
            return ScanResult(Outcome.ERROR, exc.message, details={"field": "item"})
        except DeskError as exc:
            return ScanResult(Outcome.ERROR, exc.message)
        return self._identify(credential)

    def identify_transit_card(self, uid_hex: str) -> ScanResult:
        """A patron from an EasyCard or iPass tapped on the reader (bound to their library card)."""
        require(self.actor, Action.IDENTIFY_PATRON)
        try:
            uid = transit_uid(uid_hex)
        except DeskError as exc:
            return ScanResult(Outcome.ERROR, exc.message)
        return self._identify(Credential(CredentialKind.TRANSIT_CARD, uid))

    def identify_student_card(self, uid_hex: str, card_number: str) -> ScanResult:
        """A patron from a student card's LC v1 record (read and CRC-checked by the UI through drivers)."""
        require(self.actor, Action.IDENTIFY_PATRON)
        try:
            credential = student_card(uid_hex, card_number)
        except DeskError as exc:
            return ScanResult(Outcome.ERROR, exc.message)
        return self._identify(credential)

    def _identify(self, credential: Credential) -> ScanResult:
        with self._session() as session:
            ctx = self._ctx(session)
            found = self._find_card(ctx, credential)
            if isinstance(found, ScanResult):
                return found
            view = self._view(ctx, found.patron_id, found, credential.kind.value)
            # Opening a patron's record is an access to personal data: who, whom, how, when.
            audit.record(session, self.actor, "identify_patron", "patron", found.patron_id, at=ctx.now,
                         card_id=found.id,
                         via=credential.kind.value)
            session.commit()
        self._remember(found.patron_id, found.id)
        red = next((b for b in view.blocks if b.refuses_borrowing and b.kind in _RED_AT_IDENTIFY), None)
        if red is not None:
            return ScanResult(Outcome.REFUSED, red.message, view)
        if view.blocks:
            return ScanResult(Outcome.NOTICE, view.blocks[0].message, view,
                              notes=tuple(b.message for b in view.blocks[1:]))
        return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP("core", "{name}: ready to borrow."), name=view.name),
                          view)

    def _find_card(self, ctx: Ctx, credential: Credential) -> CardRow | ScanResult:
        s = ctx.conn
        kind = credential.kind
        if kind is CredentialKind.MOBILE_TOKEN:
            if self._token_key is None:
                return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP(
                    "core", "Mobile library cards are not set up on this desk (no public key configured).")))
            try:
                token = verify_token(credential.value, self._token_key, self._clock())
            except TokenMalformed as exc:
                return ScanResult(Outcome.ERROR, exc.message)
            except TokenError as exc:
                return ScanResult(Outcome.REFUSED, exc.message)
            credential = Credential(CredentialKind.MOBILE_TOKEN, token.card_number)
        if kind is CredentialKind.NATIONAL_ID:
            patron_id = patron_id_by_national_id(s, credential.value)
            if patron_id is None:
                return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP(
                    "core", "No patron is registered with ID {id}."), id=mask_id(credential.value)))
            card = current_card(cards_of(s, patron_id), ctx.today)
            if card is None:
                return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
                    "core", "This patron has no library card.")))
            return card
        if kind is CredentialKind.TRANSIT_CARD:
            card = card_by_transit_uid(s, credential.value)
            if card is None:
                return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP(
                    "core", "This EasyCard / iPass is not bound to a library card. It can be bound at the card desk.")))
            return card
        card = card_by_number(s, credential.value)
        if card is None:
            return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP(
                "core", "No library card has number {card}."), card=mask_card_number(credential.value)))
        if kind is CredentialKind.STUDENT_CARD and card.burned_uid and card.burned_uid.upper() != credential.uid_hex:
            return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
                "core", "This student card's record was burned on another card; it is refused. Re-burn it at the "
                        "card desk.")))
        return card

    def patron_view(self, patron_id: int) -> PatronView:
        """The patron panel as it stands now (after a check-in elsewhere, a refresh key ...)."""
        require(self.actor, Action.IDENTIFY_PATRON)
        with self._session() as session:
            return self._view(self._ctx(session), patron_id)

    # ---- circulation --------------------------------------------------------------------------

    def check_out(self, patron_id: int, barcode: str) -> ScanResult:
        require(self.actor, Action.CHECK_OUT)
        with self._session() as session:
            ctx = self._ctx(session)
            result = circulation.check_out(ctx, patron_id, self._presented.get(patron_id), barcode)
            return self._with_patron(ctx, result, patron_id)

    def hand_over_hold(self, patron_id: int, barcode: str) -> ScanResult:
        require(self.actor, Action.HAND_OVER_HOLD)
        with self._session() as session:
            ctx = self._ctx(session)
            result = circulation.check_out(ctx, patron_id, self._presented.get(patron_id), barcode,
                                           hand_over_only=True)
            return self._with_patron(ctx, result, patron_id)

    def check_in(self, barcode: str) -> ScanResult:
        require(self.actor, Action.CHECK_IN)
        with self._session() as session:
            return circulation.check_in(self._ctx(session), barcode)

    def renew(self, patron_id: int, barcode: str) -> ScanResult:
        require(self.actor, Action.RENEW)
        with self._session() as session:
            ctx = self._ctx(session)
            result = circulation.renew(ctx, patron_id, self._presented.get(patron_id), barcode)
            return self._with_patron(ctx, result, patron_id)

    def renew_all(self, patron_id: int) -> list[ScanResult]:
        """Renew every current loan, each in its own transaction; one result per loan."""
        require(self.actor, Action.RENEW)
        with self._session() as session:
            rows = session.execute(select(Item.barcode).join(Loan, Loan.item_id == Item.id).where(
                Loan.patron_id == patron_id, Loan.returned_at.is_(None)).order_by(Loan.due_date, Loan.id)).scalars()
            barcodes_out = list(rows)
        results = []
        for code in barcodes_out:
            with self._session() as session:
                results.append(circulation.renew(self._ctx(session), patron_id, self._presented.get(patron_id), code))
        return results

    def undo_checkout(self, loan_id: int) -> ScanResult:
        require(self.actor, Action.UNDO_CHECKOUT)
        with self._session() as session:
            ctx = self._ctx(session)
            result = circulation.undo_checkout(ctx, loan_id)
            patron_id = session.execute(select(Loan.patron_id).where(Loan.id == loan_id)).scalar()
            if patron_id is None:
                return result
            return self._with_patron(ctx, result, patron_id)

    # ---- holds --------------------------------------------------------------------------------

    def place_hold(self, patron_id: int, bib_id: int, pickup_branch_id: int | None = None) -> ScanResult:
        require(self.actor, Action.PLACE_HOLD)
        with self._session() as session:
            ctx = self._ctx(session)
            result = holds.place_hold(ctx, patron_id, self._presented.get(patron_id), bib_id, pickup_branch_id)
            return self._with_patron(ctx, result, patron_id)

    def expire_holds(self) -> list[ScanResult]:
        """Holds past their shelf date at this branch: expired, and each copy passed on (with a slip)."""
        require(self.actor, Action.CHECK_IN)
        with self._session() as session:
            return holds.expire_shelf(self._ctx(session))

    # ---- personal data and devices (run on the desk's worker, as the staff member now signed in) ----

    def reveal_national_id(self, patron_id: int) -> str:
        """The full ID for a role allowed to see it; audited in core (privacy.reveal_national_id)."""
        return privacy.reveal_national_id(self._sessions, self.actor, patron_id)

    def record_device_settings(self, summary: Mapping[str, object]) -> None:
        """Audit a saved device panel (what changed; no secrets)."""
        devices.record_device_settings_change(self._sessions, self.actor, summary)


__all__ = ["DeskService", "UnknownPatron"]
