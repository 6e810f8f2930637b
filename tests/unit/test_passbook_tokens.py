"""Redemption (LDR1) and event (LDE1) codes: exact bytes, and every way a code is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.passbook import tokens as T
from desk_app.core.signing import public_key_bytes

SEED = bytes(range(32))
PUB = public_key_bytes(SEED)
AT = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
PRIZE = "0193b0c4-7a1e-7c3d-8e4f-5a6b7c8d9e0f"
CODE = "4e1f0c2a-9b7d-4c6e-8f1a-2b3c4d5e6f70"
EVENT = "0193b0c4-0000-7000-8000-000000000001"
# docs/tokens.md's worked examples: the code must produce exactly these.
REDEEM_EXAMPLE = ("LDR1.AQBrA54gawOfTE4fDCqbfUxujxorPE1eb3ABk7DEeh58PY5PWmt8jZ4PQTEyMzQ1Njc4OTAx."
                  "R_bjdjlhUtVJcCiAMX8Mz9N40Jx33lmF-39k33T39Et9cIDqJyr-oSejYoJ1tRjAGDVT_yeJCI1DkkkhYfEgBg")
EVENT_EXAMPLE = ("LDE1.AQBrA54gawO6QAGTsMQAAHAAgAAAAAAAAAFFQVNUAAAAAAAAAAAAAAAA."
                 "uii3GxqQVQSSxdd5Ee3FP1Cy8_XoSfJV0oVw4JQedhiTml4M_J2mi-IrIAio_GgSc9EWsSH5ePIX_mZalbw-BQ")


def _redeem(**kw: object) -> str:
    args: dict[str, object] = dict(issued_at=AT, code_id=CODE)
    args.update(kw)
    return T.sign_redemption(SEED, "A12345678901", PRIZE, **args)  # type: ignore[arg-type]


def _event() -> str:
    return T.sign_event(SEED, EVENT, "EAST", valid_from=AT, valid_until=AT + dt.timedelta(hours=2))


def test_the_worked_examples_of_docs_tokens_md() -> None:
    assert _redeem() == REDEEM_EXAMPLE and len(REDEEM_EXAMPLE) == 164
    assert _event() == EVENT_EXAMPLE and len(EVENT_EXAMPLE) == 148


def test_a_redemption_code_opens_to_its_card_prize_and_code_id() -> None:
    code = T.verify_redemption(_redeem(), {0: PUB}, AT + dt.timedelta(minutes=4))
    assert (code.card_number, code.prize_global_id, code.code_id) == ("A12345678901", PRIZE, CODE)
    assert code.expires_at - code.issued_at == dt.timedelta(minutes=5)


def test_an_event_code_opens_to_its_event_branch_and_window() -> None:
    code = T.verify_event(_event(), {0: PUB}, AT + dt.timedelta(hours=1))
    assert (code.event_global_id, code.branch_code) == (EVENT, "EAST")


def test_expired_and_early_codes_are_refused_with_a_little_drift_allowed() -> None:
    T.verify_redemption(_redeem(), PUB, AT + dt.timedelta(minutes=5, seconds=59))
    with pytest.raises(T.CodeExpired):
        T.verify_redemption(_redeem(), PUB, AT + dt.timedelta(minutes=6, seconds=1))
    with pytest.raises(T.CodeNotYetValid):
        T.verify_redemption(_redeem(), PUB, AT - dt.timedelta(minutes=2))
    with pytest.raises(T.CodeExpired):
        T.verify_event(_event(), PUB, AT + dt.timedelta(hours=2, minutes=6))
    with pytest.raises(T.CodeNotYetValid):
        T.verify_event(_event(), PUB, AT - dt.timedelta(minutes=6))


def test_another_key_and_an_unknown_key_id_are_forged() -> None:
    other = T.sign_redemption(bytes(32), "A12345678901", PRIZE, issued_at=AT)
    with pytest.raises(T.CodeForged):
        T.verify_redemption(other, {0: PUB}, AT)
    with pytest.raises(T.CodeForged):
        T.verify_redemption(_redeem(key_id=7), {0: PUB}, AT)


def test_one_format_never_passes_for_another() -> None:
    swapped = "LDE1." + _redeem()[5:]
    with pytest.raises(T.CodeMalformed):
        T.verify_event(swapped, PUB, AT)
    with pytest.raises(T.CodeMalformed):
        T.verify_redemption("LDM1." + _redeem()[5:], PUB, AT)


@pytest.mark.parametrize("text", ["", "LDR1.", "LDR1.abc", "LDR1.a.b.c", "ldr1.xyz.abc", "LDR1.!!!!.????",
                                  "9789573317241"])
def test_garbage_is_malformed(text: str) -> None:
    with pytest.raises(T.CodeMalformed):
        T.verify_redemption(text, PUB, AT)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=5, max_value=163), st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."))
def test_any_changed_character_is_refused(position: int, replacement: str) -> None:
    original = _redeem()
    if original[position] == replacement:
        return
    altered = original[:position] + replacement + original[position + 1:]
    with pytest.raises(T.PassbookTokenError):
        T.verify_redemption(altered, PUB, AT)
