"""Events quality: the scorers on small cases, and the extractor's floors on the PLOVER gold-standard records and
the PETRARCH2 unit tests (../shared/eval; skipped when it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from evaluation.events import (
    PetrarchCoder,
    default_eval,
    evaluate_petrarch,
    evaluate_plover,
    is_alpha3,
    load_cameo_to_plover,
    main_event,
)
from storyline.model import EventMention, Participant

TESTS = Path(__file__).resolve().parent
FLOORS = json.loads((TESTS / "quality_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shared_eval() -> Path:
    root = default_eval()
    if not (root / "plover-gsr" / "PLOVER_GSR_CAMEO.txt").is_file() or not (
            root / "petrarch2-unittests" / "PETR.UnitTest.records.xml").is_file():
        pytest.skip(f"event gold data not found under {root} (../shared beside the repository)")
    return root


def below(measured: dict[str, float], key: str) -> dict[str, str]:
    return {f"{key}.{name}": f"{measured[name]:.3f} < {floor}" for name, floor in FLOORS[key].items()
            if not name.startswith("_") and measured[name] < floor}


def test_the_main_event_is_the_one_nearest_the_root(nlp: Language) -> None:
    text = "Officials said the army attacked the town."
    parsed = nlp(text)
    said = EventMention(10, 14, "said", "say", "REQUEST", 0, len(text))
    attacked = EventMention(24, 32, "attacked", "attack", "ASSAULT", 0, len(text))
    assert main_event([attacked, said], parsed) is said
    assert main_event([], parsed) is None


def test_petrarch_coder_appends_agents_to_actors() -> None:
    coder = PetrarchCoder([("GONDOR", "GON"), ("MINAS TIRITH", "GON")], [("GOVERNMENT", "~GOV"), ("MSF", "NGO~")])
    assert coder.code("the Gondor government") == "GONGOV"
    assert coder.code("government of Minas Tirith") == "GONGOV"
    assert coder.code("MSF Gondor") == "NGOGON"
    assert coder.code("the government") == "---GOV"
    assert coder.code("the weather") is None
    assert is_alpha3("USA") and not is_alpha3("IGO")
    _ = Participant("actor", 0, 1, "x")


def test_cameo_table_maps_codes_to_plover(shared_eval: Path) -> None:
    table = load_cameo_to_plover(shared_eval / "plover-gsr" / "CAMEO2PLOVER-2021.txt")
    assert table["041"] == "CONSULT" and table["1123"] == "ACCUSE" and table["0874"] == "RETREAT"
    assert "023" not in table  # APPEAL was dropped from PLOVER


def test_events_meet_floors_on_plover_and_petrarch(nlp: Language, shared_eval: Path) -> None:
    plover = evaluate_plover(nlp, shared_eval).summary()
    measured = {
        "type_accuracy": plover["all"]["type_accuracy"],
        "type_accuracy_held_out": plover["held-out"]["type_accuracy"],
        "type_accuracy_current": plover["all"]["type_accuracy_current"],
        "source_country_agreement": plover["all"]["source_country_agreement"],
        "target_country_agreement": plover["all"]["target_country_agreement"],
    }
    petrarch = evaluate_petrarch(nlp, shared_eval).summary()
    failing = below(measured, "events_plover") | below(petrarch, "events_petrarch")
    assert not failing, f"events quality under its floor (tests/quality_floors.json): {failing}"
