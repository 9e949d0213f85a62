"""A real PostgreSQL server for the tests: Debian's `postgresql` package (`make postgres` installs it), started with
`initdb` on a temporary data directory and `pg_ctl` on a free port, stopped when the tests end.

The cluster is made with the C collation, so text sorts as in SQLite. It runs without fsync: the tests kill clients,
never the server, so durability on power loss is not what they check. initdb refuses to run as root; as root the
server runs as the package's `postgres` user. Each test gets a database of its own (`fresh_database`).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

USER = "storyline"
_numbers = itertools.count(1)


def _binary(name: str) -> str:
    """The path of a PostgreSQL server program: on PATH, or where Debian's package puts it."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
                                       None)
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed; run `make postgres` (apt-get install postgresql)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """Run as the `postgres` user when the tests run as root (initdb and postgres refuse root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Server:
    """A running cluster: its data directory and port."""

    data: Path
    port: int

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def fresh_database(self) -> str:
        """A new, empty database (C collation, as the cluster) and its URL."""
        name = f"test_{os.getpid()}_{next(_numbers)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(_as_server_user([_binary("pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-s"]),
                       check=False, capture_output=True)
        shutil.rmtree(self.data.parent, ignore_errors=True)


def start_server() -> Server:
    """initdb a temporary cluster and start it on a free port on 127.0.0.1 (trust authentication, local only)."""
    root = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    subprocess.run(_as_server_user([_binary("initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8",
                                    "--locale=C", "--no-sync"]), check=True, capture_output=True)
    port = _free_port()
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(_as_server_user([_binary("pg_ctl"), "start", "-D", str(data), "-w", "-s", "-t", "60",
                                    "-l", str(root / "server.log"), "-o", options]), check=True, capture_output=True)
    return Server(data, port)
