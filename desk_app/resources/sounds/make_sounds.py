"""Generate the desk's three sounds with the standard library, so they carry no licence baggage.

Run once (`python desk_app/resources/sounds/make_sounds.py`); the small .wav files it writes are
committed. Each outcome gets a sound a librarian tells apart without looking:
a bright rising chime for OK, one soft tone for a notice, a low double buzz for a refusal.
The output is deterministic, so re-running it changes nothing.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
HERE = Path(__file__).resolve().parent


def tone(freq: float, seconds: float, volume: float, square: bool = False) -> list[float]:
    """One note with a short attack and release, so it does not click."""
    count = int(RATE * seconds)
    edge = int(RATE * 0.01)
    samples = []
    for i in range(count):
        phase = math.sin(2 * math.pi * freq * i / RATE)
        value = (1.0 if phase >= 0 else -1.0) * 0.5 if square else phase
        envelope = min(1.0, i / edge, (count - i) / edge)
        samples.append(value * volume * envelope)
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def write(name: str, samples: list[float]) -> None:
    with wave.open(str(HERE / name), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples))


def main() -> None:
    write("ok.wav", tone(880, 0.09, 0.5) + tone(1318.5, 0.14, 0.5))  # A5 then E6: a rising chime
    write("notice.wav", tone(660, 0.22, 0.35))  # E5, soft: nothing went wrong
    write("alarm.wav", tone(220, 0.16, 0.6, square=True) + silence(0.06) + tone(220, 0.16, 0.6, square=True))


if __name__ == "__main__":
    main()
