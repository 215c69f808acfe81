"""`balises serve`: the built store behind a real SPARQL 1.1 server (the Oxigraph server from PyPI), read-only."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .errors import StoreError
from .settings import Settings
from .store.oxigraph import DATA_DIR


def oxigraph_executable() -> str:
    """The `oxigraph` command of this environment (the `oxigraph` package from PyPI)."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed: `pip install oxigraph` (make install does it)")
    return found


def server_command(settings: Settings, host: str, port: int, timeout: float) -> list[str]:
    location = Path(settings.store) / DATA_DIR
    if not location.is_dir():
        raise StoreError(f"no store at {settings.store}: run `balises build` first")
    return [oxigraph_executable(), "serve-read-only", "--location", str(location), "--bind", f"{host}:{port}",
            "--union-default-graph", "--timeout-s", str(int(max(1, timeout)))]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def wait_ready(endpoint: str, process: subprocess.Popen | None = None, seconds: float = 30.0) -> None:
    """Poll the endpoint with ASK {} until it answers (or the server process dies)."""
    url = endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            err = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
            raise StoreError(f"the SPARQL server stopped at start: {err.strip()[:500]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise StoreError(f"the SPARQL server at {endpoint} did not answer within {seconds:.0f} s")


def start_server(settings: Settings, host: str = "127.0.0.1", port: int | None = None,
                 timeout: float = 30.0) -> tuple[subprocess.Popen, str]:
    """Start the server in the background; return the process and its query endpoint once it answers."""
    port = port or free_port(host)
    process = subprocess.Popen(server_command(settings, host, port, timeout), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    endpoint = f"http://{host}:{port}/query"
    try:
        wait_ready(endpoint, process)
    except BaseException:
        process.kill()
        raise
    return process, endpoint


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
