"""Redeeming points for a prize at the desk: by the patron's redemption code or with the library card.

Both ways run the same checks, in the order the patron would want them explained:
the code (signature, expiry, used before), then the card, the prize (on sale, at
this branch), the balance, the stock and the per-card limit. Each refusal says its
reason and changes nothing. A redemption is one transaction: the ledger entry (points
out), the stock move (one out), the redemption row, its outbox row (the central
server e-mails the patron) and the audit entry. A cancellation restores points and
stock by new entries; nothing is edited back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from desk_app import events
from desk_app.core.global_names import global_id
from desk_app.core.circulation.blocks import CardRow, card_blocks, current_card
from desk_app.core.circulation.calendar import TAIPEI
from desk_app.core.context import Ctx
from desk_app.core.messages import QT_TRANSLATE_NOOP, Message
from desk_app.core.passbook import ledger, prizes
from desk_app.core.passbook.prizes import PrizeView
from desk_app.core.passbook.tokens import CodeMalformed, PassbookTokenError, verify_redemption
from desk_app.core.patrons.ids import mask_card_number
from desk_app.core.patrons.records import card_by_number, cards_of, patron_row
from desk_app.core.sql import table
from desk_app.core.staff import audit
from desk_app.core.views import BlockKind, Outcome, ScanResult, SlipView
from desk_app.store.global_ids import new_global_id
from desk_app.store.models import Branch, LibraryCard, Patron, Prize, Redemption

REDEMPTION = table(Redemption)


@dataclass(frozen=True)
class RedemptionCheck:
    """What the desk shows after scanning a code or choosing a prize: ready, or why not."""

    outcome: Outcome
    message: Message
    patron_id: int | None = None
    patron_name: str = ""
    masked_card: str = ""
    card_id: int | None = None
    prize: PrizeView | None = None
    balance: int = 0
    code_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK

    @property
    def balance_after(self) -> int:
        return self.balance - (self.prize.points if self.prize else 0)


def _refuse(text: str, outcome: Outcome = Outcome.REFUSED, **params: object) -> RedemptionCheck:
    return RedemptionCheck(outcome, Message(text, **params))


def _judge(ctx: Ctx, card: CardRow, prize: PrizeView | None, code_id: str | None) -> RedemptionCheck:
    """The checks after the code itself: used before, card, prize, balance, stock, limit."""
    db = ctx.conn
    patron = patron_row(db, card.patron_id)
    if patron is None:
        return _refuse(QT_TRANSLATE_NOOP("core", "No such patron."), Outcome.ERROR)
    base = dict(patron_id=patron.id, patron_name=patron.name, masked_card=mask_card_number(card.card_number),
                card_id=card.id, prize=prize, balance=ledger.balance(db, patron.id), code_id=code_id)

    def refused(text: str, **params: object) -> RedemptionCheck:
        return RedemptionCheck(Outcome.REFUSED, Message(text, **params), **base)  # type: ignore[arg-type]

    if code_id is not None and db.execute(select(Redemption.id).where(Redemption.token_id == code_id)).first():
        return refused(QT_TRANSLATE_NOOP("core", "This redemption code was already used; each code works once."))
    blocks = [b for b in card_blocks(card, cards_of(db, patron.id), ctx.today) if b.kind is not BlockKind.DIGITAL_ONLY]
    if blocks:
        return RedemptionCheck(Outcome.REFUSED, blocks[0].message, **base)  # type: ignore[arg-type]
    if prize is None:
        return refused(QT_TRANSLATE_NOOP("core", "This prize is not known at this desk (yet); nothing was redeemed."))
    if prize.branch_id != ctx.branch_id:
        return refused(QT_TRANSLATE_NOOP("core", "This prize ({name}) belongs to {branch}; it can be redeemed only "
                                                 "there."), name=prize.name, branch=prize.branch_name)
    if not prize.on_sale:
        return refused(QT_TRANSLATE_NOOP("core", "{name} is not on offer now."), name=prize.name)
    balance = int(base["balance"])  # type: ignore[call-overload]
    if balance < prize.points:
        return refused(QT_TRANSLATE_NOOP("core", "Too few points: {name} needs {points}, the patron has {balance}."),
                       name=prize.name, points=prize.points, balance=balance)
    if prize.stock <= 0:
        return refused(QT_TRANSLATE_NOOP("core", "{name} is out of stock at this branch."), name=prize.name)
    if prize.per_card_limit and prizes.redeemed_by_card(db, prize.prize_id, card.id) >= prize.per_card_limit:
        return refused(QT_TRANSLATE_NOOP("core", "This card has already redeemed {name} ({count} per card)."),
                       name=prize.name, count=prize.per_card_limit)
    return RedemptionCheck(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "{name} for {points} points: {balance} left after redeeming."), name=prize.name,
        points=prize.points, balance=balance - prize.points), **base)  # type: ignore[arg-type]


def check_code(ctx: Ctx, text: str, public_keys: bytes | Mapping[int, bytes] | None) -> RedemptionCheck:
    """Verify a scanned redemption code and judge it, without changing anything."""
    if not public_keys:
        return _refuse(QT_TRANSLATE_NOOP(
            "core", "Redemption codes are not set up on this desk (no public key configured)."), Outcome.ERROR)
    try:
        code = verify_redemption(text, public_keys, ctx.clock_now)
    except CodeMalformed as exc:
        return RedemptionCheck(Outcome.ERROR, exc.message)
    except PassbookTokenError as exc:
        return RedemptionCheck(Outcome.REFUSED, exc.message)
    card = card_by_number(ctx.conn, code.card_number)
    if card is None:
        return _refuse(QT_TRANSLATE_NOOP("core", "No library card has number {card}."), Outcome.ERROR,
                       card=mask_card_number(code.card_number))
    return _judge(ctx, card, prizes.prize_by_global_id(ctx.conn, code.prize_global_id), code.code_id)


def check_card(ctx: Ctx, patron_id: int, card_id: int | None, prize_id: int) -> RedemptionCheck:
    """Judge a redemption with the library card (a patron without a phone), the prize chosen with staff."""
    cards = cards_of(ctx.conn, patron_id)
    card = next((c for c in cards if c.id == card_id), None) if card_id is not None else None
    if card is None:
        card = current_card(cards, ctx.today)
    if card is None:
        return _refuse(QT_TRANSLATE_NOOP("core", "This patron has no library card."))
    return _judge(ctx, card, prizes.prize_view(ctx.conn, prize_id), None)


def _redeem(ctx: Ctx, check: RedemptionCheck, method: str) -> ScanResult:
    if not check.ok:
        return ScanResult(check.outcome, check.message, details=_details(check))
    prize = check.prize
    assert prize is not None and check.patron_id is not None and check.card_id is not None
    gid = new_global_id()
    redemption_id = int(ctx.conn.execute(insert(REDEMPTION).values(
        global_id=gid, prize_id=prize.prize_id, patron_id=check.patron_id, card_id=check.card_id,
        branch_id=ctx.branch_id, points=prize.points, method=method, token_id=check.code_id,
        staff_id=ctx.actor.staff_id, created_at=ctx.now)).inserted_primary_key[0])  # type: ignore[index]
    entry_gid = new_global_id()
    ledger.append(ctx, patron_id=check.patron_id, points=-prize.points, reason=ledger.Reason.REDEEM,
                  card_id=check.card_id, redemption_id=redemption_id, reference=gid, global_id=entry_gid)
    prizes.move_stock(ctx, prize.prize_id, -1, "redeem", redemption_id=redemption_id)
    left = check.balance - prize.points
    events.record(ctx.session, events.PrizeRedeemed(
        **ctx.origin, redemption=gid, prize=prize.global_id, patron=global_id(ctx.conn, Patron, check.patron_id) or "",
        card=global_id(ctx.conn, LibraryCard, check.card_id), points=prize.points, method=method,  # type: ignore[arg-type]
        code=check.code_id, point_entry=entry_gid, balance_after=left))
    audit.record(ctx.session, ctx.actor, "redeem_prize", "redemption", gid, at=ctx.now, prize=prize.global_id,
                 prize_name=prize.name, patron_id=check.patron_id, points=prize.points, method=method,
                 balance_after=left)
    ctx.session.commit()
    slip = SlipView("redemption", prize.name, gid[-12:].upper(), (
        Message(QT_TRANSLATE_NOOP("core", "Reading passbook redemption")),
        Message(QT_TRANSLATE_NOOP("core", "Patron: {name} ({card})"), name=check.patron_name, card=check.masked_card),
        Message(QT_TRANSLATE_NOOP("core", "Prize: {name} ({branch})"), name=prize.name, branch=prize.branch_name),
        Message(QT_TRANSLATE_NOOP("core", "Points used: {points}; points left: {left}"), points=prize.points,
                left=left),
        Message(QT_TRANSLATE_NOOP("core", "Date: {date}"),
                date=ctx.clock_now.astimezone(TAIPEI).strftime("%Y-%m-%d %H:%M")),
    ))
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "Redeemed: {name} for {points} points; {left} points left."), name=prize.name, points=prize.points,
        left=left), slip=slip, details={**_details(check), "redemption_id": str(redemption_id), "balance": str(left)})


def _details(check: RedemptionCheck) -> dict[str, str]:
    out = {"balance": str(check.balance)}
    if check.prize is not None:
        out["prize_id"] = str(check.prize.prize_id)
    if check.patron_id is not None:
        out["patron_id"] = str(check.patron_id)
    return out


def redeem_code(ctx: Ctx, text: str, public_keys: bytes | Mapping[int, bytes] | None) -> ScanResult:
    """Check a scanned code again under the write lock, then redeem it."""
    ctx.begin_write()
    return _redeem(ctx, check_code(ctx, text, public_keys), "token")


def redeem_card(ctx: Ctx, patron_id: int, card_id: int | None, prize_id: int) -> ScanResult:
    ctx.begin_write()
    return _redeem(ctx, check_card(ctx, patron_id, card_id, prize_id), "card")


@dataclass(frozen=True)
class RedemptionView:
    redemption_id: int
    global_id: str
    at: dt.datetime  # aware, Taipei
    prize_name: str
    branch_name: str
    points: int
    method: str
    cancelled: bool


def redemptions_of(ctx: Ctx, patron_id: int) -> list[RedemptionView]:
    rows = ctx.conn.execute(
        select(Redemption.id, Redemption.global_id, Redemption.created_at, Prize.name, Branch.name, Redemption.points,
               Redemption.method, Redemption.cancelled_at)
        .join(Prize, Prize.id == Redemption.prize_id).join(Branch, Branch.id == Redemption.branch_id)
        .where(Redemption.patron_id == patron_id).order_by(Redemption.created_at.desc(), Redemption.id.desc()))
    return [RedemptionView(r[0], r[1], r[2].replace(tzinfo=dt.timezone.utc).astimezone(TAIPEI), r[3], r[4], r[5],
                           r[6], r[7] is not None) for r in rows]


def cancel(ctx: Ctx, redemption_id: int, reason: str) -> ScanResult:
    """Take a prize back: points and stock restored by new entries, the redemption marked cancelled."""
    reason = " ".join(reason.split())
    if not reason:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "Cancelling a redemption needs a reason.")))
    ctx.begin_write()
    row = ctx.conn.execute(select(Redemption.global_id, Redemption.patron_id, Redemption.card_id, Redemption.prize_id,
                                  Redemption.points, Redemption.branch_id, Redemption.cancelled_at)
                           .where(Redemption.id == redemption_id)).first()
    if row is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "No such redemption.")))
    gid, patron_id, card_id, prize_id, points, branch_id, cancelled_at = row
    if cancelled_at is not None:
        return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
            "core", "This redemption was already cancelled; nothing changed.")))
    prize = prizes.prize_view(ctx.conn, prize_id)
    assert prize is not None
    if branch_id != ctx.branch_id:
        return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
            "core", "This prize was redeemed at {branch}; cancel it there, where it goes back into stock."),
            branch=prize.branch_name))
    ctx.conn.execute(update(REDEMPTION).where(REDEMPTION.c.id == redemption_id).values(
        cancelled_at=ctx.now, cancelled_by=ctx.actor.staff_id, cancel_reason=reason))
    entry_gid = new_global_id()
    ledger.append(ctx, patron_id=patron_id, points=points, reason=ledger.Reason.REDEEM_CANCEL, card_id=card_id,
                  redemption_id=redemption_id, reference=gid, note=reason, global_id=entry_gid)
    prizes.move_stock(ctx, prize_id, 1, "redeem_cancel", redemption_id=redemption_id, note=reason)
    left = ledger.balance(ctx.conn, patron_id)
    events.record(ctx.session, events.RedemptionCancelled(
        **ctx.origin, redemption=gid, prize=prize.global_id, patron=global_id(ctx.conn, Patron, patron_id) or "",
        points=points, reason=reason, point_entry=entry_gid, balance_after=left))
    audit.record(ctx.session, ctx.actor, "cancel_redemption", "redemption", gid, at=ctx.now, prize=prize.global_id,
                 patron_id=patron_id, points=points, reason=reason, balance_after=left)
    ctx.session.commit()
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "Redemption cancelled: {points} points back ({left} now); {name} back in stock."),
        points=points, left=left, name=prize.name), details={"patron_id": str(patron_id), "balance": str(left)})


__all__ = ["RedemptionCheck", "RedemptionView", "cancel", "check_card", "check_code", "redeem_card",
           "redeem_code", "redemptions_of"]
