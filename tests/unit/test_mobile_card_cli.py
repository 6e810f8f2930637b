"""A training "phone": demo data makes the library's key pair, `main.py mobile-card` prints a token and QR code,
and the desk identifies the patron from it with the public key alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app import secret_store
from desk_app.core.desk import DeskService
from desk_app.core.patrons.ids import mask_card_number
from desk_app.core.patrons.mobile_card import PUBLIC_KEYS_SETTING, library_public_keys, parse_public_keys
from desk_app.core.patrons.mobile_token import public_key_bytes
from desk_app.core.staff.permissions import system_actor
from desk_app.core.views import Outcome
from desk_app.demo_data import demo_info, generate
from desk_app.settings import Settings
from desk_app.store.db import open_database
from desk_app.store.models import AuditEntry, LibraryCard, LibrarySetting, Patron, StaffRole
from desk_app.ui.app import token_public_key
from tests import secrets_registry

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r"LDM1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def small(engine, store: secret_store.SecretStore) -> None:
    from desk_app.demo_data import DemoSize

    generate(engine, DemoSize(patrons=20, items=100), fast=False, secrets=store)


def test_demo_data_publishes_the_public_key_and_keeps_the_private_key_secret(store, tmp_path: Path) -> None:
    engine, factory = store
    secrets = secret_store.SecretStore(secret_store.MemoryBackend())
    small(engine, secrets)
    private = secrets.get(secret_store.MOBILE_TOKEN_SIGNING_KEY)
    assert private is not None and len(private) == 32
    with factory() as s:
        keys = library_public_keys(s)
        row = s.get(LibrarySetting, PUBLIC_KEYS_SETTING)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    assert keys == {0: public_key_bytes(Ed25519PrivateKey.from_private_bytes(private.reveal()))}
    assert private.reveal().hex() not in row.value  # only the public half is in the database
    settings = Settings(tmp_path / "settings.json")
    assert token_public_key(settings, factory) == keys  # the desk falls back to the library's keys
    settings.update("desk", {"mobile_token_public_key": "11" * 32})
    assert token_public_key(settings, factory) == bytes.fromhex("11" * 32)  # a configured key wins
    assert "mobile_token" not in (tmp_path / "settings.json").read_text().replace("mobile_token_public_key", "")


def test_a_second_demo_database_reuses_the_stored_key(tmp_path: Path) -> None:
    secrets = secret_store.SecretStore(secret_store.MemoryBackend())
    published = []
    for name in ("a.db", "b.db"):
        engine, factory = open_database(f"sqlite:///{tmp_path / name}")
        try:
            small(engine, secrets)
            with factory() as s:
                published.append(library_public_keys(s))
        finally:
            engine.dispose()
    assert published[0] == published[1] and published[0]


def test_unusable_public_key_entries_are_skipped() -> None:
    assert parse_public_keys('{"0": "zz", "1": "' + "ab" * 32 + '", "999": "' + "cd" * 32 + '"}') == {
        1: bytes.fromhex("ab" * 32)}
    assert parse_public_keys("not json") == {} and parse_public_keys("[1, 2]") == {}


@pytest.fixture
def shell(tmp_path: Path):
    """Subprocesses sharing one secret store on disk (as a training PC's shell would)."""
    url = f"sqlite:///{tmp_path / 'training.db'}"
    env = dict(os.environ, LIBDESK_SECRET_BACKEND="file", LIBDESK_DATA_DIR=str(tmp_path / "data"),
               LIBDESK_CONFIG_DIR=str(tmp_path / "config"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "--db", url], capture_output=True,
                              text=True, cwd=ROOT, env=env, timeout=300)

    return run, url, tmp_path


def test_a_token_from_the_command_identifies_the_patron_at_the_desk(shell) -> None:
    run, url, tmp_path = shell
    made = run("demo-data", "--patrons", "20", "--items", "100", "--quiet")
    assert made.returncode == 0, made.stderr
    engine, factory = open_database(url)
    try:
        with factory() as s:
            patron_id = int(demo_info(s)["showcase"]["personal_card"])
            card = s.scalars(select(LibraryCard).where(LibraryCard.patron_id == patron_id)).first()
            name = s.get(Patron, patron_id).name
        done = run("mobile-card", card.card_number, "--minutes", "5")
        assert done.returncode == 0, done.stderr
        found = TOKEN.findall(done.stdout)
        assert len(found) == 1
        token = str(secrets_registry.register(found[0], "training mobile card token"))
        assert sum("\x1b[7m" in line for line in done.stdout.splitlines()) > 40  # a QR code of block rows
        private = secret_store.file_backend(tmp_path / "data", tmp_path / "config").get_raw(
            secret_store.MOBILE_TOKEN_SIGNING_KEY)
        assert private is not None and private.hex() not in done.stdout + made.stdout + made.stderr

        keys = token_public_key(Settings(tmp_path / "settings.json"), factory)  # what `python main.py` gives the desk
        desk = DeskService(factory, system_actor(1, role=StaffRole.LIBRARIAN), token_public_key=keys)
        result = desk.identify(token)
        assert result.patron is not None and result.patron.patron_id == patron_id and result.patron.name == name
        assert result.patron.identified_by == "mobile_token"
        assert result.outcome in (Outcome.OK, Outcome.NOTICE)
        with factory() as s:
            issued = s.scalars(select(AuditEntry).where(AuditEntry.action == "training_mobile_card_issued")).one()
        assert card.card_number not in issued.detail and mask_card_number(card.card_number) in issued.detail
        assert token not in issued.detail

        unknown = run("mobile-card", card.card_number[:10] + "07")
        assert unknown.returncode == 1 and "No library card has number" in unknown.stderr
        malformed = run("mobile-card", "A12345")
        assert malformed.returncode == 1 and "Error" in malformed.stderr and not TOKEN.search(malformed.stdout)
    finally:
        engine.dispose()


def test_without_a_signing_key_the_command_refuses(shell) -> None:
    run, _url, _tmp = shell
    done = run("mobile-card", "A123456789" + "00")
    assert done.returncode == 1
    assert "No library signing key" in done.stderr and not TOKEN.search(done.stdout)
