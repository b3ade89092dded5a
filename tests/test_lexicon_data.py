"""The packaged lexicon TSVs are well formed and unambiguous.

Parsed here with the csv module alone (no import of the loader), so a broken row is
reported against the data file, not hidden behind the loader's own handling.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

LEXICON_DIR = Path(__file__).resolve().parents[1] / "loaders" / "lexicon"

HEADERS = {
    "countries.tsv": ["code", "name_id", "name_en", "aliases", "demonym_id", "demonym_en",
                      "capital_id", "capital_en", "cities"],
    "organizations.tsv": ["key", "kind", "country", "parent", "unit", "name_id", "name_en",
                          "subject_id", "subject_en", "subject_aliases", "aliases"],
    "titles.tsv": ["key", "full_id", "full_en", "forms", "unit", "implies", "rank"],
    "places.tsv": ["name_id", "name_en", "country", "aliases"],
}
KINDS = {"government", "intergovernmental", "programme", "union", "employer", "ngo", "other"}
UNITS = {"ministry", "ditjen", "direktorat", "biro", "badan", "pusat", "sekretariat",
         "inspektorat", "department", "office", "programme", "organization", "conference", "scheme"}
MULTI = {"aliases", "demonym_id", "demonym_en", "cities", "subject_aliases", "forms"}

# Names shared by two entries on purpose; the context (country, unit) decides.
ALLOWED_SHARED_COUNTRY_NAMES = {"congolese"}
ALLOWED_SHARED_ORG_NAMES: set[str] = set()
# Generic names that fit a ministry of many countries: never a name of one entry.
# ("Department of Labor" stays an alias of us.dol on purpose, like "Secretary of Labor".)
GENERIC_ORG_NAMES = {"Ministry of Labour", "Labour Ministry",
                     "Ministry of Labour and Employment", "Ministry of Labour and Social Affairs",
                     "Kementerian Perburuhan", "Foreign Ministry", "Ministry of Employment"}

# Same folding as the lexicon loader: tokens, accents, case, 's, spelling variants.
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|&")
_SPELLING = {"labour": "labor", "organisation": "organization", "programme": "program",
             "centre": "center", "and": "dan", "&": "dan", "organisations": "organizations",
             "labours": "labors"}


def norm(text: str) -> str:
    out = []
    for tok in _TOKEN.findall(text):
        t = unicodedata.normalize("NFKD", tok)
        t = "".join(c for c in t if not unicodedata.combining(c)).casefold().replace("’", "'")
        if t.endswith("'s"):
            t = t[:-2]
        out.append(_SPELLING.get(t, t))
    return " ".join(out)


def split(cell: str) -> list[str]:
    return [v for v in cell.split("|") if v] if cell else []


@cache
def read(name: str) -> list[dict[str, str]]:
    """Rows of one TSV as dicts; comment lines (only before the header) are skipped."""
    raw = (LEXICON_DIR / name).read_bytes()
    text = raw.decode("utf-8")                      # strict: invalid UTF-8 raises
    assert text.encode("utf-8") == raw
    assert not text.startswith("\ufeff"), f"{name}: byte-order mark"
    assert "\r" not in text, f"{name}: CR line ends"
    assert unicodedata.normalize("NFC", text) == text, f"{name}: not NFC"
    header = None
    rows = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if line == "" and lineno == text.count("\n") + 1:
            continue                                 # the final newline
        assert line.strip(), f"{name}:{lineno}: blank line"
        if line.startswith("#"):
            assert header is None, f"{name}:{lineno}: comment after the header"
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = cells
            assert header == HEADERS[name], f"{name}: header {header}"
            continue
        assert len(cells) == len(header), f"{name}:{lineno}: {len(cells)} cells"
        row = dict(zip(header, cells))
        for col, val in row.items():
            assert val == val.strip(), f"{name}:{lineno}: {col} has outer spaces"
            assert "  " not in val, f"{name}:{lineno}: {col} has double spaces"
            if col in MULTI and val:
                parts = val.split("|")
                assert all(p and p == p.strip() for p in parts), f"{name}:{lineno}: {col}"
            else:
                assert "|" not in val or col in MULTI, f"{name}:{lineno}: '|' in {col}"
        row["_line"] = str(lineno)
        rows.append(row)
    assert header is not None, f"{name}: no header"
    return rows


def countries() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in read("countries.tsv")}


def orgs() -> dict[str, dict[str, str]]:
    return {r["key"]: r for r in read("organizations.tsv")}


def country_names(row: dict[str, str]) -> list[str]:
    return [row["name_id"], row["name_en"], *split(row["aliases"]), *split(row["demonym_id"]),
            *split(row["demonym_en"])]


def org_names(row: dict[str, str]) -> list[str]:
    return [n for n in (row["name_id"], row["name_en"], *split(row["aliases"])) if n]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_parses_with_exact_header(name):
    rows = read(name)
    assert len(rows) > 50


# ----------------------------------------------------------------- countries
def test_country_codes_unique_and_iso_shaped():
    codes = [r["code"] for r in read("countries.tsv")]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    assert len(codes) >= 198          # 193 UN members and the territories named in the news
    assert {"ID", "US", "JP", "KR", "TW", "HK", "MO", "PS", "XK", "SA", "AE", "MY"} <= set(codes)


def test_every_country_has_both_names():
    for r in read("countries.tsv"):
        assert r["name_id"] and r["name_en"], r["_line"]


def test_country_names_point_to_one_country():
    owners = defaultdict(set)
    for r in read("countries.tsv"):
        for n in country_names(r):
            owners[norm(n)].add(r["code"])
    shared = {n: c for n, c in owners.items() if len(c) > 1}
    assert set(shared) <= ALLOWED_SHARED_COUNTRY_NAMES, shared


def test_cities_belong_to_one_country_and_are_no_country_name():
    names = {norm(n): r["code"] for r in read("countries.tsv") for n in country_names(r)}
    owners = defaultdict(set)
    for r in read("countries.tsv"):
        for c in (r["capital_id"], r["capital_en"], *split(r["cities"])):
            if c:
                owners[norm(c)].add(r["code"])
                other = names.get(norm(c))
                assert other in (None, r["code"]), f"city {c!r} of {r['code']} names {other}"
    shared = {n: c for n, c in owners.items() if len(c) > 1}
    assert not shared, shared


def test_key_country_facts():
    c = countries()
    assert {"RI", "Republik Indonesia"} <= set(split(c["ID"]["aliases"]))
    assert {"AS", "US", "USA", "U.S."} <= set(split(c["US"]["aliases"]))
    assert c["US"]["name_id"] == "Amerika Serikat"
    assert c["KR"]["name_id"] == "Korea Selatan" and "Korsel" in split(c["KR"]["aliases"])
    assert {"Jenewa", "Geneva"} <= set(split(c["CH"]["cities"]))
    assert {"Den Haag", "The Hague"} <= set(split(c["NL"]["cities"]))
    assert "Japanese" in split(c["JP"]["demonym_en"])
    assert "Emirati" in split(c["AE"]["demonym_en"])


# -------------------------------------------------------------- organizations
def test_org_keys_unique_and_well_formed():
    keys = [r["key"] for r in read("organizations.tsv")]
    assert len(keys) == len(set(keys))
    for k in keys:
        assert re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", k), k


def test_org_kinds_units_countries_and_names():
    codes = set(countries())
    for r in read("organizations.tsv"):
        where = f"{r['key']} (line {r['_line']})"
        assert r["kind"] in KINDS, where
        assert r["unit"] in UNITS or r["unit"] == "", where
        assert r["country"] in codes or r["country"] == "", where
        assert r["name_id"] or r["name_en"], where
        if r["kind"] == "government":
            assert r["country"], f"{where}: a government body belongs to a country"
        if r["kind"] == "intergovernmental":
            assert not r["country"], f"{where}: an international body has no country"


def test_org_parents_exist_without_cycles():
    table = orgs()
    for key, r in table.items():
        seen = {key}
        parent = r["parent"]
        while parent:
            assert parent in table, f"{key}: unknown parent {parent}"
            assert parent not in seen, f"{key}: parent cycle"
            seen.add(parent)
            parent = table[parent]["parent"]
        head = key.split(".")[0]
        if "." in key and head in table:
            assert head in seen, f"{key}: not under {head}"


def test_units_carry_the_subject_their_title_is_put_before():
    for r in read("organizations.tsv"):
        if r["unit"] == "ditjen" and r["country"] == "ID":
            assert r["subject_id"] and r["subject_en"], r["key"]
            assert r["name_id"] == f"Direktorat Jenderal {r['subject_id']}", r["key"]
        if r["unit"] == "direktorat" and r["country"] == "ID":
            assert r["name_id"] == f"Direktorat {r['subject_id']}", r["key"]
        if r["unit"] == "ministry" and r["country"] == "ID":
            assert r["subject_id"] and r["subject_en"], r["key"]


def test_org_names_point_to_one_entry():
    owners = defaultdict(set)
    for r in read("organizations.tsv"):
        for n in org_names(r):
            owners[norm(n)].add(r["key"])
    shared = {n: k for n, k in owners.items() if len(k) > 1}
    assert set(shared) <= ALLOWED_SHARED_ORG_NAMES, shared


def test_no_generic_ministry_name_and_no_country_name_as_org_name():
    generic = {norm(g) for g in GENERIC_ORG_NAMES}
    country = {norm(n) for r in read("countries.tsv") for n in country_names(r)}
    for r in read("organizations.tsv"):
        for n in org_names(r):
            assert norm(n) not in generic, f"{r['key']}: generic name {n!r}"
            assert norm(n) not in country, f"{r['key']}: {n!r} is a country name"


def test_key_organization_facts():
    o = orgs()
    k = o["kemnaker"]
    assert (k["name_id"], k["subject_id"], k["subject_en"]) == (
        "Kementerian Ketenagakerjaan", "Ketenagakerjaan", "Manpower")
    assert {"Kemnaker", "Kemenaker", "Ministry of Manpower", "Kemnakertrans"} <= set(
        split(k["aliases"])) | {k["name_en"]}
    phi = o["kemnaker.ditjen-phi-jsk"]
    assert phi["parent"] == "kemnaker" and phi["unit"] == "ditjen"
    assert "PHI dan Jamsos" in split(phi["subject_aliases"])
    assert "K3" in o["kemnaker.ditjen-binwasnaker-k3"]["subject_aliases"]
    assert o["ilo.better-work-indonesia"]["kind"] == "programme"
    assert "BWI" in split(o["ilo.better-work-indonesia"]["aliases"])
    assert o["us.dol.ilab"]["parent"] == "us.dol"
    assert "BNP2TKI" in split(o["bp2mi"]["aliases"])
    assert o["jp.mhlw"]["country"] == "JP" and o["sa.mhrsd"]["country"] == "SA"


# ---------------------------------------------------------------------- titles
def test_titles_keys_units_implies_and_ranks():
    table = orgs()
    keys = [r["key"] for r in read("titles.tsv")]
    assert len(keys) == len(set(keys))
    for r in read("titles.tsv"):
        assert r["full_id"] or r["full_en"], r["key"]
        assert r["unit"] in UNITS or r["unit"] == "", r["key"]
        assert r["implies"] == "" or r["implies"] in table, r["key"]
        assert r["rank"] in {"1", "2", "3", "4"}, r["key"]


def test_title_forms_shared_only_across_units():
    owners = defaultdict(list)
    for r in read("titles.tsv"):
        for f in {norm(x) for x in (r["full_id"], r["full_en"], *split(r["forms"])) if x}:
            owners[f].append((r["key"], r["unit"]))
    for form, rows in owners.items():
        units = [u for _, u in rows]
        assert len(units) == len(set(units)), f"{form!r} in {rows}"


def test_key_title_facts():
    t = {r["key"]: r for r in read("titles.tsv")}
    assert t["menaker"]["implies"] == "kemnaker" and "Menaker" in split(t["menaker"]["forms"])
    assert t["wamenaker"]["implies"] == "kemnaker"
    assert t["menlu"]["implies"] == "kemlu"
    assert t["dirjen"]["unit"] == "ditjen" and t["sesditjen"]["unit"] == "ditjen"
    assert t["secretary-of-labor"]["implies"] == "us.dol"
    assert (t["menteri"]["rank"], t["wamen"]["rank"], t["direktur"]["rank"],
            t["atnaker"]["rank"]) == ("1", "2", "3", "4")


# ---------------------------------------------------------------------- places
def test_places_are_named_placed_and_unambiguous():
    codes = set(countries())
    country = {norm(n) for r in read("countries.tsv") for n in country_names(r)}
    owners = defaultdict(set)
    for r in read("places.tsv"):
        label = r["name_id"] or r["name_en"]
        assert label, r["_line"]
        assert r["country"] in codes or r["country"] == "", label   # "" spans countries
        for n in (r["name_id"], r["name_en"], *split(r["aliases"])):
            if n:
                assert norm(n) not in country, f"place {n!r} is a country name"
                owners[norm(n)].add(label)
    shared = {n: p for n, p in owners.items() if len(p) > 1}
    assert not shared, shared
