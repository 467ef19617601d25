"""Phrase tables for reply triage, English and Korean, as regular-expression fragments.

The red flags are in ``red_flags``.

English fragments are matched as whole words on lower-cased text with single spaces.
Korean fragments are matched as plain substrings on text whose spaces between Hangul
syllables were removed ("보조개 없어요" is matched as "보조개없어요"), so they are written
without spaces and cover spacing variants for free.
"""

# Whole-message keywords by Keyword value, compared lower-cased with spaces, hyphens and
# trailing punctuation removed. CANCEL is a carrier opt-out word, never a visit cancellation.
KEYWORDS: dict[str, frozenset[str]] = {
    "opt_out": frozenset("stop stopall unsubscribe cancel end quit revoke optout 수신거부".split()),
    "opt_in": frozenset({"start", "unstop"}),
    "help": frozenset({"help", "info", "도움말"}),
    "confirm": frozenset("1 c y yes confirm 네 예 확인".split()),
    "move": frozenset("2 change reschedule move 다른시간 변경 예약변경".split()),
}

# Short free-text requests to move a visit ("can I change the time?", "시간 변경 가능할까요").
# "Another day" only counts as a request ("could we do another day?"), not in "another day
# of swelling".
MOVE_REQUEST = (
    r"\b(?:re-?schedul\w*|postpone\w*|push (?:it |my appointment |the appointment )?back"
    r"|(?:can'?t|cannot|won'?t) (?:make it|come)"
    r"|(?:change|move|switch|shift)(?: the| my| our)? (?:time|appointment|appt|booking|date"
    r"|day|visit|slot))\b"
    r"|\b(?:can|could|would|need|want|prefer|possible|please|how about|any)\b.*"
    r"\b(?:different|another|later|earlier|other) (?:time|day|date|slot|appointment)\b"
    r"|\b(?:different|another|later|earlier|other) (?:time|day|date|slot|appointment)\b"
    r".*(?:\?|\bplease\b|\bpls\b)"
)
# Matched with all spaces removed.
MOVE_REQUEST_KO = (
    r"(?:예약|시간|날짜|일정|방문)(?:을|를|좀|이)*(?:변경|바꾸|바꿀|바꿔|옮기|옮길|옮겨|미루|미룰"
    r"|미뤄|조정|연기)|변경(?:가능|하고|할수|해주|부탁|원)|못갈(?:것|거)같"
    r"|다른(?:시간|날)(?:로|에|으로|은|도)?(?:가능|되|돼|할|해|원|괜찮|예약|변경|부탁|요|$)"
)

# Side effects the patient reports, by finding code (codes from checks.FINDING_CODES).
FINDING_PHRASES: dict[str, tuple[str, ...]] = {
    "dimple": (
        r"dimpl(?:e|es|ed|ing|y)",
        r"dents?|dented|denting",
        r"indent(?:s|ed|ation|ations)?",
        r"pits?|pitted|pitting",
        r"pucker(?:s|ed|ing)?",
        r"(?:a |little |small )dip",
        r"(?:skin|cheek|it)(?: is| has| got| gets| looks)? (?:pulled|sucked|sunk|tucked|caved) in",
        "보조[개게]",
        "움푹",
        "오목",
        "패[임였인여]",
        "파였",
        "(?:피부|살|볼|얼굴|자리|부분)(?:이|가|도|은|는)?(?:쏙|푹)?들어갔",
        "(?:쏙|푹)들어갔",
    ),
    "visible_thread": (
        r"(?:see|seeing|saw|notice|noticed|feel|feeling|felt) (?:the |a |my |some |any )?threads?",
        r"threads? (?:is |are )?(?:visible|showing|shows|show)",
        r"visible threads?",
        r"palpable",
        r"lumps? (?:along|on|over|where|in) (?:the )?threads?(?: lines?)?",
        r"lines? (?:where|along) the threads?",
        r"threads? lines?",
        r"poking",
        r"(?:feel|see) (?:it|them|something) under (?:the|my) skin",
        r"threads? under (?:the|my) skin",
        "(?<![확사현진충착])실(?:이|도|은|가)?(?:다|좀|잘|살짝)?(?:안|잘안)?"
        "(?:보여|보이|비쳐|비치|만져|만저|느껴)",
        "실자국",
        "실선이",
    ),
    "thread_exposure": (
        r"threads? (?:is |are |was |has |have |just )?(?:sticking|poking|coming|came|come"
        r"|popped|popping|pushing|pushed|working|broke|broken) (?:out|through)",
        r"(?:sticking|poking|coming|came|popped|popping|pushing) (?:out (?:of )?|through )"
        r"(?:the |my )?skin",
        r"poking (?:out|through)",
        r"sticking out",
        r"(?:end|ends|tip|piece|bit) of (?:the |a )?threads?",
        r"threads? (?:end|ends|tip)",
        r"exposed threads?|threads? (?:is |are )?exposed",
        r"extru\w+",
        r"broke through (?:the |my )?skin",
        "실(?:이|도|끝이|끝)?(?:안)?(?:튀어나|삐져나|삐죽|나왔|나와|빠져나|뚫고)",
        "실끝",
        "피부(?:를|밖으로)?뚫",
    ),
    "rippling": (
        r"rippl(?:e|es|ed|ing|y)",
        r"bumpy|bumps|lumpy|lumps|wavy|waves?|irregular (?:skin|surface|texture)",
        r"uneven (?:skin|surface|texture)|skin (?:is |looks |feels )?uneven",
        r"bunch(?:ed|es|ing)(?: up)?",
        r"wrinkl(?:ed|y)|new wrinkles?",
        r"ridges?",
        "울퉁",
        "올록볼록",
        "주름(?:이|가)?(?:잡혀|잡혔|잡히|생겼|졌)",
        "쭈글",
        "우글",
        "물결",
    ),
    "hollow_cheek": (
        r"hollow(?:s|ed|ing|ness)?",
        r"sunken(?: cheeks?)?",
        r"cheeks? (?:look |looks |are |is |seem |seems )?(?:sunk|caved|sucked)(?: in)?",
        r"gaunt",
        r"(?:lost|losing) volume",
        r"(?:face|cheeks?) (?:looks? |is |are |seems? )?(?:thinner|deflated|flat|flatter)",
        "꺼졌",
        "꺼져",
        "꺼짐",
        "꺼진",
        "홀쭉",
        "볼살(?:이)?(?:빠졌|없어|꺼)",
        "퀭",
        "야위",
    ),
    "prominent_cheekbone": (
        r"cheek ?bones? (?:is |are |look |looks |seem |seems |now |more |so |really )*"
        r"(?:stick(?:s|ing)? out|sticking out|prominent|bigger|wider|pop(?:s|ping)? out"
        r"|protrud\w*|jut\w*)",
        r"(?:prominent|bigger|wider|protruding) cheek ?bones?",
        r"face (?:looks |seems |is |got |now |more )*(?:wider|broader|square|bigger)",
        r"wider face",
        "광대(?!쪽|부분|아래|밑|뼈쪽|뼈부분|뼈아래)",
        "얼굴(?:이|가)?(?:더|좀)?(?:넓어|넓적|커|크게|퍼져|퍼졌)",
    ),
    "asymmetry": (
        r"uneven",
        r"compared (?:to|with) the (?:other side|left|right)|(?:than|as) the (?:other side|left"
        r"|right)\b|(?:lift|side|cheek)s? (?:\w+ ){0,4}(?:has |have )?(?:dropped|fallen|sagged)",
        "(?:왼쪽|오른쪽|한쪽)만(?:[가-힣]?)더(?:당겨|땡겨|올라|커|부어|처져)",
        "(?:왼쪽|오른쪽|한쪽)(?:이|은|만)?(?:[가-힣]{0,2}?)덜(?:당겨|땡겨|올라)",
        r"as+ym+et+r\w*|not symmetric(?:al)?",
        r"lopsided",
        r"(?:one|left|right|other) side (?:is |looks |seems |feels |sits )?(?:a bit |a little "
        r"|slightly |much |way |a lot |noticeably )?(?:higher|lower|different|bigger|smaller"
        r"|tighter|looser|more lifted|less lifted)",
        r"sides? (?:are |look |looks |feel )?(?:different|not even|not the same|not equal)",
        r"(?:only|just) (?:on )?one side",
        "비대칭",
        "한쪽만",
        "짝짝",
        "양쪽(?:이|얼굴이)?(?:달라|다르|틀려|안맞)",
        "좌우(?:가)?(?:달라|다르|안맞)",
        "한쪽(?:이|만|얼굴이)?(?:더)?(?:올라|높|낮)",
    ),
    "pain_swelling": (
        r"swell(?:ing|ings|ed)?|swollen|puffy|puffiness",
        r"sore(?:ness)?|pain(?:s|ful)?|hurt(?:s|ing)?|ach(?:e|es|ing|y)",
        r"tight(?:ness)?|tender(?:ness)?|throbb\w*|stiff(?:ness)?|discomfort",
        r"pulling (?:feeling|sensation|near|around|at|by|in)|(?:slight|little|bit of a|a) pull\b"
        r"|pulls? when",
        # Nerve pain: "like an electric shock when I chew", "전기 오는 것처럼".
        r"electric(?:al)? (?:shocks?|pains?|zaps?|jolts?)|shooting pains?|zapping",
        "전기(?:가|오|같|처럼|충격)",
        "부었",
        "부어",
        "부엇",
        "부기",
        "붓기",
        "붓고",
        "붓긴",
        "붇기|붓끼|부끼|부으셨|부으셔",
        "쓰라|쓰려",
        "붓(?=다가)",
        "빵빵",
        "붓네",
        "붓는",
        "부음",
        "부은",
        "부풀",
        "부어오르",
        "부어올라",
        "땡땡",
        "퉁퉁",
        "스웰링",
        "페인",
        "브루징",
        "아파(?!트)",
        "아프(?!리카)",
        "아퍼",
        "아픈",
        "통증",
        "쑤셔",
        "쑤시",
        "[욱욲][신씬씽]",
        "뻐근",
        "뻣뻣",
        "(?<!앞)[당땡땅]겨",
        "(?<!앞)[당땡땅]겼",
        "(?<!앞)[당땡땅]기(?:는|고|네|다|구|요|긴)",
        "[당땡땅]김",
    ),
    "bruising": (
        r"bruis(?:e|es|ed|ing|y)",
        r"black and blue",
        r"discolou?r(?:ed|ation)?",
        "(?<!구)(?<!멍)멍(?!하|때|울|멍)",
        "시퍼렇게멍",
    ),
    "infection_sign": (
        r"fever(?:ish|s)?",
        r"(?:a |high |got a |have a |running a )temperature|high temp",
        # A bare 37.5-42.9 in an aftercare reply is a temperature ("38.2 and feeling rubbish").
        r"(?<![\d.])(?:37\.[5-9]|3[89]\.\d|4[0-2]\.\d)(?![\d.])",
        r"temp(?:erature)? (?:of |is |was |at |reads? |reading |now |still )*"
        r"(?:37\.[5-9]|3[89](?:\.\d)?|4[0-2](?:\.\d)?|10[0-6](?:\.\d)?)",
        r"chill\w*|shiver\w*|rigou?rs?|(?:night |cold )?sweats|shak\w* (?:all over|uncontrollably)"
        r"|flu ?like|achy all over|body aches?|(?:the )?flu|influenza",
        r"freezing|shaking|shaky|shivery|burning up",
        "🥵",
        r"hot(?! (?:shower|bath|water|compress|pack|tea|drink|weather|day|food|sauna|yoga|towel"
        r"|stone|spring|tub))|burning hot|heat (?:coming|from)|warmth",
        r"(?:red\w*|pink\w*|red (?:area|patch|spot|mark|line)s?)"
        r"(?: (?!not\b|isn'?t\b|no\b)\w+){0,3} (?:spread\w*|growing"
        r"|getting bigger|gets bigger|bigger|larger|wider|expanding)",
        r"(?:spread\w*|growing|expanding) red\w*|red (?:line|streak)s?",
        r"pimples?|whiteheads?|zits?|boils?|pustules?|(?:white|yellow) (?:head|tip|bump|spot)s?",
        r"pus|discharge|ooz(?:e|es|ing|ed)|leak(?:s|ing|ed)|weeping|weepy",
        r"(?:red|redness) and (?:hot|warm|warmth)|(?:hot|warm) and red",
        r"(?:redness|red) (?:is )?spreading|spreading redness|red streaks?",
        r"(?:hot|warm) to (?:the )?touch|feels? (?:hot|warm)",
        r"(?:feels?|feeling|is|it'?s|getting|gets) (?:a (?:bit|little) |slightly |kind of |kinda "
        r"|quite |very |really |so |more )?(?:hot|warm)(?:er)?"
        r"(?! (?:water|shower|compress|weather))",
        r"smell(?:s|y|ing)?|(?:bad|foul) (?:smell|odou?r)",
        r"infect(?:ed|ion|ions)|abscess",
        r"inflam\w*|looks? (?:really |very |so )?angry|angry[- ](?:red|looking)",
        r"fluid (?:\w+ ){0,2}(?:coming|leaking|draining|seeping|dripping)|cloudy (?:fluid|liquid)",
        r"(?:3[89]|4[0-2]|37\.[5-9])(?:\.\d)? ?(?:°c|°|c|degrees?)"
        r"|10[0-6](?:\.\d)? ?(?:°f|f|degrees?)",
        r"(?:yellow|green|white|cloudy)(?:ish|y)? (?:stuff|fluid|liquid|gunk|goo|gooey|ooze|crust"
        r"|discharge|gunge|muck|crud)",
        # Something coming out of an entry point: "gunk coming out of the hole".
        r"(?:gunk|goo|gunge|gloop|crud|muck|gook|junk|stuff|liquid|crust) (?:\w+ ){0,2}(?:coming"
        r"|leaking|oozing|seeping|draining|dripping|weeping) (?:out|from)",
        r"(?:face|cheek|skin|it)(?: \w+){0,3} on fire|불타|불나는|불이나",
        "🤒",
        "열(?=이|은|도|감|나|났|있|없|기|$|[^가-힣])",
        "발열",
        "피버",
        "미열",
        "고열",
        "열감",
        "(?:3[89]|37\\.[5-9])(?:\\.\\d)?도",
        "고름",
        "진물",
        "분비물",
        "(?:빨갛|붉|빨개지|붉어지)고(?:뜨거|뜨겁|열)",
        "뜨거워(?:요|서)?",
        "뜨겁(?:고|다|네|습)",
        "염증",
        "감염",
        "오한",
        "으슬",
        "몸살",
        "독감",
        "감기기운",
        "온몸(?:이|에|가)?(?:[가-힣]{0,3}?)(?:아파|아프|쑤셔|쑤시|떨려|춥)",
        "덜덜",
        "식은땀",
        "춥고떨",
        "뜨끈",
        "뜨뜻",
        "화끈",
        "(?:빨간|붉은|빨갛|벌건|벌겋|뻘건|뻘겋)(?:게|기|것|부분|색|자국|거)?(?:이|가)?(?:[가-힣]{0,24}?)"
        "(?:퍼지|퍼져|퍼졌|퍼짐"
        "|번지|번져|번졌|커지|커져|커졌|넓어)",
        "(?:빨개|붉어|벌개)(?:지고|져|짐|졌)(?:[가-힣]{0,4}?)(?:퍼|번|커|넓)",
        "곪",
        "후끈|훅끈",
        "말랑(?:해지|해져|해졌)(?:[가-힣]{0,6}?)(?:벌겋|빨갛|붉|부어|아파|욱신)|(?:벌겋|뻘겋|빨갛|시뻘겋)게(?:[가-힣]{0,2}?)부(?:어|었)",
        "(?:누르면|짜면|눌렀더니|짜니까)(?:[가-힣]{0,4}?)(?:뭔가|뭐가|고름|진물|노란|하얀)(?:[가-힣]{0,3}?)(?:나와|나오|찍)",
        "농(?:이|양|포)",
        "고여",
        "뾰루지",
        "누런",
        "노랗게(?:[가-힣]{0,3}?)(?:나와|나오|고여|맺)",
        "냄새",
        "냄세|냄시|악취",
        "고룸|고럼|고릅",
        "노란(?:물|액|고름)",
    ),
    "numbness": (
        r"numb(?:ness)?",
        r"no feeling|lost (?:the )?feeling|(?:lack|loss) of (?:feeling|sensation)",
        r"(?:can'?t|cannot|can not) feel (?:my |the )?(?:cheeks?|face|skin|lips?|chin|jaw)",
        r"tingl(?:e|es|ing|y)|pins and needles",
        "감각(?:이)?(?:[가-힣]{0,3}?)(?:없|둔|이상|무뎌|떨어)",
        "멍멍",
        "저려",
        "저림",
        "저리",
        "먹먹",
        "얼얼",
        "찌릿",
        "무감각",
    ),
    # Clearly a problem, but none of the codes above.
    "other": (
        r"bleed\w*|blood",
        r"itch(?:y|ing|es)?|rash|blisters?|cold sores?",
        r"(?:a |hard |small |little )(?:bump|lump|knot)|lump|bump|hard (?:spot|area)",
        "딴딴|돌덩이|딱딱",
        r"redness|red",
        r"weird|strange|odd|funny (?:feeling|looking)|(?:feels?|looks?) (?:off|different)",
        r"something(?:'s| is)? (?:wrong|not right|off)|not right|wrong",
        r"problems?|issues?",
        r"sagg\w*",
        # Unwell in the words of "no": "no energy", "힘이 없어요", "입맛이 없어요".
        r"no (?:energy|appetite|strength)|(?:lost|losing|lack of) (?:my )?(?:energy|appetite"
        r"|strength)",
        "(?:힘|기운|입맛|식욕|밥맛)(?:이|도|가)?(?:하나도|전혀|너무|좀|많이)?없",
        r"headaches?|dizz\w*|click\w*|twitch\w*|burn(?:s|ing)|sting(?:s|ing)",
        r"worried|concerned|vomit\w*|throwing up|threw up|nause\w*|sick|unwell|ill",
        "토했|토할|구토|메스꺼|울렁",
        "(?<!커)피(?:가|나|날)",
        "(?<!커)피(?:는|도)?안(?:나|났)",
        r"(?:throat|neck) (?:is |feels )?(?:hurts?|sore|painful|aching)|sore throat",
        "출혈",
        "가려(?:워|운|움)",
        "가렵",
        "물집",
        "혹(?!시|은)",
        "멍울",
        "몽우리",
        "딱딱",
        "이상(?:해|한|하|있|이있|이생)",
        "두통",
        "머리(?:가|도)?(?:좀|조금|살짝|많이|계속)?(?:아파|아프|아퍼)",
        "어지러",
        "따가",
        "따끔",
        "걱정(?!해주|해줘|해준|하지마|마세요|안해|없)",
        "문제(?:가)?(?:있|생)",
    ),
}

# Severe or worsening pain and trouble opening the mouth: pain_swelling, but urgent.
URGENT_PAIN: tuple[str, ...] = (
    r"(?:severe|extreme|intense|terrible|horrible|awful|unbearable|excruciating|really bad"
    r"|very bad|worst|worse|worsening|increasing) (?:pain|ache|aching|soreness|throbbing)",
    r"(?:pain|ache|soreness|throbbing|it|hurting|swelling and pain)"
    r"(?: is| are| keeps| has been|'s)? (?:getting|got|gets|growing|becoming) "
    r"(?:worse|more painful|stronger|severe)",
    r"hurts? (?:more and more|worse|more every day|more today|more than yesterday)",
    # Swelling out of all proportion ("my face blew up") may be a bleed under the skin.
    r"(?:face|cheeks?|jaw|side) (?:\w+ ){0,2}(?:blowing up|blew up|blown up|ballooned"
    r"|ballooning|swollen like a balloon)",
    r"hurts? so (?:much|bad)",
    r"unbearabl[ey]|excruciating|killing me",
    r"(?:can'?t|cannot) (?:even )?(?:lay|lie|put|rest) (?:my |her |his )?(?:head|face|cheek) on"
    r" (?:the |my |a )?pillow",
    "(?:찢어질|터질|깨질|빠개질|죽을|뽀개질)(?:듯|것같|거같|것처럼|것마냥)(?:[가-힣]{0,3}?)(?:아파|아프|아퍼|통증)",
    "(?:아파|아프|통증|아픔)(?:[가-힣0-9 ]{0,12}?)만점에 ?(?:[89]|10)점"
    "|아파서눈물|눈물(?:이)?날(?:만큼|정도로)?아"
    "|만점에 ?(?:[89]|10)점(?:[가-힣 ]{0,4}?)(?:아파|아프|통증)"
    "|통증(?:이|은|도)? ?(?:[89]|10) ?(?:점|/ ?10)(?! ?만점)",
    r"(?<![\d.])(?:[89](?:\.\d)?|1\d) ?(?:/|out of) ?10\b|(?:going to|gonna|about to|could)"
    r" (?:burst|explode)|(?:can'?t|cannot) (?:eat|chew) or (?:talk|speak)",
    r"throbbing and (?:getting )?worse",
    r"(?:painkillers|pain killers|tylenol|ibuprofen|advil|medication|meds)"
    r"(?: do| does| are| is)? (?:not|n't|dont|don't|doesn't|doesnt|isn't|aren't|arent)"
    r" (?:help|helping|working|work)\w*",
    r"(?:can'?t|cannot|can not|couldn'?t|unable to|hard to|harder to|difficult to"
    r"|struggl\w* to|trouble|difficulty|problems?|barely) (?:fully )?open(?:ing)? "
    r"(?:my |the )?(?:mouth|jaw)",
    r"jaw (?:is |feels |got )?(?:locked|stuck)|lock ?jaw",
    r"(?:can )?only open (?:\w+ ){0,2}(?:a (?:little|bit|crack|tiny bit)|slightly|partly|partway"
    r"|halfway|a finger|one finger)",
    # "It hurts so much I could die": said in Korean as 아파 죽겠어요.
    "아파(?:서)?죽|죽을(?:것|거)같(?:이|아|게)?아|죽을만큼아|아파(?:서)?미치|미칠(?:것|거)같(?:이|아)?아",
    r"mouth (?:won'?t|doesn'?t|does not|will not) open",
    r"(?:painkillers?|pain killers?|pain ?meds?|pain medication|tylenol|ibuprofen|advil"
    r"|paracetamol|panadol|meds?|medicine|pills?)(?: \w+){0,3} (?:does nothing|do nothing"
    r"|did nothing|not (?:help\w*|work\w*|touch\w*|do\w* anything)"
    r"|(?:is|are)n'?t (?:help\w*|work\w*|touch\w*|do\w* anything)|(?:is|are) not (?:help\w*"
    r"|work\w*|touch\w*)"
    r"|doesn'?t (?:help|work|touch|do)|don'?t (?:help"
    r"|work|touch|do)|didn'?t (?:help|work|touch|do)|useless|no (?:help|use|effect)|barely"
    r"|wore off)",
    r"(?:even )?(?:with|after|despite) (?:taking )?(?:the )?(?:painkillers?|pain ?meds?|tylenol"
    r"|ibuprofen|advil|paracetamol|medicine)(?: \w+){0,3} (?:still|it hurts|hurts|pain)",
    r"(?:10|9|8) ?(?:/|out of) ?10",
    r"agony|agoni[sz]\w*",
    # "통증이 10점 만점에 9점": a pain score of 8 or more, not the "10점 만점" scale itself.
    r"(?:통증|아픔|아픈|아파|아프)[^.!?]{0,12}?(?<!\d)(?:[89]|10) ?점(?! ?만점)",
    r"(?:pain|it)(?: is|'s)? (?:a |at |like )?(?:10|9|8|ten|nine|eight)(?! ?(?:days?|am|pm))",
    r"(?:pain|hurt\w*|ache|aching|throbbing)(?: \w+){0,3} (?:every hour|by the hour|all the time"
    r"|more and more|non ?stop|constantly|so bad|so much|too much|a lot|like crazy|really bad)",
    r"(?:can'?t|cannot|couldn'?t) sleep (?:\w+ ){0,3}(?:pain|hurt\w*|ache)",
    r"(?:crying|cried|screaming|in tears) (?:\w+ ){0,2}(?:pain|hurt\w*)",
    r"(?:really|so|extremely|incredibly|terribly|unbearably) painful"
    r"|(?:extremely|incredibly|terribly|unbearably) sore",
    r"(?:severe|extreme|intense|terrible|horrible|awful|unbearable|excruciating|sharp|stabbing)"
    r" (?:\w+ )?(?:pain|ache|soreness|throbbing)",
    r"(?:severe|extreme|massive|huge|really bad|very bad|terrible|so much) swelling"
    r"|swelling (?:is )?(?:severe|really bad|very bad|huge|massive)"
    r"|(?:extremely|massively|hugely|really badly|very badly|badly) swollen",
    "(?:붓기|부기)(?:가|는)?(?:너무|엄청|많이|완전|정말)?심",
    "(?:엄청|너무|심하게|완전)(?:많이)?(?:부었|부어)",
    r"(?:swell\w*|swollen|puff\w*) (?:up )?(?:so |really |very )?(?:fast|quickly|rapidly|suddenly)",
    # Swelling out of all proportion: "twice the size", "두 배로 부었어요".
    r"(?:swell\w*|swollen|face|cheeks?|jaw) (?:\w+ ){0,2}(?:doubled|tripled)",
    r"nothing (?:helps|works|touches|is helping|is working) (?:\w+ )?(?:the )?(?:pain|it)",
    r"hurts? like (?:hell|crazy|mad|death|nothing else)|rock[- ]hard"
    r"|hard (?:as|like) (?:a )?(?:rock|stone)",
    r"more (?:swollen|painful|sore|red|puffy) (?:each|every|by the) (?:day|hour)",
    r"(?:twice|double|two times|2x|three times|triple) (?:the |its |my |their )?(?:size|normal"
    r"|as big|as swollen)",
    "(?:두|세|2|3) ?배(?:로|나|는|가까이|정도)?(?:[가-힣]{0,3}?)(?:부었|부어|커졌|붓|부풀)",
    "(?:찌르는|찌르듯|찢어지는|칼로)(?:[가-힣]{0,3}?)(?:아파|아프|통증)",
    "심한통증",
    "(?:극심한|엄청난|극심|날카로운|찌르는)통증",
    # "소용없어요" (no use) holds its own "없": never read as "no pain".
    "진통제(?:를|도)?(?:[가-힣]{0,10}?)(?:안들|소용(?:이|도|가)?없|효과(?:가|도)?없|계속|그대로"
    "|안먹혀|듣지않|안듣|아파|아프|안나아)",
    "(?:약|타이레놀|진통제|이부프로펜)(?:을|를)?(?:먹어도|먹었는데도|먹었는데)(?:[가-힣]{0,4}?)"
    "(?:안들|소용(?:이|도|가)?없|효과(?:가|도)?없|계속|아파|아프|안나아|안낫|그대로|똑같)",
    "잠(?:을|도)?(?:못잘|못자|못잤|설칠)",
    "못견디",
    "죽을(?:것|거)?같(?:이|게|아)?아",
    "미치(?:게|겠)",
    "미친듯(?:이)?(?:[가-힣]{0,2}?)(?:아파|아프|쑤셔|욱신)",
    "돌(?:처럼|같이|덩이처럼)(?:[가-힣]{0,2}?)(?:딱딱|단단)",
    "(?:엄청|많이|되게|진짜|정말|완전|넘|겁나|개)아[파프퍼]",
    "울(?:정도|만큼)",
    "(?:통증|아픈거|아픔)(?:이|가)?(?:[가-힣]{0,3}?)(?:심해|심하|심함|악화|더해|커지|커져)",
    "통증(?:이|은)?(?:점점)?(?:더)?(?:심해|심하|심함|악화)",
    # Worse than before: "통증이 어제보다 훨씬 심해요", "아까보다 더 부었어요".
    "(?:어제|전|아까|지난번|처음|아침)보다(?:[가-힣]{0,4}?)(?:심해|심하|더아파|더아프|더부었|더부어|더커|더빨개)",
    "심하게아[파프퍼]",
    "너무아[파프퍼]",
    "점점(?:더)?아[파프퍼]",
    "더아파[져지]",
    "못참",
    "참을수(?:가)?없",
    "진통제(?:를)?(?:먹어도|먹었는데도|먹었는데)(?:안들|소용(?:이|도|가)?없|계속)",
    "입(?:이|을)?(?:잘)?(?:안벌어|못벌려|못벌리|안열려|못열)",
    "입(?:이|을)?(?:[가-힣]{0,8}?)(?:안벌어|못벌려|못벌리|안열려|벌어지지(?:가)?않)",
    "입(?:을|이)?벌리기(?:가)?(?:힘들|어렵|불편|힘)",
    "턱(?:이)?(?:안벌어|안움직|잠겼|굳었)",
)

# Replies that say all is well.
ALL_GOOD: tuple[str, ...] = (
    r"fine|good|great|ok(?:ay)?|okey|k|well|better|perfect|amazing|awesome|happy|normal",
    r"satisf(?:ied|actory)|pleased|excellent|fantastic|glad|grateful|thankful",
    r"all (?:good|fine|well|ok|okay|great)",
    r"(?:doing|feeling|healing|going|looking|recovering|settling) (?:well|good|great|fine|ok|okay"
    r"|nicely|nice|better|really well|so well)",
    r"no (?:problems?|issues?|complaints?|concerns?|worries|changes?)|not (?:too )?bad",
    r"nothing(?: to report| unusual| wrong| new|'s wrong| is wrong)?|none|nope|no",
    r"thanks?(?: you)?|thx|ty|cheers",
    r"love (?:it|the results?|my (?:new )?(?:face|look|results?))"
    r"|looks? (?:good|great|amazing|natural)",
    r"not really|nothing really|not at all",
    r"good as gold|right as rain|fit as a fiddle|tickety[- ]?boo|(?:all )?sweet as|all sweet"
    r"|(?:all )?healed(?: up| nicely| well)?|never better|couldn'?t be better|she'?ll be right"
    r"|(?:muchas )?gracias|merci|danke|arigato|xie ?xie|spasibo|salamat|cam on|natural"
    r"|(?:all )?smooth(?: now)?|can'?t complain|okey[- ]?dokey|fab(?:ulous)?|comfy|comfortable"
    r"|(?:even|same) (?:on )?both sides|both sides (?:are |look |looks )?(?:even|the same)"
    r"|symmetr\w*|thank(?:s)? god|nothing like that",
    "👍|👌|🙂|😊|😀|😁|😄|❤️|❤|🙏|✅|💕|😍|🥰|☺️|☺",
    "괜[찮찬챃]",
    "괸찮",
    "괞찮",
    "갠찮",
    "괜차나",
    "갠춘",
    "괜춘",
    "좋[아습네은]",
    "문제(?:가|는)?없",
    "이상(?:이|은|는)?없",
    "별(?:일|문제|이상)?(?:이|은|는)?없",
    "감사",
    "고마",
    "고맙",
    "잘지내",
    "잘지냅",
    "특이사항(?:은|이|도)?없",
    "이상무",
    "별일(?:이|은)?없|잘있|경과(?:가|는)?좋|(?:젊어|환해|좋아)졌",
    "정상(?:이에요|입니다|이야|임|이고|이에여|이예요)",
    "괘안|아무일(?:도)?없|별탈(?:이|은)?없|탈(?:이|은)?없",
    "잘한(?:거|것)같|잘했",
    "걱정(?:마|하지마|안하|마세요|마셔|붙들어)",
    "(?:원래대로|정상으로|예전처럼|다)돌아왔",
    "(?<!많이)(?<!별로)(?<!그렇게)(?<!그리)(?<!크게)(?:하나도|전혀|이제|이젠|다)?안아(?:파|프|픔)",
    "피(?:가|는|도)?(?:다|이제|금방)?(?:멈췄|멎었|그쳤|멈춤)",
    "잘(?:보여|보이|감겨|감기|움직|쉬어|쉬고|쉬어져|삼켜|넘어가)",
    "숨(?:쉬는|쉬기|쉬는것|쉬는거)?(?:것도|도|는|은)?(?:전혀|아무)?(?:괜찮|편해|편하|문제없)",
    "(?:숨쉬|숨쉬는)(?:데|는데|것)(?:는|도)?(?:문제|이상)(?:는|도|가)?없",
    "걱정(?:해)?(?:주셔서|줘서|해주셔서)",
    "회복(?:이)?(?:잘|중|하고|되고|됐|되는|했)",
    "아무렇지(?:도)?않",
    "아무(?:렇지|이상|문제)?(?:도)?없",
    "멀쩡",
    "자연스러|자연스럽",
    "암시랑|암시롱|암씨랑",
    "(?:다)?(?:나았|나으셨|낳았|낳으셨|낫았)",
    "없(?:대요|답니다|다고|다네요|대|데요)",
    # Dialect and quick typing for 괜찮아요: "개안아예", "괜안아요", "괜춘".
    "(?:개안|괜안|갠찮|괜찬|갠춘|괜춘)",
    "나아[졌지]",
    "만족",
    "ㅎㅎ",
    r"\^\^",
    "ㄱㅅ",
    "ㅇㅋ",
    "ㄱㅊ",
    "오케이",
    "오키",
    "불편(?:한)?(?:거|것|게|데|점)?(?:은|이|는|도)?(?:하나도|전혀|별로|딱히)?없",
    "라인(?:이)?(?:살아|예뻐|이뻐)|(?:아무도|다들)(?:[가-힣]{0,6}?)(?:몰라|모르)",
    "(?:맘|마음)에(?:들|쏙)|예뻐(?:졌|져서|요)|이뻐(?:졌|져서|요)",
    "아니(?:요|오)",
    "(?<!수)(?<!수가)(?<!수도)(?<!수는)없(?:어요|습니다|음)",
)

# A bare "yes": an acknowledgement of an instruction, but no answer to a check prompt.
ACKNOWLEDGE: tuple[str, ...] = (
    r"yes|yeah|yep|yup|sure|got it|understood|will do|noted|received|acknowledged"
    r"|confirm(?:ed|ing)?"
    r"|see (?:you|ya|u)\b|(?:i'?ll|will) be there|roger(?: that)?|cool|can make (?:it|the)"
    r"|(?:i'?ll|will) come|got your (?:message|text)",
    # Confirming a visit: "목요일에 갈게요", "내일 뵐게요".
    "(?:갈|뵐|올|방문할|방문하겠|가겠|뵙겠|오겠)(?:게|께)?(?:요|습니다)",
    "(?:시에|요일에|일에|날에) ?(?:가요|갑니다|와요|옵니다)",
    "ㄳ",
    r"^(?:ta|sweet(?: as)?|sorted|cheers|ty|thx|tq)\b",
    # Anchored: these syllables start many other Korean words ("좋네요", "예약").
    "^(?:네|넵|예|넹|넴|웅|응|ㅇㅇ)+(?![가-힣])",
    "알겠",
    "확인(?:했|함|요|합니다|완료|$)",
    "(?:잘)?받았(?:어요|습니다|어)",
    "예약(?:이|은|시간)?(?:[가-힣0-9 ]{0,3}?)(?:맞습니다|맞아요|잡혀있|알고있)",
    "^넵",
    "알았",
)

# Questions and requests for contact: someone has to answer them.
QUESTION: tuple[str, ...] = (
    r"\?",
    r"^(?:is|are|should|can|could|do|does|did|will(?! do| be there)|would"
    r"|how (?:long|do|can|much)|why)(?!')",
    r"is (?:it|this|that) (?:normal|ok|okay|expected|bad)",
    r"should i|do i need|call me|please call|^help|help me|need help|not sure|unsure|don'?t know"
    r"|no idea|idk|dunno|no clue|can'?t tell",
    "인가요",
    "건가요",
    "되나요",
    "까요",
    "는지",
    "정상인가",
    "어떡하",
    "어떻게(?:하|해)",
    "해도되",
    "전화(?:주|부탁|해주|좀|해줘)",
    "연락(?:주|부탁|해주)(?!셔서|어서)",
    "궁금",
    "모르겠",
)

# Words that make unrecognised text look clinical rather than chit-chat.
BODY_WORDS: tuple[str, ...] = (
    r"face|cheeks?|skin|jaw(?:line)?|chin|neck|eyes?|lips?|mouth|temples?|ears?",
    r"threads?|stitch(?:es)?|incision|scar|wound|area|side",
    "얼굴",
    "뺨",
    "피부",
    "턱",
    "시술",
    "볼살",
    "입가",
    "눈가",
    "관자",
    "귀밑",
    "부위",
)

# Long, distinctive words worth correcting one typo in ("dimpel", "swolen", "feaver").
FUZZY_WORDS: frozenset[str] = frozenset(
    """
    dimple dimples dimpled dimpling dented indent indentation puckering puckered
    thread threads visible palpable ripple ripples rippling hollow sunken gaunt
    cheekbone cheekbones prominent asymmetry asymmetric asymmetrical lopsided uneven
    swelling swollen painful aching bruise bruises bruised bruising purple
    fever feverish temperature discharge oozing infection infected redness spreading
    smelling numbness tingling severe unbearable excruciating worsening throbbing
    sticking poking exposed extruding allergic allergy breathe breathing breath swallow
    swallowing bleeding blurry blurred vision drooping droopy paralysis paralyzed hematoma
    wheezing
    """.split()
)

# Short misspellings the fuzzy match leaves alone (it corrects words of five letters or more).
SHORT_TYPOS: dict[str, str] = {
    "fevr": "fever",
    "feva": "fever",
    "fver": "fever",
    "chils": "chills",
    "chilz": "chills",
    "cnt": "can't",
    "cnat": "can't",
    "breth": "breath",
    "brth": "breath",
    "blod": "blood",
    "bleding": "bleeding",
    "puss": "pus",
    "eys": "eyes",
    "vison": "vision",
    "swolen": "swollen",
    "grate": "great",
    "gud": "good",
}

# Ordinary words one edit away from a FUZZY_WORDS entry: never "correct" these.
FUZZY_STOP: frozenset[str] = frozenset(
    """
    fewer denied dotted infested thready treads spending several purpose injected injection
    acting stinking spelling selling intent dropping breeding bleeping
    """.split()
)

# How staff read a finding code in a reason.
FINDING_LABELS: dict[str, str] = {
    "dimple": "dimple or dent",
    "visible_thread": "visible or palpable thread",
    "thread_exposure": "thread coming through the skin",
    "rippling": "rippling",
    "hollow_cheek": "hollow cheeks",
    "prominent_cheekbone": "prominent cheekbones",
    "asymmetry": "asymmetry",
    "pain_swelling": "pain or swelling",
    "bruising": "bruising",
    "infection_sign": "redness, warmth, discharge or fever",
    "numbness": "numbness",
    "other": "another problem",
    "breathing_swallowing": "trouble breathing or swallowing",
    "allergic_reaction": "allergic reaction",
    "facial_weakness": "facial weakness or drooping",
    "vision_change": "change in vision",
    "heavy_bleeding": "bleeding that does not stop",
    "skin_colour_change": "skin colour change (blood supply)",
}

# Options whose wording is more specific than their finding codes.
OPTION_LABELS: dict[tuple[str, str], str] = {
    ("day1_check", "3"): "severe or worsening pain",
    ("day1_check", "5"): "trouble opening the mouth",
    ("day2_infection_check", "3"): "severe or worsening pain",
}

# Words that negate a finding mentioned up to a few words later ("no fever", "don't see").
NEGATORS = (
    r"no|not(?! sure| certain)|nothing(?:'s| is)? wrong with"
    # "nothing poking out", but not "nothing helps the pain".
    r"|nothing(?! (?:helps|helped|works|worked|touches|touched|stops|is helping|will|can))"
    r"|don'?t(?! know)|doesn'?t|didn'?t"
    r"|isn'?t|aren'?t|wasn'?t"
    r"|haven'?t|hasn'?t|hadn'?t|without|none|never|nor|neither|zero"
)
# Words after a finding that say it has gone ("swelling has gone down", "bruises fading").
RESOLVED = (
    r"gone|went away|went(?= by\b)|disappeared|resolved|faded|fading|cleared|subsided|settled"
    # "going down my neck" is spreading, not settling.
    r"|(?:gone|went|come|came) down(?! (?:my|her|his|the|to|into|towards?|onto|past))"
    r"|(?:much |a lot |way )?better"
    r"|fine|ok|okay|normal|good|clear(?! (?:fluid|liquid|discharge|stuff|goo|water|yellow))"
    r"|perfect|great"
    r"|stopped|back to normal|(?:all )?gone now"
    # Not "less": "swelling less than yesterday but still there" is still there.
)
# Korean endings after a finding that negate it ("보조개 없어요", "고름 안 나와요") ...
KO_NEGATORS = (
    # "일어설 수가 없어요" (cannot stand up) says what the patient cannot do, not "no".
    r"(?<!수)(?<!수가)(?<!수도)(?<!수는)없|아니|않|(?<![편불미])안(?:나|보|만져|느껴|생|부|아프|아파|들|튀|비)|못느끼"
    r"|빠졌|빠져서|빠짐|가라앉았|가라앉아|사라졌|나아졌|없어졌"
    # All gone, though said in the present: "부기도 다 빠지고 좋아요".
    r"|다(?:빠지|가라앉|사라지|없어지|줄어)"
    r"|멈췄|멎었|그쳤|ㄴㄴ|노노|제로"
)
# ... unless they say it will not go away ("멍이 안 없어져요", "부기가 안 빠져요").
KO_PERSISTS = (
    r"안없어|없어지지않|없어지질않|안빠|빠지지않|빠지질않|그대로|계속|여전|남았|남아"
    r"|아직(?:좀|조금|살짝|약간)?(?:있|남)"
)

# Words that say something which had gone away is back: "the swelling went down but now
# it's coming back", "부기가 빠졌다가 다시 생겼어요". A return after improvement is never the
# expected course (infection, haematoma), so it grows whatever finding the reply named, even
# in an earlier sentence. Not the patient coming back ("I'll come back on Friday"), nor a
# bare "again" ("thanks again"), which counts only beside a finding (TRAJECTORY).
_PATIENT_SUBJECTS = ("i", "i'll", "ill", "i will", "we", "we'll", "can i", "should i", "to")
_NOT_THE_PATIENT = "".join(f"(?<!{who} )" for who in _PATIENT_SUBJECTS)
_RECURRING_KO = (
    "(?=생기|생겼|생겨|부었|부어|붓|올라|아프|아파|빨개|빨갛"
    "|열|심해|커|나타|튀어|보이|보여|만져|덧)"
)
RECURRING: tuple[str, ...] = (
    _NOT_THE_PATIENT + r"(?:coming|came|come|comes) back(?! (?:from|home|to|for|on|next)\b)"
    r"|(?:is|are|it's|its) back(?! (?:to|at|in|home|from|on)\b)|back again|up again"
    r"|(?:has|have|it|they|now) returned|returned (?:again|today)"
    r"|re-?appear\w*|recurr\w*|flared? (?:up|again)|flaring(?: up)?",
    "다시" + _RECURRING_KO,
    "또" + _RECURRING_KO,
    "재발",
    "도졌",
    # Fine for a while, then not: "2주 지나서 다 괜찮았는데 갑자기 한쪽이 벌개지고".
    "(?:괜찮았|괜찮아졌었|나았었|멀쩡했)(?:는데|다가|었는데)",
    "도져",
    "도지",
)
# "going down more and more" improves; "more and more" alone grows.
_IMPROVING = "down less fading better easing improving decreasing settling reducing healing"
_NOT_IMPROVING = "".join(f"(?<!{word} )" for word in _IMPROVING.split())
# Words that say a finding is growing or coming back ("bigger every day", "점점", "다시").
# With pain or swelling they make a reply urgent; with another finding, a concern at least.
TRAJECTORY: tuple[str, ...] = (
    # Not "it was worse before": better now.
    # ... nor "worse in the mornings": swelling that comes and goes with the day.
    r"(?<!was )(?<!were )worse\w*(?! (?:before|at first|initially|earlier|in the beginning"
    r"|in the mornings?|first thing|when i (?:wake|get) up))"
    r"|worsening|getting bigger|gets bigger|got bigger|bigger (?:every|each|by the) "
    r"(?:day|hour)|"
    + _NOT_IMPROVING
    + r"more and more|(?:every|each) day (?:more|worse|bigger)|keeps? (?:getting|growing"
    r"|spreading|coming back)|spreading|growing|increasing|again|back again|came back|coming back"
    r"|is back|by the hour|more (?:than|since) yesterday"
    r"|darker|bigger|larger|deeper|redder|more swollen|by the minute|building|build(?:s|ing)? up"
    r"|ramping up|every (?:couple|few) (?:of )?(?:hours|hrs)",
    *RECURRING,
    # Not "점점 빠지고 있어요" (going down bit by bit): that is the expected course.
    "점점(?!(?:더)?(?:빠지|빠져|줄어|줄고|가라앉|나아|좋아|괜찮|사라|옅어|연해|풀려|풀리|덜|말랑|부드러|작아))",
    "갈수록(?!(?:더)?(?:빠지|빠져|줄어|줄고|가라앉|나아|좋아|괜찮|사라|옅어|연해|덜|풀려|풀리))",
    "다시",
    "더심해",
    "심해졌",
    "심해지",
    "심해져",
    "심해짐",
    "악화",
    "커지",
    "커졌",
    "커져",
    "번지",
    "번져",
    "퍼지",
    "퍼져",
    # Not "어제보다 부기 좀 빠진 것 같아요" (less swollen than yesterday).
    "어제보다(?:더)?(?=심|부|아|커)(?!부기(?:가|는|도)?(?:좀|많이|조금|살짝|다|좀더)?(?:빠|줄|가라))",
    "어제보다(?:[가-힣]{0,6}?)(?:더|훨씬)(?=(?:더)?(?:쑤|아|심|부|커|붓|욱))|더(?=아파|아프|쑤셔|쑤시)",
    "날마다",
    "시시각각",
    "(?:첫날|어제|아까|처음)보다(?:[가-힣]{0,2}?)(?:더|훨씬)(?=함|심|아|부|커|붓)",
    "매일(?:더)?(?=부|커|심|아)",
)
# The ones that say "worse" even with no finding named ("it's getting worse", "더 심해졌어요").
WORSE: tuple[str, ...] = (
    r"worse\w*|worsening",
    "심해",
    "악화",
    "갈수록",
    "점점",
)
# Words that say an expected finding is not going away: with one, it is at least a concern;
# alone ("it's not getting better"), a concern too.
PERSISTING: tuple[str, ...] = (
    r"not (?:getting |any )?better|not improving|(?:hasn'?t|haven'?t|isn'?t|aren'?t|is not|not)"
    r" (?:gone|going|come|coming) (?:down|away)|won'?t go (?:down|away)"
    r"|(?:hasn'?t|hasnt|haven'?t|havent|isn'?t|not) (?:\w+ )?(?:faded|fading|improved|shrunk"
    r"|changed)"
    r"|same as (?:before|yesterday)",
    "안나아",
    "안낫",
    "나아지지(?:가|를)?않",
    "(?:안|잘안)빠져",
    "빠지지(?:가|를)?않",
    "안가라앉",
    "안없어(?:져|지)",
    "그대로",
    "여전",
)

# Words a clause may hold besides what it says about the patient, when judging whether the
# whole reply was understood as all-well ("everything is fine, see you next week").
FILLER: frozenset[str] = frozenset(
    """
    i i'm im i've ive it it's its is are was were be been am a an the so very really quite pretty
    much just still all everything everything's and or but my me you your we our us doctor dr doc
    hi hello hey dear lol haha hehe today now yet too also at in on of to for with as here there
    any anything ever oh ah sir madam maam morning evening afternoon night x xx xo xoxo see soon
    sure this that has have had thank thanks asking checking check in reply message great news
    love result results happy super totally completely absolutely definitely seems seem think
    guess far mom mum mother dad her she his he they them their daughter son wife husband sister
    brother friend face cheek cheeks skin side sides left right both area day days week weeks
    about since after procedure yesterday tomorrow last next every everyone team nurse kim lee
    park clinic again appreciate you're youre doing feeling feel feels looks look looking going
    healing recovering getting got pretty nice lovely wonderful care caring kind kindly will
    follow up appointment visit nicely guys best awesome amazing staff wonderful helpful resting
    rest home sleeping sleep back told instructed following instructions advice taking easy tired
    so far little bit slightly kinda sort can breathing breathe smiling smile eating talking
    walking working reminder routine vision normal usual moment whatsoever u ur atm already
    currently work job office then lot lots plenty such help support kindness time reply texts
    text message messages replying getting
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun tonight noon pm am oclock o'clock says said say sounds she's he's they're we're
    loving sorted grand gucci np lookin feelin
    gone went away disappeared resolved cleared smoothed out healed faded settled since
    th st nd rd sirs report enquiry inquiry yours faithfully sincerely regards wishes warm
    wanted want girls ladies everybody nobody anybody could tell notice noticed club friends
    family grandkids kids church gym come planned scheduled booked ta writing perfectly shes
    hes ins check-ins tbh ngl honestly tho though fully keeping keep eye him review one two
    sorry late mention unusual forward seeing read concerns noticed anything done even glad
    did btw hope ur x well lol thats that's thing works normally swallowing swallow eye eyes by
    three four five six seven eight nine ten twelve
    """.split()
)
KO_FILLER: tuple[str, ...] = (
    "안녕하세요",
    "안녕",
    "선생님",
    "원장님",
    "실장님",
    "지금",
    "아직",
    "이제",
    "정말",
    "진짜",
    "완전",
    "너무",
    "아주",
    "덕분에",
    "덕분",
    "저는",
    "저도",
    "엄마",
    "어머니",
    "오늘",
    "어제",
    "벌써",
    "많이",
    "잘",
    "다",
    "좀",
    "네",
    "예",
    "요",
    "ㅎ",
    "ㅋ",
    "ㅠ",
    "ㅜ",
    "특별한",
    "특별히",
    "별다른",
    "건",
    "것",
    "거",
    "있어요",
    "있습니다",
    "지내고",
    "고",
    "해요",
    "합니다",
    # The day and time of a visit being confirmed.
    "(?:월|화|수|목|금|토|일)요일(?:에|날|날에)?",
    "내일",
    "모레",
    "오전",
    "오후",
    "시에",
    # A relative writing for the patient: "딸이 대신 보내요".
    "(?:딸|아들|며느리|남편|아내|와이프|가족|손녀|손자)(?:이|가)?",
    "대신",
    "보내(?:요|드려요|드립니다|ㅂ니다)",
    "예약(?:변경)?(?:없이)?",
    # A side effect said to have gone since ("멍이 있었는데 지금은 다 빠졌어요").
    "(?:지금은|이제는|지금|이제)?(?:다|완전히|전부|싹|전혀|하나도)?"
    "(?:없어졌|사라졌|빠졌|나았|괜찮아졌|가라앉았|안그래|안그러)(?:어요|요|습니다|네요|어)?",
    "(?:\\d+)?(?:일|주)째(?:에|인데|예요|에요|입니다)?",
    "(?:지났|됐|되었)(?:는데|어요|고|네요)?",
    "(?:딸|아들|며느리|남편|아내|와이프)(?:인데요|입니다|예요|이에요)",
    "어머님|아버님|어머니|아버지|시어머니|집사람",
    # A name with a title or a signature: "박지현 실장님", "김정숙 드림".
    "[가-힣]{1,3}(?:실장|원장|선생|간호사|팀장)님|[가-힣]{2,4}(?:드림|올림)",
    "(?:약|항생제|진통제)(?:을|를|도)?(?:다|잘|마지막으로|오늘)?(?:먹었|먹고있|먹어요|먹고)(?:고|어요|습니다)?",
    "답장(?:드려요|드립니다|드려|해요)",
    "만점(?:에|중|중에)?",
    "다음(?:달|주)|이번(?:달|주)|컨디션|방문(?:일정)?|일정|그날|(?:으로|로)?바뀐(?:거|것)|(?:한|두|세)?달",
    "(?:하루|이틀|사흘|나흘|며칠|일주일)만에",
    "(?:지난주|지난번|첫날|처음|첫주|그저께|그제|어제|며칠|이틀|사흘|나흘)(?:에|엔|에는|은|는|까지|까진|동안)?",
    "(?:되|지나|보)니(?:까)?",
    "(?:\\d+)?점(?:이에요|입니다|예요|이요)?",
    "전해(?:달래요|달라고|드려요|주세요|달라셔서)",
    "(?:신경|챙겨|연락|물어봐|걱정해)(?:써)?(?:주셔서|줘서|주시고)",
    "(?:괜찮|감사하)다고",
)
