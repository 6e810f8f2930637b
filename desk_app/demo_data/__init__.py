"""Demo data: a fictitious city library (青嵐市立圖書館) for demonstrations, training and benchmarks."""

from desk_app.demo_data.errors import DemoDataError
from desk_app.demo_data.generator import CITY, SMALL, DemoReport, DemoSize, demo_info, ensure_demo_data, generate

__all__ = ["CITY", "SMALL", "DemoDataError", "DemoReport", "DemoSize", "demo_info", "ensure_demo_data", "generate"]
