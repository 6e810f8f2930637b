"""`libdesk setup`: set a desk up from the command line, for rolling out many PCs at once.

The same settings as the first-run dialog, with the same checks and words
(desk_app.ui.setup.values): nothing is written unless every value passes and, when
an enrolment code is given, the server accepted it. The code is a credential: it is
read from stdin or a file, never taken on the command line (the process list and
shell history would keep it). `libdesk setup --show` prints what is set now.

    libdesk setup --library TPML --branch MAIN --desk-name "總館一樓櫃台 1" \\
        --reader "ACS ACR1252 Dual Reader [ACR1252 Dual Reader PICC] 00 00" \\
        --scanner serial --scanner-port /dev/serial/by-id/usb-Honeywell_...-if00 \\
        --server https://libdesk.library.example.tw --enrol-code-file /run/libdesk-code
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from desk_app.commands.common import add_db_option, open_db_or_exit, say
from desk_app.settings import Settings

FIELDS = {  # option dest -> DeskSetup field
    "library": "library_code", "branch": "branch_code", "desk_name": "desk_name", "server": "server_url",
    "reader": "patron_reader", "key_a_slot": "key_a_slot", "key_b_slot": "key_b_slot",
    "scanner": "scanner_kind", "scanner_port": "scanner_port", "scanner_baud": "scanner_baud",
    "scanner_suffix": "scanner_suffix",
}
LABELS = {
    "library_code": "圖書館代碼 / library", "branch_code": "分館代碼 / branch", "desk_name": "櫃台名稱 / desk name",
    "server_url": "中央伺服器 / server", "enrol_code": "登錄碼 / enrolment code", "patron_reader": "讀卡機 / reader",
    "key_a_slot": "金鑰 A 槽位 / key A slot", "key_b_slot": "金鑰 B 槽位 / key B slot",
    "scanner_kind": "掃描器 / scanner", "scanner_port": "序列埠 / serial port", "scanner_baud": "鮑率 / baud rate",
    "scanner_suffix": "結尾字元 / suffix", "training": "教育訓練 / training",
}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("setup", help="set this desk up without the dialog (mass roll-out) / 設定櫃台")
    p.add_argument("--show", action="store_true", help="print the current setup and change nothing")
    p.add_argument("--library", metavar="CODE", help="library code, e.g. TPML")
    p.add_argument("--branch", metavar="CODE", help="branch code, e.g. MAIN")
    p.add_argument("--desk-name", metavar="NAME", help="this desk's name, e.g. 總館一樓櫃台 1")
    p.add_argument("--server", metavar="URL", help="the central server's address (https://...); '' for none")
    code = p.add_mutually_exclusive_group()
    code.add_argument("--enrol-code-stdin", action="store_true", help="read the one-time enrolment code from stdin")
    code.add_argument("--enrol-code-file", type=Path, metavar="PATH", help="read the enrolment code from a file")
    p.add_argument("--reader", metavar="NAME", help="the PC/SC reader for patron cards ('' = any reader)")
    p.add_argument("--key-a-slot", type=int, metavar="N", help="reader key slot for key A (0-31)")
    p.add_argument("--key-b-slot", type=int, metavar="N", help="reader key slot for key B (0-31)")
    p.add_argument("--scanner", choices=["keyboard", "serial", "none"], help="the kind of barcode scanner")
    p.add_argument("--scanner-port", metavar="PORT", help="serial scanner port (/dev/serial/by-id/... or COM3)")
    p.add_argument("--scanner-baud", type=int, metavar="BAUD", help="serial scanner baud rate (default 9600)")
    p.add_argument("--scanner-suffix", choices=["CR", "LF", "CRLF", "TAB"], help="what the scanner sends last")
    training = p.add_mutually_exclusive_group()
    training.add_argument("--training", dest="training_desk", action="store_const", const=True,
                          help="a training desk (demo library, virtual readers allowed)")
    training.add_argument("--no-training", dest="training_desk", action="store_const", const=False,
                          help="a public desk (the default)")
    add_db_option(p)
    p.set_defaults(handler=run)


def _read_code(args: argparse.Namespace) -> str:
    if args.enrol_code_stdin:
        return sys.stdin.readline().strip()
    if args.enrol_code_file is not None:
        try:
            return args.enrol_code_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SystemExit(f"錯誤 / Error: cannot read {args.enrol_code_file}: {exc.strerror}") from None
    return ""


def show(setup: object, settings: Settings) -> None:
    print(f"設定檔 / settings file: {settings.path}")
    for field in dataclasses.fields(setup):  # type: ignore[arg-type]
        value = getattr(setup, field.name)
        value = getattr(value, "value", value)
        print(f"  {LABELS.get(field.name, field.name):<36} {value if value != '' else '—'}")


def run(args: argparse.Namespace) -> int:
    from desk_app.ui.setup import first_run, values
    from desk_app.ui.setup.enrolment import EnrolmentUnavailable, enrol_desk

    settings = Settings()
    current = values.load(settings)
    if args.show:
        show(current, settings)
        print(f"  {'已完成設定 / set up':<36} {'yes' if values.is_done(settings) else 'no'}")
        return 0
    changes = {field: getattr(args, dest) for dest, field in FIELDS.items() if getattr(args, dest) is not None}
    if "scanner_kind" in changes:
        changes["scanner_kind"] = values.ScannerKind(changes["scanner_kind"])
    if args.training_desk is not None:
        changes["training"] = args.training_desk
    setup = dataclasses.replace(current, **changes).normalised()
    code = _read_code(args)
    engine, factory = open_db_or_exit(args)
    try:
        problems = values.check(setup, code, set(first_run.known_branches(factory)), first_run.is_enrolled(),
                                bool(settings.get(values.SYNC_SECTION, "allow_insecure_http", False)))
        if problems:
            for field, message in problems.items():
                print(f"錯誤 / Error: {LABELS.get(field, field)}: {say(message)}", file=sys.stderr)
            print("沒有變更任何設定 / Nothing was changed.", file=sys.stderr)
            return 1
        note = ""
        if setup.server_url and code:
            try:
                done = enrol_desk(setup.server_url, code, setup.desk_name, engine)
                note = f"已登錄 / Enrolled: desk {done.desk_id} at branch {done.branch_code}"
            except EnrolmentUnavailable as exc:
                note = f"注意 / Note: {say(exc)}"
            except Exception as exc:  # noqa: BLE001 - a refusal or an unreachable server: say so, save nothing
                print(f"錯誤 / Error: {say(exc)}", file=sys.stderr)
                print("沒有變更任何設定 / Nothing was changed.", file=sys.stderr)
                return 1
    finally:
        engine.dispose()
    values.save(settings, setup)
    show(setup, settings)
    if note:
        print(note)
    print("已儲存 / Saved.")
    return 0
