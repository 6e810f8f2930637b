"""`main.py secrets`: a technician stores card keys from the shell; others are refused; audited without values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app import secret_store
from desk_app.core.staff.permissions import system_actor
from desk_app.core.staff.accounts import create_staff
from desk_app.store.models import AuditEntry, StaffRole
from tests import secrets_registry

ROOT = Path(__file__).resolve().parents[2]
TECH_PASSWORD = secrets_registry.register("Tech-Pass-Secrets-55", "staff password")
LIB_PASSWORD = secrets_registry.register("Lib-Pass-Secrets-66", "staff password")
KEY_B = secrets_registry.register(bytes.fromhex("C0FFEE123456"), "card key B (cli test)")


@pytest.fixture
def desk(session_factory, db_url, tmp_path: Path):
    create_staff(session_factory, system_actor(0), "tech", "技術員", StaffRole.TECHNICIAN, TECH_PASSWORD)
    create_staff(session_factory, system_actor(0), "mei", "林美", StaffRole.LIBRARIAN, LIB_PASSWORD)
    env = dict(os.environ, LIBDESK_SECRET_BACKEND="file", LIBDESK_DATA_DIR=str(tmp_path / "data"),
               LIBDESK_CONFIG_DIR=str(tmp_path / "config"))
    return session_factory, db_url, env, tmp_path


def run(env: dict[str, str], db_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "main.py"), "secrets", *args]
    if args[0] != "status":  # status reads only the store, not the database
        command += ["--db", db_url]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def store_at(tmp_path: Path) -> secret_store.SecretStore:
    return secret_store.SecretStore(secret_store.file_backend(tmp_path / "data", tmp_path / "config"))


def test_a_technician_stores_card_key_b(desk) -> None:
    factory, db_url, env, tmp_path = desk
    done = run(env, db_url, "set", "card-key-b", stdin=f"tech\n{TECH_PASSWORD}\n{KEY_B.hex(' ').upper()}\n")
    assert done.returncode == 0, done.stderr
    assert KEY_B.hex() not in (done.stdout + done.stderr).lower().replace(" ", "")
    assert secret_store.get_card_key(store_at(tmp_path), "B") == secret_store.Secret(KEY_B)
    status = run(env, db_url, "status")
    assert "card-key-b" in status.stdout and "file" in status.stdout
    assert [line.split()[-1] for line in status.stdout.splitlines() if "card-key-b" in line] == ["set"]
    with factory() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "secret_set")).scalar_one()
    assert (entry.staff_username, entry.entity, entry.entity_id, entry.detail) == ("tech", "secret", "card_key_b", "{}")


def test_a_librarian_is_refused_and_nothing_is_stored(desk) -> None:
    factory, db_url, env, tmp_path = desk
    done = run(env, db_url, "set", "card-key-b", stdin=f"mei\n{LIB_PASSWORD}\n{KEY_B.hex()}\n")
    assert done.returncode == 1 and "may not do this" in done.stderr
    assert secret_store.get_card_key(store_at(tmp_path), "B") is None


def test_a_wrong_password_is_refused_vaguely(desk) -> None:
    factory, db_url, env, tmp_path = desk
    done = run(env, db_url, "set", "server-token", stdin="tech\nnot-the-password\nsome-token-value\n")
    assert done.returncode == 1 and "username or password is incorrect" in done.stderr
    assert secret_store.SERVER_TOKEN not in store_at(tmp_path)
