"""`python main.py doctor`: what is connected, what is wrong, and how to fix it, in words.

Pure collection: a report of pcscd, the PC/SC readers with the card on each, and the
serial ports, each problem with a fix. Drivers cannot use desk_app's translations,
so every message is an English + Traditional Chinese pair kept in one table.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from typing import Sequence

from smartcard import scard

from drivers.pcsc import apdu
from drivers.pcsc.atr import card_type_from_atr, is_random_uid
from drivers.pcsc.errors import SERVICE_GONE, describe
from drivers.pcsc.monitor import is_virtual

# key -> (English, 繁體中文). Placeholders are filled with str.format after choosing the language.
MESSAGES: dict[str, tuple[str, str]] = {
    "pcscd_ok": ("PC/SC service (pcscd) is running.", "智慧卡服務 (pcscd) 執行中。"),
    "pcscd_down": ("The PC/SC service (pcscd) is not running.", "智慧卡服務 (pcscd) 未執行。"),
    "pcscd_down_fix": (
        "Start it: sudo systemctl enable --now pcscd.socket (Linux), or start the 'Smart Card' service (Windows).",
        "請啟動服務：sudo systemctl enable --now pcscd.socket（Linux），或啟動 Windows 的「智慧卡」服務。",
    ),
    "no_reader": ("No card reader is connected.", "沒有連接讀卡機。"),
    "no_reader_fix": (
        "Plug in the reader (ACS ACR122U / ACR1252U); on Linux install libccid, then unplug and replug it.",
        "請插上讀卡機（ACS ACR122U / ACR1252U）；Linux 需安裝 libccid，再重新插拔讀卡機。",
    ),
    "reader": ("Reader: {reader}", "讀卡機：{reader}"),
    "reader_virtual": ("Reader: {reader} (virtual, training only)", "讀卡機：{reader}（虛擬，僅供訓練）"),
    "virtual_warning": (
        "A virtual reader (vsmartcard vpcd) is installed: anyone on the network can present a fake card.",
        "已安裝虛擬讀卡機 (vsmartcard vpcd)：網路上任何人都能送出假卡片。",
    ),
    "virtual_fix": (
        "On a desk machine remove it: sudo apt-get remove vsmartcard-vpcd. Keep it only on training machines.",
        "櫃台電腦請移除：sudo apt-get remove vsmartcard-vpcd；只有訓練用電腦可保留。",
    ),
    "no_card": ("  no card", "  沒有卡片"),
    "card": ("  card: {card_type}, UID {uid}", "  卡片：{card_type}，UID {uid}"),
    "card_no_uid": ("  card: {card_type}, UID could not be read", "  卡片：{card_type}，無法讀取 UID"),
    "random_uid": ("  this card shows a random UID at every tap: it cannot be bound to a patron",
                   "  這張卡每次感應的 UID 都不同，無法綁定讀者"),
    "ports_none": ("No serial ports found (a USB keyboard-mode scanner needs none).",
                   "沒有序列埠（鍵盤模式的 USB 條碼機不需要）。"),
    "port_ok": ("Serial port: {port} {description}", "序列埠：{port} {description}"),
    "port_denied": ("Permission denied on serial port {port}.", "沒有權限開啟序列埠 {port}。"),
    "port_denied_fix": (
        "Add the user to the dialout group: sudo usermod -aG dialout $USER, then log out and in again.",
        "請將使用者加入 dialout 群組：sudo usermod -aG dialout $USER，然後登出再登入。",
    ),
    "error": ("ERROR: ", "錯誤："),
    "warning": ("WARNING: ", "警告："),
    "all_ok": ("Everything looks fine.", "一切正常。"),
    "problems": ("{count} problem(s) found.", "發現 {count} 個問題。"),
    "fix": ("  fix: {fix}", "  解決方法：{fix}"),
}


CARD_NAMES = {
    "mifare_classic_1k": "MIFARE Classic 1K", "mifare_classic_4k": "MIFARE Classic 4K",
    "mifare_ultralight": "MIFARE Ultralight", "mifare_ultralight_c": "MIFARE Ultralight C",
    "iso14443_4": "ISO 14443-4 (DESFire / EasyCard / iPass)", "iso15693": "ISO 15693",
    "felica": "FeliCa", "unknown": "unknown / 未知",
}


def text(key: str, lang: str = "en", **params: str) -> str:
    en, zh = MESSAGES[key]
    return (zh if lang == "zh_TW" else en).format(**params)


@dataclass(frozen=True)
class Problem:
    key: str
    fix_key: str
    error: bool = True  # False: a warning that does not fail the doctor
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReaderInfo:
    name: str
    virtual: bool
    card_type: str | None = None  # display name (CARD_NAMES); None: no card
    uid: bytes | None = None


@dataclass(frozen=True)
class PortInfo:
    device: str
    description: str
    usable: bool


@dataclass
class DoctorReport:
    pcscd_running: bool
    readers: list[ReaderInfo] = field(default_factory=list)
    ports: list[PortInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.error for p in self.problems)

    def lines(self, lang: str = "en") -> list[str]:
        out = [text("pcscd_ok" if self.pcscd_running else "pcscd_down", lang)]
        for reader in self.readers:
            out.append(text("reader_virtual" if reader.virtual else "reader", lang, reader=reader.name))
            if reader.card_type is None:
                out.append(text("no_card", lang))
            elif reader.uid is None:
                out.append(text("card_no_uid", lang, card_type=reader.card_type))
            else:
                out.append(text("card", lang, card_type=reader.card_type, uid=reader.uid.hex().upper()))
                if is_random_uid(reader.uid):
                    out.append(text("random_uid", lang))
        if not self.ports:
            out.append(text("ports_none", lang))
        for port in self.ports:
            out.append(text("port_ok", lang, port=port.device, description=port.description))
        for problem in self.problems:
            out.append(text("error" if problem.error else "warning", lang) + text(problem.key, lang, **problem.params))
            out.append(text("fix", lang, fix=text(problem.fix_key, lang, **problem.params)))
        errors = sum(1 for p in self.problems if p.error)
        out.append(text("problems", lang, count=str(errors)) if errors else text("all_ok", lang))
        return out


def _card_on(context: int, reader: str) -> tuple[str | None, bytes | None]:
    hresult, states = scard.SCardGetStatusChange(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
    if hresult != scard.SCARD_S_SUCCESS or not states[0][1] & scard.SCARD_STATE_PRESENT:
        return None, None
    card_type = CARD_NAMES[card_type_from_atr(bytes(states[0][2])).value]
    hresult, card, protocol = scard.SCardConnect(
        context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
    )
    if hresult != scard.SCARD_S_SUCCESS:
        return card_type, None
    try:
        hresult, response = scard.SCardTransmit(card, protocol, apdu.get_uid())
        ok = hresult == scard.SCARD_S_SUCCESS and len(response) > 2 and list(response[-2:]) == [0x90, 0x00]
        return card_type, bytes(response[:-2]) if ok else None
    finally:
        scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)


def check_readers(report: DoctorReport) -> None:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        report.pcscd_running = False
        report.problems.append(Problem("pcscd_down", "pcscd_down_fix", params={"error": describe(hresult)}))
        return
    try:
        hresult, names = scard.SCardListReaders(context, [])
        if hresult in SERVICE_GONE:
            report.pcscd_running = False
            report.problems.append(Problem("pcscd_down", "pcscd_down_fix"))
            return
        names = list(names) if hresult == scard.SCARD_S_SUCCESS else []
        for name in names:
            card_type, uid = _card_on(context, name)
            report.readers.append(ReaderInfo(name, is_virtual(name), card_type, uid))
    finally:
        scard.SCardReleaseContext(context)
    if not report.readers:
        report.problems.append(Problem("no_reader", "no_reader_fix"))
    if any(r.virtual for r in report.readers):
        report.problems.append(Problem("virtual_warning", "virtual_fix", error=False))


def check_ports(report: DoctorReport, devices: Sequence[tuple[str, str]] | None = None) -> None:
    """`devices`: (path, description) pairs; by default every port pyserial finds."""
    if devices is None:
        from serial.tools import list_ports

        devices = [(p.device, p.description or "") for p in list_ports.comports()]
    for device, description in devices:
        usable = os.access(device, os.R_OK | os.W_OK)
        report.ports.append(PortInfo(device, "" if description == "n/a" else description, usable))
        if not usable:
            report.problems.append(Problem("port_denied", "port_denied_fix", params={"port": device}))


def collect(serial_devices: Sequence[tuple[str, str]] | None = None) -> DoctorReport:
    report = DoctorReport(pcscd_running=True)
    check_readers(report)
    check_ports(report, serial_devices)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="main.py doctor",
        description="Check pcscd, card readers, cards and serial ports. 檢查讀卡機、卡片與序列埠。",
    )
    parser.add_argument("--lang", choices=["zh_TW", "en"], default="zh_TW", help="language (default zh_TW)")
    parser.add_argument("--port", action="append", metavar="DEVICE",
                        help="check only this serial port (repeatable) instead of every port found")
    args = parser.parse_args(list(argv) if argv is not None else None)
    report = collect([(p, "") for p in args.port] if args.port else None)
    for line in report.lines(args.lang):
        print(line)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
