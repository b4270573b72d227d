"""Find the actors a document names, and set its credits apart.

``find_mentions`` turns spaCy's named entities into cleaned ``Mention``s:

* "Macron’s" -> "Macron"; "the United Nations" -> "United Nations"; stray
  punctuation dropped; honorifics ("Mr", "Sir", ...) kept on the mention, not
  in its name;
* titles and roles ("French President Emmanuel Macron", "the UN envoy for
  Libya, Ghassan Salame") become the mention's ``role``, and the country or
  organisation they name its ``affiliation``;
* bylines, photo credits, agency lists and newsletter footers are document
  metadata (publisher, agency, credit), never actors.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .model import ORGANIZATION, PERSON, PLACE, Mention
from .nlp import sent_of, text_of
from .names import (acronym_of, clean_name, is_acronym, is_country, is_junk_name, lexicon, load_aliases, name_key,
                    postnominals, straighten)

__all__ = ["LABEL_TYPES", "find_credits", "find_mentions", "role_head"]

#: spaCy NER label -> entity type. NORP is an affiliation, not an actor.
LABEL_TYPES = {"PERSON": PERSON, "ORG": ORGANIZATION, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}
#: Labels whose mentions may name an affiliation inside a role.
AFFILIATION_LABELS = {"ORG", "GPE", "NORP", "LOC"}
#: Dependencies cut out of an appositive role ("who dominates eastern Libya").
ROLE_CUT_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "det", "predet"}
MAX_ROLE_TOKENS = 8

_PIPE_CREDIT = re.compile(r"^(?P<credit>[^|\n]{2,80}?)\s+\|\s+\S")
_PHOTO_CREDIT = re.compile(
    r"^\(?\s*(?:photo|picture|image|photograph|credit)s?(?:\s+by)?\s*[:/-]\s*(?P<credit>[^)\n]{2,80})\)?\s*$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^\s*\((?P<body>[^()\n]{2,120})\)\s*$")
_BYLINE = re.compile(r"^\s*By\s+(?P<credit>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*[,|]\s*[\w ]{2,30})?)\s*$")
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'-]{2,}(?:[ -][A-Z][A-Z.'-]+){0,2})(?:,\s*[A-Z][a-z]+)?"
    r"\s*(?:\((?P<agency>[A-Za-z0-9 &.-]{2,30})\))?\s*(?::|--?|\u2014)\s"
)
_LOOSE_DATELINE = re.compile(r"(?P<place>[A-Z]{3,}(?:[ -][A-Z]{2,})*),\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?(?P<agency>)")
#: "New York, Sep 27 (UNI) Members ...": a place in ordinary case, a date, perhaps an agency.
_DATED_DATELINE = re.compile(
    r"(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+\d{1,2}(?:,\s*\d{4})?\s*(?:\((?P<agency>[A-Za-z ]{2,20})\))?\s*(?::|--?|\u2014)?\s"
)
_NEWSLETTER = re.compile(r"newsletter|subscribe|sign up", re.IGNORECASE)
_TRAILING_AGENCY = re.compile(r"\s\((?P<agency>[A-Z][\w&.]*(?: [A-Z][\w&.]*){0,2})\)\s*$")
_LEADING_AGENCY = re.compile(r"(?P<agency>[A-Z][\w&.]*(?: [A-Z][\w&.]*){0,2}) - ")


def _looks_like_agency(part: str) -> bool:
    letters = [c for c in part if c.isalpha()]
    words = part.split()
    return bool(letters) and len(words) <= 4 and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _spells(acronym: str, before: str) -> bool:
    """True when ``acronym`` is the initials of the words before it ("Policy Committee (PC)")."""
    words = before.split()
    return any(acronym_of(" ".join(words[-k:])) == acronym for k in range(2, min(len(words), 8) + 1))


def find_credits(text: str) -> tuple[list[tuple[int, int]], list[tuple[str, str]]]:
    """Character regions of bylines, credits and footers, and the metadata they give."""
    regions: list[tuple[int, int]] = []
    meta: set[tuple[str, str]] = set()
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        if m := _PIPE_CREDIT.match(line):
            credit = straighten(m["credit"])
            last = credit.rsplit(",", 1)[-1].strip()
            if "," in credit and _looks_like_agency(last) or _looks_like_agency(credit):
                regions.append((start, start + m.end("credit")))
                meta.add(("credit", credit))
                meta.add(("agency", last))
                continue
        if m := _PHOTO_CREDIT.match(line) or _BYLINE.match(line):
            regions.append((start, end))
            meta.add(("credit", straighten(m["credit"])))
            continue
        if m := _SOURCE_LINE.match(line):
            body = straighten(m["body"])
            head, _, rest = body.partition(" with ")
            parts = [p.strip() for p in re.split(r",|\band\b|/|\bwith\b", body) if p.strip()]
            if parts and all(_looks_like_agency(p) for p in parts):
                regions.append((start, end))
                if rest:
                    meta.add(("publisher", head.strip()))
                    parts = [p.strip() for p in re.split(r",|\band\b|/", rest) if p.strip()]
                meta.update(("agency", p) for p in parts)
                continue
        m = _TRAILING_AGENCY.search(line) if len(line) < 200 and not line.rstrip().endswith(".") else None
        if m and not _spells(m["agency"], line[: m.start()]):
            regions.append((start + m.start("agency") - 1, end))  # "Title words (Reuters)"
            meta.add(("agency", m["agency"]))
        footer_end = None
        m = _LEADING_AGENCY.match(line)
        if m and (("agency", m["agency"]) in meta or m["agency"].lower() in lexicon().agencies):
            regions.append((start, start + m.end()))  # "Reuters - China said ..."
            meta.add(("agency", m["agency"]))
            footer_end = m.end()
        elif _NEWSLETTER.search(line[:60]):
            glued = re.search(r"[a-z](?=[A-Z]{3,}[A-Z .'-]*\s*(?::|--?|\u2014)\s)", line)
            footer_end = glued.end() if glued else (end - start if len(line) < 200 else None)
            if footer_end is not None:
                regions.append((start, start + footer_end))
        at = footer_end or 0
        if m := _DATELINE.match(line, at) or _LOOSE_DATELINE.match(line, at) or _DATED_DATELINE.match(line, at):
            stop = m.end()
            if m.re is _LOOSE_DATELINE and line[m.start(): stop].rsplit(" ", 1)[-1] in lexicon().demonyms:
                # "TBILISI, Georgia | Georgian President ...": the demonym opens the text, not the dateline
                stop = line.rindex(" ", m.start(), stop)
            regions.append((start + m.start(), start + stop))
            meta.add(("dateline", m["place"].strip()))
            if m["agency"]:
                meta.add(("agency", m["agency"].strip()))
    return regions, sorted(meta)


def role_head(role: str) -> str | None:
    """The head of a role, lower case, abbreviations written out ("Libyan PM" -> "prime minister")."""
    lex = lexicon()
    role = re.split(r"\s(?:of|for|to|at|in|on)\s", straighten(role).lower())[0]
    words = [w for w in re.split(r"[\s-]+", role) if w]
    if not words:
        return None
    words = [lex.role_abbreviations.get(w, w) for w in words]
    last2 = " ".join(words[-2:]) if len(words) > 1 else None
    if last2 and last2 in lex.role_heads:
        head, rest = last2, words[:-2]
    elif words[-1] in lex.role_heads:
        head, rest = words[-1], words[:-1]
    else:
        return None
    if rest and rest[-1] in lex.role_ranks:  # "deputy prime minister", "shadow chancellor"
        return f"{rest[-1]} {head}"
    return head


def _affiliation(tokens: list[Token], doc: Doc) -> str | None:
    """The organisation or country a role names ("French" -> "France", "UN")."""
    lex, aliases = lexicon(), load_aliases()
    seen = {t.i for t in tokens}
    for ent in doc.ents:
        if ent.label_ not in AFFILIATION_LABELS or not any(t.i in seen for t in ent):
            continue
        name = clean_name(ent.text)
        hit = aliases.lookup(name)
        if hit:
            return hit[1]
        if ent.label_ == "NORP":
            if name in lex.demonyms:
                return lex.demonyms[name]
            continue
        if ent.label_ == "GPE" or len(name.split()) > 1 or is_acronym(name):
            return name  # not "Home" of "Home Secretary"
    for t in tokens:
        if t.text in lex.demonyms:
            return lex.demonyms[t.text]
    return None


_NOT_ROLE = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _role_text(tokens: list[Token], doc: Doc) -> str | None:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("det", "poss", "case")
                      or tokens[0].pos_ in ("ADV", "SCONJ", "CCONJ", "ADP") or tokens[0].ent_type_ in _NOT_ROLE):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > MAX_ROLE_TOKENS:
        return None
    if tokens[-1].i - tokens[0].i + 1 != len(tokens):  # keep the contiguous part ending at the head
        run = [tokens[-1]]
        for t in reversed(tokens[:-1]):
            if t.i != run[-1].i - 1:
                break
            run.append(t)
        tokens = run[::-1]
    text = straighten(text_of(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)])
    return text if any(c.isalpha() for c in text) else None


def _left_role(span_start: int, root: Token, doc: Doc, lo: int, blocked) -> list[Token]:
    """Modifiers left of a name inside its noun phrase: "French President [Emmanuel Macron]"."""
    subtree = {t.i for t in root.subtree}
    out: list[Token] = []
    i = span_start - 1
    while i >= lo:
        t = doc[i]
        if t.i not in subtree or t.ent_type_ == "PERSON" or t.tag_ == "POS" or blocked(t.idx):
            break
        if not (t.is_alpha or t.text in ("-", "&", ".")):
            break
        out.append(t)
        i -= 1
    return out


def _appos_role(root: Token, span: range) -> list[Token]:
    """The role in apposition: "the UN envoy for Libya, [Ghassan Salame]" or "[X], the commander"."""
    head = None
    if root.dep_ == "appos":
        head = root.head
        for _ in range(3):  # "the envoy for [Libya], Salame": the parser may attach to the pobj
            if head.pos_ == "NOUN" or role_head(head.text) or head.dep_ not in ("pobj", "prep"):
                break
            head = head.head
        if head.i in span or not (head.pos_ == "NOUN" or role_head(head.text)):
            head = None
    if head is None:
        head = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    doc = root.doc
    if head is not None and root.dep_ != "appos" and head.i > root.i and head.right_edge.i + 1 < len(doc) \
            and doc[head.right_edge.i + 1].pos_ in ("VERB", "AUX"):
        head = None  # "Herat, Washington's envoy to Kabul said": the subject of "said", not an apposition
    if head is None or sent_of(head) != sent_of(root):
        return []
    out = [head]
    stack = [c for c in head.children if c.dep_ not in ROLE_CUT_DEPS and c.i not in span]
    while stack:
        t = stack.pop()
        if t.i in span or t.ent_type_ == "PERSON":
            continue
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ROLE_CUT_DEPS)
    return out


def _honorific(token: Token) -> str | None:
    word = token.text.rstrip(".")
    return word if word in lexicon().honorifics and word[:1].isupper() else None


_LOCATIVE = {"in", "at", "near", "across", "outside", "inside", "around", "throughout"}
_HTML_ENTITY = re.compile(r"&#?\w+;.*$")


def _make_mention(ent: Span, doc: Doc, doc_id: str, etype: str | None, blocked) -> Mention | None:
    lex = lexicon()
    toks = list(ent)
    had_article = False
    while toks and (toks[0].is_punct or toks[0].dep_ in ("det", "predet") or toks[0].lower_ in ("the", "a", "an")
                    or toks[0].pos_ in ("ADP", "ADV", "SCONJ", "CCONJ") and len(toks) > 1
                    # "Shining Path": a capitalised participle inside a sentence is the name's
                    or toks[0].pos_ == "VERB" and len(toks) > 1 and (not toks[0].is_title or toks[0].is_sent_start
                                                                      or toks[0].tag_ not in ("VBG", "VBN"))):
        had_article |= toks[0].lower_ == "the"
        toks = toks[1:]
    while toks and (toks[-1].tag_ == "POS" or toks[-1].is_punct or toks[-1].is_space
                    or ent.label_ == "PERSON" and len(toks) > 2 and toks[-1].text in postnominals()):
        toks = toks[:-1]  # "Paul Boateng MP": the letters after the name are no part of it
    if ent.label_ == "PERSON" and (cut := next((k for k, t in enumerate(toks[1:], 1) if t.text in ("-", "--", "\u2013",
                                                  "\u2014") and toks[k - 1].whitespace_ and k + 1 < len(toks)
                                                  and toks[k + 1].is_lower), None)):
        toks = toks[:cut]  # "Mr Howard - can he persuade voters": a spaced dash ends the name (not "Chen Shui-bian")
    if toks and any(t.text == "(" for t in toks):
        toks = toks[: next(k for k, t in enumerate(toks) if t.text == "(")]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
    if not toks:
        return None
    honorific = None
    outside = None
    if len(toks) > 1 and _honorific(toks[0]):
        honorific = _honorific(toks[0])
    elif toks[0].i > 0 and _honorific(doc[toks[0].i - 1]):
        outside = doc[toks[0].i - 1]
        honorific = _honorific(outside)
    role_tokens: list[Token] = []
    if ent.label_ == "PERSON" and len(toks) > 3 and toks[0].text[:1].isupper() \
            and (hit := load_aliases().lookup(f"{toks[0].text} {toks[1].text}")) and hit[0] == ORGANIZATION:
        role_tokens, toks = toks[:2], toks[2:]  # "Lib Dem Norman Baker", "Lib Dem MP Lembit Opik"
        while len(toks) > 2 and role_head(toks[0].text) and toks[1].is_title:
            role_tokens, toks = role_tokens + toks[:1], toks[1:]
    elif ent.label_ == "PERSON" and len(toks) > 2 and (toks[0].text in lex.demonyms
                                                       or load_aliases().lookup(toks[0].text)):
        role_tokens, toks = toks[:1], toks[1:]  # "Tories Ken Clarke", "Labour MP John Smith"
    # a role inside the entity span: "Prime Minister Fayez al-Sarraj", "Tory treasurer Lord Ashcroft" (not in an
    # organisation's name: "General Motors", "General Electric")
    for k in range(len(toks) - 2, -1 if not role_tokens else 0, -1) if ent.label_ != "ORG" else ():
        if k > 0 and _honorific(toks[k]) and toks[k + 1].is_title:
            role_tokens, toks = role_tokens + toks[:k], toks[k:]
            honorific, outside = _honorific(toks[0]), None
            break
        if role_head(toks[k].text) and toks[k + 1].is_title:
            role_tokens, toks = role_tokens + toks[: k + 1], toks[k + 1 :]
            if len(toks) > 1 and _honorific(toks[0]):
                honorific, outside = _honorific(toks[0]), None
            break
    first = outside if outside is not None else toks[0]
    if honorific and outside is None:
        toks = toks[1:]
        if toks and toks[0].text == ".":
            toks = toks[1:]
    if not toks:
        return None
    name_span = doc[toks[0].i : toks[-1].i + 1]
    end = name_span.end_char
    raw = text_of(doc)[name_span.start_char : end]
    if cut := _HTML_ENTITY.search(raw):  # "Blair&#191;s": an apostrophe left encoded
        end = name_span.start_char + cut.start()
    name = clean_name(text_of(doc)[name_span.start_char : end])
    if " " not in name and is_junk_name(name) and name[:1].isupper():
        # "Commission President Barroso" after "the European Commission": the body named in full
        full = next((e for e in doc.ents if e.label_ == ent.label_ and len(e.text.split()) > 1
                     and e.text.split()[-1] == name), None)
        if full is not None:
            name = clean_name(full.text)
    plural_role = name.endswith("s") and " " not in name and role_head(name[:-1])  # "MPs", "MEPs"
    if ent.label_ == "PERSON" and _honorific(toks[-1]) and toks[-1].i + 1 < len(doc) and doc[toks[-1].i + 1].is_title:
        return None  # "[Tory Lord] Campbell": the tagger stopped at the honorific; the name comes after
    if not name or is_junk_name(name) or role_head(name) or plural_role or name in lex.honorifics \
            or name in lex.demonyms:
        return None
    had_article |= toks[0].i > 0 and doc[toks[0].i - 1].lower_ == "the"
    alias = load_aliases().lookup(name)
    if ent.label_ == "PERSON" and len(toks) == 1 and not honorific and not alias:
        if had_article or toks[0].tag_ in ("NNPS", "NNS"):
            return None  # "the Bill", "Britons": not a person's name
        if toks[0].dep_ == "pobj" and toks[0].head.lower_ in _LOCATIVE:
            etype = PLACE  # "in Manchester": how it acts says place
    root = name_span.root
    span_range = range(name_span.start, name_span.end)
    left = role_tokens or _left_role(first.i, root, doc, sent_of(ent).start, blocked)
    # "pressure on Tehran, a senior Iran diplomat was quoted": a place holds no role in apposition
    appos = _appos_role(root, span_range) if not left and ent.label_ != "GPE" else []
    role = affiliation = None
    for cand, strict in ((left, False), (appos, True)):
        if cand:
            text = _role_text(cand, doc)
            has_noun = any(t.pos_ == "NOUN" and not t.ent_type_ for t in cand)  # "thriller writer"
            # (in apposition the head itself: "Ms Robinson, a friend of the Tory leader," is no leader)
            if text and (any(role_head(t.text) for t in (cand[:1] if strict else cand)) or not strict and has_noun
                         and (ent.label_ == "PERSON" or honorific)):
                role, affiliation = text, _affiliation(cand, doc)
                break
            if not strict:
                affiliation = _affiliation(cand, doc)  # "Tory Michael Howard": no role, a party
    if not role_head(role or "") and etype != PERSON:
        role = affiliation = None
    start = first.idx
    return Mention(
        doc_id=doc_id,
        start=start,
        end=end,
        text=text_of(doc)[start:end],
        name=name,
        type=etype,
        label=ent.label_,
        sent_start=sent_of(ent).start_char,
        sent_end=sent_of(ent).end_char,
        kind="name",
        honorific=honorific,
        role=role,
        affiliation=affiliation,
    )


def find_mentions(doc: Doc, doc_id: str) -> tuple[list[Mention], list[tuple[str, str]]]:
    """Return the document's actor mentions (credits excluded) and its credits as metadata pairs."""
    regions, credits = find_credits(text_of(doc))
    credit_keys = {name_key(v) for k, v in credits if k in ("agency", "publisher")}
    credit_keys |= {name_key(v.rsplit(",", 1)[0]) for k, v in credits if k == "credit"}
    aliases = load_aliases()

    def blocked(offset: int) -> bool:
        return any(s <= offset < e for s, e in regions)

    mentions = []
    for ent in doc.ents:
        etype = LABEL_TYPES.get(ent.label_)
        if etype == ORGANIZATION and _person_tagged_org(ent):
            etype = PERSON  # "Vince Cable, the party's Treasury spokesman" tagged ORG, "Mr Cable" later
        elif etype == PERSON and (listed := aliases.lookup(ent.text)) is not None and listed[0] != PERSON:
            etype = listed[0]  # "Labour" tagged a person: the alias table knows the party
        if etype is None:
            hit = aliases.lookup(ent.text) if ent.label_ == "NORP" else None
            if hit is None or _name_goes_on(ent) or _name_comes_before(ent):
                continue  # "Democratic Unionist leader", "Social Democrat": the party is not the US Democrats
            etype = hit[0]
        if blocked(ent.start_char):
            # "Reuters - Japan" tagged as one name: the part after the agency tag is the actor
            rest = [t for t in ent if not blocked(t.idx) and not t.is_punct]
            if not rest or any(blocked(t.idx) for t in ent[rest[0].i - ent.start:]):
                continue
            ent = Span(doc, rest[0].i, ent.end, label=ent.label_)
            if ent.text in lexicon().demonyms:
                continue  # "Reuters - American economist ...": an adjective, no actor
        if _demonym_and_portfolio(ent):
            continue  # "[British Foreign] Secretary Jack Straw": a country and a title, no organisation
        if (country := _country_and_portfolio(ent)) is not None:
            ent, etype = country, PLACE  # "[US] Defense Secretary": the country, then a title
        ent = _without_place_prefix(ent)  # "London UKIP MEP Gerard Batten": UKIP
        m = _make_mention(ent, doc, doc_id, etype, blocked)
        if m is None or name_key(m.name) in credit_keys:
            continue
        mentions.append(m)
    mentions = _widened_to_aliases(doc, doc_id, mentions, blocked)
    peers = _honorific_names(doc, doc_id, mentions, blocked)
    mentions = [m for m in mentions if not any(p.start <= m.start and m.end <= p.end for p in peers)] + peers
    committees = _committees(doc, doc_id, blocked)
    mentions = [m for m in mentions if not any(c.start <= m.start and m.end <= c.end for c in committees)]
    mentions += [c for c in committees if not any(m.start < c.end and c.start < m.end for m in mentions)]
    mentions += _untagged_parties(doc, doc_id, mentions, blocked)
    mentions += _untagged_employers(doc, doc_id, mentions, blocked)
    mentions += _untagged_role_owners(doc, doc_id, mentions, blocked)
    mentions += _demonym_titles(doc, doc_id, mentions, blocked)
    mentions += _repeated_names(doc, doc_id, mentions, blocked)
    mentions = [_capital_as_government(doc, m) for m in mentions if not _place_label(text_of(doc), m)]
    mentions.sort(key=lambda m: (m.start, m.end))
    return _confirm_headlines(text_of(doc), mentions), credits


def _place_label(text: str, m: Mention) -> bool:
    """A place opening a line with a colon after it, "Mumbai: ONGC and Cairn have decided to team up": where the
    story comes from (a dateline), or what it is about, not one of its actors."""
    return m.type == PLACE and m.label in ("GPE", "LOC") and text[m.end: m.end + 2] == ": " \
        and (m.start == 0 or text[m.start - 1] == "\n")


def _capital_as_government(doc: Doc, m: Mention) -> Mention:
    """A capital that speaks or acts is its country's government: "Washington accused Tehran" (the United
    States), "Moscow's demands" (Russia's); "talks in Paris" stays the city.  The text keeps the capital."""
    lex = lexicon()
    country = lex.capitals.get(m.name)
    if country is None or m.label not in ("GPE", "PERSON") or m.honorific:
        return m
    if m.label == "PERSON":  # "accused Khartoum of ...": a capital the tagger took for a person is the city
        m = replace(m, type=PLACE, label="GPE")
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    root = span.root
    verb = root.head.lemma_.lower()
    acting = root.dep_ == "nsubj" and verb in lex.metonymy_verbs
    owning = root.dep_ == "poss" and verb in lex.metonymy_nouns | lex.state_nouns
    # "accused Tehran of ...", "urged Damascus to ...", "Damascus was urged to ...": the one charged or called on
    charged = root.dep_ == "dobj" and verb in lex.metonymy_objects or root.dep_ == "nsubjpass" and verb in lex.metonymy_asked
    if not (acting or owning or charged):
        return m
    return replace(m, name=country, type=PLACE, label="METONYM")


def _widened_to_aliases(doc: Doc, doc_id: str, mentions: list[Mention], blocked) -> list[Mention]:
    """A name the tagger cut short of an alias-table name: "the Liberal Democrats" tagged "Democrats"
    (which alone is the US party) is the whole name."""
    aliases = load_aliases()
    taken = {k for m in mentions for k in range(m.start, m.end)}
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        wider = None
        for lo_k, hi_k in ((2, 0), (1, 0), (0, 1), (0, 2)) if span is not None else ():
            lo, hi = span.start - lo_k, span.end + hi_k
            extra = [*doc[max(lo, 0): span.start], *doc[span.end: min(hi, len(doc))]]
            if lo < 0 or hi > len(doc) or any(not t.text[:1].isupper() or t.idx in taken or t.is_punct
                                              for t in extra) or any(t.is_sent_start for t in doc[lo + 1: hi]):
                continue
            cand = doc[lo: hi]
            hit = aliases.lookup(cand.text)
            if hit and hit[1] != (aliases.lookup(m.name) or ("", ""))[1]:
                wider = _make_mention(Span(doc, lo, hi, label=m.label), doc, doc_id, hit[0], blocked)
                break
        out.append(wider or m)
    return out


def _name_goes_on(ent: Span) -> bool:
    """A capitalised word that is no title follows: "Democratic Unionist", "Democratic Republic"."""
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return nxt is not None and nxt.text[:1].isupper() and nxt.pos_ in ("PROPN", "ADJ", "NOUN") \
        and not nxt.is_sent_start and nxt.ent_type_ != "PERSON" \
        and not (role_head(nxt.text) or nxt.lower_ in lexicon().role_ranks  # "Conservative Shadow chancellor"
                 or role_head(ent.doc[nxt.i: nxt.i + 2].text) == ent.doc[nxt.i: nxt.i + 2].text.lower())


def _name_comes_before(ent: Span) -> bool:
    """A capitalised word inside the sentence comes right before that makes a longer name: "Social Democrat",
    "Christian Democrat", "Liberal Democrat" (the known one is found whole later); not a title, a demonym or a name
    of its own ("Senate Democrat", "Scottish Labour"), nor a word capitalised as the sentence's first ("But
    Democrats", "Moderate Republicans Criticize Bush")."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    return prev is not None and not prev.is_sent_start and prev.text[:1].isupper() and prev.pos_ in ("PROPN", "ADJ") \
        and (prev.ent_type_ in ("", "NORP") or load_aliases().lookup(f"{prev.text} {ent.text}") is not None) \
        and not role_head(prev.text) and prev.text not in lexicon().demonyms  # "Scottish Labour": Labour's


def _without_place_prefix(ent: Span) -> Span:
    """An organisation tagged with the place before it, "London UKIP": the known organisation alone."""
    if ent.label_ != "ORG" or len(ent) < 2:
        return ent
    first, rest = ent[0].text, ent[1:]
    place = first in lexicon().capitals or is_country(first)
    if place and (is_acronym(rest.text) or (load_aliases().lookup(rest.text) or ("",))[0] == ORGANIZATION):
        return Span(ent.doc, rest.start, rest.end, label="ORG")
    return ent


def _title_follows(ent: Span, first: int = 1) -> bool:
    """The words of ``ent`` after its first ``first``, with the one or two words after it, make a title:
    "[British Foreign] Secretary", "[US Defense] Secretary"."""
    after = ent.doc[ent.end: ent.end + 2]
    words = [t.text for t in ent[first:]]
    return any(role_head(" ".join([*words, *(t.text for t in after[:k])])) for k in (1, 2) if len(after) >= k)


def _country_and_portfolio(ent: Span) -> Span | None:
    """"US Defense", "Hong Kong Financial" tagged as an organisation before "Secretary": the country's name and
    the first words of a title; returns the country's part."""
    if ent.label_ not in ("ORG", "GPE") or len(ent) < 2:
        return None
    from .relations import load_lexicon  # the role words live with the relation lexicon

    portfolio = set(load_lexicon()["roles"].get("portfolio_words", ()))
    places = {e.text for e in ent.doc.ents if e.label_ == "GPE"}
    for k in range(len(ent) - 1, 0, -1):
        # "[Hong Kong Financial] Secretary" with Hong Kong a place elsewhere in the text
        place = is_country(ent[:k].text) or ent[:k].text in places and all(t.lower_ in portfolio for t in ent[k:])
        if place and _title_follows(ent, k):
            return Span(ent.doc, ent.start, ent.start + k, label="GPE")
    return None


def _person_tagged_org(ent: Span) -> bool:
    """A first name and a surname the tagger called an organisation, which the article also calls "Mr X" (or
    another honorific and the surname): a person ("Vince Cable"), not a firm named after one ("Charles Schwab")."""
    words = ent.text.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return False
    if words[0].lower() not in lexicon().first_names or load_aliases().lookup(ent.text):
        return False
    honorifics = "|".join(re.escape(h) for h in sorted(lexicon().honorifics, key=len, reverse=True))
    return re.search(rf"\b(?:{honorifics})\.? {re.escape(words[-1])}\b", text_of(ent.doc)) is not None


def _demonym_and_portfolio(ent: Span) -> bool:
    """"British Foreign" tagged as an organisation before "Secretary": a country's adjective and the
    first words of a title."""
    return ent.label_ in ("ORG", "NORP") and len(ent) > 1 and ent[0].text in lexicon().demonyms \
        and _title_follows(ent)


def _honorific_names(doc: Doc, doc_id: str, mentions: list[Mention], blocked) -> list[Mention]:
    """A person's name the tagger missed after an honorific: "Labour peer Lord Haskins" (tagged as part of a
    title of a work), "Mr Kemp".  Only capitalised proper nouns no actor holds, up to three."""
    taken = {k for m in mentions for k in range(m.start, m.end) if m.type != PLACE}  # "of Alloway" may be taken
    out: list[Mention] = []
    for tok in doc:
        if _honorific(tok) is None or tok.idx in taken or blocked(tok.idx) or tok.i + 1 >= len(doc):
            continue
        j = tok.i + 1
        if doc[j].text == ".":
            j += 1
        end = j
        while end < len(doc) and end - j < 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                and doc[end].idx not in taken and doc[end].ent_type_ not in LABEL_TYPES and not role_head(doc[end].text):
            end += 1
        if end == j:
            continue
        # "Lord Campbell of Alloway": a peer's territorial designation is part of the name
        if tok.text in lexicon().peerage and end + 1 < len(doc) and doc[end].lower_ == "of" \
                and doc[end + 1].pos_ == "PROPN" and doc[end + 1].text[:1].isupper():
            end += 2
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and end - j < 6:
                end += 1
        m = _make_mention(Span(doc, tok.i, end, label="PERSON"), doc, doc_id, PERSON, blocked)
        if m is not None:
            out.append(m)
            taken |= set(range(m.start, m.end))
    return out


def _repeated_names(doc: Doc, doc_id: str, mentions: list[Mention], blocked) -> list[Mention]:
    """A name the tagger found once is the same name where it left it untagged ("LSE chief executive
    Clara Furse" after "the LSE" was tagged): organisations, places and full personal names of a
    document, matched whole, capitalised and as proper nouns, are mentions wherever they recur."""
    taken = {k for m in mentions for k in range(m.start, m.end)}
    known: dict[tuple[str, ...], Mention] = {}
    for m in mentions:
        if m.kind != "name" or m.label == "NORP" or m.type is None:
            continue
        words = tuple(m.text.split()) if m.text == m.name else tuple(m.name.split())
        if m.type == PERSON and len(words) < 2 or len(m.name) < 2 or not m.name[:1].isupper():
            continue  # a surname alone is the resolution stage's business
        known.setdefault(words, m)
    if not known:
        return []
    longest = max(len(w) for w in known)
    out: list[Mention] = []
    i = 0
    while i < len(doc):
        t = doc[i]
        if t.idx in taken or blocked(t.idx) or not t.text[:1].isupper() or t.ent_type_:
            i += 1
            continue
        hit = None
        for k in range(min(longest, len(doc) - i), 0, -1):
            span = doc[i: i + k]
            m = known.get(tuple(x.text for x in span))
            if m is None or any(x.idx in taken or x.ent_type_ for x in span) or span[-1].pos_ != "PROPN":
                continue
            if i + k < len(doc) and doc[i + k].pos_ == "PROPN" and doc[i + k].text[:1].isupper():
                continue  # "Chelsea" inside "Chelsea Clinton": part of a longer name
            if i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper() and not doc[i - 1].ent_type_:
                continue
            hit = Mention(
                doc_id=doc_id, start=span.start_char, end=span.end_char, text=span.text, name=m.name,
                type=m.type, label=m.label, sent_start=sent_of(span).start_char, sent_end=sent_of(span).end_char,
                kind="name",
            )
            break
        if hit is None:
            i += 1
            continue
        out.append(hit)
        taken |= set(range(hit.start, hit.end))
        i += len(hit.text.split()) if hit.text.split() else 1
    return out


def _demonym_titles(doc: Doc, doc_id: str, mentions: list[Mention], blocked) -> list[Mention]:
    """A country named by its adjective before a title: "[French] President Jacques Chirac", "the
    [Israeli] foreign minister".  The mention is of the country (a Place), its text the adjective."""
    lex = lexicon()
    taken = {k for m in mentions for k in range(m.start, m.end)}
    out: list[Mention] = []
    i = 0
    while i < len(doc):
        width = next((w for w in (2, 1) if i + w <= len(doc) and doc[i: i + w].text in lex.demonyms), 0)
        if not width:
            i += 1
            continue
        span = doc[i: i + width]
        last = span[-1]
        after = doc[span.end: span.end + 4]
        # the title follows at once ("Israeli interim Prime Minister"), and the adjective modifies it
        role = next((k for k in range(1, len(after) + 1) if role_head(after[:k].text)
                     and (k == len(after) or role_head(after[:k + 1].text) is None)), 0)
        if not role and after and after[0].lower_ in lex.state_nouns:
            role = 1  # "the Colombian government", "Israeli troops": the state acting
        elif not role and len(after) > 1 and after[0].dep_ == "compound" and after[0].head == after[1] \
                and after[1].lower_ in lex.state_nouns and last.head == after[1]:
            role = 2  # "an Israeli air strike", "Russian border guards"
        i = span.end
        if not role or any(t.is_punct for t in after[:role]) or span.start_char in taken or blocked(span.start_char):
            continue
        if not (last.dep_ in ("amod", "compound", "nmod") and last.head.i in range(span.end, span.end + 8)):
            continue
        out.append(_span_mention(span, doc_id, lex.demonyms[span.text], PLACE, "NORP"))
    return out


def _span_mention(span: Span, doc_id: str, name: str, etype: str, label: str) -> Mention:
    """A name mention of exactly ``span``, for the finders that decide its name and type themselves."""
    sent = sent_of(span)
    return Mention(doc_id=doc_id, start=span.start_char, end=span.end_char, text=span.text, name=name, type=etype,
                   label=label, sent_start=sent.start_char, sent_end=sent.end_char, kind="name")


def _untagged_employers(doc: Doc, doc_id: str, mentions: list[Mention], blocked) -> list[Mention]:
    """A proper name the tagger left out after "at"/"of" on a person or a role word: "Jason Daw at
    Merrill Lynch", "an analyst at Petercam", "Richard Yamarone of Argus Research" (after "of", only a
    name of several words or an acronym: "Lord Roberts of Conwy" names a place)."""
    lex = lexicon()
    taken = {k for m in mentions for k in range(m.start, m.end)}
    out: list[Mention] = []
    for prep in doc:
        if prep.dep_ != "prep" or prep.lower_ not in ("at", "of"):
            continue
        holder = prep.head
        if not (holder.ent_type_ == "PERSON" and holder.pos_ == "PROPN" or holder.pos_ == "NOUN"
                and holder.tag_ == "NN" and role_head(holder.text)):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.pos_ != "PROPN" or not obj.text[:1].isupper():
                continue
            first = obj
            while first.i > prep.i + 1 and doc[first.i - 1].dep_ == "compound" and doc[first.i - 1].head == obj \
                    and doc[first.i - 1].pos_ == "PROPN" and doc[first.i - 1].text[:1].isupper():
                first = doc[first.i - 1]
            span = doc[first.i: obj.i + 1]
            if any(t.ent_type_ or t.idx in taken or blocked(t.idx) for t in span) or span.text in lex.demonyms:
                continue
            if len(span) == 1 and not obj.is_upper and (prep.lower_ == "of" or holder.pos_ == "PROPN"):
                continue  # "Lord Roberts of Conwy", "Simon Hall at Postbridge": places (but "an analyst at Petercam")
            m = _make_mention(Span(doc, span.start, span.end, label="ORG"), doc, doc_id, ORGANIZATION, blocked)
            if m is not None:
                out.append(m)
                taken |= set(range(m.start, m.end))
    return out


#: Small words that join the capitalised words of a name: "Association of Chief Police Officers".
_JOINERS = ("of", "and", "for", "&")


def _untagged_role_owners(doc: Doc, doc_id: str, mentions: list[Mention], blocked) -> list[Mention]:
    """A name of several capitalised words the tagger left out right before a lower-case title and a person's
    name: "Association of Chief Police Officers president Chris Fox", "Blackpool Hotel Association chairman X".
    Only words no mention holds, and not a known name with more after it."""
    taken = {k for m in mentions for k in range(m.start, m.end)}
    people = {t.i for m in mentions if m.type == PERSON
              for t in (doc.char_span(m.start, m.end, alignment_mode="expand") or ())}
    out: list[Mention] = []
    for role in doc:
        if not (role.text.islower() and role_head(role.text) and role.i + 1 < len(doc) and role.i + 1 in people):
            continue
        k = role.i
        while k > 0 and (doc[k - 1].text[:1].isupper() and doc[k - 1].pos_ == "PROPN"
                         or doc[k - 1].lower_ in _JOINERS and k > 1 and doc[k - 2].text[:1].isupper()):
            k -= 1
        span = doc[k: role.i]
        while len(span) and span[0].lower_ in _JOINERS:
            span = span[1:]
        words = [t for t in span if t.text[:1].isupper()]
        if any(load_aliases().lookup(span[:j].text) for j in range(1, len(span))):
            continue  # "Scottish National Party Holyrood leader": a known name and more, a unit of it
        if len(words) < 2 or any(t.idx in taken or t.ent_type_ in ("PERSON", "GPE", "NORP") or blocked(t.idx)
                                 for t in span) or role_head(span.text) or span[-1].lower_ in _JOINERS:
            continue
        out.append(_span_mention(span, doc_id, clean_name(span.text), ORGANIZATION, "ORG"))
        taken |= set(range(span.start_char, span.end_char))
    return out


#: Words that make a committee a legislature's: "the Commons public accounts committee", "the environment select
#: committee", "Westminster's home affairs committee".
LEGISLATURE_WORDS = frozenset({"commons", "lords", "senate", "house", "assembly", "parliament", "congress",
                               "congressional", "westminster", "select"})


def _committees(doc: Doc, doc_id: str, blocked) -> list[Mention]:
    """A legislature's committee named in lower case, which the tagger leaves out or cuts: "the Commons public
    accounts committee", "the environment select committee", "the joint committee on human rights".  Only with a
    legislature's word and a subject of its own ("the select committee", "a committee of MPs" name none)."""
    out: list[Mention] = []
    for tok in doc:
        if tok.lower_ != "committee" or tok.tag_ not in ("NN", "NNP"):
            continue
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
        if not mods:
            continue
        # "Westminster's environment ... committee": the owner says whose, and is no part of the name
        owners = [p for m in mods for p in m.subtree if p.dep_ == "poss"] + [c for c in tok.lefts if c.dep_ == "poss"]
        owner = {t.i for p in owners for t in p.subtree}
        first = min(t.i for m in mods for t in m.subtree if t.i not in owner)
        words = {t.lower_ for t in doc[first: tok.i]} | {doc[k].lower_ for k in owner}
        end = tok.i + 1
        topic = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "on"), None)
        joint = any(m.lower_ == "joint" for m in mods)
        if topic is not None and (joint or words & LEGISLATURE_WORDS):
            objs = [c for c in topic.children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
            if objs and all(t.pos_ in ("NOUN", "ADJ", "CCONJ") for t in objs[0].subtree):
                end = objs[0].right_edge.i + 1  # "the joint committee on human rights"
        if not (words & LEGISLATURE_WORDS or joint and end > tok.i + 1):
            continue
        # "the influential Commons home affairs committee": the name begins at the chamber's
        first = next((t.i for t in doc[first: tok.i] if t.text in ("Commons", "Lords", "Senate", "House")), first)
        subject = [t for t in doc[first: tok.i] if t.lower_ not in LEGISLATURE_WORDS | {"joint", ",", "and", "&"}]
        if not subject and end == tok.i + 1:
            continue  # "the Commons committee", "the select committee": which one is not said
        if any(t.pos_ not in ("NOUN", "PROPN", "ADJ", "CCONJ", "PUNCT") or t.is_punct and t.text != ","
               for t in doc[first: tok.i]) or any(blocked(t.idx) for t in doc[first: end]):
            continue
        span = doc[first: end]
        # named as the body names itself: "Commons Public Accounts Committee"
        name = " ".join(w if w in _SMALL_WORDS or w.isupper() else w[:1].upper() + w[1:]
                        for w in clean_name(span.text).split())
        out.append(_span_mention(span, doc_id, name, ORGANIZATION, "ORG"))
    return out


_PERSON_CHAIN = 4  # how many compound/amod steps may lead from a party word to the person it qualifies


def _untagged_parties(doc: Doc, doc_id: str, mentions: list[Mention], blocked) -> list[Mention]:
    """Alias-table organisations the tagger left out where they qualify a person ("Conservative Shadow
    chancellor Oliver Letwin", "Liberal Democrat David Laws") or stand as a proper noun argument."""
    aliases = load_aliases()
    taken = {k for m in mentions for k in range(m.start, m.end)}
    person_chars = {t.idx for m in mentions if m.type == PERSON
                    for t in (doc.char_span(m.start, m.end, alignment_mode="expand") or ())}
    org_chars = {m.start for m in mentions if m.type == ORGANIZATION}
    org_chars |= {t.idx for m in mentions if m.type == ORGANIZATION
                  for t in (doc.char_span(m.start, m.end, alignment_mode="expand") or ())}
    out: list[Mention] = []
    i = 0
    while i < len(doc):
        t = doc[i]
        if not t.text[:1].isupper() or t.idx in taken or blocked(t.idx) or t.pos_ not in ("PROPN", "ADJ", "NOUN"):
            i += 1
            continue
        found = None
        for k in (3, 2, 1):
            span = doc[i: i + k]
            if len(span) < k or any(x.idx in taken or not x.text[:1].isupper() for x in span):
                continue
            hit = aliases.lookup(span.text)
            if hit and hit[0] == ORGANIZATION:
                found = span
                break
        if found is None or _name_goes_on(found) or _name_comes_before(found):
            i += 1
            continue
        last, head, steps = found[-1], found[-1], 0
        while head.dep_ in ("compound", "amod") and head.head.i > head.i and steps < _PERSON_CHAIN:
            head, steps = head.head, steps + 1
        if head is not last and head.dep_ == "appos" and role_head(head.text):
            head = head.head  # "Peter Hain, Labour MP for Neath,"
        # "Labour and the Conservatives clashed": an alias-table name the parser calls a proper noun, or a
        # common noun as the first word and subject of a verb ("Labour accused the Tories"; not "Labour and capital
        # clashed")
        named = (last.tag_ in ("NNP", "NNPS") or last.is_sent_start and last.dep_ == "nsubj"
                 and last.head.pos_ == "VERB" and not any(c.dep_ == "conj" and c.text.islower() for c in last.children)
                 ) and len(found.text) > 2 and not found.text.isupper() \
            and last.dep_ in ("nsubj", "nsubjpass", "conj", "dobj", "pobj", "poss")
        # ... or coordinated with a named organisation (sentence-initial "Labour" may be tagged a noun)
        named = named or any(x.idx in org_chars for x in [*(c for c in last.children if c.dep_ == "conj"),
                                                          *([last.head] if last.dep_ == "conj" else [])])
        if named or head is not last and (head.ent_type_ == "PERSON" or head.idx in person_chars):
            m = _make_mention(Span(doc, found.start, found.end, label="NORP"), doc, doc_id, ORGANIZATION, blocked)
            if m is not None:
                out.append(m)
        i = found.end
    return out


_SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "as", "from"}


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Title-case lines ("Kerry Challenges Bush Record on Jobs"), where NER spans are unreliable."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z][\w'-]*", line) if w.lower() not in _SMALL_WORDS]
        if len(words) >= 3 and not line.rstrip().endswith(".") and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _confirm_headlines(text: str, mentions: list[Mention]) -> list[Mention]:
    """Keep a mention from a title-case line only if the body names it too."""
    heads = _headline_lines(text)
    if not heads:
        return mentions

    def in_head(m: Mention) -> bool:
        return any(s <= m.start < e for s, e in heads)

    body = {name_key(m.name) for m in mentions if not in_head(m)}
    body |= {k.split()[-1] for k in body if k}
    return [m for m in mentions if not in_head(m) or name_key(m.name) in body]
