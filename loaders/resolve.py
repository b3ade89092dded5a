"""Mentions -> entities: one Organization, Official, Agreement, Meeting per thing the article names.

Merging rules (all within one article): unknown bodies with the same name, or
ministries of one country in one field, are one body; a short or titled mention
("Dirjen Wulan", "Rahmat") joins the full name it is part of; agreement mentions
join by acronym, shared name words or anaphora; meeting mentions of one event
join when date and place agree and the same sides take part.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from labourkg.graph.iris import slug
from labourkg.loaders.extract import Mentions
from labourkg.loaders.extract.agreements import (RATIFY_RE, SIGN_RE, AgreementMention,
                                                 content_words, head_form, status_of)
from labourkg.loaders.extract.meetings import MeetingMention, place_in
from labourkg.loaders.extract.organizations import OrgFinder, OrgInfo, OrgMention
from labourkg.loaders.extract.people import HONORIFICS, PARTICLES, PersonMention, RoleInfo
from labourkg.loaders.extract.spans import Sentence
from labourkg.loaders.lexicon import Lexicon, norm
from labourkg.loaders.model import (Agreement, Article, ArticleFacts, Evidence, Meeting,
                                    Official, Organization)

_PAIR_WORDS = re.compile(r"\b(?:kedua\s+negara|kedua\s+belah\s+pihak|kedua\s+pihak|both\s+countries|"
                         r"two\s+countries|the\s+two\s+nations|both\s+nations|both\s+sides|"
                         r"kedua\s+kementerian|both\s+ministries|keduanya|kedua\s+menteri|"
                         r"kedua\s+lembaga|kedua\s+institusi|both\s+ministers|the\s+two\s+ministers|"
                         r"the\s+two\s+sides|both\s+parties|both\s+institutions|the\s+two\s+agencies)\b",
                         re.I)


def _name_forms(name: str) -> tuple[str, ...]:
    """A person's later mentions: the full name, the surname, the first name."""
    toks = name.split()
    forms = {name} | ({toks[0], toks[-1]} if len(toks) > 1 else set())
    return tuple(sorted(f for f in forms if len(f) >= 3 and f[:1].isupper() and norm(f) not in HONORIFICS))


def _has_word(text: str, form: str) -> bool:
    """`form` occurs in `text` as whole words (str.find: no regex compiled per name)."""
    i = text.find(form)
    while i >= 0:
        j = i + len(form)
        if (i == 0 or not text[i - 1].isalnum() and text[i - 1] != "_") and \
                (j == len(text) or not text[j].isalnum() and text[j] != "_"):
            return True
        i = text.find(form, i + 1)
    return False


@dataclass
class _Person:
    name: str
    mentions: list[PersonMention] = field(default_factory=list)
    role: RoleInfo | None = None

    @property
    def tokens(self) -> list[str]:
        return [t for t in norm(self.name).split() if t not in PARTICLES]


class _Resolver:
    def __init__(self, article: Article, m: Mentions, lexicon: Lexicon):
        self.article = article
        self.m = m
        self.lex = lexicon
        self.lang = m.language
        self.finder = OrgFinder(lexicon, self.lang)
        self.finder.book = m.orgs
        self.book = m.orgs
        self.canon: dict[str, str] = {}
        self.sent_by_index = {s.index: s for s in m.sentences}
        self._agreement_spans = [(a.start, a.end) for a in m.agreements if a.text]
        self.persons: list[_Person] = []
        self._has: dict[tuple, bool] = {}
        self._memo: dict[tuple, object] = {}

    def has(self, rx: re.Pattern, index: int) -> bool:
        """Whether a sentence matches a pattern (memoised: sentences are asked many times)."""
        key = (rx.pattern, index)
        if key not in self._has:
            self._has[key] = bool(rx.search(self.sent_by_index[index].text))
        return self._has[key]

    def memo(self, name: str, index: int, fn):
        key = (name, index)
        if key not in self._memo:
            self._memo[key] = fn()
        return self._memo[key]

    # -- organisations ---------------------------------------------------------
    def c(self, key: str | None) -> str | None:
        seen = 0
        while key in self.canon and seen < 10:
            key = self.canon[key]
            seen += 1
        return key

    def merge_orgs(self) -> None:
        infos = self.book.info
        by_name: dict[str, str] = {}
        for key in sorted(infos, key=lambda k: (not infos[k].lexical, k)):
            inf = infos[key]
            names = [f for f in inf.forms if len(f) > 3] + list(inf.labels.values())
            target = None
            for n in names:
                t = by_name.get(norm(n))
                if t and t != key and (infos[t].country in (None, inf.country) or
                                       inf.country is None):
                    target = t
                    break
            if target and not inf.lexical:
                self.canon[key] = target
                infos[target].forms.extend(f for f in inf.forms if f not in infos[target].forms)
                if infos[target].country is None:
                    infos[target].country = inf.country
                continue
            for n in names:
                by_name.setdefault(norm(n), key)
        # ministries of one country in one field
        groups: dict[tuple, list[str]] = {}
        for key, inf in infos.items():
            if key in self.canon or inf.kind != "government" or not inf.country or not inf.sector:
                continue
            if inf.unit not in (None, "ministry", "department") or inf.parent:
                continue
            if inf.country == "ID" and self.lang == "id" and inf.lexical:
                continue
            groups.setdefault((inf.country, inf.sector), []).append(key)
        mentioned = Counter(mm.key for mm in self.book.mentions)
        for keys in groups.values():
            if len(keys) < 2:
                continue
            keys.sort(key=lambda k: (not infos[k].lexical, infos[k].inferred,
                                     -mentioned[k], len(self._label(k)), k))
            for k in keys[1:]:
                if infos[k].lexical and infos[keys[0]].lexical:
                    continue
                self.canon[k] = keys[0]
                infos[keys[0]].forms.extend(f for f in infos[k].forms
                                            if f not in infos[keys[0]].forms)

    def _label(self, key: str) -> str:
        inf = self.book.info[key]
        return inf.labels.get(self.lang) or next(iter(inf.labels.values()), "") or \
            (inf.forms[0] if inf.forms else key)

    def info(self, key: str) -> OrgInfo | None:
        return self.book.info.get(self.c(key))

    def top(self, key: str) -> str:
        """A party or meeting side: a government body's country, else its topmost parent."""
        key = self.c(key)
        inf = self.info(key)
        if inf is None:
            return key
        chain = [key]
        p = inf.parent
        while p and len(chain) < 6:
            p = self.c(p)
            if p in chain:
                break
            chain.append(p)
            pi = self.info(p)
            p = pi.parent if pi else (self.lex.orgs[p].parent if p in self.lex.orgs else None)
        for k in chain:
            ki = self.info(k) or (self._lex_info(k))
            if ki is not None and ki.kind == "intergovernmental":
                return k
        if inf.kind == "government" and inf.country:
            return f"country:{inf.country}"
        last = chain[-1]
        li = self.info(last)
        if li is not None and li.kind == "government" and li.country:
            return f"country:{li.country}"
        return last

    def _lex_info(self, key: str) -> OrgInfo | None:
        if key in self.lex.orgs:
            from labourkg.loaders.extract.organizations import org_info
            inf = org_info(self.lex.orgs[key])
            self.book.add_info(inf)
            return inf
        return None

    def side_country(self, side: str) -> str | None:
        if side.startswith("country:"):
            return side.split(":", 1)[1]
        inf = self.info(side)
        if inf is None or inf.kind == "intergovernmental":
            return None
        return inf.country

    # -- people ------------------------------------------------------------------
    def people(self) -> None:
        mentions = sorted(self.m.people.people, key=lambda p: (-len(p.name.split()), p.start))
        for pm in mentions:
            name = _strip_honorifics(pm.name)
            if not name:
                continue
            toks = [t for t in norm(name).split() if t not in PARTICLES]
            target = None
            for per in self.persons:
                pt = per.tokens
                if norm(name) == norm(per.name) or (
                        toks and all(_tok_in(t, pt) for t in toks) and _roles_ok(per, pm)):
                    if target is None or _same_kind(per, pm):
                        target = per
                        if _same_kind(per, pm):
                            break
            if target is None:
                target = _Person(name)
                self.persons.append(target)
            target.mentions.append(pm)
        for per in self.persons:
            per.role = self._best_role(per)
        # nameless titles give their unit to a short titled mention ("Dirjen Darmawan")
        for per in self.persons:
            r = per.role
            if r is None or r.has_subject or (r.agency and r.title_kind not in ("dirjen",
                                                                                 "sesditjen",
                                                                                 "direktur")):
                continue
            first = min(mm.start for mm in per.mentions)
            cands = [rm for rm in self.m.people.roles if rm.role.has_subject and (
                rm.role.title_key == r.title_key and r.title_key or
                rm.role.title_kind == r.title_kind)]
            if not cands:
                continue
            cands.sort(key=lambda rm: (rm.start > first, abs(rm.start - first)))
            per.role = cands[0].role

    def _best_role(self, per: _Person) -> RoleInfo | None:
        roles = [mm.role for mm in per.mentions if mm.role is not None]
        if not roles:
            return None
        return max(roles, key=lambda r: (bool(r.agency), r.has_subject, len(r.text)))

    def person_at(self, start: int, end: int) -> list[_Person]:
        """People mentioned between two body offsets (any form of their name)."""
        out = []
        text = self.m.text[start:end]
        for per in self.persons:
            if not hasattr(per, "_starts"):
                per._starts = sorted(mm.start for mm in per.mentions)
                per._forms = _name_forms(per.name)
            i = bisect.bisect_left(per._starts, start)
            if i < len(per._starts) and per._starts[i] < end:
                out.append(per)
                continue
            if any(_has_word(text, f) for f in per._forms):
                out.append(per)
        return out

    def person_side(self, per: _Person) -> str | None:
        r = per.role
        if r is None:
            return None
        if r.agency:
            return self.top(r.agency[0])
        return f"country:{r.country}" if r.country else None

    # -- sides of a stretch of text ---------------------------------------------------
    def org_mentions(self, start: int, end: int, roles=("mention",)) -> list[OrgMention]:
        return [mm for mm in self.book.in_range(start, end) if mm.role in roles]

    def sides_in(self, sent: Sentence, with_people: bool = True) -> list[str]:
        sides: list[str] = []
        items: list[tuple[int, str]] = [(mm.start, self.top(mm.key))
                                        for mm in self.org_mentions(sent.start, sent.end)]
        if with_people:
            for per in self.person_at(sent.start, sent.end):
                s = self.person_side(per)
                if s:
                    items.append((self._first_pos(per, sent), s))
        for _, s in sorted(items):
            if s not in sides:
                sides.append(s)
        return self._dedupe_sides(sides)

    def _first_pos(self, per: _Person, sent: Sentence) -> int:
        pos = [mm.start for mm in per.mentions if sent.start <= mm.start < sent.end]
        if pos:
            return pos[0]
        i = sent.text.find(per.name.split()[-1])
        return sent.start + max(i, 0)

    def _dedupe_sides(self, sides: list[str]) -> list[str]:
        out: list[str] = []
        countries: set[str] = set()
        for s in sides:
            c = self.side_country(s)
            if c and c in countries:
                continue
            if c:
                countries.add(c)
            if s not in out:
                out.append(s)
        return out

    # -- agreements ---------------------------------------------------------------
    def agreements(self) -> list[Agreement]:
        clusters: list[list[AgreementMention]] = []
        self._cw: list[set[str]] = []
        self._cinfo: list[dict] = []
        self._signed_cache: dict[int, date | None] = {}
        last: int | None = None
        for am in self.m.agreements:
            idx = None
            if am.anaphor:
                idx = last
            else:
                idx = self._find_cluster(am, clusters)
            if idx is None:
                if am.anaphor:
                    if clusters or not self.has(SIGN_RE, am.sentence):
                        continue
                    # "witnessing the memorandum of agreement ..." opens the article's only one
                    am.anaphor = False
                    am.text = self.m.text[am.start:am.end]
                clusters.append([am])
                self._cw.append(set())
                idx = len(clusters) - 1
            else:
                clusters[idx].append(am)
            self._note(idx, am)
            if not am.anaphor:
                self._cw[idx] |= content_words(am.text) | self._acr_words(am)
                for al in am.aliases:
                    self._cw[idx] |= content_words(al)
            last = idx
        out = []
        self.agr_sents: dict[str, set[int]] = {}
        for cl in clusters:
            agr = self._agreement(cl)
            if agr is not None:
                out.append(agr)
                self.agr_sents.setdefault(agr.key, set()).update(x.sentence for x in cl)
        # one node per key
        seen: dict[str, Agreement] = {}
        for a in out:
            if a.key in seen:
                seen[a.key].aliases.extend(x for x in a.aliases if x not in seen[a.key].aliases)
            else:
                seen[a.key] = a
        self.agreement_list = list(seen.values())
        return self.agreement_list

    def _find_cluster(self, am: AgreementMention, clusters: list[list[AgreementMention]]):
        words = content_words(am.text) | self._acr_words(am)
        am_date = self._signed_date(am.sentence)
        am_text = norm(am.text)
        best = None
        for i, cl in enumerate(clusters):
            info = self._cinfo[i]
            if am.acronym and (am.acronym in info["acrs"] or norm(am.acronym) in info["texts"]):
                return i
            if am.text in info["acrs"] or am.text in info["raw_aliases"] or \
                    am_text in info["aliases"]:
                return i
            same_form = am.form in info["forms"]
            if am.named and info["named"] and not same_form:
                continue    # "Protokol Perubahan atas Nota Kesepahaman ...": two instruments
            cw = self._cw[i]
            if words and cw and _same_topic(words, cw) and (same_form or am.named or info["named"]
                                                            or am.kind == info["kind"]):
                best = i
                continue
            if not words and same_form:
                # a bare "MoU" joins the MoU the article already spoke of, unless it is
                # dated apart from it
                if am_date and info["dates"] and am_date not in info["dates"]:
                    continue
                best = i if best is None else best
            elif words and same_form and not cw:
                best = i if best is None else best
            elif words and same_form and not am.named:
                # a described mention with its own date is a different (older) agreement
                if am_date is not None and info["named"]:
                    continue
                best = i if best is None else best
        return best

    def _signed_date(self, index: int) -> date | None:
        if index not in self._signed_cache:
            sent = self.sent_by_index[index]
            self._signed_cache[index] = self._sentence_date(index) if self.has(
                SIGN_RE, index) else None
        return self._signed_cache[index]

    def _note(self, idx: int, am: AgreementMention) -> None:
        if idx >= len(self._cinfo):
            self._cinfo.append({"acrs": set(), "texts": set(), "raw_aliases": set(),
                                "aliases": set(), "forms": set(), "named": False,
                                "kind": am.kind, "dates": set()})
        info = self._cinfo[idx]
        d = self._signed_date(am.sentence)
        if d:
            info["dates"].add(d)
        if am.anaphor:
            return
        if am.acronym:
            info["acrs"].add(am.acronym)
        info["texts"].add(norm(am.text))
        info["raw_aliases"].update(am.aliases)
        info["aliases"].update(norm(x) for x in am.aliases)
        info["forms"].add(am.form)
        info["named"] = info["named"] or am.named

    def _acr_words(self, am: AgreementMention) -> set[str]:
        out = set()
        for a in ([am.acronym] if am.acronym else []):
            if a.lower() not in ("mou", "moc", "loi", "moa"):
                out.add(a.lower())
        return out

    def _sentence_date(self, index: int) -> date | None:
        if not hasattr(self, "_dates_by_sent"):
            self._dates_by_sent: dict[int, date] = {}
            starts = [s.start for s in self.m.sentences]
            import bisect
            for d in self.m.dates:
                if d.precision != "day":
                    continue
                i = bisect.bisect_right(starts, d.start) - 1
                if i >= 0 and d.start < self.m.sentences[i].end:
                    self._dates_by_sent.setdefault(self.m.sentences[i].index, d.value)
        return self._dates_by_sent.get(index)

    def _agreement(self, cl: list[AgreementMention]) -> Agreement | None:
        names = [x for x in cl if not x.anaphor and x.text]
        if not names:
            return None
        named = [x for x in names if x.named]
        if named:
            best = max(named, key=lambda x: (len(_strip_paren(x.text).split()), -x.start))
        else:
            best = max(names, key=lambda x: (x.text != x.text.lower() and False,
                                             len(x.text.split()) > 1 and x.text.split()[0].islower(),
                                             -x.start))
        name = _strip_paren(best.text) if not best.text.startswith(
            ("Memorandum of Understanding (", "Memorandum of Cooperation (")) else best.text
        aliases: list[str] = []
        for x in names:
            for a in [x.text, *x.aliases]:
                if a and norm(a) != norm(name) and a not in aliases:
                    aliases.append(a)
        kind = best.kind
        status = None
        for x in sorted(cl, key=lambda x: x.start):
            st = x.status
            if st:
                status = st
                break
        parties = self._parties(cl, best)
        # date and place of the signing
        d, place = None, None
        for x in sorted(cl, key=lambda x: x.start):
            sent = self.sent_by_index[x.sentence]
            if self.has(SIGN_RE, x.sentence):
                d = d or self._sentence_date(x.sentence)
                place = place or place_in(sent, self.lex, self._agreement_spans)
        sent0 = self.sent_by_index[best.sentence]
        topic = sorted(content_words(name))
        key = self._agreement_key(name, kind, parties, topic, best, aliases)
        conf = 0.85 if best.named else 0.65
        return Agreement(key=key, name=name, kind=kind, aliases=aliases,
                         status=status or "unknown", parties=parties,
                         signatories=[], date=d, place=place, topics=topic[:5],
                         evidence=Evidence(sent0.text.strip()[:500], conf))

    def _agreement_key(self, name: str, kind: str, parties: list[str], topic: list[str],
                       best: AgreementMention, aliases: list[str]) -> str:
        """The agreement's identity across articles.

        A proper name ("Fair Recruitment Protocol", "IPEF") is the identity. A description
        is not: one article's "MoU on the placement and protection of domestic workers" is
        another's "nota kesepahaman PRT", so a described agreement is its kind, its parties
        and the topics the lexicon knows in its words. A bare head ("the MoU") has only
        its kind and parties.
        """
        acronym = best.acronym if best.acronym and best.acronym.lower() not in _HEAD_ACRONYMS else None
        specific = set(topic) - _GENERIC_TOPIC
        words = norm(_strip_paren(name)).split()
        head_final = bool(words) and head_form(words[-1]) is not None   # "Fair Recruitment Protocol"
        if acronym or (best.named and len(specific) >= 2 and (head_final or not self.lex.topics_in(name))):
            return slug(norm(name), 80)
        topics = self.lex.topics_in(" ; ".join([name, *aliases]))
        about = topics or topic[:4]
        return slug(f"{kind} {' '.join(sorted(parties))} {' '.join(about)}", 80)

    def _parties(self, cl: list[AgreementMention], best: AgreementMention) -> list[str]:
        ordered = sorted(cl, key=lambda x: x.start)
        convention = best.form == "convention"
        if convention:
            sides: list[str] = []
            for x in ordered:
                sent = self.sent_by_index[x.sentence]
                if self.has(RATIFY_RE, x.sentence):
                    for s in self.sides_in(sent):
                        if s.startswith("country:") and s not in sides:
                            sides.append(s)
            if sides:
                return sides
        for strong in (self._between, self._pair, self._signatories, self._in_name):
            for x in ordered:
                got = strong(x) if strong == self._in_name else self.memo(
                    strong.__name__, x.sentence, lambda: strong(x))
                if got and (len(got) >= 2 or strong == self._in_name):
                    return got
        for x in ordered:
            sent = self.sent_by_index[x.sentence]
            got = self.memo("sides", x.sentence, lambda: self.sides_in(sent))
            if len(got) >= 2:
                return got[:3]
        for x in ordered:
            if self.has(_PAIR_WORDS, x.sentence):
                pair = self.main_pair()
                if len(pair) == 2:
                    return pair
        for x in ordered:
            got = self.memo("sides", x.sentence, lambda: self.sides_in(self.sent_by_index[x.sentence]))
            home = f"country:{self.m.home}" if self.m.home else None
            if len(got) == 1 and home and got[0] != home:
                return [home, got[0]]
        pair = self.main_pair()
        return pair if len(pair) == 2 and len(cl) > 0 and False else []

    def _between(self, x: AgreementMention) -> list[str]:
        sent = self.sent_by_index[x.sentence]
        m = re.search(r"\b(?:antara|between)\s+", sent.text)
        if not m:
            return []
        start = sent.start + m.end()
        stop = re.search(r"[.;]|\s+(?:pada|on|tentang|regarding|yang|which|untuk|for)\s",
                         sent.text[m.end():])
        end = start + (stop.start() if stop else len(sent.text) - m.end())
        self._acronym_orgs(sent, start, end)
        items = [(mm.start, self.top(mm.key)) for mm in
                 self.org_mentions(start, end, ("mention", "in-name"))]
        for per in self.person_at(start, end):
            s = self.person_side(per)
            if s:
                items.append((self._first_pos(per, sent), s))
        sides: list[str] = []
        for _, s in sorted(items):
            if s not in sides:
                sides.append(s)
        return self._dedupe_sides(sides)

    def _acronym_orgs(self, sent: Sentence, start: int, end: int) -> None:
        """An unknown acronym in a party slot ("between the Ministry and HSWC") is a body."""
        known = self.book.in_range(start, end)
        for t in sent.toks:
            if not (start <= t.start < end) or t.lex is not None:
                continue
            if not re.fullmatch(r"[A-Z]{3,8}", t.text):
                continue
            if any(mm.start <= t.start < mm.end for mm in known):
                continue
            if t.text in ("MOU", "MOC", "LOI"):
                continue
            country = None
            after = sent.text[t.end - sent.start:t.end - sent.start + 30]
            mc = re.match(r"\s*,\s*([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)", after)
            if mc:
                c = self.lex.country(mc.group(1)) or self.lex.country(mc.group(1).split()[0])
                country = c.code if c else None
            self.finder.add_made(t.text, "other", country, sent, t.start, t.end, conf=0.6)

    def _pair(self, x: AgreementMention) -> list[str]:
        """'Indonesia dan Jepang sepakat ...', 'MoU Kemnaker dengan BA Jerman'."""
        sent = self.sent_by_index[x.sentence]
        ms = self.org_mentions(sent.start, sent.end, ("mention", "in-name"))
        for a, b in zip(ms, ms[1:]):
            gap = self.m.text[a.end:b.start]
            if re.fullmatch(r"\s*(?:\([^()]*\)\s*)?(?:dan|dengan|and|with|&)\s+(?:the\s+)?"
                            r"(?:(?:pemerintah|government\s+of)\s+)?", gap, re.I):
                sa, sb = self.top(a.key), self.top(b.key)
                if sa != sb and self.side_country(sa) != self.side_country(sb) or \
                        self.side_country(sa) is None and sa != sb:
                    return self._dedupe_sides([sa, sb])
        return []

    def _signatories(self, x: AgreementMention) -> list[str]:
        sent = self.sent_by_index[x.sentence]
        if not self.has(SIGN_RE, x.sentence):
            return []
        sides = []
        for per in sorted(self.person_at(sent.start, sent.end),
                          key=lambda p: self._first_pos(p, sent)):
            s = self.person_side(per)
            if s and s not in sides:
                sides.append(s)
        return self._dedupe_sides(sides)

    def _in_name(self, x: AgreementMention) -> list[str]:
        if not x.named or x.anaphor:
            return []
        sides = []
        for mm in self.book.in_range(x.start, x.end):
            inf = self.info(mm.key)
            if inf is None:
                continue
            s = self.top(mm.key)
            if s not in sides:
                sides.append(s)
        # "covering Indonesian crew on Taiwanese fishing vessels": the countries it is between
        sent = self.sent_by_index[x.sentence]
        for lm in sent.matches:
            if lm.kind in ("demonym", "country") and x.start <= lm.start and lm.end <= x.end:
                s = f"country:{lm.ref}"
                if s not in sides and not any(self.side_country(t) == lm.ref for t in sides):
                    sides.append(s)
        return self._dedupe_sides(sides)

    def main_pair(self) -> list[str]:
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for mm in self.book.mentions:
            if mm.role != "mention":
                continue
            s = self.top(mm.key)
            counts[s] = counts.get(s, 0) + 1
            first.setdefault(s, mm.start)
        for per in self.persons:
            s = self.person_side(per)
            if s:
                counts[s] = counts.get(s, 0) + len(per.mentions)
                first.setdefault(s, per.mentions[0].start)
        ranked = sorted(counts, key=lambda s: (-counts[s], first[s]))
        return self._dedupe_sides(ranked)[:2]

    # -- meetings -----------------------------------------------------------------
    def meetings(self) -> list[Meeting]:
        groups: list[dict] = []
        prev_sides: dict[int, list[str]] = {}
        trig_sents = {mm.sentence for mm in self.m.meetings}
        agr_by_sent: dict[int, list[Agreement]] = {}
        for a in getattr(self, "agreement_list", []):
            pass
        for mm in self.m.meetings:
            sent = self.sent_by_index[mm.sentence]
            sides = self.sides_in(sent)
            parts = [self.c(x.key) for x in self.org_mentions(sent.start, sent.end,
                                                            ("mention", "in-name"))]
            people = self.person_at(sent.start, sent.end)
            for per in people:
                if per.role and per.role.agency:
                    parts.extend(self.c(k) for k in per.role.agency)
            agrs = self._agreements_in(sent) if mm.kind == "signing" else []
            for a in agrs:
                for p in a.parties:
                    if p not in sides:
                        sides.append(p)
                    parts.append(p)
            sides = self._dedupe_sides(sides)
            d = self._sentence_date(mm.sentence)
            cand = {"kind": mm.kind, "sides": sides, "parts": parts, "date": d,
                    "place": mm.place, "name": mm.name, "sent": sent,
                    "people": people, "agreements": [a.key for a in agrs]}
            if mm.anaphor or (not sides and not mm.name):
                if groups:
                    self._absorb(groups[-1], cand)
                continue
            if len(sides) < 2 and not mm.name:
                prev = self.sent_by_index.get(mm.sentence - 1)
                if prev is not None and mm.sentence - 1 not in trig_sents:
                    for s in self.sides_in(prev):
                        if s not in cand["sides"]:
                            cand["sides"].append(s)
                            cand["parts"].append(s)
                    cand["sides"] = self._dedupe_sides(cand["sides"])
            if len(cand["sides"]) < 2 and not mm.name:
                if groups and self._compatible(groups[-1], cand, loose=True):
                    self._absorb(groups[-1], cand)
                continue
            target = None
            for g in groups:
                if self._compatible(g, cand):
                    target = g
                    break
            if target is None:
                groups.append(cand)
            else:
                self._absorb(target, cand)
        # signings read from agreements with a place or date but no meeting sentence
        for a in getattr(self, "agreement_list", []):
            if len(a.parties) < 2 or a.status not in ("signed", "proposed"):
                continue
            if not (a.date or a.place):
                continue
            if any(a.key in g["agreements"] for g in groups):
                continue
            cand = {"kind": "signing", "sides": list(a.parties), "parts": list(a.parties),
                    "date": a.date, "place": a.place, "name": None, "sent": None,
                    "people": [], "agreements": [a.key]}
            target = next((g for g in groups if self._compatible(g, cand)), None)
            if target is None:
                groups.append(cand)
            else:
                self._absorb(target, cand)
        # an undated signing or visit told apart from the one dated event it shares a
        # partner with is part of that event ("... signed a work plan" after "visited ... Wednesday")
        dated = [g for g in groups if g["date"] is not None]
        if len(dated) == 1:
            home = f"country:{self.m.home}" if self.m.home else None
            for g in [g for g in groups if g["date"] is None]:
                shared = {self.top(s) for s in g["sides"]} & {self.top(s) for s in dated[0]["sides"]}
                if shared - {home} and self._compatible(dated[0], g, loose=True):
                    self._absorb(dated[0], g)
                    groups.remove(g)
        # a news lead says when: the first meeting, undated where it is told, took place
        # on the day the lead sentence gives ("... extended the MoU on Wednesday. It was signed in Seoul")
        if groups and groups[0]["date"] is None:
            lead = self._lead_date()
            if lead is not None and all(g["date"] != lead for g in groups):
                groups[0]["date"] = lead
        out = []
        for g in groups:
            out.append(self._meeting(g))
        seen = {}
        for mt in out:
            if mt.key in seen:
                continue
            seen[mt.key] = mt
        return list(seen.values())

    def _agreements_in(self, sent: Sentence) -> list[Agreement]:
        sents = getattr(self, "agr_sents", {})
        return [a for a in getattr(self, "agreement_list", [])
                if sent.index in sents.get(a.key, ())]

    def _cluster_of(self, a: Agreement) -> list[AgreementMention]:
        names = {norm(a.name), *(norm(x) for x in a.aliases)}
        return [x for x in self.m.agreements if norm(x.text) in names or (
            x.anaphor and self._anaphor_target(x) is a)]

    def _anaphor_target(self, x: AgreementMention):
        prev = [a for a in self.m.agreements if a.start < x.start and not a.anaphor and a.text]
        if not prev:
            return None
        t = norm(prev[-1].text)
        for a in getattr(self, "agreement_list", []):
            if t == norm(a.name) or t in (norm(y) for y in a.aliases):
                return a
        return None

    def _lead_date(self) -> date | None:
        """The day the article's opening names: the first of its first four sentences
        that names a day, if it names exactly one."""
        published = self.article.published
        for sent in self.m.sentences[:4]:
            days = {d.value for d in self.m.dates if sent.start <= d.start < sent.end
                    and getattr(d, "precision", "day") == "day"
                    and (published is None or d.value <= published)}
            if days:
                return days.pop() if len(days) == 1 else None
        return None

    def _compatible(self, g: dict, cand: dict, loose: bool = False) -> bool:
        if g["date"] and cand["date"] and g["date"] != cand["date"]:
            if not _near_dates(g["date"], cand["date"]):
                return False
        if g["place"] and cand["place"] and norm(g["place"]) != norm(cand["place"]):
            a, b = norm(g["place"]), norm(cand["place"])
            if not (a in b or b in a):
                return False
        if g["name"] and cand["name"]:
            wa = {w for w in norm(g["name"]).split() if not any(c.isdigit() for c in w)}
            wb = {w for w in norm(cand["name"]).split() if not any(c.isdigit() for c in w)}
            if not (wa <= wb or wb <= wa):
                return False
        if loose:
            return True
        if set(g["agreements"]) & set(cand["agreements"]):
            return True
        shared = set(g["sides"]) & set(cand["sides"])
        need = min(2, len(cand["sides"]), len(g["sides"]))
        if g["name"] and cand["name"]:
            return len(shared) >= 1
        return len(shared) >= max(need, 1)

    def _absorb(self, g: dict, cand: dict) -> None:
        for s in cand["sides"]:
            if s not in g["sides"]:
                g["sides"].append(s)
        g["parts"].extend(p for p in cand["parts"] if p not in g["parts"])
        g["date"] = g["date"] or cand["date"]
        g["place"] = g["place"] or cand["place"]
        g["name"] = g["name"] or cand["name"]
        g["people"].extend(p for p in cand["people"] if p not in g["people"])
        g["agreements"].extend(a for a in cand["agreements"] if a not in g["agreements"])

    def _meeting(self, g: dict) -> Meeting:
        parts: list[str] = []
        for p in [*g["parts"], *g["sides"]]:
            p = self.c(p)
            inf = self.info(p) if p else None
            if inf is not None and any(_meeting_like(x) for x in [*inf.labels.values(),
                                                                    *inf.forms][:2]):
                p = self.c(inf.parent) if inf.parent else None
            if p and p not in parts:
                parts.append(p)
        if self.lang == "id" and "country:ID" not in parts and not any(
                self.side_country(self.top(p)) == "ID" for p in parts):
            parts.append("country:ID")
            self.finder.add_country("ID", None, 0, 0)
        for p in parts:
            if p.startswith("country:"):
                self.finder.add_country(p.split(":", 1)[1], None, 0, 0)
        parts = sorted(set(parts))
        officials = sorted({_person_key(p.name) for p in g["people"] if p.role})
        d = g["date"]
        place = g["place"]
        key_parts = [d.isoformat() if d else "", *parts, slug(place) if place else ""]
        if d is None:
            key_parts.append(self.article.key)
        key = slug("-".join(k for k in key_parts if k), 120)
        sent = g["sent"]
        ev = Evidence(sent.text.strip()[:500], 0.7) if sent is not None else None
        return Meeting(key=key, kind=g["kind"], participants=parts, officials=officials,
                       date=d, place=place, topics=[], agreements=sorted(g["agreements"]),
                       evidence=ev)

    # -- output -------------------------------------------------------------------
    def officials(self) -> list[Official]:
        out = []
        for per in self.persons:
            r = per.role
            if r is None or not r.text:
                continue
            agency = []
            for k in r.agency:
                k = self.c(k)
                if k and k not in agency:
                    agency.append(k)
            for k in agency:
                if k.startswith("country:"):
                    self.finder.add_country(k.split(":", 1)[1], None, 0, 0)
            aliases = sorted({_strip_honorifics(mm.name) for mm in per.mentions} - {per.name})
            role = r.full or r.text
            role_aliases = sorted({x for x in (r.text, *r.aliases) if x and x != role})
            pm = per.mentions[0]
            sent = self.sent_by_index.get(pm.sentence)
            country = f"country:{r.country}" if r.country else None
            out.append(Official(key=_person_key(per.name), name=per.name, aliases=aliases,
                                role=role, role_aliases=role_aliases,
                                role_key=slug(norm(role), 60), agency=agency, country=country,
                                evidence=Evidence(sent.text.strip()[:500] if sent else "",
                                                  r.confidence)))
        return sorted(out, key=lambda o: o.key)

    def organizations(self, officials, agreements, meetings) -> list[Organization]:
        keep: set[str] = set()
        in_agr_names = [(x.start, x.end) for x in self.m.agreements if x.named]
        for mm in self.book.mentions:
            k = self.c(mm.key)
            inf = self.info(k)
            if inf is None:
                continue
            if inf.kind == "country":
                continue        # a country counts when it acts: party, partner, an official's or a body's
            if mm.role in ("mention", "in-name"):
                if not inf.lexical and any(a <= mm.start and mm.end <= b
                                           for a, b in in_agr_names):
                    continue
                keep.add(k)
        for o in officials:
            keep.update(o.agency)
            if o.country:
                keep.add(o.country)
        for a in agreements:
            keep.update(self.c(p) for p in a.parties)
        for mt in meetings:
            keep.update(mt.participants)
        # meetings in the lexicon ("Konferensi ILO") are events, not bodies; schemes
        # (Specified Skilled Worker, EPS) are what agreements are about, not parties
        for k in list(keep):
            inf = self.info(k)
            if inf is not None and inf.unit == "scheme":
                keep.discard(k)
                continue
            if inf is not None and any(_meeting_like(x) for x in [*inf.labels.values(),
                                                                    *inf.forms][:2]):
                keep.discard(k)
        # parents (of government units) and home countries of what is kept
        for k in list(keep):
            if self.info(k) is None or self.info(k).kind != "government":
                continue
            p = self.info(k).parent if self.info(k) else None
            depth = 0
            top = None
            while p and depth < 5:
                p = self.c(p)
                if self.info(p) is None:
                    self._lex_info(p)
                if self.info(p) is None:
                    break
                top = p
                p = self.info(p).parent
                depth += 1
            if top is not None:
                keep.add(top)
        for k in list(keep):
            inf = self.info(k)
            if inf and inf.kind != "country" and inf.kind != "intergovernmental" and inf.country:
                ck = self.finder.add_country(inf.country, None, 0, 0)
                if ck:
                    keep.add(ck)
        out = []
        first_mention: dict[str, OrgMention] = {}
        for mm in self.book.mentions:
            first_mention.setdefault(self.c(mm.key), mm)
        for k in sorted(keep):
            inf = self.info(k)
            if inf is None:
                continue
            name = self._name(inf)
            aliases = sorted({f for f in inf.forms if f != name} |
                             {v for v in inf.labels.values() if v != name})
            ev_m = first_mention.get(k)
            sent = self.sent_by_index.get(ev_m.sentence) if ev_m else None
            conf = ev_m.confidence if ev_m else 0.5
            out.append(Organization(
                key=k, name=name, kind=inf.kind if inf.kind in (
                    "government", "intergovernmental", "country", "programme", "union",
                    "employer", "ngo", "other") else "other",
                aliases=aliases, labels=dict(inf.labels),
                country=f"country:{inf.country}" if inf.country and inf.kind != "country"
                else None,
                parent=self.c(inf.parent) if inf.parent else None,
                evidence=Evidence(sent.text.strip()[:500], conf) if sent else None))
        return out

    def _name(self, inf: OrgInfo) -> str:
        """The fullest form the article writes; the lexicon label in the article's language
        when it is fuller still (or nothing is written)."""
        label = inf.labels.get(self.lang)
        forms = [_strip_programme(_strip_paren(f)) for f in inf.forms if f]
        forms = [f for f in forms if f]
        if inf.kind == "country":
            return label or next(iter(inf.labels.values()), forms[0] if forms else inf.key)
        if forms:
            longest = max(forms, key=lambda f: (len(f.split()), len(f)))
            extra = set(norm(label).split()) - set(norm(longest).split()) - _FILLER if label \
                else set()
            if label and set(norm(longest).split()) <= set(norm(label).split()) and extra:
                return self._foreign_label(inf, label)
            return longest
        if label:
            return self._foreign_label(inf, label)
        return next(iter(inf.labels.values()), inf.key)

    def _foreign_label(self, inf: OrgInfo, label: str) -> str:
        if self.lang == "id" and inf.country and inf.country != "ID" and inf.kind == \
                "government" and inf.unit != "embassy":
            c = self.lex.countries.get(inf.country)
            if c and c.name_id and norm(c.name_id) not in norm(label):
                return f"{label} {c.name_id}"
        return label


_FILLER = {"di", "dan", "of", "the", "in", "for", "untuk", "at"}
_MEETING_NAME = re.compile(r"^(?:Konferensi|Conference|Pertemuan|Meeting|Sidang|Summit|KTT|"
                           r"Forum)\b|\b(?:Meeting|Conference|Summit)$", re.I)


def _meeting_like(name: str) -> bool:
    return bool(_MEETING_NAME.search(name or ""))


def _strip_programme(name: str) -> str:
    return re.sub(r"^(?:program|programme|the)\s+", "", name)


def _near_dates(a: date, b: date) -> bool:
    return abs((a - b).days) <= 14


_HEAD_ACRONYMS = frozenset("mou moc moa loi poa".split())
# Words nearly every labour agreement's name carries: sharing one of them says nothing.
_GENERIC_TOPIC = frozenset("""pekerja worker workers tenaga kerja labor labour migran migrant
migrants indonesia indonesian baru new sektor sector pmi tki employment ketenagakerjaan
manpower bidang cooperation kerjasama""".split())


def _same_topic(words: set[str], other: set[str]) -> bool:
    """Two agreement descriptions share enough specific words to be one agreement."""
    a, b = words - _GENERIC_TOPIC, other - _GENERIC_TOPIC
    if not a or not b:
        return bool(words & other) and (not a or not b) and not (a ^ b)
    shared = a & b
    return len(shared) >= max(1, min(len(a), len(b)) // 2)


def _strip_paren(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*\([^()]*\)", "", text)).strip()


def _strip_honorifics(name: str) -> str:
    toks = name.split()
    while toks and norm(toks[0]) in HONORIFICS and len(toks) > 1:
        toks.pop(0)
    return " ".join(toks).strip(" ,.")


def _tok_in(t: str, pt: list[str]) -> bool:
    for p in pt:
        if t == p or (len(t) == 1 and p.startswith(t)) or (len(p) == 1 and t.startswith(p)):
            return True
    return False


def _same_kind(per: _Person, pm: PersonMention) -> bool:
    kinds = {mm.role.title_kind for mm in per.mentions if mm.role}
    return pm.role is None or pm.role.title_kind in kinds


def _roles_ok(per: _Person, pm: PersonMention) -> bool:
    if pm.role is None:
        return True
    kinds = {mm.role.title_kind for mm in per.mentions if mm.role}
    if not kinds or pm.role.title_kind in kinds or pm.role.title_kind == "counterpart":
        return True
    return "minister" in kinds and pm.role.title_kind in ("minister", "head")


def _person_key(name: str) -> str:
    return norm(name)


def resolve(article: Article, mentions: Mentions, lexicon: Lexicon) -> ArticleFacts:
    r = _Resolver(article, mentions, lexicon)
    r.people()
    r.merge_orgs()
    agreements = r.agreements()
    meetings = r.meetings()
    officials = r.officials()
    for a in agreements:
        a.parties = sorted({r.c(p) for p in a.parties})
        for p in a.parties:
            if p.startswith("country:"):
                r.finder.add_country(p.split(":", 1)[1], None, 0, 0)
    r.merge_orgs()
    orgs = r.organizations(officials, agreements, meetings)
    known = {o.key for o in orgs}
    for o in officials:
        o.agency = [k for k in o.agency if k in known]
    for a in agreements:
        a.parties = [p for p in a.parties if p in known]
    for mt in meetings:
        mt.participants = [p for p in mt.participants if p in known]
    return ArticleFacts(article=article, organizations=orgs, officials=officials,
                        agreements=sorted(agreements, key=lambda a: a.key),
                        meetings=sorted(meetings, key=lambda m: m.key))
