"""`python main.py secrets status|set|delete`: the technician's way to put card keys and tokens in the store.

Values are never taken from the command line (shell history, process list): they
are asked for with getpass, or read from stdin when it is not a terminal. Changing
a secret needs a staff member allowed to (card keys: technician), who signs in
here with the same backoff as at the desk, and the change is audited without the value.
"""

from __future__ import annotations

import argparse

from desk_app import secret_store
from desk_app.commands.common import add_actions, add_db_option, fail, open_db_or_exit
from desk_app.commands.terminal import ask as _ask
from desk_app.commands.terminal import sign_in
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.staff.secrets_policy import SECRET_ACTIONS, record_secret_change, require_secret_change

NAMES = {name.replace("_", "-"): name for name in SECRET_ACTIONS}  # card-key-a -> card_key_a


def _status(args: argparse.Namespace) -> int:
    store = secret_store.open_secret_store()
    print(f"secret store: {store.backend_name}")
    for shown, name in NAMES.items():
        print(f"  {shown:<26} {'set' if name in store else 'not set'}")
    return 0


def _change(args: argparse.Namespace, operation: str) -> int:
    name = NAMES[args.name]
    engine, factory = open_db_or_exit(args)
    try:
        actor = sign_in(factory)
        require_secret_change(actor, name)
        store = secret_store.open_secret_store()
        if operation == "set":
            value = _ask(f"{args.name} (輸入不會顯示 / not echoed): ", secret=True)
            if name.startswith("card_key_"):
                store.set(name, secret_store.parse_card_key(value))
            elif value:
                store.set(name, value)
            else:
                raise DeskError(QT_TRANSLATE_NOOP("core", "An empty value was not stored."))
        else:
            store.delete(name)
        record_secret_change(factory, actor, name, operation)
    except DeskError as exc:
        return fail(exc)
    finally:
        engine.dispose()
    print(f"{args.name}: {'stored' if operation == 'set' else 'deleted'} ({store.backend_name})")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = add_actions(subparsers, "secrets", help="card keys and tokens in the secret store (never in settings)")
    status = sub.add_parser("status", help="which secrets are set, and where they are kept")
    status.set_defaults(handler=_status)
    for operation in ("set", "delete"):
        p = sub.add_parser(operation, help=f"{operation} a secret (asks for a staff sign-in)")
        p.add_argument("name", choices=sorted(NAMES))
        add_db_option(p)
        p.set_defaults(handler=lambda args, op=operation: _change(args, op))
