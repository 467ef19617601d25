"""The segment counter: GSM-7 and UCS-2 as carriers count them, and the JS mirror agrees."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from clinic.segments import count_segments

COMPOSE_JS = Path(__file__).resolve().parent.parent / "clinic" / "static" / "compose.js"
KOREAN = "가"

CASES = [
    ("", "GSM-7", 0),
    ("a", "GSM-7", 1),
    ("a" * 160, "GSM-7", 1),
    ("a" * 161, "GSM-7", 2),
    ("a" * 306, "GSM-7", 2),
    ("a" * 307, "GSM-7", 3),
    # Extension characters take two septets each.
    ("€" * 80, "GSM-7", 1),
    ("€" * 81, "GSM-7", 2),
    ("[]{}" * 20, "GSM-7", 1),
    ("a" * 159 + "]", "GSM-7", 2),
    # An escaped pair is never split: 152 + a 2-septet character starts a new segment.
    ("a" * 152 + "{" + "a" * 153, "GSM-7", 3),
    (KOREAN * 70, "UCS-2", 1),
    (KOREAN * 71, "UCS-2", 2),
    (KOREAN * 134, "UCS-2", 2),
    (KOREAN * 135, "UCS-2", 3),
    # One character outside the GSM alphabet makes the whole text UCS-2.
    ("a" * 69 + "’", "UCS-2", 1),
    ("a" * 70 + "’", "UCS-2", 2),
    # An emoji is two UTF-16 units.
    ("😀" * 35, "UCS-2", 1),
    ("😀" * 36, "UCS-2", 2),
]


@pytest.mark.parametrize(("text", "encoding", "segments"), CASES)
def test_segments_as_carriers_count_them(text: str, encoding: str, segments: int) -> None:
    count = count_segments(text)
    assert (count.encoding, count.segments) == (encoding, segments)
    assert count.characters == len(text)


def test_the_pages_counter_counts_the_same() -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js is not installed")
    script = (
        "global.window = {}; global.document = {readyState: 'loading', "
        "addEventListener() {}};\n"
        + COMPOSE_JS.read_text(encoding="utf-8")
        + "\nconst cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "console.log(JSON.stringify(cases.map(t => window.threadcareSegments(t))));"
    )
    texts = [text for text, _e, _s in CASES]
    out = subprocess.run(
        [node, "-e", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    found = json.loads(out.stdout)
    expected = [
        {"characters": c.characters, "encoding": c.encoding, "segments": c.segments}
        for c in map(count_segments, texts)
    ]
    assert found == expected
