"""Real SPARQL servers on 127.0.0.1 for the tests: Oxigraph's server and Virtuoso.

Each server runs in a temporary folder on a free loopback port, is started by
a fixture and stopped (terminated, then killed) when the fixture ends; start-up
is bounded in time.  When a server binary is missing the tests skip, unless
``CI`` is set, in which case they fail: CI must exercise both servers.

>>> free_port() > 1024
True
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Server",
    "free_port",
    "find_oxigraph",
    "find_virtuoso",
    "oxigraph_server",
    "virtuoso_server",
    "require",
    "in_ci",
    "select",
    "serve_in_thread",
]

#: Seconds a server may take to answer its first query.
START_TIMEOUT = 180.0


@dataclass(frozen=True)
class Server:
    """How to reach one running server."""

    kind: str
    store_url: str  # Graph Store Protocol endpoint
    query_url: str  # SPARQL query endpoint
    user: str | None = None
    password: str | None = None
    log: Path | None = None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(binary: str | None, what: str) -> str:
    """Return ``binary``; skip the test when it is missing (fail under CI)."""
    import pytest

    if binary:
        return binary
    message = f"{what} is not installed"
    if in_ci():
        pytest.fail(f"{message}, but CI is set: install it (see .ci/run)")
    pytest.skip(message)
    raise AssertionError("unreachable")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_oxigraph() -> str | None:
    """The ``oxigraph`` command of pip's ``oxigraph`` package, if installed."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def find_virtuoso() -> str | None:
    """Debian's ``virtuoso-t`` (package virtuoso-opensource), if installed."""
    return shutil.which("virtuoso-t")


def _wait_ready(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server not ready after {timeout:.0f} s: {_tail(log)}")


def _tail(log: Path, lines: int = 8) -> str:
    with contextlib.suppress(OSError):
        return " | ".join(log.read_text(errors="replace").splitlines()[-lines:])
    return "(no log)"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextlib.contextmanager
def serve_in_thread(handler: type) -> Iterator[str]:
    """A Python HTTP server for ``handler`` on a free loopback port, in a thread: yields its base URL."""
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _run(args: list[str], cwd: Path, ready_url: str, timeout: float) -> Iterator[Path]:
    log = cwd / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:
        _wait_ready(ready_url, process, log, timeout)
        yield log
    finally:
        _stop(process)


_ASK = "?query=ASK%7B%7D"


@contextlib.contextmanager
def oxigraph_server(folder: Path, binary: str, timeout: float = START_TIMEOUT) -> Iterator[Server]:
    """``oxigraph serve --location folder/db --bind 127.0.0.1:PORT --union-default-graph``.

    With ``--union-default-graph`` queries without ``GRAPH`` see every
    article, as docs/scale.md recommends (and as Virtuoso does by default).
    """
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}",
            "--union-default-graph"]
    with _run(args, folder, f"{base}/query{_ASK}", timeout) as log:
        yield Server("oxigraph", f"{base}/store", f"{base}/query", log=log)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 5
ServerThreads = 5
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path, binary: str, timeout: float = START_TIMEOUT) -> Iterator[Server]:
    """``virtuoso-t +foreground +configfile INI`` on a fresh database (user dba/dba).

    Both its ports (SQL and HTTP) are bound to 127.0.0.1.
    """
    folder.mkdir(parents=True, exist_ok=True)
    http_port = free_port()
    sql_port = free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=sql_port, http_port=http_port))
    base = f"http://127.0.0.1:{http_port}"
    args = [binary, "+foreground", "+configfile", str(ini)]
    with _run(args, folder, f"{base}/sparql{_ASK}", timeout) as log:
        yield Server(
            "virtuoso",
            f"{base}/sparql-graph-crud-auth",
            f"{base}/sparql",
            user="dba",
            password="dba",
            log=log,
        )


def select(server: Server, query: str, default_graphs: tuple[str, ...] = ()) -> set[tuple]:
    """Rows of a SELECT (as a set of tuples of rdflib terms) run on ``server``.

    ``default_graphs`` go as the protocol's ``default-graph-uri``: the query's
    default graph is then their RDF merge instead of the server's default.
    The results are asked for as JSON (Virtuoso's XML has quirks).
    """
    import json

    import rdflib.query

    fields = [("query", query)] + [("default-graph-uri", g) for g in default_graphs]
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(
        server.query_url,
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        payload = response.read()
    json.loads(payload)  # a clear failure when the server sent something else
    result = rdflib.query.Result.parse(io.BytesIO(payload), format="json")
    if result.type == "ASK":
        return {(result.askAnswer,)}
    return {tuple(row) for row in result}
