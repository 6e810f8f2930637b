"""LibDesk: the circulation desk of a Taiwanese public library."""

__version__ = "0.1.0"
