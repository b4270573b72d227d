"""Relation extraction: one hand-made sentence per frame and per trap.

The actors of each sentence are given by hand (``build``), so the tests measure
the relation rules, not NER or within-document resolution.
"""

from __future__ import annotations

import re

import pytest

from kg.model import ASSERTED, HEDGED, ORGANIZATION, PERSON, PLACE, LocalEntity, Mention
from kg.errors import LexiconError
from kg.relations import check_lexicon, extract_relations, load_lexicon

pytestmark = pytest.mark.model

P, O, L = PERSON, ORGANIZATION, PLACE


def build(doc, actors: dict[str, str], refs: dict[str, str] | None = None):
    """Mentions and local entities for ``actors`` (name -> type), found verbatim in ``doc``.

    ``refs`` maps a reference's surface ("he", "the prime minister") to the actor it
    stands for, as the resolution stage would.
    """
    entities, mentions, index = [], [], {}
    for name, etype in actors.items():
        index[name] = len(entities)
        entities.append(LocalEntity(doc_id="t", index=index[name], name=name, type=etype))
    spans = [(name, name, "name") for name in actors] + [(s, n, "pronoun") for s, n in (refs or {}).items()]
    taken: set[int] = set()
    for surface, name, kind in sorted(spans, key=lambda x: -len(x[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", doc.text):
            if taken & set(range(m.start(), m.end())):
                continue
            taken |= set(range(m.start(), m.end()))
            sent = doc.char_span(m.start(), m.end(), alignment_mode="expand").sent
            mentions.append(Mention(
                doc_id="t", start=m.start(), end=m.end(), text=surface, name=name, type=actors[name],
                label="GPE" if actors[name] == PLACE else "TEST", sent_start=sent.start_char, sent_end=sent.end_char, kind=kind,
                entity=index[name],
            ))
    return sorted(mentions, key=lambda m: m.start), entities


def triples(nlp, text, actors, refs=None, with_certainty=False):
    doc = nlp(text)
    mentions, entities = build(doc, actors, refs)
    names = {e.key: e.name for e in entities}
    out = set()
    for r in extract_relations(doc, mentions, entities):
        s, o = names[r.subject], names[r.object]
        if r.family == "meets":
            s, o = sorted((s, o))
        out.add((s, r.family, o, r.evidence.certainty) if with_certainty else (s, r.family, o))
    return out


# (id, sentence, actors, expected (subject, family, object) set; meets pairs sorted by name)
FRAMES = [
    ("svo-meet", "Blair met Bush in Washington on Monday.", {"Blair": P, "Bush": P, "Washington": L},
     {("Blair", "meets", "Bush")}),
    ("svo-back", "France backed Sarraj in the dispute.", {"France": L, "Sarraj": P},
     {("France", "supports", "Sarraj")}),
    ("svo-condemn", "Annan condemned Israel for the raid.", {"Annan": P, "Israel": L},
     {("Annan", "opposes", "Israel")}),
    ("passive-by-agent", "Sharon was criticised by Kofi Annan.", {"Sharon": P, "Kofi Annan": P},
     {("Kofi Annan", "opposes", "Sharon")}),
    ("prep-met-with", "Blair met with Chirac at the summit.", {"Blair": P, "Chirac": P},
     {("Blair", "meets", "Chirac")}),
    ("prep-fight-against", "The Kurds fought against Saddam Hussein for years.", {"Kurds": O, "Saddam Hussein": P},
     {("Kurds", "opposes", "Saddam Hussein")}),
    ("light-held-talks", "Straw held talks with Jacques Chirac in Paris.", {"Straw": P, "Jacques Chirac": P, "Paris": L},
     {("Jacques Chirac", "meets", "Straw")}),
    ("light-expressed-support", "The White House expressed support for Abbas.", {"White House": O, "Abbas": P},
     {("White House", "supports", "Abbas")}),
    ("light-launched-offensive", "Hamas launched an offensive on Israel.", {"Hamas": O, "Israel": L},
     {("Hamas", "opposes", "Israel")}),
    ("light-paid-tribute", "Blair paid tribute to Mandela.", {"Blair": P, "Mandela": P},
     {("Blair", "supports", "Mandela")}),
    ("nominal-between", "Reporters waited after the meeting between Blair and Chirac.", {"Blair": P, "Chirac": P},
     {("Blair", "meets", "Chirac")}),
    ("nominal-possessive", "Blair's talks with Chirac ended late.", {"Blair": P, "Chirac": P},
     {("Blair", "meets", "Chirac")}),
    ("nominal-during-talks", "Haftar rejected the plan during talks with Macron.", {"Haftar": P, "Macron": P},
     {("Haftar", "meets", "Macron")}),
    ("nominal-trip-for-talks", "The visit follows Haftar's trip to Rome last week for talks with Giuseppe Conte.",
     {"Haftar": P, "Rome": L, "Giuseppe Conte": P}, {("Giuseppe Conte", "meets", "Haftar")}),
    ("nominal-rejection-of-call", "Abbas's rejection of Sharon's call angered many.", {"Abbas": P, "Sharon": P},
     {("Abbas", "opposes", "Sharon")}),
    ("compound-backed", "Fighters loyal to the UN-backed government attacked.", {"UN": O, "government": O},
     {("UN", "supports", "government")}),
    ("coordination-subjects", "Blair and Chirac met Bush in Washington.", {"Blair": P, "Chirac": P, "Bush": P},
     {("Blair", "meets", "Bush"), ("Bush", "meets", "Chirac")}),
    ("coordination-objects", "Annan met Blair and Chirac.", {"Annan": P, "Blair": P, "Chirac": P},
     {("Annan", "meets", "Blair"), ("Annan", "meets", "Chirac")}),
    ("reciprocal", "Blair and Chirac met on Tuesday.", {"Blair": P, "Chirac": P},
     {("Blair", "meets", "Chirac")}),
    ("relative-clause", "Sarraj, who has denounced Haftar, flew to Rome.", {"Sarraj": P, "Haftar": P, "Rome": L},
     {("Sarraj", "opposes", "Haftar")}),
    ("owner-of-office", "Macron's office praised Sarraj on Monday.", {"Macron": P, "Sarraj": P},
     {("Macron", "supports", "Sarraj")}),
    ("owner-of-offensive", "Sarraj denounced Haftar's offensive as a coup.", {"Sarraj": P, "Haftar": P},
     {("Sarraj", "opposes", "Haftar")}),
    ("pronoun-owner", "Haftar rejected his calls for a ceasefire.", {"Haftar": P, "Macron": P}, {"his": "Macron"},
     {("Haftar", "opposes", "Macron")}),
    ("leads-led-by", "The Conservatives, led by Michael Howard, attacked Labour.",
     {"Conservatives": O, "Michael Howard": P, "Labour": O},
     {("Michael Howard", "leads", "Conservatives"), ("Conservatives", "opposes", "Labour")}),
    ("leads-possessive", "The fighting pits Haftar's Libyan National Army against militias.",
     {"Haftar": P, "Libyan National Army": O}, {("Haftar", "leads", "Libyan National Army")}),
    ("leads-leader-of", "Tony Blair, the leader of the Labour Party, spoke.", {"Tony Blair": P, "Labour Party": O},
     {("Tony Blair", "leads", "Labour Party")}),
    ("memberof-envoy", "UN envoy Ghassan Salame warned of war.", {"UN": O, "Ghassan Salame": P},
     {("Ghassan Salame", "memberOf", "UN")}),
    ("memberof-mp", "Labour MP Oona King said the party was united.", {"Labour": O, "Oona King": P},
     {("Oona King", "memberOf", "Labour")}),
    ("memberof-deputy-leader", "Damien Hockney, who is now Veritas' deputy leader, spoke.",
     {"Damien Hockney": P, "Veritas": O}, {("Damien Hockney", "memberOf", "Veritas")}),
    ("leads-chief-executive-of", "Andy Williams, chief executive of Powys Health Board, resigned.",
     {"Andy Williams": P, "Powys Health Board": O}, {("Andy Williams", "leads", "Powys Health Board")}),
    ("light-signed-accord-with", "Arnor signed a trade accord with Dagolath on Thursday.", {"Arnor": L, "Dagolath": L},
     {("Arnor", "supports", "Dagolath")}),
    ("light-reciprocal-ties", "Gondor and Osgiliath have renewed diplomatic ties after a long break.",
     {"Gondor": L, "Osgiliath": L}, {("Gondor", "supports", "Osgiliath"), ("Osgiliath", "supports", "Gondor")}),
    ("reciprocal-clash", "Police and protesters clashed in the capital.", {"Police": O, "protesters": O},
     {("Police", "opposes", "protesters"), ("protesters", "opposes", "Police")}),
    ("light-hurled-invective", "North Korea hurled invective at President Bush on Tuesday.",
     {"North Korea": L, "Bush": P}, {("North Korea", "opposes", "Bush")}),
    ("light-dative-grant", "Finland gave Tanzania a large grant.", {"Finland": L, "Tanzania": L},
     {("Finland", "supports", "Tanzania")}),
    ("owner-of-object", "Albania denounced Serbia's suppression of the unrest.", {"Albania": L, "Serbia": L},
     {("Albania", "opposes", "Serbia")}),
    ("owner-by-agent", "Calenardhon condemned an attack by Osgiliath soldiers.", {"Calenardhon": L, "Osgiliath": L},
     {("Calenardhon", "opposes", "Osgiliath")}),
    ("threat-through-complement", "Iran threatened to cut off electricity to Nakhichevan.",
     {"Iran": L, "Nakhichevan": L}, {("Iran", "opposes", "Nakhichevan")}),
    ("memberof-joined", "Robert Kilroy-Silk joined UKIP in 2004.", {"Robert Kilroy-Silk": P, "UKIP": O},
     {("Robert Kilroy-Silk", "memberOf", "UKIP")}),
    ("memberof-defected-to", "Robert Jackson defected to Labour on Monday.", {"Robert Jackson": P, "Labour": O},
     {("Robert Jackson", "memberOf", "Labour")}),
    ("prep-voted-against", "Barbara Follett voted against the Labour Party.", {"Barbara Follett": P, "Labour Party": O},
     {("Barbara Follett", "opposes", "Labour Party")}),
    ("nominal-possessive-killing", "Hamas condemned Israel's killing of Yassin.", {"Israel": L, "Yassin": P, "Hamas": O},
     {("Israel", "opposes", "Yassin"), ("Hamas", "opposes", "Israel")}),
    ("owner-members-of", "Police arrested members of Hamas in Gaza.", {"Police": O, "Hamas": O, "Gaza": L},
     {("Police", "opposes", "Hamas")}),
    ("prep-fired-at", "Pyongyang fired two artillery shells at Seoul.", {"Pyongyang": L, "Seoul": L},
     {("Pyongyang", "opposes", "Seoul")}),
    ("trap-fired-minister", "Blair fired Mandelson in 1998.", {"Blair": P, "Mandelson": P}, set()),
    ("inherited-willing-to", "Haftar is willing to negotiate with Sarraj.", {"Haftar": P, "Sarraj": P},
     {("Haftar", "meets", "Sarraj")}),
]

TRAPS = [
    ("trap-backed-toppling", "The NATO-backed toppling of Muammar Qaddafi plunged Libya into chaos.",
     {"NATO": O, "Muammar Qaddafi": P, "Libya": L}, set()),
    ("trap-interview-told", "Blair told BBC News that the war was legal.", {"Blair": P, "BBC News": O}, set()),
    ("trap-interview-radio", "Brown said on Radio 4 that Labour would win.", {"Brown": P, "Radio 4": O, "Labour": O},
     set()),
    ("trap-place-not-party", "Straw held talks in Paris on Monday.", {"Straw": P, "Paris": L}, set()),
    ("trap-topic-not-party", "Howard attacked the government over Iraq.", {"Howard": P, "Iraq": L}, set()),
    ("trap-tomb-visit", "Bush visited the tomb of Yasser Arafat.", {"Bush": P, "Yasser Arafat": P}, set()),
    ("trap-visit-place", "Blair visited Baghdad on Monday.", {"Blair": P, "Baghdad": L}, set()),
    ("trap-negated", "Blair did not back Brown.", {"Blair": P, "Brown": P}, set()),
    ("trap-refused", "Blair refused to meet Arafat.", {"Blair": P, "Arafat": P}, set()),
    ("trap-not-for-him", "It is not for him to negotiate with Hamas.", {"Haftar": P, "Hamas": O}, set()),
    ("trap-conditional", "Chirac would back Schroeder if asked.", {"Chirac": P, "Schroeder": P}, set()),
    ("trap-question", "Will Blair meet Bush?", {"Blair": P, "Bush": P}, set()),
    ("trap-no-talks", "Sharon said there would be no talks with Arafat.", {"Sharon": P, "Arafat": P}, set()),
    ("trap-cancelled", "The talks between Blair and Chirac were cancelled.", {"Blair": P, "Chirac": P}, set()),
    ("trap-wife-not-proxy", "Blair's wife met Clinton.", {"Blair": P, "Clinton": P}, set()),
    ("trap-told-not-meeting", "Haftar told Macron that conditions were not met.", {"Haftar": P, "Macron": P}, set()),
    ("trap-kin-not-owner", "Critics condemned Blair's wife over the flat.", {"Critics": O, "Blair": P}, set()),
    ("trap-event-of-target", "MPs backed the invasion of Iraq.", {"MPs": O, "Iraq": L}, set()),
    ("trap-urged-to", "Klibi urged the European Community to support the PLO.",
     {"Klibi": P, "European Community": O, "PLO": O}, set()),
    ("trap-would-be-ready", "Hassan would be ready to host a meeting between Peres and Arafat.",
     {"Hassan": P, "Peres": P, "Arafat": P}, set()),
    ("trap-portfolio", "Home Secretary Charles Clarke defended the plan.", {"Home": O, "Charles Clarke": P}, set()),
    ("trap-list-not-appos", "They will speak to Mr Finnie, representatives of the Royal Society and others.",
     {"Finnie": P, "Royal Society": O}, set()),
    ("trap-police-chief-of-place", "Norfolk police chief Andy Hayman warned of delays.",
     {"Norfolk": O, "Andy Hayman": P}, set()),
    ("trap-backer-not-role-org", "Macron hosted the UN-backed prime minister, who denounced the coup.",
     {"Macron": P, "UN": O, "Sarraj": P}, {"prime minister": "Sarraj"},
     {("UN", "supports", "Sarraj"), ("Macron", "meets", "Sarraj")}),
    ("trap-warned-that", "Taylor warned that moves to bring Archer back could be controversial.",
     {"Taylor": P, "Archer": P}, set()),
    ("trap-pledged-never", "Blair has pledged to never attack Howard over his beliefs.", {"Blair": P, "Howard": P},
     set()),
    ("trap-purpose-clause", "Syria offered troops to Hrawi to help him oust Aoun.", {"Syria": L, "Hrawi": P, "Aoun": P},
     {"him": "Hrawi"}, set()),
    ("trap-join-place", "Blair joined Bush in Washington.", {"Blair": P, "Bush": P, "Washington": L}, set()),
    ("memberof-head-of-department", "Aidan O'Carroll, E&Y's UK head of tax, said so.", {"Aidan O'Carroll": P, "E&Y": O},
     {("Aidan O'Carroll", "memberOf", "E&Y")}),
    ("memberof-legal-director", "Carla Ferstman, legal director of Redress, said so.", {"Carla Ferstman": P, "Redress": O},
     {("Carla Ferstman", "memberOf", "Redress")}),
    ("trap-new-home-secretary", "New Home Secretary Charles Clarke spoke.", {"New Home": O, "Charles Clarke": P}, set()),
    ("trap-denied-that", "Straw denied that Blair had met Bush.", {"Straw": P, "Blair": P, "Bush": P}, set()),
    ("trap-would-not-meet-or-back", "Chirac would not meet or back Bush.", {"Chirac": P, "Bush": P}, set()),
    ("trap-threat-planned-attack", "Iran plans to attack Iraq next year.", {"Iran": L, "Iraq": L}, set()),
    ("trap-visit-list-of-places", "Kennedy visits Manchester, Liverpool and Torbay this week.",
     {"Kennedy": P, "Manchester": P, "Liverpool": L, "Torbay": P}, set()),
    ("trap-prevented-from", "He was detained to prevent him from fighting against the US.", {"Mubanga": P, "US": L},
     {"He": "Mubanga", "him": "Mubanga"}, set()),
    ("trap-place-topic-not-owner", "Jack Straw praised the Kashmir moves on Monday.", {"Jack Straw": P, "Kashmir": L},
     set()),
    ("trap-second-org-is-venue", "The Scottish National Party's Holyrood leader Nicola Sturgeon wrote to him.",
     {"Scottish National Party": O, "Holyrood": O, "Nicola Sturgeon": P},
     {("Nicola Sturgeon", "leads", "Scottish National Party")}),
    ("leads-unit-not-parent", "A letter from Holyrood's Chamber Office chief Ken Hughes arrived.",
     {"Holyrood": O, "Chamber Office": O, "Ken Hughes": P}, {("Ken Hughes", "leads", "Chamber Office")}),
    ("trap-if-they-say", "They are wrong if they are saying Brown is ousting Milburn.", {"Brown": P, "Milburn": P},
     set()),
    ("trap-committee-of-org", "ODPM committee chairman Andrew Bennett said so.", {"ODPM": O, "Andrew Bennett": P},
     set()),
    ("trap-former-leader", "Former Labour leader Neil Kinnock spoke.", {"Labour": O, "Neil Kinnock": P}, set()),
    ("trap-office-holder-not-party", "Hain accused the Tory leader of scaremongering.", {"Hain": P, "Tory": O}, set()),
    ("trap-owner-minister-not-party", "Labour's minister accused the Greens of lying.", {"Labour": O, "Greens": O},
     set()),
    ("proxy-indefinite-office", "A Kremlin spokesman criticised Georgia.", {"Kremlin": O, "Georgia": L},
     {("Kremlin", "opposes", "Georgia")}),
    ("trap-his-deputy-not-him", "Critics attacked Brown's deputy over the figures.", {"Critics": O, "Brown": P},
     set()),
    ("misparsed-hosted", "The summit came a week after Merkel hosted Ukraine's embattled pro-Western president, "
     "who has condemned the vote.", {"Merkel": P, "Ukraine": L, "Poroshenko": P}, {"president": "Poroshenko"},
     {("Merkel", "meets", "Poroshenko")}),
    ("trap-where-is-a-place", "On Tuesday Kennedy will visit Leicester South, where Gill won the seat.",
     {"Kennedy": P, "Leicester South": P, "Gill": P}, set()),
    ("trap-backed-resolution-not-body", "A US-backed United Nations resolution threatens sanctions.",
     {"US": L, "United Nations": O}, set()),
    ("memberof-chief-economist", "ADB chief economist Ifzal Ali said so.", {"ADB": O, "Ifzal Ali": P},
     {("Ifzal Ali", "memberOf", "ADB")}),
    ("leads-chief-executive", "Acme chief executive Jo Bloggs said so.", {"Acme": O, "Jo Bloggs": P},
     {("Jo Bloggs", "leads", "Acme")}),
    ("leads-director-general-of", "Jo Bloggs, director general of the Acme Federation, said so.",
     {"Jo Bloggs": P, "Acme Federation": O}, {("Jo Bloggs", "leads", "Acme Federation")}),
    ("leads-two-word-role-modified", "Acme director general Jo Bloggs said so.", {"Acme": O, "Jo Bloggs": P},
     {("Jo Bloggs", "leads", "Acme")}),
    ("leads-secretary-general-only", "UN Secretary General Kofi Annan spoke.", {"UN": O, "Kofi Annan": P},
     {("Kofi Annan", "leads", "UN")}),
    ("memberof-party-before-name", "Liberal Democrat David Laws said the plan would fail.",
     {"Liberal Democrat": O, "David Laws": P}, {("David Laws", "memberOf", "Liberal Democrat")}),
    ("memberof-party-possessive-name", "Labour's Alan Milburn said the plan would fail.",
     {"Labour": O, "Alan Milburn": P}, {("Alan Milburn", "memberOf", "Labour")}),
    ("memberof-party-before-rank", "Conservative Shadow chancellor Oliver Letwin said so.",
     {"Conservative": O, "Oliver Letwin": P}, {("Oliver Letwin", "memberOf", "Conservative")}),
    ("trap-former-party-mp", "Former Labour MP Robert Jackson spoke.", {"Labour": O, "Robert Jackson": P}, set()),
    ("trap-country-before-name", "Britain's Tony Blair met George Bush.",
     {"Britain": L, "Tony Blair": P, "George Bush": P}, {("George Bush", "meets", "Tony Blair")}),
    ("memberof-at-no-comma", '"Nothing has changed," said Jason Daw at Merrill Lynch.',
     {"Jason Daw": P, "Merrill Lynch": O}, {("Jason Daw", "memberOf", "Merrill Lynch")}),
    ("memberof-of-long-name-no-comma", '"Markets fear rate rises," said Richard Yamarone of Argus Research.',
     {"Richard Yamarone": P, "Argus Research": O}, {("Richard Yamarone", "memberOf", "Argus Research")}),
    ("recipient-receives-owner-support", "Bangladesh currently receives IMF support.",
     {"Bangladesh": L, "IMF": O}, {("IMF", "supports", "Bangladesh")}),
    ("recipient-won-backing-from", "Tony Blair won backing from Gordon Brown.",
     {"Tony Blair": P, "Gordon Brown": P}, {("Gordon Brown", "supports", "Tony Blair")}),
    ("recipient-welcomed-support-of", "Tony Blair welcomed the support of George Bush.",
     {"Tony Blair": P, "George Bush": P}, {("George Bush", "supports", "Tony Blair")}),
    ("trap-received-a-fee-from", "Phytopharm will receive a fee of £6.5m from Unilever.",
     {"Phytopharm": O, "Unilever": O}, set()),
    ("trap-received-support-no-giver", "Bangladesh received support for its plan to rebuild Dhaka.",
     {"Bangladesh": L, "Dhaka": L}, set()),
    ("trap-received-a-letter-from", "Labour received a letter from Lord Sainsbury last year.",
     {"Labour": O, "Lord Sainsbury": P}, set()),
    ("leads-party-adjective-before-role", "Conservative leader Michael Howard said taxes would fall.",
     {"Conservative": O, "Michael Howard": P}, {("Michael Howard", "leads", "Conservative")}),
    ("trap-told-the-body-name", "Sources told the BBC Michael Howard has always backed ID cards.",
     {"BBC": O, "Michael Howard": P}, set()),
    ("proxy-named-newspaper", "Labour has been backed by the Sun newspaper.", {"Labour": O, "Sun": O},
     {("Sun", "supports", "Labour")}),
    ("trap-newspapers-of-a-country", "Britain's newspapers attacked Tony Blair.", {"Britain": L, "Tony Blair": P},
     set()),
    ("memberof-hyphenated-role", "Alan Milburn, Labour's election co-ordinator, said the plan was sound.",
     {"Alan Milburn": P, "Labour": O}, {("Alan Milburn", "memberOf", "Labour")}),
    ("meets-spoke-with-person", "Mr Blair spoke with George Bush by telephone.", {"Blair": P, "George Bush": P},
     {("Blair", "meets", "George Bush")}),
    ("trap-spoke-to-a-programme", "Speaking to the BBC's Westminster Hour, Mr Kennedy said so.",
     {"Kennedy": P, "Westminster Hour": P}, set()),
    ("trap-former-member-of-body", "Gunmen attacked former Iraqi Governing Council member Ahmad Chalabi.",
     {"Iraqi Governing Council": O, "Ahmad Chalabi": P}, set()),
    ("meets-joint-news-conference", "Mr Blair held a news conference with Mr Ahern.", {"Blair": P, "Ahern": P},
     {("Ahern", "meets", "Blair")}),
    ("recipient-faced-criticism-from", "Tony Blair faced criticism from Michael Howard.",
     {"Tony Blair": P, "Michael Howard": P}, {("Michael Howard", "opposes", "Tony Blair")}),
    ("leads-appointed-role-of", "Jo Bloggs was appointed chief executive of Acme Corp last year.",
     {"Jo Bloggs": P, "Acme Corp": O}, {("Jo Bloggs", "leads", "Acme Corp")}),
    ("leads-named-as-its-new-role", "Acme Corp named Jo Bloggs as its new chief executive.",
     {"Acme Corp": O, "Jo Bloggs": P}, {"its": "Acme Corp"}, {("Jo Bloggs", "leads", "Acme Corp")}),
    ("leads-governor-of-bank", "Bank of England governor Mervyn King said rates would stay.",
     {"Bank of England": O, "Mervyn King": P}, {("Mervyn King", "leads", "Bank of England")}),
    ("trap-portfolio-with-and", "New proposals were announced by the Trade and Industry Secretary Patricia Hewitt.",
     {"Trade and Industry": O, "Patricia Hewitt": P}, set()),
    ("light-owner-backing-to", "Mr Blair has given his backing to Gordon Brown.", {"Blair": P, "Gordon Brown": P},
     {"his": "Blair"}, {("Blair", "supports", "Gordon Brown")}),
    ("recipient-came-under-attack-from", "Labour has come under attack from the Liberal Democrats.",
     {"Labour": O, "Liberal Democrats": O}, {("Liberal Democrats", "opposes", "Labour")}),
    ("agent-noun-ally-of", "Tony Blair is a close ally of George Bush.", {"Tony Blair": P, "George Bush": P},
     {("Tony Blair", "supports", "George Bush")}),
    ("agent-noun-appositive-critic", "Clare Short, a fierce critic of Tony Blair, spoke.",
     {"Clare Short": P, "Tony Blair": P}, {("Clare Short", "opposes", "Tony Blair")}),
    ("trap-not-a-supporter", "Gordon Brown is not a supporter of Tony Blair.", {"Gordon Brown": P, "Tony Blair": P},
     set()),
    ("quarrel-feud-between", "The feud between Tony Blair and Gordon Brown deepened.",
     {"Tony Blair": P, "Gordon Brown": P}, {("Tony Blair", "opposes", "Gordon Brown"),
                                            ("Gordon Brown", "opposes", "Tony Blair")}),
    ("quarrel-in-dispute-with", "Labour has been in dispute with the Tories.", {"Labour": O, "Tories": O},
     {("Labour", "opposes", "Tories")}),
    ("supports-weight-behind", "The Tories threw their weight behind Bob Geldof.", {"Tories": O, "Bob Geldof": P},
     {"their": "Tories"}, {("Tories", "supports", "Bob Geldof")}),
    ("supports-rallied-behind", "The Labour Party rallied behind Tony Blair.", {"Labour Party": O, "Tony Blair": P},
     {("Labour Party", "supports", "Tony Blair")}),
    ("trap-urged-to-unite-behind", "Gordon Brown urged Labour to unite behind Tony Blair.",
     {"Gordon Brown": P, "Labour": O, "Tony Blair": P}, set()),
    ("memberof-department-chief", "Labour election chief Alan Milburn denied it.", {"Labour": O, "Alan Milburn": P},
     {("Alan Milburn", "memberOf", "Labour")}),
    ("leads-party-chief", "Tory chief Michael Ancram said so.", {"Tory": O, "Michael Ancram": P},
     {("Michael Ancram", "leads", "Tory")}),
    ("trap-row-among-three", "It showed a row between Jo Bloggs, Nigel Farage and Roger Knapman.",
     {"Jo Bloggs": P, "Nigel Farage": P, "Roger Knapman": P}, set()),
    ("trap-room-is-no-meeting", "The two men met in a meeting room with Tony Blair.", {"Tony Blair": P}, set()),
    ("leads-governor-of-a-place", "Arnold Schwarzenegger, the governor of California, said so.",
     {"Arnold Schwarzenegger": P, "California": L}, {("Arnold Schwarzenegger", "leads", "California")}),
    ("memberof-attorney-general-of-place", "The attorney general of Texas, John Cornyn, spoke.",
     {"Texas": L, "John Cornyn": P}, {("John Cornyn", "memberOf", "Texas")}),
    ("trap-named-party-not-country", "Israel's opposition Labor party began talks with Likud.",
     {"Israel": L, "Likud": O}, set()),
    ("proxy-named-party-owner", "Israel's opposition Labor party began talks with Sharon's Likud party.",
     {"Israel": L, "Labor": O, "Sharon": P, "Likud": O}, {("Labor", "meets", "Likud")}),
    ("trap-pro-x-is-not-x", "Syria sent troops to support a pro-Tehran regime.", {"Syria": L, "Tehran": L}, set()),
    ("object-of-for-does-it", "The court jailed Ali for financing Hamas.", {"Ali": P, "Hamas": O},
     {("Ali", "supports", "Hamas")}),
    ("trap-claim-called-wrong", "Smith is wrong about Britain winning the war against the IRA.",
     {"Smith": P, "Britain": L, "IRA": O}, set()),
    ("proxy-diplomats-belong-to-possessor", "Seoul said its UN diplomats met US officials.",
     {"Seoul": L, "UN": O, "US": L}, {"its": "Seoul"}, {("Seoul", "meets", "US")}),
    ("memberof-portfolio-between", "Lib Dem home affairs spokesman Mark Oaten said so.",
     {"Lib Dem": O, "Mark Oaten": P}, {("Mark Oaten", "memberOf", "Lib Dem")}),
    ("memberof-comma-from", "Carl Emmerson, from the Institute for Fiscal Studies, said so.",
     {"Carl Emmerson": P, "Institute for Fiscal Studies": O}, {("Carl Emmerson", "memberOf", "Institute for Fiscal Studies")}),
    ("leads-proper-noun-parsed-as-adjective", "Schools were singled out by Ofsted chief, David Bell, for failing.",
     {"Ofsted": O, "David Bell": P}, {("David Bell", "leads", "Ofsted")}),
    ("owner-x-led", "Clare Short has criticised the US-led aid coalition.", {"Clare Short": P, "US": L},
     {("Clare Short", "opposes", "US")}),
    ("trap-x-backed-is-not-owner", "Clare Short has criticised the UN-backed government.", {"Clare Short": P, "UN": O},
     set()),
    ("supports-gave-money", "Lord Drayson gave £500,000 to Labour just days before Christmas.",
     {"Lord Drayson": P, "Labour": O}, {("Lord Drayson", "supports", "Labour")}),
    ("trap-gave-a-speech", "Lord Drayson gave a speech to Labour on Monday.", {"Lord Drayson": P, "Labour": O}, set()),
    ("trap-dateline", "UNITED NATIONS (Reuters) - The United States and China held talks on Saturday.",
     {"UNITED NATIONS": O, "Reuters": O, "United States": L, "China": L}, {("China", "meets", "United States")}),
    ("trap-dateline-agency", "BAGHDAD (Reuters) - Iraqi fighters battled US troops on Tuesday.",
     {"BAGHDAD": L, "Reuters": O, "US": L}, set()),
    ("trap-banned-from", "Acme has been banned from suing Parmalat.", {"Acme": O, "Parmalat": O}, set()),
    ("memberof-cabinet-office", "Ruth Kelly, a Cabinet Office minister, was also hit.",
     {"Ruth Kelly": P, "Cabinet Office": O}, {("Ruth Kelly", "memberOf", "Cabinet Office")}),
    ("memberof-name-before-postnominal", "In the Commons, Tory frontbencher Andrew Tyrie MP demanded a statement.",
     {"Tory": O, "Andrew Tyrie": P}, {("Andrew Tyrie", "memberOf", "Tory")}),
    ("trap-unable-to-agree", "Acme was unable to agree terms with Sam Raimi.", {"Acme": O, "Sam Raimi": P}, set()),
    ("trap-of-home-town", "Tony Martin, of Burnley, said so.", {"Tony Martin": P, "Burnley": O}, set()),
    ("trap-of-place-no-comma", "Lord Roberts of Conwy spoke.", {"Lord Roberts": P, "Conwy": O}, set()),
    ("memberof-possessive-owner-modified-role", "The Acme Group's emergency relief coordinator, Jo Bloggs, said so.",
     {"Acme Group": O, "Jo Bloggs": P}, {("Jo Bloggs", "memberOf", "Acme Group")}),
    ("leads-possessive-owner-adjective-role", "Acme's global chief executive, Jo Bloggs, said sales rose.",
     {"Acme": O, "Jo Bloggs": P}, {("Jo Bloggs", "leads", "Acme")}),
    ("trap-possessive-owner-past-role", "Acme's former chief executive, Jo Bloggs, said sales rose.",
     {"Acme": O, "Jo Bloggs": P}, set()),
    ("trap-possessive-owner-of-other-noun", "Acme's rival and its chief executive, Jo Bloggs, said so.",
     {"Acme": O, "Jo Bloggs": P}, set()),
    ("leads-state-title", "Israeli Prime Minister Ariel Sharon met the envoy.", {"Israeli": L, "Ariel Sharon": P},
     {("Ariel Sharon", "leads", "Israeli")}),
    ("leads-state-possessive", "Israel's prime minister, Ariel Sharon, met the envoy.", {"Israel": L, "Ariel Sharon": P},
     {("Ariel Sharon", "leads", "Israel")}),
    ("leads-state-of", "Ken Livingstone, the mayor of London, said so.", {"London": L, "Ken Livingstone": P},
     {("Ken Livingstone", "leads", "London")}),
    ("leads-state-qualified-title", "Iraqi interim Prime Minister Iyad Allawi said so.", {"Iraqi": L, "Iyad Allawi": P},
     {("Iyad Allawi", "leads", "Iraqi")}),
    ("memberof-state-minister", "US Defense Secretary Donald Rumsfeld said so.", {"US": L, "Donald Rumsfeld": P},
     {("Donald Rumsfeld", "memberOf", "US")}),
    ("memberof-state-deputy-head", "Deputy Prime Minister John Prescott of Britain said so.",
     {"Britain": L, "John Prescott": P}, set()),
    ("leads-state-chancellor-where-head", "German Chancellor Gerhard Schroeder said so.",
     {"Germany": L, "Gerhard Schroeder": P}, {"German": "Germany"}, {("Gerhard Schroeder", "leads", "Germany")}),
    ("memberof-state-chancellor-elsewhere", "British Chancellor Gordon Brown said so.",
     {"United Kingdom": L, "Gordon Brown": P}, {"British": "United Kingdom"},
     {("Gordon Brown", "memberOf", "United Kingdom")}),
    ("trap-state-commander", "Libyan eastern commander Khalifa Haftar said so.", {"Libyan": L, "Khalifa Haftar": P},
     set()),
    ("trap-state-sect-leader", "Iraqi Shiite leader Moqtada al-Sadr called for calm.",
     {"Iraqi": L, "Moqtada al-Sadr": P}, set()),
    ("trap-state-opposition-leader", "Israeli opposition leader Shimon Peres spoke.", {"Israeli": L, "Shimon Peres": P},
     set()),
    ("trap-state-former-title", "Former US President Bill Clinton spoke.", {"US": L, "Bill Clinton": P}, set()),
    ("trap-state-place-by-from", "Jo Bloggs, from London, said so.", {"London": L, "Jo Bloggs": P}, set()),
    ("trap-role-word-in-a-name", "Labour MP Oona King said so.", {"Labour": O, "Oona King": P},
     {("Oona King", "memberOf", "Labour")}),
    ("trap-ambassador-to-is-no-member", "US ambassador to NATO Nicholas Burns said so.",
     {"NATO": O, "Nicholas Burns": P}, set()),
    ("meets-chatted-with", "Obama has chatted by phone with Bush.", {"Obama": P, "Bush": P},
     {("Bush", "meets", "Obama")}),
    ("opposes-order-against", "Japan issued a deportation order on Tuesday against Bobby Fischer.",
     {"Japan": L, "Bobby Fischer": P}, {("Japan", "opposes", "Bobby Fischer")}),
    ("trap-order-against-a-thing", "Spain issued an order against smoking in Madrid.", {"Spain": L, "Madrid": L},
     set()),
    ("memberof-elected-to-passive", "Barack Obama was elected to the Senate in November.",
     {"Barack Obama": P, "Senate": O}, {("Barack Obama", "memberOf", "Senate")}),
    ("memberof-elected-to-active", "Voters elected Jo Bloggs to the Acme Board.",
     {"Jo Bloggs": P, "Acme Board": O}, {("Jo Bloggs", "memberOf", "Acme Board")}),
    ("leads-title-right-before-name", "But International Atomic Energy Agency chief Mohamed ElBaradei said he could not yet give details.",
     {"International Atomic Energy Agency": O, "Mohamed ElBaradei": P},
     {("Mohamed ElBaradei", "leads", "International Atomic Energy Agency")}),
    ("leads-state-title-apposition-honorific", "The Indian Prime Minister, Dr Manmohan Singh, has said that reforms go on.",
     {"Indian": L, "Manmohan Singh": P}, {("Manmohan Singh", "leads", "Indian")}),
    ("memberof-party-adjective-abbreviated-title", "Democratic Sen. John Kerry said he was in a fighting mood.",
     {"Democratic": O, "John Kerry": P}, {("John Kerry", "memberOf", "Democratic")}),
    ("memberof-party-challenger", "Democratic challenger John Kerry leads in California.",
     {"Democratic": O, "John Kerry": P, "California": L}, {("John Kerry", "memberOf", "Democratic")}),
    ("leads-took-over-as-head-of", "Vladimir Putin took over again as head of the CIS at a summit.",
     {"Vladimir Putin": P, "CIS": O}, {("Vladimir Putin", "leads", "CIS")}),
    ("memberof-portfolio-between-body-and-title", "EU farm commissioner Franz Fischler raised doubts.",
     {"EU": O, "Franz Fischler": P}, {("Franz Fischler", "memberOf", "EU")}),
    ("leads-speaker-of-a-chamber", "Russia will act, Duma speaker Boris Gryzlov said on Thursday.",
     {"Russia": L, "Duma": O, "Boris Gryzlov": P}, {("Boris Gryzlov", "leads", "Duma")}),
    ("trap-named-as-with-an-object", "Blair named Brown as his successor at Acme Corp.",
     {"Blair": P, "Brown": P, "Acme Corp": O}, set()),
    ("trap-place-naming-a-camp", "Israeli forces raid Gaza refugee camp", {"Israeli": L, "Gaza": L}, set()),
    ("opposes-state-forces-of-a-demonym", "Israeli troops attacked Hamas in Gaza.", {"Israeli": L, "Hamas": O, "Gaza": L},
     {("Israeli", "opposes", "Hamas")}),
    ("memberof-state-counterpart", "Mr Straw and his Spanish counterpart Miguel Moratinos agreed to set up a body.",
     {"Mr Straw": P, "Spanish": L, "Miguel Moratinos": P}, {("Miguel Moratinos", "memberOf", "Spanish")}),
    ("leads-chief-minister", "Gibraltar's Chief Minister Peter Caruana will represent the Rock.",
     {"Gibraltar": L, "Peter Caruana": P}, {("Peter Caruana", "leads", "Gibraltar")}),
    ("memberof-reporter-of-a-paper", "Mr Livingstone was approached by Evening Standard reporter Oliver Finegold.",
     {"Mr Livingstone": P, "Evening Standard": O, "Oliver Finegold": P},
     {("Oliver Finegold", "memberOf", "Evening Standard")}),
    ("memberof-party-possessive-honorific", "Labour's Mr Livingstone has said his comments were not racist.",
     {"Labour": O, "Mr Livingstone": P}, {("Mr Livingstone", "memberOf", "Labour")}),
    ("trap-past-role-by-copula", "Prof Aynsley-Green was a lecturer at Oxford University.",
     {"Aynsley-Green": P, "Oxford University": O}, set()),
    ("memberof-present-role-by-copula", "Jo Bloggs is a lecturer at Oxford University.",
     {"Jo Bloggs": P, "Oxford University": O}, {("Jo Bloggs", "memberOf", "Oxford University")}),
    ("memberof-title-in-a-future-clause", "Labour MP Oona King will visit Gaza next week.",
     {"Labour": O, "Oona King": P, "Gaza": L}, {("Oona King", "memberOf", "Labour")}),
    ("trap-negated-predicate-role", "Jo Bloggs is not the leader of the Acme Party.",
     {"Jo Bloggs": P, "Acme Party": O}, set()),
    ("opposes-urged-to-apologise", "Tony Blair has urged Ken Livingstone to apologise for his comment.",
     {"Tony Blair": P, "Ken Livingstone": P}, {("Tony Blair", "opposes", "Ken Livingstone")}),
    ("opposes-called-on-to-quit", "A spokesman for UKIP called on Mr Hockney to quit the London Assembly.",
     {"UKIP": O, "Mr Hockney": P, "London Assembly": O}, {("UKIP", "opposes", "Mr Hockney")}),
    ("trap-urged-to-do-something-else", "Blair urged Livingstone to visit Paris.",
     {"Blair": P, "Livingstone": P, "Paris": L}, set()),
    ("trap-did-not-urge-to-apologise", "Blair did not urge Livingstone to apologise.",
     {"Blair": P, "Livingstone": P}, set()),
    ("supports-welcomed-owned-act", "David Davis welcomed David Blunkett's gracious apology.",
     {"David Davis": P, "David Blunkett": P}, {("David Davis", "supports", "David Blunkett")}),
    ("trap-welcomed-a-visitor", "Bush welcomed Blair to the White House.", {"Bush": P, "Blair": P, "White House": O},
     set()),
    ("supports-owner-ally-name", "Blair's ally Alan Milburn will run the campaign.", {"Blair": P, "Alan Milburn": P},
     {("Alan Milburn", "supports", "Blair")}),
    ("opposes-owner-critic-name", "Brown's fiercest critic, Frank Field, spoke first.", {"Brown": P, "Frank Field": P},
     {("Frank Field", "opposes", "Brown")}),
    ("trap-opinion-noun-as-agent", "The spokesman set out Mr Blair's view after the top Catholic in England backed Michael Howard's stance.",
     {"Mr Blair": P, "Michael Howard": P, "England": L}, set()),
    ("trap-killed-by-mistake", "Israeli troops mistakenly killed three Egyptian policemen near the border.",
     {"Israeli": L, "Egyptian": L}, set()),
    ("trap-visited-a-one-word-name", "Jack Straw visited Auschwitz on Thursday.", {"Jack Straw": P, "Auschwitz": P},
     set()),
    ("trap-city-wins-a-conference", "Manchester wins Labour conference", {"Manchester": L, "Labour": O}, set()),
    ("trap-apposition-running-into-a-verb",
     "A truce was brokered with the governor of Herat, Washington's envoy to Kabul said Tuesday.",
     {"Herat": O, "Washington": L, "Kabul": L}, set()),
    ("opposes-dismissed-owned-claims", "Gordon Brown dismissed Oliver Letwin's claims as nonsense.",
     {"Gordon Brown": P, "Oliver Letwin": P}, {("Gordon Brown", "opposes", "Oliver Letwin")}),
    ("trap-dismissed-a-person-from-a-post", "Acme dismissed Jo Bloggs last year.", {"Acme": O, "Jo Bloggs": P}, set()),
    ("opposes-branded", "Michael Howard branded Tony Blair a liar.", {"Michael Howard": P, "Tony Blair": P},
     {("Michael Howard", "opposes", "Tony Blair")}),
    ("opposes-hit-back-at", "Mr Brown hit back at the Conservatives on Monday.", {"Mr Brown": P, "Conservatives": O},
     {("Mr Brown", "opposes", "Conservatives")}),
    ("leads-founded", "Wangari Maathai founded the Green Belt Movement in 1977.",
     {"Wangari Maathai": P, "Green Belt Movement": O}, {("Wangari Maathai", "leads", "Green Belt Movement")}),
    ("leads-set-up", "Robert Kilroy-Silk set up the Veritas party last week.",
     {"Robert Kilroy-Silk": P, "Veritas": O}, {("Robert Kilroy-Silk", "leads", "Veritas")}),
    ("trap-region-names-where-a-leader-is", "Israel arrested a West Bank leader of Hamas on Monday.",
     {"Israel": L, "West Bank": L, "Hamas": O}, {("Israel", "opposes", "Hamas")}),
    ("opposes-country-officials", "US officials criticised Iran on Monday.", {"US": L, "Iran": L},
     {("US", "opposes", "Iran")}),
    ("trap-event-noun-after-copula", "Yugansk was sold following what many thought was an attack on Yukos.",
     {"Yugansk": O, "Yukos": O}, set()),
    ("trap-chief-executive-one-role", "Talks were held with LSE's chief executive Clara Furse.",
     {"LSE": O, "Clara Furse": P}, {("Clara Furse", "leads", "LSE")}),
    ("leads-bare-title-and-the-firm", "Umbro said profits rose. Chief executive Peter McGuigan said the firm plans to grow.",
     {"Umbro": O, "Peter McGuigan": P}, {"the firm": "Umbro"}, {("Peter McGuigan", "leads", "Umbro")}),
    ("trap-bare-title-and-another-firm", "Acme rose. Chief executive Jo Bloggs said Labour and the company agreed.",
     {"Acme": O, "Jo Bloggs": P, "Labour": O}, {"the company": "Labour"}, set()),
    ("opposes-verdict-in-reported-speech", "Mr Howard said Mr Blair had been wrong to go to war.",
     {"Mr Howard": P, "Mr Blair": P}, {("Mr Howard", "opposes", "Mr Blair")}),
    ("opposes-verdict-on-what-someone-owns", "Mr Letwin said Gordon Brown's figures were a fantasy.",
     {"Mr Letwin": P, "Gordon Brown": P}, {("Mr Letwin", "opposes", "Gordon Brown")}),
    ("opposes-charge-in-reported-speech", "Mr Howard said Mr Blair had misled the country.",
     {"Mr Howard": P, "Mr Blair": P}, {("Mr Howard", "opposes", "Mr Blair")}),
    ("supports-verdict-in-reported-speech", "Mr Kennedy said Mr Brown's budget was a good one.",
     {"Mr Kennedy": P, "Mr Brown": P}, {("Mr Kennedy", "supports", "Mr Brown")}),
    ("trap-verdict-negated", "Mr Howard said Mr Blair was not wrong.", {"Mr Howard": P, "Mr Blair": P}, set()),
    ("trap-verdict-predicted", "Mr Howard said Mr Blair would be a good leader.", {"Mr Howard": P, "Mr Blair": P},
     set()),
    ("trap-good-not-the-predicate", "Mr Howard said Mr Blair had a good chance.", {"Mr Howard": P, "Mr Blair": P},
     set()),
    ("trap-resigned-as-leader", "Jim Callaghan resigned as Labour leader in 1980.", {"Jim Callaghan": P, "Labour": O},
     set()),
    ("trap-stepped-down-as-chairman", "Jo Bloggs stepped down as chairman of Acme Corp.",
     {"Jo Bloggs": P, "Acme Corp": O}, set()),
    ("leads-replaced-as", "Jo Bloggs replaced Sam Smith as chairman of Acme Corp.",
     {"Jo Bloggs": P, "Sam Smith": P, "Acme Corp": O}, {("Jo Bloggs", "leads", "Acme Corp")}),
    ("supports-both-agreed", "The United States and Jordan have agreed upon a new free-trade pact.",
     {"United States": L, "Jordan": L}, {("United States", "supports", "Jordan"), ("Jordan", "supports", "United States")}),
    ("trap-agreed-to-meet-is-a-meeting", "Blair and Brown agreed to meet.", {"Blair": P, "Brown": P},
     {("Blair", "meets", "Brown")}),
    ("supports-upgraded-their-ties", "Czechia and Albania have upgraded their diplomatic ties after a long break.",
     {"Czechia": L, "Albania": L}, {("Czechia", "supports", "Albania"), ("Albania", "supports", "Czechia")}),
    ("supports-apologised-to", "Argentina has apologized to Brazil for the incident.", {"Argentina": L, "Brazil": L},
     {("Argentina", "supports", "Brazil")}),
    ("supports-granted-asylum", "Uganda has granted political asylum to Paul Kagame.", {"Uganda": L, "Paul Kagame": P},
     {("Uganda", "supports", "Paul Kagame")}),
    ("trap-deceased-leader", "The deceased Palestinian leader Yasser Arafat was buried.",
     {"Palestinian": L, "Yasser Arafat": P}, set()),
    ("trap-bombed-a-one-word-name", "US warplanes bombed Falluja on Monday.", {"US": L, "Falluja": P}, set()),
    ("trap-office-named-by-its-country", "Chinese President Meets With Castro", {"Chinese": L, "Castro": P}, set()),
    ("meets-mediator-meets-each-side",
     "Arab League Secretary General Chadli Klibi undertook a mediation mission between Syria and Yasser Arafat.",
     {"Arab League": O, "Chadli Klibi": P, "Syria": L, "Yasser Arafat": P},
     {("Chadli Klibi", "leads", "Arab League"), ("Chadli Klibi", "meets", "Syria"),
      ("Chadli Klibi", "meets", "Yasser Arafat")}),
    ("trap-name-among-common-nouns", "Smith condemned every teacher, GP and nurse in the town.",
     {"Smith": P, "GP": O}, set()),
]


def _rows(table):
    for row in table:
        if len(row) == 4:
            rid, text, actors, expected = row
            refs = None
        else:
            rid, text, actors, refs, expected = row
        yield pytest.param(text, actors, refs, expected, id=rid)


@pytest.mark.parametrize("text,actors,refs,expected", list(_rows(FRAMES + TRAPS)))
def test_frames_and_traps(nlp, text, actors, refs, expected):
    assert triples(nlp, text, actors, refs) == expected


@pytest.mark.parametrize("text,actors,expected", [
    pytest.param("Chirac allegedly backed Schroeder.", {"Chirac": P, "Schroeder": P},
                 {("Chirac", "supports", "Schroeder", HEDGED)}, id="hedged-allegedly"),
    pytest.param("France is suspected of secretly backing Haftar.", {"France": L, "Haftar": P},
                 {("France", "supports", "Haftar", HEDGED)}, id="hedged-suspected-of"),
    pytest.param("Blair said Britain would back Bush in the vote.", {"Britain": L, "Bush": P},
                 {("Britain", "supports", "Bush", HEDGED)}, id="planned-said-would"),
    pytest.param("Britain would back Bush if he asked.", {"Britain": L, "Bush": P}, set(),
                 id="hypothetical-would-if"),
    pytest.param("Blair plans to meet Bush next week.", {"Blair": P, "Bush": P},
                 {("Blair", "meets", "Bush", HEDGED)}, id="planned-meeting-kept-hedged"),
    pytest.param("Blair met Bush on Monday.", {"Blair": P, "Bush": P},
                 {("Blair", "meets", "Bush", ASSERTED)}, id="asserted"),
    pytest.param("Blair reportedly met Bush on Monday.", {"Blair": P, "Bush": P},
                 {("Blair", "meets", "Bush", HEDGED)}, id="hedged-reportedly"),
    pytest.param("Syria is said to have backed Hezbollah.", {"Syria": L, "Hezbollah": O},
                 {("Syria", "supports", "Hezbollah", HEDGED)}, id="hedged-is-said-to"),
    pytest.param("Cherie Blair has been accused of criticising Bush.", {"Cherie Blair": P, "Bush": P},
                 {("Cherie Blair", "opposes", "Bush", HEDGED)}, id="hedged-accused-of"),
    pytest.param("Blair will meet Chirac in Paris.", {"Blair": P, "Chirac": P, "Paris": L},
                 {("Blair", "meets", "Chirac", HEDGED)}, id="planned-will-meet"),
    pytest.param("The Tories said Blair had met Bush.", {"Tories": O, "Blair": P, "Bush": P},
                 {("Blair", "meets", "Bush", ASSERTED)}, id="reported-speech-asserted"),
    pytest.param("Prime Minister Ariel Sharon is to meet Mahmoud Abbas on Sunday.",
                 {"Ariel Sharon": P, "Mahmoud Abbas": P}, {("Ariel Sharon", "meets", "Mahmoud Abbas", HEDGED)},
                 id="is-to-meet-planned"),
    pytest.param("Jack Straw is due to take part in talks with Kofi Annan on Friday.",
                 {"Jack Straw": P, "Kofi Annan": P}, {("Jack Straw", "meets", "Kofi Annan", HEDGED)},
                 id="due-to-take-part-in-talks-planned"),
    pytest.param("A meeting between Fiat and General Motors is due to take place next week.",
                 {"Fiat": O, "General Motors": O}, {("Fiat", "meets", "General Motors", HEDGED)},
                 id="meeting-due-to-take-place-planned"),
    pytest.param("Japan to Deport Bobby Fischer", {"Japan": L, "Bobby Fischer": P}, set(),
                 id="headline-infinitive-is-a-plan"),
    pytest.param("Japan deported Bobby Fischer on Tuesday.", {"Japan": L, "Bobby Fischer": P},
                 {("Japan", "opposes", "Bobby Fischer", ASSERTED)}, id="deported-asserted"),
])
def test_certainty(nlp, text, actors, expected):
    assert triples(nlp, text, actors, with_certainty=True) == expected


def test_evidence_offsets_and_fields(nlp):
    text = "Headline about Libya\n\n  Macron's office expressed support for Sarraj on Monday.  \nMore text."
    doc = nlp(text)
    mentions, entities = build(doc, {"Macron": P, "Sarraj": P})
    (rel,) = extract_relations(doc, mentions, entities)
    ev = rel.evidence
    assert text[ev.start:ev.end] == ev.sentence == "Macron's office expressed support for Sarraj on Monday."
    assert text[ev.trigger_start:ev.trigger_end] == ev.trigger == "expressed support"
    assert (ev.lemma, ev.plover, ev.frame, ev.certainty) == ("support", "SUPPORT", "light", ASSERTED)
    assert (ev.subject_text, ev.object_text) == ("Macron", "Sarraj")
    assert 0 < ev.confidence <= 1
    assert rel.subject == entities[0].key and rel.object == entities[1].key


def test_inputs_left_alone_and_unresolved_mentions_ignored(nlp):
    doc = nlp("Blair met Bush in Washington.")
    mentions, entities = build(doc, {"Blair": P, "Bush": P})
    unresolved = [m if m.text != "Bush" else Mention(**{**m.__dict__, "entity": -1}) for m in mentions]
    before = list(unresolved)
    assert extract_relations(doc, unresolved, entities) == []
    assert unresolved == before


def test_lexicon_entries_are_well_formed():
    lex = load_lexicon()
    families = {"meets", "supports", "opposes", "leads", "memberOf"}
    for table in ("verbs", "nouns", "compounds"):
        for key, entry in lex[table].items():
            assert entry["family"] in families, key
    for key, entry in lex["verbs"].items():
        assert entry["objects"] or entry.get("through_xcomp"), f"verb {key!r} names no object slot"


def test_malformed_lexicon_names_the_entry():
    lex = dict(load_lexicon())
    lex["verbs"] = {"endorse": {"family": "likes", "objects": ["dobj"]}}
    with pytest.raises(LexiconError, match=r"endorse.*likes.*meets, supports"):
        check_lexicon(lex, "my.toml")
    with pytest.raises(LexiconError, match=r"my.toml: the \[modality\] table is missing"):
        check_lexicon({k: v for k, v in load_lexicon().items() if k != "modality"}, "my.toml")
