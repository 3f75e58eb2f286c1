"""``tandem demo`` tells a scenario as it happens, offline and without Atlassian's contracts, and fails clearly."""
from __future__ import annotations

import re
import signal
import subprocess
from pathlib import Path

import pytest
import requests

from tests.support.processes import BIN, REPO

DEMO_TIMEOUT_SECONDS = 240
AFTER = r"after \d+\.\d s"


@pytest.fixture
def offline_env(tmp_path, monkeypatch) -> dict:
    """No contracts folder, an empty download cache, and no way out of the machine but to 127.0.0.1."""
    import os

    env = {name: value for name, value in os.environ.items() if not name.startswith(("TANDEM_", "DATABASE_URL"))}
    unreachable = "http://127.0.0.1:9"  # the discard port: nothing listens there
    env.update(TANDEM_CONTRACTS_DIR=str(tmp_path / "no-contracts"), HOME=str(tmp_path / "home"),
               HTTP_PROXY=unreachable, HTTPS_PROXY=unreachable, http_proxy=unreachable, https_proxy=unreachable,
               NO_PROXY="", no_proxy="", TMPDIR=str(tmp_path))
    return env


def run_demo(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "tandem"), "demo", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=DEMO_TIMEOUT_SECONDS)


def assert_in_order(text: str, *patterns: str) -> None:
    """Each pattern (a regular expression) occurs in ``text``, after the previous one."""
    position = 0
    for pattern in patterns:
        found = re.compile(pattern).search(text, position)
        assert found, f"{pattern!r} not found after position {position} in:\n{text}"
        position = found.end()


def test_the_demo_tells_power_customer_as_it_happens_offline_without_contracts(offline_env, tmp_path):
    result = run_demo(offline_env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    story, end_state = result.stdout.split("What each project holds now:")
    assert_in_order(
        story,
        r"site customer at http://127\.0\.0\.1:\d+, project CUS .*Jira Software",
        r"site support at http://127\.0\.0\.1:\d+, project SUP .*Jira Service Management",
        re.escape("Issues flow from the customer's project to support; only public replies come back."),
        r"1\. Carla Customer creates CUS-1 \"Printer on fire\" \(Task\)",
        rf"It arrived in SUP as SUP-1 \(IT Help, request type Get IT Help\) {AFTER}",
        r"2\. Carla Customer adds a comment on CUS-1: \"Any news on this\?\"",
        rf"It arrived on SUP-1 as a public comment {AFTER}, reading: \"Carla Customer wrote on .*Any news on this\?\"",
        r"3\. Sam Support adds a public reply on SUP-1: \"A technician is on the way\.\"",
        rf"It arrived on CUS-1 as a comment {AFTER}, reading: \"Sam Support wrote on .*A technician is on the way",
        r"4\. Sam Support adds an internal comment on SUP-1: \"Second time this month; check the fuser\.\"",
        r"It stayed on the support side: Tandem was told of it, and \d+\.\d s later CUS-1 still has 2 comments",
    )
    customer, support = end_state.split("Site support")
    assert "check the fuser" not in customer
    # The customer's question was synced before the support reply was posted, so SUP lists it first.
    assert_in_order(support, "SUP-1 \\[IT Help, request type Get IT Help\\] Printer on fire",
                    "public    Carla Customer wrote on", "public    A technician is on the way.",
                    "internal  Second time this month; check the fuser.")
    assert "The demo is over" in result.stdout
    assert list(tmp_path.glob("tandem-demo-*")) == [], "a demo that succeeded leaves nothing behind"


def test_the_basic_demo_goes_both_ways(offline_env):
    result = run_demo(offline_env, "--scenario", "basic")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert_in_order(result.stdout, r"The scenario: Basic\.",
                    rf"1\. Lena Web creates WEB-1 .*\n   It arrived in APP as APP-1 \(Bug\) {AFTER}",
                    rf"3\. Lena Web renames WEB-1 .*\n   APP-1 had the new summary {AFTER}",
                    rf"4\. Rui Mobile creates APP-2 \"Offline mode\" \(Story\) .*\n   It arrived in WEB as WEB-2 \(Story\) {AFTER}")


def test_keep_running_leaves_the_settings_pages_up_until_ctrl_c(offline_env):
    demo = subprocess.Popen([str(BIN / "tandem"), "demo", "--scenario", "mirroring", "--keep-running"], cwd=REPO,
                            env=offline_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = read_until(demo, "Tandem's log:")
        output = "".join(lines)
        assert_in_order(output, r"The scenario: Mirroring\.",
                        rf"It arrived on WDS-1 as an internal comment {AFTER}", "Open these in a browser")
        pages = dict(re.findall(r"^  (.+?): (http://127\.0\.0\.1:\d+/views/\d+)$", output, re.MULTILINE))
        settings = pages["EDS's Tandem settings (site east)"]
        host_page = requests.get(settings, timeout=10)
        assert host_page.status_code == 200
        iframe_src = re.search(r'<iframe id="app-frame" title="Tandem" src="([^"]+)"', host_page.text).group(1)
        assert "/pages/project-settings?" in iframe_src
        tandem_page = requests.get(iframe_src.replace("&amp;", "&"), timeout=10)
        assert tandem_page.status_code == 200, tandem_page.text
        stub = settings.split("/views/")[0] + "/all.js"
        assert f'<script src="{stub}">' in tandem_page.text, "the page loads the stubbed all.js, not Atlassian's"
        assert "WDS's Tandem settings (site west)" in pages and "EDS-1 with Tandem's glance (site east)" in pages
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=60) == 0, demo.stderr.read()
        assert "Stopping." in demo.stdout.read()
    finally:
        stop_demo(demo)


def stop_demo(demo: subprocess.Popen) -> None:
    """As Ctrl+C would, so that the demo stops what it started even when the test failed half-way."""
    if demo.poll() is None:
        demo.send_signal(signal.SIGINT)
        try:
            demo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            demo.kill()
            demo.wait()


def read_until(process: subprocess.Popen, marker: str) -> list[str]:
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(marker):
            return lines
    raise AssertionError(f"the demo ended before printing {marker!r}:\n{''.join(lines)}\n{process.stderr.read()}")


def test_a_failing_demo_says_why_and_keeps_the_log(offline_env, tmp_path):
    # Tandem's own start fails (as it would with a broken installation); the demo process itself runs on.
    failing = tmp_path / "failing-start"
    failing.mkdir()
    (failing / "sitecustomize.py").write_text(
        "import os, sys\n"
        "if 'serve' in sys.orig_argv:\n"
        "    print('simulated failure of tandem serve', flush=True)\n"
        "    os._exit(3)\n")
    result = run_demo(dict(offline_env, PYTHONPATH=str(failing)))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    failure = re.search(r"The demo failed: Tandem stopped while starting \(exit code 3\)\n"
                        r"Tandem's log is kept in (\S+)", result.stderr)
    assert failure, result.stderr
    assert "simulated failure of tandem serve" in Path(failure.group(1)).read_text()


def test_ctrl_c_during_the_story_stops_everything_and_says_so(offline_env, tmp_path):
    demo = subprocess.Popen([str(BIN / "tandem"), "demo"], cwd=REPO, env=offline_env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        read_until(demo, "Starting Tandem")
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=60) == 130
        assert "The demo was interrupted; everything it started is stopped." in demo.stderr.read()
        assert list(tmp_path.glob("tandem-demo-*")) == []
    finally:
        stop_demo(demo)
