"""People with their positions, read from capitalisation and sentence shape.

A person is a run of capitalised name-like words next to a title: "TITLE
[qualifiers] NAME", "TITLE [qualifiers], NAME", "NAME, TITLE ...". Qualifiers
are institution words, known units, organisations and countries; they make the
role and point to the agency. Titles without a name ("kata Dirjen Binwasnaker
dan K3") are kept so that a later "Dirjen Darmawan" can take their unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labourkg.loaders.lexicon import Lexicon, TitleEntry, norm
from labourkg.loaders.extract.organizations import (CONNECTORS, OrgFinder, foreign_counterpart,
                                                    lexicon_org_for, _adjacent)
from labourkg.loaders.extract.spans import (INSTITUTION_WORDS, MONTH_WORDS, WEEKDAY_WORDS,
                                            Sentence, Tok)

# Generic heads of positions (the lexicon adds abbreviations and full forms).
BUILTIN_TITLES: dict[tuple[str, ...], tuple[str, str]] = {}
for _forms, _kind in (
    ("menteri|minister|state minister|menteri negara|minister of state", "minister"),
    ("wakil menteri|wamen|deputy minister|vice minister", "minister"),
    ("menteri koordinator|menko|coordinating minister", "minister"),
    ("perdana menteri|prime minister", "head_of_state"),
    ("presiden|president|wakil presiden|vice president|raja|king|crown prince|putra mahkota",
     "head_of_state"),
    ("direktur jenderal|dirjen|director general|director-general|deputy director general|"
     "wakil direktur jenderal", "dirjen"),
    ("sekretaris jenderal|sekjen|secretary general|secretary-general", "sekjen"),
    ("sekretaris direktorat jenderal|sesditjen|sekretaris ditjen", "sesditjen"),
    ("direktur|director|deputy director|direktur eksekutif|executive director|country director|"
     "regional director|direktur utama|dirut|presiden direktur|president director", "direktur"),
    ("secretary|deputy secretary|undersecretary|under secretary|deputy undersecretary|"
     "deputy under secretary|assistant secretary|permanent secretary|sekretaris", "secretary"),
    ("kepala|kepala perwakilan|kepala badan|kepala biro|head|chief|chief of mission|"
     "ketua|ketua umum|wakil ketua|chairman|chairperson|chair|president of|commissioner|"
     "komisioner|deputi|asisten deputi|deputy|representative|koordinator|coordinator",
     "head"),
    ("duta besar|dubes|ambassador|duta besar luar biasa dan berkuasa penuh|konsul jenderal|"
     "konjen|consul general", "ambassador"),
    ("atase|atase ketenagakerjaan|labor attache|labour attache|attache", "attache"),
    ("gubernur|governor|bupati|walikota|wali kota|mayor", "head"),
    ("juru bicara|jubir|spokesperson|spokesman|spokeswoman", "head"),
    ("staf khusus|staf ahli|special adviser|special advisor|senior adviser", "head"),
    ("counterpart|mitranya", "counterpart"),
):
    for _f in _forms.split("|"):
        BUILTIN_TITLES[tuple(_f.replace("-", " ").split())] = (_f, _kind)
_TITLE_LEN: dict[str, int] = {}          # first word of a built-in title -> longest title from it
for _key in BUILTIN_TITLES:
    _TITLE_LEN[_key[0]] = max(_TITLE_LEN.get(_key[0], 0), len(_key))

HONORIFICS = frozenset("""bapak pak ibu bu prof dr ir drs dra hj mr mrs ms miss sir dato datuk
yang mulia excellency his her he kh tuan nyonya saudara sdr""".split())
PARTICLES = frozenset({"bin", "binti", "al", "el", "van", "von", "de", "der", "den", "da", "dos",
                       "du", "la", "le", "ibn"})
STOP_NAMES = frozenset("""dalam menurut selain sementara saat hal kedua pada sebagai untuk dengan
dia ia kami kita mereka the this that these in on at he she it we they his her their after before
during since while when also and but or if as by for from with about indonesia pemerintah
kemudian namun tetapi sedangkan adapun setelah sebelum sejak bahkan oleh karena itu ini baca
read also editor penulis reporter foto sumber source more follow tags related latest news
berita terkini lainnya jakarta""".split())
SPEECH_BEFORE = frozenset("""kata ujar ungkap ungkapnya jelas tutur tambah imbuh lanjut pungkas tegas
sebut terang papar katanya ujarnya menurut said says added explained told noted stressed
according""".split())


@dataclass
class RoleInfo:
    """A position as read from one title phrase."""

    text: str                           # role as written, cleaned
    full: str | None = None             # expanded from the lexicon
    title_key: str | None = None
    title_kind: str | None = None
    agency: list[str] = field(default_factory=list)
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    has_subject: bool = False
    confidence: float = 0.8


@dataclass
class PersonMention:
    start: int
    end: int
    name: str
    sentence: int
    role: RoleInfo | None = None
    confidence: float = 0.8


@dataclass
class RoleMention:
    """A title with no name next to it."""

    start: int
    sentence: int
    role: RoleInfo


@dataclass
class PeopleFound:
    people: list[PersonMention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)


class PeopleFinder:
    def __init__(self, lexicon: Lexicon, orgs: OrgFinder, lang: str, home: str | None):
        self.lex = lexicon
        self.orgs = orgs
        self.lang = lang
        self.home = home or ("ID" if lang == "id" else None)
        self.found = PeopleFound()

    # -- titles ----------------------------------------------------------------
    def title_at(self, sent: Sentence, i: int) -> tuple[int, TitleEntry | None, str] | None:
        """(end index exclusive, lexicon title, kind) of a title starting at token i."""
        toks = sent.toks
        t = toks[i]
        best = None
        if t.lex is not None and t.lex.kind == "title" and t.lex.start == t.start:
            entry = self.lex.titles.get(t.lex.ref)
            j = i
            while j < len(toks) and toks[j].end <= t.lex.end:
                j += 1
            best = (j, entry, self._kind_of_title(entry))
        for n in range(min(_TITLE_LEN.get(t.norm, 0), len(toks) - i), 0, -1):
            key = tuple(x.norm for x in toks[i:i + n])
            hit = BUILTIN_TITLES.get(key)
            if hit and (best is None or i + n > best[0]) and all(
                    _adjacent(sent, k) for k in range(i + 1, i + n)):
                if n == 1 and not toks[i].cap and hit[1] != "counterpart":
                    break
                entry = best[1] if best else None
                best = (i + n, entry, hit[1] if entry is None else self._kind_of_title(entry))
                break
        if best is not None and not (toks[i].cap or best[2] == "counterpart"):
            return None
        return best

    def _kind_of_title(self, entry: TitleEntry | None) -> str:
        if entry is None:
            return "head"
        words = norm(" ".join((entry.full_id, entry.full_en, entry.key))).split()
        key = tuple(norm(entry.full_en or entry.full_id).split())
        if key in BUILTIN_TITLES:
            return BUILTIN_TITLES[key][1]
        key = tuple(norm(entry.full_id or entry.full_en).split())
        if key in BUILTIN_TITLES:
            return BUILTIN_TITLES[key][1]
        if key[:1] in (("menteri",), ("wakil",)) or "minister" in words:
            return "minister"
        if "sekretaris" in words and "direktorat" in words:
            return "sesditjen"
        if "jenderal" in words or "general" in words:
            return "dirjen"
        if "direktur" in words or "director" in words:
            return "direktur"
        if "duta" in words or "ambassador" in words:
            return "ambassador"
        return "head"

    # -- the scan ---------------------------------------------------------------
    def run(self, sentences: list[Sentence]) -> PeopleFound:
        for sent in sentences:
            self._sentence(sent)
        return self.found

    def _sentence(self, sent: Sentence) -> None:
        toks = sent.toks
        i = 0
        used_until = 0
        while i < len(toks):
            if i < used_until:
                i += 1
                continue
            hit = self.title_at(sent, i)
            if hit is None:
                i += 1
                continue
            end, entry, kind = hit
            left = self._left_extend(sent, i)
            q_end, info = self._qualifiers(sent, end)
            name = self._name_after(sent, q_end)
            role = self._role(sent, left, i, end, q_end, entry, kind, info)
            if name is not None:
                a, b, nm = name
                self.found.people.append(PersonMention(toks[a].start, toks[b].end, nm,
                                                       sent.index, role, role.confidence))
                used_until = b + 1
            else:
                # "NAME, TITLE ...": the name before the title
                before = self._name_before(sent, left)
                if before is not None:
                    a, b, nm = before
                    self.found.people.append(PersonMention(toks[a].start, toks[b].end, nm,
                                                           sent.index, role, role.confidence))
                elif kind != "counterpart":
                    self.found.roles.append(RoleMention(toks[i].start, sent.index, role))
                used_until = q_end
            i = max(i + 1, used_until)

    def _left_extend(self, sent: Sentence, i: int) -> int:
        """'India's External Affairs Minister', 'German Ambassador', 'Deputy Minister'."""
        toks = sent.toks
        a = i
        while a > 0 and _adjacent(sent, a):
            p = toks[a - 1]
            if p.lex is not None and p.lex.kind in ("country", "demonym") and p.lex.end == p.end:
                a -= 1
                # a country name may be several tokens
                while a > 0 and toks[a - 1].lex is p.lex:
                    a -= 1
                break
            if p.cap and (p.norm in INSTITUTION_WORDS or p.norm in ("acting", "senior", "vice",
                                                                    "deputy", "assistant")) \
                    and self.lang == "en":
                a -= 1
                continue
            break
        return a

    def _qualifiers(self, sent: Sentence, j: int) -> tuple[int, dict]:
        """Tokens after a title that still belong to the position: units, bodies, countries."""
        toks = sent.toks
        info: dict = {"orgs": [], "countries": [], "subjects": [], "words": [], "paren": [],
                      "host": None, "dari": False}
        last = j
        prep = None
        while j < len(toks):
            t = toks[j]
            gap = sent.gap(j) if j > 0 else ""
            if "(" in gap or ")" in gap:
                # a parenthesis right after the title: "(Dirjen PHI dan Jamsos)" / "(Menaker)"
                if "(" in gap:
                    close = sent.text.find(")", t.start - sent.start, t.start - sent.start + 81)
                    if close < 0 or close - (t.start - sent.start) > 80:
                        break
                    info["paren"].append(sent.text[t.start - sent.start:close])
                    k = j
                    while k < len(toks) and toks[k].start < sent.start + close:
                        k += 1
                    j = k
                    last = j
                    continue
            if gap.strip() == ",":
                # "Deputy Undersecretary ..., US Department of Labor, Maria Holt"
                if t.lex is not None and t.lex.kind == "org" and t.lex.start == t.start:
                    k = j
                    while k < len(toks) and toks[k].end <= t.lex.end:
                        k += 1
                    if k < len(toks) and sent.gap(k).strip() == ",":
                        info["orgs"].append((t.lex.ref, t.lex.start, t.lex.end))
                        j = k
                        last = j
                        continue
                break
            if gap.strip() not in ("", "-", "–", "&", ".", "/"):
                break
            if t.lex is not None and t.lex.start == t.start and t.lex.kind != "title":
                k = j
                while k < len(toks) and toks[k].end <= t.lex.end:
                    k += 1
                kind = t.lex.kind
                if kind == "org":
                    info["orgs"].append((t.lex.ref, t.lex.start, t.lex.end))
                elif kind in ("country", "demonym"):
                    if prep in ("untuk", "to", "for", "in", "di") or (
                            prep in ("dan", "and", "&") and info["host"]):
                        info["host"] = info["host"] or t.lex.ref
                        info["hosts"] = info.get("hosts", []) + [(t.lex.ref, t.lex.start)]
                        j = k
                        last = j
                        continue
                    else:
                        info["countries"].append((t.lex.ref, t.lex.start, t.lex.end))
                elif kind == "subject":
                    info["subjects"].append((t.lex.ref, t.lex.start, t.lex.end))
                elif kind == "place":
                    if prep not in ("untuk", "to", "for"):
                        break
                j = k
                last = j
                if not (kind in ("country", "demonym") and info["host"]):
                    prep = None
                continue
            org_here = self._org_mention_at(t.start)
            if org_here is not None:
                info["orgs"].append((org_here.key, org_here.start, org_here.end))
                k = j
                while k < len(toks) and toks[k].end <= org_here.end:
                    k += 1
                j = max(k, j + 1)
                last = j
                prep = None
                continue
            if t.norm in CONNECTORS or t.norm in ("dari", "at"):
                if j + 1 < len(toks) and (toks[j + 1].cap or toks[j + 1].lex is not None):
                    prep = t.norm if not (info["host"] and t.norm in ("dan", "and", "&")) \
                        else "dan"
                    if t.norm == "dari":
                        info["dari"] = True
                    j += 1
                    continue
                break
            if t.cap and (t.norm in INSTITUTION_WORDS or t.norm in self.lex.vocabulary
                          or t.norm.rstrip("s") in INSTITUTION_WORDS
                          or t.norm.rstrip("s") in self.lex.vocabulary) and t.norm not in (
                              "president", "presiden"):
                info["words"].append(t.text)
                j += 1
                last = j
                prep = None
                continue
            if re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", t.text) and t.norm not in STOP_NAMES:
                info["words"].append(t.text)
                j += 1
                last = j
                prep = None
                continue
            break
        return last, info

    def _org_mention_at(self, start: int):
        return self.orgs.book.by_start.get(start)

    def _name_after(self, sent: Sentence, j: int) -> tuple[int, int, str] | None:
        toks = sent.toks
        if j >= len(toks):
            return None
        gap = sent.gap(j)
        comma = gap.strip() == ","
        if gap.strip() not in ("", ","):
            return None
        run = self._name_run(sent, j)
        if run is None:
            return None
        a, b = run
        if comma:
            # "Title, NAME" must end the clause: comma, full stop, verb, 'dan'
            nxt_gap = sent.gap(b + 1) if b + 1 < len(toks) else "."
            if b + 1 < len(toks) and nxt_gap.strip() == "" and toks[b + 1].cap:
                return None
        return a, b, _clean_name(sent.span_text(toks[a].start, toks[b].end))

    def _name_before(self, sent: Sentence, left: int) -> tuple[int, int, str] | None:
        """'Anita Rao, Direktur ...' / 'Yang Mulia Bapak Prof. Dr.Kemal Ozdemir, Menteri ...'."""
        toks = sent.toks
        if left == 0 or sent.gap(left).strip() != ",":
            return None
        b = left - 1
        a = b
        while a > 0 and _adjacent(sent, a) and self._nameish(toks[a - 1]):
            a -= 1
        while a <= b and (toks[a].norm in HONORIFICS or toks[a].norm in INSTITUTION_WORDS
                          or toks[a].norm in STOP_NAMES or toks[a].norm in PARTICLES):
            a += 1
        if a > b or not all(self._nameish(toks[k]) for k in range(a, b + 1)):
            return None
        if b - a > 5 or toks[b].norm in PARTICLES:
            return None
        if a > 0 and toks[a - 1].lex is not None and toks[a - 1].lex.kind == "title":
            return None
        return a, b, _clean_name(sent.span_text(toks[a].start, toks[b].end))

    def _nameish(self, t: Tok) -> bool:
        if t.norm in PARTICLES:
            return True
        if not t.cap:
            return False
        if t.lex is not None:
            return False
        return t.norm not in MONTH_WORDS and t.norm not in WEEKDAY_WORDS

    def _name_run(self, sent: Sentence, j: int) -> tuple[int, int] | None:
        toks = sent.toks
        # honorifics first: "Bapak Prof. Dr. X", "H.E. Mr. X"
        while j < len(toks) and toks[j].norm in HONORIFICS and toks[j].cap:
            j += 1
        while j < len(toks) and toks[j].cap and (toks[j].norm in INSTITUTION_WORDS) \
                and j + 1 < len(toks) and toks[j + 1].cap:
            j += 1          # "Besar William ..." left over from a split title
        if j >= len(toks):
            return None
        a = j
        b = None
        caps = 0
        while j < len(toks):
            t = toks[j]
            if j > a and not _name_gap(sent.gap(j)):
                break
            if t.norm in PARTICLES and not t.cap and j > a:
                j += 1
                continue
            if j > a and not t.cap and sent.gap(j) == "-" and t.text.isalpha():
                b = j          # "Hsin-yi", "Jae-won"
                j += 1
                continue
            if not self._good_name_token(t):
                break
            b = j
            caps += 1
            j += 1
            if caps >= 6:
                break
        if b is None:
            return None
        while b > a and toks[b].norm in PARTICLES:
            b -= 1
        # a lone initial is no name
        if b == a and len(toks[a].text) == 1:
            return None
        if toks[a].norm == "hj" or (toks[a].norm == "h" and b - a >= 2):
            a += 1
        return a, b

    def _good_name_token(self, t: Tok) -> bool:
        if not t.cap or t.norm in STOP_NAMES:
            return False
        if t.lex is not None:
            return False
        if t.norm in MONTH_WORDS or t.norm in WEEKDAY_WORDS:
            return False
        if t.norm in INSTITUTION_WORDS or t.norm.rstrip("s") in INSTITUTION_WORDS:
            return False
        if len(t.text) > 1 and t.text.isupper() and len(t.text) > 3:
            return False
        if any(c.isdigit() for c in t.text):
            return False
        return True

    # -- roles -----------------------------------------------------------------
    def _role(self, sent: Sentence, left: int, i: int, end: int, q_end: int,
              entry: TitleEntry | None, kind: str, info: dict) -> RoleInfo:
        toks = sent.toks
        start = toks[left].start
        stop = toks[q_end - 1].end if q_end > 0 else toks[end - 1].end
        # trailing Indonesian ministry / RI is the agency, not part of the role
        has_subject = bool(info["subjects"] or info["words"])
        trail_cut = stop
        if has_subject:
            for key, s, e in sorted(info["orgs"] + info["countries"], key=lambda x: -x[1]):
                if e >= trail_cut - 1 and s > toks[end - 1].end:
                    org = self.orgs.book.info.get(key)
                    c = org.country if org else None
                    if key == "country:ID" or key == "ID" or (c == "ID" and org.kind != "country"):
                        trail_cut = s
        text = _strip_parens(sent.text[start - sent.start:trail_cut - sent.start])
        text = re.sub(r"\s*,\s*$", "", text).strip(" ,")
        text = re.sub(r"\s+(?:at|of|for|in|di|dari|untuk|pada|and|dan|&)$", "", text)
        role = RoleInfo(text=text, title_key=entry.key if entry else None, title_kind=kind,
                        has_subject=has_subject, confidence=0.9 if entry else 0.75)
        role.aliases = [a for a in info["paren"] if a]
        for p in info["paren"]:
            t2 = self.lex.title(p.split()[0]) if p.split() else None
            if t2 is not None and role.title_key is None:
                role.title_key = t2.key
        info["role_text"] = text
        self._agency(role, sent, left, i, end, entry, kind, info)
        return role

    def _agency(self, role: RoleInfo, sent: Sentence, left: int, i: int, end: int,
                entry: TitleEntry | None, kind: str, info: dict) -> None:
        toks = sent.toks
        countries = [c for c, _, _ in info["countries"]]
        for k in range(left, i):        # "German Ambassador", "India's ... Minister"
            lx = toks[k].lex
            if lx is not None and lx.kind in ("country", "demonym") and lx.ref not in countries:
                countries.insert(0, lx.ref)
        foreign = next((c for c in countries if c != "ID"), None)
        country = countries[0] if countries else None
        units = []
        for key, _, _ in info["subjects"]:
            o = self.lex.orgs.get(key)
            if o is not None:
                units.append(o)
        want_unit = entry.unit if entry else None
        unit = None
        if units:
            unit = next((u for u in units if want_unit and u.unit == want_unit), units[0])
        agency: list[str] = []
        subject_text = self._subject_text(sent, end, info)
        if unit is not None and (foreign is None or unit.country == foreign):
            agency.append(unit.key)
            self.orgs.book.add_info(_info_of(unit), None)
            self.orgs._ancestors(unit)
            if entry is not None and (entry.full_id or entry.full_en) and self.lang == "id" \
                    and unit.country == "ID":
                subj = unit.subject_id or unit.subject_en
                full = entry.full_id or entry.full_en
                if subj and not norm(full).endswith(norm(subj)):
                    role.full = f"{full} {subj}"
        for key, _, _ in info["orgs"]:
            if key not in agency:
                agency.append(key)
        if not agency and entry is not None and entry.implies and foreign is not None \
                and entry.implies in self.lex.orgs:
            other = foreign_counterpart(self.lex.orgs[entry.implies], foreign, self.lex)
            if other is not None:
                agency.append(other.key)
                self.orgs.book.add_info(_info_of(other), None)
        if not agency and entry is not None and entry.implies and foreign is None:
            agency.append(entry.implies)
            if entry.implies in self.lex.orgs:
                self.orgs.book.add_info(_info_of(self.lex.orgs[entry.implies]), None)
                self.orgs._ancestors(self.lex.orgs[entry.implies])
            if self.lang == "id" and (entry.full_id or entry.full_en):
                role.full = role.full or entry.full_id or entry.full_en
        # a foreign country named with an Indonesian unit: that country's counterpart
        if foreign is not None and agency:
            first = self.lex.orgs.get(agency[0])
            if first is not None and first.country == "ID":
                other = foreign_counterpart(first, foreign, self.lex)
                agency = [other.key] if other is not None else []
                if other is not None:
                    self.orgs.book.add_info(_info_of(other), None)
        if not agency:
            key = self._infer_org(role, kind, subject_text, foreign or country, info, sent)
            if key:
                agency.append(key)
        # units named with their ministry: "Direktur Pengupahan Kementerian Ketenagakerjaan"
        if len(agency) >= 2:
            a0 = self.orgs.book.info.get(agency[0])
            if a0 is not None and not a0.parent and not a0.lexical and agency[1] != a0.key:
                a0.parent = agency[1]
        # complete the chain of parents
        chain: list[str] = []
        for key in agency:
            if key not in chain:
                chain.append(key)
            p = self._parent(key)
            seen = 0
            while p and p not in chain and seen < 5:
                chain.append(p)
                p = self._parent(p)
                seen += 1
        chain = [k for k in chain if k]
        # the unit and its ministry; levels in between are not the person's agency
        role.agency = chain[:1] + chain[-1:] if len(chain) > 2 else chain
        if kind == "minister" and self.lang == "id" and role.agency:
            first = self.orgs.book.info.get(role.agency[0])
            rest = _after_head(role.text)
            label = first.labels.get("id", "") if first is not None else ""
            if first is not None and first.country not in (None, "ID") and rest and \
                    first.kind == "government" and first.unit != "embassy" and \
                    not re.match(r"(?i)(?:kementerian|ministry|departemen)\b", rest) and \
                    not set(norm(rest).split()) <= set(norm(label).split()):
                self.orgs.book.add_info(first, f"Kementerian {rest}")
        for key in role.agency:
            inf = self.orgs.book.info.get(key)
            if inf is not None and inf.country:
                role.country = inf.country
                break
        intergov = bool(role.agency) and all(
            (self.orgs.book.info.get(k).kind if self.orgs.book.info.get(k) else "") ==
            "intergovernmental" for k in role.agency)
        if role.country is None and not intergov:
            role.country = foreign or country or (self.home if kind != "counterpart" else None)
        if not role.agency and role.country:
            ck = self.orgs.add_country(role.country, None, 0, 0)
            role.agency = [ck] if ck else []
        # countries a title is "for" ("untuk Indonesia dan Timor-Leste") are no parties
        for code, start in info.get("hosts", []):
            mm = self.orgs.book.by_start.get(start)
            if mm is not None and mm.key == f"country:{code}":
                mm.role = "in-title"

    def _parent(self, key: str) -> str | None:
        inf = self.orgs.book.info.get(key)
        if inf is not None and inf.parent:
            return inf.parent
        o = self.lex.orgs.get(key)
        return o.parent if o else None

    def _subject_text(self, sent: Sentence, end: int, info: dict) -> str:
        words = info["words"]
        if not words and self.lang == "en":
            # "External Affairs Minister": the field stands before the head
            m = re.search(r"((?:[A-Z][\w-]*\s+){1,4})(?:Minister|Director|Secretary)\b",
                          info.get("role_text", ""))
            if m:
                return " ".join(w for w in m.group(1).split()
                                if w.lower() not in ("deputy", "vice", "acting", "senior")
                                and not self.lex.country(w))
        return " ".join(words)

    def _infer_org(self, role: RoleInfo, kind: str, subject: str, country: str | None,
                   info: dict, sent: Sentence) -> str | None:
        """The body a title implies when the lexicon does not know it."""
        text = role.text
        if kind == "ambassador":
            home = country
            host = info.get("host")
            if home is None:
                return None
            if host is None and self.lang == "id" and home != "ID":
                host = "ID"
            return self.orgs.add_embassy(home, host, text, None, 0, 0, inferred=True)
        if kind == "counterpart":
            return None
        if kind == "head_of_state":
            return None
        if not subject:
            return None
        cname = None
        if country and country in self.lex.countries:
            c = self.lex.countries[country]
            cname = c.name_id if self.lang == "id" else c.name_en
        words = text.split()
        tail = ""
        if self.lang == "id":
            head = {"minister": "Kementerian", "dirjen": "Direktorat Jenderal",
                    "direktur": "Direktorat", "sesditjen": "Direktorat Jenderal"}.get(kind)
            if head is None:
                return None
            # the written words after the title head, country included
            rest = _after_head(text)
            if not rest:
                return None
            name = f"{head} {rest}"
            if country and country != "ID" and cname and norm(cname) not in norm(name):
                name = f"{name} {cname}"
        else:
            head = {"minister": "Ministry", "dirjen": "Directorate General",
                    "direktur": "Directorate"}.get(kind)
            if head is None:
                return None
            m = re.search(r"\b(?:Minister|Director[- ]General|Director)\s+(?:of|for)\s+(.+)$", text)
            if m:
                name = f"{head} of {m.group(1)}"
            else:
                name = f"{head} of {subject}"
        country = country or self.home
        entry = lexicon_org_for(name, country, self.lex)
        if entry is not None:
            self.orgs.book.add_info(_info_of(entry), name)
            self.orgs._ancestors(entry)
            return entry.key
        parent = None
        if info["orgs"]:
            parent = info["orgs"][0][0]
        # the same name written in the article is the same body
        known = self.orgs.book.named(name, self.lang)
        if known is not None:
            return known
        return self.orgs.add_made(name, "government", country, None, 0, 0, parent=parent,
                                  inferred=True, conf=0.6)


def _info_of(entry):
    from labourkg.loaders.extract.organizations import org_info
    return org_info(entry)


def _after_head(text: str) -> str:
    m = re.match(r"^(?:Wakil\s+)?(?:Menteri|Direktur\s+Jenderal|Dirjen|Direktur|Sekretaris\s+"
                 r"Direktorat\s+Jenderal|Sesditjen)\s+(?:dari\s+)?(.+)$", text)
    return m.group(1).strip() if m else ""


def _name_gap(gap: str) -> bool:
    return gap in (" ", ". ", ".", "-", "'", "’") or (gap.strip() in ("", ".") and len(gap) <= 3
                                                       and "\n" not in gap)


_PAREN = re.compile(r"\s*\([^()]*\)")


def _strip_parens(text: str) -> str:
    return re.sub(r"\s+", " ", _PAREN.sub("", text)).strip()


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    if re.search(r"\b[A-Z]$", name):
        return name
    return name
