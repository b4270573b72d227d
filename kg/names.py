"""Name strings: cleanup, keys, acronyms, phonetic blocking and compatibility.

Pure functions on strings (no spaCy), shared by ``kg.mentions`` and
``kg.resolve``.  The lexicons they use live in ``kg/data/names.toml`` and the
alias table in ``kg/data/aliases.toml``.

>>> clean_name("the  Macron\u2019s")
'Macron'
>>> name_key("the U.N.")
'un'
>>> acronym_of("UK Independence Party")
'UKIP'
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import jellyfish

from .errors import InputError
from .model import ENTITY_TYPES

__all__ = [
    "Lexicon",
    "lexicon",
    "AliasTable",
    "load_aliases",
    "actor_patterns",
    "straighten",
    "clean_name",
    "fold",
    "name_key",
    "is_acronym",
    "acronym_of",
    "is_junk_name",
    "split_person",
    "surname_key",
    "phonetic_key",
    "similar_surnames",
    "compatible_first_names",
    "honorific_gender",
    "first_name_gender",
]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_EDGE_PUNCT = " \t\n,.;:!?\"'()[]{}|/\\-\u2013\u2014*>"
_POSSESSIVE = re.compile(r"(?:'s|')$")
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&]{1,5}|(?:[A-Z]\.){2,6}|[A-Z][a-z]?[A-Z]{1,5})$")
_GLUED = re.compile(r"[a-z]{3,}[A-Z][a-z]")  # "newsletterReceive": text run together
_CONNECTORS = {"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in", "to"}


@dataclass(frozen=True)
class Lexicon:
    honorifics: dict[str, str]  # honorific -> "m" / "f" / ""
    peerage: frozenset[str]
    given_name_titles: frozenset[str]
    knighthoods: frozenset[str]
    role_heads: frozenset[str]
    role_abbreviations: dict[str, str]
    demonyms: dict[str, str]
    particles: frozenset[str]
    particle_prefixes: tuple[str, ...]
    first_names: dict[str, str]  # lower-case first name -> "m" / "f"
    agencies: frozenset[str]  # lower case
    role_ranks: frozenset[str] = frozenset()  # "deputy" prime minister is another office
    reporting_verbs: frozenset[str] = frozenset()  # "..., the Financial Times reported": a source
    class_nouns: dict[str, bool] = field(default_factory=dict)  # "party" -> needs the word in the name
    state_nouns: frozenset[str] = frozenset()  # "the Sudanese [government]": a demonym before one is the state
    capitals: dict[str, str] = field(default_factory=dict)  # "Moscow" -> "Russia" when it acts
    seats: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "United Kingdom" -> ("Downing Street", ...)
    metonymy_verbs: frozenset[str] = frozenset()
    metonymy_nouns: frozenset[str] = frozenset()
    metonymy_objects: frozenset[str] = frozenset()  # "accused Tehran of ..."
    metonymy_asked: frozenset[str] = frozenset()  # "Damascus was urged to ..."
    groups: dict[str, str] = field(default_factory=dict)  # "men" -> "male": "the two men" are two of that kind
    collectives: frozenset[str] = frozenset()  # "[Chechen] rebels": a people's group, an actor


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicons of ``kg/data/names.toml``, loaded once."""
    with resources.files("kg.data").joinpath("names.toml").open("rb") as fh:
        data = tomllib.load(fh)
    first: dict[str, str] = {}
    for gender, names in data["first_names"].items():
        for n in names:
            key = n.lower()
            first[key] = "" if first.get(key, gender) != gender else gender
    return Lexicon(
        honorifics=dict(data["honorifics"]),
        peerage=frozenset(data["peerage"]["titles"]),
        given_name_titles=frozenset(data["peerage"]["given_name_titles"]),
        knighthoods=frozenset(data["peerage"]["knighthoods"]),
        role_heads=frozenset(h.lower() for h in data["roles"]["heads"]),
        role_abbreviations={k.lower(): v for k, v in data["roles"]["abbreviations"].items()},
        demonyms=dict(data["demonyms"]),
        particles=frozenset(data["particles"]["words"]),
        particle_prefixes=tuple(data["particles"]["prefixes"]),
        first_names=first,
        agencies=frozenset(a.lower() for a in data["credits"]["agencies"]),
        role_ranks=frozenset(r.lower() for r in data["roles"].get("ranks", ())),
        reporting_verbs=frozenset(data.get("sources", {}).get("reporting_verbs", ())),
        class_nouns={**{w: False for w in data.get("references", {}).get("generic", ())},
                     **{w: True for w in data.get("references", {}).get("named", ())}},
        state_nouns=frozenset(data["demonyms_state"]["nouns"]) if "demonyms_state" in data else frozenset(),
        capitals=dict(data.get("capitals", {})),
        seats={k: tuple(v) for k, v in data.get("seats", {}).items()},
        metonymy_verbs=frozenset(data.get("metonymy", {}).get("verbs", ())),
        metonymy_nouns=frozenset(data.get("metonymy", {}).get("nouns", ())),
        metonymy_objects=frozenset(data.get("metonymy", {}).get("objects", ())),
        metonymy_asked=frozenset(data.get("metonymy", {}).get("asked", ())),
        groups={noun: kind for kind, nouns in data.get("groups", {}).items() for noun in nouns},
        collectives=frozenset(data.get("collectives", {}).get("nouns", ())),
    )


@lru_cache(maxsize=1)
def _country_keys() -> frozenset[str]:
    lex = lexicon()
    keys = {name_key(n) for n in [*lex.demonyms.values(), *lex.capitals.values()]}
    keys |= {key for key, (etype, _) in load_aliases().entries.items() if etype == "Place"}
    return frozenset(keys)


def is_country(name: str) -> bool:
    """Is ``name`` a country's (what the demonym and capital tables point to, or the alias table's places)?"""
    return name_key(name) in _country_keys()


def straighten(text: str) -> str:
    """Curly quotes straightened, whitespace folded to single spaces."""
    return " ".join(text.translate(_QUOTES).split())


def clean_name(text: str) -> str:
    """A surface form as a name: no leading article, possessive or stray punctuation."""
    s = straighten(text).split("(")[0].strip(_EDGE_PUNCT)
    s = _POSSESSIVE.sub("", s).strip(_EDGE_PUNCT)
    words = s.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words).strip(_EDGE_PUNCT)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, accents removed ("Élysée" -> "elysee")."""
    decomposed = unicodedata.normalize("NFKD", straighten(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The exact-match key of a name: folded, no dots/hyphens/article, -isation = -ization."""
    s = fold(clean_name(name))
    s = re.sub(r"(?<=\w)\.(?=\w|$)", "", s)  # U.N. -> un
    s = re.sub(r"[-_/]", " ", s)
    s = re.sub(r"[^\w& ]", "", s)
    s = re.sub(r"isation\b", "ization", s)
    words = s.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def is_acronym(name: str) -> bool:
    """True for "UN", "U.N.", "NATO", "UKIP"; False for "Labour" or "France"."""
    return bool(_ACRONYM.match(name.strip()))


@lru_cache(maxsize=200_000)
def acronym_of(name: str) -> str | None:
    """Initials of a multi-word name ("European Union" -> "EU"), all-caps words kept whole."""
    words = [w for w in re.split(r"[\s-]+", clean_name(name)) if w]
    letters = []
    significant = 0
    for w in words:
        if w.lower() in _CONNECTORS:
            continue
        if not w[0].isupper() or w.endswith("'s"):
            return None
        significant += 1
        letters.append(w if w.isupper() and w.isalpha() else w[0])
    if significant < 2:
        return None
    return "".join(letters).upper()


def is_junk_name(name: str) -> bool:
    """Names that cannot be an actor: no letters, run-together words, too long."""
    if not any(c.isalpha() for c in name):
        return True
    if _GLUED.search(name) and not re.match(r"^(Mc|Mac|O')", name):
        return True
    words = name.split()
    if len(words) == 1 and words[0].lower() in _generic_words():  # "Party leader X", "the Bill"
        return True
    lex = lexicon()
    lowered = words[0].lower() in lex.particles or name.lower().startswith(lex.particle_prefixes)  # "al-Qaeda"
    return len(words) > 8 or not words[0][0].isupper() and not lowered


@lru_cache(maxsize=1)
def postnominals() -> frozenset[str]:
    """Letters after a name only people carry ("QC", "MP", "OBE"), from ``names.toml``."""
    with resources.files("kg.data").joinpath("names.toml").open("rb") as fh:
        return frozenset(tomllib.load(fh).get("postnominals", {}).get("words", ()))


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    with resources.files("kg.data").joinpath("names.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return frozenset(w.lower() for w in data.get("generic", {}).get("words", ()))


@lru_cache(maxsize=200_000)
def split_person(name: str) -> tuple[tuple[str, ...], str]:
    """(given names, surname) of a person's name; particles stay with the surname."""
    words = clean_name(name).split()
    if not words:
        return (), ""
    particles = lexicon().particles
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in particles:
        i -= 1
    return tuple(words[:i]), " ".join(words[i:])


@lru_cache(maxsize=200_000)
def surname_key(surname: str) -> str:
    """A surname without particles, folded ("al-Sarraj" -> "sarraj")."""
    s = fold(surname)
    for prefix in lexicon().particle_prefixes:
        if s.startswith(prefix) and len(s) > len(prefix) + 2:
            s = s[len(prefix):]
            break
    words = [w for w in re.split(r"[\s-]+", s) if w]
    particles = lexicon().particles
    while len(words) > 1 and words[0] in particles:
        words = words[1:]
    return re.sub(r"[^a-z]", "", "".join(words))


@lru_cache(maxsize=200_000)
def phonetic_key(word: str) -> str:
    """Blocking key for spelling variants: metaphone, inner H dropped (Gaddafi = Qaddafi = Kadhafi)."""
    s = re.sub(r"[^a-z]", "", fold(word))
    if not s:
        return ""
    m = jellyfish.metaphone(s)
    return m[:1] + m[1:].replace("H", "")


def similar_surnames(a: str, b: str) -> bool:
    """Same surname, or a transliteration variant of it (same phonetic key, small edit).

    ``a`` may also be the first part of a double-barrelled ``b``.
    """
    ka, kb = surname_key(a), surname_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    pa, pb = fold(a).split("-"), fold(b).split("-")
    if len(pa) < len(pb) and pa[0] == pb[0] and len(pa[0]) > 2:
        return True  # "Kilroy" for "Kilroy-Silk" (not "Blair-Brown" for "Blair")
    if min(len(ka), len(kb)) < 5 or phonetic_key(ka) != phonetic_key(kb):
        return False
    return jellyfish.levenshtein_distance(ka, kb) <= max(1, min(len(ka), len(kb)) // 4)


def compatible_first_names(a: Sequence[str], b: Sequence[str]) -> bool:
    """Given names that can be one person's: equal, an initial of the other, or a spelling variant."""
    if not a or not b:
        return True
    fa, fb = fold(a[0]).rstrip("."), fold(b[0]).rstrip(".")
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    short, long_ = sorted((fa, fb), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True  # "Chris" / "Christopher", "Ken" / "Kenneth"
    if phonetic_key(fa) == phonetic_key(fb) and jellyfish.jaro_winkler_similarity(fa, fb) >= 0.85:
        return True
    return False


def honorific_gender(honorific: str | None) -> str:
    """"m", "f" or "" (unknown) for an honorific such as "Mrs"."""
    if not honorific:
        return ""
    return lexicon().honorifics.get(honorific.rstrip("."), "")


def first_name_gender(first: str | None) -> str:
    """"m", "f" or "" for a first name the lexicon knows."""
    if not first:
        return ""
    return lexicon().first_names.get(first.lower(), "")


# --------------------------------------------------------------------------- alias table


@dataclass(frozen=True)
class AliasTable:
    """name_key -> (type, canonical name), from one or more alias TOML files."""

    entries: dict[str, tuple[str, str]]

    def lookup(self, name: str) -> tuple[str, str] | None:
        return self.entries.get(name_key(name))

    @cached_property
    def _by_target(self) -> dict[tuple[str, str], tuple[str, ...]]:
        out: dict[tuple[str, str], list[str]] = {}
        for key, target in self.entries.items():
            out.setdefault(target, []).append(key)
        return {target: tuple(keys) for target, keys in out.items()}

    def names_of(self, target: tuple[str, str]) -> tuple[str, ...]:
        """Every name (as its key) the table gives ``target``, a ``(type, canonical)`` pair from :meth:`lookup`."""
        return self._by_target.get(target, ())


def _read_alias_file(data: dict, where: str, entries: dict[str, tuple[str, str]]) -> None:
    for etype, table in data.items():
        if etype not in ENTITY_TYPES or not isinstance(table, dict):
            raise InputError(where, f"unknown table [{etype}]; use one of {', '.join(ENTITY_TYPES)}")
        for canonical, variants in table.items():
            if isinstance(variants, str):
                variants = [variants]
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                raise InputError(where, f"{canonical!r} must map to a list of names")
            ckey = name_key(canonical)
            target = entries.get(ckey, (etype, canonical))
            entries[ckey] = target
            for v in variants:
                entries[name_key(v)] = target


@lru_cache(maxsize=4)
def _data_toml(name: str) -> dict:
    with resources.files("kg.data").joinpath(name).open("rb") as fh:
        return tomllib.load(fh)


#: entity type -> spaCy label the actor gazetteer tags with
_TYPE_LABELS = {"Person": "PERSON", "Organization": "ORG", "Place": "GPE"}


def actor_patterns() -> list[dict]:
    """Entity-ruler patterns for the well-known actors of ``kg/data/actors.toml``: every name as listed and
    with a capital first letter ("al-Qaeda", "Al-Qaeda")."""
    out = []
    for etype, table in _data_toml("actors.toml").items():
        for canonical, variants in table.items():
            for name in (canonical, *variants):
                for form in dict.fromkeys((name, name[:1].upper() + name[1:])):
                    out.append({"label": _TYPE_LABELS[etype], "pattern": form})
    return out


def load_aliases(path: str | Path | None = None) -> AliasTable:
    """The built-in alias table, extended by the user's TOML file at ``path``."""
    if path is None:
        return _load_aliases(None, 0)
    try:
        stamp = Path(path).stat().st_mtime_ns
    except OSError as exc:
        raise InputError(str(path), f"cannot read alias table: {exc.strerror or exc}") from exc
    return _load_aliases(str(path), stamp)


@lru_cache(maxsize=8)
def _load_aliases(path: str | None, stamp: int) -> AliasTable:
    entries: dict[str, tuple[str, str]] = {}
    for name in ("aliases.toml", "actors.toml"):
        _read_alias_file(_data_toml(name), f"kg/data/{name}", entries)
    if path is not None:
        p = Path(path)
        try:
            with p.open("rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise InputError(str(p), f"cannot read alias table: {exc.strerror or exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise InputError(str(p), f"not a valid TOML alias table: {exc}") from exc
        _read_alias_file(data, str(p), entries)
    return AliasTable(entries)
