"""Passbook reports: points by branch and month, redemptions by prize, stock left, ledger changes; CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from python_calamine import CalamineWorkbook

from desk_app.core.passbook.export import write_csv, write_xlsx
from desk_app.core.staff.permissions import PermissionDenied
from desk_app.store.models import StaffRole

SUP = StaffRole.SUPERVISOR


@pytest.fixture
def activity(desk, passbook_as, world, clock):
    boss, lib = passbook_as(SUP), passbook_as()
    desk.check_out(world.adult.id, world.items[0].barcode)
    desk.check_out(world.adult.id, world.items[1].barcode)
    boss.correct_points(world.adult.id, 30, "opening balance")
    bag = boss.create_prize(branch_id=world.main.id, name="帆布袋", points=20, stock=5, on_sale=True)
    passbook_as(SUP, world.east).create_prize(branch_id=world.east.id, name="帆布袋", points=20, stock=4)
    first = lib.redeem_card(world.adult.id, None, bag.prize_id)
    lib.cancel_redemption(int(first.details["redemption_id"]), "changed mind")
    lib.redeem_card(world.adult.id, None, bag.prize_id)
    return boss


def test_the_four_reports_add_up(activity, world):
    reports = {r.key: r for r in activity.reports(dt.date(2026, 11, 1), dt.date(2026, 11, 30))}
    assert reports["points_by_branch_month"].rows == (("2026-11", "總館", 52, 40, 12),)
    assert reports["redemptions_by_prize"].rows == ((1, "總館", "帆布袋", 2, 1, 1, 40),)
    assert [(r[1], r[2], r[4]) for r in reports["stock_left"].rows] == [("東區分館", "帆布袋", 4), ("總館", "帆布袋", 4)]
    ledger = reports["ledger_changes"].rows
    assert [r[4] for r in ledger] == ["checkout", "checkout", "correction", "redeem", "redeem_cancel", "redeem"]
    assert all("*" in r[2] for r in ledger)  # patrons masked
    assert reports["ledger_changes"].rows[2][8] == "opening balance"
    empty = {r.key: r for r in activity.reports(dt.date(2026, 10, 1), dt.date(2026, 10, 31))}
    assert empty["points_by_branch_month"].rows == () and empty["ledger_changes"].rows == ()


def test_exports_to_csv_and_xlsx_read_back(activity, tmp_path):
    reports = activity.reports(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    path = write_csv(reports[0], tmp_path / "points.csv", translate=lambda t: {"Branch": "分館"}.get(t, t))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][1] == "分館" and rows[1] == ["2026-11", "總館", "52", "40", "12"]
    book = write_xlsx(reports, tmp_path / "passbook.xlsx")
    wb = CalamineWorkbook.from_path(str(book))
    assert len(wb.sheet_names) == 4
    sheet = wb.get_sheet_by_name(wb.sheet_names[1]).to_python()
    assert sheet[0][2] == "Prize" and sheet[1][2] == "帆布袋" and sheet[1][3] == 2


def test_reports_need_the_permission(passbook_as):
    with pytest.raises(PermissionDenied):
        passbook_as().reports(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
