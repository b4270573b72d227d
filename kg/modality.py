"""Polarity and modality of a relation trigger: asserted, hedged, planned, or not stated at all.

The rules read the dependency parse around the trigger; the word lists are data
(``[modality]`` in ``kg/data/relations.toml``):

* negated ("did not back", "refused to meet", "no talks with") -> ``None`` (no edge);
* hypothetical or conditional ("would back", "if they meet") and questions -> ``None``;
* future or planned ("will meet", "plans to meet") -> ``PLANNED``;
* hedged ("allegedly backed", "is suspected of backing") -> ``HEDGED``;
* otherwise ``ASSERTED``.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from .model import ASSERTED, HEDGED
from .nlp import coordinated_head, sent_of

__all__ = ["PLANNED", "assess", "conditional", "governors"]

PLANNED = "planned"
#: Triggers that are themselves promises: "Japan pledged $500m to Iraq" (but "A and B agreed" did agree).
PROMISES = frozenset({"pledge", "promise", "vow", "offer", "propose"})

#: Dependency labels through which the governing verb's own polarity and auxiliaries carry over.
FULL_DEPS = frozenset({"xcomp", "dobj", "nsubj", "nsubjpass", "attr", "oprd", "acomp"})
#: Labels through which only the governing word's meaning carries over ("suspected of backing").
LEXICAL_DEPS = frozenset({"pcomp", "pobj", "ccomp"})
NOUNS = frozenset({"NOUN", "PROPN", "PRON"})
#: A trigger under these prepositions is a circumstance of its governor, not its complement:
#: "rejected the plan during talks with B" does not reject the talks.
ADVERBIAL_PREPS = frozenset({"during", "after", "before", "at", "in", "since", "following", "despite", "amid",
                             "ahead", "until", "on", "by", "over", "while", "as"})
NEGATIVE_DETS = frozenset({"no", "never", "neither", "nor"})
_MAX_STEPS = 6


def governors(trigger: Token) -> Iterator[tuple[Token, str]]:
    """Yield ``(token, how)`` for the trigger (``"self"``) and the words that govern it.

    ``how`` is ``"full"`` when the governor's negation and auxiliaries apply to the
    trigger ("did not agree to meet") and ``"lexical"`` when only its meaning does
    ("suspected of backing", "refrained from meeting", "denied that ...").
    """
    yield trigger, "self"
    cur = trigger
    for _ in range(_MAX_STEPS):
        dep, head = cur.dep_, cur.head
        if head.i == cur.i:
            return
        if dep in FULL_DEPS and not (dep in ("nsubj", "nsubjpass") and cur.pos_ not in NOUNS):
            how = "full"
        elif dep in ("pcomp", "pobj"):
            gov = head.head
            taking_part = head.lower_ == "in" and (gov.lemma_.lower() in ("part", "participate", "engage", "join")
                                                   or any(c.dep_ == "dobj" and c.lower_ == "part" for c in gov.children))
            if head.dep_ not in ("prep", "agent") or head.head.i == head.i or (
                    head.lower_ in ADVERBIAL_PREPS and not taking_part):  # but "is due to take part in talks"
                return
            head, how = head.head, "lexical"
        elif dep == "ccomp":
            how = "lexical"
        elif dep == "acl" and head.pos_ == "NOUN" and head.lemma_.lower() in HEARSAY:
            how = "lexical"  # "refuted a report (made by US media) that X had collaborated with Iran"
        elif dep == "conj" and cur.pos_ in ("VERB", "AUX") and head.pos_ in ("VERB", "AUX"):
            # coordinated verbs share auxiliaries: "would not meet or back"; a clause with a subject of its own
            # has its own ("said a delay would be disastrous and she accused the Tories")
            how = "lexical" if any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children) else "full"
            head = coordinated_head(cur)  # "said Labour would set out plans and attacked ...": pairs with "said"
        else:
            return
        yield head, how
        if how == "lexical" and head.pos_ in NOUNS and not (dep == "acl" and head.lemma_.lower() in HEARSAY):
            return
        cur = head


def _negated(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("det", "advmod") and child.lower_ in NEGATIVE_DETS:
            return True
        if child.dep_ == "advmod" and child.lower_ in ("longer", "more") \
                and any(g.dep_ == "neg" or g.lower_ == "no" for g in child.children):
            return True  # "no longer backs X", "no more": the parser hangs the "no" on "longer"
    head = tok.head
    return tok.dep_ in ("pobj", "pcomp") and head.lower_ == "without"


def conditional(tok: Token, marks: set[str]) -> bool:
    """Is ``tok``'s clause, or a clause on it, introduced by one of ``marks`` ("if", "unless")?"""
    for child in tok.children:
        if child.dep_ == "mark" and child.lower_ in marks:
            return True
        if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in marks for g in child.children):
            return True
    return tok.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in marks for g in tok.children)


def _passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _verb_key(tok: Token) -> str:
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{tok.lemma_.lower()} {prt[0]}" if prt else tok.lemma_.lower()


#: Nouns that report what they govern as talk, not fact: "reports of their rift".
HEARSAY = frozenset({"report", "rumour", "rumor", "claim", "speculation", "allegation", "suggestion", "talk", "gossip"})


def presupposed(noun: Token) -> bool:
    """A definite noun phrase ("Beijing's dispute with Taiwan", "the rivalry between A and B") names an event
    the clause around it takes as given."""
    return noun.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in noun.children)


def assess(trigger: Token, family: str, lexicon: dict, given: bool = False) -> str | None:
    """The certainty of a statement made through ``trigger``, or ``None`` if it is not stated.

    ``lexicon`` is the ``[modality]`` table.  Planned statements are returned only for
    families where a plan is still worth recording (meets, supports).  ``given``: the
    trigger is a presupposed noun phrase holding its own parties (see :func:`presupposed`),
    which only its own negation, an unmaking verb over it or an ending done ("ended their feud") undoes.
    """
    sent = sent_of(trigger)
    if sent.text.rstrip().rstrip("\"'\u201d\u2019 ").endswith("?"):
        return None
    if given:
        unmaking = set(lexicon.get("unmaking_verbs", ()))
        ending = set(lexicon.get("ending_verbs", ()))
        hypothetical = set(lexicon["hypothetical_aux"])
        wanted = set(lexicon["request_verbs"]) | set(lexicon["planning_verbs"])
        over = False  # closed by a verb over it, unless that closing is itself only wanted or due
        hearsay = False
        for tok, how in governors(trigger):
            if how == "self" and _negated(tok):
                return None
            if how == "self":
                continue
            key = _verb_key(tok)
            if key in unmaking or tok.lemma_.lower() in unmaking:
                return None
            if tok.pos_ == "VERB" and not over and (key in ending or tok.lemma_.lower() in ending):
                over = not any(c.dep_ == "aux" and (c.lower_ in hypothetical or c.tag_ == "TO") for c in tok.children)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in ending:
                # "negotiated an end to its alliance" (over), "called for an end to the fighting" (going on)
                above = [tok.head, tok.head.head] if tok.head.dep_ == "prep" else [tok.head]
                over = not any(t.lemma_.lower() in wanted for t in above)
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in HEARSAY:
                hearsay = True  # "reports of their rift", "rumours of a feud"
        return None if over else HEDGED if hearsay else ASSERTED
    negating = set(lexicon["negating_verbs"])
    hypothetical = set(lexicon["hypothetical_aux"])
    future = set(lexicon["future_aux"])
    marks = set(lexicon["conditional_marks"])
    planning = set(lexicon["planning_verbs"])
    requests = set(lexicon["request_verbs"])
    hedge_adverbs = set(lexicon["hedge_adverbs"])
    hedge_verbs = set(lexicon["hedge_verbs"])
    cancelling = set(lexicon["cancelling_verbs"])
    reporting = set(lexicon.get("reporting_verbs", ()))
    unintended = set(lexicon.get("unintended_adverbs", ()))
    if family == "opposes" and any(
        c.lower_ in unintended or c.dep_ == "prep" and c.lower_ == "by" and any(g.lower_ == "mistake" for g in c.children)
        for c in trigger.children
    ):
        return None  # "mistakenly killed", "shot by mistake": no hostility stated
    hedged = planned = False
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in PROMISES and family in ("meets", "supports"):
        planned = True  # "Japan pledged $500m to Iraq": a promise (but a threat is itself the event)
    prev = trigger
    for tok, how in governors(trigger):
        if conditional(tok, marks):
            return None  # also "if they are saying Brown is ousting Milburn"
        if how in ("self", "full"):
            if _negated(tok):
                return None
            for child in tok.children:
                if child.dep_ in ("aux", "auxpass"):
                    word = child.lower_
                    if word == "would" and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in reporting:
                        planned = True  # "said he would meet X": the future of a past report, a plan
                    elif word in hypothetical:
                        return None
                    if word in future:
                        planned = True
                elif child.dep_ == "advmod" and child.lower_ in hedge_adverbs:
                    hedged = True
                elif child.dep_ == "acomp" and child.lemma_.lower() in planning and tok.lemma_ == "be" \
                        and how == "full":
                    planned = True  # "the meeting is due to take place", "talks are set for Monday"
        to_infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
        if tok.dep_ in ("advcl", "acl", "relcl") and to_infinitive:
            planned = True  # a purpose: "flew to Washington to meet Bush", "troops to help him oust X"
        if to_infinitive and (tok.dep_ == "xcomp" and tok.head.lemma_ == "be" or tok.dep_ == "ROOT"):
            planned = True  # "Sharon is to meet Abbas"; a headline "Japan to deport Fischer"
        if how == "self":
            continue
        key = _verb_key(tok)
        by_subject = prev.dep_ in ("nsubj", "nsubjpass")
        came_by = prev.dep_
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in prev.children)  # "wants Brown to back X"
        prev = tok
        if by_subject:  # "the talks were cancelled" (but "the talks ended" did happen)
            if key in cancelling or tok.lemma_.lower() in cancelling:
                return None
        elif key in negating or tok.lemma_.lower() in negating:
            return None
        if tok.lemma_.lower() in requests and tok.pos_ == "VERB" and not (
                tok.lemma_.lower() == "tell" and came_by == "ccomp"):  # "told reporters: 'I trust him'": a report
            if tok.lemma_.lower() in ("want", "wish") and not own_subject \
                    and not any(c.dep_ == "dobj" for c in tok.children):
                planned = True  # "X wants to help Y": X's own aim (but "wants Y to help Z" asks another)
            else:
                return None
        if tok.lemma_.lower() in planning and tok.pos_ in ("VERB", "ADJ", "AUX"):
            planned = True
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in HEARSAY and tok.lower_ != "talks":
            hedged = True  # "reports of a feud between A and B", as "reports of their rift" above
        if tok.lemma_.lower() in hedge_verbs:
            always = tok.lemma_.lower() in ("suspect", "allege", "claim", "rumour", "rumor", "accuse", "seem", "appear",
                                            "contend")
            if always or _passive(tok):
                hedged = True
    if planned:
        return PLANNED if family in ("meets", "supports") else None
    return HEDGED if hedged else ASSERTED
