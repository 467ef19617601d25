"""``python -m jobs``: run the scheduler worker, like ``flask --app wsgi jobs run``."""

import logging
import signal
import threading

from clinic import create_app
from jobs.scheduler import run_forever


def main() -> None:
    """Create the app from the environment and run the worker until stopped."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    run_forever(create_app(), stop)


if __name__ == "__main__":
    main()
