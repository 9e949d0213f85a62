"""General English word lists the quote finder uses. Knowledge of the language, not of any corpus.

Sources: the reporting verbs of Quirk et al. (1985, 16.35), the attribution cues of PARC 3.0 (Pareti 2016) and the
verb lists of the quotation-attribution literature (Krestel et al. 2008, Pouliquen et al. 2007, O'Keefe et al.
2012), trimmed to verbs that report what someone said or wrote. Verbs of thinking and perceiving (think,
believe, expect, hope, fear, know, find, show) are left out on purpose: they report a state of mind or a finding,
not words said. Every entry is a lemma as spaCy's English lemmatiser writes it.
"""

from __future__ import annotations

# Verbs that report speech or writing and can take what was said as a clause ("said that ...", "..., he added").
REPORTING_VERBS = frozenset({
    "say", "tell", "add", "state", "claim", "warn", "deny", "insist", "stress", "note", "announce", "report",
    "argue", "explain", "write", "tweet", "post", "reply", "respond", "answer", "continue", "conclude", "declare",
    "assert", "allege", "acknowledge", "admit", "confirm", "reveal", "emphasize", "emphasise", "suggest", "promise",
    "vow", "pledge", "predict", "complain", "comment", "remark", "recall", "testify", "signal",
    "concede", "maintain", "contend", "demand", "propose", "indicate", "caution", "boast", "counter", "retort",
    "reiterate", "repeat", "disclose", "assure", "inform", "notify", "underline", "underscore", "highlight",
    "ask", "quip", "joke", "lament", "urge", "forecast", "affirm", "aver",
    "advise", "relate", "recount", "specify", "clarify", "mention", "whisper", "shout", "exclaim",
    "plead", "speculate", "hint", "guarantee", "swear", "threaten", "accuse", "charge", "object", "protest",
})
# Verbs that take the person told as an object before what was said ("told the agency that ..."). After any other
# verb an object before the clause means the clause belongs to the object ("demanded guarantees that ...").
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "reassure", "warn", "notify", "remind", "advise",
                             "promise", "brief", "convince", "persuade", "caution", "ask", "show", "teach"})
# Verbs of saying that need what was said: with only a speaker and whom they told ("He told the minister."), the
# words are elsewhere. Verbs that can stand alone ("she replied", "they objected", "he explained") are not here.
CONTENT_NEEDING_VERBS = frozenset({"say", "tell", "state", "add", "declare", "assert", "claim", "stress", "note",
                                   "emphasize", "emphasise", "insist", "write", "tweet", "warn", "assure", "inform",
                                   "underline", "underscore", "reiterate"})
# Words that, as the object of a verb of saying, are what was said, not who was told ("said it", "told him so").
CONTENT_PRONOUNS = frozenset({"it", "this", "that", "so", "what", "which", "something", "anything", "nothing",
                              "everything", "all", "otherwise", "thus", "same"})
# Verbs that give something a label: only after them is a single quoted word a quotation ("called it 'brutal'").
LABEL_VERBS = frozenset({"call", "describe", "dub", "label", "term", "brand", "characterize", "characterise",
                         "name"})
# Verbs that attribute quoted words without taking a clause: naming and judging ("called it 'irresponsible'",
# "described ... as 'amazing'", "accused X of a 'brutal attack'", "condemned 'Russian terrorists'").
QUOTING_VERBS = frozenset({
    "call", "describe", "dub", "label", "term", "brand", "characterize", "characterise", "condemn", "denounce",
    "criticize", "criticise", "praise", "hail", "slam", "blast", "decry", "welcome", "cite", "quote", "chant",
    "mention", "list",
}) | REPORTING_VERBS
# A verb that is a cue only when its subject is a text ("the statement reads", "the inscription read").
TEXT_VERBS = frozenset({"read"})
# Particles that make a phrasal reporting verb ("pointed out that", "went on to say").
PHRASAL_PARTICLES = {"point": "out", "make": "clear", "spell": "out", "go": "on"}

# The prepositions through which a quoting verb takes what was said ("accused X of ...", "described as ...",
# "called for ..."). Locative and temporal prepositions ("on Sunday", "in an interview") never do.
CONTENT_PREPOSITIONS = frozenset({"of", "for", "as", "about", "against"})
# Nouns after which "according to" means "in accordance with", not a source of words ("according to the plan",
# "according to the results of the talks").
ACCORDANCE_NOUNS = frozenset({"plan", "schedule", "timetable", "law", "rule", "regulation", "agreement", "treaty",
                              "constitution", "term", "result", "procedure", "protocol", "tradition", "custom",
                              "standard", "principle", "logic", "scenario", "script", "formula", "calculation"})
# Dependency labels of a cue's children that carry what was said.
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp", "dep", "parataxis", "pcomp"})

# Nouns for a text that speaks for its author: "the statement said", "Musk's tweet", "a report by ...".
TEXT_NOUNS = frozenset({
    "statement", "report", "release", "letter", "tweet", "post", "motion", "document", "communique",
    "communiqué", "decree", "readout", "account", "message", "column", "article", "study", "survey",
    "note", "memo", "transcript", "notice", "announcement", "email", "blog", "resolution", "declaration",
    "filing", "complaint", "lawsuit", "order", "ruling", "verdict", "analysis", "assessment", "bulletin",
    "editorial", "interview", "video", "inscription", "translation", "reading", "summary",
})
# Nouns for an organisation or body ("the embassy said", "the ministry announced"): resolved to an organisation.
ORGANIZATION_NOUNS = frozenset({
    "embassy", "ministry", "department", "government", "administration", "agency", "office", "council",
    "committee", "commission", "military", "army", "navy", "force", "forces", "command", "staff", "service",
    "services", "authority", "authorities", "company", "firm", "group", "party", "parliament", "senate",
    "congress", "court", "kremlin", "newspaper", "paper", "channel", "outlet", "broadcaster", "network",
    "station", "tabloid", "daily", "website", "site", "organization", "organisation", "union", "alliance",
    "bloc", "coalition", "team", "club", "bank", "regime", "cabinet", "presidency", "mission", "delegation",
    "institute", "university", "center", "centre", "foundation", "confederation", "federation", "association",
    "operator", "watchdog", "body", "board", "police", "prosecutor", "prosecutors", "secretariat", "leadership",
    "state", "country", "nation", "side", "media", "press", "wire", "corporation", "tank",
})
# Personal pronouns that stand for a speaker, by what they can refer to.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
# First- and second-person words: in unmarked speech ("We are ready, he said") they show the words are the
# speaker's own, so the speech is direct, not reported.
FIRST_SECOND_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
                                 "you", "your", "yours", "yourself", "yourselves"})
# Words before a mark that say the marked words are a label, not a quotation ("so-called 'dirty bomb'").
SCARE_MARKERS = frozenset({"so-called", "so", "self-styled", "self-described", "self-proclaimed", "supposed",
                           "titled", "entitled", "headlined", "slogan", "inscription", "hashtag", "word", "term",
                           "nicknamed", "codenamed", "named"})
# Connectives that open a sentence but are the reporter's, not part of what was said ("But ..., he said").
LEADING_CONNECTIVES = frozenset({"but", "and", "however", "moreover", "meanwhile", "also", "yet", "so", "still",
                                 "furthermore", "nevertheless", "nonetheless", "instead", "besides", "then"})

# Where words were said: a noun or name in the cue's clause -> the medium reported.
MEDIA = {
    "statement": "statement", "release": "press release", "communique": "statement", "communiqué": "statement",
    "interview": "interview", "conference": "press conference", "briefing": "press conference",
    "presser": "press conference", "twitter": "Twitter", "tweet": "Twitter", "telegram": "Telegram",
    "facebook": "Facebook", "instagram": "Instagram", "youtube": "YouTube", "tiktok": "TikTok",
    "speech": "speech", "address": "speech", "letter": "letter", "email": "email", "e-mail": "email",
    "television": "television", "tv": "television", "radio": "radio", "video": "video", "podcast": "podcast",
    "op-ed": "op-ed", "column": "op-ed", "blog": "blog", "post": "social media post", "website": "website",
    "broadcast": "television", "call": "phone call", "phone": "phone call", "meeting": "meeting",
    "debate": "debate", "hearing": "hearing", "testimony": "hearing", "readout": "statement", "report": "report",
}
# Verbs that name their medium ("tweeted" -> Twitter).
MEDIA_VERBS = {"tweet": "Twitter", "write": "writing", "post": "social media post", "testify": "hearing"}
