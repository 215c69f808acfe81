"""Probes shared by the hostile-query tests and the load benchmark (benchmarks/load.py): values Oxigraph 0.5
cannot sort together, and a listener that counts who connects."""

from __future__ import annotations

import socket
import threading

#: Numbers and texts mixed: ORDER BY over them aborts Oxigraph 0.5 (see store/crashes.py).
MIXED = " ".join(f'{i * 37 % 997} "{i * 53 % 1000}-x"' for i in range(300))


class Listener:
    """A TCP listener on loopback that counts who connects: a refused SERVICE must never reach it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()
