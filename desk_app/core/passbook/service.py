"""PassbookService: the door the desk (and the commands) use into the reading passbook.

Like DeskService: each method checks the actor's permission, opens its own session,
commits at most one transaction (the use case does), and returns plain views or a
ScanResult whose Message the UI translates. Refusals are results; bad input to a
management form raises a DeskError with the reason. Calls come from the desk's one
background worker.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from desk_app import events
from desk_app.core.context import Ctx, RuleCache
from desk_app.core.passbook import corrections, draws, ledger, library_events, prizes, redemption, reports
from desk_app.core.passbook.draws import Candidate, DrawView
from desk_app.core.passbook.ledger import Passbook
from desk_app.core.passbook.library_events import EventView
from desk_app.core.passbook.prizes import PrizeView
from desk_app.core.passbook.redemption import RedemptionCheck, RedemptionView
from desk_app.core.passbook.reports import Report
from desk_app.core.passbook.settings import DEFAULTS, PassbookSettings, load_passbook_settings
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.staff import audit
from desk_app.core.staff.permissions import Action, Actor, require
from desk_app.core.views import ScanResult
from desk_app.store.models import LibrarySetting

Keys = bytes | Mapping[int, bytes] | None


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PassbookService:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor, *,
                 clock: Callable[[], dt.datetime] | None = None, token_public_key: Keys = None) -> None:
        self._sessions = session_factory
        self.actor = actor
        self._clock = clock or _utc_now
        self._keys = token_public_key
        self._rules = RuleCache()

    @contextmanager
    def _ctx(self) -> Iterator[Ctx]:
        with self._sessions() as session:
            yield Ctx(session, self.actor, self._clock(), self._rules)

    # ---- the patron's passbook ---------------------------------------------------------------

    def passbook(self, patron_id: int, year: int | None = None) -> Passbook:
        require(self.actor, Action.VIEW_PASSBOOK)
        with self._ctx() as ctx:
            return ledger.passbook(ctx.conn, patron_id, year)

    def balance(self, patron_id: int) -> int:
        require(self.actor, Action.VIEW_PASSBOOK)
        with self._ctx() as ctx:
            return ledger.balance(ctx.conn, patron_id)

    def redemptions_of(self, patron_id: int) -> list[RedemptionView]:
        require(self.actor, Action.VIEW_PASSBOOK)
        with self._ctx() as ctx:
            return redemption.redemptions_of(ctx, patron_id)

    # ---- redemption --------------------------------------------------------------------------

    def check_code(self, text: str) -> RedemptionCheck:
        """A scanned redemption code judged (signature, expiry, used, balance, stock, limit); nothing changes."""
        require(self.actor, Action.REDEEM_POINTS)
        with self._ctx() as ctx:
            return redemption.check_code(ctx, text, self._keys)

    def redeem_code(self, text: str) -> ScanResult:
        require(self.actor, Action.REDEEM_POINTS)
        with self._ctx() as ctx:
            return redemption.redeem_code(ctx, text, self._keys)

    def check_card(self, patron_id: int, card_id: int | None, prize_id: int) -> RedemptionCheck:
        require(self.actor, Action.REDEEM_POINTS)
        with self._ctx() as ctx:
            return redemption.check_card(ctx, patron_id, card_id, prize_id)

    def redeem_card(self, patron_id: int, card_id: int | None, prize_id: int) -> ScanResult:
        require(self.actor, Action.REDEEM_POINTS)
        with self._ctx() as ctx:
            return redemption.redeem_card(ctx, patron_id, card_id, prize_id)

    def cancel_redemption(self, redemption_id: int, reason: str) -> ScanResult:
        require(self.actor, Action.CANCEL_REDEMPTION)
        with self._ctx() as ctx:
            return redemption.cancel(ctx, redemption_id, reason)

    # ---- prizes ------------------------------------------------------------------------------

    def prizes(self, *, branch_id: int | None = None, min_points: int | None = None, max_points: int | None = None,
               on_sale_only: bool = False) -> list[PrizeView]:
        require(self.actor, Action.VIEW_PASSBOOK)
        with self._ctx() as ctx:
            return prizes.list_prizes(ctx.conn, branch_id=branch_id, min_points=min_points, max_points=max_points,
                                      on_sale_only=on_sale_only)

    def create_prize(self, *, branch_id: int, name: str, points: int, stock: int = 0, per_card_limit: int = 1,
                     on_sale: bool = False) -> PrizeView:
        require(self.actor, Action.MANAGE_PRIZES)
        with self._ctx() as ctx:
            return prizes.create_prize(ctx, branch_id=branch_id, name=name, points=points, stock=stock,
                                       per_card_limit=per_card_limit, on_sale=on_sale)

    def update_prize(self, prize_id: int, *, name: str | None = None, points: int | None = None,
                     per_card_limit: int | None = None) -> PrizeView:
        require(self.actor, Action.MANAGE_PRIZES)
        with self._ctx() as ctx:
            return prizes.update_prize(ctx, prize_id, name=name, points=points, per_card_limit=per_card_limit)

    def set_on_sale(self, prize_id: int, on_sale: bool) -> PrizeView:
        require(self.actor, Action.MANAGE_PRIZES)
        with self._ctx() as ctx:
            return prizes.set_on_sale(ctx, prize_id, on_sale)

    def adjust_stock(self, prize_id: int, delta: int, note: str = "") -> PrizeView:
        require(self.actor, Action.MANAGE_PRIZES)
        with self._ctx() as ctx:
            return prizes.adjust_stock(ctx, prize_id, delta, note)

    # ---- events ------------------------------------------------------------------------------

    def events(self, *, branch_id: int | None = None, current_only: bool = False) -> list[EventView]:
        require(self.actor, Action.VIEW_PASSBOOK)
        with self._ctx() as ctx:
            since = ctx.clock_now - dt.timedelta(days=library_events.BACK_ENTRY_DAYS) if current_only else None
            return library_events.list_events(ctx.conn, branch_id=branch_id, since=since)

    def create_event(self, *, branch_id: int, title: str, points: int, starts_at: dt.datetime, ends_at: dt.datetime,
                     seat_points: int | None = None, seats: int | None = None) -> EventView:
        require(self.actor, Action.MANAGE_EVENTS)
        with self._ctx() as ctx:
            return library_events.create_event(ctx, branch_id=branch_id, title=title, points=points,
                                               starts_at=starts_at, ends_at=ends_at, seat_points=seat_points,
                                               seats=seats)

    def claim_event_code(self, patron_id: int, text: str) -> ScanResult:
        """The desk scans an event's code for the patron at the counter."""
        require(self.actor, Action.AWARD_EVENT_POINTS)
        with self._ctx() as ctx:
            return library_events.claim_with_code(ctx, patron_id, text, self._keys)

    def back_entry(self, patron_id: int, event_id: int, reason: str) -> ScanResult:
        require(self.actor, Action.CONFIRM_ATTENDANCE)
        with self._ctx() as ctx:
            return library_events.back_entry(ctx, patron_id, event_id, reason)

    def book_seat(self, patron_id: int, event_id: int) -> ScanResult:
        require(self.actor, Action.BOOK_EVENT_SEAT)
        with self._ctx() as ctx:
            return library_events.book_seat(ctx, patron_id, event_id)

    def cancel_seat(self, seat_id: int) -> ScanResult:
        require(self.actor, Action.BOOK_EVENT_SEAT)
        with self._ctx() as ctx:
            return library_events.cancel_seat(ctx, seat_id)

    # ---- corrections -------------------------------------------------------------------------

    def correct_points(self, patron_id: int, points: int, reason: str, corrects_entry: int | None = None
                       ) -> ScanResult:
        require(self.actor, Action.CORRECT_POINTS)
        with self._ctx() as ctx:
            return corrections.correct_points(ctx, patron_id, points, reason, corrects_entry)

    # ---- draws -------------------------------------------------------------------------------

    def prepare_draw(self, *, title: str, min_loans: int, period_start: dt.date, period_end: dt.date, winners: int,
                     branch_id: int | None = None) -> DrawView:
        require(self.actor, Action.RUN_DRAW)
        with self._ctx() as ctx:
            return draws.prepare(ctx, title=title, min_loans=min_loans, period_start=period_start,
                                 period_end=period_end, winners=winners, branch_id=branch_id)

    def draws(self) -> list[DrawView]:
        require(self.actor, Action.RUN_DRAW)
        with self._ctx() as ctx:
            return draws.list_draws(ctx.conn)

    def draw_candidates(self, draw_id: int) -> list[Candidate]:
        require(self.actor, Action.RUN_DRAW)
        with self._ctx() as ctx:
            return draws.candidates(ctx.conn, draw_id)

    def export_eligible(self, draw_id: int) -> str:
        require(self.actor, Action.RUN_DRAW)
        with self._ctx() as ctx:
            text = draws.export_eligible_csv(ctx.conn, draw_id)
            audit.record(ctx.session, self.actor, "draw_export_eligible", "draw", draw_id, at=ctx.now)
            ctx.session.commit()
            return text

    def draw(self, draw_id: int, seed_hex: str | None = None) -> list[Candidate]:
        require(self.actor, Action.RUN_DRAW)
        with self._ctx() as ctx:
            return draws.draw(ctx, draw_id, seed_hex)

    def verify_draw(self, draw_id: int) -> bool:
        require(self.actor, Action.RUN_DRAW)
        with self._ctx() as ctx:
            return draws.verify(ctx.conn, draw_id)

    def notify_winners(self, draw_id: int) -> int:
        require(self.actor, Action.RUN_DRAW)
        with self._ctx() as ctx:
            return draws.notify(ctx, draw_id)

    # ---- reports -----------------------------------------------------------------------------

    def reports(self, start: dt.date, end: dt.date, branch_id: int | None = None) -> list[Report]:
        require(self.actor, Action.PASSBOOK_REPORTS)
        with self._ctx() as ctx:
            out = [reports.points_by_branch_month(ctx.conn, start, end),
                   reports.redemptions_by_prize(ctx.conn, start, end),
                   reports.stock_left(ctx.conn, branch_id),
                   reports.ledger_changes(ctx.conn, start, end)]
            audit.record(ctx.session, self.actor, "passbook_reports", "report", "", at=ctx.now, start=start.isoformat(),
                         end=end.isoformat())
            ctx.session.commit()
            return out

    # ---- settings ----------------------------------------------------------------------------

    def settings(self) -> PassbookSettings:
        with self._ctx() as ctx:
            return load_passbook_settings(ctx.conn)

    def change_settings(self, values: Mapping[str, str]) -> PassbookSettings:
        """Change passbook rules (keys of settings.DEFAULTS); audited with before and after."""
        require(self.actor, Action.PASSBOOK_SETTINGS)
        unknown = sorted(set(values) - set(DEFAULTS))
        if unknown:
            raise DeskError(QT_TRANSLATE_NOOP("core", "Unknown passbook setting: {name}."), name=unknown[0])
        for key, value in values.items():
            if key.startswith(("passbook.points", "passbook.cap")) and not str(value).strip().isdigit():
                raise DeskError(QT_TRANSLATE_NOOP("core", "{name} must be a whole number of 0 or more."), name=key)
        with self._ctx() as ctx:
            ctx.begin_write()
            before = {k: (ctx.session.get(LibrarySetting, k) or LibrarySetting(key=k, value=DEFAULTS[k])).value
                      for k in values}
            for key, value in values.items():
                ctx.session.merge(LibrarySetting(key=key, value=str(value).strip()))
            ctx.session.flush()
            for key, value in values.items():
                events.record(ctx.session, events.SettingChanged(**ctx.origin, key=key, value=str(value).strip()))
            audit.record(ctx.session, self.actor, "passbook_settings", "library_setting", "passbook",
                         at=ctx.now, before=json.dumps(before, ensure_ascii=False), after=dict(values))
            ctx.session.commit()
            self._rules.clear()
            return load_passbook_settings(ctx.conn)
