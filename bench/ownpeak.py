"""Run a module as ``python -m`` would, and on exit write this process's own peak RSS (KiB,
without its children's) to a file: ``python ownpeak.py PEAK_FILE sphinx -b html ...``.

The council build's Pagefind indexer is a child of the Sphinx process, and ``wait4`` gives the
larger of the two peaks; this gives the Sphinx process's alone, on the very build measured.
"""

from __future__ import annotations

import atexit
import resource
import runpy
import sys
from pathlib import Path


def _write_peak(path: Path) -> None:
    path.write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss), "utf-8")


if __name__ == "__main__":
    peak_file = Path(sys.argv[1])
    atexit.register(_write_peak, peak_file)
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
