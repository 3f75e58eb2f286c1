"""gunicorn's access log without a line per accepted webhook.

Each accepted webhook is already recorded in the inbox, with its identifier and when it arrived, and Jira sends
many: at a thousand a second, writing each again as an access-log line cost about a tenth of the web process's
time. Every other request is logged, and so is every webhook that was refused or failed.
"""
from gunicorn.glogging import Logger

WEBHOOK_PATH_END = "/webhooks/jira"


class AccessLogWithoutAcceptedWebhooks(Logger):
    def access(self, resp, req, environ, request_time):
        if resp.status_code == 202 and req.method == "POST" and req.path.endswith(WEBHOOK_PATH_END):
            return
        super().access(resp, req, environ, request_time)
