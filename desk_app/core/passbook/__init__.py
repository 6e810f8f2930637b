"""The reading passbook (閱讀存摺): points ledger, earning rules, events, prizes, redemption, draws, reports.

Qt-free like all of core. `service.PassbookService` is the door the desk uses; the
modules below it each keep one rule. docs/passbook.md is the staff guide.
"""
