"""Word lists of the extractor: reporting verbs (with every inflection) and nouns.

`CUE_VERBS` maps each inflected form ("said", "warns", "elaborated", "noting")
to its base form. The lists are general English news usage, not tuned to any
corpus.
"""

from __future__ import annotations

__all__ = [
    "ANONYMOUS_NOUNS",
    "ARTICLE_NOUNS",
    "AUXILIARIES",
    "CUE_VERBS",
    "DOCUMENT_NOUNS",
    "GROUP_NOUNS",
    "IRREGULAR_PASTS",
    "ORG_WORDS",
    "PERSON_NOUNS",
    "ROLE_NOUNS",
    "SPEECH_VERBS",
    "STANCE_VERBS",
    "inflections",
    "words",
]


def words(text: str) -> frozenset[str]:
    """The set of the whitespace-separated words of `text`."""
    return frozenset(text.split())


_REPORTING = """
say tell report state claim add note explain argue assert insist contend maintain announce
acknowledge admit concede confirm deny reveal disclose warn caution advise urge recommend
suggest propose predict forecast estimate conclude find show indicate highlight emphasize
emphasise stress underscore underline observe remark comment mention reiterate repeat echo
describe call ask question wonder answer reply respond retort counter rebut complain criticize
criticise blast slam attack accuse charge allege testify declare proclaim pledge promise vow
recall recount write tweet post publish quote cite reference elaborate issue detail
outline tout praise hail agree disagree dispute reject dismiss doubt believe think feel fear
worry hope expect want demand joke quip muse speculate imply signal affirm reaffirm assure
inform notify brief clarify summarize summarise characterize characterise label dub decry
condemn denounce lament bemoan applaud reckon anticipate envision foresee point
acknowledge concur opine theorize hint contest insinuate estimate stress brag boast concede
lash tease preview suspect recommend
caution guarantee swear acknowledge testify spell admit
support oppose seem appear know plan decide endorse refuse decline defend encourage
liken compare view understand learn discuss speak talk sing chant promote champion
blame mock deride lambaste scold chastise implore threaten seek embrace prefer
portray paint herald unveil admire love hate despise intend advocate rail fault
reject welcome lobby wish dislike approve disapprove favor favour trust distrust mistrust
rule urge acknowledge cite criticize shout yell recite continue read
draw contrast reinforce uncover expose document chronicle recount assess examine analyze
analyse explore argue suggest caution express offer
"""
IRREGULAR_PASTS = {  # a verb's irregular past forms; its -s and -ing forms are regular
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "find": ("found",),
    "show": ("showed", "shown"),
    "know": ("knew", "known"),
    "understand": ("understood",),
    "speak": ("spoke", "spoken"),
    "seek": ("sought",),
    "learn": ("learned", "learnt"),
    "think": ("thought",),
    "feel": ("felt",),
    "foresee": ("foresaw", "foreseen"),
    "forecast": ("forecast", "forecasted"),
    "swear": ("swore", "sworn"),
    "spell": ("spelled", "spelt"),
    "draw": ("drew", "drawn"),
    "read": ("read",),
    # verbs that are no cues, for comparing a verb's forms (match/contradict.py)
    "make": ("made",),
    "take": ("took", "taken"),
    "give": ("gave", "given"),
    "go": ("went", "gone"),
    "win": ("won",),
    "beat": ("beat", "beaten"),
    "lose": ("lost",),
    "hold": ("held",),
    "pay": ("paid",),
    "sell": ("sold",),
    "buy": ("bought",),
    "bring": ("brought",),
    "build": ("built",),
    "begin": ("began", "begun"),
    "run": ("ran",),
    "meet": ("met",),
    "leave": ("left",),
    "keep": ("kept",),
    "choose": ("chose", "chosen"),
    "rise": ("rose", "risen"),
    "fall": ("fell", "fallen"),
    "grow": ("grew", "grown"),
    "break": ("broke", "broken"),
    "spend": ("spent",),
    "send": ("sent",),
    "lead": ("led",),
    "strike": ("struck", "stricken"),
    "get": ("got", "gotten"),
    "mean": ("meant",),
    "stand": ("stood",),
    "catch": ("caught",),
    "teach": ("taught",),
    "fight": ("fought",),
    "throw": ("threw", "thrown"),
    "shoot": ("shot",),
    "steal": ("stole", "stolen"),
    "drive": ("drove", "driven"),
    "forbid": ("forbade", "forbidden"),
    "withdraw": ("withdrew", "withdrawn"),
    "hide": ("hid", "hidden"),
}
_DOUBLING = {"admit", "rebut", "commit", "regret", "submit", "quip", "omit", "plan"}
AUXILIARIES = words(
    """has have had is was were are be been will would could can may might should must also
    again previously recently repeatedly reportedly later earlier once often first then
    further just already still never not even publicly privately openly explicitly
    specifically initially subsequently separately similarly likewise ultimately finally
    only always frequently flatly strongly bluntly quickly correctly rightly wrongly simply
    do does did n't didn't doesn't don't wasn't isn't won't wouldn't can't couldn't hasn't
    haven't hadn't weren't aren't shouldn't cannot 's 're 've 'd 'll 'm long together all
    both almost ever since nonetheless nevertheless jointly now hardly being"""
)
ARTICLE_NOUNS = words(
    """article piece story report coverage analysis column editorial op-ed investigation
    feature post tweet thread video podcast broadcast segment interview newsletter blog
    review study survey poll paper"""
)
DOCUMENT_NOUNS = words(
    """memo memorandum report study proposal letter filing lawsuit document paper survey poll
    statement release transcript email emails complaint ruling order bill plan guidance
    brief audit assessment review research data analysis book speech testimony petition
    indictment affidavit motion manifesto platform policy strategy declaration resolution
    figures numbers results estimates projections records documents polls surveys studies
    reports letters memos analyses"""
)
GROUP_NOUNS = words(
    """experts critics analysts advocates observers economists researchers scientists officials
    lawmakers legislators democrats republicans supporters opponents investors users
    developers activists commentators pundits skeptics sceptics proponents residents voters
    everyone anyone everybody anybody
    others people americans leaders executives insiders historians scholars academics
    doctors engineers ethicists regulators diplomats protesters protestors conservatives
    liberals progressives economists strategists pollsters scientists many some most few
    several both all critics detractors fans members participants employees workers staffers
    aides advisers advisors reporters journalists authorities police prosecutors
    investigators officers"""
)
ANONYMOUS_NOUNS = words(
    """source sources official contributor researcher person individual insider aide user
    commenter poster observer analyst expert economist diplomat executive employee staffer
    adviser advisor strategist lawmaker member participant engineer scientist developer
    investor post tweet account reader voter resident witness spokesperson spokesman
    spokeswoman people someone somebody"""
)
TITLES = words("rep sen gov dr mr mrs ms st jr gen lt col sgt prof rev pres adm capt")  # "Gov."
ROLE_NOUNS = words(
    """ceo chief founder cofounder co-founder president chairman chairwoman chair director
    spokesman spokeswoman spokesperson senator governor candidate nominee secretary minister
    official aide adviser advisor manager executive leader mayor representative congressman
    congresswoman speaker premier chancellor ambassador general commissioner attorney judge
    justice professor author reporter editor economist analyst researcher scientist head
    owner host anchor chairperson treasurer strategist pollster sheriff administrator
    superintendent"""
)
PERSON_NOUNS = words(
    """man woman men women person people guy family families mother father son daughter wife
    husband parent parents child children kid kids friend friends neighbor neighbour
    neighbors colleague colleagues partner candidate candidates nominee nominees democrat
    republican independent liberal conservative voter fan veteran veterans student students
    teacher teachers worker owner owners lawyer lawyers attorney attorneys host hosts
    campaign campaigns administration team staff spokesman spokeswoman side camp aides
    everyone anyone nobody somebody someone i you we he she they himself herself themselves
    who writer writers author authors pollster pollsters critic supporter opponent winner
    loser protester protesters demonstrators crowd audience audiences majority
    minority plurality percent respondents americans announcer"""
)
ORG_WORDS = words(
    """inc inc. corp corp. corporation company co. group agency department ministry commission
    committee university institute center centre foundation association council party
    campaign house court bank fund administration office bureau service board congress
    senate government police army navy pentagon union league federation network labs lab
    organization organisation society club coalition alliance authority trust partners
    capital holdings ventures technologies systems energy power electric utilities oil gas
    pharma pharmaceuticals therapeutics biotech foods airlines airways motors automotive media
    studios entertainment robotics rail railways insurance industries enterprises brands
    markets retail stores software semiconductor semiconductors telecom communications
    networks logistics reserve institute museum ministry department school board union
    teamsters"""
)


SPEECH_VERBS = words(
    """say tell report state claim add note explain argue assert insist contend maintain announce
    acknowledge admit concede confirm deny reveal disclose warn caution advise urge recommend
    predict conclude stress observe remark comment mention reiterate repeat describe call ask
    question answer reply respond retort counter rebut complain criticize criticise blast slam
    attack accuse charge allege testify declare proclaim pledge promise vow recall recount write
    tweet post publish quote cite elaborate detail tout praise agree disagree dispute reject
    dismiss joke quip muse speculate affirm reaffirm assure inform brief clarify decry condemn
    denounce lament bemoan applaud opine concur boast brag swear tease continue read"""
)
STANCE_VERBS = words(
    """support oppose seem appear know plan decide endorse refuse decline defend encourage
    liken compare view see understand learn discuss speak talk sing chant promote champion
    back blame mock deride lambaste scold chastise implore threaten seek embrace prefer
    portray paint herald unveil admire love hate despise intend aim accept
    advocate rail fault press push reject welcome target lobby push wish like dislike
    vote approve disapprove favor favour trust distrust mistrust rule argue insist
    expect want hope fear worry doubt believe think feel suspect reckon"""
)


def inflections(base: str) -> tuple[str, ...]:
    """Return the inflected forms of a verb: base, -s, past, -ing."""
    pasts = IRREGULAR_PASTS.get(base, (_past(base),))
    return (base, _third_person(base), *pasts, _gerund(base))


def _third_person(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def _past(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    if base in _DOUBLING:
        return base + base[-1] + "ed"
    return base + "ed"


def _gerund(base: str) -> str:
    if base.endswith("e") and not base.endswith(("ee", "ye")):
        return base[:-1] + "ing"
    if base in _DOUBLING:
        return base + base[-1] + "ing"
    return base + "ing"


def _cue_verbs() -> dict[str, str]:
    forms: dict[str, str] = {}
    for base in _REPORTING.split():
        for form in inflections(base):
            forms.setdefault(form, base)
    return forms


CUE_VERBS = _cue_verbs()
