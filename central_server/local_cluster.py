"""A private PostgreSQL cluster on loopback: for `server --demo` and for the tests.

Debian's PostgreSQL 15 refuses to run as root, so as root the cluster's folder is
owned by the `postgres` account and initdb/pg_ctl run through `runuser`. The
cluster listens on 127.0.0.1 only, on a port chosen free, with its socket inside
its own folder, so it never meets a system PostgreSQL or another test session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

PG_BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")


class ClusterError(RuntimeError):
    """PostgreSQL could not be started or stopped; the message says what to install or fix."""


def pg_bin_dir() -> Path:
    """The folder holding initdb and pg_ctl (Debian keeps them off PATH)."""
    for candidate in PG_BIN_CANDIDATES:
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise ClusterError("PostgreSQL is not installed: apt-get install postgresql (Debian 12 ships 15)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalCluster:
    """One cluster in `folder` (data in folder/data, socket and log beside it)."""

    folder: Path
    port: int = 0
    superuser: str = "postgres"

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def log_file(self) -> Path:
        return self.folder / "postgres.log"

    def url(self, database: str = "postgres", *, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.superuser}@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={self.superuser} dbname={database}"

    # -- running as the right account ---------------------------------------------------------
    def _as_owner(self, args: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return args

    def _run(self, args: list[str]) -> None:
        done = subprocess.run(self._as_owner(args), capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            log_tail = ""
            if self.log_file.exists():
                log_tail = "\n".join(self.log_file.read_text(errors="replace").splitlines()[-10:])
            raise ClusterError(f"{Path(args[0]).name} failed: " + " | ".join(tail) + (f"\n{log_tail}" if log_tail else ""))

    def _own_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    # -- lifecycle ------------------------------------------------------------------------------
    def init(self) -> None:
        """initdb once (a folder that already holds a cluster is kept as it is)."""
        self._own_folder()
        if (self.data_dir / "PG_VERSION").exists():
            return
        self._run([str(pg_bin_dir() / "initdb"), "-D", str(self.data_dir), "-A", "trust",
                   "-U", self.superuser, "-E", "UTF8", "--locale=C.UTF-8"])

    def start(self) -> None:
        if not self.port:
            self.port = free_port()
        options = f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=on"
        self._run([str(pg_bin_dir() / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file),
                   "-o", options, "-w", "-t", "60", "start"])

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run([str(pg_bin_dir() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    def create_database(self, name: str) -> str:
        """CREATE DATABASE name; returns its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
