"""`main.py token --redeem CARD PRIZE` and `--event EVENT`: training codes as QR images that the desk accepts."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from desk_app.core.passbook.service import PassbookService
from desk_app.core.staff.permissions import Actor
from desk_app.demo_data import demo_info
from desk_app.settings import Settings
from desk_app.store.db import open_database
from desk_app.store.models import AuditEntry, LibraryCard, StaffRole
from desk_app.ui.app import token_public_key
from tests import secrets_registry
from tests.unit.test_mobile_card_cli import shell  # noqa: F401  (the fixture)

CODE = re.compile(r"LD[RE]1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def test_training_codes_print_as_qr_images_and_pass_at_the_desk(shell) -> None:  # noqa: F811
    run, url, tmp_path = shell
    made = run("demo-data", "--patrons", "20", "--items", "100", "--quiet")
    assert made.returncode == 0, made.stderr
    engine, factory = open_database(url)
    try:
        with factory() as s:
            patron_id = int(demo_info(s)["showcase"]["personal_card"])
            card = s.scalars(select(LibraryCard).where(LibraryCard.patron_id == patron_id)).first()
        keys = token_public_key(Settings(tmp_path / "settings.json"), factory)
        boss = PassbookService(factory, Actor(None, "boss", StaffRole.SUPERVISOR, 1), token_public_key=keys)
        prize = boss.create_prize(branch_id=1, name="書籤", points=1, stock=3, on_sale=True)
        boss.correct_points(patron_id, 5, "training balance")
        png = tmp_path / "code.png"
        done = run("token", "--redeem", card.card_number, str(prize.prize_id), "--png", str(png))
        assert done.returncode == 0, done.stderr
        (code,) = CODE.findall(done.stdout)
        secrets_registry.register(code, "training redemption code")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert sum("\x1b[7m" in line for line in done.stdout.splitlines()) > 40
        desk = PassbookService(factory, Actor(None, "desk", StaffRole.LIBRARIAN, 1), token_public_key=keys)
        check = desk.check_code(code)
        assert check.ok and check.patron_id == patron_id and check.prize is not None
        assert desk.redeem_code(code).outcome.value == "ok"
        event = boss.create_event(branch_id=1, title="說故事", points=2, starts_at=dt.datetime.now(dt.UTC),
                                  ends_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
        shown = run("token", "--event", str(event.event_id))
        assert shown.returncode == 0, shown.stderr
        (event_code,) = CODE.findall(shown.stdout)
        assert desk.claim_event_code(patron_id, event_code).outcome.value == "ok"
        with factory() as s:
            detail = s.scalars(select(AuditEntry.detail).where(
                AuditEntry.action == "training_redemption_code_issued")).one()
        assert card.card_number not in detail and code not in detail
        unknown = run("token", "--redeem", card.card_number, "999")
        assert unknown.returncode == 1 and "No prize has number" in unknown.stderr
        nothing = run("token")
        assert nothing.returncode == 1 and "--redeem" in nothing.stderr
    finally:
        engine.dispose()
