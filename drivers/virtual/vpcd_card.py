"""A virtual MIFARE Classic 1K card on pcscd's vpcd reader: for tests, demos and staff training.

vpcd listens on TCP (port = CHANNELID + slot); the card connects to it. Both ways a
message is a 2-byte big-endian length and a payload; a 1-byte payload from vpcd is a
control code (00 off, 01 on, 02 reset, 04 get ATR), anything longer an APDU. An
empty reply or a closed socket means the card was removed. The card keeps trying to
reconnect while it is "on the reader", so it comes back after pcscd restarts.

vpcd accepts a card from anywhere on the network: training only, never on a desk.
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import struct
import sys
import threading
from datetime import date
from typing import Sequence

from drivers import lc_record
from drivers.pcsc import access_bits
from drivers.virtual.mifare_memory import TRANSPORT_KEY, MifareClassic1K

log = logging.getLogger(__name__)

DEFAULT_PORT = 0x8C7B  # 35963, vpcd's first slot
CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0x00, 0x01, 0x02, 0x04
_RETRY_SECONDS = 0.1


class VirtualMifareCard:
    """A card that can be placed on and lifted from a vpcd slot, from a test or a person.

    Thread model: one I/O thread owns the socket; `lift()`, `insert()` and
    `tear_after_writes()` may be called from any thread.
    """

    def __init__(self, uid: bytes | str, *, port: int = DEFAULT_PORT, host: str = "127.0.0.1",
                 sector_access: dict[int, bytes] | None = None,
                 key_a: bytes = TRANSPORT_KEY, key_b: bytes = TRANSPORT_KEY) -> None:
        uid_bytes = bytes.fromhex(uid) if isinstance(uid, str) else bytes(uid)
        self.card = MifareClassic1K(uid_bytes, sector_access=sector_access, key_a=key_a, key_b=key_b)
        self.host, self.port = host, port
        self._lock = threading.Lock()  # guards card memory, the socket and the tear counter
        self._inserted = threading.Event()
        self._stopping = threading.Event()
        self.connected = threading.Event()  # TCP connection to vpcd is up
        self._sock: socket.socket | None = None
        self._tear_after: int | None = None
        self._thread: threading.Thread | None = None

    # ---- control -----------------------------------------------------------------------

    @property
    def uid(self) -> bytes:
        return self.card.uid

    def start(self, inserted: bool = True) -> VirtualMifareCard:
        if inserted:
            self._inserted.set()
        self._thread = threading.Thread(target=self._run, name=f"vpcd-card-{self.uid.hex()}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._inserted.set()  # wake the thread if it waits for an insert
        self._drop()
        if self._thread is not None:
            self._thread.join(timeout)

    def lift(self) -> None:
        """Take the card off the reader (close the connection); memory is kept."""
        self._inserted.clear()
        self._drop()

    def insert(self) -> None:
        """Put the card (back) on the reader."""
        self._inserted.set()

    @property
    def inserted(self) -> bool:
        return self._inserted.is_set()

    def tear_after_writes(self, n: int) -> None:
        """Let `n` more block writes land, then lift the card when the next write arrives (not applied)."""
        with self._lock:
            self._tear_after = n

    def block(self, number: int) -> bytes:
        with self._lock:
            return bytes(self.card.blocks[number])

    def set_block(self, number: int, data: bytes) -> None:
        """Write memory directly, bypassing keys (test setup, pre-burned training cards)."""
        if len(data) != 16:
            raise ValueError("a block is 16 bytes")
        with self._lock:
            self.card.blocks[number][:] = data

    def preburn(self, record: lc_record.LcRecord, sector: int = 1) -> None:
        """Place a valid LC v1 record in `sector`, as if a desk had burned it."""
        data = lc_record.encode(record, self.uid)
        for i, block in enumerate(lc_record.record_blocks(sector)):
            self.set_block(block, data[16 * i : 16 * (i + 1)])

    # ---- I/O thread --------------------------------------------------------------------

    def _drop(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._inserted.wait()
            if self._stopping.is_set():
                break
            sock = self._connect()
            if sock is None:
                self._stopping.wait(_RETRY_SECONDS)  # vpcd not listening (pcscd down): try again
                continue
            self.connected.set()
            try:
                self._serve(sock)
            except OSError:
                pass
            finally:
                self.connected.clear()
                self._drop()
                with self._lock:
                    self.card.power_cycle()

    def _connect(self) -> socket.socket | None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2.0)
        except OSError:
            return None
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            if not self._inserted.is_set() or self._stopping.is_set():
                sock.close()
                return None
            self._sock = sock
        return sock

    def _serve(self, sock: socket.socket) -> None:
        while True:
            message = self._receive(sock)
            if message is None:
                return
            reply = self._handle(message)
            if reply is _TEAR:
                return
            if isinstance(reply, bytes):
                sock.sendall(struct.pack(">H", len(reply)) + reply)

    def _receive(self, sock: socket.socket) -> bytes | None:
        header = self._exactly(sock, 2)
        if header is None:
            return None
        return self._exactly(sock, struct.unpack(">H", header)[0])

    @staticmethod
    def _exactly(sock: socket.socket, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            # vpcd writes length and payload separately: without QUICKACK each APDU waits ~40 ms.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            chunk = sock.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def _handle(self, message: bytes) -> object:
        """The reply bytes, None (control codes need none) or _TEAR (drop the connection now)."""
        with self._lock:
            if len(message) == 1:
                if message[0] == CTRL_ATR:
                    return self.card.atr
                if message[0] in (CTRL_OFF, CTRL_ON, CTRL_RESET):
                    self.card.power_cycle()
                return None
            if self.card.is_write(message) and self._tear_after is not None:
                if self._tear_after <= 0:
                    self._tear_after = None
                    self._inserted.clear()  # torn away mid-write: the card is off the reader
                    return _TEAR
                self._tear_after -= 1
            return self.card.answer(message)


_TEAR = object()


# ---- command line ----------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py virtual-card",
        description="A virtual MIFARE Classic 1K card on pcscd's vpcd reader (training only: vpcd accepts "
        "cards from the whole network). 虛擬 MIFARE 卡，僅供訓練使用。",
    )
    parser.add_argument("--uid", default="04A22B91", help="card UID in hex, 4 or 7 bytes (default 04A22B91)")
    parser.add_argument("--host", default="127.0.0.1", help="where vpcd listens (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="vpcd port: 35963 slot 0, 35964 slot 1")
    parser.add_argument("--record", metavar="CARD_NUMBER", help="pre-burn an LC v1 record, e.g. A12345678901")
    parser.add_argument("--library", default="TPML", help="library code for --record (default TPML)")
    parser.add_argument("--issued", type=date.fromisoformat, default=None, help="issue date for --record (YYYY-MM-DD)")
    parser.add_argument("--sector", type=int, default=1, help="application sector (default 1)")
    parser.add_argument("--transport-bits", action="store_true",
                        help="leave the application sector at transport access bits FF 07 80 (key B then cannot write)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(argv) if argv is not None else None)
    try:
        uid = bytes.fromhex(args.uid)
        access = {} if args.transport_bits else {args.sector: access_bits.READ_AB_WRITE_B}
        card = VirtualMifareCard(uid, port=args.port, host=args.host, sector_access=access)
        if args.record:
            number = args.record.strip().upper()
            if not lc_record.card_number_ok(number):
                raise ValueError("--record must be a valid ID followed by a 2-digit sequence")
            record = lc_record.LcRecord(number, args.library, args.issued or date.today(), int(number[10:]))
            card.preburn(record, args.sector)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    card.start()
    print(f"Virtual card {uid.hex().upper()} on {args.host}:{args.port}; Ctrl-C to stop. "
          f"虛擬卡已放上讀卡機，按 Ctrl-C 結束。", flush=True)
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    card.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
