"""Finding territories, people and organisations in a text: the gazetteers, spaCy's entities and the first-name
rule, deduplicated; and the sentences a quote is taken from."""

from __future__ import annotations

import bisect
import re

from ...rdf.folding import fold_name
from .results import Found, Models
from .text import _END, Paragraph, Token, _joined

MIN_PARAGRAPH = 80       # characters: shorter blocks are headings, not paragraphs


MIN_SENTENCE = 20        # characters of a proposed quote (SHACL asks 12 at least)


#: Common French first names (a generic list, not read off the corpus); the first names of the graph's people
#: are added to it when the models are built: the rule-based side of people finding.
FIRST_NAMES = set("""
adele adrien agathe agnes alain alexandra alexandre alexis alice aline amandine amelie anne annie antoine arnaud
arthur audrey aurelie aurelien baptiste beatrice benedicte benjamin benoit bernard bertrand brigitte bruno camille
caroline catherine cecile celia celine chantal charles charlotte chloe christian christine christophe claire
claude clement colette corinne cyril damien daniel david delphine denis didier dominique edith elisabeth elise
elodie eloise emilie emma emmanuel emmanuelle eric estelle etienne eva fabien fabienne fabrice florence florian
francis francois francoise frederic gabriel gael gaelle genevieve georges gerard gilles guillaume helene henri
herve hugo hugues isabelle jacques jean jeanne jeremy jerome joel jonathan joseph josiane julie julien
juliette justine karine kevin laetitia laura laure laurence laurent lea lea leo lionel louis louise luc
lucas lucie ludovic manon marc marcel margaux marguerite marie marine marion martin martine mathieu mathilde
matthieu maxime melanie michel micheline mickael monique nadege nadia nathalie nicolas noel noemie olivier pascal
pascale patrice patricia patrick paul pauline philippe pierre quentin raphael regis remi remy renaud richard robert
roger romain sabine sandrine sarah sebastien serge simon solene sophie stephane stephanie suzanne sylvain sylvie
theo thierry thomas valerie vanessa veronique victor vincent virginie xavier yann yannick yves yvonne
mohamed anne-sophie jean-francois jean-christophe jean-pierre jean-luc jean-marc marie-christine
""".split())


_PARTICLES = {"de", "du", "des", "la", "le", "les", "l", "d", "sur", "sous", "en", "et", "aux", "au", "les", "lez",
              "les", "a", "y", "van", "von"}


_ARTICLES = {"l", "le", "la", "les"}


#: GeoNames place names that are above all common words of these texts.
_NOT_PLACES = set("""janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre lundi mardi
mercredi jeudi vendredi samedi dimanche ville plaine passage charte nature ensemble saint sainte suite mise place
fontaine moulins marais bourg port pont ecole eglise gare centre""".split())


_PLACE_CUES = ("a", "commune de", "commune d", "ville de", "ville d", "territoire de", "territoire d", "communes de",
               "mairie de", "mairie d", "maire de", "maire d", "agglomeration de", "region", "departement de",
               "pres de", "autour de", "vers", "depuis", "habitants de", "habitants d")


def _sentences(nlp, text: str) -> list[str]:
    """Sentences of a normalised paragraph, as substrings of it (so verbatim from the file)."""
    if nlp is not None:
        doc = nlp(text, disable=[p for p in ("ner",) if p in nlp.pipe_names])
        sents = [s.text.strip() for s in doc.sents]
    else:
        sents = [s.strip() for s in re.split(r"(?<=[.!?…])\s+(?=[«\"A-ZÀ-Ý])", text)]
    joined: list[str] = []
    for s in sents:  # a sentence ends with its punctuation: glue what the parser cut in the middle
        if joined and not re.search(r"[.!?…»\"”)]\s*$", joined[-1]):
            joined[-1] = joined[-1] + (" " if f"{joined[-1]} {s}" in text else "") + s
        else:
            joined.append(s)
    out, pending = [], ""
    for s in joined:  # glue fragments too short to be quotes to the next sentence
        s = (pending + " " + s).strip() if pending else s
        if len(s) < MIN_SENTENCE:
            pending = s
            continue
        pending = ""
        out.append(s)
    if pending:
        if out:
            out[-1] = out[-1] + " " + pending
        else:
            out.append(pending)
    return [s for s in out if s and s in text]


def _heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    capitals = sum(c.isupper() for c in letters) / len(letters) > 0.6
    return (len(text) < MIN_PARAGRAPH and (capitals or not _END.search(text))) or \
        (len(text) < 120 and not _END.search(text) and capitals)


def find_territories(raw: str, toks: list[Token], models: Models, loc_spans: list[tuple[int, int]]) -> list[Found]:
    found: dict[str, Found] = {}
    line_at = _line_index(raw)
    for i, j, key, places, exact in models.territories.matches(raw, toks):
        graph = [p for p in places if p.source == "graph"]
        start = toks[i].start
        if not graph:
            words = toks[i:j]
            if key in _NOT_PLACES or (words[0].key in _ARTICLES and j - i == 2):
                continue
            shouting = all(t.text.isupper() for t in words if len(t.text) > 1)
            if (j - i == 1 or shouting) and not _is_place_context(raw, toks, i, loc_spans, models.nlp is not None):
                continue
            if j - i > 1:
                significant = [t for t in words if t.key not in _PARTICLES]
                if any(not t.text[:1].isupper() for t in significant):
                    continue
        # of several units of that name, the graph's; else the most populous (« Bretagne » the région, not the
        # commune of 600 inhabitants); homonyms are listed with their département
        chosen = graph[0] if graph else max(places, key=lambda p: p.population)
        ident = chosen.iri or f"reference:{key}:{chosen.kind}"
        entry = found.get(ident)
        if entry is None:
            same = [p for p in places if p.kind == chosen.kind] if not graph else [chosen]
            geonames = sorted({g for p in same for g in p.geonames if g})
            units = sorted({(p.official, p.unit) for p in same if p.official})
            entry = Found(chosen.label, chosen.kind or "Commune", 0, [], chosen.source, chosen.iri, geonames,
                          max((p.population for p in places), default=0), [o for o, _ in units], [u for _, u in units])
            found[ident] = entry
        entry.mentions += 1
        line = line_at(start)
        if line not in entry.lines:
            entry.lines.append(line)
        number = _DEPARTEMENT_NUMBER.match(raw, toks[j - 1].end)
        departement = models.departements.get(number.group(1)) if number else None
        if departement is not None and _in_departement(entry, number.group(1)):
            # « Besançon (25) », « Le Mené (22) »: the département, by its number (when it is the commune's)
            dep = found.setdefault(f"reference:departement:{number.group(1)}", Found(
                departement.label, "Department", 0, [], "reference", None, [], departement.population,
                [departement.official], [departement.unit]))
            dep.mentions += 1
            if line not in dep.lines:
                dep.lines.append(line)
    return sorted(_short_names_merged(found.values()), key=about)


_DEPARTEMENT_NUMBER = re.compile(r"\s?\((\d{2}|2[AB]|97\d)\)")


def _in_departement(entry: Found, number: str) -> bool:
    """The number after a name is its département's when one of the communes of that name has its code there
    (« Lisieux Normandie (26) » is no Drôme); a graph territory, whose code is not at hand here, is believed."""
    return not entry.units or any(kind == "commune" and code.startswith(number) for kind, code in entry.units)


def _short_names_merged(found) -> list[Found]:
    """A one-word official name that is a word of a longer name of the same kind found in the same text is that
    longer one said short (« Loos » for Loos-en-Gohelle): its mentions go to it."""
    entries = list(found)
    out = []
    for entry in entries:
        key = fold_name(entry.name)
        longer = [o for o in entries if o is not entry and o.kind == entry.kind and len(fold_name(o.name).split()) > 1
                  and key in fold_name(o.name).split()] if entry.source != "graph" and " " not in key else []
        if longer:
            target = max(longer, key=lambda o: (o.source == "graph", o.mentions))
            target.mentions += entry.mentions
            target.lines = sorted(set(target.lines) | set(entry.lines))
        else:
            out.append(entry)
    return out


#: Kinds that are seldom what a sheet is about: the territory of a sheet is a commune or an intercommunality.
_WIDE = {"Department", "Region", "Country", "NamedArea", "MetropolitanPole"}


def about(found: Found) -> tuple:
    """The order of the territories a text names, the one it is about first: communes and intercommunalities
    before wider areas, then the most mentioned, then the first mentioned (not the first of a list named once)."""
    return (found.kind in _WIDE, -found.mentions, found.lines[0] if found.lines else 0, found.name)


def _is_place_context(raw: str, toks: list[Token], i: int, loc_spans, with_ner: bool) -> bool:
    """A one-word GeoNames name is a place if spaCy says so; without spaCy, if a place cue precedes it."""
    tok = toks[i]
    if with_ner:
        return any(a <= tok.start < b for a, b in loc_spans)
    before = " ".join(t.key for t in toks[max(0, i - 2):i])
    return any(before == cue or before.endswith(" " + cue) for cue in _PLACE_CUES)


def _line_index(raw: str):
    starts = [0] + [m.end() for m in re.finditer("\n", raw)]
    return lambda pos: bisect.bisect_right(starts, pos)


class _Actors:
    """People and organisations found so far, by folded name, with their mentions and lines."""

    def __init__(self, raw: str):
        self.line_at = _line_index(raw)
        self.people: dict[str, Found] = {}
        self.orgs: dict[str, Found] = {}

    def add(self, table: dict, name: str, kind: str, source: str, line: int, iri=None) -> None:
        key = fold_name(name)
        entry = table.get(key)
        if entry is None:
            entry = table[key] = Found(name, kind, 0, [], source, iri)
        elif iri and not entry.iri:
            entry.iri, entry.source, entry.name = iri, source, name
        entry.mentions += 1
        if line not in entry.lines:
            entry.lines.append(line)

    def sorted(self, territory_keys: set[str]) -> tuple[list[Found], list[Found]]:
        """People: a name contained in a longer one counted with it; organisations: people's names left out."""
        people, orgs = self.people, self.orgs
        keys = list(people)
        for k in keys:
            if any(k != other and f" {k} " in f" {other} " for other in keys):
                longer = next(other for other in keys if k != other and f" {k} " in f" {other} ")
                people[longer].mentions += people[k].mentions
                del people[k]
        for k in list(orgs):
            if k in people or k in territory_keys and orgs[k].source != "graph":
                del orgs[k]
        order = lambda f: (f.source != "graph", -f.mentions, f.name)  # noqa: E731
        return sorted(people.values(), key=order), sorted(orgs.values(), key=order)


def find_actors(raw: str, toks: list[Token], models: Models, paras: list[Paragraph],
                territory_keys: set[str], territory_spans=()) -> tuple[list[Found], list[Found]]:
    """People and organisations: the graph's actors, spaCy's PER and ORG, and the first-name rule."""
    found = _Actors(raw)
    for i, j, key, places, exact in models.actors.matches(raw, toks):
        place = places[0]
        if j - i == 1 and len(key) < 3:
            continue
        table = found.people if place.kind == "Person" else found.orgs
        found.add(table, place.label, place.kind, "graph", found.line_at(toks[i].start), place.iri)
    _first_name_people(found, raw, toks, models, territory_keys, territory_spans)
    if models.nlp is not None:
        _spacy_actors(found, paras, models, territory_keys)
    return found.sorted(territory_keys)


def _first_name_people(found: _Actors, raw: str, toks: list[Token], models: Models, territory_keys: set[str],
                       territory_spans) -> None:
    """The first-name rule: a known first name, then one to three capitalised words."""
    names = FIRST_NAMES | {fold_name(p.label).split()[0] for p in models.knowledge.actors if p.kind == "Person"
                           and fold_name(p.label)}
    i = 0
    while i < len(toks):
        tok = toks[i]
        first = tok.key
        n_first = 1
        if i + 1 < len(toks) and f"{tok.key}-{toks[i + 1].key}" in names and raw[tok.end:toks[i + 1].start] == "-":
            first, n_first = f"{tok.key}-{toks[i + 1].key}", 2
        compound = i > 0 and raw[toks[i - 1].end:tok.start] in ("-", "'", "’")  # Saint-Jean, d'Anne
        inside = any(a <= tok.start < b for a, b in territory_spans)
        if tok.text[:1].isupper() and first in names and not compound and not inside:
            j = i + n_first
            last = []
            while j < len(toks) and len(last) < 3 and _joined(raw, toks[j - 1], toks[j]) and \
                    toks[j].text[:1].isupper() and toks[j].text.isalpha() and \
                    (last or raw[toks[j - 1].end:toks[j].start].isspace()):
                last.append(toks[j])
                j += 1
            if last and last[-1].key in _PARTICLES:
                last.pop()
                j -= 1
            if last and (last[0].key not in names or len(last) > 1):
                name = " ".join(raw[tok.start:toks[j - 1].end].split())
                if fold_name(name) not in territory_keys:
                    found.add(found.people, _title_case(name), "Person", "rules", found.line_at(tok.start))
                i = j
                continue
        i += 1


def _spacy_actors(found: _Actors, paras: list[Paragraph], models: Models, territory_keys: set[str]) -> None:
    """spaCy's PER and ORG entities, paragraph by paragraph (whitespace-normalised text)."""
    for para, doc in zip(paras, models.nlp.pipe([p.text for p in paras], batch_size=32)):
        for ent in doc.ents:
            text = ent.text
            if ent.label_ == "PER" and len(ent) == 1 and ent.end < len(doc):
                after = doc[ent.end]  # « Irwina » then « Marchal »: a first name and its surname
                if after.is_alpha and after.text[:1].isupper() and not after.is_stop and not after.text.isupper():
                    text = doc[ent.start:ent.end + 1].text
            name = " ".join(text.split()).strip(" -–—.,;:«»\"'’()*")
            if not name or not re.fullmatch(r"[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)*\.?", name):
                continue
            words = name.split()
            if fold_name(words[0]) in _ARTICLES or fold_name(words[0]).split()[0] in _ARTICLES:
                continue
            if ent.label_ == "PER":
                if len(words) < 2 or len(words) > 4 or any(not w[:1].isupper() for w in words
                                                            if fold_name(w) not in _PARTICLES):
                    continue
                if fold_name(name) not in territory_keys:
                    found.add(found.people, _title_case(name), "Person", "spacy", para.line)
            elif ent.label_ == "ORG":
                if len(name) < 2 or name.islower() or fold_name(name) in territory_keys:
                    continue
                if len(words) == 1 and not (name.isupper() and 2 <= len(name) <= 8):
                    continue
                found.add(found.orgs, name, "Organisation", "spacy", para.line)


def _title_case(name: str) -> str:
    """`ANNE-LOUISE NÈGRE` -> `Anne-Louise Nègre` (names printed in capitals); others unchanged."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), name.lower())
