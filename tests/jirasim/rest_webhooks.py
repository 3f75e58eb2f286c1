"""``GET /rest/api/3/webhook/failed``: webhooks Jira gave up delivering, for the app to fetch."""
from .call import Call

PAGE = 100


def failed_webhooks(call: Call):
    limit = call.int_arg("maxResults", PAGE)
    values = call.site.webhooks.failed_since(call.int_arg("after", 0), limit)
    page = {"values": values, "maxResults": limit}
    if values:
        page["next"] = f"{call.site.base_url}/rest/api/3/webhook/failed?after={values[-1]['failureTime']}"
    return 200, page
