"""Prizes per branch: points, stock, a per-card limit, on or off sale.

A prize is always named by its id (and its global id on the wire): two branches may
both stock a "帆布袋" at different points, and a library has reported a desk that
confused them. Stock is a ledger of moves like the points (restock, redeem, cancel,
adjust), so stock left is a sum and two desks' offline moves add up on the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, insert, select, update

from desk_app import events
from desk_app.core.global_names import branch_code
from desk_app.core.context import Ctx
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.sql import DB, Prepared, table
from desk_app.core.staff import audit
from desk_app.store.global_ids import new_global_id
from desk_app.store.models import Branch, Prize, PrizeStockMove, Redemption

PRIZE = table(Prize)
MOVE = table(PrizeStockMove)
MAX_POINTS = 100_000
MAX_STOCK_MOVE = 10_000


class PrizeError(DeskError):
    code = "prize_error"


@dataclass(frozen=True)
class PrizeView:
    prize_id: int
    global_id: str
    branch_id: int
    branch_name: str
    name: str
    points: int
    stock: int
    per_card_limit: int
    on_sale: bool


_STOCK = Prepared(select(func.coalesce(func.sum(PrizeStockMove.delta), 0))
                  .where(PrizeStockMove.prize_id == bindparam("prize_id")))
_STOCK_SUB = (select(PrizeStockMove.prize_id, func.sum(PrizeStockMove.delta).label("stock"))
              .group_by(PrizeStockMove.prize_id).subquery())
_VIEW = (select(Prize.id, Prize.global_id, Prize.branch_id, Branch.name, Prize.name, Prize.points,
                func.coalesce(_STOCK_SUB.c.stock, 0), Prize.per_card_limit, Prize.on_sale)
         .join(Branch, Branch.id == Prize.branch_id).outerjoin(_STOCK_SUB, _STOCK_SUB.c.prize_id == Prize.id))
_INSERT_MOVE = Prepared(insert(MOVE), columns=(
    "global_id", "prize_id", "delta", "reason", "redemption_id", "staff_id", "note", "created_at"))


def stock_of(db: DB, prize_id: int) -> int:
    return int(_STOCK.scalar(db, {"prize_id": prize_id}) or 0)


def prize_view(db: DB, prize_id: int) -> PrizeView | None:
    row = db.execute(_VIEW.where(Prize.id == prize_id)).first()
    return PrizeView(*row) if row else None


def prize_by_global_id(db: DB, global_id: str) -> PrizeView | None:
    row = db.execute(_VIEW.where(Prize.global_id == global_id)).first()
    return PrizeView(*row) if row else None


def list_prizes(db: DB, *, branch_id: int | None = None, min_points: int | None = None,
                max_points: int | None = None, on_sale_only: bool = False) -> list[PrizeView]:
    """Prizes filtered by branch and points range, cheapest first, then by name and id."""
    q = _VIEW
    if branch_id is not None:
        q = q.where(Prize.branch_id == branch_id)
    if min_points is not None:
        q = q.where(Prize.points >= min_points)
    if max_points is not None:
        q = q.where(Prize.points <= max_points)
    if on_sale_only:
        q = q.where(Prize.on_sale.is_(True))
    return [PrizeView(*r) for r in db.execute(q.order_by(Prize.points, Prize.name, Prize.id))]


def redeemed_by_card(db: DB, prize_id: int, card_id: int) -> int:
    """Live (not cancelled) redemptions of a prize by one card: what the per-card limit counts."""
    return int(db.execute(select(func.count()).select_from(Redemption).where(
        Redemption.prize_id == prize_id, Redemption.card_id == card_id, Redemption.cancelled_at.is_(None))).scalar()
        or 0)


def move_stock(ctx: Ctx, prize_id: int, delta: int, reason: str, *, redemption_id: int | None = None,
               note: str | None = None, global_id: str | None = None) -> int:
    """Append one stock move in the caller's transaction; returns its id."""
    return _INSERT_MOVE.insert(ctx.conn, dict(
        global_id=global_id or new_global_id(), prize_id=prize_id, delta=delta, reason=reason, redemption_id=redemption_id,
        staff_id=ctx.actor.staff_id, note=note, created_at=ctx.now))


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise PrizeError(QT_TRANSLATE_NOOP("core", "A prize needs a name of 1 to 100 characters."))
    return name


def _check_points(points: int) -> None:
    if not 1 <= points <= MAX_POINTS:
        raise PrizeError(QT_TRANSLATE_NOOP("core", "A prize costs 1 to {most} points."), most=MAX_POINTS)


def create_prize(ctx: Ctx, *, branch_id: int, name: str, points: int, stock: int = 0, per_card_limit: int = 1,
                 on_sale: bool = False) -> PrizeView:
    """A new prize at a branch (off sale unless asked), with its first stock; audited and queued for sync."""
    name = _clean_name(name)
    _check_points(points)
    if not 0 <= stock <= MAX_STOCK_MOVE or per_card_limit < 0:
        raise PrizeError(QT_TRANSLATE_NOOP("core", "Stock is 0 to {most}; the per-card limit 0 (none) or more."),
                         most=MAX_STOCK_MOVE)
    ctx.begin_write()
    if ctx.conn.execute(select(Branch.id).where(Branch.id == branch_id)).first() is None:
        raise PrizeError(QT_TRANSLATE_NOOP("core", "No such branch."))
    gid = new_global_id()
    prize_id = int(ctx.conn.execute(insert(PRIZE).values(
        global_id=gid, branch_id=branch_id, name=name, points=points, per_card_limit=per_card_limit,
        on_sale=on_sale, created_at=ctx.now)).inserted_primary_key[0])  # type: ignore[index]
    if stock:
        move_stock(ctx, prize_id, stock, "restock")
    events.record(ctx.session, events.PrizeCreated(
        **ctx.origin, prize=gid, prize_branch=branch_code(ctx.conn, branch_id) or "", name=name, points=points,
        stock=stock, per_card_limit=per_card_limit, on_sale=on_sale))
    audit.record(ctx.session, ctx.actor, "prize_create", "prize", gid, at=ctx.now, name=name, branch_id=branch_id,
                 points=points, stock=stock, per_card_limit=per_card_limit, on_sale=on_sale)
    ctx.session.commit()
    view = prize_view(ctx.conn, prize_id)
    assert view is not None
    return view


def _existing(ctx: Ctx, prize_id: int) -> PrizeView:
    view = prize_view(ctx.conn, prize_id)
    if view is None:
        raise PrizeError(QT_TRANSLATE_NOOP("core", "No such prize."))
    return view


def set_on_sale(ctx: Ctx, prize_id: int, on_sale: bool) -> PrizeView:
    """Put a prize on sale or take it off (it stays in the list and the reports)."""
    ctx.begin_write()
    before = _existing(ctx, prize_id)
    if before.on_sale == on_sale:
        return before
    ctx.conn.execute(update(PRIZE).where(PRIZE.c.id == prize_id).values(on_sale=on_sale))
    events.record(ctx.session, events.PrizeSaleChanged(**ctx.origin, prize=before.global_id, on_sale=on_sale))
    audit.record(ctx.session, ctx.actor, "prize_on_sale" if on_sale else "prize_off_sale", "prize",
                 before.global_id, at=ctx.now, name=before.name, branch_id=before.branch_id)
    ctx.session.commit()
    return _existing(ctx, prize_id)


def update_prize(ctx: Ctx, prize_id: int, *, name: str | None = None, points: int | None = None,
                 per_card_limit: int | None = None) -> PrizeView:
    """Rename or reprice a prize; redemptions already made keep the points they cost."""
    ctx.begin_write()
    before = _existing(ctx, prize_id)
    values: dict[str, object] = {}
    if name is not None:
        values["name"] = _clean_name(name)
    if points is not None:
        _check_points(points)
        values["points"] = points
    if per_card_limit is not None:
        if per_card_limit < 0:
            raise PrizeError(QT_TRANSLATE_NOOP("core", "The per-card limit is 0 (none) or more."))
        values["per_card_limit"] = per_card_limit
    if not values:
        return before
    ctx.conn.execute(update(PRIZE).where(PRIZE.c.id == prize_id).values(**values))
    events.record(ctx.session, events.PrizeUpdated(
        **ctx.origin, prize=before.global_id, changes=events.PrizeChanges(**values)))  # type: ignore[arg-type]
    audit.record(ctx.session, ctx.actor, "prize_update", "prize", before.global_id,
                 at=ctx.now, before={"name": before.name, "points": before.points, "per_card_limit": before.per_card_limit},
                 after=values)
    ctx.session.commit()
    return _existing(ctx, prize_id)


def adjust_stock(ctx: Ctx, prize_id: int, delta: int, note: str) -> PrizeView:
    """Restock (delta > 0) or write off (delta < 0, with a note: broken, lost); never below zero."""
    note = " ".join(note.split())
    if delta == 0 or abs(delta) > MAX_STOCK_MOVE:
        raise PrizeError(QT_TRANSLATE_NOOP("core", "A stock change is 1 to {most} items, in or out."),
                         most=MAX_STOCK_MOVE)
    if delta < 0 and not note:
        raise PrizeError(QT_TRANSLATE_NOOP("core", "Taking stock out needs a reason."))
    ctx.begin_write()
    before = _existing(ctx, prize_id)
    if before.stock + delta < 0:
        raise PrizeError(QT_TRANSLATE_NOOP("core", "Only {stock} left in stock; cannot take out {count}."),
                         stock=before.stock, count=-delta)
    reason = "restock" if delta > 0 else "adjust"
    move_gid = new_global_id()
    move_stock(ctx, prize_id, delta, reason, note=note or None, global_id=move_gid)
    events.record(ctx.session, events.PrizeStockAdjusted(
        **ctx.origin, prize=before.global_id, move=move_gid, delta=delta, reason=reason, note=note))  # type: ignore[arg-type]
    audit.record(ctx.session, ctx.actor, "prize_stock", "prize", before.global_id, at=ctx.now, name=before.name, delta=delta,
                 reason=reason, note=note, stock_after=before.stock + delta)
    ctx.session.commit()
    return _existing(ctx, prize_id)
