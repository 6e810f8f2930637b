"""How many points a loan earns: the library's rate for the channel, less what the rules withhold.

Nothing for a card kind the library does not let earn, an attachment, or the same
item borrowed again the same day (return-and-borrow must not mint points); then the
card's daily and monthly caps. A loan is never refused for points: a capped checkout
still lends and says that no point (or fewer) was added.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from desk_app.core.circulation.blocks import CardRow
from desk_app.core.circulation.items import ItemRow
from desk_app.core.context import Ctx
from desk_app.core.messages import QT_TRANSLATE_NOOP, Message
from desk_app.core.passbook import ledger
from desk_app.core.sql import Prepared
from desk_app.store.models import Loan


class Channel(str, enum.Enum):
    COUNTER = "counter"
    SELF_CHECKOUT = "self_checkout"
    PHONE = "phone"


@dataclass(frozen=True)
class Earned:
    points: int
    note: Message | None = None  # why fewer points than the rate, for the librarian and the patron


_SAME_ITEM_TODAY = Prepared(
    select(Loan.id).where(Loan.patron_id == bindparam("patron_id"), Loan.item_id == bindparam("item_id"),
                          Loan.checked_out_at >= bindparam("since"), Loan.voided_at.is_(None)).limit(1)
)


def points_for_loan(ctx: Ctx, patron_id: int, card: CardRow, item: ItemRow, channel: Channel) -> Earned:
    """The points this new loan earns (call before the loan row is written)."""
    rules = ctx.passbook_settings
    rate = rules.points_counter_loan if channel is Channel.COUNTER else rules.points_self_loan
    if rate <= 0:
        return Earned(0)
    if card.kind not in rules.earning_card_kinds:
        return Earned(0, Message(QT_TRANSLATE_NOOP("core", "This kind of card earns no reading points.")))
    if item.item_type in rules.no_point_item_types:
        return Earned(0, Message(QT_TRANSLATE_NOOP("core", "Attachments earn no reading points.")))
    day_start = ledger.local_day_start(ctx.now)
    if _SAME_ITEM_TODAY.first(ctx.conn, {"patron_id": patron_id, "item_id": item.id, "since": day_start}):
        return Earned(0, Message(QT_TRANSLATE_NOOP(
            "core", "Borrowed again today: no reading point for the same item twice in one day.")))
    room = rate
    if rules.cap_per_month:
        room = min(room, rules.cap_per_month - ledger.capped_points_since(ctx.conn, card.id,
                                                                          ledger.local_month_start(ctx.now)))
    if rules.cap_per_day:
        room = min(room, rules.cap_per_day - ledger.capped_points_since(ctx.conn, card.id, day_start))
    room = max(0, room)
    if room == rate:
        return Earned(rate)
    text = (QT_TRANSLATE_NOOP("core", "The card's reading-point cap is reached: no point was added.") if room == 0
            else QT_TRANSLATE_NOOP("core", "The card's reading-point cap is reached: only {points} point(s) added."))
    return Earned(room, Message(text, points=room))
