"""For the simulator's own tests: REST calls signed the way a Connect app signs them."""
from urllib.parse import urlencode

import requests

from tests.support import tokens


def app_token(site, method, relative_url, secret=None, iss=None, **claim_overrides):
    """A token as a Connect app signs its calls to Jira."""
    payload = tokens.claims(iss or site.app_key, method, relative_url, **claim_overrides)
    return tokens.hs256(secret or site.shared_secret, payload)


def call_as_app(site, method, path, query="", token=None, headers=None, **kwargs):
    relative_url = f"{path}?{query}" if query else path
    token = token or app_token(site, method, relative_url)
    return requests.request(method, site.base_url + relative_url,
                            headers={"Authorization": f"JWT {token}", **(headers or {})}, timeout=10, **kwargs)


class AppClient:
    """The installed app calling its site: ``params`` become the (signed) query, ``json`` the body."""

    def __init__(self, site, headers=None):
        """``headers``: sent with every call (e.g. an X-Atlassian-Webhook-Trace)."""
        self.site = site
        self.headers = headers

    def call(self, method: str, path: str, params=None, json=None) -> requests.Response:
        return call_as_app(self.site, method, path, urlencode(params or {}, doseq=True), json=json,
                           headers=self.headers)

    def get(self, path: str, **params) -> requests.Response:
        return self.call("GET", path, params)

    def post(self, path: str, json=None, **params) -> requests.Response:
        return self.call("POST", path, params, json)

    def put(self, path: str, json=None, **params) -> requests.Response:
        return self.call("PUT", path, params, json)

    def delete(self, path: str, **params) -> requests.Response:
        return self.call("DELETE", path, params)
