"""A WSGI app served on 127.0.0.1 from a background thread, for the fakes in this package."""
import threading

from werkzeug.serving import WSGIRequestHandler, make_server


class _QuietRequestHandler(WSGIRequestHandler):
    """No access-log line per request: tests make hundreds; errors are still logged."""

    def log_request(self, *args, **kwargs) -> None:
        pass


class BackgroundServer:
    """Serves ``wsgi_app`` on an ephemeral port until :meth:`stop`."""

    def __init__(self, wsgi_app):
        self._server = make_server("127.0.0.1", 0, wsgi_app, threaded=True, request_handler=_QuietRequestHandler)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        # A short poll interval: stop() waits for the serving loop to notice the shutdown.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
