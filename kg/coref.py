"""References inside one document: acronyms in parentheses, untagged repeats, titles, pronouns.

Helpers of ``kg.resolve.resolve_document``.  Every reference they add is a
``Mention`` whose character span covers the referring words, so a later stage
can map any token to its entity by offset.  Only references with one clear
antecedent are added: a definite title ("the prime minister") needs an
earlier mention that introduced that role; a pronoun takes the nearest
compatible entity, preferring a subject in its own or the previous sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import replace

from spacy.tokens import Doc, Token

from .nlp import sent_index, sent_of, sentences, text_of

from .mentions import role_head
from .model import ORGANIZATION, PERSON, PLACE, LocalEntity, Mention
from .names import (first_name_gender, fold, lexicon, honorific_gender, is_acronym, is_country, load_aliases,
                    split_person, surname_key)

__all__ = ["parenthetical_pairs", "untagged_repeats", "references", "group_members", "PRONOUNS"]

#: pronoun -> (types it can refer to, gender)
PRONOUNS = {
    "he": ((PERSON,), "m"),
    "him": ((PERSON,), "m"),
    "his": ((PERSON,), "m"),
    "himself": ((PERSON,), "m"),
    "she": ((PERSON,), "f"),
    "her": ((PERSON,), "f"),
    "hers": ((PERSON,), "f"),
    "herself": ((PERSON,), "f"),
    "it": ((ORGANIZATION, PLACE), ""),
    "its": ((ORGANIZATION, PLACE), ""),
    "itself": ((ORGANIZATION, PLACE), ""),
    # a body with a plural name ("the Tories", "the Lib Dems", "Democrats") that was the subject just before
    "they": ((ORGANIZATION,), "p"),
    "them": ((ORGANIZATION,), "p"),
    "their": ((ORGANIZATION,), "p"),
}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
#: Verbs whose "it" is usually empty ("it is clear", "it seems", "it takes time").
PLEONASTIC_HEADS = {"be", "seem", "appear", "look", "take", "matter", "rain", "remain", "become", "make"}
OBJECT_DEPS = {"dobj", "pobj", "dative", "iobj"}
_OPEN = re.compile(r"\s*\(\s*(?:the\s+)?")
_POSSESSED = re.compile(r"['\u2019]s?\b")
_BARE_ACRONYM = re.compile(r"\s*\(\s*([A-Z]{2,6}|(?:[A-Z]\.){2,6})\s*\)")


def _initial_fits(acronym: str, name: str) -> bool:
    """"GNA" may stand for "Government of National Unity", not for "Bank of England"."""
    return fold(acronym)[:1] == fold(name)[:1]


def parenthetical_pairs(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Index pairs (name, acronym) written "X (Y)" or "Y (X)", even when the wording differs."""
    pairs = []
    for i, m in enumerate(mentions):
        if m.type == PERSON:
            continue
        opened = _OPEN.match(text, m.end)
        if not opened:
            continue
        close = text.find(")", opened.end(), opened.end() + 300)
        if close < 0 or "\n" in text[opened.end() : close]:
            continue
        inside = [j for j, n in enumerate(mentions) if opened.end() <= n.start and n.end <= close]
        if is_acronym(m.name):
            full = [j for j in inside if not is_acronym(mentions[j].name) and mentions[j].type != PERSON
                    and not _POSSESSED.match(text, mentions[j].end)]
            if full and _initial_fits(m.name, mentions[full[0]].name):
                pairs.append((i, full[0]))
        else:
            acr = [j for j in inside if mentions[j].start == opened.end() and is_acronym(mentions[j].name)]
            if acr and _initial_fits(mentions[acr[0]].name, m.name):
                pairs.append((i, acr[0]))
    return pairs


def _new_mention(doc: Doc, like: Mention, start: int, end: int, kind: str, label: str, name: str) -> Mention:
    sent = sent_of(doc.char_span(start, end, alignment_mode="expand"))
    return replace(
        like,
        start=start,
        end=end,
        text=text_of(doc)[start:end],
        name=name,
        label=label,
        sent_start=sent.start_char,
        sent_end=sent.end_char,
        kind=kind,
        honorific=None,
        role=None,
        affiliation=None,
    )


def untagged_repeats(doc: Doc, mentions: list[Mention], groups: list[list[int]]) -> list[tuple[Mention, int]]:
    """Tokens spaCy did not tag that repeat a surname or acronym of exactly one group.

    Returns (new mention, index of a mention of the group it joins).
    """
    covered = [False] * (len(text_of(doc)) + 1)
    for m in mentions:
        for k in range(m.start, m.end):
            covered[k] = True
    forms: dict[str, set[int]] = defaultdict(set)  # surface -> groups
    example: dict[int, int] = {}
    bare: dict[int, tuple[int, str]] = {}
    for g, members in enumerate(groups):
        example[g] = members[0]
        for i in members:
            m = mentions[i]
            if is_acronym(m.name):
                forms[m.name].add(g)
            elif m.type == PERSON and len(m.name.split()) > 1:
                surname = split_person(m.name)[1]
                forms[surname].add(g)
                last = re.split(r"[\s-]", surname)[-1]
                if last[:1].isupper() and surname_key(last) == surname_key(surname):
                    forms[last].add(g)
            elif m.type != PERSON and (b := _BARE_ACRONYM.match(text_of(doc), m.end)):
                # (not a wire agency's credit: "... in Baghdad (AFP)" does not name Baghdad "AFP")
                if not covered[b.start(1)] and b.group(1).lower() not in lexicon().agencies:
                    forms[b.group(1)].add(g)
                    bare[b.start(1)] = (g, b.group(1))
    out = []
    for tok in doc:
        if covered[tok.idx] or tok.text not in forms or len(forms[tok.text]) != 1:
            continue
        if tok.idx not in bare and not (
            (tok.is_title or tok.is_upper) and (tok.tag_ in ("NNP", "NNPS") or tok.is_sent_start)
        ):
            continue
        g = next(iter(forms[tok.text]))
        like = mentions[example[g]]
        acronym = is_acronym(tok.text)
        out.append(
            (
                _new_mention(
                    doc, like, tok.idx, tok.idx + len(tok.text),
                    "acronym" if acronym else "name", "ACRONYM" if acronym else (tok.ent_type_ or "MISC"), tok.text,
                ),
                example[g],
            )
        )
    return out


# --------------------------------------------------------------------------- titles and pronouns


def _head_token(doc: Doc, m: Mention) -> Token | None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _entity_genders(e: LocalEntity) -> set[str]:
    genders = {honorific_gender(h) for h in e.honorifics}
    for n in (e.name, *e.aliases):
        given, _ = split_person(n)
        if len(n.split()) > 1 and given:
            genders.add(first_name_gender(given[0]))
    return genders - {""}


def _title_head(tok: Token) -> tuple[str, int] | None:
    """("prime minister", start token index) when ``tok`` ends a role noun phrase."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.dep_ in ("compound", "amod") and prev.head == tok:
        two = role_head(f"{prev.text} {tok.text}")
        if two and " " in two:
            return two, prev.i
    one = role_head(tok.text)
    return (one, tok.i) if one else None


def _ranked_title_head(tok: Token) -> tuple[str, int] | None:
    """:func:`_title_head` with a rank before it: "the deputy prime minister" is not "the prime minister"."""
    found = _title_head(tok)
    if found and found[1] > 0:
        rank = tok.doc[found[1] - 1].lower_.rstrip("-")
        if rank in lexicon().role_ranks and found[0].split()[0] != rank:
            return f"{rank} {found[0]}", found[1] - 1
    return found


def _the_alone(tok: Token) -> bool:
    """"the party", "the government's": the word with "the" and nothing else before it."""
    return tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the" \
        and [c.lower_ for c in tok.children if c.dep_ != "case"] == ["the"]


def _definite(tok: Token) -> bool:
    """"the prime minister", "Libya's struggling UN-backed prime minister" (not "a minister")."""
    if any(c.dep_ == "det" and c.lower_ == "the" or c.dep_ == "poss" and c.tag_ != "PRP$" for c in tok.children):
        return True
    j = tok.i - 1
    while j >= max(0, tok.i - 7) and (
        tok.doc[j].head.i in range(j + 1, tok.i + 1) and tok.doc[j].dep_ in ("compound", "amod", "nmod", "punct")
        or tok.doc[j].tag_ in ("JJ", "VBN", "VBG", "NNP", "HYPH") or tok.doc[j].text == "-"
    ):
        j -= 1
    return j >= 0 and (tok.doc[j].lower_ == "the" or tok.doc[j].tag_ == "POS")


def _appos_person(tok: Token, at: dict[int, Mention]) -> Mention | None:
    """The named person a role noun stands in apposition to ("the envoy for Libya, X")."""
    near = [c for c in tok.children if c.dep_ == "appos"]
    for sub in (c for c in tok.children if c.dep_ == "prep"):
        near += [c for p in sub.children if p.dep_ == "pobj" for c in p.children if c.dep_ == "appos"]
    if tok.dep_ == "appos":
        near.append(tok.head)
    for t in near:
        m = at.get(t.i)
        if m is not None and m.type == PERSON and m.kind == "name":
            return m
    return None


def references(doc: Doc, mentions: list[Mention], entities: list[LocalEntity]) -> list[Mention]:
    """Title and pronoun mentions that refer to ``entities`` (mentions must have ``entity`` set)."""
    at: dict[int, Mention] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        for t in span if span is not None else ():
            at[t.i] = m
    by_index = {e.index: e for e in entities}
    introduced: list[tuple[int, str, int]] = []  # (offset, role head, entity)
    ministers: list[tuple[int, int]] = []  # (offset, entity) of people introduced with a minister's office
    role_words: dict[int, set[str]] = defaultdict(set)  # entity -> words of the roles it was introduced with
    for m in mentions:
        if m.role and by_index[m.entity].type == PERSON and (h := role_head(m.role)):
            introduced.append((m.start, h, m.entity))
            if _ministerial(m.role, h):
                ministers.append((m.start, m.entity))
            # only an office tied to a body ("Lib Dem chairman", not "President") is told apart by another body's name
            words = [w for w in re.split(r"[\s-]+", f"{m.role} {m.affiliation or ''}") if w]
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            k = span.start - 1 if span is not None else -1
            while k >= 0 and span.start - k <= 5 and doc[k].pos_ in ("PROPN", "NOUN", "ADJ") \
                    and (doc[k].text[:1].isupper() or doc[k].lower_ in h.split()):
                words.append(doc[k].text)  # "[Lib Dem chairman] Matthew Taylor": the words before the name
                k -= 1
            if m.affiliation or any(w[:1].isupper() and fold(w) not in h.split() and not role_head(w) for w in words):
                role_words[m.entity] |= {fold(w) for w in words}
    refs: list[Mention] = []
    for tok in doc:
        if tok.i in at or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "amod"):
            continue
        if tok.tag_ in ("NNS", "NNPS"):
            continue
        found = _ranked_title_head(tok)
        if not found:
            continue
        head, first = found
        target = _appos_person(tok, at)
        entity = target.entity if target is not None else None
        if entity is None:
            if not _definite(tok):
                continue
            if any(c.dep_ == "prep" and c.lower_ in ("of", "at", "for") and any(
                    g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children) for c in tok.children):
                continue  # "the chairman of the CRE": a title given its own body names its own holder
            last_word = head.split()[-1]
            ranks = lexicon().role_ranks
            cands = [
                (max((m.start for m in mentions if m.entity == e and m.start < tok.idx), default=-1), e)
                for off, h, e in introduced
                if off < tok.idx and (h == head or " " not in head and h.split()[-1] == last_word
                                      and h.split()[0] not in ranks)
            ]
            # "the local Conservative chairman": a named modifier the earlier title did not have is another office
            # ("UN-backed" describes; "French" may name the country the earlier title named)
            dem = lexicon().demonyms
            named = [c.text for c in tok.children if c.dep_ in ("compound", "amod") and c.text[:1].isupper()
                     and not (c.i + 1 < len(doc) and doc[c.i + 1].text in ("-", "\u2010", "\u2013"))]
            cands = [(o, e) for o, e in cands if e not in role_words
                     or all(fold(w) in role_words[e] or w in dem and fold(dem[w]) in role_words[e] for w in named)]
            if not cands and head == "minister" and not named \
                    and len(holders := {e for o, e in ministers if o < tok.idx}) == 1:
                # "Education Secretary Ruth Kelly ... The minister also confirmed": the one minister named before
                cands = [(max(m.start for m in mentions if m.entity in holders and m.start < tok.idx), holders.pop())]
            if not cands and not named and head in HEAD_OFFICES:
                # "claims the prime minister had reneged ... The prime minister responds": one office, one holder
                # all through an article (not whoever the sentences just before are about)
                cands = [(r.start, r.entity) for r in refs if r.kind == "title" and r.text.lower() == head]
            if not cands and (named or head in HEAD_OFFICES) and (tok.dep_ in ("nsubj", "nsubjpass") or (
                    tok.dep_ == "poss" and tok.head.dep_ in ("nsubj", "nsubjpass")
                    and tok.head.head.dep_ not in ("ccomp", "xcomp"))) \
                    and not any(o < tok.idx and h == head for o, h, _ in introduced):
                # "Michael Howard has launched an attack ... The Tory leader said": a title tied to a body that no
                # one named bore before, subject of its clause, is the one person the sentences before it are about
                # (not "the US President's view", not "X MP, Labour's Chief Secretary": a name the tagger missed);
                # so is the head of a government ("Mr Blair said ... The prime minister ridiculed the Tory plans"),
                # if that person was named with no other title
                # (nor one another title before stood for: "The chancellor said ... the prime minister")
                other_titles = {r.entity for r in refs if r.kind == "title" and r.start < tok.idx
                                and role_head(r.text) not in (None, head)}
                entity = _topic_person(doc, tok, at, by_index, {e for _, _, e in introduced} | other_titles)
                if entity is None:
                    continue
            elif not cands or len({e for _, e in cands}) > 1:
                continue  # nobody, or more than one person, bore that title before
            else:
                entity = max(cands)[1]
        start, end = doc[first].idx, tok.idx + len(tok.text)
        like = next(m for m in mentions if m.entity == entity)
        ref = _new_mention(doc, like, start, end, "title", "TITLE", text_of(doc)[start:end])
        refs.append(replace(ref, type=PERSON, entity=entity))
        for k in range(first, tok.i + 1):
            at[k] = refs[-1]
    refs += _class_nouns(doc, mentions, by_index, at)
    refs += _governments(doc, mentions, by_index, at)
    words, offices = _home_heads(doc, mentions, by_index, at, refs)
    refs += words
    quoted = _quoted(text_of(doc))
    refs += _pronouns(doc, mentions + refs, by_index, at, quoted)
    mine, quotations = _first_person(doc, mentions + refs, by_index, quoted)
    # '"He is a strong Labour member," Mr Prescott said': a speaker's "he" is someone else
    refs = [r for r in refs if not (r.kind == "pronoun" and any(
        start <= r.start < end and r.entity == speaker for start, end, speaker in quotations))]
    return refs + mine + offices


#: Offices of a head of government or state, which the one untitled person just written about holds when the
#: title alone follows ("Mr Blair said ... The prime minister ridiculed ...").
HEAD_OFFICES = frozenset({"prime minister", "premier", "president", "chancellor"})

#: Portfolios that make a secretary a minister ("Education Secretary", not "TUC general secretary").
PORTFOLIOS = frozenset({"education", "culture", "health", "home", "foreign", "trade", "defence", "defense",
                        "transport", "environment", "work", "pensions", "treasury", "justice", "northern", "scottish",
                        "welsh", "development", "constitutional", "state", "energy", "industry", "agriculture"})


def _ministerial(role: str, head: str) -> bool:
    """A government minister's office: "Education Secretary", "Home Secretary", "Chancellor", "Trade Minister"
    (not "prime minister", "shadow home secretary", "general secretary")."""
    words = set(re.split(r"[\s-]+", role.lower()))
    if words & {"shadow", "former", "ex", "general", "prime", "first", "deputy"}:
        return False
    if head in ("home secretary", "foreign secretary", "chancellor", "minister"):
        return True
    return head == "secretary" and bool(words & PORTFOLIOS)


#: Words for those who govern: acted on just before a bare "the prime minister", they are someone else.
_GOVERNING = frozenset({"government", "administration", "minister", "premier", "president"})


def _title_words(tok: Token) -> list[str]:
    """The words a title noun is named with: "prime" of "the prime minister"."""
    return [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")]


def _topic_person(doc: Doc, tok: Token, at: dict[int, Mention], by_index: dict[int, LocalEntity],
                  titled: set[int]) -> int | None:
    """The one person the two sentences before ``tok``'s name or have as a subject, if that person was introduced
    with no title (``titled``); ``None`` if they hold two people or none, or name the body of ``tok``'s title, or,
    for a head of government's title, if it was written before for someone not known or comes after another
    person in its own sentence."""
    n = sent_index(tok)
    if n == 0:
        return None
    lo = sentences(doc)[max(0, n - 2)].start
    # "Tony Blair attacked the Tories. The Tory leader said", "Michael Howard attacked the government. The prime
    # minister said": the body the title names, or a government or the title itself, acted on there, is set against
    # the person named with it
    bodies = {at[c.i].entity for c in tok.children if c.dep_ in ("compound", "amod") and c.i in at}
    governing = tok.lemma_.lower() in _GOVERNING  # "the prime minister", "the president" (not "the Labour peer")
    people = set()
    here = sentences(doc)[n].start
    if governing and any(m.type == PERSON for t in doc[here: tok.i] if (m := at.get(t.i)) is not None):
        return None  # "Michael Howard has no doubt it is the prime minister who ...": someone else named before it
    words = _title_words(tok)
    if governing and any(t.i not in at and t.lemma_ == tok.lemma_ and _title_words(t) == words and _definite(t)
                         for t in doc[:tok.i]):
        return None  # "Howard claims it is the prime minister who ... the prime minister is": the office was unknown
    for t in doc[lo: here]:
        m = at.get(t.i)
        if t.dep_ in ("dobj", "pobj") and (m is not None and m.entity in bodies or m is None and governing and (
                t.lemma_.lower() in _GOVERNING or t.tag_ == "NN" and t.lemma_.lower() == tok.lemma_.lower())):
            return None  # (but not "Howard unveiled Tory plans", "The Conservatives would ..., Howard pledged")
        if m is None or by_index.get(m.entity) is None or by_index[m.entity].type != PERSON:
            continue
        if t.dep_ in ("nsubj", "nsubjpass") or m.kind == "name":
            people.add(m.entity)  # (any person named there counts against: "... under Tony Blair")
    if len(people) != 1:
        return None
    (entity,) = people
    return None if entity in titled else entity


def _names_of(e: LocalEntity) -> set[str]:
    """The words of an entity's names and of every name the alias table gives it ("Liberal Democrat Party")."""
    words = set()
    table = load_aliases()
    for n in (e.name, *e.aliases):
        hit = table.lookup(n)
        for full in (n, hit[1] if hit else ""):
            words |= set(full.lower().split())
        if hit:
            words |= {w for key in table.names_of(hit) for w in key.split()}
    return words


#: Generic words for a business, which is no union, party or court ("The TGWU protested. The company said").
BUSINESSES = frozenset({"company", "firm", "corporation", "carrier", "airline", "retailer", "insurer", "lender",
                        "conglomerate"})

#: People named by the body they sit on or work for: "Committee members", "Commission officials".
BODY_PEOPLE = frozenset({"member", "official", "staff", "staffer", "lawyer"})


def _speakers_body(doc: Doc, tok: Token, cands: list[Mention]) -> set[int]:
    """Of the organisations "the company" may be, the one that speaks it: named in the subject (not as its head) of
    the verb that reports its clause ("A spokesman for the European Anti-Fraud Office said the organisation
    agreed", "Acme's chief executive said the firm would ..."), when that subject names one."""
    verb = _clause_of(tok)
    if verb.dep_ not in ("ccomp", "parataxis") or verb.head.lemma_ not in SPEAKING:
        return set()
    subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if len(subjects) != 1:
        return set()
    subject = subjects[0]
    lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
    # (its spokesman, not the body itself: "Acme Bank said the firm would pay" may mean another firm)
    return {m.entity for m in cands if lo <= m.start and m.end <= hi and not m.start <= subject.idx < m.end}


def _class_nouns(doc: Doc, mentions: list[Mention], by_index: dict[int, LocalEntity], at: dict[int, Mention]):
    """"the party", "the firm" alone: the organisation named just before (see names.toml [references])."""
    nouns = lexicon().class_nouns
    if not nouns:
        return []
    body_words = {w for w, needs_name in nouns.items() if needs_name} - {"bank"}
    sents = sentences(doc)
    orgs = [m for m in mentions if m.kind in ("name", "acronym") and by_index[m.entity].type == ORGANIZATION]
    out = []
    for tok in doc:
        named = nouns.get(tok.lower_)
        # "Vince Cable, the party's Treasury spokesman": the owner of a named person's role
        # (only a body word its name holds: "the company's founder" may be any firm the article named)
        role_owner = False
        if named is True and tok.dep_ == "poss" and role_head(tok.head.text) is not None:
            role = tok.head
            holders = [c for c in role.children if c.dep_ == "appos"] + ([role.head] if role.dep_ == "appos" else [])
            role_owner = any(t.i in at and at[t.i].type == PERSON for t in holders)
        plural_group = tok.tag_ == "NNS" and tok.lower_ in lexicon().collectives  # "the rebels"
        if named is None or tok.i in at or tok.tag_ not in ("NN", "NNP") and not plural_group or tok.dep_ == "amod" \
                or tok.dep_ == "poss" and not role_owner \
                or tok.dep_ == "compound" and not tok.text.istitle() or tok.tag_ == "NNP" and tok.dep_ != "compound":
            continue
        titled = tok.dep_ == "compound" and tok.text.istitle() \
            and (role_head(tok.head.text) or tok.head.lemma_.lower() in BODY_PEOPLE) \
            and tok.head.i == tok.i + 1 and not list(tok.children)  # "Committee chairman Edward Leigh"
        if not titled and not _the_alone(tok):
            continue  # "the ruling party", "the party's leader", "the party of government": not alone
        since = sents[max(0, sent_index(tok) - 2)].start_char
        before = [m for m in orgs if m.start < tok.idx]
        # a title's body ("Committee chairman Edward Leigh") may have been named paragraphs before
        # ("the company" is no union: a business is none of the other bodies a name says it is)
        cands = [m for m in before if (m.start >= since or titled and named)
                 and (tok.lower_ in _names_of(by_index[m.entity]) if named
                      else tok.lower_ not in BUSINESSES or not _names_of(by_index[m.entity]) & body_words)]
        ents = {m.entity for m in cands}
        if len(ents) > 1:
            ents = _speakers_body(doc, tok, cands)
        if len(ents) != 1:
            continue  # nobody, or two organisations it may be
        entity = ents.pop()
        like = next(m for m in cands if m.entity == entity)
        first = tok.i if titled else tok.i - 1
        start, end = doc[first].idx, tok.idx + len(tok.text)
        ref = _new_mention(doc, like, start, end, "title", "TITLE", text_of(doc)[start:end])
        out.append(replace(ref, type=ORGANIZATION, entity=entity))
        at[first] = at[tok.i] = out[-1]
    return out


#: Sentences back an explicitly named government stays "the government" ("Sudan's government ... the government").
_GOVERNMENT_REACH = 3


def _governments(doc: Doc, mentions: list[Mention], by_index: dict[int, LocalEntity], at: dict[int, Mention]):
    """"the government", "ministers" alone: the country whose government was named in the sentences just before
    ("Sudan's government", "the Colombian government", "the government of Iraq"), the only one named there; or,
    when the article names no country's government before, the one country whose seats of government it names
    ("Downing Street", "the Home Office"), named or not (a new entity, as "Moscow said" stands for Russia)."""
    if not any(t.lower_ in ("government", "ministers") for t in doc):
        return []  # (most articles: no need to search the text for seats of government)
    countries = [m for m in mentions if by_index.get(m.entity) is not None and by_index[m.entity].type == PLACE]
    explicit: list[tuple[int, int]] = []  # (sentence, entity)
    for m in countries:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if not span:
            continue
        last = span[-1]
        if last.dep_ in ("amod", "compound", "poss", "nmod") and last.head.lower_ == "government" \
                or last.dep_ == "pobj" and last.head.lower_ == "of" and last.head.head.lower_ == "government":
            explicit.append((sent_index(last), m.entity))
    seats, home = _seat_country(doc, by_index)
    new_index = max(by_index, default=-1) + 1  # the country when the article never names it
    out = []
    for tok in doc:
        if tok.i in at:
            continue
        if tok.lower_ == "government" and tok.tag_ == "NN" and tok.dep_ not in ("compound", "amod"):
            if not _the_alone(tok):
                continue  # "the interim government", "a government", "the government of Iraq"
            first = tok.i - 1
        elif tok.lower_ == "ministers" and tok.tag_ == "NNS" and tok.dep_ not in ("compound", "pobj"):
            if any(c.lower_ != "government" or c.dep_ != "compound" for c in tok.children if c.dep_ != "case"):
                continue  # "the ministers", "foreign ministers", "ministers from both sides"
            first = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ == "government" else tok.i
        else:
            continue
        n = sent_index(tok)
        near = {e for k, e in explicit if n - _GOVERNMENT_REACH <= k <= n
                and any(m.entity == e and m.start < tok.idx for m in countries)}
        start, end = doc[first].idx, tok.idx + len(tok.text)
        if len(near) != 1 and (any(k <= n for k, _ in explicit) or len(seats) != 1 or len(home) > 1):
            continue  # two governments named near, one named further back, or not one country's seats
        if near or home:
            (entity,) = near or home
            like = next(m for m in mentions if m.entity == entity)
            ref = replace(_new_mention(doc, like, start, end, "title", "TITLE", text_of(doc)[start:end]), type=PLACE)
        else:
            # a metonym of the country, as "Moscow said" is of Russia: its name, not the words, names the entity
            (name,) = seats
            sent = sent_of(tok)
            ref = Mention(doc_id=mentions[0].doc_id, start=start, end=end, text=text_of(doc)[start:end], name=name,
                          type=PLACE, label="METONYM", sent_start=sent.start_char, sent_end=sent.end_char,
                          kind="name", entity=new_index)
        out.append(ref)
        for k in range(first, tok.i + 1):
            at[k] = ref
    return out


def _seat_country(doc: Doc, by_index: dict[int, LocalEntity]) -> tuple[set[str], list[int]]:
    """The countries whose seats of government the article names ("Downing Street": the United Kingdom), and
    the entities that name them."""
    text = text_of(doc)
    seats = {name for name, places in lexicon().seats.items()
             if any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in places)}
    table = load_aliases()
    home = [e.index for e in by_index.values() if e.type == PLACE and any(
        n in seats or (hit := table.lookup(n)) is not None and hit[1] in seats for n in (e.name, *e.aliases))]
    return seats, home


#: Words before a head of government's title where a country that owns it is looked for.
_OWNER_REACH = 8
#: A head of government's title that names no country ("Prime Minister Tony Blair").
_HOME_HEAD_TITLES = frozenset({"prime minister", "premier"})


def _home_heads(doc: Doc, mentions: list[Mention], by_index: dict[int, LocalEntity], at: dict[int, Mention],
                refs: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """"Prime Minister Tony Blair", "the prime minister" (resolved to a person) with no country named, in an
    article whose seats of government are one country's ("Downing Street", "the Home Office"): the person leads
    that country -- when that person is the only head of government the article titles, is given no other
    country, and the sentence names no other country.

    Returns the title words of a name standing for the country (as "the government" does), and ``office``
    mentions of the country over a title reference's own words (no actor of any other frame).
    """
    named = [m for m in mentions if m.kind == "name" and m.role and m.role.lower() in _HOME_HEAD_TITLES
             and not m.affiliation and by_index.get(m.entity) is not None and by_index[m.entity].type == PERSON]
    text = text_of(doc)
    # ("the prime minister", not "Deputy prime minister X")
    titles = [r for r in refs if r.kind == "title" and r.type == PERSON and by_index.get(r.entity) is not None
              and r.text.lower() in _HOME_HEAD_TITLES and text[max(0, r.start - 4):r.start].lower() == "the "]
    if not named and not titles:
        return [], []
    heads = {m.entity for m in mentions if m.role and by_index.get(m.entity) is not None
             and re.search(r"\b(?:prime minister|premier|taoiseach|chancellor of germany)\b", m.role.lower())}
    holders = {m.entity for m in named + titles}
    if len(holders) != 1 or not heads <= holders:
        return [], []  # "Irish Prime Minister Bertie Ahern" too: which one a bare title means is a guess
    seats, home = _seat_country(doc, by_index)
    if len(seats) != 1 or len(home) > 1:
        return [], []
    (country,) = seats
    (person,) = holders
    if by_index[person].affiliations:
        return [], []  # "Israeli Prime Minister Ariel Sharon ... Prime Minister Sharon": not this country's
    table = load_aliases()

    def canonical(e: LocalEntity) -> str:
        hit = table.lookup(e.name)
        return hit[1] if hit else e.name

    for t in doc:  # "Libya's struggling UN-backed prime minister" anywhere: whose a bare title is, is a guess
        if t.lower_ == "premier" or t.lower_ == "minister" and t.i > 0 and doc[t.i - 1].lower_ == "prime":
            lo = doc[max(sent_of(t).start, t.i - _OWNER_REACH)].idx  # (the parse may hang the owner elsewhere)
            if any(lo <= m.start and m.end <= t.idx and by_index.get(m.entity) is not None
                   and by_index[m.entity].type == PLACE and is_country(by_index[m.entity].name)
                   and canonical(by_index[m.entity]) != country for m in mentions):
                return [], []
    made = next((r.entity for r in refs if r.entity not in by_index), None)  # "the government", never named
    entity = home[0] if home else made if made is not None else max(by_index, default=-1) + 1

    def elsewhere(m: Mention) -> bool:  # "Prime Minister Ariel Sharon ... Israel": not the article's country
        return any(m.sent_start <= n.start < m.sent_end and by_index.get(n.entity) is not None
                   and by_index[n.entity].type == PLACE and is_country(by_index[n.entity].name) and n.entity != entity
                   for n in mentions)

    words, offices = [], []
    for m in named:
        start = text.rfind(m.role, max(0, m.start - len(m.role) - 1), m.start)
        span = doc.char_span(start, start + len(m.role), alignment_mode="expand") if start >= 0 else None
        if span is None or text[start + len(m.role):m.start].strip() or any(t.i in at for t in span) or elsewhere(m):
            continue  # the title not written right before the name
        sent = sent_of(span)
        ref = Mention(doc_id=m.doc_id, start=start, end=start + len(m.role), text=text[start:start + len(m.role)],
                      name=country, type=PLACE, label="METONYM", sent_start=sent.start_char, sent_end=sent.end_char,
                      kind="name" if entity not in by_index and made is None and not words else "title",
                      entity=entity)
        words.append(ref)
        for t in span:
            at[t.i] = ref
    if entity in by_index or made is not None or words:  # (a country no name of stands for is no entity)
        offices = [replace(r, name=country, type=PLACE, label="METONYM", kind="office", entity=entity)
                   for r in titles if not elsewhere(r)]
    return words, offices


def _plural_body(doc: Doc, tok: Token, by_index: dict[int, LocalEntity], at: dict[int, Mention]) -> Mention | None:
    """"they", "them", "their" for a body named in the plural ("the Tories said they would ...") that is the
    subject of this sentence before the pronoun or of the previous one, with no other plural subject between."""
    lo = sentences(doc)[max(0, sent_index(tok) - 1)].start
    chosen = None
    for t in doc[lo: tok.i]:
        if t.dep_ not in SUBJECT_DEPS or t.tag_ not in ("NNS", "NNPS") and t.pos_ != "PROPN":
            continue
        m = at.get(t.i)
        plural_name = m is not None and m.kind == "name" and m.text.split()[-1].endswith("s") \
            and not m.text.isupper() and by_index.get(m.entity) is not None \
            and by_index[m.entity].type == ORGANIZATION
        coordinated = t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children)
        if plural_name and not coordinated:
            chosen = m
        elif t.tag_ in ("NNS", "NNPS") or coordinated:
            chosen = None  # "ministers", "Labour and the Tories": another plural subject after it
    if chosen is None or chosen.start >= tok.idx:
        return None
    ref = _new_mention(doc, chosen, tok.idx, tok.idx + len(tok.text), "pronoun", "PRON", tok.text)
    return replace(ref, type=ORGANIZATION, entity=chosen.entity)


def _quoted(text: str) -> list[bool]:
    """For each character of ``text`` (and one past its end), whether it is inside a quotation."""
    quoted = [False] * (len(text) + 1)
    inside = False
    for k, ch in enumerate(text):
        if ch in "\u201c\u201d\"" or ch == "\n" and k + 1 < len(text) and text[k + 1] == "\n":
            # curly quotes open and close; a straight one opens after a space (a quotation may go on in a new
            # sentence opened again without being closed: 'hope. "Labour is ...') and closes after a word; a
            # paragraph break closes
            inside = ch == "\u201c" or ch == '"' and (k == 0 or text[k - 1].isspace() or text[k - 1] in "([")
        quoted[k] = inside
    return quoted


def _pronouns(doc: Doc, mentions: list[Mention], by_index: dict[int, LocalEntity], at: dict[int, Mention],
              quoted: list[bool]):
    sents = sentences(doc)
    heads = {id(m): _head_token(doc, m) for m in mentions}
    starts = [t.idx for t in doc]
    # "the prime minister and his chancellor" with no prime minister found: a person no candidate
    # is known to be, so a person pronoun after it has a rival antecedent
    rivals = [t.idx for t in doc if t.i not in at and t.pos_ == "NOUN" and t.tag_ == "NN"
              and t.dep_ not in ("compound", "amod") and _title_head(t) and _definite(t)]
    out = []
    for tok in doc:
        spec = PRONOUNS.get(tok.lower_)
        if spec is None or tok.pos_ != "PRON" or tok.i in at:
            continue
        types, gender = spec
        if tok.lower_ == "it" and (tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj")
                                   or tok.head.lemma_ in PLEONASTIC_HEADS):
            continue
        if gender == "p":
            ref = _plural_body(doc, tok, by_index, at)
            if ref is not None:
                out.append(ref)
            continue
        n = sent_index(tok)
        sent = sents[n]
        subject = next((t for t in sent.root.children if t.dep_ in SUBJECT_DEPS), None)
        if subject is not None and tok.i < subject.i and subject.i in at and at[subject.i].kind == "name" \
                and tok.dep_ not in ("dobj", "dative", "iobj"):  # "Before deporting him, Rabin said": not Rabin
            # "Within hours of his talks with X, Sir Edward said": the main subject, named after it
            m = at[subject.i]
            e = by_index.get(m.entity)
            if e is not None and e.type in types and not (gender and (g := _entity_genders(e)) and gender not in g):
                ref = _new_mention(doc, m, tok.idx, tok.idx + len(tok.text), "pronoun", "PRON", tok.text)
                out.append(replace(ref, type=e.type, entity=m.entity))
            continue
        cands = _pronoun_candidates(tok, sents[n - 1].start_char if n else sent_of(tok).start_char, mentions, heads,
                                    by_index, types, gender, quoted)
        wide = False
        if not cands and PERSON in types and not quoted[tok.idx]:
            # "Morris appears almost evangelical. [a quotation] So he is out to help UKIP": with nobody in the
            # sentence before, the one person the narrative named in the few before that
            # (a pronoun already resolved counts as its person: "... attracts him? [quotations] So he is out")
            heads.update((id(r), _head_token(doc, r)) for r in out if id(r) not in heads)
            # a speaker after a long quotation ("'...,' he said") looks further back than other pronouns
            speaker = tok.dep_ == "nsubj" and tok.head.lemma_ in SPEAKING
            for reach in (_PRONOUN_REACH, _SPEAKER_REACH) if speaker else (_PRONOUN_REACH,):
                cands = _pronoun_candidates(tok, sents[max(n - reach, 0)].start_char, mentions + out, heads,
                                            by_index, types, gender, quoted, resolved=True)
                if cands:
                    break
            last = max((m for m, _ in cands), key=lambda m: m.start, default=None)
            if len({m.entity for m, _ in cands}) != 1 or any(last.end <= r < tok.idx for r in rivals) or any(
                    t.dep_ in SUBJECT_DEPS and t.i not in at and not quoted[t.idx]
                    and (t.pos_ == "PROPN" or _title_head(t))
                    for t in doc[bisect_left(starts, last.end): tok.i]):
                continue  # (nor when someone else is the subject between: "A spokesman said ...", an untagged name)
            wide = True
        if not cands:
            continue
        here = [(m, h) for m, h in cands if m.start >= sent_of(tok).start_char]
        chosen = max((m for m, _ in cands), key=lambda m: m.start) if wide else None
        for tier in (here, [c for c in cands if c not in here]) if not wide else ():
            subjects = [m for m, h in tier if h.dep_ in SUBJECT_DEPS]
            if subjects:
                chosen = max(subjects, key=lambda m: m.start)
                break
        # "the U.N. nuclear watchdog and its leader": a name modifying another noun is not what "its" means
        cands = [(m, h) for m, h in cands if not (h.dep_ in ("compound", "amod", "nmod") and h.head.pos_ == "NOUN"
                                                   and h.head.i < tok.i and h.head.i not in at)] if chosen is None else cands
        if chosen is None and any(t.dep_ in SUBJECT_DEPS and t.pos_ == "PROPN" and t.i not in at
                                  for t in sent if t.i < tok.i):
            continue  # "The Congress of South African Trade Unions said ... its leader": a name the tagger missed
        if chosen is None and tok.lower_ != "it" and len({m.entity for m, _ in cands}) == 1:
            chosen = cands[-1][0]
            # "he said he admired Mr Blair's leadership, he ...": a name after a pronoun of its own
            # sentence is not what that pronoun, nor a later one, refers to
            if chosen.start >= sent.start_char and any(
                PRONOUNS.get(t.lower_, ((), None))[1] == gender and t.pos_ == "PRON" and t.idx < chosen.start
                for t in sent
            ):
                chosen = None
        if chosen is None:
            continue
        if PERSON in types and any(chosen.end <= r < tok.idx for r in rivals):
            continue
        ref = _new_mention(doc, chosen, tok.idx, tok.idx + len(tok.text), "pronoun", "PRON", tok.text)
        out.append(replace(ref, type=by_index[chosen.entity].type, entity=chosen.entity))
    return out


#: A speaker's words for themself inside their quotation.
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})
#: Tokens between a quotation and the verb that attributes it: '"...," Mr Brown told the BBC', 'He said: "...'.
_ATTRIBUTION_GAP = 8


def _speaker(doc: Doc, start: int, end: int, quoted: list[bool], people: dict[int, Mention],
             starts: list[int]) -> int | None:
    """The one person a quotation from ``start`` to ``end`` (characters) is attributed to, by a speech verb right
    after it ('"...," Mr Brown said', '"...," said the chancellor') or right before it ('He told MPs: "...'),
    with that person as its subject; None when there is none, or two.  ``starts``: the tokens' offsets."""
    found = set()
    first, last = bisect_left(starts, start), bisect_left(starts, end) - 1
    if last < first:
        return None
    after = [t for t in doc[last + 1: last + 1 + _ATTRIBUTION_GAP] if sent_index(t) == sent_index(doc[last])]
    before = [t for t in doc[max(0, first - _ATTRIBUTION_GAP): first] if sent_index(t) == sent_index(doc[first])]
    for side in (after, before):
        for t in side:
            if quoted[t.idx] or t.pos_ != "VERB" or t.lemma_ not in SPEAKING:
                continue
            for subj in (c for c in t.children if c.dep_ == "nsubj"):
                m = people.get(subj.i)
                if m is not None:
                    found.add(m.entity)
    return found.pop() if len(found) == 1 else None


def _first_person(doc: Doc, mentions: list[Mention], by_index: dict[int, LocalEntity], quoted: list[bool]
                  ) -> tuple[list[Mention], list[tuple[int, int, int]]]:
    """"I", "me", "my" inside a quotation: the person it is attributed to ('"I trust him," Mr Brown said').
    Quotations attributed to nobody, or to two, are left alone, as is "I" outside quotations (a reporter's).
    Also returns the attributed quotations that hold a pronoun: (start, end, speaker entity)."""
    text = text_of(doc)
    if not any(t.lower_ in FIRST_PERSON or PRONOUNS.get(t.lower_, ((),))[0] == (PERSON,) for t in doc):
        return [], []
    people: dict[int, Mention] = {}
    for m in mentions:
        if by_index.get(m.entity) is not None and by_index[m.entity].type == PERSON:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            for t in span if span is not None else ():
                people[t.i] = m
    out = []
    speakers: dict[tuple[int, int], int | None] = {}
    starts = [t.idx for t in doc]
    for tok in doc:
        if tok.tag_ not in ("PRP", "PRP$") or not quoted[tok.idx] \
                or tok.lower_ not in FIRST_PERSON and PRONOUNS.get(tok.lower_, ((),))[0] != (PERSON,):
            continue
        start = tok.idx
        while start > 0 and quoted[start - 1]:
            start -= 1
        end = tok.idx
        while end < len(text) and quoted[end]:
            end += 1
        if (start, end) not in speakers:
            speakers[(start, end)] = _speaker(doc, start, end, quoted, people, starts)
        entity = speakers[(start, end)]
        if entity is None or tok.lower_ not in FIRST_PERSON or tok.i in people:
            continue
        like = next(m for m in mentions if m.entity == entity)
        ref = _new_mention(doc, like, tok.idx, tok.idx + len(tok.text), "pronoun", "PRON", tok.text)
        out.append(replace(ref, type=PERSON, entity=entity))
    return out, [(start, end, entity) for (start, end), entity in speakers.items() if entity is not None]


#: Sentences back a narrative "he" or "she" looks, when the sentence before names nobody, for the one person named;
#: a speaker ("he said") looks further, past a quotation of several sentences.
_PRONOUN_REACH = 4
_SPEAKER_REACH = 10
#: Verbs whose subject is the speaker of a quotation ("'...,' he said").
SPEAKING = frozenset({"say", "add", "tell", "insist", "argue", "claim", "warn", "explain", "conclude", "continue",
                      "admit", "stress", "declare", "reply", "write"})


def _pronoun_candidates(tok: Token, start: int, mentions: list[Mention], heads: dict, by_index: dict[int, LocalEntity],
                        types, gender, quoted: list[bool], resolved: bool = False) -> list[tuple[Mention, Token]]:
    """Mentions from ``start`` up to pronoun ``tok`` it may refer to, with their head tokens (``resolved``: pronouns
    already resolved count too)."""
    cands = []
    for m in mentions:
        if not (start <= m.start < tok.idx) or m.kind == "pronoun" and not resolved:
            continue
        if quoted[m.start] and not quoted[tok.idx]:
            continue  # a name inside a quotation is no antecedent for the narrative's "he"
        e = by_index.get(m.entity)  # (not a country only "the government" stands for)
        if e is None or e.type not in types:
            continue
        if gender and (g := _entity_genders(e)) and gender not in g:
            continue
        h = heads[id(m)]
        if h is None:
            continue
        if h.dep_ in SUBJECT_DEPS and h.head.lemma_ in lexicon().reporting_verbs and any(
            c.dep_ == "ccomp" and c.i < h.head.i for c in h.head.children
        ):
            continue  # "..., the Financial Times reported.": the source, not the topic
        same_clause = h.head == tok.head or tok.dep_ == "pobj" and h.head == tok.head.head
        if tok.dep_ in OBJECT_DEPS and h.dep_ in SUBJECT_DEPS and same_clause and not tok.lower_.endswith("self"):
            continue  # "Macron told him": him is not Macron
        cands.append((m, h))
    return cands


#: Sentences back (besides its own) where "the two men" looks for its two.
_GROUP_REACH = 3


def _clause_of(tok: Token) -> Token:
    """The verb of the clause ``tok`` is in (or the root)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _governing_clauses(tok: Token) -> set[int]:
    """The verb of ``tok``'s clause and of each clause that reports or governs it ("said [the two had
    agreed]"), but not of a clause merely coordinated with it ("A met B, and the two men agreed")."""
    verb = _clause_of(tok)
    out = {verb.i}
    while verb.dep_ in ("ccomp", "xcomp", "advcl", "parataxis") and verb.head.i != verb.i:
        verb = _clause_of(verb.head)
        out.add(verb.i)
    return out


def _group_phrase(tok: Token) -> bool:
    """"the two men", "both parties", "the two main parties" (not "two men", "the two other men", "both sides of
    the border", "the two men who were arrested": someone else, part of one, or new people)."""
    kids = list(tok.children)
    two = any(c.lower_ == "two" and c.dep_ == "nummod" for c in kids) \
        and any(c.lower_ == "the" and c.dep_ == "det" for c in kids)
    both = any(c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj") for c in kids)
    return (two or both) and tok.tag_ == "NNS" and not any(
        c.lower_ in ("other", "another", "such", "these", "those") or c.dep_ in ("relcl", "acl", "poss")
        or c.dep_ == "prep" and c.lower_ == "of" for c in kids)


def _fits_group(kind: str, e: LocalEntity) -> bool:
    if kind in ("person", "male", "female"):
        genders = _entity_genders(e)
        return e.type == PERSON and not (kind == "male" and genders == {"f"} or kind == "female" and genders == {"m"})
    if kind == "party":
        return e.type == ORGANIZATION and "party" in _names_of(e)
    if kind == "country":
        return e.type == PLACE and is_country(e.name)
    if kind == "organization":
        return e.type == ORGANIZATION
    return e.type in (PERSON, ORGANIZATION) or e.type == PLACE and is_country(e.name)


def _pair_pronouns(doc: Doc, named: list[Mention], by_index: dict[int, LocalEntity]) -> dict[int, list[Mention]]:
    """"Tony Blair and Gordon Brown are trying to ... They are insisting": a "they" subject right after a
    sentence (or clause) whose subject is two or three named actors coordinated stands for them -- when no
    plural noun between could be what it means, and it is not inside a quotation."""
    if not any(t.lower_ == "they" for t in doc):
        return {}
    at: dict[int, Mention] = {}
    for m in named:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and m.kind == "name":
            for t in span:
                at[t.i] = m
    quoted = _quoted(text_of(doc))
    sents = sentences(doc)
    out: dict[int, list[Mention]] = {}
    for tok in doc:
        if tok.lower_ != "they" or tok.dep_ not in ("nsubj", "nsubjpass") or quoted[tok.idx]:
            continue
        n = sent_index(tok)
        pair: list[Mention] = []
        for j in range(tok.i - 1, sents[max(0, n - 1)].start - 1, -1):
            t = doc[j]
            if t.tag_ in ("NNS", "NNPS") and t.i not in at or t.lower_ in ("they", "them", "their"):
                break  # "Blair and Brown met union leaders. They said": the leaders, perhaps
            if t.dep_ in ("nsubj", "nsubjpass") and len(parts := _conjunct_heads(t)) in (2, 3):
                ms = [at.get(p.i) for p in parts]
                if all(m is not None for m in ms) and len({m.entity for m in ms}) == len(ms):
                    pair = ms
                break
        if pair:
            out[tok.i] = [replace(_new_mention(doc, m, tok.idx, tok.idx + len(tok.text), "group", "GROUP", tok.text),
                                  type=by_index[m.entity].type, entity=m.entity) for m in pair]
    return out


def _conjunct_heads(tok: Token) -> list[Token]:
    """``tok`` and the nouns coordinated with it."""
    out = [tok]
    for t in out:
        out.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))
    return out


def group_members(doc: Doc, mentions: list[Mention], by_index: dict[int, LocalEntity]) -> dict[int, list[Mention]]:
    """"The two men", "both parties": the two actors of that kind named last before it, when the sentences
    naming them name no third (``[groups]`` of names.toml).  Keyed by the plural noun's token index; each
    member is a mention over the phrase ("the two men") of one of the two."""
    kinds = lexicon().groups
    if not kinds:
        return {}
    sents = sentences(doc)
    named = sorted((m for m in mentions if m.entity in by_index), key=lambda m: m.start)
    starts = [m.start for m in named]
    holders = {m.entity for m in named if m.role or m.kind == "title" or by_index[m.entity].roles}
    out: dict[int, list[Mention]] = _pair_pronouns(doc, named, by_index)
    if out:  # "they" standing for a pair names them for "the two men" after it too
        named = sorted([*named, *(m for ms in out.values() for m in ms)], key=lambda m: m.start)
        starts = [m.start for m in named]
    for tok in doc:
        kind = kinds.get(tok.lower_)
        if kind is None or not _group_phrase(tok):
            continue
        first = tok.left_edge
        lo = sents[max(0, sent_index(tok) - _GROUP_REACH)].start_char
        # "Howard attacked the two men", "Babacan said the two sides had agreed": whoever the two are, the
        # other party or the speaker is not one of them
        clauses = _governing_clauses(tok)
        office = role_head(tok.lemma_) is not None  # "the two presidents": two who hold an office
        before = [m for m in named[bisect_left(starts, lo):] if m.end <= first.idx
                  and _fits_group(kind, by_index[m.entity]) and (m.entity in holders or not office)
                  and not ((h := _head_token(doc, m)) is not None and _clause_of(h).i in clauses)]
        found: list[Mention] = []
        for m in reversed(before):
            if all(m.entity != f.entity for f in found):
                found.append(m)
                if len(found) == 2:
                    break
        if len(found) < 2:
            continue
        since = sent_of(doc.char_span(found[1].start, found[1].end, alignment_mode="expand")).start_char
        if {m.entity for m in before if m.start >= since} != {f.entity for f in found}:
            continue  # a third of that kind named alongside: which two is a guess
        start, end = first.idx, tok.idx + len(tok.text)
        phrase = text_of(doc)[start:end]
        out[tok.i] = [replace(_new_mention(doc, f, start, end, "group", "GROUP", phrase),
                              type=by_index[f.entity].type, entity=f.entity) for f in reversed(found)]
    return out
