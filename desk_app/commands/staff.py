"""`python main.py staff add|list|disable|enable|passwd`: local staff accounts from the shell.

The first administrator of a fresh desk is made here. Passwords are never taken
from the command line (they would sit in the shell history and the process list):
they are asked for with getpass, or read from stdin when it is not a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.commands.common import add_actions, add_db_option, fail, open_db_or_exit
from desk_app.core.staff import accounts as core_staff
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.staff.permissions import Actor, system_actor
from desk_app.store.models import Branch, StaffRole


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("密碼 / Password: ")
        second = getpass.getpass("再輸入一次 / Password again: ")
        if first != second:
            raise DeskError(QT_TRANSLATE_NOOP("core", "The two passwords differ."))
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _branch_id(factory: sessionmaker[Session], code: str | None) -> int | None:
    with factory() as session:
        if code:
            found = session.execute(select(Branch.id).where(Branch.code == code)).scalar()
            if found is None:
                raise DeskError(QT_TRANSLATE_NOOP("core", "There is no branch with code {code}."), code=code)
            return int(found)
        first = session.execute(select(Branch.id).order_by(Branch.id).limit(1)).scalar()
        return None if first is None else int(first)


Action = Callable[[sessionmaker[Session], Actor], None]


def _run(args: argparse.Namespace, action: Action) -> int:
    engine, factory = open_db_or_exit(args)
    try:
        actor = system_actor(_branch_id(factory, None) or 0)
        action(factory, actor)
        return 0
    except DeskError as exc:
        return fail(exc)
    finally:
        engine.dispose()


def _add(args: argparse.Namespace) -> int:
    def action(factory: sessionmaker[Session], actor: Actor) -> None:
        branch = _branch_id(factory, args.branch) if args.branch else None
        view = core_staff.create_staff(factory, actor, args.username, args.name, args.role, _read_password(),
                                       branch_id=branch)
        print(f"已新增 / Added: {view.username} ({view.role.value})")
    return _run(args, action)


def _list(args: argparse.Namespace) -> int:
    def action(factory: sessionmaker[Session], actor: Actor) -> None:
        for view in core_staff.list_staff(factory, actor):
            state = "active" if view.active else "DISABLED"
            print(f"{view.username:<20} {view.role.value:<14} {state:<9} {view.display_name}")
    return _run(args, action)


def _set_active(active: bool) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        def action(factory: sessionmaker[Session], actor: Actor) -> None:
            view = core_staff.set_active(factory, actor, args.username, active)
            print(f"{view.username}: {'active' if view.active else 'disabled'}")
        return _run(args, action)
    return handler


def _passwd(args: argparse.Namespace) -> int:
    def action(factory: sessionmaker[Session], actor: Actor) -> None:
        core_staff.change_password(factory, actor, args.username, _read_password())
        print(f"已重設密碼 / Password reset: {core_staff.normalise_username(args.username)}")
    return _run(args, action)


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = add_actions(subparsers, "staff", help="add, list, disable staff accounts; reset a password")
    add = sub.add_parser("add", help="add an account; the password is read with getpass or from stdin")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in StaffRole])
    add.add_argument("--name", required=True, help="the name shown at the desk")
    add.add_argument("--branch", metavar="CODE", help="home branch code")
    add.set_defaults(handler=_add)
    listing = sub.add_parser("list", help="list accounts")
    listing.set_defaults(handler=_list)
    for name, active in (("disable", False), ("enable", True)):
        p = sub.add_parser(name, help=f"{name} an account")
        p.add_argument("username")
        p.set_defaults(handler=_set_active(active))
    passwd = sub.add_parser("passwd", help="reset an account's password (read with getpass or from stdin)")
    passwd.add_argument("username")
    passwd.set_defaults(handler=_passwd)
    for p in (add, listing, passwd, *[sub.choices[n] for n in ("disable", "enable")]):
        add_db_option(p)
