"""`python main.py audit verify|list`: is the audit trail intact, and what does it say.

Run by a technician or an administrator at the desk PC's shell; exit 0 when the
chain holds, 1 when an entry was edited, deleted or inserted, 3 when the database
cannot be opened. The trail's details never hold a full ID, so `list` prints them as stored.
"""

from __future__ import annotations

import argparse

from sqlalchemy import func, select

from desk_app.commands.common import add_actions, add_db_option, open_db_or_exit
from desk_app.core.staff.audit import recent_entries, verify_chain
from desk_app.core.staff.permissions import system_actor
from desk_app.store.models import Branch


def _verify(args: argparse.Namespace) -> int:
    engine, factory = open_db_or_exit(args)
    try:
        with factory() as session:
            report = verify_chain(session)
    finally:
        engine.dispose()
    if report.ok:
        print(f"稽核紀錄完整 / Audit trail intact: {report.entries} entries, chain verified.")
        return 0
    print(f"稽核紀錄遭竄改 / Audit trail BROKEN at entry {report.first_bad_id} "
          f"(after checking {report.entries} entries): {report.reason}.")
    return 1


def _list(args: argparse.Namespace) -> int:
    engine, factory = open_db_or_exit(args)
    try:
        with factory() as session:
            branch = session.execute(select(func.min(Branch.id))).scalar() or 0
            lines = recent_entries(session, system_actor(int(branch)), args.last)
    finally:
        engine.dispose()
    for line in lines:
        print(f"{line.entry_id:>6}  {line.at}  {line.staff_username:<16} {line.action:<24} "
              f"{line.entity}:{line.entity_id}  {line.detail}")
    if not lines:
        print("稽核紀錄是空的 / The audit trail is empty.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = add_actions(subparsers, "audit", help="verify or list the tamper-evident audit trail")
    verify = sub.add_parser("verify", help="check the hash chain; exit 1 if any entry was changed, removed or added")
    add_db_option(verify)
    verify.set_defaults(handler=_verify)
    listing = sub.add_parser("list", help="print the newest entries")
    listing.add_argument("--last", type=int, default=20, metavar="N", help="how many entries (default 20)")
    add_db_option(listing)
    listing.set_defaults(handler=_list)
