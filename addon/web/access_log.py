"""gunicorn's logs: no line per accepted webhook, and no token in any line.

Each accepted webhook is already recorded in the inbox, with its identifier and when it arrived, and Jira sends
many: at a thousand a second, writing each again as an access-log line cost about a tenth of the web process's
time. Every other request is logged, and so is every webhook that was refused or failed.

Jira signs iframe page loads with ``?jwt=`` in the URL: the request line (and a Referer quoting it) is written
with the token taken out, as is every line of gunicorn's error log (``addon.logs``).
"""
from gunicorn.glogging import Logger

from addon.logs import redact_handlers

WEBHOOK_PATH_END = "/webhooks/jira"


class AccessLogWithoutAcceptedWebhooks(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        redact_handlers(self.error_log)
        redact_handlers(self.access_log)

    def access(self, resp, req, environ, request_time):
        if resp.status_code == 202 and req.method == "POST" and req.path.endswith(WEBHOOK_PATH_END):
            return
        super().access(resp, req, environ, request_time)
