"""Jira Service Management's own REST API (servicedeskapi)."""
from .api import ServiceDeskApi

__all__ = ["ServiceDeskApi"]
