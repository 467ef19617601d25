"""Run a Python module with the clock set: ``python -m tests.frozen ISO-MOMENT -m MODULE ARGS``.

Processes that tests start (the worker, the served app) read the same fixed clock as the
test itself, so nothing depends on the day or hour the suite runs at.
"""

import os
import runpy
import sys
from datetime import datetime

import time_machine


def command(moment: datetime, module: str, *args: str) -> list[str]:
    """The argv that runs ``python -m module args`` with its clock starting at ``moment``."""
    return [sys.executable, "-m", "tests.frozen", moment.isoformat(), "-m", module, *args]


def main() -> None:
    if "faketime" in os.environ.get("LD_PRELOAD", ""):
        # Under CI's shifted-clock run: this process sets its own clock, and libfaketime
        # beneath time-machine hangs it, so start again without libfaketime.
        env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and "FAKETIME" not in k}
        os.execve(sys.executable, [sys.executable, "-m", "tests.frozen", *sys.argv[1:]], env)
    moment, flag, module, *args = sys.argv[1:]
    assert flag == "-m", "usage: python -m tests.frozen ISO-MOMENT -m MODULE ARGS"
    time_machine.travel(datetime.fromisoformat(moment), tick=True).start()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
