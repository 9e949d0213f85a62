"""General English word lists the quote finder uses. Knowledge of the language, not of any corpus.

Sources: the reporting verbs of Quirk et al. (1985, 16.35), the attribution cues of PARC 3.0 (Pareti 2016) and the
verb lists of the quotation-attribution literature (Krestel et al. 2008, Pouliquen et al. 2007, O'Keefe et al.
2012), trimmed to verbs that report what someone said or wrote. Verbs of thinking and perceiving (think,
believe, expect, hope, fear, know, find, show) are left out on purpose: they report a state of mind or a finding,
not words said. Every entry is a lemma as spaCy's English lemmatiser writes it.

The lists themselves are data files in `storyline/lexicons/` (`reporting_verbs.txt`, `quotes/*`), each with a
header saying what it holds; this module gives them the names the quote finder imports.
"""

from __future__ import annotations

from storyline.lexicon_files import table, words

# Verbs that report speech or writing and can take what was said as a clause ("said that ...", "..., he added"):
# the one list of reporting verbs, shared with the event extractor (through `quotes.cues.is_reporting`).
REPORTING_VERBS = words("reporting_verbs")
# Verbs that take the person told as an object before what was said ("told the agency that ..."). After any other
# verb an object before the clause means the clause belongs to the object ("demanded guarantees that ...").
ADDRESSEE_VERBS = words("quotes/addressee_verbs")
# Verbs of saying that need what was said: with only a speaker and whom they told ("He told the minister."), the
# words are elsewhere. Verbs that can stand alone ("she replied", "they objected", "he explained") are not here.
CONTENT_NEEDING_VERBS = words("quotes/content_needing_verbs")
# Words that, as the object of a verb of saying, are what was said, not who was told ("said it", "told him so").
CONTENT_PRONOUNS = words("quotes/content_pronouns")
# Verbs that give something a label: only after them is a single quoted word a quotation ("called it 'brutal'").
LABEL_VERBS = words("quotes/label_verbs")
# Verbs that attribute quoted words without taking a clause: naming and judging ("called it 'irresponsible'",
# "described ... as 'amazing'", "accused X of a 'brutal attack'", "condemned 'Russian terrorists'").
QUOTING_VERBS = words("quotes/quoting_verbs") | REPORTING_VERBS
# A verb that is a cue only when its subject is a text ("the statement reads", "the inscription read").
TEXT_VERBS = words("quotes/text_verbs")
# Particles that make a phrasal reporting verb ("pointed out that", "went on to say").
PHRASAL_PARTICLES = table("quotes/phrasal_particles")

# The prepositions through which a quoting verb takes what was said ("accused X of ...", "described as ...",
# "called for ..."). Locative and temporal prepositions ("on Sunday", "in an interview") never do.
CONTENT_PREPOSITIONS = words("quotes/content_prepositions")
# Nouns after which "according to" means "in accordance with", not a source of words ("according to the plan",
# "according to the results of the talks").
ACCORDANCE_NOUNS = words("quotes/accordance_nouns")
# Dependency labels of a cue's children that carry what was said.
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp", "dep", "parataxis", "pcomp"})

# Nouns for a text that speaks for its author: "the statement said", "Musk's tweet", "a report by ...".
TEXT_NOUNS = words("quotes/text_nouns")
# Nouns for an organisation or body ("the embassy said", "the ministry announced"): resolved to an organisation.
ORGANIZATION_NOUNS = words("quotes/organization_nouns")
# Personal pronouns that stand for a speaker, by what they can refer to.
PERSON_PRONOUNS = words("quotes/person_pronouns")
THING_PRONOUNS = words("quotes/thing_pronouns")
PLURAL_PRONOUNS = words("quotes/plural_pronouns")
# First- and second-person words: in unmarked speech ("We are ready, he said") they show the words are the
# speaker's own, so the speech is direct, not reported.
FIRST_SECOND_PERSON = words("quotes/first_second_person")
# Words before a mark that say the marked words are a label, not a quotation ("so-called 'dirty bomb'").
SCARE_MARKERS = words("quotes/scare_markers")
# Connectives that open a sentence but are the reporter's, not part of what was said ("But ..., he said").
LEADING_CONNECTIVES = words("quotes/leading_connectives")

# Where words were said: a noun or name in the cue's clause -> the medium reported.
MEDIA = table("quotes/media")
# Verbs that name their medium ("tweeted" -> Twitter).
MEDIA_VERBS = table("quotes/media_verbs")
