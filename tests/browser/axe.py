"""Accessibility checks of Tandem's iframe, screen after screen: axe-core's WCAG 2 A/AA rules, an accessible name on
every control, no sideways scrolling in Jira's iframe at 1280x800 (tests/browser/test_accessibility.py and the
Forge pages' test use it through the ``audit`` fixture).

axe-core is one of the front end's devDependencies (frontend/node_modules, installed by scripts/bootstrap): the
tests inject it into Tandem's iframe, so nothing is fetched at run time.
"""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Frame, Page

from tests.browser.ui import horizontal_overflow, unnamed_controls

AXE_JS = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
# axe-core's tags of the WCAG 2.0, 2.1 and 2.2 success criteria of levels A and AA (2.2 adds no level-A rule).
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const options = { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] };
  const { violations } = await axe.run(document, options);
  return violations.map((violation) => ({
    id: violation.id, impact: violation.impact, help: violation.help,
    nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), why: node.failureSummary })),
  }));
}"""
# Finite animations (a dialog fading in) would have axe measure colours half-way; endless ones (spinners) never end.
ANIMATIONS_DONE = """() => document.getAnimations().every(
  (animation) => animation.playState !== 'running' || animation.effect.getTiming().iterations === Infinity)"""


class Audit:
    """Checks screen after screen and keeps every problem, so one run reports them all; a screenshot of each."""

    def __init__(self, page: Page, screenshot, axe_url: str):
        """``axe_url``: where the Jira host serves axe-core (tests/browser/jira_host.py), so that a page whose
        Content Security Policy forbids inline scripts (the Forge app's) can load it too."""
        self.page, self.screenshot, self.axe_url = page, screenshot, axe_url
        self.problems: list[str] = []

    def check(self, screen: str) -> None:
        frame = self.page.locator("#app-frame").element_handle().content_frame()
        frame.wait_for_function(ANIMATIONS_DONE)
        self.screenshot(self.page, screen)
        for violation in self._axe(frame):
            nodes = "".join(f"\n    {node['target']}\n      {_indented(node['why'])}" for node in violation["nodes"])
            self.problems.append(f"{screen}: {violation['id']} ({violation['impact']}): {violation['help']}{nodes}")
        unnamed, _ = unnamed_controls(self.page)
        self.problems += [f"{screen}: a control without an accessible name: {control}" for control in unnamed]
        overflow = horizontal_overflow(self.page)
        if overflow > 0:
            self.problems.append(f"{screen}: a horizontal scrollbar: the page is {overflow}px wider than its iframe")

    def _axe(self, frame: Frame) -> list[dict]:
        if not frame.evaluate("() => typeof window.axe === 'object'"):
            frame.add_script_tag(url=self.axe_url)
        return frame.evaluate(RUN_AXE, WCAG_A_AA)

    def assert_clean(self) -> None:
        assert self.problems == [], f"{len(self.problems)} accessibility problem(s):\n" + "\n".join(self.problems)


def _indented(text: str | None) -> str:
    return (text or "").replace("\n", "\n      ")
