"""One entity per real-world actor: within each document, then across documents.

Within a document (``resolve_document``), mentions are clustered by name
("Mr Blair" -> the "Tony Blair" introduced earlier; "Hafter" -> "Haftar";
"GNA (Government of ...)" and "UN" -> "United Nations"), untagged repeats of
known surnames and acronyms are added, and then definite titles and pronouns
become reference mentions (``kg.coref``).  The entity's type is voted by all
its mentions, not the first label seen.

Across documents (``resolve_corpus``), local entities are merged with
blocking keys only (exact name key, acronym, surname phonetic key), so the
work stays near-linear in the number of entities.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from . import coref
from .mentions import LABEL_TYPES, role_head
from .model import ORGANIZATION, PERSON, PLACE, DocResult, Entity, LocalEntity, Mention
from .nlp import text_of
from .names import (
    acronym_of,
    clean_name,
    compatible_first_names,
    first_name_gender,
    honorific_gender,
    is_acronym,
    is_country,
    lexicon,
    load_aliases,
    name_key,
    phonetic_key,
    postnominals,
    similar_surnames,
    split_person,
    surname_key,
)

__all__ = ["resolve_document", "resolve_corpus", "decide_type", "UnionFind"]

_TYPE_ORDER = {PERSON: 0, ORGANIZATION: 1, PLACE: 2}
_COMMON_HONORIFICS = {"Mr", "Mister", "Mrs", "Ms", "Miss"}


class UnionFind:
    """Disjoint sets over 0..n-1; the smallest index is each set's root (order-independent)."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return [out[r] for r in sorted(out)]


def decide_type(
    votes: Iterable[tuple[str, float]],
    honorifics: Iterable[str] = (),
    roles: Iterable[str] = (),
    names: Iterable[str] = (),
    fixed: str | None = None,
) -> str:
    """The type all the evidence points to.

    ``votes`` are (entity type or spaCy label, weight) pairs; honorifics, roles
    with a known head and known first names count for Person; a name that is
    only ever an acronym is never a Person.

    >>> decide_type([("ORG", 4), ("PERSON", 3)], honorifics=["Mr"])
    'Person'
    """
    if fixed:
        return fixed
    score = Counter({PERSON: 0.0, ORGANIZATION: 0.0, PLACE: 0.0})
    for what, n in votes:
        etype = LABEL_TYPES.get(what, what)
        if etype in score:
            score[etype] += n
    score[PERSON] += 3 * len(set(honorifics))
    if any(role_head(r) for r in roles):
        score[PERSON] += 3
    names = list(names)
    if any(len(n.split()) > 1 and first_name_gender(n.split()[0]) for n in names):
        score[PERSON] += 3
    if any(len(n.split()) > 1 and n.split()[-1] in postnominals() for n in names):
        score[PERSON] += 3  # "Guy Mansfield QC"
    if names and all(is_acronym(n) for n in names):
        score[ORGANIZATION] += 2
        del score[PERSON]
    return max(score, key=lambda t: (score[t], -_TYPE_ORDER[t]))


def _same_surname(a: str, b: str) -> bool:
    return similar_surnames(a, b) or similar_surnames(b, a)


def _person_like(m: Mention) -> bool:
    return m.label == "PERSON" or bool(m.honorific) or bool(m.role and role_head(m.role))


def _gender(honorifics: Iterable[str], names: Iterable[str]) -> set[str]:
    genders = {honorific_gender(h) for h in honorifics}
    for n in names:
        given, _ = split_person(n)
        if given:
            genders.add(first_name_gender(given[0]))
    return genders - {""}


def _key(m: Mention) -> str:
    hit = load_aliases().lookup(m.name)
    return name_key(hit[1]) if hit else name_key(m.name)


# --------------------------------------------------------------------------- within a document


def _cluster(doc: Doc, mentions: list[Mention]) -> list[list[int]]:
    """Clusters of mention indices (mentions sorted by offset)."""
    n = len(mentions)
    uf = UnionFind(n)
    keys = [_key(m) for m in mentions]
    multi = [len(m.name.split()) > 1 for m in mentions]
    full = [i for i in range(n) if multi[i] and _person_like(mentions[i]) and not is_acronym(mentions[i].name)]
    full_set = set(full)
    # 1. exact names (single-token person names wait for step 3: "Mr" and "Mrs" Blair differ)
    first_of: dict[tuple, int] = {}
    for i, m in enumerate(mentions):
        if i not in full_set and not multi[i] and _person_like(m) and not is_acronym(m.name):
            continue
        k = (keys[i],)
        if k in first_of:
            uf.union(first_of[k], i)
        else:
            first_of[k] = i
    # 2. full names of one person: "Muammar Gaddafi" / "Muammar Qaddafi", "George W Bush" / "George Bush"
    parts = {i: split_person(mentions[i].name) for i in full}
    for a_pos, a in enumerate(full):
        for b in full[a_pos + 1 :]:
            (ga, sa), (gb, sb) = parts[a], parts[b]
            if uf.find(a) != uf.find(b) and ga and gb and _same_surname(sa, sb) and compatible_first_names(ga, gb):
                uf.union(a, b)
    # 3. single names to the person introduced: nearest compatible full name, before, else after
    person_of = {i: uf.find(i) for i in full}  # fixed ids: roots move as single names join
    honorifics_of: dict[int, set[str]] = defaultdict(set)
    weight: Counter = Counter()  # how often the article has named each person so far
    first_at: dict[int, int] = {}
    for i in full:
        weight[person_of[i]] += 1
        first_at.setdefault(person_of[i], mentions[i].start)
        if mentions[i].honorific:
            honorifics_of[person_of[i]].add(mentions[i].honorific)
    peerage, given_titles = lexicon().peerage, lexicon().given_name_titles
    leftovers: list[int] = []
    for i, m in enumerate(mentions):
        if multi[i] or is_acronym(m.name):
            continue
        if m.label not in ("PERSON", "ORG", "GPE", "NORP") and not m.honorific:
            continue
        want = honorific_gender(m.honorific)
        cands = []
        for j in full:
            given, surname = parts[j]
            root = person_of[j]
            hons = honorifics_of[root]
            # "Sir Ian" -> "Sir Ian Blair"; a bare known first name ("Tony") -> the one Tony
            by_given = bool(given) and given[0] == m.name and (
                m.honorific in hons
                or m.honorific in lexicon().knighthoods and not hons & _COMMON_HONORIFICS
                or not m.honorific and bool(first_name_gender(m.name))
            )
            by_surname = m.honorific not in given_titles and similar_surnames(m.name, surname)
            if not (by_given or by_surname):
                continue
            if m.honorific in _COMMON_HONORIFICS and hons & peerage:
                continue  # "Mr Blair" is not "Sir Ian Blair"
            genders = _gender(hons, [mentions[j].name])
            if want and genders and want not in genders:
                continue
            # before the mention: the person named most, then first (the article's subject);
            # else the nearest full name after it
            if j < i:
                rank = (-weight[root], first_at[root])
            else:
                rank = (0, mentions[j].start - m.start)
            cands.append((0 if by_surname else 1, 0 if j < i else 1, *rank, j))
        if cands:
            best = min(cands)[-1]
            uf.union(best, i)
            weight[person_of[best]] += 1
        elif _person_like(m):
            leftovers.append(i)
    # 4. single person names with no full name: by surname and gender ("Mr Blair" vs "Mrs Blair")
    by_name: dict[tuple[str, str], int] = {}
    for i in leftovers:
        k = (phonetic_key(mentions[i].name), honorific_gender(mentions[i].honorific))
        j = by_name.setdefault(k, i)
        if j != i and similar_surnames(mentions[i].name, mentions[j].name):
            uf.union(j, i)
    return uf.groups()


def _link_acronyms(doc: Doc, mentions: list[Mention], groups: list[list[int]]) -> list[list[int]]:
    """Join "X (Y)" / "Y (X)" pairs and acronyms to a unique expansion in the document."""
    uf = UnionFind(len(groups))
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    for a, b in coref.parenthetical_pairs(text_of(doc), mentions):
        uf.union(group_of[a], group_of[b])
    derived: dict[str, set[int]] = defaultdict(set)
    for i, m in enumerate(mentions):
        if not is_acronym(m.name) and m.type != PERSON and (acr := acronym_of(m.name)):
            derived[acr].add(group_of[i])
    for i, m in enumerate(mentions):
        if is_acronym(m.name):
            targets = {uf.find(g) for g in derived.get(name_key(m.name).upper(), ())}
            if len(targets) == 1:
                uf.union(group_of[i], targets.pop())
    return [sorted(i for g in gs for i in groups[g]) for gs in uf.groups()]


def _local_entity(doc_id: str, index: int, ms: Sequence[Mention]) -> LocalEntity:
    named = [m for m in ms if m.kind in ("name", "acronym")]
    labels = Counter(m.label for m in named if m.label in LABEL_TYPES or m.label == "NORP")
    votes = Counter(m.type for m in named if m.type)
    votes[PERSON] += 2 * sum(1 for m in named if m.label == "PERSON" and len(m.name.split()) > 1)
    honorifics = sorted({m.honorific for m in named if m.honorific})
    roles = sorted({m.role for m in ms if m.role})
    fixed = next((hit[0] for m in named if (hit := load_aliases().lookup(m.name))), None)
    if fixed is None and not honorifics and any(is_country(m.name) for m in named):
        fixed = PLACE  # "will visit Sri Lanka" tagged PERSON: a country whatever the tagger said
    etype = decide_type(votes.items(), honorifics, roles, [m.name for m in named], fixed)
    name = _best_name([m.name for m in named], etype, honorifics)
    # a capital standing for its government ("Moscow said") is no other name of the country
    aliases = {m.name for m in named} | {clean_name(m.text) for m in named if m.label != "METONYM"}
    return LocalEntity(
        doc_id=doc_id,
        index=index,
        name=name,
        type=etype,
        aliases=tuple(sorted(aliases - {name, ""})),
        roles=tuple(roles),
        affiliations=tuple(sorted({m.affiliation for m in ms if m.affiliation})),
        labels=tuple(sorted(labels.items())),
        mention_count=len(ms),
        honorifics=tuple(honorifics),
    )


def _best_name(names: Sequence[str], etype: str, honorifics: Sequence[str] = (), weights=None) -> str:
    """The fullest, most used name; expansions before acronyms; a peer keeps the title."""
    counts: Counter = Counter()
    for i, n in enumerate(names):
        counts[n] += weights[i] if weights else 1
    pool = list(counts)
    if etype == PERSON:
        fulls = [n for n in pool if len(n.split()) > 1 and not n.split()[0] in lexicon().honorifics]
        if fulls:
            pool = fulls
    elif any(not is_acronym(n) for n in pool):
        pool = [n for n in pool if not is_acronym(n)]
    best = max(sorted(pool), key=lambda n: (counts[n], len(n.split()), len(n)))  # ties: first in order
    if etype == PERSON and len(best.split()) == 1 and honorifics:
        peers = [h for h in honorifics if h in lexicon().peerage]
        best = f"{min(peers or honorifics)} {best}"  # "Lord Falconer", "Mrs Howard"
    return best


def resolve_document(doc: Doc, mentions: list[Mention]) -> tuple[list[Mention], list[LocalEntity]]:
    """Cluster one document's mentions; return them (plus references) with ``entity`` set."""
    mentions = sorted(mentions, key=lambda m: (m.start, m.end))
    if not mentions:
        return [], []
    doc_id = mentions[0].doc_id
    groups = _cluster(doc, mentions)
    groups = _link_acronyms(doc, mentions, groups)
    # untagged repeats of names the document already uses ("Libyan PM Sarraj" tagged WORK_OF_ART)
    extra = coref.untagged_repeats(doc, mentions, groups)
    if extra:
        group_of = {i: g for g, members in enumerate(groups) for i in members}
        everything = mentions + [m for m, _ in extra]
        origin = [group_of[i] for i in range(len(mentions))] + [group_of[j] for _, j in extra]
        order = sorted(range(len(everything)), key=lambda k: (everything[k].start, everything[k].end))
        mentions = [everything[k] for k in order]
        regrouped: dict[int, list[int]] = defaultdict(list)
        for pos, k in enumerate(order):
            regrouped[origin[k]].append(pos)
        groups = [regrouped[g] for g in sorted(regrouped)]
    groups.sort(key=lambda g: min(mentions[i].start for i in g))
    out = [None] * len(mentions)
    for index, members in enumerate(groups):
        for i in members:
            out[i] = replace(mentions[i], entity=index)
    entities = [_local_entity(doc_id, index, [out[i] for i in g]) for index, g in enumerate(groups)]
    refs = coref.references(doc, out, entities)
    if refs:
        by_entity: dict[int, list[Mention]] = defaultdict(list)
        for m in out + refs:
            by_entity[m.entity].append(m)
        known = {e.index for e in entities}
        entities = [_local_entity(doc_id, e.index, by_entity[e.index]) for e in entities]
        # a country a reference stands for that the document never names ("the government" beside "Downing Street")
        entities += [_local_entity(doc_id, k, by_entity[k]) for k in sorted(set(by_entity) - known)]
        out = sorted(out + refs, key=lambda m: (m.start, m.end))
    return out, entities


# --------------------------------------------------------------------------- across documents


def _person_name(name: str) -> str | None:
    """A person's full name without honorific, or None for a single name ("Mr Blair")."""
    words = name.split()
    while words and words[0].rstrip(".") in lexicon().honorifics:
        words = words[1:]
    if len(words) < 2 or is_acronym(name):
        return None
    return " ".join(words)


def _names(le: LocalEntity) -> list[str]:
    return [le.name, *le.aliases]


def resolve_corpus(
    results: Iterable[DocResult], aliases_path: str | Path | None = None
) -> tuple[list[Entity], dict[str, str]]:
    """Merge the documents' local entities into entities; return them and LocalEntity.key -> Entity.id.

    Candidates are found through blocking keys (exact name key, acronym,
    surname phonetic key + initial), never by comparing all pairs.
    """
    table = load_aliases(aliases_path)
    records = sorted((le for r in results for le in r.entities), key=lambda le: (le.doc_id, le.index))
    n = len(records)
    uf = UnionFind(n)

    def key_of(name: str) -> str:
        hit = table.lookup(name)
        return name_key(hit[1]) if hit else name_key(name)

    hits = [next((hit for nm in _names(le) if (hit := table.lookup(nm))), None) for le in records]
    fixed = [hit[0] if hit else None for hit in hits]
    canon = [hit[1] if hit else None for hit in hits]
    is_person = [fixed[i] == PERSON or fixed[i] is None and le.type == PERSON for i, le in enumerate(records)]
    fulls = [sorted({p for nm in _names(le) if (p := _person_name(nm))}) if is_person[i] else []
             for i, le in enumerate(records)]
    given_titles = lexicon().given_name_titles
    titled = [is_person[i] and not fulls[i] and le.name.split()[0] in given_titles for i, le in enumerate(records)]

    # 1. exact keys: people by full name, others by any name (across Organization / Place)
    first_with: dict[str, int] = {}
    for i, le in enumerate(records):
        if titled[i]:
            keys = [key_of(le.name)]  # "Prince Charles", "Sir Menzies"
        elif is_person[i]:
            keys = [key_of(p) for p in fulls[i]]
        else:
            keys = [key_of(nm) for nm in _names(le)]
        for k in keys:
            j = first_with.setdefault(k, i)
            if j != i:
                uf.union(j, i)

    # 2. acronyms to the one expansion that has them ("UN" -> "United Nations")
    derived: dict[str, set[int]] = defaultdict(set)
    for i, le in enumerate(records):
        if not is_person[i]:
            for nm in _names(le):
                if not is_acronym(nm) and (acr := acronym_of(nm)):
                    derived[acr].add(i)
    links = []
    for i, le in enumerate(records):
        if is_person[i]:
            continue
        for nm in _names(le):
            if is_acronym(nm):
                roots = {uf.find(j) for j in derived.get(name_key(nm).upper(), ())}
                if len(roots) == 1 and uf.find(i) not in roots:
                    links.append((i, roots.pop()))
    for a, b in links:
        uf.union(a, b)

    # 3. one person's spelling variants: block by (surname phonetic key, first initial)
    context = _Context(records)
    blocks: dict[tuple[str, str], list[tuple[int, list[str], str]]] = defaultdict(list)
    for i in range(n):
        for p in fulls[i]:
            given, surname = split_person(p)
            if given:
                blocks[(phonetic_key(surname_key(surname)), given[0][0].lower())].append((i, given, surname))
    for members in blocks.values():
        for a_pos, (a, ga, sa) in enumerate(members):
            for b, gb, sb in members[a_pos + 1 :]:
                if uf.find(a) == uf.find(b) or not (_same_surname(sa, sb) and compatible_first_names(ga, gb)):
                    continue
                if _gender_clash(_gender((), [" ".join([*ga, sa])]), _gender((), [" ".join([*gb, sb])])):
                    continue
                if surname_key(sa) != surname_key(sb) and not context.shared(a, b):
                    continue  # "Peter Sanders" (airports) is not "Peter Saunders" (medicine)
                uf.union(a, b)

    # 4. single names ("Mr Howard" in a document that never says "Michael Howard")
    groups_by_surname: dict[str, set[int]] = defaultdict(set)
    for i in range(n):
        for p in fulls[i]:
            groups_by_surname[phonetic_key(surname_key(split_person(p)[1]))].add(uf.find(i))
    group_info: dict[int, dict] = {}
    for i in range(n):
        if fulls[i]:
            info = group_info.setdefault(uf.find(i), {"surnames": set(), "hons": set(), "names": set(), "count": 0})
            info["surnames"].update(split_person(p)[1] for p in fulls[i])
            info["hons"].update(records[i].honorifics)
            info["names"].update(fulls[i])
            info["count"] += records[i].mention_count
    peerage = lexicon().peerage
    singles = [i for i in range(n) if not fulls[i] and not titled[i] and _single_person(records[i], fixed[i])]
    attach, leftovers = [], []
    for i in singles:
        le = records[i]
        token = le.name.split()[-1]
        want = {honorific_gender(h) for h in le.honorifics} - {""}
        cands = []
        for root in sorted(groups_by_surname.get(phonetic_key(surname_key(token)), ())):
            info = group_info[root]
            if not any(similar_surnames(token, s) for s in info["surnames"]):
                continue
            if set(le.honorifics) & _COMMON_HONORIFICS and info["hons"] & peerage:
                continue
            if _gender_clash(want, _gender(info["hons"], info["names"])):
                continue
            cands.append((info["count"], root))
        cands.sort(reverse=True)
        if len(cands) == 1 or len(cands) > 1 and cands[0][0] >= 2 * cands[1][0]:
            attach.append((i, cands[0][1]))
        elif not cands and not le.honorifics and not le.roles and key_of(le.name) in first_with:
            attach.append((i, first_with[key_of(le.name)]))  # "Manchester" tagged PERSON once
        else:
            leftovers.append(i)
    for i, root in attach:
        uf.union(i, root)
    first_single: dict[tuple[str, str], int] = {}
    for i in leftovers:
        le = records[i]
        gender = "".join(sorted({honorific_gender(h) for h in le.honorifics} - {""}))
        k = (surname_key(le.name.split()[-1]), gender)
        j = first_single.setdefault(k, i)
        if j != i:
            uf.union(j, i)
    by_phonetic: dict[tuple[str, str], list[int]] = defaultdict(list)
    for (sk, gender), i in first_single.items():
        by_phonetic[(phonetic_key(sk), gender)].append(i)
    for members in by_phonetic.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if similar_surnames(records[a].name.split()[-1], records[b].name.split()[-1]):
                    uf.union(a, b)

    return _entities(records, uf.groups(), fixed, canon)


class _Context:
    """Which other entities a local entity's document names; "shared" asks for a rare one in common."""

    def __init__(self, records: list[LocalEntity]):
        self.records = records
        self.by_doc: dict[str, set[str]] = defaultdict(set)
        for le in records:
            self.by_doc[le.doc_id].update(name_key(nm) for nm in _names(le))
        df: Counter = Counter()
        for keys in self.by_doc.values():
            df.update(keys)
        limit = max(2, len(self.by_doc) // 10)
        self.rare = {k for k, c in df.items() if c <= limit}

    def shared(self, a: int, b: int) -> bool:
        ra, rb = self.records[a], self.records[b]
        own = {name_key(nm) for nm in _names(ra) + _names(rb)}
        common = (self.by_doc[ra.doc_id] & self.by_doc[rb.doc_id]) - own
        return bool(common & self.rare)


def _gender_clash(a: set[str], b: set[str]) -> bool:
    return bool(a and b and not a & b)


def _single_person(le: LocalEntity, fixed: str | None) -> bool:
    """A one-word name that is (or may be) a person's surname."""
    if fixed or is_acronym(le.name):
        return False
    if le.type == PERSON:
        return True
    return bool(le.honorifics) or dict(le.labels).get("PERSON", 0) > 0 and len(le.name.split()) == 1


def _entities(records: list[LocalEntity], groups: list[list[int]], fixed: list[str | None],
              canon: list[str | None]) -> tuple[list[Entity], dict[str, str]]:
    entities: list[Entity] = []
    mapping: dict[str, str] = {}
    taken: dict[str, int] = {}
    prepared = []
    for members in groups:
        les = [records[i] for i in members]
        votes: Counter = Counter()
        for le in les:
            weight = sum(c for _, c in le.labels) or 1
            if le.type == PERSON and len(le.name.split()) == 1 and not (le.honorifics or le.roles):
                weight /= 2  # a bare single name is weak evidence of a person ("Manchester")
            votes[le.type] += weight
        honorifics = sorted({h for le in les for h in le.honorifics})
        roles = sorted({r for le in les for r in le.roles})
        names = [le.name for le in les]
        alias_type = next((fixed[i] for i in members if fixed[i]), None)
        etype = decide_type(votes.items(), honorifics, roles, names + [a for le in les for a in le.aliases],
                            alias_type)
        canonical = min((canon[i] for i in members if canon[i]), default=None)
        name = canonical or _best_name(names, etype, honorifics, [le.mention_count for le in les])
        surface = {a for le in les for a in _names(le)}
        if etype == ORGANIZATION and not any(is_acronym(s) for s in surface):
            acr = acronym_of(name)
            if acr and len(acr) >= 3:
                surface.add(acr)
        prepared.append((etype, name, les, surface, roles))
    prepared.sort(key=lambda p: (p[0], p[1], p[2][0].doc_id, p[2][0].index))
    for etype, name, les, surface, roles in prepared:
        eid = f"{etype}:{name}"
        if eid in taken:
            taken[eid] += 1
            name = f"{name} ({taken[eid]})"
            eid = f"{etype}:{name}"
        taken[eid] = 1
        entities.append(
            Entity(
                id=eid,
                name=name,
                type=etype,
                aliases=tuple(sorted(surface - {name})),
                roles=tuple(roles),
                affiliations=tuple(sorted({a for le in les for a in le.affiliations})),
                documents=tuple(sorted({le.doc_id for le in les})),
                mention_count=sum(le.mention_count for le in les),
            )
        )
        for le in les:
            mapping[le.key] = eid
    return entities, mapping
