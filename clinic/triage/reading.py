"""Read a normalised reply: its findings, what is negated, what grows, what is left unread."""

import re
from dataclasses import dataclass, field

from clinic.triage.matching import (
    ACK,
    COLOUR,
    EMERGENCY,
    GOOD,
    HANGUL,
    NOT_FINDINGS,
    PERSISTING_KIND,
    SEVERE,
    TRAJECTORY_KIND,
    Hit,
    compile_fragment,
    find_hits,
)
from clinic.triage.negation import BOUNDARY, mark_negations
from clinic.triage.phrases import FILLER, FINDING_LABELS, KO_FILLER, RECURRING, WORSE

# Colour words and trajectory words belong to the findings of their own sentence.
_SENTENCE = re.compile(r"[.;!?\n]|\bbut\b|\bhowever\b|지만|그런데|근데")
_WORSE = [compile_fragment(f) for f in WORSE]
_RECURRING = [compile_fragment(f) for f in RECURRING]
_EN_WORD = re.compile(r"[a-z][a-z']*")
_GONE_AFTER = re.compile(
    r"(?:'s|\s+(?:is|are|was|were|has|have|had))?(?: been)?\s+(?:all |completely |now )?"
    r"(?:gone(?: down| away)?|went (?:down|away)|disappeared|resolved|faded|cleared(?: up)?"
    r"|settled|subsided)\b"
)
# A letter's greeting and the name in it: "Dear Dr Harris and team,".
_GREETED = re.compile(
    r"^(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|morning)\s+(?:dr\.?|doctor|mrs?\.?"
    r"|ms\.?|miss|nurse|prof\.?)?\s*[a-z]+(?: and (?:the )?team| and all)?(?=\s*[,.!\n])"
)
# A letter's sign-off and the name after it: "Yours faithfully, Dorothy Barnes".
_SIGNED = re.compile(
    r"(?:^|[,.!\n]\s*)(?:yours (?:faithfully|sincerely|truly)|(?:kind |best |warm |many )?regards"
    r"|best wishes|take care|love)\s*[,.!]?\s*"
    r"(?P<name>(?:[a-z]+ ?){1,3})$"
)
_SAID_NO = re.compile(r"\b(?:no|without|zero|nor|never had)\s+[a-z][a-z']*")
_KO_CHUNK = re.compile(r"[가-힣]+")
_KO_FILLER = re.compile("|".join(sorted(KO_FILLER, key=len, reverse=True)))


@dataclass
class Reading:
    """What the words of a reply say, before the prompt and the time are considered."""

    found: dict[str, list[str]] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    growing: set[str] = field(default_factory=set)
    lingering: set[str] = field(default_factory=set)
    good: bool = False
    unwell: bool = False
    ack: bool = False
    unread: bool = False


def read(text: str) -> Reading:
    """Return what the text says, clause by clause."""
    hits = find_hits(text)
    mark_negations(text, hits)
    _resolve_colours(text, hits)
    reading = Reading()
    for hit in hits:
        if hit.kind in (GOOD, ACK):
            reading.unwell |= hit.kind == GOOD and hit.negated
            reading.good |= hit.kind == GOOD and not hit.negated
            reading.ack |= hit.kind == ACK and not hit.negated
        elif hit.kind in (TRAJECTORY_KIND, PERSISTING_KIND):
            continue
        elif hit.negated:
            reading.negated.append(_display(hit))
        else:
            reading.found.setdefault(hit.kind, []).append(_display(hit))
            reading.evidence.append(hit.text.strip())
    _apply_trajectory(text, hits, reading)
    reading.unread = _has_unread_clause(text, hits)
    return reading


def _sentence_of(text: str, position: int) -> tuple[int, int]:
    start = max((m.end() for m in _SENTENCE.finditer(text, 0, position)), default=0)
    end = _SENTENCE.search(text, position)
    return start, end.start() if end else len(text)


def _resolve_colours(text: str, hits: list[Hit]) -> None:
    # "purple bruise" is a bruise; "purple and blotchy" may be skin losing its blood supply.
    for hit in hits:
        if hit.kind != COLOUR:
            continue
        start, end = _sentence_of(text, hit.start)
        bruise = any(h.kind == "bruising" and start <= h.start < end for h in hits)
        hit.kind = "bruising" if bruise else "skin_colour_change"


def _apply_trajectory(text: str, hits: list[Hit], reading: Reading) -> None:
    for hit in hits:
        if hit.kind == PERSISTING_KIND and not hit.negated:
            _apply_lingering(text, hits, hit, reading)
        if hit.kind != TRAJECTORY_KIND or hit.negated:
            continue
        start, end = _sentence_of(text, hit.start)
        near = [
            h
            for h in hits
            if h.kind not in NOT_FINDINGS and not h.negated and start <= h.start < end
        ]
        if not near and any(p.match(text, hit.start) for p in _RECURRING):
            # "it went down but now it's coming back": what comes back is what the reply
            # named before, even where that clause said it had gone.
            near = [h for h in hits if h.kind not in NOT_FINDINGS and h.start < hit.start]
            for h in near:
                if h.negated:
                    h.negated = False
                    reading.negated.remove(_display(h))
                    reading.found.setdefault(h.kind, []).append(_display(h))
                    reading.evidence.append(h.text.strip())
        if near:
            reading.growing.update(SEVERE if h.kind == SEVERE else h.kind for h in near)
            reading.evidence.append(hit.text.strip())
        elif any(p.fullmatch(hit.text) or p.search(hit.text) for p in _WORSE):
            # "it's getting worse" names no finding, but something is.
            reading.found.setdefault("other", []).append("getting worse")
            reading.growing.add("other")
            reading.evidence.append(hit.text.strip())


def _apply_lingering(text: str, hits: list[Hit], hit: Hit, reading: Reading) -> None:
    # "the swelling isn't going down", "부기가 안 빠져요": not the expected course.
    start, end = _sentence_of(text, hit.start)
    near = [
        h for h in hits if h.kind not in NOT_FINDINGS and not h.negated and start <= h.start < end
    ]
    if near:
        reading.lingering.update(h.kind for h in near)
    else:
        reading.found.setdefault("other", []).append("not getting better")
    reading.evidence.append(hit.text.strip())


def _has_unread_clause(text: str, hits: list[Hit]) -> bool:
    # Only an all-well word leaves the rest of its clause unread: "nope, well actually the
    # left side sags" must reach a person, while a finding covers its own clause.
    text = _GREETED.sub(lambda m: " " * len(m.group()), text)
    signed = _SIGNED.search(text)
    if signed and not any(h.end > signed.start("name") for h in hits if h.kind not in (GOOD, ACK)):
        text = text[: signed.start("name")]
    cuts = [0, *(m.end() for m in BOUNDARY.finditer(text)), len(text)]
    for start, end in zip(cuts, cuts[1:], strict=False):
        inside = [h for h in hits if h.start < end and h.end > start]
        findings = [h for h in inside if h.kind not in (GOOD, ACK)]
        if any(not h.negated for h in findings):
            continue
        if findings:
            # A finding the patient has covers its own clause; one they deny does not
            # cover the words said after it has gone ("now the puffiness has gone the
            # lift on the left has dropped") ...
            denied = max(findings, key=lambda h: h.end)
            gone = _GONE_AFTER.match(text, denied.end)
            if gone and not HANGUL.search(denied.text):
                rest = [w for w in _EN_WORD.findall(text[gone.end() : end]) if w not in FILLER]
                if rest:
                    return True
            # ... nor the Korean words before it: "콩알만한 게 만져져요 아프진 않아요".
            if len(_korean_words(text[start : min(h.start for h in inside)])) >= 4:
                return True
            continue
        # "no numbness, no weakness": a word the patient says "no" to is not left unread.
        clause = _SAID_NO.sub(lambda m: " " * len(m.group()), text[start:end])
        for h in sorted(inside, key=lambda h: h.start, reverse=True):
            clause = clause[: max(0, h.start - start)] + " " + clause[h.end - start :]
        words = [w for w in _EN_WORD.findall(clause) if w.removesuffix("'s") not in FILLER]
        # Korean endings cling to an all-well word ("괜찮습니다"), so a Korean clause with
        # one is read as a whole.
        if words or (len(_korean_words(clause)) >= 2 and not inside):
            return True
        # ... but words before the all-well one are the patient's own: "좀 욱씬거리긴 한데
        # 나아지고 있어요" says something besides "getting better".
        if len(_korean_words(text[start : min((h.start for h in inside), default=end)])) >= 3:
            return True
        # ... and so are words after its ending: "점점 나아지고 있어요 아직 좀 붓긴 했지만요".
        if len(_korean_words(text[max((h.end for h in inside), default=end) : end])) >= 5:
            return True
    return False


def _korean_words(text: str) -> str:
    # The Korean of a stretch of text, without greetings, endings and other filler.
    return "".join(_KO_FILLER.sub("", chunk) for chunk in _KO_CHUNK.findall(text))


def _display(hit: Hit) -> str:
    # Staff read reasons in English; the patient's own Korean words are in the reply.
    if not HANGUL.search(hit.text):
        return hit.text
    if hit.kind == EMERGENCY:
        return "possible emergency"
    if hit.kind != SEVERE:
        return FINDING_LABELS[hit.kind]
    return "trouble opening the mouth" if re.match("[입턱]", hit.text) else "severe pain"
