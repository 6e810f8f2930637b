"""Two real programs append to one desk file's audit trail at once; `audit verify` still finds it intact.

Before issue 18 an append read the chain's head before it held the write lock, so a
second writer appending in between made two entries link to the same head: the trail
then reported tampering that never happened.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from desk_app.store.db import open_database
from desk_app.store.models import AuditEntry
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 150  # each writer: a few seconds of appends on this machine


def _writer(url: str, role: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.integration.audit_writer", url, role, str(ROUNDS)],
                            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def test_two_programs_appending_at_once_leave_an_intact_chain(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    engine, sessions = open_database(url)
    with sessions() as s:
        factories.small_world(s, items=3)
        factories.rule(s, max_loans=50, loan_days=21)
        s.commit()
    engine.dispose()

    writers = [_writer(url, "desk"), _writer(url, "staff")]
    for w in writers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    for w in writers:  # both start together
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    appended = 0
    for w in writers:
        out, _ = w.communicate(timeout=600)
        assert w.returncode == 0, out
        appended += int(out.strip().split()[-1])

    engine, sessions = open_database(url, migrate=False)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == appended
        assert s.scalar(select(func.count(func.distinct(AuditEntry.prev_hash))).select_from(AuditEntry)) == appended
    engine.dispose()
    done = subprocess.run([sys.executable, "main.py", "audit", "verify", "--db", url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{appended} entries" in done.stdout
