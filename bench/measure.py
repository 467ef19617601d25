"""Time pages, API lists and webhooks of a running server against a trivial route."""

import re
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from twilio.request_validator import RequestValidator

TRIVIAL = "/login"
REPLIES = [
    "All good thanks",
    "a bit swollen still",
    "I think there is a dent on my right cheek",
    "볼에 움푹 들어간 곳이 있어요",
    "no pain, no fever, looks fine",
    "the thread is visible near my ear",
]


@dataclass
class Timing:
    """Latencies of one URL in milliseconds."""

    name: str
    samples: list[float]
    size: int = 0

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def signed_in(base: str, email: str, password: str) -> requests.Session:
    """A browser-like session signed in through the login form."""
    client = requests.Session()
    form = client.get(base + "/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    assert token, "no CSRF token on the login page"
    answer = client.post(
        base + "/login",
        data={"email": email, "password": password, "csrf_token": token.group(1)},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:300]
    return client


def time_get(client: requests.Session, url: str, count: int, warm: int = 3) -> Timing:
    """GET ``url`` ``warm`` times unmeasured, then ``count`` times measured."""
    size = 0
    samples = []
    for n in range(warm + count):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        size = len(response.content)
        if n >= warm:
            samples.append(elapsed)
    return Timing(url, samples, size)


def throughput(work: Callable[[int], None], total: int, clients: int) -> float:
    """Run ``work(n)`` for n in range(total) on ``clients`` threads; return calls per second."""
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(work, range(total)))
    return total / (time.perf_counter() - start)


class Webhooks:
    """Signed inbound texts from seeded patients, as Twilio would post them."""

    def __init__(self, base: str, public: str, token: str, patients: int) -> None:
        self.base, self.public, self.patients = base, public, patients
        self.validator = RequestValidator(token)
        self.local = threading.local()
        self.stamp = str(int(time.time()))

    def _session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session  # type: ignore[no-any-return]

    def post(self, n: int) -> None:
        patient = 1 + (n * 7919) % self.patients
        form = {
            "MessageSid": f"SMbenchin{self.stamp}{n:08d}",
            "From": f"+8210{20_000_000 + patient}",
            "To": "+8225550100",
            "Body": REPLIES[n % len(REPLIES)],
            "NumMedia": "0",
        }
        signature = self.validator.compute_signature(self.public + "/twilio/inbound", form)
        response = self._session().post(
            self.base + "/twilio/inbound", data=form, headers={"X-Twilio-Signature": signature}
        )
        assert response.status_code == 200, response.text[:300]

    def trivial(self, _n: int) -> None:
        response = self._session().get(self.base + TRIVIAL)
        assert response.status_code == 200
