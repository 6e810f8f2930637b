"""Asking a staff member to sign in at the shell, for commands that act on personal data or secrets.

Values are never taken from the command line (shell history, the process list):
they are asked for with getpass on a terminal, or read one per line from stdin
when it is not a terminal (scripts, tests). The check is core's `authenticate`,
with the same backoff and audit as the desk's sign-in.
"""

from __future__ import annotations

import getpass
import sys

from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.staff.permissions import Actor
from desk_app.core.staff.accounts import authenticate


def ask(prompt: str, secret: bool) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt) if secret else input(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def sign_in(session_factory: sessionmaker[Session]) -> Actor:
    """The signed-in staff member, or SignInFailed / SignInThrottled (DeskErrors) to print."""
    username = ask("館員帳號 / Staff username: ", secret=False)
    return authenticate(session_factory, username, ask("密碼 / Password: ", secret=True), purpose="sign_in")
