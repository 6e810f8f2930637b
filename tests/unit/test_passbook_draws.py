"""Draws (issue 21): the eligible rule, an exported list with its digest, a reproducible seed, notices."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from desk_app.core.passbook import draws
from desk_app.core.passbook.draws import DrawError
from desk_app.core.staff.permissions import PermissionDenied
from desk_app.store.models import AuditEntry, OutboxEntry, StaffRole
from tests import factories as F

SUP = StaffRole.SUPERVISOR


@pytest.fixture
def readers(session_factory, world):
    """Ten patrons with 1..10 loans in November 2026 at MAIN; one undone loan that must not count."""
    ids = []
    with session_factory() as s:
        for n in range(1, 11):
            p = F.patron(s, name=f"讀者{n}")
            F.card(s, p)
            for _ in range(n):
                it = F.item(s, world.main)
                F.loan(s, p, it, world.main, due=dt.date(2026, 12, 1), out=dt.datetime(2026, 11, 10, 3, 0),
                       returned=dt.datetime(2026, 11, 12, 3, 0))
            ids.append(p.id)
        voided = F.loan(s, s.get(type(world.adult), ids[4]), F.item(s, world.main), world.main,
                        due=dt.date(2026, 12, 1), out=dt.datetime(2026, 11, 10, 3, 0),
                        returned=dt.datetime(2026, 11, 10, 3, 1))
        voided.voided_at = dt.datetime(2026, 11, 10, 3, 1)
        s.commit()
    return ids


def test_a_draw_is_fair_reproducible_and_audited(passbook_as, readers, session_factory):
    boss = passbook_as(SUP)
    view = boss.prepare_draw(title="11月借閱抽獎", min_loans=5, period_start=dt.date(2026, 11, 1),
                             period_end=dt.date(2026, 11, 30), winners=3)
    assert view.eligible_count == 6  # 5..10 loans; the undone loan leaves patron 5 at five
    exported = boss.export_eligible(view.draw_id)
    assert view.eligible_digest in exported and "讀者" not in exported  # names masked
    lines = [ln.split(",") for ln in exported.splitlines()[2:]]
    text = "".join(f"{key},{loans}\n" for key, _id, _name, loans, _rank in sorted(lines))
    assert hashlib.sha256(text.encode()).hexdigest() == view.eligible_digest  # anyone can check the list
    seed = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
    won = boss.draw(view.draw_id, seed)
    assert [w.rank for w in won] == [1, 2, 3] or sorted(w.rank for w in won) == [1, 2, 3]
    expected = draws.winners_for(seed, sorted(ln[0] for ln in lines), 3)
    assert [w.key for w in sorted(won, key=lambda w: w.rank or 0)] == expected
    assert boss.verify_draw(view.draw_id)
    with pytest.raises(DrawError):
        boss.draw(view.draw_id)
    assert boss.notify_winners(view.draw_id) == 3
    assert boss.notify_winners(view.draw_id) == 0
    with session_factory() as s:
        notices = s.execute(select(OutboxEntry).where(OutboxEntry.event_type == "draw.winner_notified")).scalars().all()
        assert len(notices) == 3
        actions = s.execute(select(AuditEntry.action)).scalars().all()
        assert {"draw_prepare", "draw_export_eligible", "draw_winners", "draw_notify"} <= set(actions)


def test_the_same_seed_and_list_always_give_the_same_winners() -> None:
    keys = [f"P{i}" for i in range(100)]
    seed = "ab" * 32
    assert draws.winners_for(seed, keys, 10) == draws.winners_for(seed, list(reversed(keys)), 10)
    assert draws.winners_for(seed, keys, 10) != draws.winners_for("cd" * 32, keys, 10)


def test_a_tampered_list_fails_verification_and_refuses_to_draw(passbook_as, readers, session_factory):
    boss = passbook_as(SUP)
    view = boss.prepare_draw(title="t", min_loans=9, period_start=dt.date(2026, 11, 1),
                             period_end=dt.date(2026, 11, 30), winners=1)
    with session_factory() as s:
        from desk_app.store.models import DrawCandidate

        s.execute(DrawCandidate.__table__.update().where(DrawCandidate.draw_id == view.draw_id)
                  .values(loans=99))
        s.commit()
    with pytest.raises(DrawError):
        boss.draw(view.draw_id)


def test_only_supervisors_draw(passbook_as):
    with pytest.raises(PermissionDenied):
        passbook_as().prepare_draw(title="x", min_loans=1, period_start=dt.date(2026, 1, 1),
                                   period_end=dt.date(2026, 1, 31), winners=1)
