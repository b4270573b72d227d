"""Entity resolution: name helpers and cross-document merging on hand-made records (no parse),
within-document resolution on short hand-made texts (``model``), and the seeds end to end."""

from __future__ import annotations

import random

import pytest

from kg.errors import InputError
from kg.model import ORGANIZATION, PERSON, PLACE, DocResult, DocumentInfo, LocalEntity
from kg.names import (
    acronym_of,
    clean_name,
    compatible_first_names,
    is_acronym,
    load_aliases,
    name_key,
    similar_surnames,
    surname_key,
)
from kg.resolve import decide_type, resolve_corpus

from .conftest import DATA

# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Macron\u2019s", "Macron"),
        ("Blair's", "Blair"),
        ("the United Nations", "United Nations"),
        ("  \u201cHaftar,", "Haftar"),
        ("Jones'", "Jones"),
        ("British National Party(BNP", "British National Party"),
    ],
    ids=["curly-possessive", "possessive", "article", "punctuation", "plural-possessive", "glued-parenthesis"],
)
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_name_key_ignores_dots_case_accents_and_spelling():
    assert name_key("U.N.") == name_key("UN") == "un"
    assert name_key("Élysée") == name_key("ELYSEE")
    assert name_key("World Health Organisation") == name_key("the World Health Organization")


@pytest.mark.parametrize(
    "name, acronym",
    [("European Union", "EU"), ("UK Independence Party", "UKIP"), ("World Health Organization", "WHO"),
     ("Government of National Accord", "GNA"), ("Libya", None), ("al Qaeda", None)],
)
def test_acronym_of(name, acronym):
    assert acronym_of(name) == acronym


def test_is_acronym():
    assert is_acronym("NATO") and is_acronym("U.N.") and is_acronym("G8")
    assert not is_acronym("Labour") and not is_acronym("France")


@pytest.mark.parametrize(
    "a, b, same",
    [("Gaddafi", "Qaddafi", True), ("Haftar", "Hafter", True), ("al-Sarraj", "Sarraj", True),
     ("Kilroy", "Kilroy-Silk", True), ("Blair", "Brown", False), ("Howard", "Hayward", False),
     ("Austria", "Australia", False), ("Lee", "Li", False)],
)
def test_similar_surnames(a, b, same):
    assert similar_surnames(a, b) is same


def test_first_names():
    assert not compatible_first_names(["Tony"], ["Cherie"])
    assert compatible_first_names(["J."], ["John"])
    assert compatible_first_names(["Chris"], ["Christopher"])
    assert compatible_first_names(["Muammar"], ["Moammar"])
    assert not compatible_first_names(["Michael"], ["John"])
    assert surname_key("al-Sarraj") == "sarraj"


def test_alias_table_builtin_and_user(tmp_path):
    assert load_aliases().lookup("the Tories") == (ORGANIZATION, "Conservative Party")
    assert load_aliases().lookup("Lib Dems") == (ORGANIZATION, "Liberal Democrats")
    extra = tmp_path / "extra.toml"
    extra.write_text('[Organization]\n"British Broadcasting Corporation" = ["Beeb"]\n'
                     '"Conservative Party" = ["Grand Old Tories"]\n')
    table = load_aliases(str(extra))
    assert table.lookup("Beeb") == (ORGANIZATION, "British Broadcasting Corporation")
    assert table.lookup("Grand Old Tories") == table.lookup("Tories")


@pytest.mark.parametrize(
    "text", ['[Animals]\n"Cat" = ["Kitty"]\n', '[Person]\n"A B" = 3\n', "not = [toml"],
    ids=["unknown-type", "not-a-list", "bad-toml"],
)
def test_bad_alias_file_names_the_file(tmp_path, text):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(InputError, match="bad.toml"):
        load_aliases(str(bad))


def test_type_is_decided_by_all_the_evidence():
    assert decide_type([("ORG", 4), ("PERSON", 3)], honorifics=["Mr"]) == PERSON
    assert decide_type([("PERSON", 1), ("GPE", 1)], roles=["French President"]) == PERSON
    assert decide_type([("PERSON", 3)], names=["BAA"]) == ORGANIZATION
    assert decide_type([("GPE", 2), ("ORG", 1)]) == PLACE
    assert decide_type([("PERSON", 9)], fixed=ORGANIZATION) == ORGANIZATION


# --------------------------------------------------------------------------- across documents


def _le(doc, index, name, etype, aliases=(), labels=None, honorifics=(), count=1, roles=()):
    label = {PERSON: "PERSON", ORGANIZATION: "ORG", PLACE: "GPE"}[etype]
    return LocalEntity(doc_id=doc, index=index, name=name, type=etype, aliases=tuple(aliases),
                       labels=tuple(labels or [(label, count)]), mention_count=count,
                       honorifics=tuple(honorifics), roles=tuple(roles))


def _docs(*groups):
    """DocResults from lists of LocalEntity tuples (doc id taken from the records)."""
    out = []
    for ents in groups:
        info = DocumentInfo(id=ents[0].doc_id, path=ents[0].doc_id, title=None, sha256="", chars=0)
        out.append(DocResult(document=info, entities=tuple(ents)))
    return out


def _node(entities, mapping, key):
    eid = mapping[key]
    return next(e for e in entities if e.id == eid)


def test_spelling_variants_and_surname_only_merge_into_one_person():
    results = _docs(
        [_le("a", 0, "Khalifa Haftar", PERSON, ["Haftar"], count=5), _le("a", 1, "Libya", PLACE)],
        [_le("b", 0, "Khalifa Haftar", PERSON, ["Haftar", "Hafter"], count=3), _le("b", 1, "Libya", PLACE)],
        [_le("c", 0, "Haftar", ORGANIZATION, labels=[("ORG", 4), ("PERSON", 1)], count=5)],
        [_le("d", 0, "Hafter", PERSON)],
    )
    entities, mapping = resolve_corpus(results)
    ids = {mapping[f"{d}#0"] for d in "abcd"}
    assert ids == {"Person:Khalifa Haftar"}
    node = _node(entities, mapping, "a#0")
    assert node.type == PERSON and {"Haftar", "Hafter"} <= set(node.aliases)
    assert node.documents == ("a", "b", "c", "d")


def test_transliterations_merge_with_shared_context_only():
    results = _docs(
        [_le("a", 0, "Muammar Gaddafi", PERSON), _le("a", 1, "Tripoli", PLACE)],
        [_le("b", 0, "Muammar Qaddafi", PERSON), _le("b", 1, "Tripoli", PLACE)],
        [_le("c", 0, "Peter Sanders", PERSON), _le("c", 1, "Stansted", PLACE)],
        [_le("d", 0, "Peter Saunders", PERSON), _le("d", 1, "Christian Medical Fellowship", ORGANIZATION)],
    )
    entities, mapping = resolve_corpus(results)
    assert mapping["a#0"] == mapping["b#0"]
    assert mapping["c#0"] != mapping["d#0"]


def test_acronyms_and_expansions_are_one_organization():
    results = _docs(
        [_le("a", 0, "United Nations", ORGANIZATION), _le("a", 1, "European Union", ORGANIZATION)],
        [_le("b", 0, "UN", ORGANIZATION), _le("b", 1, "EU", ORGANIZATION)],
        [_le("c", 0, "U.N.", ORGANIZATION, labels=[("PERSON", 1)])],
        [_le("d", 0, "Government of National Unity", ORGANIZATION, ["GNA"])],
        [_le("e", 0, "GNA", ORGANIZATION)],
    )
    entities, mapping = resolve_corpus(results)
    assert mapping["a#0"] == mapping["b#0"] == mapping["c#0"] == "Organization:United Nations"
    assert mapping["a#1"] == mapping["b#1"] == "Organization:European Union"
    assert mapping["d#0"] == mapping["e#0"]
    assert {e.type for e in entities} == {ORGANIZATION}


def test_an_acronym_with_two_possible_expansions_stays_alone():
    results = _docs(
        [_le("a", 0, "Sentencing Guidelines Council", ORGANIZATION, ["SGC"])],
        [_le("b", 0, "Scottish Gas Company", ORGANIZATION)],
        [_le("c", 0, "SGC", ORGANIZATION)],
    )
    _, mapping = resolve_corpus(results)
    assert mapping["a#0"] != mapping["b#0"]
    assert len({mapping["a#0"], mapping["b#0"], mapping["c#0"]}) == 3 or mapping["c#0"] == mapping["a#0"]


def test_people_who_share_a_surname_stay_apart():
    results = _docs(
        [_le("a", 0, "Tony Blair", PERSON, ["Blair", "Mr Blair"], honorifics=["Mr"], count=20),
         _le("a", 1, "Cherie Blair", PERSON, ["Mrs Blair"], honorifics=["Mrs"], count=2)],
        [_le("b", 0, "Ian Blair", PERSON, ["Sir Ian", "Sir Ian Blair"], honorifics=["Sir"], count=3)],
        [_le("c", 0, "Michael Howard", PERSON, ["Howard"], count=30), _le("c", 1, "John Howard", PERSON, count=2)],
        [_le("d", 0, "Blair", PERSON, ["Mr Blair"], honorifics=["Mr"], count=4)],
        [_le("e", 0, "Blair", PERSON, ["Mrs Blair"], honorifics=["Mrs"], count=2)],
        [_le("f", 0, "Howard", PERSON, ["Mr Howard"], honorifics=["Mr"], count=3)],
    )
    entities, mapping = resolve_corpus(results)
    people = {mapping[k] for k in ("a#0", "a#1", "b#0", "c#0", "c#1")}
    assert len(people) == 5
    assert mapping["d#0"] == mapping["a#0"] == "Person:Tony Blair"  # Mr Blair: the Blair who is a Mr
    assert mapping["e#0"] == mapping["a#1"] == "Person:Cherie Blair"  # Mrs Blair: the woman
    assert mapping["f#0"] == mapping["c#0"] == "Person:Michael Howard"  # the dominant Howard


def test_alias_table_merges_what_no_rule_can():
    results = _docs(
        [_le("a", 0, "Conservative Party", ORGANIZATION)],
        [_le("b", 0, "Tories", ORGANIZATION, labels=[("NORP", 3)])],
        [_le("c", 0, "Lib Dems", PERSON, labels=[("PERSON", 2)]), _le("c", 1, "Liberal Democrats", ORGANIZATION)],
    )
    entities, mapping = resolve_corpus(results)
    assert mapping["a#0"] == mapping["b#0"] == "Organization:Conservative Party"
    assert mapping["c#0"] == mapping["c#1"] == "Organization:Liberal Democrats"


def test_user_alias_file_extends_the_table():
    results = _docs([_le("a", 0, "Beeb", ORGANIZATION)], [_le("b", 0, "British Broadcasting Corporation",
                                                             ORGANIZATION)])
    _, plain = resolve_corpus(results)
    assert plain["a#0"] != plain["b#0"]
    _, mapping = resolve_corpus(results, DATA / "resolve_aliases.toml")
    assert mapping["a#0"] == mapping["b#0"] == "Organization:British Broadcasting Corporation"


def test_result_does_not_depend_on_input_order():
    results = _docs(
        [_le("a", 0, "Khalifa Haftar", PERSON, ["Haftar"]), _le("a", 1, "UN", ORGANIZATION)],
        [_le("b", 0, "Hafter", PERSON), _le("b", 1, "United Nations", ORGANIZATION)],
        [_le("c", 0, "Blair", PERSON, honorifics=["Mr"]), _le("c", 1, "Tony Blair", PERSON)],
        [_le("d", 0, "Gordon Brown", PERSON, ["Brown"]), _le("d", 1, "Brown", PERSON, honorifics=["Mrs"])],
    )
    expected = resolve_corpus(results)
    for seed in range(5):
        shuffled = results[:]
        random.Random(seed).shuffle(shuffled)
        assert resolve_corpus(shuffled) == expected


def test_ids_are_unique_and_every_key_is_mapped():
    results = _docs(
        [_le("a", 0, "Blair", PERSON, honorifics=["Mrs"]), _le("a", 1, "Blair", PERSON, honorifics=["Mr"])],
        [_le("b", 0, "Paris", PLACE), _le("b", 1, "Paris", ORGANIZATION)],
    )
    entities, mapping = resolve_corpus(results)
    assert len({e.id for e in entities}) == len(entities)
    assert set(mapping) == {"a#0", "a#1", "b#0", "b#1"}
    assert set(mapping.values()) == {e.id for e in entities}
    assert mapping["a#0"] != mapping["a#1"]


def test_many_entities_resolve_quickly():
    """Blocking keeps the work near-linear: 10,000 records (all pairs would be 50 million comparisons)."""
    import time

    rng = random.Random(1)
    letters = "bcdfghjklmnprstvz"

    def word():
        return "".join(rng.choice(letters) + rng.choice("aeiou") for _ in range(3)).title()

    results = _docs(*[[_le(f"d{i}", k, f"{word()} {word()}", PERSON) for k in range(10)] for i in range(1000)])
    start = time.perf_counter()
    entities, mapping = resolve_corpus(results)
    assert time.perf_counter() - start < 20
    assert len(mapping) == 10000


# --------------------------------------------------------------------------- the seeds, end to end


@pytest.mark.model
def test_seed_actors_are_one_node_each_and_credits_are_not_actors(nlp):
    from kg.model import Document
    from kg.pipeline import extract_batch
    from kg.read import read_sources

    from .conftest import SEEDS

    documents = [d for d in read_sources([SEEDS]) if isinstance(d, Document)]
    results = extract_batch(documents)
    entities, mapping = resolve_corpus(results)
    expected = {
        PERSON: ["Haftar", "Macron", "Sarraj", "Gaddafi", "Conte", "Salame"],
        ORGANIZATION: ["UN", "GNA", "LNA", "NATO", "WHO"],
        PLACE: ["Libya", "Tripoli", "Paris", "Rome", "France", "Italy"],
    }
    for etype, names in expected.items():
        for name in names:
            nodes = [e for e in entities
                     if any(name in (s, *s.replace("-", " ").split()) for s in (e.name, *e.aliases))]
            assert len(nodes) == 1, (name, [e.id for e in nodes])
            assert nodes[0].type == etype, (name, nodes[0].id)
    credits = {"REUTERS", "AP", "AFP", "FRANCE 24", "Philippe Wojazer"}
    assert not {s for e in entities for s in (e.name, *e.aliases)} & credits
    ids = {e.id for e in entities}
    for r in results:
        for rel in r.relations:
            assert mapping[rel.subject] in ids and mapping[rel.object] in ids
    first = next(r for r in results if r.document.get("publisher"))
    assert first.document.get("publisher") == "FRANCE 24"
    assert ("agency", "REUTERS") in first.document.metadata
    assert not any("newsletter" in s.lower() for e in entities for s in (e.name, *e.aliases))


def test_post_nominal_letters_and_first_names_make_a_person():
    from kg.resolve import decide_type

    assert decide_type([("ORG", 2)], [], [], ["Guy Mansfield QC"]) == "Person"
    assert decide_type([("ORG", 2)], [], [], ["Vincent Cable"]) == "Person"
    assert decide_type([("ORG", 2)], [], [], ["Bar Council"]) == "Organization"
