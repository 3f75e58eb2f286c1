"""``tandem demo`` runs Power Customer between two simulated sites, prints both, and ends by itself."""
import subprocess

from tests.support.processes import BIN, REPO


def test_the_demo_shows_the_power_customer_outcome():
    result = subprocess.run([str(BIN / "tandem"), "demo"], cwd=REPO, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    customer, support = result.stdout.split("Site support")
    assert "CUS-1 [Task] Printer on fire" in customer
    assert "Sam Support wrote on" in customer and "check the fuser" not in customer
    assert "SUP-1 [IT Help / request type Get IT Help] Printer on fire" in support
    assert "public    Carla Customer wrote on" in support
    assert "internal  Second time this month; check the fuser." in support
