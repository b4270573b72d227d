"""Frames: where the two parties of a trigger stand in the dependency parse.

Each finder takes a parsed ``Doc`` and the lexicon and yields ``Match`` records
whose ``subjects`` and ``objects`` are argument *head tokens*; turning a token
into an actor (a mention, the owner of "Macron's office", a relative pronoun's
antecedent) is ``kg.relations``' job.

Frames: ``svo`` (active verb), ``passive`` (by-agent, also the reduced relative
"the government led by Sarraj"), ``prep`` ("met with", "fight against"),
``light`` ("held talks with", "expressed support for"), ``nominal`` ("the
meeting between A and B", "A's talks with B", "during talks with B"),
``reciprocal`` ("A and B met"), ``compound`` ("the UN-backed government"),
and the affiliation frames in :func:`affiliations`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .mentions import role_head
from .modality import conditional
from .names import is_country, lexicon, load_aliases
from .nlp import coordinated_head, sentences

__all__ = ["Match", "conjuncts", "subjects_of", "verb_frames", "noun_frames", "compound_frames", "misparsed_frames", "affiliations"]

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
#: Verbs whose object, not subject, does what their complement says ("asked Haftar to meet").
OBJECT_CONTROL = frozenset({"ask", "urge", "persuade", "invite", "tell", "force", "order", "encourage",
                            "allow", "accuse", "blame", "thank", "praise", "criticise", "criticize",
                            "condemn", "suspect", "help", "press", "pressure", "call"})
#: Prepositions by which an event noun hangs off the clause its participant heads ("during talks with").
CLAUSE_PREPS = frozenset({"during", "at", "after", "before", "in", "for", "following", "from", "since", "ahead"})
#: Journeys whose traveller takes part in the talks they are for.
TRAVEL_NOUNS = frozenset({"trip", "visit", "journey", "tour", "mission", "flight", "voyage"})
HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})


@dataclass(frozen=True)
class Match:
    """One trigger with the head tokens of its parties."""

    trigger: tuple[Token, ...]  # the words of the trigger, in text order
    head: Token  # the word whose modality decides the statement's certainty
    lemma: str  # lexicon key that fired
    entry: dict  # its lexicon entry
    frame: str
    subjects: tuple[Token, ...]
    objects: tuple[Token, ...]
    inherited: bool = False  # the subject was taken from a governing clause
    reciprocal: bool = False  # subjects are all parties of a symmetric event
    given: bool = False  # a presupposed noun phrase whose owners are the parties ("ended their feud")
    mutual: bool = False  # the other party's side of a state both are in, read from one side's words


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the words coordinated with it ("A, B and C")."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        if t in out:
            continue
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in NOUN_POS)
    doc = tok.doc
    for k, t in enumerate(out):
        # "President Bush and his rival, Senator John Kerry, clashed": the parser hangs the name on the first
        # conjunct; it names the common noun right before it
        if t.dep_ == "conj" and t.pos_ == "NOUN" and t.i + 2 < len(doc) and doc[t.i + 1].text == ",":
            named = next((c for c in t.head.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                          and c.left_edge.i == t.i + 2), None)
            if named is not None:
                out[k] = named
    return sorted(out, key=lambda t: t.i)


def _prep_objects(tok: Token, preps) -> list[Token]:
    out = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.extend(conjuncts(pobj))
    return out


def examples(tok: Token) -> list[Token]:
    """The names a plural noun is illustrated by: "several MPs, including A and B", "countries such as A"."""
    if tok.tag_ not in ("NNS", "NNPS") or tok.pos_ != "NOUN":
        return []
    return [o for c in tok.children if c.dep_ == "prep" and (
                c.lower_ == "including" or c.lower_ == "as" and (
                    any(g.lower_ == "such" for g in c.children) or c.i > 0 and c.doc[c.i - 1].lower_ == "such"))
            for p in c.children if p.dep_ == "pobj" and p.pos_ == "PROPN" for o in conjuncts(p)]


def parties(tokens) -> list[Token]:
    """The parties a coordinated subject names, a plural illustrated by names standing for those names:
    "leaders, including A and B," are A and B."""
    return [t for s in tokens for t in examples(s) or [s]]


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def grammatical_subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The subject of ``verb`` in either voice, shared with a coordinated verb if it has none."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if own:
        return [t for s in own for t in conjuncts(s)]
    if verb.dep_ == "conj" and depth < 3 and verb.head.i != verb.i:
        return grammatical_subjects(coordinated_head(verb), depth + 1)
    return []


def _listed_before(subject: Token) -> list[Token]:
    """Names listed with a comma and no "and" before ``subject``, which the parser leaves hanging on the verb:
    "Germany, France support Turkish bid" (a headline's list)."""
    doc, out, k = subject.doc, [], subject.left_edge.i
    while k >= 2 and doc[k - 1].text == "," and doc[k - 2].pos_ == "PROPN" and doc[k - 2].dep_ in ("dep", "npadvmod") \
            and doc[k - 2].head == subject.head:
        out.append(doc[k - 2])
        k = doc[k - 2].left_edge.i
    return out


def subjects_of(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Head tokens of the doer of ``verb``, and whether they were inherited from another clause."""
    own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if own:
        return sorted({t for s in own for t in (*conjuncts(s), *_listed_before(s))}, key=lambda t: t.i), False
    if _is_passive(verb):
        agents = _prep_objects(verb, {"by"})
        return agents, False
    if depth > 3:
        return [], False
    head, dep = verb.head, verb.dep_
    if head.i == verb.i:
        return [], False
    if dep == "xcomp":
        if _is_passive(head):  # "Syria is said to have backed X": the raised subject
            return grammatical_subjects(head), True
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            return subjects_of(head, depth + 1)[0], True
        objs = [c for c in head.children if c.dep_ == "dobj"]
        if head.lemma_.lower() in OBJECT_CONTROL and objs:
            return [t for o in objs for t in conjuncts(o)], True
        return subjects_of(head, depth + 1)[0], True  # "X helped (to) fund Y": with no one helped, X did
    if dep == "conj" and head.pos_ in ("VERB", "AUX"):
        return subjects_of(coordinated_head(verb), depth + 1)[0], True
    if dep == "advcl" and head.pos_ in ("VERB", "AUX"):
        return subjects_of(head, depth + 1)[0], True
    if dep == "acomp" and head.pos_ in ("VERB", "AUX"):  # "is willing to negotiate": the copula's subject
        return subjects_of(head, depth + 1)[0], True
    if dep == "pcomp" and head.dep_ == "prep":
        gov = head.head
        if gov.pos_ in ("VERB", "AUX"):
            if _is_passive(gov):  # "is suspected of backing": the passive's subject
                return grammatical_subjects(gov), True
            objs = [c for c in gov.children if c.dep_ == "dobj"]
            if objs and (gov.lemma_.lower() in OBJECT_CONTROL or head.lower_ == "for"):
                # "jailed a militant for financing X", "praised Y for backing X": the object did it
                return [t for o in objs for t in conjuncts(o)], True
            return subjects_of(gov, depth + 1)[0], True
        poss = [c for c in gov.children if c.dep_ == "poss"]
        return poss, True
    if dep == "acl" and verb.tag_ == "VBG" and head.pos_ in NOUN_POS:
        return [head], True  # "militias fighting against the government"
    return [], False


PARTICLES = frozenset({"back", "out", "down", "up", "off", "away"})
#: Verbs that end a role held "as" something: "resigned as Labour leader".
DEPARTURES = frozenset({"resign", "quit", "step down", "stand down", "retire", "leave", "oust", "sack", "dismiss",
                        "fire", "remove", "depose", "step aside"})


#: Nouns of leaving a role: "his resignation as BBC chairman".
DEPARTURE_NOUNS = frozenset({"resignation", "departure", "exit", "removal", "sacking", "dismissal", "retirement",
                             "ouster", "ousting"})


def _verb_key(tok: Token) -> str:
    """The verb's lemma with its particle: "hit out", "hit back" (which the parser may call an adverb)."""
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"
           or c.dep_ in ("advmod", "prep") and c.i == tok.i + 1 and c.lower_ in PARTICLES
           and (c.dep_ == "advmod" or any(g.dep_ == "prep" for g in c.children))]  # "butt [out] of the row"
    return f"{tok.lemma_.lower()} {prt[0]}" if prt else tok.lemma_.lower()


#: What a donor hands over when the tagger sees no sum: "pledged 10 million euros", "gave aid", "sent troops".
GIFT_NOUNS = frozenset({"euro", "dollar", "pound", "yen", "yuan", "rupee", "franc", "money", "fund", "cash", "aid",
                        "loan", "grant", "donation", "assistance", "troop", "peacekeeper", "weapon", "arm"})


def _gives_money(verb: Token) -> bool:
    """A sum of money (or aid) is what ``verb`` hands over: "gave £500,000", "gave the party a sum of £500,000",
    "pledged 10 million euros"."""
    for obj in verb.children:
        if obj.dep_ == "dobj" and any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in obj.subtree):
            return True
        if obj.dep_ == "dobj" and obj.lemma_.lower() in GIFT_NOUNS:
            return True
    return False


def verb_frames(doc: Doc, verbs: dict) -> Iterator[Match]:
    """Verbal triggers: active, passive (with a by-agent), prepositional, reciprocal."""
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        key = _verb_key(tok)
        entry = verbs.get(key) or verbs.get(tok.lemma_.lower())
        if key == tok.lemma_.lower():
            # "rounded on Mr Blair", "laid into X": a particle the parser took for a preposition; "voted for X"
            # beside "voted against X" (a preposition the verb's own entry does not take)
            # (not "turned the spotlight on Cuba's economy": a verb with an object of its own)
            prep = None if any(c.dep_ == "dobj" for c in tok.children) else next(
                (c for c in tok.children if c.dep_ == "prep" and f"{key} {c.lower_}" in verbs
                 and (entry is None or c.lower_ not in entry.get("objects", ()))), None)
            if prep is not None and verbs[f"{key} {prep.lower_}"].get("objects") == ["dobj"]:
                key = f"{key} {prep.lower_}"
                entry = {**verbs[key], "objects": [prep.lower_]}
            # "poured scorn on X", "shook hands with X": a verb and its fixed object
            fixed = next((c for c in tok.children if c.dep_ == "dobj" and f"{key} {c.lower_}" in verbs), None)
            if entry is None and fixed is not None and "dobj" not in verbs[f"{key} {fixed.lower_}"].get("objects", []):
                key = f"{key} {fixed.lower_}"
                entry = verbs[key]
        if entry is None:
            continue
        lemma = key if key in verbs else tok.lemma_.lower()
        if entry.get("money_object") and not _gives_money(tok):
            continue
        if entry.get("present_only") and tok.tag_ not in ("VBZ", "VBP", "VBN"):
            continue  # "who runs Tesco", "run by Mittal" (not "whilst running Bank of China", a time gone)
        if entry.get("not_on_accounts") and any(c.dep_ == "prep" and c.lower_ == "about" for c in tok.children):
            continue  # "they agreed about what happened": an account shared, no accord
        if any(t.lemma_.lower() in entry.get("not_after", ()) for c in tok.children if c.dep_ == "dobj"
               for t in (c, *c.children) if t is c or t.dep_ in ("compound", "amod")):
            continue  # "Israel and Hamas agreed a ceasefire": foes ending a war
        slots = entry.get("objects", [])
        preps = {s for s in slots if s not in ("dobj", "dative")}
        reduced = tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN"
        if entry.get("sides"):  # "the war pits A against B", "A was pitted against B": each side opposes the other
            one = [t for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in conjuncts(c)]
            other = _prep_objects(tok, {"against"})
            if one and other:
                yield Match((tok,), tok, lemma, entry, "prep", tuple(one), tuple(other))
                yield Match((tok,), tok, lemma, entry, "prep", tuple(other), tuple(one))
            continue
        if entry.get("patient_is_actor"):  # "X was elected to the Senate", "voters elected X to the Senate"
            deps = ("nsubjpass",) if _is_passive(tok) else ("dobj",)
            patients = [t for c in tok.children if c.dep_ in deps for t in conjuncts(c)]
            bodies = _prep_objects(tok, preps)
            if patients and bodies:
                yield Match((tok,), tok, lemma, entry, "prep", tuple(patients), tuple(bodies))
            continue
        if (_is_passive(tok) or reduced) and "dobj" in slots:
            agents = _prep_objects(tok, {"by"})
            if reduced:
                patients = [tok.head] if tok.head.pos_ in NOUN_POS else []
            else:
                patients = [t for c in tok.children if c.dep_ == "nsubjpass" for t in conjuncts(c)]
            if agents and patients:
                yield Match((tok,), tok, lemma, entry, "passive", tuple(agents), tuple(patients))
            continue
        if reduced:
            continue
        subjects, inherited = subjects_of(tok)
        objects = []
        if "dobj" in slots:
            objects += [t for c in tok.children if c.dep_ == "dobj" for t in conjuncts(c)]
            # "turned on Mr Blair" with the object hung on the particle
            objects += [t for c in tok.children if c.dep_ == "prt" for g in c.children if g.dep_ == "pobj"
                        for t in conjuncts(g)]
        if "dative" in slots:
            objects += [t for c in tok.children if c.dep_ == "dative" for t in conjuncts(c)]
        prep_objects = _prep_objects(tok, preps)
        for obj in tok.children:  # "fired two shells at Seoul", "fought a war against X"
            if obj.dep_ == "dobj" and obj.pos_ == "NOUN" and preps:
                prep_objects += _prep_objects(obj, preps)
        if entry.get("through_xcomp"):  # "threatened to ban X", "warned it would attack X"
            for comp in tok.children:
                if comp.dep_ == "xcomp":
                    objects += [t for c in comp.children if c.dep_ in ("dobj", "dative") for t in conjuncts(c)]
                    prep_objects += _prep_objects(comp, {"against", "on", "with", "to", "from", "in"})
                    for obj in [c for c in comp.children if c.dep_ == "dobj"]:
                        prep_objects += _prep_objects(obj, {"against", "on", "with", "to"})
        frame = "svo" if objects else "prep"
        objects += prep_objects
        if entry.get("counsel") and _counsel(tok):
            continue
        if objects and subjects:
            yield Match((tok,), tok, lemma, entry, frame, tuple(subjects), tuple(objects), inherited)
        elif not objects and entry.get("reciprocal") and (len(parties(subjects)) > 1 or len(subjects) == 1 and (
                subjects[0].tag_ == "NNS" and subjects[0].pos_ == "NOUN")):  # "the two men met": the caller sees
            if entry["family"] == "supports" and any(c.dep_ == "xcomp" and c.lemma_.lower() in verbs
                                                      and verbs[c.lemma_.lower()]["family"] == "meets"
                                                      for c in tok.children):
                continue  # "A and B agreed to meet": the meeting is what they agreed
            if inherited and tok.dep_ in ("advcl", "xcomp") and any(c.dep_ == "dobj" for c in tok.head.children):
                continue  # "A and B met fans' representatives to discuss it": together, with someone else
            yield Match((tok,), tok, lemma, entry, "reciprocal", tuple(subjects), (), inherited, True)


def _counsel(verb: Token) -> bool:
    """"warned Blair that the war could be illegal": what is said is about something else (a common noun with no
    owner as the clause's subject), advice rather than a threat to the one told."""
    for comp in verb.children:
        if comp.dep_ == "ccomp":
            subjects = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
            return bool(subjects) and all(
                s.pos_ == "NOUN" and not any(c.dep_ == "poss" for c in s.children) or s.dep_ == "expl"
                or s.lower_ == "there" for s in subjects)
    return False


def stance_frames(doc: Doc, stances: dict) -> Iterator[Match]:
    """An adjective of stance, said of its subject, with its other party: "Howard has been critical of Mr Blair",
    "remained loyal to Brown" (not "the group loyal to X": whose the group is, not where a named actor stands)."""
    for tok in doc:
        entry = stances.get(tok.lower_) if tok.pos_ in ("ADJ", "VERB") else None
        if entry is None or tok.tag_ not in ("JJ", "VBN"):
            continue
        felt = bool(entry.get("passive")) and _is_passive(tok)  # "was disappointed with X", read as a passive
        if not felt and (tok.dep_ not in ("acomp", "oprd", "xcomp", "conj")
                         or tok.tag_ == "VBN" and (tok.dep_ != "acomp" or _is_passive(tok))):
            continue  # (and "opposed" as the verb, "Blair opposed Brown", is a verb frame's)
        objects = _prep_objects(tok, set(entry.get("objects", ())))
        if not objects:
            continue
        subjects, inherited = subjects_of(tok)
        if not subjects and felt:  # "he was disappointed with X": who feels it
            subjects, inherited = grammatical_subjects(tok), False
        if subjects:
            yield Match((tok,), tok, tok.lower_, entry, "stance", tuple(subjects), tuple(objects), inherited)


def evaluation_frames(doc: Doc, evaluations: dict) -> Iterator[Match]:
    """A speaker's verdict on another actor: "Mr Howard said Mr Blair had been wrong to go to war",
    "Mr Letwin said the chancellor's figures were a fantasy" (opposes); "... said Mr Brown's budget was a good
    one" (supports).  Only a verdict that is the reported clause's predicate counts."""
    speech = set(evaluations.get("verbs", ()))
    tables = [("opposes", "ACCUSE", set(evaluations.get("negative", ()))),
              ("supports", "SUPPORT", set(evaluations.get("positive", ())))]
    bad_verbs = set(evaluations.get("negative_verbs", ()))
    states = set(evaluations.get("negative_states", ()))
    bad_objects = {verb: set(objects) for verb, objects in evaluations.get("negative_verb_objects", {}).items()}
    failing = set(evaluations.get("failing_when_negated", ()))
    naming = set(evaluations.get("naming_verbs", ()))
    naming_tables = [(f, p, w | set(evaluations.get("naming_negative", ())) if f == "opposes" else w)
                     for f, p, w in tables]
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in naming:
            yield from _named_as(tok, naming_tables)
            continue
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in speech:
            continue
        speakers, inherited = subjects_of(tok)
        if not speakers:
            continue
        for comp in (c for c in tok.children if c.dep_ == "ccomp"):
            targets = [t for c in comp.children if c.dep_ in ("nsubj", "nsubjpass") for t in conjuncts(c)]
            if any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in comp.children) or not targets \
                    or conditional(comp, {"if", "unless"}):
                continue  # (not "said Mr Straw was naive if he accepted China's claim")
            if _verb_key(comp) in failing or comp.lemma_.lower() in failing:
                # "said Mr Blair's plans would not work", "Tory proposals would not add up, argued Mr Blair"
                if any(c.dep_ == "neg" for c in comp.children) and not any(
                        c.dep_ == "aux" and c.lower_ in ("could", "might", "may") for c in comp.children):
                    entry = {"family": "opposes", "plover": "ACCUSE"}
                    yield Match((comp,), tok, comp.lemma_.lower(), entry, "evaluation", tuple(speakers),
                                tuple(targets), inherited)
                continue
            if any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in ("could", "might", "may") for c in comp.children):
                continue  # "said Blair was not wrong", "said Blair might be wrong"
            # "said Blair would be a good leader": a guess, no verdict; but "said the Tories will con voters", "said
            # Labour would betray them" charge with misconduct to come
            foretold = any(c.dep_ == "aux" and c.lower_ in ("would", "will") for c in comp.children)
            # (not a comparison: "said the EU code was more effective than the ban")
            verdicts = [c for c in comp.children if c.dep_ in ("acomp", "attr") and c.tag_ not in ("JJR", "RBR")
                        and not any(g.lower_ in ("more", "less", "than") for g in c.children) and not foretold]
            verdicts += [a for v in list(verdicts) if v.dep_ == "attr" for a in v.children if a.dep_ == "amod"]
            for family, plover, words in tables:
                hit = next((v for v in verdicts if v.lemma_.lower() in words or v.lower_ in words), None)
                charged = targets
                objects_charged = bad_objects.get(comp.lemma_.lower(), set())
                if hit is None and family == "opposes" and any(
                        c.dep_ == "dobj" and c.lemma_.lower() in objects_charged for c in comp.children):
                    hit = comp  # "claimed Labour had broken its promise"
                elif hit is None and family == "opposes" and comp.lemma_.lower() in bad_verbs:
                    hit = comp  # "said Blair had misled the country"
                    if any(c.dep_ == "nsubjpass" for c in comp.children) and comp.lemma_.lower() not in states:
                        # "said Britain's needs were ignored by the Treasury": the one charged is the agent
                        charged = [t for a in comp.children if a.dep_ == "agent"
                                   for p in a.children if p.dep_ == "pobj" for t in conjuncts(p)]
                        if not charged:
                            break
                if hit is not None:
                    entry = {"family": family, "plover": plover}
                    yield Match((hit,), tok, hit.lemma_.lower(), entry, "evaluation", tuple(speakers), tuple(charged),
                                inherited)
                    break


def _named_as(verb: Token, tables) -> Iterator[Match]:
    """"X described Y's budget as a con", "X called Y a liar": the name given is the verdict."""
    if any(c.dep_ == "neg" for c in verb.children):
        return
    speakers, inherited = subjects_of(verb)
    # "his impression of him as Dracula, which he calls good fun": a relative pronoun names a thing said
    targets = [t for c in verb.children if c.dep_ == "dobj" and c.lower_ not in ("which", "that", "what")
               for t in conjuncts(c)]
    verdicts = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.pos_ in ("NOUN", "ADJ")]
    verdicts += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                 for p in c.children if p.dep_ in ("pobj", "amod")]
    verdicts += [a for v in list(verdicts) for a in v.children if a.dep_ == "amod"]
    if not (speakers and targets and verdicts):
        return
    for family, plover, words in tables:
        hit = next((v for v in verdicts if v.lemma_.lower() in words or v.lower_ in words), None)
        if hit is not None:
            yield Match((verb, hit), verb, hit.lemma_.lower(), {"family": family, "plover": plover}, "evaluation",
                        tuple(speakers), tuple(targets), inherited)
            return


def charge_frames(doc: Doc, charges: dict) -> Iterator[Match]:
    """A charge with its content: "stepped up its charges that Damascus was sheltering insurgents", "alleged that
    the minister had lied" (the accuser opposes the subject of the clause)."""
    verbs, nouns = set(charges.get("verbs", ())), set(charges.get("nouns", ()))
    owner_verbs = set(charges.get("owner_verbs", ()))
    entry = {"family": "opposes", "plover": charges.get("plover", "ACCUSE")}
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in verbs:
            accusers, inherited = subjects_of(tok)
        elif tok.pos_ == "NOUN" and lemma in nouns:
            # "its charges that ...", "Copps' charge that ...", "the Copps charge that ..."
            accusers, inherited = [c for c in tok.children if c.dep_ == "poss"
                                   or c.dep_ == "compound" and c.pos_ == "PROPN"], False
            if not accusers and tok.dep_ == "dobj" and (_verb_key(tok.head) in owner_verbs or
                                                       tok.head.lemma_.lower() in owner_verbs):
                accusers, inherited = subjects_of(tok.head)
        else:
            continue
        for clause in (c for c in tok.children if c.dep_ in ("ccomp", "acl", "relcl") and c.pos_ in ("VERB", "AUX")):
            if not any(g.dep_ == "mark" and g.lower_ == "that" for g in clause.children):
                continue  # "the charge of sheltering", "charges filed by X", "the charge that he made": no content
            accused = [t for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") for t in conjuncts(c)]
            if accusers and accused:
                yield Match((tok,), tok, lemma, entry, "charge", tuple(accusers), tuple(accused), inherited)


#: Remedies that may also be said of a thing that ends: "urged Israel to halt the raids" (a demand), but "wanted
#: the embargo to end", "wanted it to stop" (no one asked).
_ENDING = frozenset({"end", "stop", "halt", "cease"})


def demand_frames(doc: Doc, demands: dict) -> Iterator[Match]:
    """A call for someone to make amends: "urged Livingstone to apologise", "called on Mr Hockney to quit"
    (the one who asks opposes the one asked)."""
    verbs, remedies = set(demands.get("verbs", ())), set(demands.get("remedies", ()))
    entry = {"family": "opposes", "plover": demands.get("plover", "DEMAND")}
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs:
            continue
        asked = [t for c in tok.children if c.dep_ == "dobj" for t in conjuncts(c)]
        asked += _prep_objects(tok, {"on", "upon"}) if tok.lemma_.lower() == "call" else []
        # (not "urged Blair not to resign": a plea to stay)
        remedy = [c for c in tok.children if c.dep_ in ("xcomp", "advcl", "ccomp")
                  and any(g.dep_ == "aux" and g.tag_ == "TO" for g in c.children)
                  and not any(g.dep_ == "neg" for g in c.children)
                  and _is_remedy(c, remedies)
                  and (c.lemma_.lower() not in _ENDING or any(g.dep_ in ("dobj", "xcomp") for g in c.children))]
        if not asked:  # "called for Mr Blair to resign", "wants Mr Blair to quit": the remedy's own subject
            asked = [t for c in remedy for g in c.children if g.dep_ == "nsubj" for t in conjuncts(g)]
        subjects, inherited = subjects_of(tok)
        if asked and remedy and subjects:
            yield Match((tok,), tok, tok.lemma_.lower(), entry, "demand", tuple(subjects), tuple(asked), inherited)
    nouns, voicing = set(demands.get("nouns", ())), set(demands.get("voicing", ()))
    for tok in doc:  # "Mr Howard's call for Mr Blunkett to quit", "repeated calls for Mr Livingstone to apologise"
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in nouns:
            continue
        remedy = [c for c in tok.children if c.dep_ in ("acl", "advcl", "relcl")
                  and any(g.dep_ == "aux" and g.tag_ == "TO" for g in c.children)
                  and _is_remedy(c, remedies)]
        asked = [t for c in remedy for g in c.children if g.dep_ == "nsubj" for t in conjuncts(g)]
        if not asked:
            continue
        callers = [c for c in tok.children if c.dep_ == "poss"]
        head, inherited = tok, False
        if not callers and tok.dep_ == "dobj" and (_verb_key(tok.head) in voicing or tok.head.lemma_.lower() in voicing):
            head = tok.head
            callers, inherited = subjects_of(head)
        if callers:
            yield Match((tok,), head, tok.lemma_.lower(), entry, "demand", tuple(callers), tuple(asked), inherited)
    saying = set(demands.get("saying", ()))
    for tok in doc:  # "said Mr Blair should resign"
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in saying:
            continue
        for comp in (c for c in tok.children if c.dep_ == "ccomp"):
            # "said X needed to explain", "X has to rethink": the obligation is the verb over the remedy
            remedy = next((c for c in comp.children if c.dep_ == "xcomp" and any(
                g.dep_ == "aux" and g.tag_ == "TO" for g in c.children)), None) \
                if comp.lemma_.lower() in ("need", "have") else comp
            if remedy is None or not _is_remedy(remedy, remedies) \
                    or remedy is comp and not any(g.dep_ == "aux" and g.lower_ in ("should", "must", "ought")
                                                  for g in comp.children) \
                    or any(g.dep_ == "neg" for g in (*comp.children, *remedy.children)) \
                    or conditional(comp, {"if", "unless"}):
                continue  # (not "should not quit", "should quit if he is found to have ...")
            asked = [t for g in comp.children if g.dep_ == "nsubj" for t in conjuncts(g)]
            subjects, inherited = subjects_of(tok)
            if asked and subjects:
                yield Match((remedy,), tok, remedy.lemma_.lower(), entry, "demand", tuple(subjects), tuple(asked),
                            inherited)
        for comp in (c for c in tok.children if c.dep_ == "ccomp" and c.lemma_ == "be"):
            # "said it was time for Mr Livingstone to say sorry", "it is time for Blair to go"
            if any(g.dep_ == "neg" for g in comp.children) or conditional(comp, {"if", "unless"}):
                continue
            for time in (c for c in comp.children if c.dep_ == "attr" and c.lower_ == "time"):
                for remedy in (c for c in time.children if c.dep_ in ("relcl", "acl") and _is_remedy(c, remedies)
                               and any(g.dep_ == "aux" and g.tag_ == "TO" for g in c.children)
                               and not any(g.dep_ == "neg" for g in c.children)):
                    asked = [t for g in remedy.children if g.dep_ == "nsubj" for t in conjuncts(g)]
                    subjects, inherited = subjects_of(tok)
                    if asked and subjects:
                        yield Match((remedy,), tok, remedy.lemma_.lower(), entry, "demand", tuple(subjects),
                                    tuple(asked), inherited)


def _is_remedy(verb: Token, remedies: set[str]) -> bool:
    """Is ``verb`` one of the amends a demand asks for ("resign", "back down", "say sorry")?"""
    if _verb_key(verb) in remedies or verb.lemma_.lower() in remedies:
        return True
    return verb.lemma_.lower() == "say" and any(c.dep_ == "acomp" and c.lower_ == "sorry" for c in verb.children)


#: Verbs whose subject does what their "with" names: "responded with an attack on X", "opened with a broadside at X".
ANSWERING = frozenset({"respond", "react", "retaliate", "hit back", "strike back", "counter", "open", "begin", "start",
                       "answer", "reply", "follow up"})

#: Verbs that take "responsibility for" an act as doing it: "claimed responsibility for the attack on X".
CLAIMING = frozenset({"claim", "admit", "accept", "acknowledge"})


def _hyphen_pair(noun: Token) -> tuple[Token, Token] | None:
    """"US-Israel ties": two capitalised words joined by a hyphen right before ``noun``, both modifying it."""
    doc = noun.doc
    i = noun.i
    if i < 3 or doc[i - 2].text not in HYPHENS or doc[i - 2].whitespace_ or doc[i - 3].whitespace_:
        return None
    a, b = doc[i - 3], doc[i - 1]
    if not (a.text[:1].isupper() and b.text[:1].isupper() and a.pos_ == b.pos_ == "PROPN"):
        return None
    return (a, b) if all(t.head == noun or t.head in (a, b) for t in (a, b)) else None


def _their_owners(noun: Token) -> list[Token]:
    """Who "their" before ``noun`` means: the coordinated subject of the nearest clause over it."""
    cur = noun
    for _ in range(6):
        head = cur.head
        if head.i == cur.i or cur.dep_ in ("nsubj", "nsubjpass", "relcl", "advcl", "ccomp"):
            return []
        if head.pos_ in ("VERB", "AUX"):
            subjects = subjects_of(head)[0]
            if len(subjects) > 1 and all(t.pos_ == "PROPN" for t in subjects):
                return subjects
            # "MPs criticised Blair and Brown over reports of their rift": the named pair the verb acts on
            objects = [t for c in head.children if c.dep_ == "dobj" for t in conjuncts(c)]
            return objects if len(objects) > 1 and all(t.pos_ == "PROPN" for t in objects) else []
        cur = head
    return []


def _clause_subjects(noun: Token) -> tuple[list[Token], bool]:
    """The participant of an event noun that hangs off a clause ("rejected calls during talks with B")."""
    cur = noun
    for _ in range(4):
        if cur.dep_ not in ("pobj", "dobj") or cur.head.i == cur.i:
            return [], False
        prep = cur.head
        if cur.dep_ == "pobj":
            if prep.lower_ not in CLAUSE_PREPS:
                return [], False
            gov = prep.head
        else:
            gov = prep
        if gov.pos_ in ("VERB", "AUX"):
            # "follows Haftar's trip to Rome for talks with Conte": the purpose phrase belongs to the
            # trip (a common attachment error), whose traveller is the participant
            for obj in gov.children:
                if obj.dep_ == "dobj" and obj.lemma_.lower() in TRAVEL_NOUNS and prep.lower_ == "for":
                    poss = [c for c in obj.children if c.dep_ == "poss"]
                    if poss:
                        return poss, True
            return subjects_of(gov)[0], True
        poss = [c for c in gov.children if c.dep_ == "poss"]
        if poss:
            return poss, True
        cur = gov
    return [], False


#: Verbs whose subject an attack named after "in" harmed ("died in an air strike", "was hurt in a raid").
HARMED = frozenset({"die", "kill", "wound", "injure", "hurt", "kidnap", "capture", "shoot"})


def _named_modifiers(noun: Token, deps: tuple[str, ...]) -> list[Token]:
    """Capitalised names and adjectives before ``noun`` that modify it: "the [Israeli] attack", "a [Taliban] ambush"."""
    return [c for c in noun.children if c.dep_ in deps and c.i < noun.i and c.pos_ in ("PROPN", "ADJ")
            and c.text[:1].isupper()]


#: Verbs whose subject came through an attack: "survived an assassination attempt" ("suffered an attack from X" is
#: a receiving verb's, see ``recipients``).
SURVIVED = frozenset({"survive", "escape", "withstand"})


def _harmed_in(verb: Token) -> list[Token]:
    """The harmed subject of ``verb`` when it says someone was harmed: "X was killed", "X died"."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in HARMED:
        return []
    deps = ("nsubjpass",) if _is_passive(verb) else ("nsubj",) if verb.lemma_.lower() == "die" else ()
    return [t for c in verb.children if c.dep_ in deps for t in conjuncts(c)]


#: Light verbs that make any event noun mutual: "Hamas and Fatah traded accusations", "exchanged insults".
TRADED = frozenset({"trade", "exchange", "swap"})


#: Nouns that measure out an event noun: "held a round of talks", "sent 25,000 tonnes of food aid to X".
MEASURES = frozenset({"round", "series", "set", "week", "day", "ton", "tonne", "shipment", "consignment", "package",
                      "batch", "cargo", "planeload", "truckload"})


#: Nouns that ask for what their "for" names: "renewed his call for talks with Syria" holds no talks.
REQUESTS = frozenset({"call", "demand", "appeal", "plea", "request", "push", "proposal", "campaign",
                      "pressure", "bid", "hope", "wish"})


def noun_frames(doc: Doc, nouns: dict, light_verbs: set[str], recipients: set[str] = frozenset(),
                advocates: set[str] = frozenset()) -> Iterator[Match]:
    """Event nouns, alone ("the meeting between A and B") or with a light verb ("held talks with B");
    with a receiving verb ("received IMF support", "won backing from X") the giver is the actor; asked for
    ("called for sanctions against Iran", "demanded an embargo on X"), the one who asks stands for or against."""
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = tok.lemma_.lower()
        entry = nouns.get(lemma)
        if entry is None:
            continue
        if entry.get("plural") and tok.tag_ not in ("NNS", "NNPS"):
            continue
        if entry.get("lower_case") and not tok.text.islower():
            continue
        if any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in entry.get("not_after", ()) for c in tok.children):
            continue  # "a peace agreement between the rebels and the government": foes ending a war
        if entry.get("reciprocal") and (pair := _hyphen_pair(tok)):
            # "US-Israel ties", "India-Pakistan talks", "the Turkey-EU deal": the two names joined before it
            yield Match((*pair, tok), tok, lemma, entry, "compound", pair, (), False, True)
            continue
        slots = set(entry.get("objects", []))
        objects = _prep_objects(tok, slots - {"between"})
        between = _prep_objects(tok, {"between"}) if "between" in slots else []
        if not between and "between" in slots and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ == "VERB":
            between = _prep_objects(tok.head, {"between"})  # "talks were held between A and B", "fighting broke out"
        head = tok.head
        np_tok = tok  # "held a round of talks": the talks stand where "round" stands
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in MEASURES:
            np_tok, head = head.head, head.head.head
        elif tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() == "responsibility" \
                and head.head.dep_ == "dobj":
            np_tok, head = head.head, head.head.head  # "claimed responsibility for the attack on X": as "claimed the attack"
        trigger: tuple[Token, ...] = (tok,)
        subjects: list[Token] = [c for c in tok.children if c.dep_ == "poss"]
        inherited, frame = False, "nominal"
        clause_head = np_tok  # ("will provide 25,000 tonnes of aid": the measure's verb says if it happened)
        light = _verb_key(head) in light_verbs or head.lemma_.lower() in light_verbs \
            or np_tok is not tok and np_tok.lemma_.lower() == "responsibility" and head.lemma_.lower() in CLAIMING \
            or tok.dep_ == "dobj" and entry.get("plover") == "ASSAULT" and head.lemma_.lower() in CLAIMING
        # ("claimed the attack on US troops": claimed as one's own, as "claimed responsibility for")
        if light and subjects and all(t.lower_ == "their" for t in subjects):
            subjects = []  # "A and B upgraded their ties": the verb's subjects own the event
        elif subjects and all(t.lower_ == "their" for t in subjects) and entry.get("reciprocal") \
                and len(owners := _their_owners(tok)) > 1:
            # "A and B are trying to end their rivalry": the rivalry is theirs, whatever they do about it
            yield Match(trigger, tok, lemma, entry, "nominal", tuple(owners), (), True, True, True)
            continue
        # "came under attack from X": the verb over "under" receives like "faced an attack from X"
        under = tok.dep_ == "pobj" and head.lower_ == "under" and head.head.pos_ in ("VERB", "AUX")
        if entry.get("not_received") and (
                under or tok.dep_ == "dobj" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in recipients):
            continue
        if under or tok.dep_ == "dobj" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in recipients:
            verb = head.head if under else head
            givers = list(subjects)
            if entry["family"] != "meets":  # "won IMF backing"; but "Manchester wins Labour conference" hosts it
                givers += [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            givers += _prep_objects(tok, {"from", "of"}) + _prep_objects(verb, {"from"})
            takers, inherited = subjects_of(verb)
            head = verb
            if givers and takers and not between:
                trigger = tuple(doc[head.i: tok.i + 1]) if 0 < tok.i - head.i <= 3 else (head, tok)
                yield Match(trigger, tok, lemma, entry, "light", tuple(givers), tuple(takers), inherited)
            continue
        if entry.get("rescue") and tok.dep_ == "pobj" and head.lower_ == "to" and head.head.pos_ == "VERB":
            # "leapt to Brown's defence", "came to the defence of the chancellor": the verb's subject defends
            # the owner (not "Brown's defence" defending anyone)
            owners = [c for c in tok.children if c.dep_ == "poss"] + objects
            rescuers, inherited = subjects_of(head.head)
            if owners and rescuers:
                trigger = tuple(doc[head.head.i: tok.i + 1]) if 0 < tok.i - head.head.i <= 4 else (head.head, tok)
                yield Match(trigger, head.head, lemma, entry, "light", tuple(rescuers), tuple(owners), inherited)
            continue
        advocate = None
        if tok.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "VERB" \
                and f"{head.head.lemma_.lower()} for" in advocates:
            advocate = head.head
        elif tok.dep_ == "dobj" and head.pos_ == "VERB" and _verb_key(head) in advocates:
            advocate = head
        asked = tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in REQUESTS
        if (advocate is not None or asked) and (entry["family"] == "meets" or entry.get("reciprocal")):
            continue  # "called for talks with X", "urged a deal with Y", "his call for talks": asked for, not held
        if advocate is not None and not entry.get("person") and not subjects and advocate.dep_ != "acl":
            # (not "a draft resolution threatening sanctions on X": a text asks nothing)
            targets = objects or _prep_objects(advocate, slots - {"for", "between"})
            askers, inherited = subjects_of(advocate)
            if askers and targets:
                trigger = tuple(doc[advocate.i: tok.i + 1]) if 0 < tok.i - advocate.i <= 3 else (advocate, tok)
                yield Match(trigger, advocate, lemma, entry, "advocacy", tuple(askers), tuple(targets), inherited)
            continue
        if not subjects and np_tok.dep_ == "dobj" and light and head.pos_ in ("VERB", "AUX"):
            subjects, inherited = subjects_of(head)
            objects += _prep_objects(head, slots - {"between"})
            if head.lemma_.lower() in TRADED:  # "traded accusations with Fatah": traded with the other party
                objects += _prep_objects(head, {"with"}) + _prep_objects(tok, {"with"})
            objects += [t for c in head.children if c.dep_ == "dative" and c.pos_ in NOUN_POS for t in conjuncts(c)]
            frame = "light"
            if 0 < tok.i - head.i <= 3:
                trigger = tuple(doc[head.i: tok.i + 1])
            else:
                trigger = (head, tok)
        elif subjects and tok.dep_ == "dobj" and light and head.pos_ in ("VERB", "AUX"):
            # "gave his backing to Brown", "sent Mr Bush his congratulations": the object may hang off the light verb
            objects += _prep_objects(head, slots - {"between"})
            objects += [t for c in head.children if c.dep_ == "dative" and c.pos_ in NOUN_POS for t in conjuncts(c)]
            frame = "light"
        elif not subjects and tok.dep_ == "pobj" and (head.lower_ == "in" and entry.get("reciprocal")
                                                      or head.lower_ == "at" and lemma in ("odd", "war")) \
                and head.head.pos_ in ("VERB", "AUX") \
                and not any(c.dep_ == "dobj" and c.pos_ == "PROPN" for c in head.head.children):
            # "is locked in a row with X", "in talks with X", "is at odds with X", "is at war with X" (but "WTO backs
            # Korea in dispute with EU": the one backed is in it)
            subjects, inherited = subjects_of(head.head)
            if not subjects and _is_passive(head.head):  # ("Blair is locked in a row": who is locked in it)
                subjects, inherited = grammatical_subjects(head.head), False
            # ("was not at odds with X", "is not in talks with X", "will be in talks": the verb says if it holds)
            clause_head = head.head
            if not objects and len(subjects) > 1 and entry.get("reciprocal"):
                yield Match(trigger, clause_head, lemma, entry, "nominal", tuple(subjects), (), inherited, True)
                continue  # "Blair and Brown are at odds over Europe", "Israel and Syria are in talks"
        elif not subjects and tok.dep_ == "attr" and head.lemma_ == "be" and entry.get("person"):
            subjects, inherited = subjects_of(head)  # "X is a close ally of Y" (not "what was an attack on Y")
        elif not subjects and tok.dep_ == "appos" and head.pos_ == "PROPN" and entry.get("person"):
            subjects = [head]  # "X, a fierce critic of Y,"
        elif not subjects and entry["family"] == "meets":
            subjects, inherited = _clause_subjects(tok)
            # "will use the opportunity for talks with X": the clause the participant came from says if it happened
            clause_head = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), tok) \
                if subjects and tok.dep_ == "pobj" else tok  # (but "cease negotiations with X": the noun's own)
        elif not subjects and entry["family"] in ("opposes", "supports") and not light:
            subjects = _prep_objects(tok, {"from", "by"})  # "objections to the tribunal from the United States"
            if not subjects and tok.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ == "VERB" \
                    and not _is_passive(head.head) and (_verb_key(head.head) in ANSWERING
                                                        or head.head.lemma_.lower() in ANSWERING):
                subjects, inherited = subjects_of(head.head)  # "opened the forum with an attack on Labour"
            if not subjects and objects:
                # "the U.S. invasion of Iraq", "the Israeli attack on Gaza": with the target named after it, a name
                # before the event is who does it
                subjects = _named_modifiers(tok, ("compound", "amod", "nmod"))
                frame = "agent-modifier" if subjects else frame
            if not subjects and tok.dep_ == "conj" and tok.head.pos_ in NOUN_POS:
                subjects = [c for c in tok.head.children if c.dep_ == "poss"]  # "Yangon's record and detention of X"
            attempt = tok.head if tok.dep_ == "compound" and tok.head.lemma_.lower() in ("attempt", "bid", "plot") \
                else tok
            if not objects and entry.get("plover") == "ASSAULT" and attempt.dep_ == "dobj" \
                    and attempt.head.pos_ == "VERB" and attempt.head.lemma_.lower() in SURVIVED:
                # "A senior Hamas leader survived an Israeli assassination attempt", "escaped an attack by the
                # Taliban": the named doer harmed (or tried to harm) the verb's subject
                attackers = subjects + _named_modifiers(attempt, ("compound", "amod", "nmod", "poss"))
                if attempt is not tok:
                    attackers += _prep_objects(attempt, {"by"}) + _named_modifiers(tok, ("compound", "amod", "nmod", "poss"))
                victims = [t for c in attempt.head.children if c.dep_ == "nsubj" for t in conjuncts(c)]
                if attackers and victims:
                    subjects, objects, frame = attackers, victims, "agent-modifier"
            if not subjects and not objects and entry.get("plover") == "ASSAULT" and tok.dep_ == "pobj" \
                    and head.lower_ in ("in", "during") and (victims := _harmed_in(head.head)):
                # "X was killed in an Israeli air strike", "two soldiers died in a Taleban ambush": the named doer
                # of the attack harmed the verb's subject
                subjects = _named_modifiers(tok, ("compound", "amod", "nmod", "poss"))
                objects, frame = victims, "agent-modifier"
        if entry.get("named_owner") and not objects and not subjects and tok.text.islower():
            # "Blair ally Alan Milburn", "Bush critic Michael Moore": a name before the noun is whose
            subjects = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
        if entry.get("person") and (subjects and not objects or objects and tok.tag_ == "NNS"):
            # "Blair's ally Alan Milburn", "the chancellor's friend, Charlie Whelan": the named one;
            # "opponents of the bill, including X and Y", "Brown's allies, such as X": the named ones
            holders = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
            if tok.dep_ in ("compound", "nmod") and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
                holders.append(tok.head)
            holders += examples(tok)
            if holders:
                yield Match(trigger, tok, lemma, entry, "person", tuple(holders), tuple(subjects or objects))
            if not objects:
                continue
        if entry.get("mediator") and not between:
            # "a mediation mission between A and B": the parser hangs "between" on the head noun
            between = [o for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "between"
                       for p in c.children if p.dep_ == "pobj" for o in conjuncts(p)] if tok.dep_ == "compound" else []
        if entry.get("mediator"):
            np = tok.head if tok.dep_ == "compound" else tok  # "a mediation mission", "a mediation effort"
            if not subjects:
                subjects = [c for c in np.children if c.dep_ == "poss"]
            if not subjects and np.dep_ == "dobj" and np.head.pos_ == "VERB":
                subjects, inherited = subjects_of(np.head)  # "X undertook / launched a mediation mission"
            if subjects and between:
                yield Match(trigger, tok, lemma, entry, frame, tuple(subjects), tuple(between), inherited)
            continue
        if between:
            # "the meeting between A and B": the parties are the coordinated objects
            if len(between) > 2 and entry["family"] == "opposes":
                pass  # "a row between A, B and C": who stands against whom is not said
            elif len(between) > 1 or not subjects and between[0].tag_ == "NNS" and between[0].pos_ == "NOUN":
                # (one plural noun may stand for two: "talks between the two countries"; the caller sees)
                yield Match(trigger, tok, lemma, entry, "nominal", tuple(between), (), False, True)
            elif subjects and entry.get("reciprocal"):
                yield Match(trigger, tok, lemma, entry, frame, tuple(subjects), tuple(between), inherited)
            continue
        if subjects and objects:
            yield Match(trigger, clause_head, lemma, entry, frame, tuple(subjects), tuple(objects), inherited)
            if frame == "light" and head.lemma_.lower() in TRADED \
                    or entry.get("reciprocal") and entry["family"] != "meets":  # (a meeting is symmetric anyway)
                # each gave as good as it got; "Blair's row with Brown", "Russia's alliance with India": a state
                # both are in
                yield Match(trigger, clause_head, lemma, entry, frame, tuple(objects), tuple(subjects), inherited,
                            mutual=True)
        elif frame == "light" and (entry.get("reciprocal") or head.lemma_.lower() in TRADED) and subjects:
            # "A and B renewed ties", "A and B held talks"; one plural subject ("the ministers of A and B held
            # talks") is split into its owners by the caller
            yield Match(trigger, clause_head, lemma, entry, frame, tuple(subjects), (), inherited, True)


#: Tags a noun phrase after a mis-parsed verb may be made of: "Libya's struggling UN-backed prime minister".
NP_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "POS", "JJ", "VBG", "VBN", "HYPH", "DT", "PRP$"})


def misparsed_frames(doc: Doc, verbs: dict) -> Iterator[Match]:
    """A past-tense trigger the parser took for a modifier of the next noun ("after Macron hosted
    Libya's prime minister" parsed as "hosted Libya"): the name right before it is the doer, the
    head of the noun phrase right after it is the object, read in word order."""
    for tok in doc:
        if tok.tag_ not in ("VBD", "VBN") or tok.dep_ not in ("amod", "compound") or tok.head.i <= tok.i:
            continue
        entry = verbs.get(tok.lemma_.lower())
        if entry is None or "dobj" not in entry.get("objects", []) or tok.i == 0:
            continue
        subj = doc[tok.i - 1]
        if subj.pos_ != "PROPN" or any(c.dep_ == "dobj" or c.dep_ == "nsubj" and c.i != subj.i for c in tok.children):
            continue
        obj, j = _noun_phrase_after(tok, len(doc), NP_TAGS)
        if obj is not None and j < len(doc) and doc[j].is_punct and doc[j].text not in HYPHENS:
            yield Match((tok,), tok, tok.lemma_.lower(), entry, "misparsed", (subj,), (obj,))


def _noun_phrase_after(tok: Token, stop: int, tags) -> tuple[Token | None, int]:
    """The last noun of the run of ``tags`` right after ``tok`` (its head, read in word order), and where the
    run ends."""
    doc, obj, j = tok.doc, None, tok.i + 1
    while j < stop and doc[j].tag_ in tags and not doc[j].is_sent_start:
        if doc[j].tag_ in ("NN", "NNS", "NNP", "NNPS"):
            obj = doc[j]
        j += 1
    return obj, j


def headline_frames(doc: Doc, verbs: dict) -> Iterator[Match]:
    """A headline's present-tense verb the tagger took for a plural noun ("Pakistan bombs suspected al-Qaida
    camp"): in a short line with no final stop, a name, then the verb, then a noun phrase."""
    for sent in sentences(doc):
        if len(sent) > 14 or sent.text.rstrip()[-1:] in ".!?\"'\u201d":
            continue
        for tok in sent:
            if tok.tag_ == "VBZ" and tok.dep_ == "ROOT" and tok.i > sent.start and doc[tok.i - 1].head == tok \
                    and doc[tok.i - 1].dep_ in ("amod", "compound", "npadvmod", "nmod") and doc[tok.i - 1].ent_type_ \
                    and not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
                # "Pakistan arrests key Al-Qaeda operative" parsed with the name as the verb's modifier
                entry = verbs.get(tok.lemma_.lower())
                objects = [t for c in tok.children if c.dep_ == "dobj" for t in conjuncts(c)]
                if entry is not None and "dobj" in entry.get("objects", []) and objects:
                    yield Match((tok,), tok, tok.lemma_.lower(), entry, "misparsed", (doc[tok.i - 1],), tuple(objects))
                continue
            if tok.tag_ != "NNS" or tok.i == sent.start or doc[tok.i - 1].pos_ != "PROPN" or doc[tok.i - 1].head != tok:
                continue
            entry = verbs.get(tok.lemma_.lower())
            if entry is None or "dobj" not in entry.get("objects", []):
                continue
            obj, _ = _noun_phrase_after(tok, sent.end, NP_TAGS | {"VBN", "VBD"})
            if obj is not None:
                yield Match((tok,), tok, tok.lemma_.lower(), entry, "misparsed", (doc[tok.i - 1],), (obj,))


def compound_frames(doc: Doc, compounds: dict) -> Iterator[Match]:
    """Hyphenated modifiers: "the UN-backed government" (the UN supports the government)."""
    for tok in doc:
        entry = compounds.get(tok.lemma_.lower())
        if entry is None or tok.i < 2 or tok.tag_ not in ("VBN", "JJ", "VBD"):
            continue
        if doc[tok.i - 1].text not in HYPHENS or doc[tok.i - 1].whitespace_ or doc[tok.i - 2].whitespace_:
            continue
        target = tok.head
        if target.i <= tok.i or target.pos_ not in NOUN_POS:
            continue
        if (target.pos_ == "NOUN" or target.text.istitle() and role_head(target.text)) \
                and target.dep_ in ("compound", "nmod") and target.head.pos_ == "PROPN" and target.head.i > target.i:
            target = target.head  # "US-backed incumbent Karzai", "US-backed interim President Karzai": the name
        backer = doc[tok.i - 2]
        yield Match(tuple(doc[tok.i - 2: tok.i + 1]), tok, tok.lemma_.lower(), entry, "compound", (backer,), (target,))


def _role_inside_name(tok: Token) -> bool:
    """"[Lib Dem MP Mark Oaten]" tagged one name: a role word with a full name after it in the same span
    (not "Oona King")."""
    doc = tok.doc
    rest = []
    for t in doc[tok.i + 1:]:
        if t.ent_type_ != "PERSON" or t.ent_iob_ != "I":
            break
        rest.append(t)
    return len(rest) >= 2 and all(t.text[:1].isupper() for t in rest)


def _hyphenated(tok: Token) -> bool:
    doc = tok.doc
    return tok.i + 1 < len(doc) and doc[tok.i + 1].text in HYPHENS and not tok.whitespace_


#: Prefixes joined by a hyphen to a role word that keep it a current role of the same body.
ROLE_PREFIXES = frozenset({"co", "vice", "deputy", "joint"})


def in_hyphened_participle(tok: Token) -> bool:
    """``tok`` is the hyphen or the participle of "US-installed", "UN-backed" (written without spaces)."""
    doc = tok.doc
    hyphen = tok if tok.text in HYPHENS else doc[tok.i - 1] if tok.i > 0 and tok.tag_ == "VBN" else None
    return hyphen is not None and 0 < hyphen.i < len(doc) - 1 and hyphen.text in HYPHENS \
        and not hyphen.whitespace_ and not doc[hyphen.i - 1].whitespace_ and doc[hyphen.i + 1].tag_ == "VBN"


def _adjacent(org: Token, role: Token, modifiers: frozenset[str] = frozenset()) -> bool:
    """Only names, a possessive ending or a rank ("deputy") stand between a modifier and its
    role word: "Scottish National Party Justice Minister" but not "Norfolk police chief"."""
    lo, hi = sorted((org.i, role.i))
    doc = org.doc
    return all(
        (t.pos_ == "PROPN" and t.text[:1].isupper()) or t.tag_ == "POS" or t.lower_ in modifiers
        # "Tory co-chairman", "Labour vice-chairman": a prefix joined to the role word
        or t.lower_ in ROLE_PREFIXES and t.i + 2 <= hi and doc[t.i + 1].text in HYPHENS
        or t.text in HYPHENS and doc[t.i - 1].lower_ in ROLE_PREFIXES
        # "Iraq's US-installed prime minister": a backer joined to its participle describes the role
        or in_hyphened_participle(t)
        # "Bank of England governor": a word joining two capitalised names is part of the name
        or t.lower_ in ("of", "for") and doc[t.i - 1].text[:1].isupper() and doc[t.i + 1].text[:1].isupper()
        for t in doc[lo + 1: hi]
    )


def _owns_role(owner: Token, role: Token) -> bool:
    """A possessive owner and its role word with only the role's own modifiers between them:
    "PwC's global chief executive", "the United Nations' emergency relief coordinator"."""
    doc = owner.doc
    for t in doc[owner.i + 1: role.i]:
        if t.tag_ == "POS" and t.head == owner:
            continue
        if t.is_punct and t.text not in HYPHENS or t.pos_ in ("CCONJ", "DET", "ADP", "VERB", "AUX", "NUM"):
            return False
        head = t.head  # every word modifies a later word inside the phrase, up to the role
        if not (t.i < head.i <= role.i) or t.dep_ not in ("amod", "compound", "nmod", "advmod", "punct"):
            return False
    return owner.dep_ == "poss" and owner.head == role and owner.i < role.i


def _runs_into_verb(appos: Token) -> bool:
    """"... the province of Herat, Washington's envoy to Kabul said": no comma closes the "apposition",
    a verb follows it; it is the subject of that verb, not another name for the word before."""
    doc = appos.doc
    nxt = appos.right_edge.i + 1
    return appos.head.i < appos.i and nxt < len(doc) and doc[nxt].pos_ in ("VERB", "AUX")


def _name_right_after(role: Token) -> Token | None:
    """The last word of a person's name written right after a singular title, whatever the parse made of
    them: "Agency chief Mohamed El-Baradei said" parsed as two subjects."""
    doc = role.doc
    nxt = doc[role.i + 1] if role.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "to":
        # "US ambassador to NATO Nicholas Burns", "envoy to the UN John Danforth": past the name of where
        k = role.i + 2 + (role.i + 2 < len(doc) and doc[role.i + 2].lower_ == "the")
        if k < len(doc) and doc[k].ent_type_ in ("ORG", "GPE", "NORP") and doc[k].ent_iob_ == "B":
            while k + 1 < len(doc) and doc[k + 1].ent_iob_ == "I":
                k += 1
            nxt = doc[k + 1] if k + 1 < len(doc) else None
    if nxt is None or role.tag_ not in ("NN", "NNP") or nxt.ent_type_ != "PERSON" or nxt.ent_iob_ != "B" \
            or nxt.pos_ != "PROPN":  # "Chinese President Meets With Castro": a verb the tagger took for a name
        return None
    end = nxt
    while end.i + 1 < len(doc) and doc[end.i + 1].ent_iob_ == "I":
        end = doc[end.i + 1]
    return end if end.pos_ == "PROPN" else None


def _sent_to(tok: Token) -> bool:
    """The name ``tok`` ends follows "<role word> to": "US ambassador to NATO" (sent to it, no member)."""
    j = tok.i
    while j > 0 and tok.doc[j - 1].pos_ == "PROPN" and tok.doc[j - 1].head.i > j - 1:
        j -= 1
    return j > 1 and tok.doc[j - 1].lower_ == "to" and role_head(tok.doc[j - 2].text) is not None


def _after_article(tok: Token) -> bool:
    """An article before the name ``tok`` ends: "the BBC" is no party label of the name after it."""
    j = tok.i
    while j > 0 and tok.doc[j - 1].pos_ == "PROPN" and tok.doc[j - 1].head.i > j - 1:
        j -= 1
    return j > 0 and tok.doc[j - 1].lower_ in ("the", "a", "an")


#: Titles whose "of" names a place, not an employer: "Duke of Edinburgh", "Earl of Wessex".
NOBLE_TITLES = frozenset({"Duke", "Duchess", "Earl", "Countess", "Marquess", "Viscount", "Archbishop", "Bishop"})

#: Verbs by which a body gives someone a post in it: "Tesco named John Smith chief executive".
APPOINTERS = frozenset({"appoint", "name", "hire", "install", "choose", "select", "pick", "elect", "nominate",
                        "promote", "recruit"})


def _left_behind(person: Token) -> bool:
    """A person named as the one who left: "the resignation of BBC chairman Gavyn Davies, director-general Greg Dyke
    and reporter Andrew Gilligan" (their titles are the ones they gave up)."""
    while person.dep_ == "conj" and person.head.i != person.i:
        person = person.head
    return person.dep_ == "pobj" and person.head.lower_ == "of" and person.head.head.lemma_.lower() in DEPARTURE_NOUNS


def _cut_off_owner(tok: Token) -> bool:
    """A one-word proper name the parser made a sentence of its own, right before a title: "Pakistan" in
    "Pakistan President General Pervez Musharraf met ..." (its own root, with nothing hanging on it)."""
    return tok.dep_ == "ROOT" and tok.pos_ == "PROPN" and bool(tok.ent_type_) and not tok.is_upper \
        and not list(tok.children) \
        and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].is_sent_start


#: Prepositions of place: "At Cardiff University Neil Kinnock met ..." says where, not whose.
LOCATIVE_PREPS = frozenset({"at", "in", "on", "near", "outside", "inside", "across"})


def _named_body(org: Token) -> Token:
    """The name in "the PCS union", "the Tesco supermarket chain": a common noun's proper-noun modifier, when the
    capitalised words before the noun are that one name (not "the Public and Commercial Services union", which
    the tagger cut in two)."""
    if org.pos_ != "NOUN":
        return org
    names = [c for c in org.subtree if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < org.i]
    if not names:
        return org
    doc, k = org.doc, names[-1].i
    while k > 0 and (doc[k - 1].text[:1].isupper() or doc[k - 1].lower_ in ("and", "of", "&")) \
            and doc[k - 1].dep_ not in ("det", "poss"):
        k -= 1
    run = doc[k: names[-1].i + 1]
    return names[-1] if run[0].ent_iob_ == "B" and all(t.ent_iob_ == "I" for t in run[1:]) else org


#: Last words of a place named after a person ("Liverpool's John Lennon Airport"): no member of anything.
FACILITIES = frozenset({"airport", "stadium", "centre", "center", "hospital", "university", "college", "school",
                        "bridge", "street", "square", "park", "hall", "tower", "house", "prize", "award", "trophy",
                        "foundation", "institute", "memorial", "library", "museum"})


def _speaks_for(org: Token) -> bool:
    """A body one speaks for ("for the Tories", "for the Lib Dems"), not a country or a purpose."""
    return org.ent_type_ in ("ORG", "NORP") and not is_country(org.text)


def affiliations(doc: Doc, roles: dict) -> Iterator[tuple[str, str, Token, Token, Token]]:
    """Role words linking a person to an organisation.

    Yields ``(family, frame, role_token, person_token, org_token)``: "UN envoy Ghassan
    Salame", "Labour MP Oona King", "X, leader of Y", "X is the head of Y", and the
    owner of an organisation ("Haftar's self-styled Libyan National Army", role ``None``
    reported as the organisation token).  The caller checks that the tokens are a Person
    and an Organization.
    """
    lead_words, member_words = set(roles["leads"]), set(roles["member"])
    past, lead_mods = set(roles.get("past", ())), set(roles.get("lead_modifiers", ()))
    member_mods = set(roles.get("member_modifiers", ()))
    owned_heads = set(roles.get("possessive_heads", ()))
    ranks = frozenset(lead_mods | member_mods)
    # "Lib Dem home affairs spokesman Mark Oaten": a portfolio between the party and the role
    between = ranks | frozenset(roles.get("portfolio_words", ())) | frozenset(roles.get("qualifiers", ()))
    departments = set(roles.get("department_roles", ()))
    qualifiers = frozenset(roles.get("qualifiers", ()))  # "the new head of the CBI" still heads it
    units = set(roles.get("units", ()))
    promoted = set(roles.get("led_by_modifier", ("executive",)))
    ranks_before_names = set(roles.get("ranks_before_names", ()))
    speakers_for = set(roles.get("speakers_for", ()))

    def family_of(word: Token) -> str | None:
        w, lemma = word.lower_, word.lemma_.lower()
        mods = {c.lower_.rstrip("-") for c in word.children if c.dep_ in ("amod", "compound", "nmod")}
        if mods & past or (word.i > 0 and word.doc[word.i - 1].lower_.rstrip("-") in past):
            return None
        if word.i > 1 and word.doc[word.i - 1].text in HYPHENS and word.doc[word.i - 2].lower_ in past:
            return None  # "ex-chairman" in three tokens
        k = word.i - 1
        while k >= 0 and word.doc[k].lower_ not in past and word.doc[k].text[:1] != "-" \
                and (word.doc[k].pos_ == "PROPN" or word.doc[k].tag_ == "POS" or word.doc[k].lower_ in ranks):
            k -= 1  # (and "its former chief executive X": a rank between the qualifier and the role word)
        if k >= 0 and k < word.i - 1 and word.doc[k].lower_ in past:
            return None  # "incoming European Commission President X": the qualifier before the body's name
        # "co-ordinator" split in three tokens: the word is the whole
        doc_ = word.doc
        if word.i + 2 < len(doc_) and doc_[word.i + 1].text == "-" and not word.whitespace_ \
                and not doc_[word.i + 1].whitespace_:
            joined = f"{w}-{doc_[word.i + 2].lower_}"
            if joined in lead_words:
                return "leads"
            if joined in member_words:
                return "memberOf"
        # "director general", "secretary general": a role word the parser made a compound of "general"
        pre = [c.lower_ for c in word.children if c.dep_ == "compound" and c.i == word.i - 1]
        if not pre and word.i > 0 and word.doc[word.i - 1].text[:1].isupper() == word.text[:1].isupper():
            pre = [word.doc[word.i - 1].lower_]  # "Secretary General" with both words hung on the name
        if pre and f"{pre[0]} {w}" in lead_words:
            return "leads"
        if pre and f"{pre[0]} {w}" in member_words:
            return "memberOf"  # "attorney general"
        if word.dep_ == "compound" and word.head.i == word.i + 1 and f"{w} {word.head.lower_}" in lead_words:
            return None  # the "secretary" of "Secretary General" is its head's
        nxt = doc_[word.i + 1].lower_ if word.i + 1 < len(doc_) else ""
        if f"{w} {nxt}" in lead_words | member_words:
            return None  # "chief" of "chief executive", whatever the parse: the next word holds the role
        if w in lead_words or lemma in lead_words:
            before = word.doc[word.i - 1].lower_.rstrip("-") if word.i > 0 else ""
            one_of_several = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in word.children)
            return "memberOf" if mods & member_mods or before in member_mods or one_of_several else "leads"
        if w in member_words or lemma in member_words:
            before = word.doc[word.i - 1].lower_ if word.i > 0 else ""
            led = mods & lead_mods or before in lead_mods  # "chief executive" however the parser hung "chief"
            return "leads" if led and (w in promoted or lemma in promoted) else "memberOf"
        return None

    for tok in doc:
        fam = family_of(tok)
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "I" and not _role_inside_name(tok):
            fam = None  # "Oona King", "Gordon Brown": a role word inside a name is the name
        # "LSE chief executive Clara Furse" with "executive" tagged an adjective
        mistagged = tok.pos_ == "ADJ" and tok.dep_ in ("compound", "amod") and tok.head.pos_ == "PROPN" \
            and tok.head.i > tok.i
        if fam is not None and (tok.pos_ in ("NOUN", "PROPN") or mistagged):
            # "CBI director general X": the organisation modifies the first word of a two-word role
            parts = [tok] + [c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1
                             and f"{c.lower_} {tok.lower_}" in lead_words]
            if fam == "leads" and (tok.lower_ in departments or tok.lemma_.lower() in departments) and any(
                c.dep_ == "amod" and c.lower_ not in ranks | (qualifiers if _prep_objects(tok, {"of"}) else frozenset())
                and c.tag_ not in ("NNP", "NNPS")
                and not c.text[:1].isupper()
                or c.dep_ == "compound" and c.tag_ in ("NN", "NNS") and c.lower_ not in units and c.text.islower()
                for c in tok.children
            ):
                fam = "memberOf"  # "legal director of Redress", "Labour election chief"
            # "UN envoy Ghassan Salame": org and role are modifiers of the name
            holder = tok.head if (tok.dep_ in ("compound", "nmod") or mistagged) and tok.head.pos_ == "PROPN" \
                and tok.head.i > tok.i else _name_right_after(tok)
            while holder is not None and holder.ent_type_ != "PERSON" and (
                    holder.lower_ in ranks_before_names or family_of(holder) is not None) \
                    and holder.dep_ == "compound" and holder.head.pos_ == "PROPN" and holder.head.i > holder.i:
                # "Pakistan President General Pervez Musharraf": a rank between title and name; "Committee
                # chairman Labour MP Jean Corston": a second title
                holder = holder.head
            if holder is not None and not _left_behind(holder):
                person = holder
                orgs = [c for p in parts for c in p.children
                        if c.dep_ in ("compound", "poss", "nmod", "amod") and c not in parts]
                # "Conservative Shadow chancellor X": the party modifies the rank before the role
                orgs += [g for c in orgs if c.lower_ in between for g in c.children
                         if g.dep_ in ("compound", "amod", "poss", "nmod") and g.i < c.i]
                orgs += [c for c in person.children if c.dep_ in ("compound", "nmod", "poss") and c.i < tok.i]
                # "Tory co-chairman Liam Fox" parsed with "Tory" on the prefix
                orgs += [g for c in person.children if c.lower_ in ROLE_PREFIXES and c.i < tok.i
                         for g in c.children if g.dep_ in ("compound", "nmod", "poss", "amod")]
                words = between | {p.lower_ for p in parts}
                lead = doc[min(p.i for p in parts)]
                if not orgs and lead.i > 0 and _cut_off_owner(doc[lead.i - 1]):
                    orgs.append(doc[lead.i - 1])  # "Pakistan | President General Pervez Musharraf met ..."
                for org in orgs:
                    if not _hyphenated(org) and _adjacent(org, tok, words):
                        yield fam, "role", tok, person, org
            # "the UN envoy, Ghassan Salame" / "Salame, the UN envoy" / "X, leader of Y"
            # "the governor of Herat and Washington's envoy, X": a name after a coordinated role is that role's
            # (but "GM chairman and chief executive Rick Wagoner": a second role with no owner of its own shares the name)
            after_conj = min((c.i for c in tok.children if c.dep_ == "conj" and any(
                g.dep_ in ("poss", "nmod") or g.dep_ in ("compound", "amod") and g.pos_ == "PROPN"
                or g.dep_ == "prep" and g.lower_ == "of" for g in c.children)), default=len(doc))
            persons = [c for c in tok.children if c.dep_ == "appos" and c.i < after_conj]
            if tok.dep_ == "appos" and not (tok.tag_ in ("NNS", "NNPS") and tok.head.i < tok.i) \
                    and not _runs_into_verb(tok):
                persons.append(tok.head)  # but "Mr Finnie, representatives of X" is a list
            if tok.dep_ == "attr" and tok.head.tag_ != "VBD":  # "X was a lecturer at Y": a past role
                persons += [c for c in tok.head.children if c.dep_ == "nsubj"]
            # "X was appointed chief executive of Y", "named X as its chief executive"
            if tok.dep_ == "pobj" and tok.head.lower_ == "as" and (
                    _verb_key(tok.head.head) in DEPARTURES or tok.head.head.lemma_.lower() in DEPARTURES
                    or tok.head.head.lemma_.lower() in DEPARTURE_NOUNS):
                continue  # "resigned as Labour leader", "his resignation as BBC chairman": a role left behind
            if tok.dep_ == "oprd" or tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ == "VERB":
                verb = tok.head if tok.dep_ == "oprd" else tok.head.head
                named = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj") and c.pos_ == "PROPN"]
                if verb.lemma_.lower() in ("replace", "succeed") and not _is_passive(verb):
                    named = []  # "X replaced Y as chairman": X holds the role now
                if not named and not (any(c.dep_ == "dobj" for c in verb.children)
                                      and verb.lemma_.lower() not in ("replace", "succeed")):
                    # "Putin took over as head of the CIS", "X served as chairman of Y": the subject
                    named = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"]
                persons += named
            if not persons:
                persons.append(tok)  # a title mention resolved to a person ("the Tory leader")
            # "Ofsted chief, David Bell": a proper noun the parser made an adjective modifies all the same
            orgs = [c for p in parts for c in p.children if c not in parts and (
                    c.dep_ in ("compound", "poss", "nmod") or c.dep_ == "amod" and (c.tag_ in ("NNP", "NNPS") or
                                                                                     c.text[:1].isupper()))
                    and (_adjacent(c, tok, between | {p.lower_ for p in parts}) or _owns_role(c, tok))]
            orgs += _prep_objects(tok, {"of"})
            if not orgs and (tok.dep_ == "oprd" or tok.dep_ == "pobj" and tok.head.lower_ == "as") \
                    and (verb := tok.head if tok.dep_ == "oprd" else tok.head.head).lemma_.lower() in APPOINTERS \
                    and not _is_passive(verb) and any(c.dep_ == "dobj" for c in verb.children):
                # "Tesco named John Smith chief executive", "Tesco appointed him as chairman": the one who appoints
                orgs += [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"]
            if tok.lemma_.lower() in speakers_for and not orgs and not any(
                    c.dep_ in ("amod", "compound") and c.text[:1].isupper() for c in tok.children):
                # "a spokesman for the campaign group Liberty" (but "the Conservative spokesman for the Cabinet
                # Office" speaks for his party on a portfolio)
                orgs += _prep_objects(tok, {"for"})[:1]  # the first: "for the Medical Foundation for the Care of ..."
            orgs = [o for o in orgs if not _hyphenated(o)]  # "UN-backed prime minister": a backer
            at = _prep_objects(tok, {"at"})  # "head of tax at E&Y", "a professor at X": a member
            for pobj in _prep_objects(tok, {"of", "for"}):
                if pobj.pos_ == "NOUN":  # "director for registrations of marriages at Brent Council": the parser
                    at += [o for o in _prep_objects(pobj, {"at"}) if o.pos_ == "PROPN"]  # hangs "at" on the portfolio
            if at:  # "investment director of UK Equities at Standard Life": the "of" names a department
                of_objects = set(_prep_objects(tok, {"of"}))
                orgs = [o for o in orgs if o not in of_objects]
            if fam == "leads" and any(o.pos_ == "NOUN" and lexicon().class_nouns.get(o.lower_) is not True
                                      for o in _prep_objects(tok, {"of"})):
                fam = "memberOf"  # "E&Y's head of tax" (but "chairman of the public accounts committee" leads it)
            for person in persons:
                for org in orgs:
                    yield fam, "role", tok, person, org
                for org in at:
                    yield "memberOf", "role", tok, person, org
        # "Carl Emmerson, from the Institute for Fiscal Studies, said": a name, a comma, of/from/for an organisation
        if tok.pos_ == "PROPN" and tok.dep_ != "compound":
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "for", "at") and prep.i > 0 \
                        and prep.i == tok.i + 2 and tok.doc[tok.i + 1].text == ",":
                    for org in prep.children:
                        # "Tony Martin, of Burnley": a one-word name after "of" is usually a home town
                        one_word = not any(c.dep_ == "compound" for c in org.children) and not org.is_upper
                        if org.dep_ == "pobj" and not (prep.lower_ == "of" and one_word):
                            yield "memberOf", "apposition", prep, tok, _named_body(org)
            # the parser may hang "from" on the verb: "Mike Hobday, from the League Against Cruel Sports, said"
            prep = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
            if prep is not None and tok.ent_type_ == "PERSON" and doc[tok.i + 1].text == "," \
                    and prep.lower_ in ("from", "at", "for") and prep.dep_ == "prep" and prep.head.i != tok.i \
                    and prep.head.pos_ == "VERB" and prep.head.i > prep.i:
                for org in prep.children:  # ("Oliver Letwin, for the Tories, attacked": whom he speaks for)
                    if org.dep_ == "pobj" and org.pos_ == "PROPN" and (prep.lower_ != "for" or _speaks_for(org)):
                        yield "memberOf", "apposition", prep, tok, org
            # "For the Liberal Democrats, Sir Menzies Campbell said": whom the speaker speaks for, put first
            if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and tok.ent_type_ == "PERSON":
                for prep in tok.head.children:
                    if prep.dep_ == "prep" and prep.lower_ == "for" and prep.i < tok.i and prep.is_sent_start:
                        for org in prep.children:
                            if org.dep_ == "pobj" and org.pos_ == "PROPN" and _speaks_for(org):
                                yield "memberOf", "apposition", prep, tok, org
        # "Jason Daw at Merrill Lynch", "Richard Yamarone of Argus Research": no comma, "at" or a long "of"
        if tok.pos_ == "PROPN" and tok.dep_ not in ("compound", "pobj") and tok.ent_type_ == "PERSON":
            # (not "joined by Tony Blair at Welling School": after a preposition, "at" says where)
            peer = any(t.text in lexicon().peerage or t.text in NOBLE_TITLES for t in tok.subtree if t.i <= tok.i)
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "at") and prep.i == tok.i + 1:
                    for org in prep.children:
                        several = any(c.dep_ == "compound" for c in org.children) or org.is_upper \
                            or org.ent_type_ == "ORG" and not peer  # "John Smith of Tesco" ("Lord Roberts of Conwy")
                        if org.dep_ == "pobj" and (prep.lower_ == "at" or several):
                            yield "memberOf", "apposition", prep, tok, org
        # "Liberal Democrat David Laws", "Labour's Alan Milburn": an organisation right before a name
        if tok.pos_ == "PROPN" and tok.dep_ != "compound":
            first = tok
            while first.i > 0 and doc[first.i - 1].head == tok and doc[first.i - 1].dep_ == "compound" \
                    and doc[first.i - 1].pos_ == "PROPN" and doc[first.i - 1].ent_type_ == tok.ent_type_ == "PERSON" \
                    and family_of(doc[first.i - 1]) is None and not role_head(doc[first.i - 1].text) \
                    and not load_aliases().lookup(doc[first.i - 1].text) \
                    and not (first.i > 1 and load_aliases().lookup(doc[first.i - 2: first.i].text)):
                first = doc[first.i - 1]  # (not "Tory" of "Tory Michael Howard", "Lib Dem" of "Lib Dem Norman Baker")
            honorifics = lexicon().honorifics
            titled = False
            while first.i > 0 and doc[first.i - 1].text.rstrip(".") in honorifics and doc[first.i - 1].head == tok:
                first, titled = doc[first.i - 1], True  # "Labour's Mr Livingstone", "Tory Lord Campbell"
            if (tok.ent_type_ == "PERSON" or titled) and first.i > 0 and tok.lower_ not in FACILITIES:
                before = doc[first.i - 1]
                org = before.head if before.tag_ == "POS" else before
                # (not "Merck's Vioxx": one word owned is a product as often as a person)
                if not (before.tag_ == "POS" and first.i == tok.i and not titled) and org.i < first.i \
                        and (org.head == tok or org.head.i < tok.i and org.head.head == tok) \
                        and (org.pos_ == "PROPN" or org.pos_ == "ADJ" and org.text[:1].isupper()) \
                        and org.dep_ in ("compound", "amod", "poss", "nmod") and family_of(org) is None \
                        and not role_head(before.text) \
                        and not any(doc[j].lower_.rstrip("-") in past for j in range(max(0, org.i - 3), org.i)) \
                        and not (before.tag_ != "POS" and _after_article(org)) \
                        and not _sent_to(org) \
                        and not (before.tag_ != "POS" and org.left_edge.i > 0
                                 and doc[org.left_edge.i - 1].lower_ in LOCATIVE_PREPS):
                    # (not "told the BBC Michael Howard", "envoy to NATO Nicholas Burns", "At Cardiff University
                    # Neil Kinnock met ...": where, run into the name by the parser)
                    yield "memberOf", "party", org, tok, org
        # "Haftar's self-styled Libyan National Army"
        if tok.pos_ == "PROPN" and tok.dep_ != "compound" and tok.lower_ in owned_heads:
            for c in tok.children:
                if c.dep_ == "poss" and c.pos_ == "PROPN":
                    # (but "President Lula's Workers' Party", "Bush's Republican Party": the party one belongs to)
                    yield "memberOf" if tok.lower_ == "party" else "leads", "possessive", tok, c, tok
