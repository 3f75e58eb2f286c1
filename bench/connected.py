"""Two simulated sites with a started connection between them, set up the way admins do: the settings API."""
from __future__ import annotations

from dataclasses import dataclass

from bench.stack import Bench
from tests.support.scenarios import connect_and_start

# Per scenario: (source project type, target project type, issue type the changes are made on).
SCENARIOS = {
    "power_customer": ("software", "service_desk", "Task"),
    "basic": ("software", "software", "Task"),
}
SOURCE_KEY, TARGET_KEY = "SRC", "DST"


@dataclass
class Connected:
    source: object  # SimSite where the changes are made
    target: object  # SimSite where the twins live
    issue_type: str
    source_admin: object  # tests.support.settings_client.Admin of the source project
    target_admin: object
    connection_id: int

    @property
    def sites(self) -> tuple:
        return self.source, self.target


def connect_two_sites(bench: Bench, scenario: str) -> Connected:
    source_type, target_type, issue_type = SCENARIOS[scenario]
    source, target = bench.installed_site("source"), bench.installed_site("target")
    source_project = source.add_project(SOURCE_KEY, "Source", type=source_type)
    target_project = target.add_project(TARGET_KEY, "Target", type=target_type)
    source_admin, target_admin, connection_id = connect_and_start(bench.app.base_url, source, source_project, target,
                                                                  target_project, scenario)
    return Connected(source, target, issue_type, source_admin, target_admin, connection_id)
