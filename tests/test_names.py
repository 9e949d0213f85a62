"""Name structure and spelling-tolerant similarity, on made-up names."""

from __future__ import annotations

import pytest

from storyline.actors import names
from storyline.actors.names import organization_key


def test_transliterations_of_one_name_are_similar() -> None:
    assert names.similar_words("Kovalenkiy", "Kovalenky")  # -iy / -y endings
    assert names.similar_words("Kovalenkyy", "Kovalenkiy")  # -yy
    assert names.similar_words("Dmitriy", "Dmitri")
    assert names.similar_words("Oleksandr", "Oleksander")  # an inner vowel
    assert names.similar_words("Maksim", "Maxim")  # ks / x
    assert names.similar_words("Borisov", "Borysov")  # y / i
    assert names.similar_words("Zaharov", "Sakharov") is False  # a different first letter is a different name


def test_different_names_stay_apart() -> None:
    assert not names.similar_words("Tarkov", "Tarkova")  # a changed ending
    assert not names.similar_words("Pelkov", "Petkov")  # a changed consonant
    assert not names.similar_words("Ivel", "Ivol")  # short names need equal keys


def test_given_names_initials_short_forms_and_familiar_forms() -> None:
    assert names.given_compatible("Sergei", "Sergey")
    assert names.given_compatible("T.", "Tomasz")
    assert names.given_compatible("Tom", "Tomasz")
    assert not names.given_compatible("Jake", "Jonah")
    assert names.given_weakly_compatible("Jake", "Jonah")  # only with agreeing context


def test_person_names_are_parsed_into_parts() -> None:
    parsed = names.parse_person("Sen. Mara T. Ellingsworth Jr.")
    assert (parsed.given, parsed.middle, parsed.surname, parsed.honorifics) == ("Mara", ("T.",), "Ellingsworth",
                                                                                ("Sen.",))
    assert names.parse_person("Anke van der Berg").surname == "van der Berg"
    assert not names.parse_person("Mr. Quillfeather").full
    assert parsed.suffix == "jr"


def test_a_son_named_after_his_father_is_another_person() -> None:
    father, son = names.parse_person("Mara Ellingsworth"), names.parse_person("Mara Ellingsworth Jr.")
    assert not names.same_person_name(father, son)
    assert names.same_person_name(son, names.parse_person("Mara Ellingsworth Jr"))
    assert names.same_person_name(names.parse_person("Ellingsworth"), son)  # a surname alone may be either
    assert names.same_person_name(names.parse_person("Ellingsworth"), father)
    assert not names.same_person_name(names.parse_person("Ellingsworth Jr."), father)
    assert names.same_person_name(names.parse_person("Ellingsworth Jr."), son)


def test_acronyms_match_their_long_names() -> None:
    assert names.acronym_matches("ULTC", "Union for Lake Trade and Cooperation")
    assert names.acronym_matches("ULTC", "Pan-Regional Union for Lake Trade and Cooperation")
    assert not names.acronym_matches("ULTC", "Union of Lake Traders")
    assert names.organization_key("Quorvane Holdings Inc.") == "quorvane"


def test_well_formed_names() -> None:
    assert names.well_formed("Mara Ellingsworth") and names.well_formed("McAllister")
    assert not names.well_formed("PolandOn") and not names.well_formed("mara ellingsworth")


@pytest.mark.parametrize(("one", "other"), [
    ("the Russian Defence Ministry", "Russian Ministry of Defense"),
    ("Foreign Ministry", "Ministry of Foreign Affairs"),
    ("Interior Ministry", "Ministry of the Interior"),
    ("U.S. State Department", "U.S. Department of State"),
    ("World Health Organisation", "World Health Organization"),
])
def test_one_organisation_named_two_ways_has_one_key(one: str, other: str) -> None:
    assert organization_key(one) == organization_key(other)


def test_different_organisations_keep_different_keys() -> None:
    keys = {organization_key(name) for name in ("Defense Ministry", "Foreign Ministry", "Russian Defense Ministry",
                                                "Defense Ministry Press Service", "Justice Department")}
    assert len(keys) == 5


def test_a_full_name_with_a_suffix_has_its_own_key_across_documents() -> None:
    from storyline.corpus.actors import full_name_key

    assert full_name_key(names.parse_person("Mara Ellingsworth Jr.")) != full_name_key(
        names.parse_person("Mara Ellingsworth"))
