"""Text normalisation: Unicode folding, one-typo correction, Korean spacing."""

import re
import unicodedata

from clinic.triage.phrases import FUZZY_STOP, FUZZY_WORDS, SHORT_TYPOS

_KEYCAP = re.compile("([0-9#])\ufe0f?\u20e3")
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})
_SPACE_IN_KOREAN = re.compile(r"(?<=[가-힣]) (?=[가-힣])")
_WORD = re.compile(r"[a-z]+")
# "hard 2 breathe": SMS "2" for "to" after the words that take it, never a chosen number.
_TEXTSPEAK_TO = re.compile(
    r"\b(hard|difficult|hurts|painful|able|unable|trying|try|want|need|have|going|impossible"
    r"|tough|struggling) 2 (?=[a-z])"
)
_FUZZY_SORTED = sorted(FUZZY_WORDS)
# "fever? nope. pain? nope", "열? 없어요": the patient asks and answers their own checklist.
_ASKED_AND_ANSWERED = re.compile(r"\?+ *(?=(?:no|nope|nah|none|nil|zero)\b)")
_ASKED_AND_ANSWERED_KO = re.compile(r"(?<=[가-힣])\?+ *(?=없|아니|ㄴㄴ|노노)")


def fold(body: str) -> str:
    """Return the text in NFC/NFKC form, keeping compatibility jamo as typed."""
    # NFKC turns full-width digits and letters into ASCII, but it would also turn
    # compatibility jamo ("ㅎㅎ") into conjoining jamo, so those are kept as typed.
    return "".join(
        c if "\u3130" <= c <= "\u318f" else unicodedata.normalize("NFKC", c)
        for c in unicodedata.normalize("NFC", body)
    )


def normalise(body: str) -> str:
    """Return lower-cased, folded text with typos corrected and Korean spaces removed."""
    text = _KEYCAP.sub(r"\1", fold(body)).translate(QUOTES).lower()
    text = _SPACE_IN_KOREAN.sub("", " ".join(text.split()))
    text = _TEXTSPEAK_TO.sub(r"\1 to ", text)
    text = _ASKED_AND_ANSWERED_KO.sub("", _ASKED_AND_ANSWERED.sub(": ", text))
    return _WORD.sub(lambda m: _correct(m.group()), text)


def _correct(word: str) -> str:
    if word in SHORT_TYPOS:
        return SHORT_TYPOS[word]
    if len(word) < 5 or word in FUZZY_WORDS or word in FUZZY_STOP:
        return word
    for known in _FUZZY_SORTED:
        limit = 2 if min(len(word), len(known)) >= 10 else 1
        if known[0] == word[0] and _distance(word, known, limit) <= limit:
            return known
    return word


def _distance(a: str, b: str, limit: int) -> int:
    """Return the edit distance with transpositions, or limit + 1 once it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, prev2[j - 2] + 1)
            row.append(value)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]
