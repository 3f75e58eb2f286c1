"""Counting instructions of a benchmark's measured part with callgrind (bench/instructions.py runs it so).

CPU time on a shared two-core machine moved by half from run to run; instructions do not: the same code on the
same inputs counts within half a percent, whatever else the machine does. The profiles mark their measured part
with ``counted``, which switches callgrind's instrumentation on for it alone (set-up and warm-up left out).
"""
from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager

UNDER_CALLGRIND = "TANDEM_BENCH_CALLGRIND"  # set by bench/instructions.py


@contextmanager
def counted(measured: bool = True):
    """Callgrind counts the block, if this process runs under bench/instructions.py and ``measured``."""
    if not measured or not os.environ.get(UNDER_CALLGRIND):
        yield
        return
    _instrument("on")
    try:
        yield
    finally:
        _instrument("off")


def _instrument(state: str) -> None:
    subprocess.run(["callgrind_control", "--instr=" + state, str(os.getpid())], check=True,
                   stdout=subprocess.DEVNULL)
