"""The documentation's own pages, plain HTML from what the store answered: the référentiel (its enjeux and
balises with their notations, labels in French and English, definitions, broader and narrower concepts) and the
index that links it to the ontology's page. French first, English beside it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

#: The enjeux in the order of the référentiel's document (doc:004: engagement, action intégrée, coopération,
#: valeur); a notation it does not list comes after them, alphabetically.
ENJEU_ORDER = "ETCV"

CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5;
       color: #1d2b28; }
h1 { color: #1f5c4f; } h2 { color: #1f5c4f; border-bottom: 2px solid #cfe3dd; margin-top: 2.5rem; }
h3 { margin-bottom: 0.2rem; } .en { color: #5b6b67; font-style: italic; margin-top: 0; }
.notation { display: inline-block; min-width: 2.2rem; background: #e8f3f0; color: #1f5c4f; border-radius: 0.4rem;
            text-align: center; margin-right: 0.4rem; font-family: ui-monospace, monospace; }
dl { display: grid; grid-template-columns: 12rem 1fr; gap: 0.3rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
code { font-size: 0.9rem; } nav { font-size: 0.9rem; margin-bottom: 1rem; } article { margin: 1.2rem 0 1.8rem; }
footer { margin-top: 3rem; font-size: 0.85rem; color: #5b6b67; }
"""


@dataclass(frozen=True)
class Concept:
    """An enjeu or a balise of the scheme, as the store gives it."""

    iri: str
    kind: str  # "Enjeu" or "Balise"
    notation: str
    label_fr: str
    label_en: str
    definition_fr: str
    definition_en: str
    broader: str | None


def both(fr: str, en: str) -> str:
    """A French text with its English one beside it (once when they are the same)."""
    return escape(fr) if fr == en or not en else f'{escape(fr)} · <span lang="en">{escape(en)}</span>'


def shell(title: str, body: str, nav: str = "") -> str:
    """A whole page: its title, the shared style, the way back to the index, the body."""
    back = f'<nav><a href="index.html">Documentation Balises</a>{nav}</nav>' if nav is not None else ""
    return (f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n{back}\n{body}\n</body>\n</html>\n")


def _rank(notation: str) -> tuple:
    letter = ENJEU_ORDER.find(notation[:1])
    return (letter if letter >= 0 else len(ENJEU_ORDER), notation[:1], len(notation), notation)


def _definitions(c: Concept) -> str:
    parts = [f"<dd>{escape(c.definition_fr)}</dd>" if c.definition_fr else "",
             f'<dd lang="en" class="en">{escape(c.definition_en)}</dd>' if c.definition_en else ""]
    return f"<dt>{both('Définition', 'Definition')}</dt>{''.join(parts)}" if any(parts) else ""


def _heading(tag: str, c: Concept) -> str:
    return (f'<{tag} id="{escape(c.notation)}"><span class="notation">{escape(c.notation)}</span>'
            f'{escape(c.label_fr)}</{tag}>\n<p class="en" lang="en">{escape(c.label_en)}</p>')


def _link(c: Concept) -> str:
    return f'<a href="#{escape(c.notation)}">{escape(c.notation)} — {escape(c.label_fr)}</a>'


def referentiel_page(scheme: dict[str, str | None], concepts: list[Concept]) -> str:
    """The scheme's page: its description, then each enjeu (its definition, its balises), then each balise."""
    enjeux = sorted((c for c in concepts if c.kind == "Enjeu"), key=lambda c: _rank(c.notation))
    balises = sorted((c for c in concepts if c.kind == "Balise"), key=lambda c: _rank(c.notation))
    under = {e.iri: [b for b in balises if b.broader == e.iri] for e in enjeux}
    by_iri = {e.iri: e for e in enjeux}
    get = lambda key: scheme.get(key) or ""  # noqa: E731
    meta = [("IRI", f"<code>{escape(get('scheme'))}</code>"),
            (both("Titre du document", "Document title"), escape(get("title"))),
            (both("Date", "Date"), escape(get("date"))),
            (both("Rédacteurs", "Authors"), escape(get("creators"))),
            (both("Éditeur", "Publisher"), escape(get("publisher"))),
            (both("Licence", "Licence"), f'<a href="{escape(get("licence"))}">{escape(get("licence"))}</a>'
             if get("licence") else ""),
            (both("Source", "Source"), escape(get("sources").replace(" | ", " ; "))),
            (both("Contenu", "Contents"), f"{len(enjeux)} enjeux, {len(balises)} balises")]
    body = [f"<h1>{escape(get('labelFr'))}</h1>", f'<p class="en" lang="en">{escape(get("labelEn"))}</p>',
            "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta if v) + "</dl>"]
    if get("definition"):
        body.append(f"<blockquote>{escape(get('definition'))}</blockquote>")
    body.append(f"<h2>{both('Sommaire', 'Contents')}</h2>\n<ul>")
    for e in enjeux:
        items = "".join(f"<li>{_link(b)}</li>" for b in under[e.iri])
        body.append(f"<li>{_link(e)}<ul>{items}</ul></li>")
    body.append("</ul>")
    for e in enjeux:
        narrower = ", ".join(_link(b) for b in under[e.iri])
        body.append(f'<section>\n{_heading("h2", e)}\n<dl><dt>IRI</dt><dd><code>{escape(e.iri)}</code></dd>'
                    f"{_definitions(e)}<dt>{both('Balises (plus étroits)', 'Narrower')}</dt><dd>{narrower}</dd>"
                    "</dl>")
        for b in under[e.iri]:
            body.append(f'<article>\n{_heading("h3", b)}\n<dl><dt>IRI</dt><dd><code>{escape(b.iri)}</code></dd>'
                        f"{_definitions(b)}<dt>{both('Enjeu (plus large)', 'Broader')}</dt>"
                        f"<dd>{_link(by_iri[b.broader])}</dd></dl>\n</article>")
        body.append("</section>")
    orphans = [b for b in balises if b.broader not in by_iri]
    if orphans:  # a balise under no enjeu of the scheme: listed, so that nothing the store holds is hidden
        body.append(f"<h2>{both('Autres balises', 'Other balises')}</h2><ul>"
                    + "".join(f"<li>{_link(b)}</li>" for b in orphans) + "</ul>")
    return shell(get("labelFr") or "Référentiel", "\n".join(body), nav=' · <a href="ontology.html">Ontologie</a>')


def index_page(stamp: dict[str, str], classes: int, properties: int, enjeux: int, balises: int) -> str:
    """The folder's index: the two pages, what they hold, and the build they describe."""
    body = f"""<h1>Balises — documentation</h1>
<p>{both("Documentation du vocabulaire du graphe de connaissances Balises",
         "Documentation of the vocabulary of the Balises knowledge graph")}.</p>
<ul>
<li><a href="ontology.html">{both("Ontologie Balises", "Balises ontology")}</a> :
  {classes} classes, {properties} {both("propriétés", "properties")} (pyLODE, profil OntPub)</li>
<li><a href="referentiel.html">{both("Référentiel", "Référentiel")}</a> :
  {enjeux} enjeux, {balises} balises (SKOS)</li>
</ul>
<dl>
<dt>{both("Version", "Version")}</dt><dd>Balises {escape(stamp["version"])}, {both("ontologie", "ontology")}
  {escape(stamp["ontology_version"])}</dd>
<dt>{both("Graphe construit le", "Graph built on")}</dt><dd>{escape(stamp["built"])}</dd>
<dt>{both("Documentation écrite le", "Documentation written on")}</dt><dd>{escape(stamp["written"])}</dd>
</dl>
<footer>Écrite par <code>balises docs</code> et <code>balises build</code>, servie par
<code>balises serve --docs</code> sous <code>/docs/</code>. · <span lang="en">Written by <code>balises docs</code>
and <code>balises build</code>, served by <code>balises serve --docs</code> under <code>/docs/</code>.</span></footer>"""
    return shell("Balises — documentation", body, nav=None)


__all__ = ["Concept", "ENJEU_ORDER", "index_page", "referentiel_page", "shell"]
