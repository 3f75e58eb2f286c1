"""The settings JSON API (``/api``): one blueprint, its routes in small modules by subject."""
from addon.web.api import catalog, connections, halves, site  # noqa: F401  (registers the routes)
from addon.web.api.blueprint import bp

__all__ = ["bp"]
