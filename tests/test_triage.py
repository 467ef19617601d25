"""Reply triage: a table of real-style replies (English and Korean) and keyword detection."""

import pytest

from clinic.checks import CHECK_OPTIONS, FINDING_CODES
from clinic.triage import Keyword, Severity, Triage, detect_keyword, triage_reply

D1, D2, D3, D5 = "day1_check", "day2_infection_check", "day3_check", "day5_dimple_check"
D7, D10, D14, D21 = "day7_check", "day10_thread_check", "day14_check", "day21_hollow_check"
CARE = "care_instructions"

INF = {"infection_sign"}
PAIN = {"pain_swelling"}
PAIN_BRUISE = {"pain_swelling", "bruising"}
NONE: set[str] = set()


def case(
    case_id: str, body: str, step: str | None, findings: set[str], severity: str, media: int = 0
) -> object:
    """Build one table row with a readable test id."""
    return pytest.param(body, step, media, findings, severity, id=case_id)


CASES = [
    # --- bare numbers, every option of every prompt -----------------------------------
    case("d1-1", "1", D1, NONE, "none"),
    case("d1-2", "2", D1, PAIN_BRUISE, "expected"),
    case("d1-3", "3", D1, PAIN, "urgent"),
    case("d1-4", "4", D1, INF, "urgent"),
    case("d1-5", "5", D1, PAIN, "urgent"),
    case("d1-6-not-offered", "6", D1, NONE, "concern"),
    case("d2-1", "1", D2, NONE, "none"),
    case("d2-2", "2", D2, INF, "urgent"),
    case("d2-3", "3", D2, PAIN, "urgent"),
    case("d2-4-not-offered", "4", D2, NONE, "concern"),
    case("d3-1", "1", D3, NONE, "none"),
    case("d3-2", "2", D3, {"dimple"}, "concern"),
    case("d3-3", "3", D3, PAIN_BRUISE, "expected"),
    case("d3-4", "4", D3, {"other"}, "concern"),
    case("d3-5-not-offered", "5", D3, NONE, "concern"),
    case("d5-1", "1", D5, NONE, "none"),
    case("d5-2", "2", D5, {"dimple"}, "concern"),
    case("d5-3", "3", D5, {"hollow_cheek"}, "concern"),
    case("d7-1", "1", D7, NONE, "none"),
    case("d7-2", "2", D7, {"visible_thread"}, "concern"),
    case("d7-3", "3", D7, {"rippling"}, "concern"),
    case("d7-4", "4", D7, {"thread_exposure"}, "concern"),
    case("d10-1", "1", D10, NONE, "none"),
    case("d10-2", "2", D10, {"visible_thread"}, "concern"),
    case("d10-3", "3", D10, {"rippling"}, "concern"),
    case("d14-1", "1", D14, NONE, "none"),
    case("d14-2", "2", D14, {"hollow_cheek"}, "concern"),
    case("d14-3", "3", D14, {"prominent_cheekbone"}, "concern"),
    case("d14-4", "4", D14, {"asymmetry"}, "concern"),
    case("d21-1", "1", D21, NONE, "none"),
    case("d21-2", "2", D21, {"hollow_cheek"}, "concern"),
    case("d21-3", "3", D21, {"prominent_cheekbone"}, "concern"),
    case("d21-4-not-offered", "4", D21, NONE, "concern"),
    case("nudge-d5-2", "2", D5 + "_nudge", {"dimple"}, "concern"),
    case("nudge-d1-4", "4", D1 + "_nudge", INF, "urgent"),
    case("nudge-d10-1", "1", D10 + "_nudge", NONE, "none"),
    # --- numbers with decoration and words ----------------------------------------------
    case("num-dot", "2.", D3, {"dimple"}, "concern"),
    case("num-dash-words", "2 - a bit", D1, PAIN_BRUISE, "expected"),
    case("num-words", "2 a little", D1, PAIN_BRUISE, "expected"),
    case("num-answer-prefix", "answer 3", D5, {"hollow_cheek"}, "concern"),
    case("num-option-prefix", "Option 2", D14, {"hollow_cheek"}, "concern"),
    case("num-hash", "#4", D7, {"thread_exposure"}, "concern"),
    case("num-fullwidth", "２", D14, {"hollow_cheek"}, "concern"),
    case("num-keycap-emoji", "2️⃣", D3, {"dimple"}, "concern"),
    case("num-parenthesis", "(3)", D10, {"rippling"}, "concern"),
    case("num-spaces", "   4   ", D1, INF, "urgent"),
    case("num-ko-beon", "2번", D5, {"dimple"}, "concern"),
    case("num-ko-beon-iyo", "2번이요", D5, {"dimple"}, "concern"),
    case("num-ko-1-fine", "1번 괜찮아요", D1, NONE, "none"),
    case("num-two-and", "2 and 3", D14, {"hollow_cheek", "prominent_cheekbone"}, "concern"),
    case("num-two-comma", "2,3", D7, {"visible_thread", "rippling"}, "concern"),
    case("num-two-comma-space", "2, 4", D1, PAIN_BRUISE | INF, "urgent"),
    case("num-two-slash", "2/3", D10, {"visible_thread", "rippling"}, "concern"),
    case("num-two-ko", "2번 3번", D14, {"hollow_cheek", "prominent_cheekbone"}, "concern"),
    case("num-two-space", "3 4", D14, {"prominent_cheekbone", "asymmetry"}, "concern"),
    case("num-1-but-fever", "1 but I have a fever", D1, INF, "urgent"),
    case("num-1-but-swollen", "1 but a bit swollen", D1, PAIN, "expected"),
    case("num-1-thanks", "1 thanks!", D3, NONE, "none"),
    case("num-1-no-problems", "1 no problems", D1, NONE, "none"),
    case("num-1-all-fine", "1. All fine", D21, NONE, "none"),
    case("num-2-and-dent", "2 and a dent too", D7, {"visible_thread", "dimple"}, "concern"),
    case("num-4-thread-out", "4 the thread came out", D7, {"thread_exposure"}, "concern"),
    case("num-3-only-little", "3 but only a little", D3, PAIN_BRUISE, "expected"),
    case("num-corrected", "1 no wait, 3", D2, {"pain_swelling"}, "urgent"),
    case("num-corrected-ko", "1번 아니 3번이요", D2, {"pain_swelling"}, "urgent"),
    case("num-meant", "1 sorry I meant 2", D2, {"infection_sign"}, "urgent"),
    case("num-1-day-count", "1, day 9 now", D7, NONE, "none"),
    case("num-1-then-unread", "1 but my neighbour says hi", D2, NONE, "concern"),
    case("num-2-worse-pain", "2 and the pain is getting worse", D1, PAIN_BRUISE, "urgent"),
    case("num-question", "2?", D5, {"dimple"}, "concern"),
    case("num-twenty-two", "22", D3, NONE, "concern"),
    case("num-days-not-answer", "3 days and still swollen", D3, PAIN, "expected"),
    case("num-temperature-not-answer", "38.5 and feverish", D2, INF, "urgent"),
    case("num-no-prompt", "1", None, NONE, "concern"),
    case("num-care-instructions", "2", CARE, NONE, "concern"),
    case("num-confirmation", "1", "confirmation", NONE, "none"),
    case("num-reminder-move", "2", "reminder", NONE, "none"),
    case("num-followup", "1", "followup_invite", NONE, "none"),
    # --- English free text ---------------------------------------------------------------
    case("en-dimple", "I have a dimple on my left cheek", D5, {"dimple"}, "concern"),
    case("en-dimples", "dimples near both ears", D3, {"dimple"}, "concern"),
    case("en-dent", "there's a small dent", D3, {"dimple"}, "concern"),
    case("en-dented", "skin looks dented", D5, {"dimple"}, "concern"),
    case("en-indentation", "an indentation under the cheekbone", D5, {"dimple"}, "concern"),
    case("en-pit", "a little pit by my jaw", D3, {"dimple"}, "concern"),
    case("en-puckering", "puckering near the temple", D5, {"dimple"}, "concern"),
    case("en-skin-pulled-in", "the skin is pulled in when I smile", D3, {"dimple"}, "concern"),
    case("en-see-thread", "I can see the thread", D10, {"visible_thread"}, "concern"),
    case("en-thread-visible", "thread visible when I smile", D7, {"visible_thread"}, "concern"),
    case(
        "en-feel-thread", "I can feel the thread under my skin", D10, {"visible_thread"}, "concern"
    ),
    case("en-palpable", "palpable line on the right", D10, {"visible_thread"}, "concern"),
    case(
        "en-lump-thread-line",
        "a lump along the thread line",
        D10,
        {"visible_thread"},
        "concern",
    ),
    case("en-poking-under", "something poking under the skin", D7, {"visible_thread"}, "concern"),
    case(
        "en-thread-sticking-out",
        "thread sticking out near my ear",
        D7,
        {"thread_exposure"},
        "concern",
    ),
    case(
        "en-thread-end-out", "the end of the thread came out", D10, {"thread_exposure"}, "concern"
    ),
    case(
        "en-poking-through",
        "I can see the thread poking through the skin",
        D7,
        {"thread_exposure"},
        "concern",
    ),
    case("en-ripples", "ripples along my jaw", D7, {"rippling"}, "concern"),
    case("en-bumpy", "skin is bumpy", D10, {"rippling"}, "concern"),
    case("en-wavy-lumpy", "it looks wavy and lumpy", D10, {"rippling"}, "concern"),
    case("en-uneven-surface", "uneven skin surface on the cheek", D7, {"rippling"}, "concern"),
    case("en-bunching", "bunching near my temple", D7, {"rippling"}, "concern"),
    case("en-hollow", "my cheeks look hollow", D21, {"hollow_cheek"}, "concern"),
    case("en-sunken", "sunken cheeks", D14, {"hollow_cheek"}, "concern"),
    case("en-gaunt", "I look gaunt", D14, {"hollow_cheek"}, "concern"),
    case(
        "en-cheekbones-stick-out",
        "my cheekbones stick out more now",
        D14,
        {"prominent_cheekbone"},
        "concern",
    ),
    case("en-face-wider", "face looks wider", D21, {"prominent_cheekbone"}, "concern"),
    case("en-one-side-higher", "one side is higher than the other", D14, {"asymmetry"}, "concern"),
    case("en-lopsided", "lopsided smile", D14, {"facial_weakness"}, "urgent"),
    case("en-asymmetric", "looks asymmetric", D14, {"asymmetry"}, "concern"),
    case("en-uneven-sides", "the sides look different", D14, {"asymmetry"}, "concern"),
    case("en-swollen-day1", "quite swollen", D1, PAIN, "expected"),
    case("en-sore-day2", "a bit sore", D2, PAIN, "expected"),
    case("en-tight-day3", "feels tight", D3, PAIN, "expected"),
    case("en-bruised-day1", "bruised on both sides", D1, {"bruising"}, "expected"),
    case("en-purple", "purple patch near my ear", D2, {"skin_colour_change"}, "urgent"),
    case("en-swelling-bruising", "swelling and bruising", D1, PAIN_BRUISE, "expected"),
    case("en-swollen-no-step", "swollen", None, PAIN, "expected"),
    case("en-aching-care", "aching a little", CARE, PAIN, "expected"),
    case("en-swollen-day7", "still swollen", D7, PAIN, "concern"),
    case("en-swelling-day10", "swelling and bruising", D10, PAIN_BRUISE, "concern"),
    case("en-hurts-day14", "it hurts when I chew", D14, PAIN, "concern"),
    case("en-bruise-day21-nudge", "bruise is back", D21 + "_nudge", {"bruising"}, "concern"),
    case("en-severe-pain", "severe pain on the left", D1, PAIN, "urgent"),
    case("en-pain-worse", "pain getting worse", D2, PAIN, "urgent"),
    case("en-worse-pain", "worse pain today", D3, PAIN, "urgent"),
    case("en-unbearable", "the pain is unbearable", D1, PAIN, "urgent"),
    case("en-excruciating", "excruciating", D1, PAIN, "urgent"),
    case("en-throbbing-worse", "throbbing and worse", D2, PAIN, "urgent"),
    case("en-painkillers", "painkillers aren't helping", D2, PAIN, "urgent"),
    case("en-cant-open-mouth", "can't open my mouth properly", D1, PAIN, "urgent"),
    case("en-hard-open-mouth", "hard to open mouth", D2, PAIN, "urgent"),
    case("en-jaw-locked", "jaw locked", D1, PAIN, "urgent"),
    case("en-fever", "fever since last night", D2, INF, "urgent"),
    case("en-temperature", "I have a temperature of 38.4", None, INF, "urgent"),
    case("en-chills", "chills tonight", D2, INF, "urgent"),
    case("en-pus", "pus from the entry point", D3, INF, "urgent"),
    case("en-discharge", "yellow discharge", D2, INF, "urgent"),
    case("en-oozing", "oozing a bit", D1, INF, "urgent"),
    case("en-red-hot", "red and hot", D2, INF, "urgent"),
    case("en-warm-red", "warm and red around the puncture", D2, INF, "urgent"),
    case("en-redness-spreading", "redness spreading down my cheek", D3, INF, "urgent"),
    case("en-hot-to-touch", "hot to the touch", D2, INF, "urgent"),
    case("en-smells", "it smells", D3, INF, "urgent"),
    case("en-infected", "I think it's infected", D10, INF, "urgent"),
    case("en-numb", "my cheek is numb", D3, {"numbness"}, "concern"),
    case("en-tingling", "tingling lips", D3, {"numbness"}, "concern"),
    case("en-no-feeling", "no feeling in my chin", D5, {"numbness"}, "concern"),
    case("en-bleeding", "bleeding a little from one hole", D1, {"other"}, "concern"),
    case("en-itchy-rash", "itchy rash", D3, {"other"}, "concern"),
    case("en-weird", "my cheek feels weird", D5, {"other"}, "concern"),
    case("en-something-off", "something's off with my left cheek", D3, {"other"}, "concern"),
    case("en-red-alone", "a bit red", D1, {"other"}, "concern"),
    case(
        "en-several",
        "swollen, bruised and a dimple",
        D3,
        {"pain_swelling", "bruising", "dimple"},
        "concern",
    ),
    case("en-dimple-fever", "dimple and a fever", D5, {"dimple", "infection_sign"}, "urgent"),
    # --- typos --------------------------------------------------------------------------
    case("typo-dimpel", "I have a dimpel", D5, {"dimple"}, "concern"),
    case("typo-infectoin", "think I have an infectoin", None, INF, "urgent"),
    case("typo-swolen", "bit swolen", D1, PAIN, "expected"),
    case("typo-feaver", "feaver last night", D2, INF, "urgent"),
    case("typo-bruiseing", "bruiseing on my jaw", D2, {"bruising"}, "expected"),
    case("typo-assymetry", "assymetry", D14, {"asymmetry"}, "concern"),
    case("typo-rippeling", "rippeling", D7, {"rippling"}, "concern"),
    case("typo-tempreture", "high tempreture", D2, INF, "urgent"),
    case("typo-caps", "SWOLLEN AND BRUISED", D1, PAIN_BRUISE, "expected"),
    # --- English negation ---------------------------------------------------------------
    case("neg-no-dimples", "no dimples", D5, NONE, "none"),
    case("neg-not-red", "not red", D2, NONE, "none"),
    case("neg-no-fever-or-pus", "no fever or pus", D2, NONE, "none"),
    case("neg-list", "no fever, pus or swelling", D2, NONE, "none"),
    case("neg-no-and-no", "no swelling and no bruising", D1, NONE, "none"),
    case("neg-dont", "I don't have a fever", D2, NONE, "none"),
    case("neg-dont-think", "I don't think I have a fever", D2, NONE, "none"),
    case("neg-dont-no-apostrophe", "dont see any thread", D10, NONE, "none"),
    case("neg-without", "without any pain", D3, NONE, "none"),
    case("neg-never", "never had a fever", D2, NONE, "none"),
    case("neg-isnt", "isn't red", D2, NONE, "none"),
    case("neg-havent", "haven't noticed any dimples", D5, NONE, "none"),
    case("neg-no-sign-of", "no sign of infection", D2, NONE, "none"),
    case("neg-no-more", "no more swelling", D5, NONE, "none"),
    case("neg-none-after", "dimples: none", D5, NONE, "none"),
    case("neg-cant-see", "can't see the thread anymore", D10, NONE, "none"),
    case("neg-gone", "swelling is gone", D10, NONE, "none"),
    case("neg-gone-down", "the swelling has gone down", D5, NONE, "none"),
    case("neg-all-good-no-dimples", "all good, no dimples", D5, NONE, "none"),
    case("neg-no-dimple-no-fever", "no dimple, no fever, all good", D3, NONE, "none"),
    case("mixed-no-fever-dent", "no fever but there's a dent", D3, {"dimple"}, "concern"),
    case("mixed-no-fever-comma-dent", "no fever, dent on the left", D3, {"dimple"}, "concern"),
    case("mixed-not-red-swollen", "not red but swollen", D2, PAIN, "expected"),
    case("mixed-no-pus-sore", "no pus, just a bit sore", D2, PAIN, "expected"),
    case(
        "mixed-not-swollen-dimple",
        "not swollen or bruised, but there's a dimple",
        D3,
        {"dimple"},
        "concern",
    ),
    case(
        "mixed-no-dimple-thread",
        "no dimples but the thread is visible",
        D10,
        {"visible_thread"},
        "concern",
    ),
    case("mixed-fine-but-swollen", "fine but a bit swollen", D1, PAIN, "expected"),
    case("mixed-no-pain-fever", "no pain but I have a fever", D1, INF, "urgent"),
    case("mixed-not-sure-dimple", "not sure if this is a dimple", D5, {"dimple"}, "concern"),
    # --- all well -----------------------------------------------------------------------
    case("ok-fine", "fine", D1, NONE, "none"),
    case("ok-all-good-thanks", "all good thanks", D3, NONE, "none"),
    case("ok-great-thanks", "Great thanks!", D21, NONE, "none"),
    case("ok-no-problems", "no problems", D14, NONE, "none"),
    case("ok-no-issues", "No issues at all", D7, NONE, "none"),
    case("ok-thumbs-up", "👍", D1, NONE, "none"),
    case("ok-thank-you", "Thank you!", CARE, NONE, "none"),
    case("ok-thanks-emoji", "thanks 😊", CARE, NONE, "none"),
    case("ok-healing-well", "healing well, thanks", D10, NONE, "none"),
    case("ok-looks-great", "looks great, love it", D21, NONE, "none"),
    case("ok-nope", "nope", D2, NONE, "none"),
    case("ok-ok-care", "ok", CARE, NONE, "none"),
    case("ok-yes-care", "yes", CARE, NONE, "none"),
    # --- Korean -------------------------------------------------------------------------
    case("ko-fine", "괜찮아요", D3, NONE, "none"),
    case("ko-fine-typo", "괜찬아요", D3, NONE, "none"),
    case("ko-fine-tilde", "괜찮아요~", D7, NONE, "none"),
    case("ko-good", "좋아요", D14, NONE, "none"),
    case("ko-no-problem", "문제 없어요", D10, NONE, "none"),
    case("ko-no-problem-spacing", "문제없어요", D10, NONE, "none"),
    case("ko-nothing-wrong", "이상 없어요", D7, NONE, "none"),
    case("ko-thanks", "감사합니다", CARE, NONE, "none"),
    case("ko-thanks-typo", "감사함니다", CARE, NONE, "none"),
    case("ko-yes-thanks", "네 감사합니다", CARE, NONE, "none"),
    case("ko-laugh-good", "ㅎㅎ 좋아요", D3, NONE, "none"),
    case("ko-dimple", "보조개가 생겼어요", D5, {"dimple"}, "concern"),
    case("ko-dimple-typo", "보조게가 생겼어요", D5, {"dimple"}, "concern"),
    case("ko-dimple-spaced", "보 조 개 생겼어요", D5, {"dimple"}, "concern"),
    case("ko-dimple-nospace", "왼쪽볼에보조개가생겼어요", D3, {"dimple"}, "concern"),
    case("ko-dent", "볼이 움푹 패였어요", D5, {"dimple"}, "concern"),
    case("ko-dug", "실 있는 곳이 파였어요", D3, {"dimple"}, "concern"),
    case("ko-sunk-in", "피부가 쏙 들어갔어요", D5, {"dimple"}, "concern"),
    case("ko-thread-visible", "실이 보여요", D10, {"visible_thread"}, "concern"),
    case("ko-thread-felt", "실이 만져져요", D10, {"visible_thread"}, "concern"),
    case("ko-thread-mark", "실 자국이 있어요", D7, {"visible_thread"}, "concern"),
    case("ko-thread-out", "실이 튀어나왔어요", D7, {"thread_exposure"}, "concern"),
    case("ko-thread-came-out", "실이 나왔어요", D10, {"thread_exposure"}, "concern"),
    case("ko-thread-end", "실 끝이 보여요", D7, {"thread_exposure"}, "concern"),
    case("ko-bumpy", "울퉁불퉁해요", D7, {"rippling"}, "concern"),
    case("ko-wrinkles", "주름이 잡혀요", D10, {"rippling"}, "concern"),
    case("ko-crumpled", "피부가 쭈글쭈글해요", D10, {"rippling"}, "concern"),
    case("ko-hollow", "볼이 꺼졌어요", D14, {"hollow_cheek"}, "concern"),
    case("ko-gaunt", "얼굴이 홀쭉해 보여요", D21, {"hollow_cheek"}, "concern"),
    case("ko-cheekbone", "광대가 튀어나와 보여요", D14, {"prominent_cheekbone"}, "concern"),
    case("ko-wide-face", "얼굴이 넓어 보여요", D21, {"prominent_cheekbone"}, "concern"),
    case("ko-asymmetry", "비대칭이에요", D14, {"asymmetry"}, "concern"),
    case("ko-one-side-only", "한쪽만 올라갔어요", D14, {"asymmetry"}, "concern"),
    case("ko-mismatched", "양쪽이 달라요", D14, {"asymmetry"}, "concern"),
    case("ko-uneven-pair", "짝짝이 같아요", D14, {"asymmetry"}, "concern"),
    case("ko-swollen", "부었어요", D1, PAIN, "expected"),
    case("ko-swollen-typo", "좀 부엇어요", D1, PAIN, "expected"),
    case("ko-swelling", "붓기가 좀 있어요", D2, PAIN, "expected"),
    case("ko-hurts", "아파요", D1, PAIN, "expected"),
    case("ko-hurts-colloquial", "아퍼요", D2, PAIN, "expected"),
    case("ko-bruise", "멍이 들었어요", D1, {"bruising"}, "expected"),
    case("ko-bruise-late", "멍이 아직 있어요", D10, {"bruising"}, "concern"),
    case("ko-swelling-persists-late", "부기가 안 빠져요", D14, PAIN, "concern"),
    case("ko-bruise-not-fading", "멍이 안 없어져요", D7, {"bruising"}, "concern"),
    case("ko-severe-pain", "심한 통증이 있어요", D1, PAIN, "urgent"),
    case("ko-too-painful", "너무 아파요", D1, PAIN, "urgent"),
    case("ko-worse-pain", "점점 더 아파요", D2, PAIN, "urgent"),
    case("ko-pain-worsening", "통증이 심해져요", D3, PAIN, "urgent"),
    case("ko-mouth", "입이 안 벌어져요", D1, PAIN, "urgent"),
    case("ko-mouth-hard", "입을 벌리기 힘들어요", D2, PAIN, "urgent"),
    case("ko-fever", "열이 나요", D2, INF, "urgent"),
    case("ko-fever-nospace", "열나요", D1, INF, "urgent"),
    case("ko-fever-degrees", "열 38도", D2, INF, "urgent"),
    case("ko-pus", "고름이 나와요", D3, INF, "urgent"),
    case("ko-ooze", "진물이 나요", D2, INF, "urgent"),
    case("ko-red-hot", "빨갛고 뜨거워요", D2, INF, "urgent"),
    case("ko-red-warm", "붉어지고 열감이 있어요", D2, INF, "urgent"),
    case("ko-numb", "감각이 없어요", D3, {"numbness"}, "concern"),
    case("ko-tingle", "입술이 저려요", D3, {"numbness"}, "concern"),
    case("ko-muffled", "볼이 먹먹해요", D5, {"numbness"}, "concern"),
    case("ko-strange", "얼굴이 이상해요", D5, {"other"}, "concern"),
    case("ko-swollen-bruised", "붓고 멍들었어요", D1, PAIN_BRUISE, "expected"),
    # --- Korean negation ----------------------------------------------------------------
    case("ko-neg-dimple", "보조개 없어요", D5, NONE, "none"),
    case("ko-neg-dimple-subject", "보조개는 없습니다", D5, NONE, "none"),
    case("ko-neg-fever", "열은 없어요", D2, NONE, "none"),
    case("ko-neg-pus", "고름 안 나와요", D2, NONE, "none"),
    case("ko-neg-thread", "실 안 보여요", D10, NONE, "none"),
    case("ko-neg-thread-felt", "실이 만져지진 않아요", D10, NONE, "none"),
    case("ko-neg-thread-out", "실이 안 나왔어요", D7, NONE, "none"),
    case("ko-neg-pain", "안 아파요", D1, NONE, "none"),
    case("ko-neg-bruise", "멍 없음", D3, NONE, "none"),
    case("ko-neg-list", "열이랑 고름 없어요", D2, NONE, "none"),
    case("ko-neg-both", "열은 없고 고름도 없어요", D2, NONE, "none"),
    case("ko-neg-fever-fine", "열도 없고 괜찮아요", D2, NONE, "none"),
    case("ko-neg-severe", "심한 통증은 없어요", D1, NONE, "none"),
    case("ko-neg-swelling-down", "부기 빠졌어요", D5, NONE, "none"),
    case("ko-mixed-fever-dimple", "열은 없는데 보조개가 생겼어요", D3, {"dimple"}, "concern"),
    case("ko-mixed-pus-dimple", "고름은 안 나오는데 보조개가 생겼어요", D3, {"dimple"}, "concern"),
    case("ko-mixed-dimple-swollen", "보조개는 없는데 부었어요", D3, PAIN, "expected"),
    case("ko-mixed-fever-dimple-neg", "열이 나고 보조개는 없어요", D3, INF, "urgent"),
    case("ko-mixed-but", "고름은 없지만 많이 부었어요", D2, PAIN, "expected"),
    case("ko-not-fine", "괜찮지 않아요", D3, {"other"}, "concern"),
    case("ko-not-good", "안 좋아요", D3, {"other"}, "concern"),
    # --- emoji, photos, empty -----------------------------------------------------------
    case("emoji-two-thumbs", "👍👍", D3, NONE, "none"),
    case("emoji-thermometer", "🤒", D1, INF, "urgent"),
    case("emoji-crying", "😭", D3, NONE, "concern"),
    case("emoji-ko-crying", "ㅠㅠ", D3, NONE, "concern"),
    case("photo-empty-body", "", D5, NONE, "concern", 1),
    case("photo-two-empty", "  ", D7, NONE, "concern", 2),
    case("photo-fine", "fine 👍", D5, NONE, "concern", 1),
    case("photo-number-1", "1", D3, NONE, "concern", 1),
    case("photo-dimple", "dimple pic attached", D5, {"dimple"}, "concern", 1),
    case("photo-swollen-early", "swollen", D1, PAIN, "concern", 1),
    case("photo-fever", "fever", D2, INF, "urgent", 1),
    case("photo-ko", "보조개 사진 보내요", D5, {"dimple"}, "concern", 1),
    case("photo-unclear", "look at this", D3, NONE, "concern", 2),
    case("empty-no-photo", "", D3, NONE, "concern"),
    # --- unclear and questions ----------------------------------------------------------
    case("unclear-gibberish", "asdf qwer", D3, NONE, "concern"),
    case("unclear-hmm", "hmm", D3, NONE, "concern"),
    case("unclear-body-part", "my cheek", D3, {"other"}, "concern"),
    case("unclear-ko-body", "얼굴이 좀...", D5, {"other"}, "concern"),
    case("unclear-yes-on-check", "yes", D1, NONE, "concern"),
    case("unclear-ko-yes-on-check", "네", D3, NONE, "concern"),
    case("unclear-not-great", "not great", D14, {"other"}, "concern"),
    case("question-normal-swollen", "is it normal that it's swollen?", D1, PAIN, "concern"),
    case("question-wash", "when can I wash my face?", CARE, NONE, "concern"),
    case("question-bruise-last", "how long will the bruising last", D3, {"bruising"}, "concern"),
    case("question-ko-normal", "이거 정상인가요?", D3, NONE, "concern"),
    case("question-ko-no-mark", "이거 정상인가요", D5, NONE, "concern"),
    case("question-ko-swelling", "부기 언제 빠져요?", D3, PAIN, "concern"),
    case("question-ko-fine", "괜찮을까요?", D3, NONE, "concern"),
    case("question-call-me", "Please call me", D3, NONE, "concern"),
    case("question-help-swollen", "help my face is swollen", D1, PAIN, "concern"),
    case("question-infected", "is it infected?", D3, INF, "urgent"),
    case("question-when-statement", "When I chew it's sore", D2, PAIN, "expected"),
    # --- more real-style replies ----------------------------------------------------------
    case(
        "real-mostly-fine", "Everything is good, slight swelling on the right", D1, PAIN, "expected"
    ),
    case("real-fading", "The bruising is fading, no other issues", D5, NONE, "none"),
    case(
        "real-down-but-bruise",
        "Swelling went down a lot. Still some bruising",
        D3,
        {"bruising"},
        "expected",
    ),
    case("real-except-dent", "Everything's fine except a small dent", D5, {"dimple"}, "concern"),
    case(
        "real-all-no", "No swelling, no bruising, no pain, no dimples. All great", D5, NONE, "none"
    ),
    case("real-yes-dimple", "Yes there is a dimple", D5, {"dimple"}, "concern"),
    case(
        "real-side-higher", "Left side looks a bit higher than right", D14, {"asymmetry"}, "concern"
    ),
    case("real-looks-different", "I'm fine but my face looks different", D14, {"other"}, "concern"),
    case("real-thanks-help", "Thank you for your help", CARE, NONE, "none"),
    case("real-will-do", "will do, thanks", CARE, NONE, "none"),
    case("real-injected-sore", "where it was injected is sore", D1, PAIN, "expected"),
    case("real-spelling", "sorry for my spelling, its sore", D1, PAIN, "expected"),
    case("real-101-degrees", "101 degrees", D2, INF, "urgent"),
    case("real-ko-38", "38도 넘어요", D2, INF, "urgent"),
    case("real-ko-fine-swollen", "좀 부었는데 괜찮아요", D1, PAIN, "expected"),
    # Almost gone is still there: a dimple on day 10 is past its week.
    case("real-ko-almost-gone", "보조개는 거의 없어졌어요", D10, {"dimple"}, "concern"),
    case(
        "real-ko-thread-question",
        "실이 살짝 만져지는데 괜찮은가요?",
        D10,
        {"visible_thread"},
        "concern",
    ),
    case("real-ko-itchy", "시술 부위가 가려워요", D3, {"other"}, "concern"),
    case("real-ko-blood", "피가 좀 났어요", D1, {"other"}, "concern"),
    case("real-ko-no", "아니요", D2, NONE, "none"),
    case("real-ko-nothing-special", "특별한 건 없어요", D3, NONE, "none"),
    case("real-ko-apartment", "아파트에서 쉬고 있어요", CARE, NONE, "concern"),
    case("real-ko-surely", "확실히 보여요", D10, NONE, "concern"),
]


@pytest.mark.parametrize(("body", "step", "num_media", "findings", "severity"), CASES)
def test_triage_table(
    body: str, step: str | None, num_media: int, findings: set[str], severity: Severity
) -> None:
    result = triage_reply(body, step=step, num_media=num_media)
    assert (set(result.findings), result.severity) == (findings, severity), result.reason


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 170


@pytest.mark.parametrize(("body", "step", "num_media", "findings", "severity"), CASES)
def test_result_shape(
    body: str, step: str | None, num_media: int, findings: set[str], severity: Severity
) -> None:
    result = triage_reply(body, step=step, num_media=num_media)
    assert isinstance(result, Triage)
    assert result.findings == tuple(sorted(set(result.findings)))
    assert set(result.findings) <= set(FINDING_CODES)
    assert result.reason.strip()


@pytest.mark.parametrize(
    ("step", "number"),
    [(step, number) for step, options in CHECK_OPTIONS.items() for number in options],
)
def test_every_option_maps_to_its_table_entry(step: str, number: str) -> None:
    option = CHECK_OPTIONS[step][number]
    result = triage_reply(number, step=step)
    assert result.findings == tuple(sorted(option.findings))
    assert result.severity == option.severity


def test_option_reason_names_the_prompt_and_answer() -> None:
    result = triage_reply("4", step=D1)
    assert result.reason == ("Answered 4 to the day-1 check: redness, warmth, discharge or fever")


def test_text_reason_lists_mentions() -> None:
    assert triage_reply("fever and pus", step=D2).reason == "Mentions: fever, pus"


def test_korean_reason_is_english() -> None:
    reason = triage_reply("고름이 나와요", step=D2).reason
    assert reason.isascii() and "discharge" in reason


def test_photo_alone_reason_mentions_photo() -> None:
    assert "photo" in triage_reply("", step=D5, num_media=1).reason


def test_not_understood_is_never_none() -> None:
    for body in ("blah", "?", "ㅋ", "3.14", "see you tuesday"):
        assert triage_reply(body, step=D3).severity == "concern", body


KEYWORDS = [
    ("STOP", Keyword.OPT_OUT),
    ("stop", Keyword.OPT_OUT),
    ("Stop.", Keyword.OPT_OUT),
    ("  STOP!  ", Keyword.OPT_OUT),
    ("STOPALL", Keyword.OPT_OUT),
    ("Unsubscribe", Keyword.OPT_OUT),
    ("CANCEL", Keyword.OPT_OUT),
    ("end", Keyword.OPT_OUT),
    ("QUIT", Keyword.OPT_OUT),
    ("revoke", Keyword.OPT_OUT),
    ("OPTOUT", Keyword.OPT_OUT),
    ("opt out", Keyword.OPT_OUT),
    ("수신거부", Keyword.OPT_OUT),
    ("수신 거부", Keyword.OPT_OUT),
    ("START", Keyword.OPT_IN),
    ("unstop", Keyword.OPT_IN),
    ("HELP", Keyword.HELP),
    ("info", Keyword.HELP),
    ("도움말", Keyword.HELP),
    ("1", Keyword.CONFIRM),
    ("1.", Keyword.CONFIRM),
    ("１", Keyword.CONFIRM),
    ("C", Keyword.CONFIRM),
    ("y", Keyword.CONFIRM),
    ("YES", Keyword.CONFIRM),
    ("yes!", Keyword.CONFIRM),
    ("Confirm", Keyword.CONFIRM),
    ("네", Keyword.CONFIRM),
    ("네.", Keyword.CONFIRM),
    ("예", Keyword.CONFIRM),
    ("확인", Keyword.CONFIRM),
    ("2", Keyword.MOVE),
    ("2.", Keyword.MOVE),
    ("change", Keyword.MOVE),
    ("Reschedule", Keyword.MOVE),
    ("move", Keyword.MOVE),
    ("다른 시간", Keyword.MOVE),
    ("변경", Keyword.MOVE),
    ("예약 변경", Keyword.MOVE),
    ("can I change the time?", Keyword.MOVE),
    ("need to reschedule", Keyword.MOVE),
    ("I can’t make it tomorrow", Keyword.MOVE),
    ("could we do another day?", Keyword.MOVE),
    ("시간 변경 가능할까요", Keyword.MOVE),
    ("예약을 바꾸고 싶어요", Keyword.MOVE),
    ("다른 날로 가능할까요?", Keyword.MOVE),
    ("another day please", Keyword.MOVE),
    ("another time?", Keyword.MOVE),
    ("다른 날 가능해요?", Keyword.MOVE),
    ("another day of swelling", None),
    ("다른 날보다 부었어요", None),
    ("can I change the dressing?", None),
    ("", None),
    ("   ", None),
    ("stop texting me", None),
    ("cancel my appointment", None),
    ("please stop", None),
    ("I noticed a change in my cheek", None),
    ("my face moves strangely", None),
    ("2 - a bit", None),
    ("3", None),
    ("yes please", None),
    ("ok", None),
    ("thanks", None),
    ("hello", None),
    ("swollen", None),
]


@pytest.mark.parametrize(("body", "expected"), KEYWORDS, ids=[repr(b) for b, _ in KEYWORDS])
def test_detect_keyword(body: str, expected: Keyword | None) -> None:
    assert detect_keyword(body) == expected


def test_keyword_values() -> None:
    assert [k.value for k in Keyword] == ["opt_out", "opt_in", "help", "confirm", "move"]
    assert Keyword.OPT_OUT == "opt_out"
