"""Negation scope: a "no" or "없어요" negates its own finding in its own clause only."""

import re

from clinic.checks import RED_FLAG_CODES
from clinic.triage.matching import ACK, COLOUR, EMERGENCY, GOOD, HANGUL, NOT_FINDINGS, SEVERE, Hit
from clinic.triage.phrases import KO_NEGATORS, KO_PERSISTS, NEGATORS, RESOLVED

BOUNDARY = re.compile(
    r"[.;!?\n,~]|\b(?:but|and|though|although|however|except|because|so|yet|while)\b"
    r"|지만|그런데|근데|는데|은데|인데"
)
_EN_NEGATOR = re.compile(rf"\b(?:{NEGATORS}|(?P<cant>can'?t|cannot))\b")
_EN_NEGATOR_REACH = 4  # "I don't think I have a fever": up to four words in between
_EN_AFTER = re.compile(
    r"^(?:\s*[:\-–?]\s*(?:none|no|nope|nil)\b|\s+none\b|\s*:?\s*(?:0|zero) ?(?:/|out of) ?10\b"
    # Konglish: "bump 없어졌어요".
    r"|\s*(?:다\s*)?(?:없어졌|없어요|없음|사라졌|빠졌)"
    r"|(?:'s|\s+(?:is|are|was|were|has|have|had))?(?: been)?\s+(?:all |completely |totally "
    r"|perfectly |absolutely |pretty |quite |really "
    rf"|now |finally )?(?:{RESOLVED})\b)"
)
# "never had chest pain like this": the finding is there, worse than ever.
_EN_NEVER_LIKE = re.compile(
    r"\s*(?:like (?:this|that|it|now|today)|this (?:bad|much|strong)|before)"
)
_EN_ASKING = re.compile(r"(?:is|are|does|do|should|will|would|could|can)\b")
_KO_PERSIST = re.compile(KO_PERSISTS)
_KO_AFTER = re.compile(KO_NEGATORS)
_KO_INSIDE = re.compile(r"(?<![편불미])안(?:보|만져|느껴|나|생|튀|비)")
_KO_BEFORE = re.compile(r"(?<![편불미])안$")
# "입술 안 부었어요": a plain "안" before a swelling word inside a red-flag phrase.
_KO_INSIDE_URGENT = re.compile(r"(?<![편불미])(?:안|않)(?:부|붓|퉁|커|두꺼|아프|아파)")
_KO_WINDOW = 8
# "안 없어져요", "아직 좀 남아있긴 해요": words that say a finding stays may sit a little
# further on than the "없" or "빠졌" that seemed to deny it.
_KO_PERSIST_REACH = 2 * _KO_WINDOW
# After a red flag only a plain "not" counts ("숨쉬기 힘들지 않아요"), never a later "안 보여".
_KO_AFTER_URGENT = re.compile(
    r"^(?:[가-힣]{0,3}?|거나(?:그런)?(?:건|거|것은|거는)?(?:전혀|하나도|별로)?)"
    r"(?P<not>없|아니|않|괜찮|정상|안하|안해)"
)
# A finding said in a finished sentence ("입술이 부었어요") is not undone by what follows,
# and "괜찮을까요?" / "정상인가요?" ask about it rather than deny it.
_KO_SAID = re.compile(r"(?:요|니다|죠|었어|았어|였어|음|함)$")
_KO_ASKS = re.compile(
    r"(?:괜찮|정상)[가-힣]{0,4}?(?:까|가요|나요|나\?|건가|거죠|겠죠|지요|인가|인지|죠|\?)"
)
_LIST_GAP = re.compile(r"^\s*(?:or|nor|and|/|&)\s*(?:any\s+|no\s+)?$")
_COMMA_GAP = re.compile(r"^\s*,\s*(?:or\s+|and\s+|nor\s+)?$")
_KO_LIST_GAP = re.compile(
    r"^(?:[가-힣]{0,5}?(?:거나|이나|든지|든가))?(?:이랑|랑|하고|이나|나|와|과|도|,|및|\s)*$"
)
# Red-flag phrases hold their own "안" ("눈이 안 감겨요", "피가 안 멈춰요").
_URGENT = frozenset({*RED_FLAG_CODES, EMERGENCY, SEVERE})
# An all-well phrase that is itself a "no" spends it: in "no issues at all 😊" the smile
# is not negated.
_SAYS_NO = re.compile(r"(?:no|nothing) [a-z]")
_WORDS = frozenset({GOOD, ACK})
# A side effect the patient had and says has gone since: "had a dimple on day 2 but it's
# completely gone", "멍이 좀 있었는데 지금은 다 빠졌어요". Never a red flag: one that came
# and went is still for a clinician to hear about.
_GONE_SINCE = re.compile(
    r"\s*(?:(?:but|and|which|that) )?(?:now |today )?(?:it|that|they|those|this|these|its|it's"
    r"|thats|that's|theyre|they're)?(?:'s|s| is| has| have| was| were| had)?(?: been)?\s*"
    r"(?:(?:all|completely|totally|now|since|fully|entirely|long|already) )*(?:gone|went away"
    r"|go away|disappeared|resolved|faded|cleared(?: up)?|settled|smoothed out|healed|went down)"
    r"\b"
)
_KO_GONE_SINCE = re.compile(
    r"(?:[가-힣]{0,4}?(?:있었|났었|생겼었|있다가|났다가|생겼다가|생겼던|있던|났던|들었던|들었었|갔던)"
    r"(?:거|게|것|데)?)?"
    r"(?:는데|지만|다가|고|었는데|던데|던거|던게|데)?"
    r"(?:지금은|이제는|지금|이제)?(?:다|완전히|전부|싹|전혀|하나도)?"
    r"(?:없어졌|사라졌|빠졌|빠져서|나았|괜찮아졌|가라앉았|안그래|안그러|안부|안아파|안아프|펴졌)"
)
_NOT_GONE_KINDS = frozenset({*_URGENT, *NOT_FINDINGS, COLOUR, "infection_sign"})
# "What if I get a fever?", "혹시 열이 나면 어떻게 해요?": asked about, not had. Never a red
# flag: "what if I can't breathe" may be said by someone who already can't.
_WHAT_IF = re.compile(
    r"\b(?:what if|in case|if (?:i|she|he|it|they) (?:ever )?(?:get|gets|develop|develops|start"
    r"|starts))\b"
)
_KO_WHAT_IF = re.compile(
    r"(?:[가-힣]{0,3}?)(?:나면|생기면|있으면|되면|오면|나오면|부으면|붓으면|올라오면)"
    r"(?:[가-힣]{0,6}?)(?:어떻게|어떡|뭘|뭐|연락)"
)


def mark_negations(text: str, hits: list[Hit]) -> None:
    """Set `negated` on every hit whose own clause negates it."""
    for i, hit in enumerate(hits):
        # A Korean negation follows its phrase, up to the next thing mentioned: for a
        # symptom the next symptom ("보조개 없어요": "없어요" is itself an all-well word),
        # for an all-well word any next phrase ("괜찮아요 별 문제 없어요").
        later = (h.start for h in hits[i + 1 :] if hit.kind in _WORDS or h.kind not in _WORDS)
        next_start = next(later, len(text))
        if HANGUL.search(hit.text):
            hit.negated = _korean_negated(text, hit, next_start)
        else:
            previous_end = max(
                (h.end for h in hits[:i] if h.kind not in _WORDS or _SAYS_NO.match(h.text)),
                default=0,
            )
            # An emoji is a mood, not a word a "no" can reach: "no, no and no 😊".
            emoji = hit.kind == GOOD and not re.search("[a-z]", hit.text)
            hit.negated = not emoji and _english_negated(text, hit, previous_end)
        if not hit.negated and hit.kind not in _WORDS:
            _carry_list_negation(text, hits, i)
    _mark_gone_since(text, hits)
    _mark_asked_about(text, hits)
    # Korean negation follows the list: "열이랑 고름 없어요" negates both.
    for i in range(len(hits) - 2, -1, -1):
        hit, after = hits[i], hits[i + 1]
        symptom = hit.kind not in _WORDS
        # ... but not back over a finished sentence: "양볼 다 부음 많이 아프진 않아요".
        finished = _KO_SAID.search(hit.text) or hit.text.endswith("됨")
        korean = symptom and not finished and HANGUL.search(hit.text)
        if korean and not hit.negated and after.negated:
            hit.negated = bool(_KO_LIST_GAP.match(text[hit.end : after.start]))


def _english_negated(text: str, hit: Hit, previous_end: int) -> bool:
    # "swelling's gone", "vision is fine": the words after a finding say it has gone.
    clause = max((m.end() for m in BOUNDARY.finditer(text, 0, hit.start)), default=0)
    resolved = _EN_AFTER.match(text[hit.end :])
    # "lip swelling normal?", "is pus normal": asking about it, not saying it has gone.
    asked = resolved and (
        text[hit.end + resolved.end() :].lstrip().startswith("?")
        or _EN_ASKING.match(text[clause : hit.start].lstrip())
    )
    if hit.kind not in _WORDS and resolved and not asked:
        return True
    # A negator belongs to the phrase right after it: in "no pain no swelling feeling
    # great" the second "no" is spent on the swelling, not on "feeling great".
    window = text[max(clause, previous_end) : hit.start]
    negators = list(_EN_NEGATOR.finditer(window))
    if not negators or _EN_NEVER_LIKE.match(text, hit.end):
        return False
    last = negators[-1]
    # "can't" negates only the phrase right after it: "can't see the thread", but not the
    # pain in "can't sleep because of the pain".
    reach = 0 if last.group("cant") else _EN_NEGATOR_REACH
    return len(window[last.end() :].split()) <= reach


def _korean_negated(text: str, hit: Hit, next_start: int) -> bool:
    inside = (_KO_INSIDE_URGENT if hit.kind in _URGENT else _KO_INSIDE).search(hit.text)
    if hit.text.endswith("만"):
        # "한쪽만 안 생겨요": "only one side" is the finding; the "안" after it is its verb's.
        return bool(inside)
    if inside or _KO_BEFORE.search(text[max(0, hit.start - 3) : hit.start]):
        return True
    boundary = BOUNDARY.search(text, hit.end)
    end = min(next_start, boundary.start() if boundary else len(text), hit.end + _KO_WINDOW)
    after = text[hit.end : end]
    negator = _KO_AFTER_URGENT.match(after) if hit.kind in _URGENT else _KO_AFTER.search(after)
    stop = boundary.start() if boundary else len(text)
    persists = text[hit.end : min(next_start, stop, hit.end + _KO_PERSIST_REACH)]
    if negator is None or _KO_PERSIST.search(persists):
        return False
    if after[: negator.start()].endswith(("거의", "거의다", "반쯤", "반", "절반")):
        # "멍 거의 없어지고": almost gone is still there.
        return False
    start = negator.start("not") if hit.kind in _URGENT else negator.start()
    if _KO_ASKS.match(text, hit.end + start) or _KO_SAID.search(after[:start]):
        return False
    return True


def _carry_list_negation(text: str, hits: list[Hit], i: int) -> None:
    # "no fever or pus", "no fever, pus or swelling": one negation covers the list.
    hit = hits[i]
    symptoms = [h for h in hits[:i] if h.kind not in _WORDS]
    if not symptoms or not symptoms[-1].negated:
        return
    prev = symptoms[-1]
    gap = text[prev.end : hit.start]
    # "no more blurry vision", "no pain swelling": two words of one finding share it.
    side_by_side = gap.isspace() and prev.kind == hit.kind and not HANGUL.search(hit.text)
    if _LIST_GAP.match(gap) or side_by_side:
        hit.negated = True
    elif _COMMA_GAP.match(gap):
        after = text[hit.end : hits[i + 1].start] if i + 1 < len(hits) else ""
        continues = bool(_LIST_GAP.match(after) or _COMMA_GAP.match(after))
        hit.negated = hit.carried_by_comma = continues or prev.carried_by_comma


def _mark_gone_since(text: str, hits: list[Hit]) -> None:
    # The clause after a side effect says it has gone, and names nothing else.
    for hit in hits:
        if hit.negated or hit.kind in _NOT_GONE_KINDS:
            continue
        if HANGUL.search(hit.text):
            # ... unless some is left: "붓기 빠졌어요 아직 좀 남아있긴 해요".
            left = _KO_PERSIST.search(text, hit.end, hit.end + _KO_PERSIST_REACH)
            hit.negated = bool(_KO_GONE_SINCE.match(text, hit.end)) and not left
            continue
        cut = BOUNDARY.search(text, hit.end)
        if cut is None or not (gone := _GONE_SINCE.match(text, cut.end())):
            continue
        said = [h for h in hits if cut.end() <= h.start < gone.end() and h.kind not in _WORDS]
        hit.negated = not said


def _mark_asked_about(text: str, hits: list[Hit]) -> None:
    for hit in hits:
        if hit.negated or hit.kind in _URGENT or hit.kind in NOT_FINDINGS or hit.kind == COLOUR:
            continue
        if HANGUL.search(hit.text):
            hit.negated = bool(_KO_WHAT_IF.match(text, hit.end))
            continue
        clause = max((m.end() for m in BOUNDARY.finditer(text, 0, hit.start)), default=0)
        hit.negated = bool(_WHAT_IF.search(text, clause, hit.start))
