"""The bundle's entry point: the same `libdesk` command as the wheel's console script."""

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
