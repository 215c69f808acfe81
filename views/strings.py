"""Every UI string of the explorer, in French (first) and English, in one place.

`t(key, lang, **values)` formats the string; a missing English string falls back to French, a missing
key shows the key itself (so a typo is visible, never a crash). Labels of things of the graph come
from the ontology's @fr/@en labels (views.common.label), not from here.
"""

from __future__ import annotations

LANGS = ("fr", "en")

S: dict[str, dict[str, str]] = {
    # --- router, sidebar
    "app_title": {"fr": "Balises", "en": "Balises"},
    "lang_label": {"fr": "Langue / Language", "en": "Language / Langue"},
    "page_home": {"fr": "Accueil", "en": "Home"},
    "page_territories": {"fr": "Territoires", "en": "Territories"},
    "page_referentiel": {"fr": "Référentiel", "en": "Référentiel"},
    "page_projects": {"fr": "Projets", "en": "Projects"},
    "page_network": {"fr": "Réseau de coopération", "en": "Cooperation network"},
    "page_leaps": {"fr": "Sauts systémiques", "en": "Systemic leaps"},
    "page_quotes": {"fr": "Citations", "en": "Quotes"},
    "page_sparql": {"fr": "SPARQL", "en": "SPARQL"},
    "page_contribute": {"fr": "Contribuer", "en": "Contribute"},
    "basket_sidebar": {"fr": "Panier : {n} citation(s)", "en": "Basket: {n} quote(s)"},
    "permalink_help": {"fr": "L'adresse de la page est un lien permanent vers cette vue : copiez-la pour la partager.",
                       "en": "The page's address is a permalink to this view: copy it to share it."},
    "store_missing": {"fr": "Le graphe n'est pas disponible : {error}\n\nLancez `make run` (ou `balises build`).",
                      "en": "The graph is not available: {error}\n\nRun `make run` (or `balises build`)."},
    "bad_input": {"fr": "Entrée refusée : {error}", "en": "Input refused: {error}"},
    "query_failed": {"fr": "La requête n'a pas abouti : {error}", "en": "The query failed: {error}"},
    "all": {"fr": "(tous)", "en": "(all)"},
    "none_found": {"fr": "Aucun résultat.", "en": "No result."},
    "unknown_value": {"fr": "Valeur inconnue dans l'adresse ({name} = {value}) : ignorée.",
                      "en": "Unknown value in the address ({name} = {value}): ignored."},
    # --- SPARQL panel
    "see_query": {"fr": "Voir la requête SPARQL", "en": "See the SPARQL query"},
    "query_sent": {"fr": "Le texte exact envoyé au moteur, préfixes et valeurs des paramètres compris : il s'exécute "
                         "tel quel sur tout point d'accès SPARQL 1.1 (bouton de copie en haut à droite du bloc).",
                   "en": "The exact text sent to the engine, prefixes and parameter values included: it runs as it "
                         "is on any SPARQL 1.1 endpoint (copy button at the top right of the block)."},
    "sparql_sent": {"fr": "Texte envoyé (préfixes et valeurs compris), à copier ou ouvrir dans YASGUI",
                    "en": "Text sent (prefixes and values included), to copy or open in YASGUI"},
    "open_yasgui": {"fr": "Ouvrir dans YASGUI", "en": "Open in YASGUI"},
    "yasgui_needs_serve": {"fr": "Pour l'ouvrir dans YASGUI, lancez `balises serve` (YASGUI sur {url}).",
                           "en": "To open it in YASGUI, start `balises serve` (YASGUI at {url})."},
    "open_console": {"fr": "Ouvrir dans la console", "en": "Open in the console"},
    "bank_note": {"fr": "la page cherche et compte dans l'index de recherche des citations que la construction "
                         "écrit (graphe `graphe:recherche`, tiré de la requête `30-quote-bank` : texte replié, territoires "
                         "concernés, un territoire avec ce qu'il contient) ; la requête ci-dessus pose la même "
                         "question directement en SPARQL",
                  "en": "the page searches and counts in the quote search index the build writes (graph "
                        "`graphe:recherche`, from query `30-quote-bank`: folded text, territories concerned, a territory "
                        "with what lies within it); the query above asks the same question directly in SPARQL"},
    "python_side": {"fr": "Filtrage ensuite en Python : {what}.", "en": "Then filtered in Python: {what}."},
    # --- quotes
    "add_basket": {"fr": "Ajouter au panier", "en": "Add to basket"},
    "remove_basket": {"fr": "Retirer du panier", "en": "Remove from basket"},
    "see_in_document": {"fr": "Voir dans le document", "en": "See in the document"},
    "source_title": {"fr": "La citation dans son document", "en": "The quote in its document"},
    "source_licence": {"fr": "Licence {licence} : citer les auteurs.", "en": "Licence {licence}: cite the authors."},
    "source_missing": {"fr": "Le texte du document ({file}) n'est pas disponible ici.",
                       "en": "The document's text ({file}) is not available here."},
    "source_where": {"fr": "Fichier {file}, lignes {first} à {last} ; la citation est surlignée, le texte est celui "
                           "du corpus, tel quel.",
                     "en": "File {file}, lines {first} to {last}; the quote is highlighted, the text is the corpus's "
                           "own, as it is."},
    "key_quote": {"fr": "citation clé", "en": "key quote"},
    "line": {"fr": "ligne", "en": "line"},
    "speaker": {"fr": "propos de", "en": "words of"},
    "more_quotes": {"fr": "… et {n} autre(s) citation(s) : voir la page Citations.",
                    "en": "… and {n} more quote(s): see the Quotes page."},
    # --- the writer's dossier
    "dossier_title": {"fr": "Dossier de rédaction", "en": "Writer's dossier"},
    "dossier_refs_title": {"fr": "Références pour Zotero", "en": "References for Zotero"},
    "dossier_docx": {"fr": "Word (DOCX)", "en": "Word (DOCX)"},
    "dossier_odt": {"fr": "LibreOffice (ODT)", "en": "LibreOffice (ODT)"},
    "dossier_md": {"fr": "Markdown", "en": "Markdown"},
    "dossier_bib": {"fr": "BibTeX", "en": "BibTeX"},
    "dossier_csl-json": {"fr": "CSL JSON", "en": "CSL JSON"},
    "dossier_ris": {"fr": "RIS", "en": "RIS"},
    "dossier_docx_help": {"fr": "Les citations exactes, leurs notes de bas de page et la bibliographie, à ouvrir dans "
                                "Word ou LibreOffice.",
                          "en": "The exact quotes, their footnotes and the bibliography, to open in Word or "
                                "LibreOffice."},
    "dossier_odt_help": {"fr": "Le même dossier au format OpenDocument (LibreOffice).",
                         "en": "The same dossier as OpenDocument (LibreOffice)."},
    "dossier_md_help": {"fr": "Le même dossier en texte Markdown.", "en": "The same dossier as Markdown text."},
    "dossier_bib_help": {"fr": "Les documents cités, pour Zotero (Fichier > Importer) ou BibLaTeX.",
                         "en": "The documents cited, for Zotero (File > Import) or BibLaTeX."},
    "dossier_csl-json_help": {"fr": "Les documents cités en CSL JSON, pour Zotero et les styles CSL.",
                              "en": "The documents cited as CSL JSON, for Zotero and CSL styles."},
    "dossier_ris_help": {"fr": "Les documents cités en RIS, pour Zotero, EndNote ou Mendeley.",
                         "en": "The documents cited as RIS, for Zotero, EndNote or Mendeley."},
    "dossier_failed": {"fr": "Le dossier n'a pas pu être produit : {error}",
                       "en": "The dossier could not be made: {error}"},
    # --- home
    "home_intro": {
        "fr": "Le graphe de connaissances des pratiques de transition territoriale et de leurs invariants, les 23 "
              "« balises » du référentiel de l'atelier *Villes pairs et territoires pilotes de la transition*, tiré des "
              "documents du réseau de la **Fabrique des transitions** : chaque fait est tracé jusqu'à son document, "
              "chaque balise illustrée par des citations exactes.",
        "en": "The knowledge graph of territorial transition practices and their invariants, the 23 \"balises\" of the "
              "référentiel of the *Villes pairs* workshop, drawn from documents of the **Fabrique des transitions** "
              "network: each fact is traced to its document, each balise illustrated by verbatim quotes."},
    "home_counts": {"fr": "Ce que contient le graphe", "en": "What the graph holds"},
    "home_map": {"fr": "Carte des territoires", "en": "Map of territories"},
    "home_cite": {"fr": "Citer Balises", "en": "How to cite Balises"},
    "home_cite_text": {
        "fr": "Balises contributors, *Balises : graphe de connaissances des pratiques de transition territoriale et "
              "de leurs invariants*, version {version}, 2026, licence MIT. Citez aussi les documents dont vous "
              "reprenez les faits ou les citations : chaque citation du graphe donne sa référence, et le document "
              "004 (CC BY-NC-ND) se cite avec ses auteurs, Patrice Vuidel et Julian Perdrigeat. Le fichier "
              "`CITATION.cff` (Citation File Format, lu par GitHub et Zotero) les réunit.",
        "en": "Balises contributors, *Balises: a knowledge graph of territorial transition practices and their "
              "invariants*, version {version}, 2026, MIT licence. Also cite the documents whose facts or quotes you "
              "use: every quote of the graph gives its reference, and document 004 (CC BY-NC-ND) is cited with its "
              "authors, Patrice Vuidel and Julian Perdrigeat. The file `CITATION.cff` (Citation File Format, read by "
              "GitHub and Zotero) gathers them."},
    "home_cite_download": {"fr": "Télécharger CITATION.cff", "en": "Download CITATION.cff"},
    # --- documentation of the ontology and the référentiel (views.ui.ontology_docs)
    "docs_title": {"fr": "Documentation de l'ontologie", "en": "Ontology documentation"},
    "docs_intro": {
        "fr": "Les pages HTML du vocabulaire du graphe, écrites par `balises build` à côté du graphe : l'ontologie "
              "(ses classes et propriétés, libellés et définitions en français et en anglais, par pyLODE) et le "
              "référentiel (4 enjeux, 23 balises : notations, libellés, définitions, plus large et plus étroits).",
        "en": "The HTML pages of the graph's vocabulary, written by `balises build` beside the graph: the ontology "
              "(its classes and properties, labels and definitions in French and English, by pyLODE) and the "
              "référentiel (4 enjeux, 23 balises: notations, labels, definitions, broader and narrower)."},
    "docs_ontology": {"fr": "Ontologie", "en": "Ontology"},
    "docs_referentiel": {"fr": "Référentiel", "en": "Référentiel"},
    "docs_download": {"fr": "Télécharger la page {page}", "en": "Download the {page} page"},
    "docs_serve": {"fr": "Pour les parcourir dans le navigateur, lancez `balises serve --docs` : elles sont alors à",
                   "en": "To browse them in the browser, run `balises serve --docs`: they are then at"},
    "docs_open": {"fr": "Ouvrir la documentation (balises serve)", "en": "Open the documentation (balises serve)"},
    "docs_read_here": {"fr": "Lire ici", "en": "Read here"},
    "docs_hidden": {"fr": "(fermé)", "en": "(closed)"},
    "docs_missing": {"fr": "La documentation n'est pas encore écrite dans {folder} : lancez `balises docs` (ou "
                           "`balises build`).",
                     "en": "The documentation is not written yet in {folder}: run `balises docs` (or "
                           "`balises build`)."},
    "home_map_caption": {
        "fr": "Communes situées grâce à GeoNames (CC BY 4.0) ; taille selon la population (officielle, sinon celle "
              "du corpus), couleur selon le programme. Cliquez un point pour ouvrir sa fiche. Contours des "
              "départements : amCharts (paquet @amcharts/amcharts4-geodata 4.1.32, licence libre amCharts avec "
              "attribution, data/reference/LICENSE-amcharts-geodata.md).",
        "en": "Communes located with GeoNames (CC BY 4.0); size by population (official, else the corpus's), colour "
              "by programme. Click a point to open its sheet. Outlines of the départements: amCharts (package "
              "@amcharts/amcharts4-geodata 4.1.32, amCharts free licence with attribution, "
              "data/reference/LICENSE-amcharts-geodata.md)."},
    "map_programme": {"fr": "Programme", "en": "Programme"},
    "map_population": {"fr": "Population", "en": "Population"},
    "map_none": {"fr": "aucun programme", "en": "no programme"},
    "map_several": {"fr": "plusieurs programmes", "en": "several programmes"},
    "map_unknown_pop": {"fr": "non donnée", "en": "not given"},
    "home_entries": {"fr": "Par où commencer ?", "en": "Where to start?"},
    "entry_territory": {"fr": "Je représente un territoire", "en": "I represent a territory"},
    "entry_territory_help": {"fr": "Sa fiche, ses projets, les personnes à contacter, les territoires qui lui ressemblent.",
                             "en": "Its sheet, projects, people to contact, the territories like it."},
    "entry_researcher": {"fr": "Je suis chercheur·e", "en": "I am a researcher"},
    "entry_researcher_help": {"fr": "Le réseau de coopération, ses métriques et exports, la console SPARQL.",
                              "en": "The cooperation network, its metrics and exports, the SPARQL console."},
    "entry_writer": {"fr": "J'écris", "en": "I write"},
    "entry_writer_help": {"fr": "Des exemples et des citations avec leur référence exacte, exportables.",
                          "en": "Examples and quotes with their exact citation, ready to export."},
    "home_sources": {"fr": "Les documents sources", "en": "The source documents"},
    "col_document": {"fr": "Document", "en": "Document"},
    "col_title": {"fr": "Titre", "en": "Title"},
    "col_date": {"fr": "Date", "en": "Date"},
    "col_licence": {"fr": "Licence", "en": "Licence"},
    # --- territories
    "ter_title": {"fr": "Territoires", "en": "Territories"},
    "ter_search": {"fr": "Rechercher un territoire", "en": "Search a territory"},
    "ter_search_help": {"fr": "Une partie du nom, sans souci des accents (ex. « loos »).",
                        "en": "Part of the name, accents ignored (e.g. \"loos\")."},
    "ter_pick": {"fr": "Territoire", "en": "Territory"},
    "ter_no_match": {"fr": "Aucun territoire du graphe ne correspond à « {text} ». Essayez une autre orthographe, ou "
                           "décrivez-le dans l'onglet « Profil saisi ».",
                     "en": "No territory of the graph matches \"{text}\". Try another spelling, or describe it in the "
                           "\"Typed profile\" tab."},
    "tab_sheet": {"fr": "Fiche", "en": "Sheet"},
    "tab_similar": {"fr": "Territoires qui me ressemblent", "en": "Territories like mine"},
    "tab_profile": {"fr": "Profil saisi", "en": "Typed profile"},
    "kind": {"fr": "Nature", "en": "Kind"},
    "population": {"fr": "Population", "en": "Population"},
    "pop_detail": {"fr": "{value} habitants ({year}, source : {source})", "en": "{value} inhabitants ({year}, source: {source})"},
    "area": {"fr": "Superficie", "en": "Area"},
    "part_of": {"fr": "Fait partie de", "en": "Part of"},
    "programmes": {"fr": "Programmes", "en": "Programmes"},
    "projects": {"fr": "Projets", "en": "Projects"},
    "people_orgs": {"fr": "Personnes et organisations", "en": "People and organisations"},
    "balises_evidenced": {"fr": "Balises dont il témoigne", "en": "Balises it is evidenced for"},
    "quotes_about": {"fr": "Citations", "en": "Quotes"},
    "unknown": {"fr": "inconnu", "en": "unknown"},
    "similar_intro": {"fr": "Les territoires et projets les plus proches, et pourquoi (score de 0 à 1).",
                      "en": "The closest territories and projects, and why (score from 0 to 1)."},
    "similar_territories": {"fr": "Territoires analogues", "en": "Analogous territories"},
    "similar_projects": {"fr": "Projets analogues", "en": "Analogous projects"},
    "score": {"fr": "score", "en": "score"},
    "open_sheet": {"fr": "Ouvrir la fiche", "en": "Open the sheet"},
    "profile_intro": {"fr": "Tout territoire français, décrit ou non dans le corpus : cherchez-le par son nom ou son "
                            "code officiel (son profil officiel est repris du Code officiel géographique), ajoutez "
                            "les thèmes, enjeux et balises qui l'intéressent.",
                      "en": "Any French territory, described in the corpus or not: find it by name or official code "
                            "(its official profile comes from the official geographic code), then add the themes, "
                            "enjeux and balises it cares about."},
    "profile_name": {"fr": "Votre territoire (commune, intercommunalité, département, région)",
                     "en": "Your territory (commune, intercommunality, département, région)"},
    "profile_name_help": {"fr": "Un nom (accents, tirets et « St » indifférents) ou un code INSEE / SIREN : "
                                "Mouans-Sartoux, 06084, Pays de Grasse. Laissez vide pour décrire un territoire à la main.",
                          "en": "A name (accents, hyphens and « St » do not matter) or an INSEE code / SIREN: "
                                "Mouans-Sartoux, 06084, Pays de Grasse. Leave empty to describe a territory by hand."},
    "profile_no_unit": {"fr": "Aucune commune, intercommunalité, département ni région nommé « {text} ».",
                        "en": "No commune, intercommunality, département or région named « {text} »."},
    "profile_unit": {"fr": "Lequel ?", "en": "Which one?"},
    "pop_official": {"fr": "population municipale officielle : {value} (Code officiel géographique, {year})",
                     "en": "official population: {value} (official geographic code, {year})"},
    "official_code": {"fr": "code officiel : {code}", "en": "official code: {code}"},
    "profile_official_note": {"fr": "{unit} n'est pas décrit dans le corpus ; voici son profil officiel (Code officiel "
                                    "géographique) : {details}.",
                              "en": "{unit} is not described in the corpus; here is its official profile (official "
                                    "geographic code): {details}."},
    "inhabitants": {"fr": "{n} habitants", "en": "{n} inhabitants"},
    "geonames_at": {"fr": "coordonnées GeoNames ({lat}, {long})", "en": "GeoNames coordinates ({lat}, {long})"},
    "geonames_none": {"fr": "sans coordonnées GeoNames", "en": "no GeoNames coordinates"},
    "profile_kind": {"fr": "Nature du territoire", "en": "Kind of territory"},
    "profile_population": {"fr": "Population (0 si inconnue)", "en": "Population (0 if unknown)"},
    "profile_themes": {"fr": "Thèmes d'action", "en": "Themes of action"},
    "profile_enjeux": {"fr": "Enjeux qui l'intéressent", "en": "Enjeux of interest"},
    "profile_balises": {"fr": "Balises qui l'intéressent", "en": "Balises of interest"},
    "profile_area": {"fr": "Département ou région", "en": "Département or région"},
    "profile_as_text": {"fr": "Le même calcul en ligne de commande : `balises analogues \"{text}\"`",
                        "en": "The same computation on the command line: `balises analogues \"{text}\"`"},
    "profile_no_projects": {"fr": "Aucun projet : ajoutez des thèmes, des enjeux ou des balises.",
                            "en": "No project: add themes, enjeux or balises."},
    "profile_go": {"fr": "Chercher les analogues", "en": "Find analogues"},
    "profile_empty": {"fr": "Indiquez au moins un thème, une balise, une population ou une nature.",
                      "en": "Give at least a theme, a balise, a population or a kind."},
    "components": {"fr": "Composantes", "en": "Components"},
    # --- référentiel
    "ref_title": {"fr": "Le référentiel : 4 enjeux, 23 balises", "en": "The référentiel: 4 enjeux, 23 balises"},
    "ref_tree": {"fr": "Enjeux et balises", "en": "Enjeux and balises"},
    "ref_quotes_cases": {"fr": "{quotes} citation(s), {cases} cas", "en": "{quotes} quote(s), {cases} case(s)"},
    "definition": {"fr": "Définition", "en": "Definition"},
    "modes": {"fr": "Modes de faire", "en": "Ways of doing (modes de faire)"},
    "dispositifs": {"fr": "Dispositifs", "en": "Devices (dispositifs)"},
    "related_to_balise": {"fr": "lié à cette balise", "en": "related to this balise"},
    "cases": {"fr": "Cas qui l'illustrent", "en": "Cases that illustrate it"},
    "heatmaps": {"fr": "Cartes de chaleur", "en": "Heatmaps"},
    "heat_theme": {"fr": "Balise × thème", "en": "Balise × theme"},
    "heat_balise": {"fr": "Balise × balise", "en": "Balise × balise"},
    "heat_help": {"fr": "Cliquez une case (ou choisissez-la ci-dessous) pour lire ses citations.",
                  "en": "Click a cell (or pick it below) to read its quotes."},
    "heat_cell": {"fr": "Case", "en": "Cell"},
    "cell_quotes": {"fr": "Citations de la case {cell}", "en": "Quotes of cell {cell}"},
    "theme": {"fr": "Thème", "en": "Theme"},
    "quotes_n": {"fr": "citations", "en": "quotes"},
    "derived_from_004": {"fr": "Référentiel : Patrice Vuidel, Julian Perdrigeat et al., mars 2019, IE-EFC, licence CC BY-NC-ND 4.0.",
                         "en": "Référentiel: Patrice Vuidel, Julian Perdrigeat et al., March 2019, IE-EFC, licence CC BY-NC-ND 4.0."},
    # --- projects
    "prj_title": {"fr": "Projets", "en": "Projects"},
    "facet_indicator": {"fr": "Indicateur chiffré", "en": "Figure"},
    "facet_indicator_help": {"fr": "Ne garder que les projets dont un document donne ce chiffre, rangés par sa valeur.",
                             "en": "Keep only the projects a document gives this figure for, sorted by its value."},
    "figure_order": {"fr": "Ordre", "en": "Order"},
    "order_desc": {"fr": "décroissant", "en": "descending"},
    "order_asc": {"fr": "croissant", "en": "ascending"},
    "figures": {"fr": "Chiffres", "en": "Figures"},
    "figures_none": {"fr": "Aucun chiffre dans les documents.", "en": "No figure in the documents."},
    "figure_quote": {"fr": "Citation", "en": "Quote"},
    "figures_more": {"fr": "{n} autre(s) chiffre(s)", "en": "{n} more figure(s)"},
    "trajectory": {"fr": "Trajectoire", "en": "Trajectory"},
    "trajectory_none": {"fr": "Aucun fait daté dans les documents.", "en": "No dated fact in the documents."},
    "trajectory_sources": {"fr": "Dates telles que les donnent les documents : {documents}.",
                           "en": "Dates as the documents give them: {documents}."},
    "decade": {"fr": "Années {decade}", "en": "{decade}s"},
    "undated": {"fr": "Sans date", "en": "Undated"},
    "facet_theme": {"fr": "Thème", "en": "Theme"},
    "facet_status": {"fr": "Statut", "en": "Status"},
    "facet_territory": {"fr": "Territoire", "en": "Territory"},
    "facet_category": {"fr": "Catégorie d'acteurs", "en": "Actor category"},
    "facet_programme": {"fr": "Programme", "en": "Programme"},
    "prj_count": {"fr": "{n} projet(s)", "en": "{n} project(s)"},
    "prj_pick": {"fr": "Projet", "en": "Project"},
    "actors_roles": {"fr": "Acteurs et rôles", "en": "Actors and roles"},
    "balises": {"fr": "Balises", "en": "Balises"},
    "leaps": {"fr": "Sauts systémiques", "en": "Systemic leaps"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "status": {"fr": "Statut", "en": "Status"},
    "themes": {"fr": "Thèmes", "en": "Themes"},
    "territory": {"fr": "Territoire", "en": "Territory"},
    "description": {"fr": "Description", "en": "Description"},
    "resistances": {"fr": "Résistances", "en": "Resistances"},
    "success": {"fr": "Facteurs de réussite", "en": "Success factors"},
    "start": {"fr": "Début", "en": "Start"},
    "label": {"fr": "Libellé", "en": "Label"},
    "actors_n": {"fr": "acteurs", "en": "actors"},
    # --- network
    "net_title": {"fr": "Réseau de coopération", "en": "Cooperation network"},
    "net_intro": {"fr": "Deux acteurs sont liés quand ils sont impliqués dans un même projet. Taille : intermédiarité ; "
                        "couleur : communauté (Louvain).",
                  "en": "Two actors are linked when involved in the same project. Size: betweenness; colour: community "
                        "(Louvain)."},
    "net_kind": {"fr": "Nature de la coopération", "en": "Kind of cooperation"},
    "net_scale": {"fr": "Échelle des acteurs", "en": "Scale of the actors"},
    "net_isolated": {"fr": "Montrer les acteurs isolés", "en": "Show isolated actors"},
    "net_summary": {"fr": "{nodes} acteurs, {edges} liens, {communities} communautés",
                    "en": "{nodes} actors, {edges} links, {communities} communities"},
    "net_metrics": {"fr": "Métriques des acteurs", "en": "Actor metrics"},
    "net_kinds": {"fr": "Liens par nature de coopération", "en": "Links by kind of cooperation"},
    "net_download": {"fr": "Télécharger ({fmt})", "en": "Download ({fmt})"},
    "net_too_big": {"fr": "Avec ces filtres, le réseau compte {n} acteurs : au-delà de {limit}, le dessin et les "
                          "métriques ne se lisent plus. Choisissez un territoire ou un statut ; la commande "
                          "`balises network --export gexf reseau.gexf` exporte le réseau entier pour Gephi.",
                    "en": "With these filters the network has {n} actors: beyond {limit}, the drawing and the metrics "
                          "cannot be read. Choose a territory or a status; the command "
                          "`balises network --export gexf network.gexf` exports the whole network for Gephi."},
    "net_empty": {"fr": "Aucun lien avec ces filtres.", "en": "No link with these filters."},
    "net_clicked": {"fr": "Acteur choisi : {label}", "en": "Chosen actor: {label}"},
    "net_node": {"fr": "{label} — {kind}, {n} projet(s)", "en": "{label} — {kind}, {n} project(s)"},
    "net_actor": {"fr": "Acteur", "en": "Actor"},
    "net_levels": {"fr": "Échelles", "en": "Scales"},
    "net_categories": {"fr": "Catégories", "en": "Categories"},
    "net_degree": {"fr": "Degré", "en": "Degree"},
    "net_weighted_degree": {"fr": "Degré pondéré", "en": "Weighted degree"},
    "net_betweenness": {"fr": "Intermédiarité", "en": "Betweenness"},
    "net_community": {"fr": "Communauté", "en": "Community"},
    "net_links": {"fr": "Liens", "en": "Links"},
    "net_note": {"fr": "le graphe et ses métriques par `balises.analysis.network`",
                 "en": "the graph and its metrics by `balises.analysis.network`"},
    # the kinds of cooperation (balises.analysis.network.KINDS), named and described
    "coop_verticale": {"fr": "verticale", "en": "vertical"},
    "coop_verticale_help": {"fr": "élus ↔ services d'une même collectivité",
                            "en": "elected officials ↔ services of one local authority"},
    "coop_horizontale": {"fr": "horizontale", "en": "horizontal"},
    "coop_horizontale_help": {"fr": "entre services, ou entre collectivités pairs",
                              "en": "between services, or between peer local authorities"},
    "coop_transverse": {"fr": "transverse", "en": "transverse"},
    "coop_transverse_help": {"fr": "collectivité ↔ tiers (associations, entreprises, habitants, accompagnateurs)",
                             "en": "local authority ↔ third parties (associations, companies, residents, support "
                                   "bodies)"},
    "coop_multi-échelles": {"fr": "multi-échelles", "en": "multi-scale"},
    "coop_multi-échelles_help": {"fr": "acteurs de niveaux territoriaux différents (commune, EPCI, département, "
                                       "région, État)",
                                 "en": "actors of different territorial levels (commune, EPCI, département, région, "
                                       "State)"},
    "coop_entre tiers": {"fr": "entre tiers", "en": "between third parties"},
    "coop_entre tiers_help": {"fr": "entre acteurs non publics", "en": "between non-public actors"},
    # --- leaps
    "leaps_title": {"fr": "Sauts systémiques", "en": "Systemic leaps"},
    "leaps_intro": {"fr": "D'un périmètre d'enjeux à un autre plus large (balise T3 « Progresser par sauts systémiques »).",
                    "en": "From one perimeter of stakes to a wider one (balise T3 \"Progressing through systemic leaps\")."},
    "leaps_flow": {"fr": "Flux des périmètres (de → vers)", "en": "Flow of perimeters (from → to)"},
    "leaps_count": {"fr": "{n} saut(s)", "en": "{n} leap(s)"},
    "from": {"fr": "De", "en": "From"},
    "to": {"fr": "Vers", "en": "To"},
    "through_project": {"fr": "Par le projet", "en": "Through the project"},
    "new_actors": {"fr": "Nouveaux acteurs", "en": "New actors"},
    "leap_generic": {"fr": "exemple générique du référentiel", "en": "generic example of the référentiel"},
    # --- quotes page
    "q_title": {"fr": "Citations", "en": "Quotes"},
    "q_search": {"fr": "Rechercher dans les citations", "en": "Search the quotes"},
    "q_search_help": {"fr": "Mots (tous requis, dans n'importe quel ordre ; chacun aussi au pluriel ou au féminin) ou "
                            "« expression entre guillemets » ; coop* pour les mots qui commencent par coop. Casse, "
                            "accents, apostrophes et tirets ignorés. L'expression exacte vient d'abord, puis les mots "
                            "proches, puis les citations clés.",
                      "en": "Words (all required, in any order; each also in the plural or feminine) or \"a quoted "
                            "phrase\"; coop* for the words starting with coop. Case, accents, apostrophes and dashes "
                            "ignored. The exact phrase comes first, then the words close together, then the key quotes."},
    "q_balises": {"fr": "Balises", "en": "Balises"},
    "q_enjeux": {"fr": "Enjeux", "en": "Enjeux"},
    "q_territories": {"fr": "Territoires", "en": "Territories"},
    "q_documents": {"fr": "Documents", "en": "Documents"},
    "q_projects": {"fr": "Projets", "en": "Projects"},
    "q_speakers": {"fr": "Qui parle", "en": "Speakers"},
    "q_themes": {"fr": "Thèmes", "en": "Themes"},
    "q_programmes": {"fr": "Programmes", "en": "Programmes"},
    "q_statuses": {"fr": "Statut du projet", "en": "Project status"},
    "q_year_from": {"fr": "Documents depuis", "en": "Documents from"},
    "q_year_to": {"fr": "jusqu'à", "en": "to"},
    "q_key_only": {"fr": "Citations clés seulement", "en": "Key quotes only"},
    "q_count": {"fr": "{n} citation(s) sur {total}", "en": "{n} quote(s) of {total}"},
    "q_page": {"fr": "Page", "en": "Page"},
    "q_results": {"fr": "Résultats", "en": "Results"},
    "q_basket": {"fr": "Panier ({n})", "en": "Basket ({n})"},
    "q_basket_empty": {"fr": "Le panier est vide : ajoutez des citations avec « Ajouter au panier ».",
                       "en": "The basket is empty: add quotes with \"Add to basket\"."},
    "q_clear": {"fr": "Vider le panier", "en": "Empty the basket"},
    "q_add_all": {"fr": "Ajouter les {n} résultats", "en": "Add the {n} results"},
    "q_add_all_help": {"fr": "Toutes les pages de la recherche, dans leur ordre : {n} citation(s) pas encore au "
                             "panier.",
                       "en": "Every page of the search, in its order: {n} quote(s) not yet in the basket."},
    "q_undo": {"fr": "Annuler : remettre les {n} citation(s)", "en": "Undo: put the {n} quote(s) back"},
    "q_up": {"fr": "Monter", "en": "Up"},
    "q_down": {"fr": "Descendre", "en": "Down"},
    "q_basket_missing": {"fr": "{n} citation(s) de l'adresse ne sont plus dans le graphe : retirée(s) du panier.",
                         "en": "{n} quote(s) of the address are no longer in the graph: removed from the basket."},
    "q_basket_share": {"fr": "L'adresse de la page contient le panier (paramètre panier, dans son ordre) : copiez-la "
                             "pour le partager.",
                       "en": "The page's address holds the basket (parameter panier, in its order): copy it to "
                             "share it."},
    "q_export_md": {"fr": "Markdown", "en": "Markdown"},
    "q_export_csv": {"fr": "CSV", "en": "CSV"},
    "q_export_bib": {"fr": "BibTeX des documents", "en": "BibTeX of the documents"},
    "q_licence_note": {"fr": "Le document 004 est sous licence CC BY-NC-ND : ses auteurs sont toujours cités avec ses citations.",
                       "en": "Document 004 is under CC BY-NC-ND: its authors are always cited with its quotes."},
    # --- SPARQL
    "sparql_title": {"fr": "Console SPARQL", "en": "SPARQL console"},
    "sparql_intro": {"fr": "Lecture seule : les mises à jour et SERVICE sont refusés. Les préfixes du projet (bal:, ter:, ref:…) "
                           "sont déclarés d'office ; le graphe par défaut est l'union de tous les graphes nommés. Délai : "
                           "{timeout} s ; au plus {rows} lignes affichées, le reste se télécharge en CSV.",
                     "en": "Read-only: updates and SERVICE are refused. The project's prefixes (bal:, ter:, ref:…) are declared "
                           "for you; the default graph is the union of all named graphs. Timeout: {timeout} s; at most "
                           "{rows} rows shown, the rest downloads as CSV."},
    "sparql_example": {"fr": "Exemple de la bibliothèque", "en": "Example from the library"},
    "sparql_free": {"fr": "(requête libre)", "en": "(free query)"},
    "sparql_question": {"fr": "Question", "en": "Question"},
    "sparql_user": {"fr": "Pour", "en": "For"},
    "sparql_text": {"fr": "Requête", "en": "Query"},
    "sparql_run": {"fr": "Exécuter", "en": "Run"},
    "sparql_rows": {"fr": "{n} ligne(s) en {seconds} s", "en": "{n} row(s) in {seconds} s"},
    "sparql_timeout": {"fr": "La requête a dépassé le délai de {timeout} s et a été arrêtée.",
                       "en": "The query exceeded the {timeout} s timeout and was stopped."},
    "sparql_refused": {"fr": "Requête refusée : {error}", "en": "Query refused: {error}"},
    "sparql_error": {"fr": "Erreur dans la requête : {error}", "en": "Error in the query: {error}"},
    "sparql_empty": {"fr": "Écrivez une requête SELECT, ASK ou CONSTRUCT.", "en": "Write a SELECT, ASK or CONSTRUCT query."},
    "sparql_too_long": {"fr": "Requête trop longue ({n} caractères, au plus {max}).",
                        "en": "Query too long ({n} characters, at most {max})."},
    "sparql_click": {"fr": "Relisez la requête, puis cliquez sur « Exécuter » : une requête reçue par une adresse ne "
                           "s'exécute jamais d'elle-même.",
                     "en": "Read the query, then click « Run »: a query received through an address never runs by itself."},
    "sparql_more": {"fr": "plus de {n}", "en": "more than {n}"},
    "sparql_truncated": {"fr": "Les {shown} premières lignes sont affichées, sur {total}. « Tout télécharger » donne le "
                               "résultat entier en CSV (au plus {mb} Mio).",
                         "en": "The first {shown} rows are shown, of {total}. « Download everything » gives the whole "
                               "result as CSV (at most {mb} MiB)."},
    "sparql_param": {"fr": "Paramètre `?{name}` ({type}) : {description}", "en": "Parameter `?{name}` ({type}): {description}"},
    "download_csv": {"fr": "Télécharger en CSV", "en": "Download CSV"},
    "download_json": {"fr": "Télécharger en JSON", "en": "Download JSON"},
    "download_all_csv": {"fr": "Tout télécharger (CSV)", "en": "Download everything (CSV)"},
    "ptype_iri": {"fr": "IRI", "en": "IRI"},
    "ptype_string": {"fr": "texte", "en": "text"},
    "ptype_integer": {"fr": "entier", "en": "integer"},
    "ptype_decimal": {"fr": "décimal", "en": "decimal"},
    "ptype_boolean": {"fr": "booléen", "en": "boolean"},
    "ptype_lang": {"fr": "langue", "en": "language"},
    "user_territory": {"fr": "territoires", "en": "territories"},
    "user_researcher": {"fr": "chercheurs", "en": "researchers"},
    "user_writer": {"fr": "rédacteurs", "en": "writers"},
}


def t(key: str, lang: str = "fr", **values) -> str:
    """The UI string `key` in `lang` (French when missing), formatted with `values`."""
    entry = S.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("fr") or key
    return text.format(**values) if values else text

S.update({
    "comp_themes": {"fr": "thèmes", "en": "themes"},
    "comp_balises": {"fr": "balises", "en": "balises"},
    "comp_actors": {"fr": "acteurs", "en": "actors"},
    "comp_size": {"fr": "taille", "en": "size"},
    "comp_kind": {"fr": "nature", "en": "kind"},
    "comp_area": {"fr": "rattachement officiel", "en": "official units"},
    "map_departement": {"fr": "département", "en": "département"},
    "comp_status": {"fr": "statut", "en": "status"},
    "comp_scale": {"fr": "échelle", "en": "scale"},
    "comp_documented": {"fr": "documentation", "en": "evidence"},
    "comp_scales": {"fr": "échelles", "en": "scales"},
    "comp_distance": {"fr": "distance", "en": "distance"},
    "kind_commune": {"fr": "commune", "en": "commune"},
    "kind_intercommunalite": {"fr": "intercommunalité", "en": "intercommunality"},
    "kind_departement": {"fr": "département", "en": "département"},
    "kind_region": {"fr": "région", "en": "région"},
    "kind_metropole": {"fr": "métropole", "en": "metropolis"},
    "kind_any": {"fr": "(non précisée)", "en": "(not given)"},
    "choose": {"fr": "Choisir…", "en": "Choose…"},
    "roles": {"fr": "Fonctions", "en": "Roles"},
    "role": {"fr": "Rôle", "en": "Role"},
    "organisation_kind": {"fr": "Type d'organisation", "en": "Kind of organisation"},
    "evidence_for": {"fr": "Ce qui l'atteste", "en": "What shows it"},
})

# --- contribute page
S.update({
    "ct_title": {"fr": "Contribuer", "en": "Contribute"},
    "ct_intro": {
        "fr": "Décrivez ce qu'un document dit d'un territoire dans une **fiche** (YAML) : la page la vérifie comme "
              "`balises ingest --dry-run`, montre ce qu'elle ajouterait au graphe et donne son Turtle. Vous pouvez "
              "aussi coller un texte pour obtenir un brouillon de fiche. **Rien n'est écrit dans `data/` depuis "
              "cette page** : pour ajouter la fiche, lancez `balises ingest` ou proposez-la aux mainteneurs.",
        "en": "Describe what a document says about a territory in a **sheet** (YAML): the page checks it as "
              "`balises ingest --dry-run` does, shows what it would add to the graph and gives its Turtle. You can "
              "also paste a text to get a draft sheet. **Nothing is written to `data/` from this page**: to add "
              "the sheet, run `balises ingest` or send it to the maintainers."},
    "ct_tab_template": {"fr": "Modèle de fiche", "en": "Sheet template"},
    "ct_tab_sheet": {"fr": "Vérifier une fiche", "en": "Check a sheet"},
    "ct_tab_text": {"fr": "Coller un texte", "en": "Paste a text"},
    "ct_template_help": {
        "fr": "Le modèle commenté (chaque champ expliqué, en français et en anglais) et l'exemple complet de Lomme, "
              "tiré du document 000.",
        "en": "The commented template (each field explained, in French and English) and the complete Lomme "
              "example, drawn from document 000."},
    "ct_dl_template": {"fr": "Télécharger le modèle (fiche-territoire.yaml)",
                       "en": "Download the template (fiche-territoire.yaml)"},
    "ct_dl_example": {"fr": "Télécharger l'exemple de Lomme (lomme.yaml)",
                      "en": "Download the Lomme example (lomme.yaml)"},
    "ct_sheet_help": {
        "fr": "Déposez une fiche remplie et, pour un document absent du corpus, son texte (.txt, UTF-8) : les "
              "citations y sont cherchées telles quelles.",
        "en": "Upload a filled-in sheet and, for a document absent from the corpus, its text (.txt, UTF-8): the "
              "quotes are looked for verbatim in it."},
    "ct_upload_sheet": {"fr": "Fiche (YAML)", "en": "Sheet (YAML)"},
    "ct_upload_source": {"fr": "Texte source du document (facultatif, .txt)",
                         "en": "Source text of the document (optional, .txt)"},
    "ct_no_sheet": {"fr": "Déposez une fiche pour la vérifier.", "en": "Upload a sheet to check it."},
    "ct_too_big": {"fr": "Fichier trop gros : une fiche fait au plus 1 Mo, un texte source 5 Mo.",
                   "en": "File too big: a sheet is at most 1 MB, a source text 5 MB."},
    "ct_checking": {"fr": "Vérification de la fiche…", "en": "Checking the sheet…"},
    "ct_valid": {"fr": "La fiche est conforme (format, liens au graphe, citations, SHACL) : elle ajouterait {triples} "
                       "triplets ({what}) pour le document {document}.",
                 "en": "The sheet conforms (format, links to the graph, quotes, SHACL): it would add {triples} "
                       "triples ({what}) for document {document}."},
    "ct_refused": {"fr": "La fiche n'est pas acceptée : {n} problème(s) à corriger, ligne par ligne ci-dessous.",
                   "en": "The sheet is not accepted: {n} problem(s) to fix, line by line below."},
    "ct_where_line": {"fr": "ligne {line}, ", "en": "line {line}, "},
    "ct_where_field": {"fr": "champ {field}", "en": "field {field}"},
    "ct_where_sheet": {"fr": "fiche", "en": "sheet"},
    "ct_warning": {"fr": "attention : ", "en": "warning: "},
    "ct_count_territoires": {"fr": "territoire(s)", "en": "territory(ies)"},
    "ct_count_organisations": {"fr": "organisation(s)", "en": "organisation(s)"},
    "ct_count_personnes": {"fr": "personne(s)", "en": "person(s)"},
    "ct_count_fonctions": {"fr": "fonction(s)", "en": "role(s)"},
    "ct_count_programmes": {"fr": "programme(s) ou étape(s)", "en": "programme(s) or step(s)"},
    "ct_count_projets": {"fr": "projet(s)", "en": "project(s)"},
    "ct_count_implications": {"fr": "implication(s)", "en": "involvement(s)"},
    "ct_count_sauts": {"fr": "saut(s)", "en": "leap(s)"},
    "ct_count_citations": {"fr": "citation(s)", "en": "quote(s)"},
    "ct_count_offres": {"fr": "offre(s)", "en": "offer(s)"},
    "ct_preview_failed": {"fr": "Aperçu impossible : {error}", "en": "No preview: {error}"},
    "ct_entities": {"fr": "Ce que la fiche ajoute ({n})", "en": "What the sheet adds ({n})"},
    "ct_links": {"fr": "Liens ({n})", "en": "Links ({n})"},
    "ct_col_id": {"fr": "Identifiant", "en": "Identifier"},
    "ct_col_kind": {"fr": "Type", "en": "Type"},
    "ct_col_link": {"fr": "Lien", "en": "Link"},
    "ct_col_new": {"fr": "Nouveau", "en": "New"},
    "ct_dl_turtle": {"fr": "Télécharger le Turtle", "en": "Download the Turtle"},
    "ct_nothing_written": {"fr": "Rien n'a été écrit : pour l'ajouter au graphe, `balises ingest fiche.yaml --source "
                                 "texte.txt`.",
                           "en": "Nothing was written: to add it to the graph, `balises ingest sheet.yaml --source "
                                 "text.txt`."},
    "ct_text_help": {
        "fr": "Collez le texte d'un document en français : la page propose les territoires, personnes et "
              "organisations qu'il nomme et, pour chaque paragraphe, les balises qu'il illustre le plus "
              "probablement, avec un score et une phrase citable.",
        "en": "Paste the text of a French document: the page proposes the territories, people and organisations "
              "it names and, for each paragraph, the balises it most likely illustrates, with a score and a "
              "quotable sentence."},
    "ct_text": {"fr": "Texte du document", "en": "Text of the document"},
    "ct_suggest": {"fr": "Proposer", "en": "Suggest"},
    "ct_text_empty": {"fr": "Collez d'abord un texte.", "en": "Paste a text first."},
    "ct_loading_models": {"fr": "Analyse du texte (le premier passage charge le modèle de langue)…",
                          "en": "Analysing the text (the first run loads the language model)…"},
    "ct_nothing_found": {"fr": "Aucun territoire, acteur ou paragraphe reconnu dans ce texte.",
                         "en": "No territory, actor or paragraph recognised in this text."},
    "ct_territories": {"fr": "Territoires", "en": "Territories"},
    "ct_people": {"fr": "Personnes", "en": "People"},
    "ct_organisations": {"fr": "Organisations", "en": "Organisations"},
    "ct_col_mentions": {"fr": "Mentions", "en": "Mentions"},
    "ct_col_source": {"fr": "Reconnu par", "en": "Found by"},
    "ct_col_lines": {"fr": "Lignes", "en": "Lines"},
    "ct_source_graph": {"fr": "le graphe", "en": "the graph"},
    "ct_source_reference": {"fr": "la géographie officielle", "en": "the official geography"},
    "ct_source_spacy": {"fr": "l'analyse de la langue (spaCy)", "en": "language analysis (spaCy)"},
    "ct_source_rules": {"fr": "les règles du projet", "en": "the project's rules"},
    "ct_new": {"fr": "(nouveau)", "en": "(new)"},
    "ct_balises_per_paragraph": {"fr": "Balises par paragraphe", "en": "Balises per paragraph"},
    "ct_col_paragraph": {"fr": "Paragraphe", "en": "Paragraph"},
    "ct_col_sentence": {"fr": "Phrase", "en": "Sentence"},
    "ct_no_paragraph": {"fr": "Aucun paragraphe assez long (80 caractères) pour proposer des balises.",
                        "en": "No paragraph long enough (80 characters) to propose balises."},
    "ct_dl_draft": {"fr": "Télécharger le brouillon de fiche (YAML)", "en": "Download the draft sheet (YAML)"},
    "ct_draft_note": {"fr": "Un brouillon : relisez-le, corrigez-le et complétez-le, puis vérifiez-le dans l'onglet "
                            "« Vérifier une fiche ».",
                      "en": "A draft: read, correct and complete it, then check it in the \"Check a sheet\" tab."},
})

# --- why a case is analogous (views.ui.reason_text words the facts of balises.analysis.scoring.Reason)
S.update({
    "field": {"fr": "**{name}** : {value}", "en": "**{name}**: {value}"},
    "colon": {"fr": "{name} : {value}", "en": "{name}: {value}"},
    "reason_line": {"fr": "- **{component}** ({score}) : {text}", "en": "- **{component}** ({score}): {text}"},
    "why_shared_themes": {"fr": "thèmes partagés : {what}", "en": "shared themes: {what}"},
    "why_shared_themes_none": {"fr": "aucun", "en": "none"},
    "why_shared_balises": {"fr": "balises en commun : {what}", "en": "balises in common: {what}"},
    "why_shared_balises_none": {"fr": "aucune", "en": "none"},
    "why_same_actors": {"fr": "acteurs de même nature : {what}", "en": "actors of the same kind: {what}"},
    "why_same_actors_none": {"fr": "aucun", "en": "none"},
    "why_project_themes": {"fr": "thèmes : {what}", "en": "themes: {what}"},
    "why_project_themes_none": {"fr": "aucun", "en": "none"},
    "why_project_balises": {"fr": "balises : {what}", "en": "balises: {what}"},
    "why_project_balises_none": {"fr": "aucune", "en": "none"},
    "why_status": {"fr": "statut : {what}", "en": "status: {what}"},
    "why_status_none": {"fr": "inconnu du corpus (score neutre)", "en": "not known from the corpus (neutral score)"},
    "why_size": {"fr": "population {theirs} contre {ours}", "en": "population {theirs} against {ours}"},
    "why_size_unknown": {"fr": "population inconnue (score neutre)", "en": "population unknown (neutral score)"},
    "why_kind_same": {"fr": "même nature de territoire ({kind})", "en": "same kind of territory ({kind})"},
    "why_kind_different": {"fr": "nature différente ({kind})", "en": "another kind of territory ({kind})"},
    "why_kind_unknown": {"fr": "nature inconnue (score neutre)", "en": "kind unknown (neutral score)"},
    "why_area_epci": {"fr": "même intercommunalité ({names})", "en": "same intercommunality ({names})"},
    "why_area_departement": {"fr": "même département ({names})", "en": "same département ({names})"},
    "why_area_region": {"fr": "même région ({names})", "en": "same région ({names})"},
    "why_area_none": {"fr": "ni même intercommunalité, ni même département, ni même région{where}",
                      "en": "neither the same intercommunality, nor the same département, nor the same région{where}"},
    "why_candidate": {"fr": " (le candidat : {where})", "en": " (the candidate: {where})"},
    "why_area_unknown": {"fr": "rattachement officiel inconnu : hors de la géographie officielle (score neutre)",
                         "en": "official units unknown: outside the official geography (neutral score)"},
    "why_scales": {"fr": "échelles de coopération : {what}", "en": "scales of cooperation: {what}"},
    "why_scales_none": {"fr": "aucune connue", "en": "none known"},
    "why_distance": {"fr": "à {km} km", "en": "{km} km away"},
    "why_distance_unknown": {"fr": "coordonnées inconnues (score neutre)", "en": "coordinates unknown (neutral score)"},
    "why_documented": {"fr": "documenté : {n} balise(s) illustrée(s) par ses citations",
                       "en": "documented: {n} balise(s) shown by its quotes"},
    "why_documented_none": {"fr": "aucune balise illustrée par ses citations", "en": "no balise shown by its quotes"},
    "why_scale": {"fr": "échelle du projet : {what}", "en": "scale of the project: {what}"},
    "why_scale_none": {"fr": "inconnue (score neutre)", "en": "unknown (neutral score)"},
})
