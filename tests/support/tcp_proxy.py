"""A small TCP proxy on 127.0.0.1: round-robin over backends, and an outage switch.

Used to put two web processes behind one base URL, and to take a database away
from a running app and give it back.
"""
from __future__ import annotations

import itertools
import socket
import threading


class TcpProxy:
    def __init__(self, backends: list[tuple[str, int]]):
        self._backends = itertools.cycle(backends)
        self._lock = threading.Lock()
        self._down = False
        self._open: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept_forever, daemon=True).start()

    def set_down(self, down: bool) -> None:
        """Down: every open connection is cut and new ones are closed at once, like a server that died."""
        with self._lock:
            self._down = down
            doomed, self._open = (set(self._open), set()) if down else (set(), self._open)
        for sock in doomed:
            _close(sock)

    def close(self) -> None:
        self.set_down(True)
        _close(self._listener)

    def _accept_forever(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                down, backend = self._down, next(self._backends)
            if down:
                _close(client)
                continue
            threading.Thread(target=self._connect, args=(client, backend), daemon=True).start()

    def _connect(self, client: socket.socket, backend: tuple[str, int]) -> None:
        try:
            server = socket.create_connection(backend, timeout=5)
        except OSError:
            _close(client)
            return
        server.settimeout(None)
        with self._lock:
            self._open.update((client, server))
        for source, sink in ((client, server), (server, client)):
            threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
