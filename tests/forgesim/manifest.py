"""What the platform reads of the app's ``manifest.yml``: where each trigger goes, and what Jira indexes.

Forge routes an event, a lifecycle event, the scheduled trigger and ``preUninstall`` to the ``route.path`` of the
``endpoint`` the module names, below the remote's ``baseUrl``; it sends only the events a trigger subscribes to.
A ``jira:entityProperty`` module makes an issue property searchable by JQL, as Connect's ``jiraEntityProperties``
does (given to jirasim in that shape).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

LIFECYCLE_EVENTS = ("avi:forge:installed:app", "avi:forge:upgraded:app")


@dataclass(frozen=True)
class Manifest:
    raw: dict

    @classmethod
    def load(cls, path: Path) -> "Manifest":
        return cls(yaml.safe_load(path.read_text()))

    @property
    def modules(self) -> dict:
        return self.raw.get("modules") or {}

    def _route_of(self, endpoint_key: str) -> str:
        [endpoint] = [e for e in self.modules.get("endpoint", []) if e["key"] == endpoint_key]
        return (endpoint.get("route") or {}).get("path", "/")

    def event_route(self, event_type: str) -> str | None:
        """The remote path an event goes to, None if no trigger subscribes to it."""
        for trigger in self.modules.get("trigger", []):
            if event_type in trigger.get("events", []) and "endpoint" in trigger:
                return self._route_of(trigger["endpoint"])
        return None

    def scheduled_route(self) -> str | None:
        triggers = self.modules.get("scheduledTrigger", [])
        return self._route_of(triggers[0]["endpoint"]) if triggers else None

    def uninstall_route(self) -> str | None:
        modules = self.modules.get("preUninstall", [])
        return self._route_of(modules[0]["endpoint"]) if modules else None

    def connect_style_entity_properties(self) -> list[dict]:
        """``jira:entityProperty`` modules as jirasim's search reads Connect's ``jiraEntityProperties``."""
        converted = []
        for module in self.modules.get("jira:entityProperty", []):
            extractions = [{"objectName": value["path"], "type": value.get("type", "string"),
                            **({"alias": value["searchAlias"]} if value.get("searchAlias") else {})}
                           for value in module.get("values", [])]
            converted.append({"key": module["key"], "entityType": module.get("entityType", "issue"),
                              "keyConfigurations": [{"propertyKey": module["propertyKey"],
                                                     "extractions": extractions}]})
        return converted
