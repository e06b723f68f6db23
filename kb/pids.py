"""Whether a process still runs: a temporary file or directory named after a dead one is a leftover."""
from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """True when process ``pid`` exists (this process always does).

    >>> alive(os.getpid())
    True
    """
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
