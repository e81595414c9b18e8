"""A throwaway PostgreSQL cluster for fault tests: one that a test may stop and start at will.

The shared server on 5432 is never touched: the cluster is made by `initdb` in a temporary folder and
listens on a spare port of 127.0.0.1 (TCP only, trust authentication, user `postgres`).

    with PgCluster(tmp_path) as cluster:        # initdb + start on a free port
        url = cluster.url("portal")            # creates the database; postgres://postgres@127.0.0.1:PORT/portal
        copy = cluster.url("t1", template="portal")  # a copy of it (e.g. migrated once for many tests)
        cluster.stop()                         # pg_ctl stop -m fast: connections are cut, new ones refused
        cluster.start()                        # the same port again
        cluster.restart(down_for=3)            # stop, wait, start

or the `pg_cluster` fixture below (one cluster per test). `PgCluster.available()` says whether the
PostgreSQL server programs are installed; the fixture skips the test when they are not.

initdb refuses to run as root: when the tests run as root the cluster runs as the `postgres` system
user, in a folder of its own under the system's temporary folder (pytest's tmp_path is private to root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_bin() -> Path | None:
    """The newest PostgreSQL server's bin folder (the one holding initdb), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PgCluster:
    """A PostgreSQL cluster of a test's own: start(port), stop(), restart(), url(dbname)."""

    def __init__(self, base: Path, *, bin_dir: Path | None = None):
        self.bin = bin_dir or server_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's initdb was not found")
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            base = Path(tempfile.mkdtemp(prefix="pgcluster-"))
            entry = pwd.getpwnam(self.user)
            os.chown(base, entry.pw_uid, entry.pw_gid)
        self.base = Path(base)
        self.base.mkdir(parents=True, exist_ok=True)
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port: int | None = None
        self._owns_base = self.user is not None
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")

    @staticmethod
    def available() -> bool:
        return server_bin() is not None

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin / program), *args],
            user=self.user,
            cwd=self.base,
            capture_output=True,
            text=True,
            check=check,
            timeout=60,
        )

    def start(self, port: int | None = None) -> None:
        """Start the server (on `port`, on the port it had, or on a free one) and wait until it answers."""
        self.port = port or self.port or free_port()
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
        self._run("pg_ctl", "start", "-w", "-t", "30", "-D", str(self.data), "-l", str(self.log), "-o", options)

    def stop(self) -> None:
        """Stop the server at once (`pg_ctl stop -m fast`): open connections are cut."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def restart(self, *, down_for: float = 0) -> None:
        """Stop the server, leave it down for `down_for` seconds, start it again on the same port."""
        self.stop()
        time.sleep(down_for)
        self.start()

    def is_running(self) -> bool:
        return self._run("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0

    def url(self, dbname: str = "postgres", *, template: str | None = None) -> str:
        """A DATABASE_URL for `dbname` on this cluster, creating the database if it does not exist (as a copy
        of the database `template`, if given: migrate once, copy for each test)."""
        if dbname != "postgres":
            copy = ["-T", template] if template else []
            address = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
            created = self._run("createdb", *address, *copy, dbname, check=False)
            if created.returncode and "already exists" not in created.stderr:
                raise RuntimeError(created.stderr)
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def close(self) -> None:
        """Stop the server if it runs and remove what initdb made in a folder of our own."""
        if self.is_running():
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data), check=False)
        if self._owns_base:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> PgCluster:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


@pytest.fixture
def pg_cluster(tmp_path):
    """A running throwaway cluster (see PgCluster); skipped only when PostgreSQL's server is not installed."""
    if not PgCluster.available():
        pytest.skip("PostgreSQL's initdb is not installed")
    with PgCluster(tmp_path / "pg") as cluster:
        yield cluster
