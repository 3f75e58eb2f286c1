"""A WSGI app served on 127.0.0.1 from a background thread, for the fakes in this package.

Served by waitress, which keeps connections alive as Jira's HTTPS front end does: a client that pools its
connections (the app's JiraClient) reuses them, instead of paying a new connection and a new server thread per
request as with werkzeug's development server, which closes every connection.
"""
import threading

from waitress import wasyncore
from waitress.server import create_server

# Requests served at once: enough for every thread of a few worker processes waiting on an injected latency.
THREADS = 32
# How long the serving loop waits for sockets before it checks whether to stop.
POLL_SECONDS = 0.05


class BackgroundServer:
    """Serves ``wsgi_app`` on an ephemeral port until :meth:`stop`."""

    def __init__(self, wsgi_app):
        self._server = create_server(wsgi_app, host="127.0.0.1", port=0, threads=THREADS, ident="jirasim",
                                     clear_untrusted_proxy_headers=True)
        self.port = self._server.effective_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"jirasim-{self.port}", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        # Shut down from the serving thread itself: its sockets are closed by the loop that polls them.
        while not self._stopping.is_set():
            wasyncore.loop(timeout=POLL_SECONDS, map=self._server._map, count=1)
        self._server.task_dispatcher.shutdown()
        wasyncore.close_all(self._server._map)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
