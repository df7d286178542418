"""Run a module as ``python -m`` would, and on exit write this process's own peak RSS (KiB,
without its children's) to a file: ``python ownpeak.py PEAK_FILE sphinx -b html ...``.

The council build's Pagefind indexer is a child of the Sphinx process, and ``wait4`` gives the
larger of the two peaks; this gives the Sphinx process's alone, on the very build measured, for
plain Sphinx and the council's build alike.
"""

from __future__ import annotations

import atexit
import resource
import runpy
import sys
from pathlib import Path


def own_peak_kib() -> int:
    """This process's peak RSS in KiB. Linux's ``VmHWM`` belongs to the process's own memory,
    made new when it started its program; ``getrusage`` would also count the parent's size at
    the moment it forked (a process started by ``vfork`` inherits it in ``ru_maxrss``)."""
    try:
        status = Path("/proc/self/status").read_text("utf-8")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _write_peak(path: Path) -> None:
    path.write_text(str(own_peak_kib()), "utf-8")


if __name__ == "__main__":
    peak_file = Path(sys.argv[1])
    atexit.register(_write_peak, peak_file)
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
