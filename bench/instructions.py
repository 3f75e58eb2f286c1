"""Instructions per event of the drain, or per webhook of the ingest, counted by callgrind: a figure that does
not move with the machine's load, for comparing two commits (run it in each).

    .venv/bin/python bench/instructions.py drain [--database postgresql|sqlite] [--rounds 2]
    .venv/bin/python bench/instructions.py ingest [--database postgresql|sqlite] [--webhooks 300]

It runs bench/drain_profile.py or bench/ingest_profile.py under ``valgrind --tool=callgrind`` with the
instrumentation on only for their measured part (bench/callgrind.py), and divides the instructions counted by
the events or webhooks that part handled. Under callgrind Python runs about fifty times slower: the defaults
count 100 events (about a minute) or 300 webhooks (about two). Needs valgrind (Debian's package).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the repo root holds bench/

from bench.callgrind import UNDER_CALLGRIND  # noqa: E402

PROFILES = {  # what is measured: its script, its defaults, and how it says how many items its measured part had
    "drain": ("drain_profile.py", ["--rounds", "2"], re.compile(r": (\d+) events over")),
    "ingest": ("ingest_profile.py", ["--webhooks", "300"], re.compile(r": (\d+) (?:traced )?webhooks,")),
}
TIMEOUT_SECONDS = 1800


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in PROFILES:
        raise SystemExit(__doc__)
    if shutil.which("valgrind") is None:
        raise SystemExit("bench/instructions.py needs valgrind: apt-get install valgrind")
    kind, arguments = sys.argv[1], sys.argv[2:]
    script, defaults, items_said = PROFILES[kind]
    with tempfile.TemporaryDirectory(prefix="tandem-callgrind-") as workdir:
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                   f"--callgrind-out-file={workdir}/callgrind.%p", sys.executable, str(REPO / "bench" / script),
                   *defaults, *arguments]
        run = subprocess.run(command, env=dict(os.environ, **{UNDER_CALLGRIND: "1"}), capture_output=True, text=True,
                             timeout=TIMEOUT_SECONDS)
        said = items_said.search(run.stdout)
        if run.returncode != 0 or said is None:
            raise SystemExit(f"the profile failed (exit {run.returncode}):\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
        counted = sum(_total(path) for path in Path(workdir).glob("callgrind.*"))
    items = int(said.group(1))
    print(run.stdout.strip())
    print(f"  {counted / items / 1e6:.3f} M instructions per {'event' if kind == 'drain' else 'webhook'} "
          f"({counted:,} over {items})")


def _total(path: Path) -> int:
    found = re.search(r"^totals: (\d+)", path.read_text(errors="replace"), re.MULTILINE)
    return int(found.group(1)) if found else 0


if __name__ == "__main__":
    main()
