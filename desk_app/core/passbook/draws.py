"""Prize draws among patrons who meet a rule, done so anyone can check they were fair.

1. `prepare`: the eligible list (patrons with at least K loans in a period, at one
   branch or all) is frozen into `draw_candidate`, with a SHA-256 digest of it; staff
   export it (masked) and check it.
2. `draw`: a random 32-byte seed is recorded; each candidate's score is
   SHA-256(seed || candidate key) and the N lowest scores win, in that order. The
   same seed and list give the same winners on any machine, with any SHA-256 tool
   (docs/passbook.md shows how); `verify` recomputes both.
3. `notify`: each winner gets a notice through the outbox (the central server
   e-mails it); the draw records when.
Every step is audited with the digest and the seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import secrets
from dataclasses import dataclass

from sqlalchemy import and_, func, insert, select, update

from desk_app import events
from desk_app.core.global_names import global_id
from desk_app.core.circulation.calendar import TAIPEI, utc_naive
from desk_app.core.context import Ctx
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.patrons.ids import mask_id, mask_name
from desk_app.core.sql import DB, table
from desk_app.core.staff import audit
from desk_app.store.global_ids import new_global_id
from desk_app.store.models import Draw, DrawCandidate, Loan, Patron

DRAW = table(Draw)
CANDIDATE = table(DrawCandidate)
SEED_BYTES = 32


class DrawError(DeskError):
    code = "draw_error"


@dataclass(frozen=True)
class DrawView:
    draw_id: int
    global_id: str
    title: str
    branch_id: int | None
    min_loans: int
    period_start: dt.date
    period_end: dt.date
    winners: int
    eligible_count: int
    eligible_digest: str
    seed: str | None
    drawn: bool
    notified: bool


@dataclass(frozen=True)
class Candidate:
    patron_id: int
    key: str  # what the score hashes: stable, names nobody
    masked_id: str
    masked_name: str
    loans: int
    rank: int | None


def _key(patron_id: int) -> str:
    return f"P{patron_id}"


def draw_view(db: DB, draw_id: int) -> DrawView:
    row = db.execute(select(Draw.id, Draw.global_id, Draw.title, Draw.branch_id, Draw.min_loans, Draw.period_start,
                            Draw.period_end, Draw.winners, Draw.eligible_count, Draw.eligible_digest, Draw.seed,
                            Draw.drawn_at, Draw.notified_at).where(Draw.id == draw_id)).first()
    if row is None:
        raise DrawError(QT_TRANSLATE_NOOP("core", "No such draw."))
    values: list[object] = [*row[:11], row[11] is not None, row[12] is not None]
    return DrawView(*values)  # type: ignore[arg-type]


def list_draws(db: DB) -> list[DrawView]:
    ids = db.execute(select(Draw.id).order_by(Draw.created_at.desc(), Draw.id.desc())).scalars().all()
    return [draw_view(db, i) for i in ids]


def candidates(db: DB, draw_id: int) -> list[Candidate]:
    """The frozen eligible list, in key order, with ranks for winners."""
    rows = db.execute(select(DrawCandidate.patron_id, Patron.national_id, Patron.name, DrawCandidate.loans,
                             DrawCandidate.rank).join(Patron, Patron.id == DrawCandidate.patron_id)
                      .where(DrawCandidate.draw_id == draw_id)).all()
    out = [Candidate(r[0], _key(r[0]), mask_id(r[1]), mask_name(r[2]), int(r[3]), r[4]) for r in rows]
    return sorted(out, key=lambda c: c.key)


def digest_of(entries: list[tuple[str, int]]) -> str:
    """SHA-256 of "key,loans\\n" lines in key order: the eligible list's fingerprint."""
    text = "".join(f"{k},{n}\n" for k, n in sorted(entries))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def winners_for(seed_hex: str, keys: list[str], count: int) -> list[str]:
    """The `count` keys with the lowest SHA-256(seed || key), lowest first."""
    seed = bytes.fromhex(seed_hex)
    scored = sorted(keys, key=lambda k: (hashlib.sha256(seed + k.encode("ascii")).digest(), k))
    return scored[:count]


def _local_start(day: dt.date) -> dt.datetime:
    return utc_naive(dt.datetime.combine(day, dt.time(), TAIPEI))


def prepare(ctx: Ctx, *, title: str, min_loans: int, period_start: dt.date, period_end: dt.date, winners: int,
            branch_id: int | None = None) -> DrawView:
    """Freeze the eligible list for a new draw (loans undone at the desk do not count)."""
    title = " ".join(title.split())
    if not title or len(title) > 200:
        raise DrawError(QT_TRANSLATE_NOOP("core", "A draw needs a title of 1 to 200 characters."))
    if min_loans < 1 or winners < 1:
        raise DrawError(QT_TRANSLATE_NOOP("core", "A draw needs at least 1 loan to qualify and at least 1 winner."))
    if period_end < period_start:
        raise DrawError(QT_TRANSLATE_NOOP("core", "The period must end on or after its start."))
    ctx.begin_write()
    conds = [Loan.patron_id.is_not(None), Loan.voided_at.is_(None), Loan.checked_out_at >= _local_start(period_start),
             Loan.checked_out_at < _local_start(period_end + dt.timedelta(days=1))]
    if branch_id is not None:
        conds.append(Loan.branch_id == branch_id)
    rows = ctx.conn.execute(select(Loan.patron_id, func.count()).where(and_(*conds)).group_by(Loan.patron_id)
                            .having(func.count() >= min_loans)).all()
    entries = [(int(r[0] or 0), int(r[1])) for r in rows]
    digest = digest_of([(_key(p), n) for p, n in entries])
    gid = new_global_id()
    draw_id = int(ctx.conn.execute(insert(DRAW).values(
        global_id=gid, title=title, branch_id=branch_id, min_loans=min_loans, period_start=period_start,
        period_end=period_end, winners=winners, eligible_count=len(entries), eligible_digest=digest, seed=None,
        created_by=ctx.actor.staff_id, created_at=ctx.now)).inserted_primary_key[0])  # type: ignore[index]
    if entries:
        ctx.conn.execute(insert(CANDIDATE), [dict(draw_id=draw_id, patron_id=p, loans=n, rank=None, notified_at=None)
                                             for p, n in entries])
    audit.record(ctx.session, ctx.actor, "draw_prepare", "draw", gid, at=ctx.now, title=title, min_loans=min_loans,
                 period=f"{period_start}..{period_end}", branch_id=branch_id, winners=winners,
                 eligible=len(entries), digest=digest)
    ctx.session.commit()
    return draw_view(ctx.conn, draw_id)


def export_eligible_csv(db: DB, draw_id: int) -> str:
    """The eligible list as CSV (masked IDs and names), with the digest to compare, for checking before the draw."""
    view = draw_view(db, draw_id)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["draw", view.global_id, view.title, f"{view.period_start}..{view.period_end}",
                f">= {view.min_loans} loans", f"sha256 {view.eligible_digest}"])
    w.writerow(["key", "masked_id", "name", "loans", "rank"])
    for c in candidates(db, draw_id):
        w.writerow([c.key, c.masked_id, c.masked_name, c.loans, c.rank or ""])
    return out.getvalue()


def draw(ctx: Ctx, draw_id: int, seed_hex: str | None = None) -> list[Candidate]:
    """Draw the winners once, from a recorded seed (random unless given, e.g. dice rolled in public)."""
    ctx.begin_write()
    view = draw_view(ctx.conn, draw_id)
    if view.drawn:
        raise DrawError(QT_TRANSLATE_NOOP("core", "This draw was already made; it cannot be drawn again."))
    cands = candidates(ctx.conn, draw_id)
    if digest_of([(c.key, c.loans) for c in cands]) != view.eligible_digest:
        raise DrawError(QT_TRANSLATE_NOOP("core", "The eligible list no longer matches its digest; the draw is "
                                                  "refused."))
    if seed_hex is None:
        seed_hex = secrets.token_bytes(SEED_BYTES).hex()
    try:
        if len(bytes.fromhex(seed_hex)) < 16:
            raise ValueError
    except ValueError:
        raise DrawError(QT_TRANSLATE_NOOP("core", "A seed is at least 32 hexadecimal digits.")) from None
    won = winners_for(seed_hex, [c.key for c in cands], view.winners)
    by_key = {c.key: c for c in cands}
    for rank, key in enumerate(won, start=1):
        ctx.conn.execute(update(CANDIDATE).where(CANDIDATE.c.draw_id == draw_id,
                                                 CANDIDATE.c.patron_id == by_key[key].patron_id).values(rank=rank))
    ctx.conn.execute(update(DRAW).where(DRAW.c.id == draw_id).values(seed=seed_hex, drawn_at=ctx.now))
    events.record(ctx.session, events.DrawDrawn(
        **ctx.origin, draw=view.global_id, seed=seed_hex, digest=view.eligible_digest,
        winners=[global_id(ctx.conn, Patron, by_key[k].patron_id) or "" for k in won]))
    audit.record(ctx.session, ctx.actor, "draw_winners", "draw", view.global_id, at=ctx.now, seed=seed_hex,
                 digest=view.eligible_digest, winners=won)
    ctx.session.commit()
    return [c for c in candidates(ctx.conn, draw_id) if c.rank is not None]


def verify(db: DB, draw_id: int) -> bool:
    """Recompute the digest and the winners from the recorded seed: True when both agree with the record."""
    view = draw_view(db, draw_id)
    cands = candidates(db, draw_id)
    if digest_of([(c.key, c.loans) for c in cands]) != view.eligible_digest or view.seed is None:
        return False
    recorded = sorted((c for c in cands if c.rank is not None), key=lambda c: c.rank or 0)
    return [c.key for c in recorded] == winners_for(view.seed, [c.key for c in cands], view.winners)


def notify(ctx: Ctx, draw_id: int) -> int:
    """Queue a notice to each winner not yet told (the central server e-mails it); returns how many."""
    ctx.begin_write()
    view = draw_view(ctx.conn, draw_id)
    if not view.drawn:
        raise DrawError(QT_TRANSLATE_NOOP("core", "Draw the winners before notifying them."))
    rows = ctx.conn.execute(select(DrawCandidate.patron_id, DrawCandidate.rank).where(
        DrawCandidate.draw_id == draw_id, DrawCandidate.rank.is_not(None), DrawCandidate.notified_at.is_(None))
        .order_by(DrawCandidate.rank)).all()
    for patron_id, rank in rows:
        events.record(ctx.session, events.DrawWinnerNotified(
            **ctx.origin, draw=view.global_id, title=view.title, patron=global_id(ctx.conn, Patron, patron_id) or "",
            rank=rank or 1))  # the query keeps ranked winners only
    ctx.conn.execute(update(CANDIDATE).where(CANDIDATE.c.draw_id == draw_id, CANDIDATE.c.rank.is_not(None),
                                             CANDIDATE.c.notified_at.is_(None)).values(notified_at=ctx.now))
    ctx.conn.execute(update(DRAW).where(DRAW.c.id == draw_id).values(notified_at=ctx.now))
    audit.record(ctx.session, ctx.actor, "draw_notify", "draw", view.global_id, at=ctx.now, notified=len(rows))
    ctx.session.commit()
    return len(rows)
