"""LibDesk entry point: `python main.py` opens the desk; `python main.py --help` lists subcommands."""

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
