"""Relations between a document's actors: who meets, supports, opposes, leads or belongs to whom.

``extract_relations`` runs the frames of :mod:`kg.frames` over one parsed
document, turns their argument tokens into actors through the resolved
mentions (names, pronouns, titles), decides each statement's certainty with
:mod:`kg.modality`, and returns one :class:`~kg.model.Relation` per statement
with its evidence.  The lexicon (trigger lemmas, PLOVER types, the frames they
take, the modality words) is data: ``kg/data/relations.toml``.

Precision comes first: a statement is kept only when both parties are actors
the resolution stage found, the trigger is in the lexicon, and nothing negates
or conditions it.
"""

from __future__ import annotations

import re
from dataclasses import replace
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from . import frames
from .coref import PRONOUNS, _entity_genders, group_members
from .errors import LexiconError
from .mentions import role_head
from .names import is_country, lexicon, postnominals
from .modality import PLANNED, assess, presupposed
from .nlp import sent_index, sent_of, sentences, text_of
from .model import ASSERTED, FAMILIES, HEDGED, ORGANIZATION, PERSON, PLACE, SYMMETRIC_FAMILIES, Evidence, LocalEntity, Mention, Relation

__all__ = ["LEXICON", "load_lexicon", "check_lexicon", "extract_relations", "FRAME_CONFIDENCE"]

LEXICON = "relations.toml"
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
#: "an attack by Osgiliath", "soldiers from Gondor", "the office of the president".
OWNER_PREPS = frozenset({"of", "by", "from"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
#: What a party says, which a place named before it has said too: "US demands", "the Copps charge" (but "the Iraq
#: war" is where).
UTTERANCES = frozenset({"demand", "call", "charge", "accusation", "allegation", "claim", "ultimatum", "request",
                        "offer", "threat", "warning"})
#: What one meets without meeting anyone: "met Labour's targets", "meet the EU's conditions".
MET_DEMANDS = frozenset({"target", "deadline", "need", "requirement", "condition", "criterion", "standard",
                         "expectation", "obligation", "commitment", "cost", "rule"})
#: Family: "met his future wife Glenys" is no meeting the graph records.
KIN = frozenset({"wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "girlfriend",
                 "boyfriend", "fiancee", "fiance", "fiancée", "widow", "widower", "child", "parent", "grandson",
                 "granddaughter", "uncle", "aunt", "nephew", "niece", "cousin"})
#: People a name before them does not make that name's own act: "al Qaeda supporters", "Labour voters".
PERSON_NOUNS = frozenset({"supporter", "member", "voter", "fan", "official", "staff", "family", "people", "man",
                          "woman", "relative", "colleague", "ally", "friend", "critic", "opponent", "rival",
                          "suspect", "victim", "hostage", "prisoner", "detainee", "follower", "sympathiser",
                          "population", "citizen", "resident", "community", "national", "employee", "customer",
                          "shareholder", "investor", "worker", "student", "refugee", "settler", "civilian"})

#: Base confidence of each frame; inherited subjects, proxies and hedges lower it.
FRAME_CONFIDENCE = {
    "svo": 0.9, "passive": 0.9, "prep": 0.85, "reciprocal": 0.85, "light": 0.85, "nominal": 0.75,
    "compound": 0.8, "role": 0.85, "possessive": 0.7, "misparsed": 0.7, "apposition": 0.8, "party": 0.8,
    "person": 0.8, "demand": 0.8, "evaluation": 0.7, "agent-modifier": 0.75, "charge": 0.75, "stance": 0.8,
}


@lru_cache(maxsize=1)
def load_lexicon() -> dict:
    """The relation lexicon (``kg/data/relations.toml``), parsed and checked once per process."""
    with resources.files("kg.data").joinpath(LEXICON).open("rb") as fh:
        try:
            lex = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise LexiconError(f"kg/data/{LEXICON}: {exc}") from exc
    return check_lexicon(lex, f"kg/data/{LEXICON}")


def check_lexicon(lex: dict, source: str) -> dict:
    """Return ``lex`` if every table the extractor reads is there and every entry names a known family."""
    for table in ("verbs", "nouns", "compounds", "light_verbs", "proxies", "roles", "modality"):
        if table not in lex:
            raise LexiconError(f"{source}: the [{table}] table is missing")
    for table in ("verbs", "nouns", "compounds", "stances"):
        for key, entry in lex.get(table, {}).items():
            if entry.get("family") not in FAMILIES:
                raise LexiconError(
                    f"{source}: [{table}] {key!r} has family {entry.get('family')!r}; "
                    f"use one of {', '.join(FAMILIES)}"
                )
    return lex


class _Actors:
    """Turns argument tokens into mentions of resolved actors."""

    def __init__(self, doc: Doc, mentions: Iterable[Mention], proxies: dict):
        self.proxies = set(proxies["lemmas"])
        self.offices = set(proxies.get("offices", ()))
        self.named_bodies = set(proxies.get("named_bodies", ()))
        self.not_proxies = set(proxies.get("not_proxies", ()))
        self.of_owner = set(proxies.get("of_owner", ()))
        self.named_only = set(proxies.get("named_only", ()))
        self.place_named = set(proxies.get("place_named", ()))
        self.for_owner = set(proxies.get("for_owner", ()))
        self.not_agents = set(proxies.get("not_agents", ()))
        self.people = set(proxies.get("people", ()))
        self.insurgents = set(proxies.get("insurgents", ()))
        self.made_by = set(proxies.get("made_by", ()))
        self.by_token: dict[int, Mention] = {}
        text = text_of(doc)
        for m in sorted(mentions, key=lambda m: m.end - m.start, reverse=True):
            if m.entity < 0 or _in_dateline(text, m) or m.kind == "office":
                continue  # (an office's words are its holder's mention)
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token[t.i] = m  # shorter mentions, written last, win

    def _hyphenated_to_other(self, tok: Token) -> bool:
        """``tok`` is joined by a hyphen to a word outside its own name: "pro-Moscow", "Moscow-backed"."""
        doc, m = tok.doc, self.by_token.get(tok.i)
        for hyphen, other in ((tok.i + 1, tok.i + 2), (tok.i - 1, tok.i - 2)):
            if not (0 <= hyphen < len(doc) and doc[hyphen].text in frames.HYPHENS):
                continue
            attached = not doc[hyphen].whitespace_ if hyphen > tok.i else not doc[hyphen].whitespace_ and not doc[hyphen - 1].whitespace_
            if attached and (m is None or not (0 <= other < len(doc)) or self.by_token.get(other) is not m):
                return True
        return False

    def _made_by(self, tok: Token, depth: int) -> tuple[Mention, bool] | None:
        """A thing said or done with its doer after it: "the claims made by Michael Howard", "the cuts proposed by
        the Tories", "military actions by Rwanda" (not people: "a militant wanted by Turkey" is not Turkey's)."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in self.made_by:
            return None
        by = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]
        if len(by) == 1 and (found := self.of(by[0], depth + 1)) is not None:
            return found[0], True
        for child in tok.children:
            if child.dep_ == "acl" and child.tag_ == "VBN" and child.i > tok.i:
                doers = [p for a in child.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
                found = self.of(doers[0], depth + 1) if len(doers) == 1 else None
                if found is not None:
                    return found[0], True
        return None

    def of(self, tok: Token, depth: int = 0, any_owner: bool = False, agent: bool = False) -> tuple[Mention, bool] | None:
        """The mention ``tok`` stands for, and whether it was reached through an owner.

        ``any_owner``: every owned thing but a person's relatives and remains stands for
        its owner ("denounced Serbia's suppression"), not only the proxy nouns.
        """
        m = self.by_token.get(tok.i)
        if m is not None:
            return m, False
        if tok.text in postnominals() and tok.i > 0 and tok.i - 1 in self.by_token:
            return self.by_token[tok.i - 1], False  # "Andrew Tyrie MP": the head is the letters after the name
        if depth > 2:
            return None
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            return self.of(tok.head.head, depth + 1)
        if any_owner and tok.lemma_.lower() in ("way", "manner") and any(c.dep_ == "det" and c.lower_ == "the"
                                                                          for c in tok.children):
            # "criticised the way Mr Blunkett introduced the rules": whoever did it, the way they did
            doers = [g for c in tok.children if c.dep_ == "relcl" for g in c.children if g.dep_ == "nsubj"]
            found = self.of(doers[0], depth + 1) if len(doers) == 1 else None
            return (found[0], True) if found is not None else None
        if tok.lower_ in PARTITIVES:  # "one of the leaders of Hamas' military wing", "two of Saddam's aides"
            whole = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                     if p.dep_ == "pobj" and p.tag_ in ("NNS", "NNPS")]
            return self.of(whole[0], depth, any_owner=any_owner, agent=agent) if whole else None
        if tok.lower_ == "whose" and tok.dep_ == "poss":
            # "X, whose attacks on Y sparked protest": the one the relative clause is about
            cur = tok.head
            for _ in range(3):
                if cur.dep_ == "relcl":
                    return self.of(cur.head, depth + 1)
                if cur.head.i == cur.i:
                    break
                cur = cur.head
            return None
        for child in tok.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                return self.by_token[child.i], False
            if child.dep_ == "acl" and tok.pos_ == "NOUN" and child.lemma_.lower() in ("call", "name", "know"):
                # "a group calling itself the Islamic Army in Iraq", "a militant group called Ansar al-Sunna",
                # "a faction known as X": the name it goes by
                named = [g for g in child.children if g.dep_ == "oprd"] + [
                    p for g in child.children if g.dep_ == "prep" and g.lower_ == "as" for p in g.children
                    if p.dep_ == "pobj"]
                if len(named) == 1 and named[0].i in self.by_token:
                    return self.by_token[named[0].i], False
        lemma = tok.lemma_.lower()
        if (lemma in self.offices or tok.lower_ in self.offices) and _one_holder(tok):
            return None  # "the Tory leader", "Labour's minister": one person, whom resolution did not find
        if agent and (lemma in self.not_agents or tok.lower_ in self.not_agents):
            return None  # "Mr Blair's view backed X": a view is owned, it does not act (a misparse)
        if lemma in self.proxies or tok.lower_ in self.proxies:
            # the nearer, naming modifier first: "Israel's opposition Labour party" is Labour's
            owners = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss")
                      and not self._hyphenated_to_other(c)]  # "pro-Moscow" (not "Al-Qaeda", "2004 - Israeli")
            if lemma in self.named_only:
                owners = [c for c in owners if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if lemma in self.named_bodies:
                owners.sort(key=lambda c: (c.dep_ == "poss", -c.i))
            else:
                owners.sort(key=lambda c: c.dep_ != "poss")
            if any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i not in self.by_token for c in owners):
                return None  # "Israel's Labour party" with Labour unknown: a named body, not Israel
            preps = set() if lemma in self.named_only else OWNER_PREPS if lemma in self.of_owner else OWNER_PREPS - {"of"}
            if lemma in self.for_owner:
                preps = preps | {"for"}  # "a spokesman for UKIP"
            owners += [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in preps
                       for p in c.children if p.dep_ == "pobj"]
            # "militiamen loyal to Moqtada al-Sadr", "forces allied to the government"
            # (read in word order: the parser hangs "loyal" on the verb as often as on the noun)
            doc = tok.doc
            if tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ in ("loyal", "allied") \
                    and doc[tok.i + 2].lower_ in ("to", "with"):
                owners += [p for p in doc[tok.i + 2].children if p.dep_ == "pobj"]
            for owner in owners:
                found = self.of(owner, depth + 1) if owner.dep_ in ("poss", "pobj") else (
                    (self.by_token[owner.i], False) if owner.i in self.by_token else None)
                if found is None:
                    continue
                if owner.dep_ in ("compound", "amod") and found[0].type == PLACE and lemma not in UTTERANCES and (
                        lemma not in self.of_owner and found[0].label not in ("NORP", "METONYM")  # "the Turkish bid"
                        or lemma in self.place_named
                        or lemma in self.people and found[0].label not in ("NORP", "METONYM")
                        and not is_country(found[0].name)
                        or lemma in self.insurgents):
                    continue  # "the Kashmir moves", "a Gaza refugee camp", "Ivory Coast rebels": where, not whose
                return found[0], True
            if any_owner and (found := self._made_by(tok, depth)) is not None:
                return found
        elif (any_owner and tok.pos_ == "NOUN" and lemma not in self.not_proxies and tok.lower_ not in self.not_proxies
              and role_head(tok.text) is None):  # "his chancellor" is another person
            for child in tok.children:
                if child.dep_ == "poss":
                    found = self.of(child, depth + 1)
                    if found is not None:
                        return found[0], True
            for child in tok.children:  # "attacked the Tory plans", "rejected the Hutton report" (not "the Iraq war",
                m = self.by_token.get(child.i)  # and "al Qaeda supporters" are not al Qaeda)
                if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i and m is not None \
                        and (m.type != PLACE or lemma in UTTERANCES) and not self._hyphenated_to_other(child) \
                        and lemma not in PERSON_NOUNS and not tok.lower_.endswith(("ers", "ors", "ists", "ants")):
                    return m, True
            if (found := self._made_by(tok, depth)) is not None:
                return found
            for child in tok.children:  # "criticised the US-led coalition": the leader's
                if child.lemma_.lower() == "lead" and child.tag_ == "VBN" and child.i >= 2 \
                        and child.doc[child.i - 1].text in frames.HYPHENS and child.i - 2 in self.by_token:
                    return self.by_token[child.i - 2], True
        return None


#: "UNITED NATIONS (Reuters) - ", "BAGHDAD (AP) -- ": the rest of a dateline after a name in it.
DATELINE_TAIL = re.compile(r"\)?\s*(?:\([^()\n]{0,40}\)\s*)?(?:-|--|\u2013|\u2014)\s")


def _in_dateline(text: str, m: Mention) -> bool:
    """A place or agency in a wire dateline is no party to what the sentence says."""
    if m.start - m.sent_start > 60:
        return False
    opened = text[max(0, m.start - 1):m.start] == "("
    return (m.text.isupper() and len(m.text) > 3 or opened) and bool(DATELINE_TAIL.match(text, m.end))


def _plural_owners(tok: Token, actors: _Actors) -> list[Token]:
    """"The foreign ministers of India and Pakistan": the coordinated owners of a plural proxy."""
    if tok.tag_ not in ("NNS", "NNPS") or tok.lemma_.lower() not in actors.proxies:
        return []
    return [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children if p.dep_ == "pobj" for o in frames.conjuncts(p) if o.i in actors.by_token]


def _one_holder(tok: Token) -> bool:
    """A singular office with "the" or an owner: "the Tory leader", "Labour's minister", "Chinese President"
    (not "a minister", "a Tory minister")."""
    if tok.tag_ in ("NNS", "NNPS"):
        return False
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        return False
    return any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ == "the"
               or c.dep_ in ("amod", "compound") and c.text[:1].isupper() and c.i < tok.i for c in tok.children) \
        or tok.text[:1].isupper() and not tok.is_sent_start


def _listed_with_common_nouns(tok: Token, actors: _Actors) -> bool:
    """"every teacher, GP and nurse": a name coordinated with common nouns is one of them."""
    if tok.i not in actors.by_token:
        return False
    root = tok
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return any(
        t.i not in actors.by_token and t.pos_ == "NOUN" and t.is_lower and t.lower_ not in ("others", "allies")
        and t.lemma_.lower() not in actors.proxies and t.lower_ not in actors.proxies
        for t in frames.conjuncts(root)
    )


def _named_as_place(tok: Token) -> bool:
    """"X, where ..." speaks of X as a place."""
    return any(c.dep_ == "relcl" and any(g.lower_ == "where" for g in c.children) for c in tok.children)


def _sentence(doc: Doc, sent: Span, at: int) -> tuple[str, int, int]:
    """The sentence around character ``at``, cut at blank lines and stripped: (text, start, end).

    A headline and the paragraph under it are often parsed as one sentence; the blank
    line between them is a boundary all the same.
    """
    start, end = sent.start_char, sent.end_char
    text = text_of(doc)
    for m in PARAGRAPH_BREAK.finditer(text, start, end):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = min(end, m.start())
            break
    chunk = text[start:end]
    stripped = chunk.strip()
    start += len(chunk) - len(chunk.lstrip())
    return stripped, start, start + len(stripped)


def _trigger_span(doc: Doc, tokens: tuple[Token, ...]) -> tuple[str, int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return text_of(doc)[start:end], start, end


def _types_fit(family: str, subj: LocalEntity, obj: LocalEntity, entry: dict) -> bool:
    if family in ("leads", "memberOf"):
        return subj.type == PERSON and obj.type == (PLACE if entry.get("state") else ORGANIZATION)
    allowed = entry.get("object_types")
    return not allowed or obj.type in allowed


def _mention_span_last(actors: _Actors, tok: Token) -> Token:
    """The last token of the mention ``tok`` is in ("Office" of "Chamber Office")."""
    m = actors.by_token.get(tok.i)
    last = tok
    while m is not None and last.i + 1 < len(tok.doc) and actors.by_token.get(last.i + 1) is m:
        last = tok.doc[last.i + 1]
    return last


def _conjuncts_fit(tok: Token, allowed: list[str], actors: _Actors) -> bool:
    """No member of the coordination ``tok`` belongs to is of a type outside ``allowed``."""
    root = tok
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    for t in frames.conjuncts(root):
        m = actors.by_token.get(t.i)
        if m is not None and m.type is not None and m.type not in allowed:
            return False
    return True


#: Quotation marks, straight and curly.
QUOTES = "'\"\u2018\u2019\u201c\u201d`"


def _quoted_name(doc: Doc, m: Mention) -> bool:
    """A name in quotation marks of its own right before the noun it modifies: "'Las Vegas' jibe"."""
    text = text_of(doc)
    if m.start < 1 or m.end >= len(text) or text[m.start - 1] not in QUOTES or text[m.end] not in QUOTES:
        return False
    after = doc.char_span(m.end + 1, len(text), alignment_mode="expand")
    nxt = next((t for t in after if not t.is_space), None) if after is not None else None
    return nxt is not None and nxt.pos_ == "NOUN"


def _state_family(actors: _Actors, frame: str, role: Token, place: Mention, org: Token, roles: dict) -> str | None:
    """Does the title ``role`` head ("leads") or serve ("memberOf") the country or city ``place``?

    Only the titles of a state, and only with nothing but title words between a place and its
    title: "Israeli interim Prime Minister X" (leads), "US Defense Secretary X" (memberOf), never
    "Libyan eastern commander X" or "Iraqi Shiite leader X".
    """
    if frame != "role" or place.label not in ("GPE", "NORP", "METONYM"):
        return None
    doc = role.doc
    heads, members = set(roles.get("state_heads", ())), set(roles.get("state_members", ()))
    only_in = roles.get("state_heads_in", {})
    prev = doc[role.i - 1].lower_ if role.i > 0 else ""
    title = role.lower_ if role.lower_ in heads | members | set(only_in) else role.lemma_.lower()
    if f"{prev} {title}" in heads | members:
        title = f"{prev} {title}"
    ranked = prev.rstrip("-") in set(roles.get("member_modifiers", ()))
    if title in only_in:
        family = "leads" if place.name in only_in[title] and not ranked else "memberOf" if title in members else None
    elif title in heads:
        family = "memberOf" if ranked else "leads"
    elif title in members:
        family = "memberOf"
    else:
        return None
    if org.i < role.i:
        allowed = {w for phrase in heads | members for w in phrase.split()}
        allowed |= set(roles.get("qualifiers", ())) | set(roles.get("portfolio_words", ()))
        allowed |= set(roles.get("member_modifiers", ())) | set(roles.get("lead_modifiers", ()))
        last = _mention_span_last(actors, org)
        # (the name of "US-installed" is a name, so only its hyphen and participle need letting through)
        if any(t.tag_ != "POS" and t.lower_.rstrip("-") not in allowed and not frames.in_hyphened_participle(t)
               and not (t.i + 1 < len(doc) and frames.in_hyphened_participle(doc[t.i + 1]))
               for t in doc[last.i + 1: role.i]):
            return None
    return family


def _is_portfolio(mention: Mention, portfolios: set[str]) -> bool:
    """Is this "organisation" a minister's portfolio ("Home", "State for Culture", "New Home")?"""
    patterns = [re.compile(re.escape(p).replace(r"\*", ".*") + "$") for p in portfolios]
    names = {mention.name.lower(), mention.text.lower()}
    for prefix in ("new ", "shadow "):  # "New Home Secretary Charles Clarke", "Shadow Home Secretary"
        names |= {n.removeprefix(prefix) for n in names}
    return any(pat.match(name) for name in names for pat in patterns)


#: Words that pick some of a plural: "one of the leaders of Hamas' military wing" stands where "the leaders" stands.
PARTITIVES = frozenset({"one", "two", "three", "four", "five", "some", "several", "many", "most", "dozens", "scores",
                        "hundreds", "thousands"})

#: Verbs of holding an office: in the simple past ("he chaired the party"), a tenure that is over.
TENURE_VERBS = frozenset({"lead", "head", "chair", "run"})
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")


#: Verbs whose object's owner, written "his"/"her", is rarely the subject himself: "Davis welcomed his apology",
#: "Blair praised his handling of the economy" (but "Blair defended his record" is his own).
OTHER_DIRECTED = frozenset({"welcome", "praise", "hail", "applaud", "commend", "congratulate", "salute", "laud",
                            "criticise", "criticize", "condemn", "denounce", "slam", "lambast", "lambaste", "attack"})


def _other_owner(doc: Doc, obj: Token, subject: Mention, mentions: list[Mention],
                 by_index: dict[int, LocalEntity]) -> tuple[Mention, bool] | None:
    """The one other person "his"/"her" before ``obj`` can mean: named in this sentence before it or in the
    previous one, with no second such person."""
    pron = next((c for c in obj.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
    if pron is None:
        return None
    gender = PRONOUNS[pron.lower_][1]
    lo = sentences(doc)[max(0, sent_index(pron) - 1)].start_char
    cands = {}
    for m in mentions:
        e = by_index.get(m.entity)
        if e is None or e.type != PERSON or m.entity == subject.entity or not lo <= m.start < pron.idx:
            continue
        if (g := _entity_genders(e)) and gender not in g:
            continue
        cands[m.entity] = m
    if len(cands) != 1:
        return None
    m = next(iter(cands.values()))
    return replace(m, start=pron.idx, end=pron.idx + len(pron.text), text=pron.text, kind="pronoun"), True


def _regional_branch(doc: Doc, org: Mention) -> bool:
    """A nationality right before an organisation's name names its branch there: "Scottish Labour",
    "Welsh Conservative"."""
    span = doc.char_span(org.start, org.end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].text in lexicon().demonyms


def _latest_year(doc: Doc) -> int | None:
    """The latest year a date in ``doc`` names: the document's own time, as near as the text tells."""
    years = [int(y) for e in doc.ents if e.label_ == "DATE" for y in _YEAR.findall(e.text)]
    return max(years) if years else None


def _clause_verb(tok: Token) -> Token | None:
    """The nearest verb over ``tok``."""
    return next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)


def _past_context(tok: Token, now: int | None) -> bool:
    """The clause of ``tok`` is set in a year well before the document's own ("In 2001, ... the Lib Dem candidate
    X"; "like 1970, when ... Harold Wilson's Labour Party")."""
    if now is None:
        return False
    dates = []
    for verb in (t for t in (tok, *tok.ancestors) if t.pos_ in ("VERB", "AUX")):
        # every clause up to the sentence's root: "In 2001, X won, compared to ... candidate Y"
        dates += [t for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod") for t in c.subtree
                  if t.ent_type_ == "DATE" and _clause_verb(t) == verb]  # not a clause inside it
        if verb.dep_ in ("relcl", "advcl") and verb.head.ent_type_ == "DATE":
            dates.append(verb.head)  # "1970, when Heath snatched victory from Wilson's Labour Party"
    years = [int(y) for t in dates for y in _YEAR.findall(t.text)]
    return any(y <= now - 2 for y in years)


def _each_other(tok: Token) -> bool:
    """"each other", "one another": the parties are the clause's subjects, each to the rest."""
    doc = tok.doc
    before = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    after = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    return tok.lower_ == "other" and before == "each" or tok.lower_ == "another" and before == "one" \
        or tok.lower_ == "one" and after == "another"  # (the parser's "one", determined by "another")


def extract_relations(doc: Doc, mentions: list[Mention], entities: list[LocalEntity]) -> list[Relation]:
    """Find the relations ``doc`` states between its resolved ``mentions``.

    ``mentions`` carry ``entity`` = ``LocalEntity.index``; the relations' subject and
    object are ``LocalEntity.key`` values.  Inputs are not changed.
    """
    lex = load_lexicon()
    by_index = {e.index: e for e in entities}
    actors = _Actors(doc, (m for m in mentions if m.entity in by_index), lex["proxies"])
    light = set(lex["light_verbs"]["lemmas"])
    out: dict[tuple, Relation] = {}
    now = _latest_year(doc)

    groups = group_members(doc, mentions, by_index)

    def members(tok: Token) -> list[tuple[Token, Mention | None]]:
        """``tok``, or each of the two "the two men" stands for."""
        return [(tok, m) for m in groups[tok.i]] if tok.i in groups else [(tok, None)]

    def add(family, subj_tok, obj_tok, trigger, head, lemma, entry, frame, inherited, certainty=None,
            picked=(None, None), mutual=False):
        if family in ("leads", "memberOf") and (_past_context(head, now) or (
                frame in ("svo", "prep") and head.tag_ == "VBD" and lemma in TENURE_VERBS)):
            return  # "In 2001, ... the Lib Dem candidate X", "He chaired the party in the 80s": held once
        s = (picked[0], False) if picked[0] is not None else actors.of(subj_tok, agent=True)
        o = (picked[1], False) if picked[1] is not None else actors.of(
            obj_tok, any_owner=family in ("supports", "opposes"))
        if s is not None and lemma in OTHER_DIRECTED and (o is None or s[0].entity == o[0].entity and o[1]):
            o = _other_owner(doc, obj_tok, s[0], mentions, by_index)  # "Davis welcomed his apology": not his own
        if s is None or o is None or s[0].entity == o[0].entity:
            return
        if any(_quoted_name(doc, m[0]) for m in (s, o)):
            return  # "Jowell rejects 'Las Vegas' jibe": a name quoted as what a noun says, no party
        if family == "meets" and o[1] and obj_tok.lemma_.lower() in UTTERANCES | MET_DEMANDS:
            return  # "agreed to meet a U.S. request": fulfilled, no meeting
        named = obj_tok.head.head if obj_tok.lower_ in RELATIVE_PRONOUNS and obj_tok.head.dep_ == "relcl" else obj_tok
        if family == "meets" and any(t.lemma_.lower() in KIN for t in (named, *named.children, named.head)
                                     if t is named or t.dep_ in ("compound", "amod", "appos") or named.dep_ == "appos"):
            return  # "met his future wife Glenys", "his fiancee Annabella Holmes, whom he met": a private life
        if _listed_with_common_nouns(subj_tok, actors) or _listed_with_common_nouns(obj_tok, actors):
            return
        if frame == "agent-modifier" and s[0].type == PLACE and s[0].label not in ("NORP", "METONYM") \
                and not is_country(s[0].name):
            return  # "the Kashmir attack on Indian troops": a region where, not a state that
        if entry.get("owned_only") and not o[1]:
            return  # "welcomed Blunkett's apology" backs Blunkett; "welcomed Putin" is a visit
        if frame == "compound" and o[1]:
            return  # "a US-backed UN resolution": the US backs the resolution, not the UN
        if entry.get("object_types") and PLACE not in entry["object_types"] and _named_as_place(obj_tok):
            return  # "will visit Leicester South, where ...": a place, whatever NER made of it
        se, oe = by_index[s[0].entity], by_index[o[0].entity]
        if not _types_fit(family, se, oe, entry):
            return
        if entry.get("full_name_object") and oe.type == PERSON and len(oe.name.split()) < 2 and not oe.honorifics \
                and not oe.roles and o[0].kind == "name":
            return  # "Straw visited Auschwitz": one capitalised word the tagger called a person, no more
        if entry.get("object_types") and not _conjuncts_fit(obj_tok, entry["object_types"], actors):
            return  # "visits Manchester, Liverpool and Torbay": a list of places, whatever NER made of one
        if certainty is None:
            given = frame in ("nominal", "agent-modifier") and family in ("supports", "opposes") and not inherited \
                and presupposed(head) and head.is_ancestor(subj_tok)  # its parties inside it
            certainty = assess(head, family, lex["modality"], given)
            if certainty is None or mutual and certainty != ASSERTED:
                return  # ("will seek better ties with Venezuela": what one side seeks, not yet the other's)
        conf = FRAME_CONFIDENCE.get(frame, 0.7)
        if inherited:
            conf *= 0.9
        if s[1] or o[1]:
            conf *= 0.9
        if s[0].kind != "name" or o[0].kind != "name":
            conf *= 0.85  # a pronoun or title: only as good as its resolution
        if certainty != "asserted":
            conf *= 0.8
        text, t_start, t_end = _trigger_span(doc, trigger)
        sentence, start, end = _sentence(doc, sent_of(head), t_start)
        if not all(start <= m.start and m.end <= end for m in (s[0], o[0])):
            return  # the parties are in another paragraph: a parse across a blank line
        ev = Evidence(
            doc_id=se.doc_id,
            sentence=sentence,
            start=start,
            end=end,
            trigger=text,
            trigger_start=t_start,
            trigger_end=t_end,
            lemma=lemma,
            certainty=HEDGED if certainty == PLANNED else certainty,
            plover=entry.get("plover") or None,
            confidence=round(conf, 3),
            frame=frame + ("/planned" if certainty == PLANNED else ""),
            subject_text=s[0].text,
            object_text=o[0].text,
        )
        rel = Relation(subject=se.key, family=family, object=oe.key, evidence=ev)
        u, v = rel.subject, rel.object
        if family in SYMMETRIC_FAMILIES and v < u:
            u, v = v, u
        key = (u, family, v, t_start)
        if key not in out or out[key].evidence.confidence < conf:
            out[key] = rel

    matches = list(frames.verb_frames(doc, lex["verbs"]))
    matches += frames.noun_frames(doc, lex["nouns"], light, set(lex["light_verbs"].get("recipients", ())),
                                  set(lex["light_verbs"].get("advocates", ())))
    matches += frames.compound_frames(doc, lex["compounds"])
    matches += frames.misparsed_frames(doc, lex["verbs"])
    matches += frames.headline_frames(doc, lex["verbs"])
    matches += frames.demand_frames(doc, lex.get("demands", {}))
    matches += frames.charge_frames(doc, lex.get("charges", {}))
    matches += frames.evaluation_frames(doc, lex.get("evaluations", {}))
    matches += frames.stance_frames(doc, lex.get("stances", {}))
    for m in matches:
        family = m.entry["family"]
        if len(m.subjects) == 1 and not m.objects and m.entry.get("reciprocal") \
                and len(owners := _plural_owners(m.subjects[0], actors)) > 1:
            # "the foreign ministers of India and Pakistan held talks": each owner is a party
            m = replace(m, subjects=tuple(owners), reciprocal=True)
        if m.objects and all(_each_other(o) for o in m.objects):
            m = replace(m, objects=(), reciprocal=True)  # "Israel and Syria accused each other": each the other
        if m.reciprocal:
            # "leaders, including A and B,"; "the two men held talks"
            parts = [p for t in frames.parties(m.subjects) for p in members(t)]
            given = assess(m.head, family, lex["modality"], True) if m.given else None
            if m.given and given is None:
                continue
            for i, (a, pa) in enumerate(parts):
                for b, pb in parts[i + 1:]:
                    add(family, a, b, m.trigger, m.head, m.lemma, m.entry, m.frame, m.inherited, given, (pa, pb))
                    if family not in SYMMETRIC_FAMILIES:  # "A and B renewed ties": each backs the other
                        add(family, b, a, m.trigger, m.head, m.lemma, m.entry, m.frame, m.inherited, given, (pb, pa))
            continue
        # "Blair's ally Alan Milburn will run the campaign": who someone is, not what the clause says
        certainty = ASSERTED if m.frame == "person" else None
        # "several countries, including France and Germany, criticised X": the named examples too
        objects = [p for o in m.objects for t in (o, *frames.examples(o)) for p in members(t)]
        for a, pa in [p for s in m.subjects for t in (s, *frames.examples(s)) for p in members(t)]:
            for b, pb in objects:
                add(family, a, b, m.trigger, m.head, m.lemma, m.entry, m.frame, m.inherited, certainty, (pa, pb),
                    m.mutual)
    portfolios = set(lex["roles"].get("portfolios", ()))
    two_word_roles = {w for w in [*lex["roles"]["leads"], *lex["roles"]["member"]] if " " in w}
    units = set(lex["roles"].get("units", ()))
    candidates: dict[tuple[int, int], list] = {}
    for family, frame, role, person, org in frames.affiliations(doc, lex["roles"]):
        m_org = actors.by_token.get(org.i)  # named there, not through a proxy ("the governor of X and Y's envoy")
        found = (m_org, False) if m_org is not None else None
        if found is None or _is_portfolio(found[0], portfolios) or by_index[found[0].entity].type == PERSON:
            continue  # "Home Secretary": a portfolio, not an organisation; "his counterpart": a person's
        if found[0].type == PLACE:
            family = _state_family(actors, frame, role, found[0], org, lex["roles"])
            if family is None:
                continue  # "Libyan commander X", "Iraqi Shiite leader X": no office of the state
        elif family == "leads" and _regional_branch(doc, found[0]):
            family = "memberOf"  # "Scottish Labour leader Jack McConnell" leads the Scottish party, a member of Labour
        candidates.setdefault((role.i, person.i), []).append((family, frame, role, person, org, found[0].entity))
    for found_for_role in candidates.values():
        # "the SNP's Holyrood leader": of two organisations before the role, the first is the
        # one led, the second where; organisations after it ("leader of X") always count
        # -- unless the nearer one is itself a unit ("Holyrood's Chamber Office chief")
        before = sorted((c for c in found_for_role if c[4].i < c[2].i and c[1] == "role"), key=lambda c: c[4].i)
        keep = None
        if before:
            nearest = before[-1]
            unit = _mention_span_last(actors, nearest[4]).lemma_.lower() in units
            keep = nearest[5] if unit else before[0][5]
        for family, frame, role, person, org, entity in found_for_role:
            if org.i < role.i and frame == "role" and entity != keep:
                continue
            entry = {"state": True} if by_index[entity].type == PLACE else {}
            trigger = _role_trigger(role, two_word_roles)
            # a title names who someone is, whatever the clause around it says ("Labour MP X will visit");
            # only a predicate ("X is not the leader of Y", "X will be named chief of Y") has modality
            predicate = role.dep_ in ("attr", "oprd") or role.dep_ == "pobj" and role.head.lower_ == "as"
            add(family, person, org, trigger, role, " ".join(t.lower_ for t in trigger), entry, frame, False,
                None if predicate else ASSERTED)
    for office in (m for m in mentions if m.kind == "office" and m.entity in by_index):
        # "the prime minister said" in an article about one country's government: its holder leads it
        holder = next((m for m in mentions if m.kind == "title" and (m.start, m.end) == (office.start, office.end)
                       and m.entity in by_index), None)
        span = doc.char_span(office.start, office.end, alignment_mode="expand")
        if holder is None or span is None:
            continue
        trigger = tuple(t for t in span if t.lower_ != "the")
        add("leads", span.root, span.root, trigger, span.root, " ".join(t.lower_ for t in trigger), {"state": True},
            "role", False, ASSERTED, (holder, office))
    leads = set(lex["roles"]["leads"])
    reporting = set(lex["modality"].get("reporting_verbs", ()))
    for person, role, org in _titles_of_the_body_named_after(doc, mentions, by_index, lex["roles"], reporting):
        if not any(r.subject == by_index[actors.by_token[person.i].entity].key and r.family in ("leads", "memberOf")
                   for r in out.values()):
            trigger = _role_trigger(role, two_word_roles)
            family = "leads" if " ".join(t.lower_ for t in trigger) in leads or role.lower_ in leads else "memberOf"
            add(family, person, org, trigger, role, " ".join(t.lower_ for t in trigger), {}, "role", False, ASSERTED)
    return sorted(out.values(), key=lambda r: (r.evidence.start, r.evidence.trigger_start, r.subject, r.object))


def _role_trigger(role: Token, two_word_roles: set[str]) -> tuple[Token, ...]:
    """The words of a title: "Prime Minister", "Foreign Secretary", "chief executive", else the role word."""
    doc = role.doc
    if role.i > 0 and (role_head(f"{doc[role.i - 1].text} {role.text}") not in (None, role_head(role.text))
                       or f"{doc[role.i - 1].lower_} {role.lower_}" in two_word_roles):
        return doc[role.i - 1], role
    return (role,)


def _titles_of_the_body_named_after(doc: Doc, mentions: list[Mention], by_index: dict, roles: dict,
                                    reporting: set[str]):
    """"Chief executive Peter McGuigan said the firm plans ...": a bare company or party title before a
    name, and in the same sentence "the firm"/"the party" resolved to one organisation: that one.

    Yields ``(person token, role token, organisation token)``.
    """
    heads = set(roles.get("body_titles", ()))
    refs = [m for m in mentions if m.kind in ("title", "pronoun") and m.entity in by_index
            and by_index[m.entity].type == ORGANIZATION]
    if not heads or not refs:
        return
    for m in mentions:
        if m.kind != "name" or m.entity not in by_index or by_index[m.entity].type != PERSON or m.affiliation:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        role = doc[span.start - 1]
        if role.lower_ not in heads:
            continue
        if any(t.ent_type_ in ("ORG", "GPE", "NORP") or t.pos_ == "PROPN" and not t.is_sent_start and t.text[:1].isupper()
               and t.lower_ not in heads and role_head(t.text) is None for t in doc[max(0, role.i - 3): role.i]):
            continue  # "Acme chief executive X": a body named before the title is the rules' business
        verb = span.root.head  # "X said the firm plans ...": the firm is the subject of what X says
        for ref in refs:
            org = doc.char_span(ref.start, ref.end, alignment_mode="expand")
            if org is None or ref.sent_start != m.sent_start or ref.start < m.end:
                continue
            if span.root.dep_ == "nsubj" and org.root.dep_ in ("nsubj", "nsubjpass") and org.root.head.head == verb \
                    and verb.lemma_.lower() in reporting:
                yield span.root, role, org.root
                break
