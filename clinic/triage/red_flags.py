"""Red flags: replies a telephone-triage nurse would send to urgent or emergency care.

Read by a clinician: each list holds regular-expression fragments, matched like the
tables in ``phrases`` (English as whole words on lower-cased text; Korean as plain
substrings on text whose spaces between Hangul syllables were removed). ``\\w+ `` stands
for "any one word", so ``(?:\\w+ ){0,2}`` allows up to two words in between.
A red flag makes the whole reply ``urgent`` whatever else it says, unless it is negated
in its own clause ("no trouble breathing").
"""

# A greeting before a reply that is only a word or two ("hi doctor, help", "선생님 피나요").
_GREETING = r"(?:(?:hi|hello|hey|dear|um|so|sorry)\W+)?(?:(?:doctor|dr|doc|nurse|there|team)\W+)?"
_KO_GREETING = r"(?:(?:선생님|원장님|실장님|저기요|안녕하세요)\W*)*"
# ... and a question or a mood after it ("bleeding, is that normal?", "피나요 괜찮을까요?").
_ASKING = r"(?:\W+(?:is (?:that|this|it) (?:normal|ok|okay)|what (?:do|should) i do|:\())?\W*$"
_KO_ASKING = (
    r"(?:괜찮을까요|괜찮나요|괜찮은가요|정상인가요|정상이에요|어떡해요|어떻게해요|ㅠ|ㅜ|\W)*$"
)


# Finding code -> phrases. The patient's answer names the emergency number for these.
RED_FLAGS: dict[str, tuple[str, ...]] = {
    "breathing_swallowing": (
        r"(?:can'?t|cant|cannot|can not|couldn'?t|hard to|harder to|difficult to|difficulty"
        r"|trouble|struggl\w*(?: to)?|problems?|unable to|hurts to|painful to|barely|hardly"
        r"|scarcely|not able to|(?:haven'?t|have not|hasn'?t|has not) been able to"
        r"|pain when i|hurts when i|(?:a )?hard time|(?:a )?tough time) (?:\w+ ){0,3}(?:breath\w*"
        r"|swall?o\w*|get (?:enough )?air"
        r"|catch (?:my|her|his) breath)",
        r"not breath\w* (?:well|right|properly|normally|good|ok|okay)",
        # Konglish: "breathing 힘들어요", "swallow 하기 어려워요".
        r"(?:breath\w*|swall?o\w*) ?(?:이|가|도|하기|하기가|하는게|하는 게|할때|할 때)?"
        r" ?(?:좀|너무|많이|잘|넘)? ?(?:힘들|힘드|어렵|어려|곤란|안돼|안되|안 돼|안 되|못"
        r"|불편|답답)",
        r"short(?:ness)? of breath|out of breath|breathless\w*|wheez\w*|gasping|gasp for air"
        r"|chok\w*"
        r"|stridor|suffocat\w*|drool\w*(?! over| at)",
        r"(?:breathing|breath|breathe) (?:is |feels |got |getting |sounds )?(?:really |very |so "
        r"|a bit |kind of |kinda |pretty |quite |super )?(?:hard|difficult"
        r"|short|fast|noisy|heavy|weird|funny|tight|shallow|laboured|labored|harder)",
        r"(?:throat|airway|windpipe)s?(?: is| feels| feel| getting| got| has| keeps|'s)? "
        r"(?:\w+ ){0,2}(?:tight\w*|swell\w*|swollen|closing|closed|clos\w* up|narrow\w*"
        r"|blocked|constrict\w*|thick|smaller|narrower|closing in)",
        r"(?:tight|swollen|swelling in (?:my |the |her |his )?|closing|scratchy and tight) throat",
        # Said by comparison: "breathing thru a straw", "a golf ball in my throat", "whistly".
        r"throat (?:\w+ ){0,2}like\b|breath\w* (?:\w+ )?(?:thru|through) a straw|whistl\w*"
        r"|get (?:enough )?air|gulp\w* (?:for )?air|air hungry|(?:sit|sitting|stand|standing)"
        r" (?:bolt )?upright to (?:breathe|get)|(?:sitting|standing|weight) on"
        r" (?:my |her |his |the )?(?:neck|throat)"
        r"|(?:can'?t|cant|cannot|hard to|trouble|struggl\w* to) breed\b"
        r"|(?:ball|rock|stone|pebble) (?:\w+ ){0,2}(?:stuck )?in (?:my |her |his |the )?throat",
        r"(?:struggl\w*|hard|harder|trouble|difficult\w*|can'?t|cannot|problems?)\b[^.!?]{0,30}"
        r"\b(?:get|getting|to get) (?:\w+ ){0,2}(?:down|past)\b",
        r"(?:lump|something|somethings|something's) (?:is )?(?:stuck )?in (?:my|the|her|his) throat"
        r"|stuck in (?:my|the|her|his) throat",
        r"lips? (?:are |is |turning |turned |look |looks |went )?(?:blue|purple|grey|gray)",
        "숨(?:을|이|도)?(?:[쉬시](?:기|는게|는것|는데|기가|기도|기조차|기는|는게좀|ㄹ때)?)?"
        "(?:가|도|좀|잘|너무|많이|이|조차)?"
        "(?:차|막|안쉬|못쉬|안쉬어|답답|헐떡|가빠|가쁘|힘들|힘드|힘듦|힘든|어렵|어려|안|못|곤란|불편|버거|벅차|벅참)",
        "넘기(?:기|는게|는것|기가|기도)?(?:가|도|좀|너무)?(?:힘들|힘드|어렵|어려|불편|곤란|안돼|안되|못|빡빡|뻑뻑)",
        "목(?:구멍)?(?:에|이)(?:[가-힣]{0,3}?)걸린(?:것|거|듯)|겨우넘|간신히넘|목소리(?:가)?(?:[가-힣]{0,4}?)(?:쉰|쉬었|갈라|안나와)"
        "|숨(?:이|도)?(?:[가-힣]{0,2}?)느려",
        "(?:못|안|잘안)넘어가",
        "넘어가지(?:가|를)?않",
        "호흡(?:이|곤란|이힘|이어렵|이가쁘|곤난|하기|이안|이불)",
        "숨막",
        "숨(?:이|가)?(?:[가-힣]{0,2}?)(?:모자라|모자래|부족|딸려|딸리)",
        "(?:숨|호흡)(?:[가-힣]{0,6}?)(?:쌕|휘익|휘이|그르렁|가르랑|쇳소리)|휘익휘익|그르렁",
        "숨(?:이|도)?(?:턱턱|턱|꽉|컥컥|콱)막",
        "헐떡",
        "쌕쌕",
        "색색거",
        "캑캑",
        "질식",
        "기도가",
        "삼키(?:기|는게|는것|기가|는데|려|면)?(?:가|도|좀|너무)?"
        "(?:힘들|힘드|어렵|어려|불편|아파|아프|곤란|안돼|안되|못|걸려)",
        "(?:못|안)삼키",
        "(?:못|안)삼켜",
        "삼킬(?:수|때)",
        "삼켜지지(?:가|를)?(?:않)?",
        "침(?:을|도|이)?(?:못|안|잘안)?삼키",
        "침(?:을|도|이)?(?:못|안|잘안)?삼켜",
        "침(?:을|이)?흘",
        "(?:(?<![가-힣])|(?<=[님요고데서다는은]))목(?:이|안|구멍|안쪽|안이|구멍이|속이)?(?:[가-힣]{0,5}?)(?:조이|조여|조임|막히|막혀|좁아)",
        "목(?:이|안|구멍|안쪽|안이|구멍이|속이)?(?:가|이|도|좀|너무|점점|계속|자꾸|막)?"
        "(?:조이|조여|조임|막히|막혀|막힌|꽉막|답답|좁아|부어|부었|붓|잠기|잠겼)",
        "입술(?:이|가|도|이랑|하고|색)?(?:[가-힣]{0,2})?(?:파랗|파래|보라|퍼렇|시퍼)",
    ),
    "allergic_reaction": (
        r"lips? (?:\w+ ){0,4}(?:they'?re|they are) (?:swell\w*|swollen|puff\w*)",
        r"hives|welts|anaphyla\w*|al+erg\w*|epi ?pen|epinephrine",
        r"(?:eyelids?|eyes?|face) (?:\w+ ){0,2}(?:ballooning|balloon\w*|puff\w* up|swell\w* up)"
        r"|broke out in (?:a |an )?(?:\w+ )?(?:rash|hives|welts|spots|bumps)",
        r"(?:tongue|lip[sz]?|mouth)(?: is| are| r| feels?| got| getting| has| have| keeps|'s)? "
        r"(?:\w+ ){0,3}(?:swell\w*|swollen|puff\w*|thick\w*|huge|big\w*|fat|tingl\w* and swell"
        r"|massive|enormous|ginormous|giant|gigantic|swole|doubled"
        r"|blew up|blown up|blowing up|balloon\w*)",
        r"(?:swollen|swelling|puffy|fat|huge|thick|big|massive|enormous|giant) (?:\w+ )?(?:lips?"
        r"|tongue)",
        # Swelling with the lips or tongue named after it, or with an itchy rash or hives.
        r"(?:swell\w*|swollen|puff\w*|blew up|blown up|balloon\w*)\b[^.!?]{0,60}?\b"
        r"(?:lips?|tongue|throat) (?:too|also|as well|aswell|are too|is too)\b",
        r"(?:swell\w*|swollen|puff\w*|blew up|blown up|balloon\w*)\b[^.!?]{0,60}?\b"
        r"(?:itchy|itching|red|raised) (?:\w+ )?(?:rash|bumps|spots|blotches)",
        r"(?:itchy|itching) (?:\w+ )?(?:rash|bumps|spots|blotches)\b[^.!?]{0,60}?\b"
        r"(?:swell\w*|swollen|puff\w*)",
        r"(?:lips?|tongue) (?:\w+ )?(?:swelling|swollen|puffed)",
        r"(?:face|eyes?|eyelids?) (?:\w+ ){0,2}(?:swell\w* shut|swollen shut|puffed shut)",
        r"(?:can'?t|cannot|cant|unable to|hard to) (?:fully |even )?open"
        r" (?:my |her |his |the |both |one )*eyes?",
        "눈(?:한쪽|양쪽|왼쪽|오른쪽)?(?:을|이|도)?(?:잘|제대로)?(?:못떠|못뜨|안떠|뜰수(?:가)?없|뜨기(?:가)?힘)",
        r"rash (?:all over|everywhere|spreading|on my (?:body|chest|arms|neck|back))",
        r"(?:all over|whole|entire) (?:my |her |his )?body (?:\w+ )?(?:rash|itch\w*|hives|red\w*"
        r"|bumps|blotch\w*)",
        r"itch\w* (?:all over|everywhere)|(?:bumps|red bumps|welts|rash) (?:\w+ ){0,2}"
        r"(?:all over|everywhere)",
        r"(?:throat|tongue|mouth|palate) (?:is |feels |getting |got |'s )?(?:\w+ )?itch\w*"
        r"|itch\w* (?:throat|tongue|mouth)",
        "목(?:이|안|구멍|안쪽)?(?:[가-힣]{0,2}?)(?:간지러|간질|가려|가렵)",
        "혀(?:가|도)?(?:[가-힣]{0,2}?)(?:간지러|가려|가렵)",
        # Allergy to a medicine: itchy spots or swelling after taking it.
        # Lookaheads keep the hit short, so the words between are read as well.
        r"(?:after|since) (?:i |she |he )?(?:taking|took|started|starting|began|the|my|a)"
        r" (?:\w+ ){0,3}(?:pills?|tablets?|antibiotics?|medicines?|meds?|painkillers?|drugs?)\b"
        r"(?=[^.!?]{0,60}\b(?:rash\w*|spots|itch\w*|bumps|blotch\w*|hives|welts)\b)",
        r"(?:rash\w*|hives|itch\w*|swell\w*|swollen|puff\w*|huge)\b(?=[^.!?]{0,60}\b"
        r"(?:after|since) (?:i |she |he )?(?:taking |took |started |starting |began |the |my |a )?"
        r"(?:\w+ ){0,2}(?:pills?|tablets?|antibiotics?|medicines?|meds?|painkillers?|drugs?)\b)",
        # Stings and bites: a telephone nurse asks about swelling and dizziness at once.
        r"(?:stung|sting|stings|bitten|bit) (?:\w+ ){0,2}(?:by )?(?:a |an )?(?:bee|wasp|hornet"
        r"|jellyfish|snake)s?|(?:bee|wasp|hornet) stings?",
        "벌(?:에|한테|에게)(?:[가-힣]{0,2}?)쏘|쏘였|말벌|뱀(?:에|한테|에게)물",
        r"(?:can only|only) see (?:\w+ )?(?:thru|through) (?:slits|cracks)|(?:eyes?|eyelids?)"
        r" (?:\w+ ){0,3}swollen (?:almost |nearly )?shut",
        r"(?:red|raised|itchy|pink) (?:\w+ )?(?:spots|bumps|blotches|patches|welts)\b[^.!?]{0,40}"
        r"\b(?:itch\w*|spreading)",
        "(?:약|항생제|진통제|소염제|주사|알약)(?:을|를)?(?:먹고|먹은후|먹은뒤|먹었더니|먹은다음|먹고나서|맞고|맞은후"
        "|맞고나서)(?:[가-힣0-9]{0,20}?)(?:반점|발진|두드러|가려|가렵|간지|벌겋|벌개|달아오르|부었|부어)",
        "(?:반점|발진|오돌토돌|좁쌀같은)(?:이|가)?(?:[가-힣]{0,8}?)(?:가려|가렵|간지)",
        "혓바닥(?:이|가)?(?:[가-힣]{0,3}?)(?:부|붓|퉁퉁|두꺼|커)",
        "두드러기",
        "풍선(?:처럼|같이|만큼)",
        "알레르기",
        "알러지",
        "알르레기",
        "아나필락시스",
        "쇼크",
        "입술(?:이|가|도|이랑|하고|랑|과)?(?:[가-힣]{0,7}?)(?:부었|부어|붓|퉁퉁|두꺼|커졌|커지|부풀|부음|두배"
        "|땡땡)",
        "(?:(?<![가-힣])|(?<=[님요고데서다는은]))혀(?:가|도|랑|이|는)?(?:[가-힣]{0,3}?)(?:부었|부어|붓|퉁퉁|두꺼|커졌|부풀|굳)",
        "혀가",
        "온몸(?:이|에|을|이랑)?(?:[가-힣]{0,8}?)(?:가려|가렵|빨개|붉|발진|올라|두드러|울긋|벌겋|벌개|달아오르"
        "|오돌토돌)",
        "전신(?:에|이)?(?:[가-힣]{0,3}?)(?:가려|가렵|발진|두드러)",
        "(?:눈|눈두덩|눈꺼풀)(?:이|가)?(?:[가-힣]{0,3}?)(?:부어서|퉁퉁부어)(?:안|못)(?:떠|뜨)",
    ),
    "facial_weakness": (
        r"droop\w*|paraly\w*|palsy|bell'?s",
        r"(?:face|mouth|lips?|eyes?|eyelids?|eyebrows?|brows?|forehead|cheeks?) (?:isn'?t|aren'?t"
        r"|is not|are not|won'?t|doesn'?t|does not|don'?t|can'?t|cannot|not) (?:\w+ )?(?:mov\w*"
        r"|lift\w*|clos\w*|work\w*|wrinkl\w*|rais\w*|frown\w*)",
        r"half (?:of )?(?:my |her |his |the )?(?:smile|face|mouth) (?:is |has )?(?:gone|missing"
        r"|not working|dead|frozen|stopped)",
        r"(?:one side|half) of (?:my |her |his |the )?face (?:\w+ ){0,3}(?:not|n'?t|won'?t) "
        r"(?:mov\w*|work\w*)",
        r"(?:crooked|lopsided|twisted|wonky|slanted|uneven|weird|funny|strange) (?:smile|mouth)",
        r"(?:smile|mouth) (?:is |looks |went |goes |seems |feels )?(?:now )?(?:crooked|twisted"
        r"|lopsided|wonky|slanted|uneven|pulled to one side|to one side|off to one side|weird|off"
        r"|strange|different|funny|not right|not the same|odd)",
        r"(?:face|mouth|lips?) (?:is |looks |goes |went |gets |seems )?(?:\w+ )?(?:crooked|lopsided"
        r"|twisted|wonky|slanted|uneven|off) when (?:i |she |he )?(?:smile|talk|laugh)",
        r"(?:mouth|face|lip|cheek|eyelid|eyebrow|brow)s? (?:\w+ ){0,2}(?:heavy|weak)"
        r"(?: on one side)?",
        r"(?:mouth|smile|face|lips?) (?:\w+ ){0,2}(?:pull\w*|drawn|goes|went|turn\w*|slant\w*"
        r"|droop\w*) (?:to|towards) (?:one|the|her|his|my) (?:\w+ )?side",
        r"(?:side|corner|half)s? (?:\w+ )?(?:doesn'?t|won'?t|does not|will not|can'?t|isn'?t|not)"
        r" (?:go(?:ing)? up|move|moving|lift\w*|rise|raise)",
        # "입을 다물 수가 없어요": the phrase holds its own 없, never read as "no".
        "입(?:을|이)?(?:다물수(?:가|도)?없|다물지(?:가|를)?(?:못|않)|안다물|못다물)"
        "|(?:(?<![가-힣])|(?<=[님요고데서다는은]))웃을수(?:가|도)?없|(?:(?<![가-힣])|(?<=[님요고데서다는은]))(?<!크게는)(?<!크게)못웃",
        "(?:왼쪽|오른쪽|한쪽)만(?:[가-힣]{0,2}?)(?:올라가|웃|움직)|꿈쩍(?:도)?(?:안|않)",
        "한쪽으로바람|바람이(?:다)?새",
        r"(?:can'?t|cant|cannot|unable to|hard to|trouble|struggl\w* to|not able to)"
        r" (?:fully |completely |properly |all the way )?(?:close|shut|blink)"
        r" (?:my |her |his |the |one |left |right )*(?:eyes?|eyelids?)",
        r"(?:eyes?|eyelids?) (?:\w+ ){0,3}(?:won'?t|wont|doesn'?t|does not|will not|can'?t|not"
        r"|isn'?t) (?:fully |completely |all the way |properly )?(?:close|closing|shut|blink)\w*",
        r"(?:can'?t|cant|cannot|unable to|not able to) (?:\w+ ){0,1}(?:smile|lift|raise|move|puff"
        r"|whistle|frown|wrinkle|purse)\w*(?! (?:around|much|out|in))",
        r"(?:mouth|lip|smile|eyebrow|brow)(?: corners?)?s? (?:\w+ ){0,2}(?:won'?t|wont|doesn'?t"
        r"|does not|will not|can'?t|isn'?t|not) (?:\w+ ){0,1}(?:lift|move|moving|go up|rise|raise)",
        r"corners? of (?:my |her |his |the )?(?:mouth|lips?) (?:\w+ ){0,3}(?:down|droop\w*"
        r"|won'?t|doesn'?t|sag\w*|hang\w*|fall\w*|lower)",
        r"(?:half|one side|side) (?:of )?(?:my |her |his |the )?face (?:\w+ ){0,2}"
        r"(?:not moving|won'?t move|doesn'?t move|can'?t move|isn'?t moving|frozen|dead|drop\w*"
        r"|fallen|sag\w*|slump\w*|weak)",
        r"(?:face|mouth|lip|eyelid|eyebrow|brow)s? (?:is |are |feels |looks |has )?(?:frozen"
        r"|fallen|hanging|slumped|weak)",
        r"(?:drink\w*|water|food|liquid|coffee) (?:\w+ ){0,4}(?:dribbl\w*|leaks? out|leaking out"
        r"|spill\w*|falls? out|comes? out)",
        r"dribbl\w*|facial nerve|nerve damage|not moving at all",
        r"(?:lid|eyelid|brow|eyebrow|corner|mouth|lip)s? (?:\w+ ){0,2}hangs?(?: lower| down)",
        r"spill\w* (?:\w+ ){0,2}(?:water|drinks?|tea|coffee|food|soup)",
        "마비",
        "안움직",
        "못움직",
        "움직이지(?:가|를)?않",
        "움직여지지",
        "움직이질",
        "비뚤",
        "삐뚤",
        "삐뚜",
        "비뚜",
        "(?:입|얼굴)(?:이|가)?(?:[가-힣]{0,6}?)돌아(?:갔|가)",
        "처져",
        "처졌",
        "처진",
        "처지",
        "쳐져",
        "쳐졌",
        "입꼬리(?:가|이|는|도)?(?:[가-힣]{0,4}?)(?:안올라|안올|내려|처|쳐|안움직|비뚤|삐뚤|축|떨어|꿈쩍)",
        "한쪽만웃|휘파람(?:[가-힣]{0,10}?)새|바람이옆으로",
        "꼼짝(?:도)?(?:안|않)|(?:왼쪽|오른쪽|한쪽)으로만(?:[가-힣]{0,2}?)(?:끌려|돌아|올라|당겨)",
        "(?:얼굴|입가|볼)(?:[가-힣]{0,6}?)축(?:[가-힣]?)(?:늘어|처)|통째로(?:[가-힣]{0,3}?)(?:늘어|처|내려)",
        "(?:눈|눈꺼풀)(?:이|가|을|도)?(?:[가-힣]{0,4}?)(?:안닫|못닫|닫히지)",
        "(?:눈|한쪽눈|왼쪽눈|오른쪽눈|눈꺼풀)(?:이|가|을|도)?(?:잘|완전히|끝까지|다)?"
        "(?:안감|못감|감기지(?:가|를)?(?:않)?|안감겨|안감기|감겨지지(?:가)?(?:않)?|감을수없|잘안감)",
        "(?:안|잘안)감겨",
        "감기지(?:가|를)?않",
        "못감겠",
        "눈(?:이|을)?(?:깜빡(?:이|일|거리)?(?:기|지)?(?:가|를)?)(?:안|못|힘)",
        "눈(?:이|을|도)?(?:[가-힣]{0,2}?)깜빡(?:[가-힣]{0,4}?)(?:안돼|안되|않|못|힘들|어렵)",
        "(?:이마|눈썹)(?:에|의|가|이|는)?(?:[가-힣]{0,6}?)(?:안생|안움직|안올라|안찡그|못올|못움직|안잡)",
        "웃(?:을때|으면|는데)(?:[가-힣]{0,6}?)(?:비뚤|삐뚤|한쪽만|안올라|이상|돌아)",
        "한쪽(?:얼굴|입|눈|볼)?(?:이|가|만)?(?:안움직|처지|처졌|처져|마비|내려앉|굳|힘이없)",
        "얼굴(?:이|가|의)?반쪽",
        "반쪽(?:이|얼굴)",
        "구안와사",
        "와사풍",
        "안면(?:마비|신경)",
        "(?:물|음료|국)(?:을|이)?(?:마시면|먹으면|마실때|먹을때)(?:[가-힣]{0,10}?)(?:흘러|새|흘|나와)",
        "휘파람(?:이|을)?(?:안|못)",
        "볼(?:로|에서|으로)?(?:[가-힣]{0,3}?)바람(?:이|을)?(?:다)?(?:새|빠져|샌)",
        "(?:얼굴|입|볼|눈|한쪽)(?:[가-힣]{0,6}?)힘이(?:안|잘안)들어가",
        "한쪽(?:[가-힣]{0,4}?)(?:흘러내|내려앉|주저앉|무너)",
        "(?:볼|입)(?:에|을)?바람(?:을)?(?:[가-힣]{0,6}?)(?:안|못)",
        "(?:물|음료|국)(?:[가-힣]{0,10}?)(?:질질|줄줄)(?:새|흘)",
        r"only (?:the |my |her |his )?(?:left|right|one) (?:side|corner)s? (?:\w+ ){0,2}(?:goes up"
        r"|go up|moves?|lifts?|works?|smiles?)|(?:corner|side)s? (?:\w+ ){0,2}just (?:sits|hangs"
        r"|stays)",
        "(?:이마|눈썹)(?:이|가|을)?(?:[가-힣]{0,3}?)(?:안올라|안움직|못올|못움직|안찡그|처)",
    ),
    "vision_change": (
        r"(?:see|seeing|saw) (?:two|2) of (?:\w+ )?(?:everything|things|you|it)|"
        r"blur\w*|fuzzy vision|hazy vision|double vision|seeing double|see double|vision\w*"
        r"|flash(?:es|ing)(?: of light| lights?)?|(?:seeing|see) spots|floaters|a curtain"
        r"|eyesight|blind\w*|floaters|black spots?|dark spots? in",
        r"(?:can'?t|cant|cannot|couldn'?t|unable to|hard to|trouble|difficulty|struggl\w* to)"
        r" see(?:ing)?(?: (?:out of|from|with|in|through) (?:my |her |his |the |one |left |right )*"
        r"eyes?| properly| clearly| well| straight| anything| at all| normally| good| right| much"
        r"|$)",
        r"(?:went|gone|going|turned|go) (?:\w+ )?(?:blind|black|dark|dim|grey|gray) (?:in|on|for)",
        r"(?:lost|losing|loss of|lose) (?:\w+ )?(?:sight|vision)",
        r"(?:eye|eyes|sight) (?:is |are |went |feels? |looks? |got |gone )?(?:blurry|fuzzy|cloudy"
        r"|hazy|dim|dark|foggy|misty)",
        r"(?:everything|things|it) (?:looks?|is|are|seems?) (?:blurry|double|fuzzy|dark|foggy"
        r"|hazy|cloudy)",
        r"seeing (?:two|2) of|flash\w* of light|flashing lights|curtain over",
        r"(?:foggy|smeary|smudg\w*|misty|milky|cloudy)\b[^.!?]{0,30}\beyes?\b|eyes?\b[^.!?]{0,30}"
        r"\b(?:foggy|smeary|smudg\w*|misty|milky)|blinking (?:\w+ )?(?:doesn'?t|does not|won'?t"
        r"|didn'?t|not) (?:clear|help|fix)",
        r"frosted (?:\w+ )?glass|can'?t make out|curtain (?:\w+ ){0,2}(?:over|across|coming|down)"
        r"|(?:top|bottom|left|right) half of what (?:i|she|he) (?:can )?see|zig ?zags?"
        r"|sparkl\w* (?:\w+ )?(?:lights?|zig ?zags?|in front)",
        r"shadow (?:over|across|in|on) (?:\w+ ){0,4}(?:eye|vision|sight)|half of (?:my |her |his )?"
        r"(?:eye|vision|sight)|can'?t (?:seem to |quite )?focus|(?:there'?s|seeing|see) two of"
        r"|(?:everything|things|it)"
        r"(?:'s| is| are| looks?| seems?)? (?:all )?(?:doubled|double)"
        r"|(?:los\w*|missing|can'?t see) (?:the )?(?:left|right) half"
        r"|half of (?:each|every|the) (?:line|page|word|face)s?",
        r"(?:what|everything) (?:i|she|he) see|can'?t blink (?:\w+ )?away|(?:part|patch|spot|bit)"
        r" of (?:my |her |his )?(?:sight|vision|eye) (?:\w+ )?(?:missing|gone|blank|black)",
        "흐릿",
        "흐려",
        "흐리게",
        "뿌옇",
        "뿌얘",
        "뿌연",
        "침침",
        "(?:두|2)개로(?:보|겹)",
        "(?:두|2)(?:명|사람|개)으?로(?:보|겹)|하나로보",
        "겹쳐(?:서)?보",
        "이중으로보",
        "(?:눈|앞|눈앞|시야|한쪽눈|왼쪽눈|오른쪽눈|한눈|눈이)(?:이|가|은|는|도)?(?:잘|좀|갑자기|하나도"
        "|전혀|계속)?(?:안보|못보|보이지않|보이지가않|흐|뿌|침침|캄캄|깜깜|까매|이상|어두|가려)",
        "시야",
        "시력",
        "캄캄",
        "깜깜",
        "번쩍(?:번쩍|거|이)",
        "초점(?:이)?(?:안맞|이안|이잘안)",
        "실명",
        "(?:글씨|글자)(?:가|를)?(?:[가-힣]{0,4}?)(?:안읽|안보|못읽|번져|겹쳐)",
        "(?:흔들려|흔들리게|일렁|휘어져|휘어|비틀려|찌그러져|구부러져)(?:서)?보",
        "커튼",
    ),
    "heavy_bleeding": (
        r"(?:bleed\w*|blood) (?:\w+ ){0,2}(?:through|thru) (?:the |my |a )?(?:bandage|gauze"
        r"|dressing|pad|plaster|tape)s?|soak\w* (?:through|thru)",
        r"(?:bleed\w*|blood)(?: \w+){0,5} (?:won'?t|wont|doesn'?t|does not|will not|not|isn'?t"
        r"|hasn'?t|can'?t|keeps?|kept|never) (?:\w+ )?(?:stop\w*|slow\w*|coming|going|quit\w*)",
        r"(?:keeps?|kept|still|non ?stop|constant\w*|continu\w*|heav\w*|lots? of|a lot of|so much"
        r"|profuse\w*|pouring|gushing|spurt\w*|soak\w*|dripping|streaming|bright red) (?:\w+ ){0,2}"
        r"(?:bleed\w*|blood)",
        r"(?:bleed\w*|blood) (?:\w+ ){0,2}for (?:over |more than |about |nearly )?(?:an? |\d+ |two "
        r"|three |several |many )?(?:hours?|hrs?|mins?|minutes)",
        r"(?:gauze|towels?|tissues?|pillow|pads?|bandage|dressing)s? (?:\w+ ){0,3}(?:soaked|full of"
        r" blood|covered in blood|filled with blood|red with blood)|(?:full of|covered in|soaked"
        r" (?:in|with)) blood",
        r"(?:bleed\w*|blood) (?:\w+ ){0,3}(?:a lot|alot|lots|loads|tons|bad|badly|heavily|so much"
        r"|everywhere|through|pouring"
        r"|gushing"
        r"|dripping|soak\w*|all over|nonstop|non stop|for hours|spurting|streaming)",
        r"dripping (?:red|blood)|(?:half|a whole|a) (?:a )?(?:box|roll|pack) of (?:tissues|gauze)",
        "(?:휴지|거즈)(?:를)?(?:[가-힣0-9 ]{0,10}?)(?:갈았|바꿨)|(?:새빨갛|빨갛)게젖",
        "생리대(?:를)?(?:[가-힣0-9 ]{0,10}?)(?:갈았|바꿨|적셔)|핏덩어리",
        "덩어리(?:도|가)?(?:[가-힣]{0,2}?)나와",
        r"(?:soaked|soaking|filled|full of blood)(?: \w+){0,3} (?:gauze|towels?|tissues?|pillow\w*"
        r"|sheets?|bedding"
        r"|pads?|shirt)",
        r"(?:pressed|pressing|pressure|held|holding)(?: \w+){0,6} (?:still|but|and) (?:\w+ ){0,2}"
        r"(?:bleed\w*|blood)",
        r"ha?ematoma|blood blister (?:\w+ ){0,2}(?:growing|bigger)",
        # "bleedin like a stuck pig … been holdin a towel on it 30 mins and still goin".
        r"nose ?bleed\w* (?:\w+ ){0,3}(?:\d+|forty|thirty|twenty) ?(?:mins?|minutes|hours?|hrs?)"
        r"|nose ?bleed\w*\b[^.!?]{0,40}\b(?:won'?t|wont|not|doesn'?t|can'?t|still|keeps?)\b"
        r"|blood (?:\w+ ){0,2}(?:down|into) (?:my |her |his |the )?throat"
        r"|mouthfuls? of (?:\w+ )?blood"
        r"|spit\w* (?:out )?(?:\w+ )?blood|(?:take|let|took|taking) (?:the )?pressure off"
        r"|(?:bleed\w*|blood)\b[^.!?]{0,60}\b(?:keeps?|kept) (?:on )?(?:coming|going|flowing)"
        r"|(?:won'?t|wont|doesn'?t|not) (?:quit|stop) bleed\w*|(?:gone|went|going|been going)"
        r" (?:thru|through) (?:\w+ ){0,2}(?:\d+ |a few |several |lots of )?(?:gauze|pads|towels"
        r"|tissues|plasters|dressings)"
        r"|like a stuck pig|(?:bleed\w*|blood)\b[^.!?]{0,120}\bstill (?:going|goin|coming|comin"
        r"|bleed\w*|flowing|pouring|running|dripping)",
        r"(?:holding|holdin|pressing|pressin|pressed|held)\b[^.!?]{0,60}\b(?:(?:\d+|ten|twenty"
        r"|thirty|forty) ?(?:mins?|minutes|hours?|hrs?)|half an hour|an hour)\b[^.!?]{0,30}"
        r"\bstill\b",
        r"(?:bleed\w*|blood)\b[^.!?]{0,40}\b(?:can'?t|cant|cannot|couldn'?t)"
        r" (?:get (?:it|this|that) to )?stop\b",
        r"(?:can'?t|cant|cannot|won'?t|wont|couldn'?t)"
        r" (?:get (?:it|the bleeding|the blood) to )?stop (?:the )?(?:bleed\w*|blood)",
        "(?<!커)피(?:가|는|도|나|난|날|나는게|나는거)?(?!부|곤|해|자|아노|서|하|로|드|어|곳|검사)"
        "(?:[가-힣0-9 ]{0,12}?)(?:안멈|멈추지|멈추질|멈춰지지|안그|그치지|계속|줄줄|철철|뚝뚝|펑펑"
        "|많이|흥건|콸콸|안멎|멎지|멎질|멈출|흘러|자꾸|또나|다시나|멈췄다가|멎었다가)(?:[가-힣]{0,2}?않)?",
        "계속피",
        # A reply that is only "bleeding": nobody can tell it will stop, so a person calls.
        r"^" + _GREETING + r"(?:still |it'?s |its |it is |keeps? |i'?m |im )?bleed\w*" + _ASKING,
        "^"
        + _KO_GREETING
        + r"(?:아직|계속)?피(?:가)?(?:나요|나와요|나|남|나네요|납니다)"
        + _KO_ASKING,
        "출혈(?:이)?(?:[가-힣]{0,3}?)(?:계속|심|안멈|많|멈추지)",
        "지혈(?:이)?(?:안|이안|이잘안|불가|되지|이안되)",
        "눌러(?:도|줘도|봐도)(?:[가-힣]{0,4}?)(?:피|안멈|계속)(?:[가-힣]{0,6}?않)?",
        "피범벅",
        "피로(?:[가-힣]{0,3}?)(?:젖|흥건|범벅|물들)",
        "(?:거즈|수건|베개|휴지|밴드)(?:가|이|를|에)?(?:[가-힣]{0,4}?)(?:피|젖)",
        "(?:거즈|수건|휴지)(?:이|가)?(?:[가-힣]{0,6}?)빨갛게",
        "(?:\\d+|한|두|세)(?:분|시간)(?:째|넘게|이상|동안|가까이|넘)(?:[가-힣]{0,3}?)피(?:가|나|는|도)",
        "(?:\\d+|한|두|세)(?:분|시간)째(?:[가-힣]{0,2}?)(?:안멈|안그쳐|안그치|안그침|계속)",
        "휴지(?:[가-힣]{0,2}?)(?:반통|한통|한롤|다썼|다씀)",
        "(?:손|거즈)?떼면(?:[가-힣]{0,4}?)(?:줄줄|철철|피)"
        "|멈췄다가(?:[가-힣]{0,6}?)(?:또|다시)(?:[가-힣]{0,3}?)(?:줄줄|나와|피)",
        "(?:베개|이불|수건|옷)(?:가|이)?(?:[가-힣]{0,4}?)흥건|똑똑떨어|뱉으면(?:[가-힣]{0,3}?)(?:빨개|새빨|피)",
        "피투성이",
        "혈종",
    ),
    "skin_colour_change": (
        # Skin dying from lost blood supply breaks down into an open sore.
        r"skin (?:is |has )?(?:\w+ )?(?:breaking down|broken down|falling apart|peeling off"
        r"|dying|dead)"
        # "sore" as a thing, not as "sore when opening my mouth".
        r"|open (?:sore|wound)|(?:(?:a|an|the|this|that|my|her|his) sore|wound|hole)"
        r" (?:\w+ )?(?:opened|opening|open up|won'?t heal)"
        r"|ulcer\w*|necro\w*",
        "괴사",
        "피부(?:가|이)?(?:[가-힣]{0,3}?)(?:썩|헐어|벗겨지|죽은)",
        # A colour the patient says is not a bruise is not the expected bruise.
        r"not (?:like|just|a normal|a regular|a usual|the usual) (?:a |the )?(?:other |normal "
        r"|usual )?bruis\w*",
        r"(?:doesn'?t|does not|don'?t) look like (?:a |the |normal |regular )?bruis\w*",
        r"mottl\w*|blotch\w*|lacy|marbl\w*|net ?like|web ?like|livedo|dusky|ashen|greyish"
        r"|grayish|bluish|blueish|blanch\w*|necros\w*|dying skin|skin (?:is )?dying",
        r"(?:turn\w*|went|gone|going|getting|became|become) (?:\w+ ){0,2}(?:grey|gray|white|pale"
        r"|black|dusky)(?:ish)?",
        r"(?:white|pale|grey|gray|blue|black|dusky) (?:\w+ )?(?:patch|spot|area|skin|mark|blotch"
        r"|bit)\w*",
        # Skin that blanches and blisters: "goes white and shiny when I smile, now a blister".
        r"(?:goes|go|turns) (?:\w+ ){0,2}(?:white|pale|grey|gray|blue|dusky)\b[^.!?]{0,80}"
        r"\bblisters?",
        r"(?:stays?|stayed|goes|went|turns?) white when (?:i )?(?:press\w*|push\w*|touch\w*)",
        r"(?:doesn'?t|does not|won'?t|not) (?:go|turn|come) (?:back )?(?:pink|red)",
        r"(?:cold|cool|icy|colder|cooler) (?:skin|cheek|patch|area|spot|to (?:the )?touch)|waxy",
        # Colour with cold, either way round: "dark and cold", "cold and purple".
        r"(?:dark|black|blue|grey|gray|white|pale|purple|dusky) and (?:cold|icy|cool)"
        r"|(?:cold|icy|cool) and (?:dark|black|blue|grey|gray|white|pale|purple|dusky)",
        r"(?:skin|cheek|area|spot|patch)s? (?:is |are |feels? )?(?:cold|icy|cool)",
        r"(?:skin|cheek|area|spot|patch|face|lips?|nose)(?: \w+){0,5} (?:is|are|looks?|went|turned"
        r"|has gone|gone|getting|seems?|became|feels?)(?: \w+)? (?:blue|grey|gray|white|pale|black"
        r"|dusky|mottled|cold|ashen|icy)",
        r"(?:skin|cheek|area|spot|patch|face)s? (?:is |are |looks? |went |turned |has gone |'s )?"
        r"(?:\w+ )?(?:blue|grey|gray|white|pale|black)",
        "창백",
        # Pressed skin whose colour does not come back: its blood supply is failing.
        "(?:눌렀다(?:가)?떼|눌러)(?:도|보면|봐도|보니|면|니)(?:[가-힣]{0,4}?)(?:색|원래)(?:[가-힣]{0,3}?)"
        "(?:안돌아|돌아오지|안돌아와)",
        "핏기(?:가)?(?:[가-힣]{0,2}?)(?:없|싹)",
        "하얗",
        "하얀(?:색|게|데|부분|점|자국|반점)",
        "하얘",
        "허옇",
        "허얘",
        "회색",
        "잿빛",
        "얼룩",
        "그물",
        "차가[워웠]",
        "차갑(?:고|다|네|습|게)",
        "싸늘",
        "(?:피부|볼|얼굴|부위|자리)(?:가|이)?(?:좀|너무)?(?:차가|차갑|싸늘|차요)",
        "괴사",
        "까맣",
        "까매",
        "검게",
        "거무",
        "거뭇",
        "시커",
        "검붉",
        "(?:보라|보랏|퍼렇|파랗|검|까맣|하얗|하얀)(?:[가-힣]{0,8}?)물집",
    ),
}

# Colours that are a bruise when the same clause names one ("purple bruise", "멍이 퍼렇게"),
# and otherwise skin that may be losing its blood supply.
COLOUR_WORDS: tuple[str, ...] = (
    r"purpl\w*|blue|bluey|violet",
    "자줏빛|자주색|자줏",
    # "blew" typed for "blue": "a kind of blew color", "turned blew".
    r"blew(?= (?:\w+ )?colou?r)|(?:turned|gone|went|going|getting) blew(?! up| out| away| off)",
    r"(?:turn\w*|went|gone|going|getting|became|become) (?:\w+ ){0,2}(?:blue|purple|dark\w*)",
    r"colou?r (?:\w+ ){0,2}(?:changed|changing|is off|weird|strange|different)"
    r"|changed colou?r|(?:weird|strange|odd|funny|different|dark|bad) (?:\w+ )?colou?r",
    "(?:피부|부위|볼|얼굴|입술)?색(?:깔)?(?:이)?(?:변|이상|달라|바뀌|검|까)",
    "보라",
    "파랗",
    "파래",
    "퍼렇",
    "퍼래",
    "푸르",
    "푸른",
    "시퍼",
)

# Emergencies that fit no finding code: chest pain, fainting, seizure, confusion, stroke
# signs, a sudden severe headache, suicidal thoughts. Recorded as "other", graded urgent.
EMERGENCIES: tuple[str, ...] = (
    r"chest (?:pain|hurts?|tight\w*|pressure|feels? (?:tight|heavy))|heart attack"
    r"|(?:pain|tightness|pressure) in (?:my |her |his |the )?chest"
    r"|heart (?:is )?(?:racing|pounding)"
    r"|palpitation\w*",
    r"(?:arm|leg|hand)s? (?:\w+ ){0,2}(?:heavy|numb|weak|can'?t move|won'?t move|floppy|limp"
    r"|went dead|gone dead|useless)",
    r"faint(?:ed|ing)|(?:feel|feels|felt|feeling|going to|gonna|might|about to|almost)"
    r" (?:a bit |a little |kind of |kinda |really |very |so )?faint"
    r"|passed out|pass(?:ing)? out|blacked out|black out|collaps\w*|lost consciousness"
    r"|unconscious|unresponsive|(?:won'?t|can'?t|couldn'?t) wake",
    r"seiz\w*|convuls\w*|(?:having|had) a fit",
    r"confus(?:ed|ion)(?! (?:about|by|with|as to|on|regarding|why|what|how|when|if|whether))"
    r"|disorient\w*|not making (?:any |much )?sense|talking (?:funny|weird|strange|nonsense)"
    r"|slurr\w*"
    r"|(?:can'?t|cannot|trouble|hard to|struggling to|difficulty) (?:talk\w*|speak\w*"
    r"|find\w* (?:my|her|his|the) words)"
    r"|(?:doesn'?t|does not|didn'?t) (?:know|recogni[sz]e) (?:me|us|where)",
    # Stroke signs besides weakness: speech that changed, one side of the face or body numb.
    r"(?:speech|voice|words?) (?:is |are |sounds? |seems? |went |got |came out |coming out )?"
    r"(?:\w+ ){0,2}(?:slurr\w*|garbled|jumbled|weird|funny|strange|off|wrong|not right|mixed up)",
    r"(?:one side|half|left side|right side) of (?:my |her |his |the )?(?:face|body)"
    r" (?:\w+ ){0,3}(?:numb|tingl\w*|dead|no feeling)"
    r"|(?:face|body) (?:\w+ ){0,3}(?:numb|tingl\w*|no feeling) (?:\w+ ){0,2}(?:one side|half)",
    # Shock and head injury: a telephone nurse sends both to emergency care.
    r"clammy|cold sweat\w*|(?:hit|bumped|banged|knocked|smacked)"
    r" (?:my |her |his |the back of my )?head"
    r"|head injury|concussion",
    "식은땀",
    "머리(?:를|가|에)?(?:[가-힣]{0,4}?)(?:부딪|박았|박혔|다쳤|찧)",
    "정신(?:이)?(?:멍하|몽롱|흐릿|흐려)",
    # More pills than any dose: "took 12 tylenol", "진통제 10알".
    r"(?:took|taken|had|swallowed|popped) (?:like |about |around |maybe |almost |over |at least )?"
    r"(?:1\d|[2-9]\d|\d{3})\b(?! ?(?:mins?|minutes|hours?|hrs?|h|days?|ml|mg|g|am|pm|percent|%"
    r"|degrees?|°|times|sips?|bites?|steps|texts?|messages|calls|photos?|pics?|selfies))",
    r"(?:took|taken|take|had|swallowed|popped) (?:like |about |around |maybe |almost |over"
    r" |at least )?(?:[89]|\d\d+|eight|nine|ten|eleven|twelve|fifteen|twenty|a dozen|a handful"
    r"|a bunch|a whole (?:bottle|box|pack|strip))(?: of)?(?: (?:the|my|those|these|her|his))?"
    r" (?:\w+ )?(?:pills|tablets|painkillers|tylenol|paracetamol|ibuprofen|advil|aspirin"
    r"|antibiotics|capsules|caps|meds|medicine)",
    r"(?:약|진통제|알약|타이레놀|해열제|수면제|항생제)(?:을|를)?(?:[가-힣]{0,2}?)"
    r" ?(?:[89]|\d\d+) ?(?:알|정|개|캡슐)",
    # Away from the face, what a telephone nurse still sends on: a clot in the leg, bleeding
    # in pregnancy, a child who took pills, an accident, a racing or irregular heart, very
    # high blood pressure, blood vomited.
    r"(?:calf|calves|leg|legs|thigh) (?:\w+ ){0,3}(?:swollen|swelling|swell\w*|red|painful|hurts?"
    r"|tender|warm|hot)",
    "(?:종아리|다리|허벅지)(?:가|이|도|한쪽이)?(?:[가-힣]{0,4}?)(?:붓|부었|부어|아파|아프|빨개|뜨거)",
    r"pregnan\w*\b[^.!]{0,60}\b(?:bleed\w*|blood|spotting|cramp\w*|pain\w*)",
    "임신(?:[가-힣0-9]{0,8}?)(?:피가|출혈|하혈|배가아|배아)",
    "하혈",
    r"(?:kid|child|son|daughter|baby|toddler|grandchild)s? (?:\w+ ){0,3}(?:swallowed|ate|took"
    r"|got into|swallow\w*) (?:\w+ ){0,3}(?:pills|tablets|medicine|meds|medication|painkillers"
    r"|tylenol|tramadol|paracetamol|ibuprofen|advil|aspirin|antibiotics|vitamins|\w+ pills)",
    "(?:아이|애기|아기|애|딸|아들|손주)(?:가|이)?(?:[가-힣]{0,6}?)(?:약|알약|진통제|타이레놀|수면제|해열제"
    "|감기약|영양제)(?:을|를)?(?:[가-힣0-9]{0,4}?)(?:삼켰|삼킨|삼켜|먹었|먹은|먹어버)",
    r"(?:car|traffic|road|bike|motorcycle|motorbike) (?:accident|crash)|was (?:hit|run over) by"
    r"|got hit by a",
    "교통사고|사고(?:가)?났|차에치",
    r"panic attack|heart (?:is |keeps )?(?:skipping|fluttering|irregular)|skipp\w* beats"
    r"|irregular heart\w*",
    r"(?:blood pressure|bp) (?:\w+ ){0,3}(?:very high|really high|so high|too high|1[89]\d|2\d\d)",
    r"혈압(?:이)?(?:[가-힣]{0,3}?)(?:너무높|많이높|엄청높|높아|올라|200|1[89]\d)",
    "피(?:를)?(?:토했|토해|토하)|토혈|각혈|피(?:를)?(?:기침|뱉었)",
    # Dizziness the patient cannot stand up with: a fall, bleeding or a faint on its way.
    r"(?:dizzy|light-?headed|room (?:is )?spinning|vertigo|woozy)(?: \w+){0,4}"
    r" (?:can'?t|cannot|couldn'?t|unable to|not able to) (?:stand|walk|get up|sit up)",
    "(?:어지러|어지럽|어질어질|빙빙|핑돌)(?:[가-힣]{0,8}?)(?:(?:일어설|일어날|서있을|걸을)수(?:가|도)?없"
    "|일어나질못"
    "|일어나지(?:를|도)?못|서있지(?:를|도)?못|못일어|못걷|못서)",
    "(?:얼굴|몸)(?:[가-힣]{0,2}?)(?:한쪽|반쪽|왼쪽|오른쪽)(?:이|에|만)?(?:[가-힣]{0,6}?)"
    "(?:감각이없|감각이안|저려|저리|마비|먹먹)",
    "(?:한쪽|반쪽)(?:얼굴|몸)(?:이|에|만)?(?:[가-힣]{0,6}?)(?:감각이없|감각이안|저려|저리|마비|먹먹)",
    r"(?:feel|feels|feeling) like (?:i'?m|i am|im) (?:dying|going to die|gonna die)"
    r"|i think (?:i'?m|i am|im) dying|(?:i'?m|i am|im) dying(?! (?:to|for|of laugh\w*))",
    "뇌졸중|중풍|뇌출혈",
    r"stroke|weak(?:ness)? (?:on|in|down) (?:one|my left|my right|the left|the right|her left"
    r"|her right) side",
    r"(?:severe|worst|terrible|horrible|splitting|sudden|awful|blinding|excruciating|really bad"
    r"|very bad|pounding|unbearable|massive) (?:\w+ )?headache|worst headache|thunderclap"
    r"|stiff neck|headache (?:\w+ ){0,3}(?:worst|severe|unbearable|won'?t (?:go|quit|stop|budge)"
    r"|getting worse)",
    # Headache with vomiting, an injury to the head or face: a nurse sends both on.
    r"(?:throwing up|vomit\w*|been sick|puking)\b[^.!?]{0,40}\bheadache|headache\b[^.!?]{0,40}"
    r"\b(?:throwing up|vomit\w*|puking)|(?:walked|ran|bumped|banged|smacked|fell) (?:\w+ ){0,2}"
    r"into (?:a |the )?(?:\w+ ){0,2}(?:door|wall|cupboard|pole|post|table)",
    # Low blood sugar, someone not answering: "he's gone vague and sweaty".
    r"(?:isn'?t|is not|not|stopped) (?:answering|responding|making sense)|gone (?:very |all )?vague"
    r"|diabetic\b[^.!?]{0,60}\b(?:sweat\w*|shak\w*|confused|vague|pale|drowsy|not making sense)"
    r"|(?:blood )?sugars? (?:is |are |was )?(?:very |really |so )?(?:low|high|[0-2](?:\.\d)?"
    r"|[3-9]\d\d)\b",
    # Spreading past a line drawn round it: cellulitis.
    r"(?:past|beyond|outside|over) (?:the |my |it|that )?(?:pen |marker )?(?:line|mark|circle)"
    r"|way past it",
    # Cutting oneself, said as a habit.
    r"(?:been |started |keep |kept |i'?m )cutting(?: again| myself| my ?self)?|cutting again",
    r"suicid\w*|kill (?:my ?self|herself|himself)|end (?:it all|my life)|(?:don'?t|do not|dont)"
    r" want to (?:live|be alive|wake up|be here)|want to die|self[- ]harm|hurt(?:ing)? my ?self"
    r"|better off dead|no reason to live",
    r"ambulance|emergency|911|999|a&e",
    # What a telephone nurse also sends on: bleeding from the gut, asthma that the inhaler
    # does not help, burns, an eye injury, a fall that broke something, carbon monoxide,
    # a child who swallowed a battery or a cleaner, sudden testicle pain.
    r"(?:black|tarry) (?:\w+ ){0,2}(?:stools?|poo\w*|poop)|(?:stools?|poo\w*|poop) (?:\w+ ){0,3}"
    r"(?:black|tarry)|(?:pooping|pooped|passing) (?:\w+ ){0,2}blood|blood (?:in|with) (?:my |the )?"
    r"(?:stools?|poo\w*|poop)|rectal bleed\w*",
    r"asthma (?:attack|flare\w*)|inhaler (?:\w+ ){0,3}(?:not|isn'?t|isnt|doesn'?t|didn'?t|wont"
    r"|won'?t) (?:help\w*|work\w*)",
    r"(?:burn(?:ed|t)?|scald\w*) (?:\w+ ){0,5}(?:boiling|blisters?|oil|fire|chemical)"
    r"|(?:boiling|hot) (?:water|oil) (?:\w+ ){0,3}(?:burn\w*|blisters?|on my|over my)",
    r"(?:metal|glass|chemical|bleach|acid|splinter|shard|piece of \w+)(?: \w+){0,4}"
    r" (?:in|into) (?:my |her |his |the )?eyes?",
    r"(?:can'?t|cannot|cant|unable to) (?:put (?:any )?weight|bear (?:any )?weight|stand) on"
    r"|(?:leg|arm|wrist|ankle|hip|bone)s? (?:\w+ ){0,3}(?:bent wrong|broken|snapped|deformed"
    r"|sticking out)|broke (?:my|her|his) (?:leg|arm|hip|wrist|ankle)",
    r"carbon monoxide|co (?:alarm|detector)|gas (?:leak|smell)"
    r"|(?:whole family|all of us|we all|everyone here) (?:\w+ ){0,4}(?:headaches?|sick|nause\w*"
    r"|dizzy)",
    r"(?:swallowed|ate|drank|swallow) (?:\w+ ){0,3}(?:batter(?:y|ies)|magnets?|bleach|detergent"
    r"|dishwasher|cleaner|cleaning|chemicals?|antifreeze|lye|drain)",
    r"testic\w* (?:\w+ ){0,2}pain|pain (?:\w+ ){0,2}testic\w*"
    r"|testic\w* (?:\w+ ){0,2}(?:swollen|hurts?)",
    # Said without the words: "I can't do this anymore", "better off without me".
    r"can'?t do this any ?more|better off without me|(?:saving|stockpil\w*|hoard\w*) (?:up )?"
    r"(?:\w+ )?(?:my |the |all my )?(?:\w+ )?(?:pills|meds|tablets)"
    r"|want (?:it all|everything|it) to (?:stop|end)"
    r"|won'?t be around (?:much )?longer|(?:don'?t|dont) think i'?ll be (?:around|here) (?:much )?"
    r"(?:longer|tomorrow)",
    # Not 화상 통화 / 화상 상담 (a video call).
    "화상(?! ?(?:통화|회의|상담|진료|으로|채팅|미팅))|끓는물",
    "뜨거운물(?:에|을)?(?:[가-힣 ]{0,4}?)(?:데|쏟)",
    "(?:뜨거운|끓는|기름)(?:[가-힣 ]{0,12}?)물집",
    "(?:넘어지|넘어졌|넘어져|넘어지셨|낙상|떨어지|떨어졌)(?:[가-힣 ]{0,14}?)"
    "(?:못일어|못 일어|일어나지못|일어나지 못|못걷|못 걷|걷지못|걷지 못|골절|부러)",
    "골절|뼈가(?:[가-힣 ]{0,3}?)부러|부러진것같",
    "(?:다|모든걸|모든 걸|전부|그냥)(?: )?(?:그만하고|끝내고|끝내버리고)(?: )?싶",
    "(?:검은|까만|시커먼)(?: )?(?:변|똥)|혈변|피똥|변에(?: )?피",
    "천식(?:[가-힣 ]{0,3}?)(?:발작|심해|도졌|와서|왔어|터졌|숨)",
    "(?:배터리|건전지|세제|락스|표백제)(?:[가-힣 ]{0,6}?)(?:삼켰|삼킨|먹었|마셨|먹은)",
    # Pills taken on purpose; a reply that is only a call for help.
    r"(?:took|taken|swallowed|had|overdosed?)\b[^.!?]{0,60}\bon purpose",
    r"^"
    + _GREETING
    + r"(?:please |pls |plz )?(?:help|sos)(?: me)?(?: please| pls| plz| now)?"
    + _ASKING,
    # ... or a sentence that is only that: "thanks. help".
    r"(?:(?<=[.!?\n])|(?<=[.!?\n] ))(?:please |pls |plz )?(?:help|sos)(?: me)?"
    r"(?: please| pls| plz| now)?"
    r"(?=\s*(?:[.!?\n,:]|$|is (?:that|this|it) ))",
    "살려(?:주세요|줘|주십시오|주세여)",
    "^" + _KO_GREETING + r"(?:제발)?(?:좀)?도와(?:주세요|줘|주십시오|주세여)" + _KO_ASKING,
    r"vomit\w* blood|coughing (?:up )?blood|throwing up blood",
    "🆘",
    # "what's even the point", "don't see the point anymore": hopelessness, said plainly.
    r"what'?s (?:even )?the point(?: of (?:anything|it all|living|life|going on))?"
    r"(?! of (?:the|this|my|that|taking|doing))"
    r"|no point (?:in )?(?:living|anything|going on|being here)"
    r"|(?:don'?t|do not|dont|can'?t) see (?:the|any) point (?:anymore|any more|in (?:anything"
    r"|living|life|going on)|of (?:anything|living|life|going on))",
    # A fit described: shaking all over and not answering.
    "(?:불러도|깨워도|흔들어도)(?:[가-힣0-9-]{0,8}?)(?:반응|대답)(?:이|도|을)?(?:없|안)",
    # What a telephone nurse also sends on, said in Korean without the textbook words.
    "단어(?:가|를)?(?:[가-힣]{0,6}?)(?:안나|안떠오|막혀)|엉뚱한소리",
    "같은(?:말|질문)(?:을|만)?(?:[가-힣]{0,3}?)(?:반복|되풀이)",
    r"(?:asking|asks|saying|says|repeat\w*) (?:\w+ ){0,2}the same (?:questions?|things?)",
    "뒤통수(?:를|가)?(?:[가-힣]{0,3}?)(?:쾅|박|부딪|찧)|기억(?:이)?(?:[가-힣]{0,4}?)(?:끊|안나|없어|잃)",
    "임신[^.!?]{0,40}?(?:아랫배|배가|피가|피비|하혈|출혈|생리대)|속옷에(?:[가-힣]{0,2}?)피|피(?:가)?비치|피비쳐",
    "(?:두줄|임테기|임신테스트)(?:[가-힣0-9]{0,20}?)(?:아랫배|배가|하혈|피)",
    "양수(?:가)?(?:[가-힣]{0,3}?)(?:터|흘|새)|물이(?:[가-힣]{0,2}?)(?:주르륵|왈칵)",
    "(?:아기|태동)(?:가|이)?(?:[가-힣]{0,4}?)(?:안놀|안움직|안느껴|줄었|없어)",
    "설사(?:를|가)?(?:[가-힣0-9]{0,8}?)(?:열번|10번|스무번|계속|멈추지)|바짝바짝|입이바짝",
    "(?:먹는족족|먹으면족족)(?:[가-힣]{0,3}?)(?:올려|토해|토하)|물(?:한모금)?도(?:[가-힣]{0,2}?)안받",
    "(?:쉬|소변|오줌)(?:를|을|도|가)?(?:[가-힣]{0,4}?)(?:안했|안햇|못봤|못눴|안나|안보|안봤|못보)",
    "기저귀(?:가)?(?:[가-힣0-9]{0,6}?)(?:뽀송|안젖|말라)|눈물이(?:[가-힣]{0,2}?)(?:안나|없)",
    "명치(?:가|쪽이|쪽)?(?:[가-힣]{0,4}?)(?:조이|조여|답답|쥐어|짓누|뻐근)",
    "불덩이|펄펄끓",
    "(?:손|팔|다리|몸)(?:이|가)?(?:[가-힣]{0,4}?)(?:제멋대로|멋대로|저절로)(?:[가-힣]{0,3}?)(?:떨|움직)"
    "|(?:떨려|떨리)(?:요)?(?:[가-힣]{0,4}?)(?:멈추질|멈추지|안멈)",
    "(?:넘어가|쓰러져)(?:서)?(?:[가-힣]{0,3}?)떨",
    "(?:이상한|반대)방향으로(?:[가-힣]{0,2}?)(?:꺾|휘)|사다리에서(?:[가-힣]{0,3}?)떨어",
    "한쪽으로(?:[가-힣]{0,3}?)(?:쏠려|쏠리|기울)|비틀비틀",
    "남의(?:팔|다리|손)|(?:컵|잔|커피잔|숟가락|젓가락)(?:을|를)?(?:[가-힣]{0,2}?)(?:못들|떨어뜨|놓쳐)",
    "작별(?:인사|편지)|유서|goodbye (?:note|letter)",
    "없어지면(?:[가-힣]{0,4}?)(?:편하|편할|편해|좋겠|낫)|(?:사라지는|없어지는|죽는)게낫|살바엔",
    "(?:더|자꾸)(?:[가-힣]{0,2}?)긋고싶|깊게그었",
    "(?<![\\d.])(?:[89]|[1-9]\\d)(?:알|정)(?:[가-힣 ]{0,4}?)(?:먹|삼)",
    "(?:술|소주|맥주|와인|양주)(?:[가-힣0-9]{0,6}?)(?:수면제|진통제|신경안정제)(?:[가-힣]{0,6}?)(?:먹|같이|삼)",
    "온몸(?:을|이)?(?:[가-힣]{0,2}?)떨(?:면서|고|었)(?:[가-힣0-9-]{0,12}?)(?:반응|의식|정신)(?:이|도|을)?(?:없|안|잃)",
    # A child who swallowed, chewed or got into something not food.
    r"(?:kid|child|son|daughter|baby|toddler|grandchild|grandson|granddaughter|\d+ ?(?:yo|y/o"
    r"|year old|yr old))s?\b[^.!?]{0,40}\b(?:swallowed|chewed|sucked|licked|got into|ate|drank)"
    r"\b[^.!?]{0,40}\b(?:batter\w*|button|cream|tube|ointment|tablets?|pills?|medicine|meds"
    r"|magnets?|coins?|cleaner|detergent|bleach|pods?|oil|chemicals?|painkillers?|tylenol"
    r"|paracetamol|ibuprofen|antiseptic|wash|mouthwash|lotion|solution|liquid|saniti[sz]er"
    r"|perfume|polish|glue|paint|alcohol|vodka|wine)",
    "(?:아이|애기|아기|애|딸|아들|손주|손녀|손자)(?:가|이)?(?:[가-힣]{0,10}?)(?:약|크림|연고|튜브|배터리"
    "|건전지|세제|자석|동전|마취)(?:[가-힣]{0,8}?)(?:먹|삼켰|삼킨|빨|핥|마셨)",
    # Pills gathered or set out: said without the words.
    r"(?:pills|tablets|meds)(?: \w+){0,2} (?:lined up|ready|counted out|saved up|in front of me)"
    r"|(?:lined up|counted out|saved up) (?:\w+ ){0,2}(?:pills|tablets|meds)",
    "(?:약|수면제|진통제)(?:을|를)?(?:[가-힣]{0,3}?)(?:모아놨|모아뒀|모았|모아두|쌓아)",
    # Fluids that will not stay down, no urine: dehydration a nurse sends on.
    r"(?:everything|anything|whatever) (?:i|she|he) (?:eat|drink)s? (?:\w+ ){0,3}(?:comes?"
    r" (?:straight |right )?(?:back )?up|throw\w* up)|(?:haven'?t|hasn'?t|not|no) (?:\w+ )?"
    r"(?:peed|pee|urine|wee|weed|passed urine)",
    "물만(?:[가-힣]{0,4}?)(?:토해|토하|토했)|소변(?:이|도|을)?(?:거의|하나도|전혀)?(?:안나|못보|못봤|나오지)",
    # A stroke in other words: mixing up words, dropping things, an arm not one's own.
    r"(?:mix\w*|mixed) up (?:\w+ )?words|wrong words|dropping things|(?:arm|leg|hand)s? (?:\w+ )"
    r"{0,4}(?:belongs? to someone else|(?:isn'?t|not) (?:my|mine|hers|his)|useless)"
    r"|pins (?:and|n|&) needles (?:all )?down (?:my |her |his |the )?(?:arm|leg|side)",
    # A fall with dizziness or fainting; a fall down the stairs; a bleeding head.
    r"(?:dizzy|light-?headed|woozy|faint\w*|vertigo|spinning)\b[^.!?]{0,40}\b(?:fell|fall"
    r"|falling|fallen|falls)\b(?! asleep)|(?:fell|fall|falling) (?:down|over)\b[^.!?]{0,40}\b"
    r"(?:dizzy|light-?headed|woozy|faint\w*)|(?:fell|fall\w*) (?:down |over )?(?:\w+ ){0,2}"
    r"(?:two|three|four|several|many|2|3|4) times|fell down (?:the |some )?stairs"
    r"|(?:head|scalp) (?:\w+ ){0,3}(?:bleed\w*|blood|gash\w*)|(?:cut|gash) (?:on|in) (?:my |her "
    r"|his |the )?head",
    "(?:어지러|어질|핑돌)(?:[가-힣]{0,8}?)(?:넘어졌|넘어지|넘어져|주저앉)",
    "머리(?:에서|에|가)(?:[가-힣]{0,3}?)피(?:가|나|날|도)",
    "계단에서(?:[가-힣]{0,4}?)(?:굴러|떨어|넘어)|굴러(?:서|떨어)",
    "(?:넘어지|넘어졌|넘어져|미끄러)(?:[가-힣]{0,12}?)(?:박았|박아|찧|부딪|찢어)|찢어(?:져|졌|진)(?:서)?(?:[가-힣]{0,3}?)피",
    r"(?:fell|fall\w*|slipped|tripped)\b[^.!?]{0,30}\b(?:hit|banged|smacked|knocked|cut|split)"
    r" (?:my |her |his |the )?(?:head|face|chin|jaw|lip|eye)",
    # Harm to oneself, said plainly or not.
    r"cut(?:ting)? (?:my ?self|myself|my (?:arms?|wrists?|legs?|skin))|slit (?:my |her |his )?"
    r"wrists?|harm(?:ing)? (?:my ?self|myself)|thoughts? of (?:hurting|harming|ending)",
    "(?:나|저|나자신|자신|스스로|내몸|제몸)(?:을|를)?(?:해치|다치게|상처내|상처를)",
    "해치고싶|손목(?:을)?(?:긋|그었|그어)",
    "살(?:아야할|아갈)?이유(?:가|도)?없",
    "(?:다|모든걸|모든것|전부|그냥|인생|삶)(?:을|를|도)?(?:다)?포기하고싶",
    # Hard to wake, and pills taken with alcohol or past the dose.
    r"(?:hard|difficult|impossible) to (?:wake|rouse)|(?:won'?t|can'?t|couldn'?t|cannot|not)"
    r" (?:\w+ )?(?:wake|waking|wakes) (?:up|her|him)|not waking",
    "(?:깨워도|깨우는데|흔들어도)(?:[가-힣]{0,4}?)(?:안일어|못일어|안깨|반응)|안깨어나|잘안깨",
    r"(?:took|taken|had|swallowed|taking|popped)\b[^.!?]{0,50}\b(?:pills?|tablets?|meds"
    r"|medicine|painkillers|tramadol|xanax|valium|codeine|oxy\w*)\b[^.!?]{0,40}\b(?:with|and"
    r"|plus|on top of) (?:\w+ ){0,2}(?:alcohol|booze|soju|wine|beer|vodka|whisk(?:e)?y|drinks?"
    r"|drinking|liquor|makgeolli)",
    "(?:수면제|진통제|약)(?:[가-힣]{0,8}?)(?:술|소주|맥주|와인|양주)(?:이랑|하고|랑|과|와|에)?"
    "(?:[가-힣]{0,4}?)(?:먹|마시|마셨|같이)",
    "(?:술|소주|맥주|와인|양주)(?:이랑|하고|랑|과|와|에)(?:[가-힣]{0,4}?)(?:수면제|진통제|약)"
    "(?:을|를)?(?:[가-힣]{0,4}?)(?:먹었|먹고|같이|삼켰)",
    r"(?:more|extra)(?: of)?(?: the| my| her| his)?(?: \w+){0,2} (?:pills?|tablets?|painkillers"
    r"|meds|medicine|doses?|paracetamol|tylenol|ibuprofen|advil)(?: \w+){0,2} than (?:it says"
    r"|(?:the |it )?(?:box|bottle|label|packet|pack|leaflet|instructions|doctor|pharmacist)"
    r" (?:says|said)|(?:i was |she was |he was )?(?:prescribed|told|allowed)|(?:i|she|he)"
    r" should(?: have)?|(?:i'?m|i am|you'?re|you are) (?:supposed|meant) to|recommended"
    r"|the (?:max|maximum|dose))|doubled up on|double (?:dose|doses|the dose)",
    "(?:약|진통제|수면제|알약|타이레놀|해열제)(?:을|를)?(?:좀|너무|막|엄청|잔뜩|왕창)?많이(?:먹었|먹어버|삼켰)",
    "(?:약|진통제|수면제|알약|타이레놀|해열제)(?:[가-힣]{0,10}?)(?:열|스무|서른|열댓|열몇|수십|열두|열다섯)(?:알|개|정)",
    # Pressure in the chest, however it is said, and pain running down the arm.
    r"(?:squeez\w*|crush\w*|heavy|heaviness|tight\w*|pressure|weight|band|elephant)(?: \w+){0,5}"
    r" (?:in|on|across|around|of) (?:my |her |his |the )?chest|chest\b[^.!?]{0,40}\b(?:into|down"
    r"|to) (?:my |her |his |the )?(?:left )?(?:arm|jaw)|(?:sitting|standing|weight|elephant)"
    r" on (?:my |her |his |the )?chest|chest (?:\w+ ){0,2}(?:squeez\w*"
    r"|crush\w*|heav\w*|tight\w*)|(?:pain|ache|aching|tingl\w*|numb\w*) (?:\w+ ){0,3}(?:into|down"
    r"|to) (?:my |her |his |the )?(?:left )?arm",
    # Vomiting that will not stop (dehydration) and too many pills: sent to care at once.
    r"(?:can'?t|cannot|won'?t|couldn'?t) stop (?:vomit\w*|throwing up|being sick|puking)"
    r"|(?:keep|keeps|kept|been) (?:on )?(?:vomit\w*|throwing up|being sick|puking)"
    r"|(?:vomit\w*|throwing up|being sick) (?:all (?:day|night)|non-?stop|constantly|repeatedly"
    r"|every (?:hour|few))|can'?t keep (?:anything|food|water|fluids|liquids) down",
    r"overdos\w*|(?:took|taken|take|swallowed|had) (?:\w+ ){0,3}too (?:many|much)"
    r"(?: of)?(?: (?:the|my|her|his|those|these))? (?:\w+ )?(?:pills|tablets|painkillers"
    r"|medicine|medication|meds|paracetamol|tylenol"
    r"|ibuprofen|antibiotics|sleeping pills)|(?:took|taken|swallowed) (?:the whole|all (?:my|the))"
    r" (?:\w+ )?(?:pills|tablets|painkillers|medicine|medication|meds|bottle|box|pack)",
    "가슴(?:이|가|쪽이)?(?:[가-힣]{0,6}?)(?:아파|아프|통증|답답|조여|조이|조인|조임|쥐어|짓누|뻐근|찢어)",
    "(?:왼팔|왼쪽팔)(?:이|가)?(?:[가-힣]{0,3}?)(?:저리|저려|저림|아파|마비)",
    "흉통",
    "가슴(?:이|가)?(?:꽉|콱|턱)?(?:막힌|막혀|막히)",
    "심장(?:이|가)?(?:[가-힣]{0,6}?)(?:아파|아프|두근|빨리|쿵쾅|조여|뛰어|뛰고|날뛰|불규칙)",
    "(?:맥박|심박|심박수)(?:이|수|가)?(?:[가-힣]{0,3}?) ?(?:1[3-9]\\d|[2-9]\\d\\d|[1-3]\\d)(?!\\d)",
    r"(?:heart rate|hr|pulse)(?: is| of| at| was)? (?:\d{3}|1[3-9]\d|[1-3]\d)\b",
    "혈당(?:기|이|계|수치)?(?:가|이|는)?(?:[가-힣]{0,2}?) ?(?:[3-9]\\d\\d|[2-5]\\d)(?!\\d)|저혈당",
    "커피(?:[가-힣 ]{0,3}?)찌꺼기|coffee grounds?",
    "입에거품|거품(?:을)?(?:물|흘)|눈이(?:[가-힣]{0,4}?)돌아가|팔다리(?:가)?(?:[가-힣]{0,2}?)(?:뻣뻣|떨|굳)",
    "(?:불러도|깨워도)(?:[가-힣0-9-]{0,8}?)(?:반응|대답)(?:이|도|을)?잘(?:없|안)",
    "소변(?:이|색이)?(?:[가-힣]{0,3}?)(?:콜라|진한|갈색|간장)|오줌(?:이)?(?:[가-힣]{0,3}?)(?:콜라|갈색)",
    # Not "옥상에서 빨래 널다가": a roof or a railing someone stands on, or a jump.
    "옥상(?:[가-힣]{0,4}?)(?:난간|끝|뛰어|떨어|서있)"
    "|난간(?:에|위|위에)(?:[가-힣]{0,3}?)(?:서|앉|올라)|뛰어내리|마지막으로(?:[가-힣]{0,8}?)(?:말하고|인사)",
    # The same in English: a fit, a drunken voice without a drink, a heart attack told
    # plainly, dark urine, a razor in the hand, a broken cheekbone, pre-eclampsia.
    r"(?:jerk|shak|twitch)\w* (?:\w+ ){0,3}(?:for (?:about |like )?\d|all over|uncontrollabl\w*)"
    r"|(?:arm|leg)s? (?:\w+ )?(?:jerk|twitch)\w*|(?:jerk|twitch)\w* (?:\w+ )?(?:arm|leg)s?"
    r"|bit (?:my|her|his) tongue|wet (?:my|her|him)self|zon(?:ing|ed) out",
    r"(?:can'?t|cannot|cant) get (?:my|her|his) tongue (?:round|around)|sound(?:s|ing)? (?:drunk"
    r"|like (?:i'?ve|she'?s|he'?s|i have|she has|he has) had (?:\w+ )?(?:wines?|drinks|beers))",
    r"elephant\w* (?:\w+ ){0,2}(?:sat|sitting|standing) on|left arm (?:\w+ )?(?:aches?|aching"
    r"|hurts?|pain|numb|tingl\w*)",
    r"(?:wee|pee|urine)\w* (?:is |looks )?(?:\w+ )?(?:dark|brown|cola|like (?:strong )?tea)"
    r"|(?:barely|hardly|not) (?:eaten|drunk|eating|drinking) (?:or|and) (?:drunk|eaten|drinking"
    r"|eating)",
    r"razor|blade in my hand|carve (?:my|her|his)",
    r"teeth (?:don'?t|dont|won'?t|no longer) (?:meet|line up|fit)|crunch\w* (?:feeling|when|sound)",
    r"(?:bp|blood pressure)(?: reading)?(?: was| is| of| at)? (?:1[6-9]\d|2\d\d) ?/"
    r"|(?:1[6-9]\d|2\d\d) ?/ ?(?:1[01]\d|9\d)\b|rings? (?:won'?t|wont) come off",
    r"(?:about |like |maybe |around )?(?:1\d|[2-9]\d) (?:tabs|tablets|pills|caps)\b"
    r"|(?:then|and) a few more",
    "글씨(?:가|를)?(?:안써|못쓰|못써|안쓰)|손이말을안들|말(?:이|도)?(?:[가-힣]{0,2}?)느려",
    "얼음장",
    "(?:한쪽)?다리(?:가|를)?(?:[가-힣]{0,3}?)(?:끌려|끌리|질질)",
    "기절",
    "실신",
    # Not "요즘 이사 준비하느라 정신없어요" (so busy): someone else out of it, or fainting.
    "정신(?:을|이)?(?:잃|잃었|을잃|이오락|이혼미|이몽롱)"
    "|정신(?:이)?없(?:으세요|으셔|으신|어보|어하|는것같|는거같|는듯)|정신(?:을)?못차리",
    "쓰러",
    "의식(?:이|을)?(?:없|잃|흐려)",
    "경련",
    "발작",
    "횡설수설",
    "말하기(?:가)?(?:힘들|힘드|어렵|어려)",
    "말(?:이|을|하는게|하기)?(?:[가-힣]{0,2}?)(?:어눌|꼬여|꼬이|안나와|안나오|잘안나|못하|이상해|새)",
    "발음(?:이)?(?:이상|새|안되|꼬)",
    "말(?:을|도)?(?:할수|하기)(?:가|도)?(?:없|힘들|어렵)",
    "헛소리",
    "(?:사람|저|나|가족)(?:을|를)?(?:못알아|몰라봐)",
    "(?:팔|다리|손)(?:이|에|다리가|이랑)?(?:[가-힣]{0,3}?)(?:힘이없|힘이안|힘이빠|힘이(?:쭉|확|훅|싹|갑자기)빠|마비|안움직|못움직)",
    "(?:심한|극심한|깨질것같은|터질것같은|엄청난|최악의|갑작스러운|갑자기)두통",
    "두통(?:이|이너무)?(?:[가-힣]{0,3}?)(?:심|엄청|깨질|터질|최악|참을수)",
    "머리가(?:[가-힣]{0,3}?)(?:깨질|터질|너무아|엄청아|심하게|빠개)",
    "죽고싶",
    "자살",
    "살고싶지",
    "살기싫",
    "없어지고싶",
    "극단적",
    "자해",
    "사라지고싶",
    "구급차",
    "응급실",
    "119",
    "숨넘어",
    "(?:계속|자꾸|하루종일|밤새)(?:[가-힣]{0,2}?)(?:토해|토하|토를|구토)",
    "(?:토|구토)(?:가|를)?(?:[가-힣]{0,3}?)(?:안멈|멈추지않|멈추질않|계속)",
    "(?:토하|구토)(?:[가-힣]{0,6}?)계속",
    "(?:물도|아무것도|물조차)(?:[가-힣]{0,2}?)(?:못마시|못먹|다토|토해)",
    "과다복용",
    "(?:약|진통제|수면제|알약|타이레놀|해열제)(?:을|를)?(?:[가-힣]{0,3}?)(?:너무많이|한꺼번에|왕창|과다|한통)",
)

# Flags (besides EMERGENCIES) for which the patient's answer names the emergency number.
EMERGENCY_NUMBER_FLAGS: frozenset[str] = frozenset(RED_FLAGS)
