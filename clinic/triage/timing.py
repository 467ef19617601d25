"""Time words in a reply ("day 9", "2 weeks", "2주 됐는데") and expected-finding windows."""

import re

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2,
    "few": 3, "several": 3,
}  # fmt: skip
_KO_NUMBERS = {"한": 1, "일": 1, "두": 2, "이": 2, "세": 3, "삼": 3, "네": 4, "사": 4, "다섯": 5}
_N = r"(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple"
_N += r"|few|several)"
_EN_DAY = re.compile(rf"\bday (\d{{1,3}})\b|\b{_N}(?: of)? ?(?:more )?days?\b")
_EN_WEEK = re.compile(rf"\b{_N}(?: of)? ?(?:more )?(?:weeks?|wks?)\b|\bfortnight\b")
_EN_WEEK_N = re.compile(r"\bweek (\d{1,2})\b|\b(\d{1,2}) and a half weeks?\b")
_EN_MONTH = re.compile(rf"\b{_N} ?months?\b")
_KO_DAY = re.compile(r"(\d{1,3})일(?:째|쨰|짼|차|이|됐|되었|지났|동안|넘|전|간|$)")
_KO_WEEK = re.compile(
    r"(\d{1,2}|한|두|세|네|일|이|삼|사)(?:주|주일)(?:째|차|가|됐|되었|지났|동안|넘|이|$|[^가-힣])"
)
_KO_MONTH = re.compile(r"(\d{1,2}|한|두|세)(?:달|개월)")
_KO_FIXED = {"열흘": 10, "보름": 15, "일주일": 7, "달포": 35}

# How long an expected finding may be mentioned as expected, in days after the procedure.
# Published courses run to about 10 days for swelling and bruising; we hand them to a person
# from day 7, before the edge of that window. Dimpling is always read by a person. Pain
# that grows (after day 3 or at any time) is urgent, see grading.
EXPECTED_DAYS = {"pain_swelling": 7, "bruising": 7}


def _count(word: str, table: dict[str, int]) -> int:
    return int(word) if word.isdigit() else table.get(word, 1)


def days_mentioned(text: str) -> tuple[int | None, list[str]]:
    """Return the longest time since the procedure that the text names, and its words."""
    found: list[tuple[int, str]] = []
    for m in _EN_DAY.finditer(text):
        days = int(m.group(1)) if m.group(1) else _count(m.group(2), _NUMBER_WORDS)
        found.append((days, m.group()))
    found += [(7 * int(m.group(1) or m.group(2)), m.group()) for m in _EN_WEEK_N.finditer(text)]
    for m in _EN_WEEK.finditer(text):
        weeks = _count(m.group(1), _NUMBER_WORDS) if m.group(1) else 2
        found.append((7 * weeks, m.group()))
    found += [(30 * _count(m.group(1), _NUMBER_WORDS), m.group()) for m in _EN_MONTH.finditer(text)]
    found += [(int(m.group(1)), m.group()) for m in _KO_DAY.finditer(text)]
    found += [(7 * _count(m.group(1), _KO_NUMBERS), m.group()) for m in _KO_WEEK.finditer(text)]
    found += [(30 * _count(m.group(1), _KO_NUMBERS), m.group()) for m in _KO_MONTH.finditer(text)]
    found += [(days, word) for word, days in _KO_FIXED.items() if word in text]
    found = [(days, words) for days, words in found if 0 < days <= 400]
    if not found:
        return None, []
    return max(days for days, _ in found), [words.strip() for _, words in found]
