"""Jira Cloud platform REST: authentication strategies, a thin client, one error classifier."""
from .auth import ConnectJwtAuth, ForgeBearerAuth
from .client import JiraClient, JiraError, JiraResponse, shared_session
from .verdict import Kind, Verdict, classify_exception, classify_response

__all__ = [
    "ConnectJwtAuth",
    "ForgeBearerAuth",
    "JiraClient",
    "JiraError",
    "JiraResponse",
    "Kind",
    "Verdict",
    "classify_exception",
    "classify_response",
    "shared_session",
]
