"""The settings JSON API (``/api``): one blueprint, its routes in small modules by subject."""
from addon.web.api import catalog, connections, failures, halves, history, site  # noqa: F401  (routes)
from addon.web.api import issues, openapi, people, sides, values  # noqa: F401  (routes)
from addon.web.api.blueprint import bp

__all__ = ["bp"]
