"""The packaged gazetteer (storyline.actors.gazetteer, geodata, placetable, gazetteer_cache) and toponym resolution
(storyline.actors.resolution): each rule on a made-up document context, against the real package data."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.containment import LOCAL_KINDS, Placed, containing_place, document_focus
from storyline.actors import gazetteer_cache, geodata
from storyline.actors.containment import Placed as Mentioned
from storyline.actors.containment import (
    approximate_key,
    approximate_places,
    container_key,
    identity_place,
    is_facility,
    local_container,
)
from storyline.actors.gazetteer import Gazetteer, Place, from_payload, listed_regions, load_gazetteer, to_payload
from storyline.actors.placetable import NameIndex
from storyline.actors.resolution import choose_place, contained_place, distance_km, document_anchors, locate


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_countries_have_a_real_point_not_the_middle_of_their_cities(gaz: Gazetteer) -> None:
    ukraine = gaz.countries["UA"]
    assert abs(ukraine.lat - 49.0) < 1.0 and abs(ukraine.lon - 32.0) < 1.0


def test_divisions_and_small_towns_are_in_the_gazetteer(gaz: Gazetteer) -> None:
    kinds = {p.kind for p in gaz.places("Rajasthan")}
    assert "state" in kinds
    assert any(p.kind == "county" and p.country == "US" for p in gaz.places("Orange County"))
    assert any(p.kind == "city" and p.country == "UA" for p in gaz.places("Motyzhyn"))  # a village under 5,000


def test_a_city_named_like_its_region_is_the_city(gaz: Gazetteer) -> None:
    context = {"UA": 3, "RU": 1}
    for name in ("Donetsk", "Zaporizhzhia", "Kharkiv", "Kyiv"):
        place = choose_place(name, gaz, context)
        assert place is not None and place.kind == "city" and place.country == "UA", (name, place)


def test_an_ordinary_word_is_no_foreign_region_or_airport_code(gaz: Gazetteer) -> None:
    context = {"UA": 2, "RU": 1}
    assert choose_place("West", gaz, context, minor=False) is None  # a region of Cameroon, not named here
    assert not any(p.name == "Seattle" for p in gaz.places("Sea"))  # "SEA" is an airport code, in capitals
    assert any(p.name == "Seattle" for p in gaz.places("SEA"))
    assert not any(p.name == "Eu" for p in gaz.places("EU"))  # the French town is not the abbreviation


def test_a_name_other_places_of_the_country_bear_is_not_another_citys_former_name(gaz: Gazetteer) -> None:
    context = {"UA": 3}
    village = choose_place("Oleksandrivka", gaz, context)  # many villages; GeoNames also lists it for Donetsk
    assert village is not None and village.name == "Oleksandrivka" and village.country == "UA"
    assert choose_place("Kiev", gaz, context).name == "Kyiv"  # a spelling of the city's own name stays


def test_us_state_abbreviations_match_only_as_written(gaz: Gazetteer) -> None:
    assert [p.key for p in gaz.places("N.C.")] == ["state:US-NC"]
    assert "state:US-MS" not in {p.key for p in gaz.places("Miss")}
    town = choose_place("Springfield, Ill.", gaz, {})
    assert town is not None and town.kind == "city" and town.country == "US"
    assert distance_km(town, gaz.by_key["state:US-IL"]) < 300


def test_nearby_places_decide_between_namesakes(gaz: Gazetteer) -> None:
    names = ["Springfield", "Decatur", "Peoria"]
    anchors = document_anchors(names[1:], gaz, {"US": 2})
    place = choose_place("Springfield", gaz, {"US": 2}, list(anchors.values()))
    assert place is not None and distance_km(place, gaz.by_key["state:US-IL"]) < 300


def test_a_longer_name_is_located_at_the_place_it_is_named_after(gaz: Gazetteer) -> None:
    assert contained_place("Bank of Japan", gaz, {}).key == "country:JP"
    assert locate("Zaporizhzhia Nuclear Power Station", gaz, {"UA": 2}).country == "UA"
    assert contained_place("Sea of Azov", gaz, {"UA": 2}) is None  # no city of 100,000 is called "Sea"


def test_the_packed_name_index_answers_as_the_dict_it_was_packed_from() -> None:
    names = {"kyiv": [4, 1], "kiev": [4], "^nyc": [7], "lima": [2, 9, 3]}
    index = NameIndex.unpack(NameIndex.pack(names))
    assert dict(index.items()) == names and len(index) == len(names)
    assert index.get("lima") == [2, 9, 3] and index.get("lima") is not index.get("lima")  # callers may extend it
    assert "odesa" not in index and index.get("odesa") is None and index.get("odesa", []) == []
    with pytest.raises(KeyError):
        index["odesa"]
    assert len(NameIndex.unpack(NameIndex.pack({}))) == 0


def test_the_index_file_round_trips_and_is_keyed_by_what_builds_it(gaz: Gazetteer, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    again = from_payload(to_payload(gaz))
    assert again.places("Kyiv") == gaz.places("Kyiv")
    assert again.capital("UA") == gaz.capital("UA") and again.neighbours["UA"] == gaz.neighbours["UA"]
    monkeypatch.setenv("STORYLINE_CACHE_DIR", str(tmp_path))
    gazetteer_cache.write(1, {"probe": [1, 2]})
    assert gazetteer_cache.read(1) == {"probe": [1, 2]}
    assert gazetteer_cache.path(1).parent == tmp_path and gazetteer_cache.fingerprint() in gazetteer_cache.path(1).name
    assert gazetteer_cache.read(2) is None


def test_a_ring_has_its_area_and_centroid_and_a_country_its_main_land() -> None:
    area, (lat, lon) = geodata.ring_area_and_centroid([(0.0, 0.0), (2.0, 0.0), (2.0, 1.0), (0.0, 1.0), (0.0, 0.0)])
    assert area == 2.0 and (lat, lon) == (0.5, 1.0)
    land = geodata.main_land_points()["US"]  # the contiguous states, not Alaska or Hawaii
    assert 37 < land[0] < 42 and -102 < land[1] < -95


def test_a_country_point_is_the_midpoint_of_its_atlas_point_and_its_main_land(gaz: Gazetteer) -> None:
    """The United States' atlas point (38, -97) is 235 km from GeoNames' (39.76, -98.5), the geographic middle of
    the contiguous states; the midpoint of the two packaged estimates is within 161 km of it."""
    us = gaz.countries["US"]
    atlas, land = geodata.atlas_points()["US"], geodata.main_land_points()["US"]
    assert (us.lat, us.lon) == ((atlas[0] + land[0]) / 2, (atlas[1] + land[1]) / 2)
    geonames = Place("p", "p", "city", "US", 39.76, -98.5, None, 0)
    assert distance_km(us, geonames) < 161 < distance_km(Place("a", "a", "city", "US", *atlas, None, 0), geonames)


def test_world_regions_and_groupings_are_places_at_the_middle_of_their_countries(gaz: Gazetteer) -> None:
    eu = choose_place("EU", gaz, {})
    assert eu is not None and eu.key == "region:EU" and 40 < eu.lat < 55 and 0 < eu.lon < 20
    for name in ("Southeast Asia", "Latin America", "Middle East", "Balkans"):
        place = choose_place(name, gaz, {})
        assert place is not None and place.kind == "region", name
    assert [p.kind for p in gaz.places("Europe")] == ["continent"]  # GeoNames' continent, not a derived region
    assert not any(p.kind == "region" for p in gaz.places("United Nations"))  # the whole world is no place
    assert choose_place("Latin American", gaz, {}).key == "region:419"  # not the United States of "American"
    assert contained_place("Council of Europe", gaz, {}).key == "continent:EU"


def test_a_seat_of_government_is_located_in_the_capital(gaz: Gazetteer) -> None:
    assert locate("Kremlin", gaz, {}) == gaz.capital("RU")
    assert locate("the White House", gaz, {"US": 1}) == gaz.capital("US")  # not White House, Tennessee


def test_an_unlisted_place_is_in_the_place_the_document_names_most(gaz: Gazetteer) -> None:
    denver, colorado = choose_place("Denver", gaz, {"US": 1}), gaz.by_key["state:US-CO"]
    placed = [Placed(0, gaz.countries["US"]), Placed(10, colorado), Placed(50, denver), Placed(90, denver)]
    assert containing_place(placed) == denver
    assert document_focus([Placed(5, colorado), Placed(1, denver)], LOCAL_KINDS) == denver  # the first named
    assert containing_place(placed[:1]) == gaz.countries["US"]  # no town named: the country
    assert containing_place([]) is None


def test_demonyms_of_countries_ending_in_e(gaz: Gazetteer) -> None:
    assert [gaz.country(w) for w in ("Zimbabwean", "Chilean", "Singaporean", "Salvadoran")] == ["ZW", "CL", "SG", "SV"]


def test_every_listed_region_names_known_countries_and_becomes_a_place(gaz: Gazetteer) -> None:
    for region in listed_regions():
        assert region.members and all(code in gaz.countries for code in region.members), region
        assert f"region:{region.code}" in gaz.by_key, region.name


def test_a_feature_is_placed_in_the_town_the_sentence_puts_it_in(gaz: Gazetteer) -> None:
    denver, boulder = choose_place("Denver", gaz, {"US": 2}), choose_place("Boulder", gaz, {"US": 2})
    text = "Crowds met on Colfax Avenue in Denver. Boulder was quiet."
    placed = [Mentioned(text.index("Denver"), text.index("Denver") + 6, denver),
              Mentioned(text.index("Boulder"), text.index("Boulder") + 7, boulder)]
    start = text.index("Colfax Avenue")
    assert local_container(text, start, start + 13, placed) == denver
    text = "Denver's Colfax Avenue was closed."  # "Y's X", the possessive inside or outside the mention
    assert local_container(text, 9, 22, [Mentioned(0, 6, denver)]) == denver
    assert local_container(text, 9, 22, [Mentioned(0, 8, denver)]) == denver


def test_a_feature_without_local_evidence_keeps_no_place(gaz: Gazetteer) -> None:
    london = choose_place("London", gaz, {"GB": 2})
    text = "London talks went on all week." + " Nothing else happened." * 40 + " Tourists queued at the Eiffel Tower."
    start = text.index("Eiffel Tower")
    assert local_container(text, start, start + 12, [Mentioned(0, 6, london)]) is None  # another paragraph's town
    assert local_container("Old Brickworks in London", 0, 14, [Mentioned(18, 24, london)]) == london  # "X in Y"
    assert local_container("Old Brickworks and London", 0, 14, [Mentioned(19, 25, london)]) is None  # no feature noun
    assert approximate_places("A B", [(0, 1), (2, 3)], [london, None]) == [None, None]


def test_a_feature_is_named_by_its_head_noun_and_kept_apart_from_its_town(gaz: Gazetteer) -> None:
    assert is_facility("Quillfeather Arena") and is_facility("University of Westmoor")
    assert not is_facility("Bank of Japan") and not is_facility("Mariupol")
    denver = choose_place("Denver", gaz, {"US": 1})
    key = approximate_key(denver)
    assert container_key(key) == denver.key and identity_place(key) is None
    assert identity_place(denver.key) == denver.key and container_key(denver.key) is None


def test_oceans_and_seas_are_places_before_towns_of_their_name(gaz: Gazetteer) -> None:
    atlantic = choose_place("Atlantic", gaz, {"US": 2}, minor=False)
    assert atlantic is not None and atlantic.name == "Atlantic Ocean" and atlantic.kind == "region"
    for name in ("Black Sea", "Sea of Azov", "Mediterranean", "Baltic Sea"):
        place = choose_place(name, gaz, {"UA": 3}, minor=False)
        assert place is not None and place.kind == "region" and place.country == "", (name, place)
    black_sea = choose_place("Black Sea", gaz, {})
    assert black_sea is not None and 40 < black_sea.lat < 47 and 27 < black_sea.lon < 42


def test_an_abbreviation_is_the_country_or_province_of_the_document_it_spells(gaz: Gazetteer) -> None:
    bc = choose_place("BC", gaz, {"CA": 2})
    assert bc is not None and bc.name == "British Columbia"
    south_africa = choose_place("SA", gaz, {"ZA": 2})
    assert south_africa == gaz.countries["ZA"]
    assert choose_place("SA", gaz, {}) == gaz.countries["SA"]  # no country of the document spelled: the ISO code
    assert gaz.spelled_by_initials("SA", {"ZA", "SA"}) is None  # two spelled: no guess
    assert gaz.spelled_by_initials("Bc", {"CA"}) is None  # not written in capitals


def test_sentence_bounds_match_a_scan_of_the_text_before_the_mention() -> None:
    """The bounds found from one scan per text are the ones a scan of the text cut at the mention gives, also right
    after a sentence end, where the cut hides the capital the end needs."""
    from storyline.actors.containment import SENTENCE_END, _sentence_bounds

    text = ('He left. Kyiv was quiet. "Odesa?" she asked.\n“Kharkiv” next. St. Louis, Mo. and N. Y. are far.'
            ' Then (Lviv) again! 2022 ended')

    def cut_scan(start: int, end: int) -> tuple[int, int]:
        sentence_start = 0
        for match in SENTENCE_END.finditer(text, 0, start):
            sentence_start = match.end()
        following = SENTENCE_END.search(text, end)
        return sentence_start, following.start() if following else len(text)

    for start in range(len(text)):
        for end in (start, min(len(text), start + 4)):
            assert _sentence_bounds(text, start, end) == cut_scan(start, end), (start, end)
