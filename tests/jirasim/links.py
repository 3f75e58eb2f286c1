"""Where things live on a site: the URLs in ``self`` links, and Jira's timestamp format.

Every REST ``self`` link names an API version: REST v3 answers link to ``/rest/api/3``, webhooks
(which Jira builds with its v2 serializers) to ``/rest/api/2``.
"""
import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Links:
    base_url: str
    api_version: str = "3"

    def rest(self, path: str) -> str:
        return f"{self.base_url}/rest/api/{self.api_version}/{path}"

    def servicedesk(self, path: str) -> str:
        return f"{self.base_url}/rest/servicedeskapi/{path}"

    def browse(self, issue_key: str) -> str:
        return f"{self.base_url}/browse/{issue_key}"

    def avatar(self, kind: str, avatar_id: str) -> str:
        return f"{self.base_url}/secure/viewavatar?size=medium&avatarId={avatar_id}&avatarType={kind}"

    def avatar_urls(self, kind: str, avatar_id: str) -> dict:
        return {size: f"{self.avatar(kind, avatar_id)}&s={size}" for size in ("48x48", "24x24", "16x16", "32x32")}


def jira_datetime(moment: datetime.datetime) -> str:
    """Jira's timestamp format: ``2024-01-15T10:30:00.000+0000``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}" + moment.strftime("%z")
