/* The page around YASGUI: the editor on this server's own /query (whatever its port), the query library
   (library.json, from queries/*.rq) opened as tabs on a first visit, and a button to start afresh.
   YASGUI keeps its tabs in localStorage under keys starting with STORAGE; OPENED lists the library's queries
   already opened as tabs, so that a reload adds none twice and a query new in the library gets its tab. */
(function () {
  "use strict";
  var STORAGE = "balises-yasgui";
  var OPENED = STORAGE + "-library";
  var endpoint = new URL("../query", window.location.href).href;

  function opened() {
    try {
      var slugs = JSON.parse(window.localStorage.getItem(OPENED) || "[]");
      return Array.isArray(slugs) ? slugs : [];
    } catch (error) {
      return [];
    }
  }

  function reset() {
    if (!window.confirm("Fermer tous les onglets et rouvrir ceux de la bibliothèque ? " +
                        "Les requêtes modifiées ou ajoutées ici seront perdues.")) {
      return;
    }
    Object.keys(window.localStorage).forEach(function (key) {
      if (key.indexOf(STORAGE) === 0) {
        window.localStorage.removeItem(key);
      }
    });
    window.location.replace(window.location.pathname);
  }

  async function readLibrary() {  // {prefixes: {bal: IRI, ...}, queries: [{slug, title, query}, ...]}
    try {
      var answer = await fetch("library.json", { cache: "no-cache" });
      if (answer.ok) {
        return await answer.json();
      }
      console.warn("library.json: " + answer.status);
    } catch (error) {
      console.warn("the query library could not be read", error);
    }
    return { prefixes: {}, queries: [] };
  }

  function showFullNames() {  // the tab names are cut short by balises.css: the whole name shows on hover
    document.querySelectorAll(".yasgui .tabsList .tab a > span").forEach(function (name) {
      name.parentNode.title = name.textContent;
    });
  }

  async function start() {
    document.getElementById("balises-endpoint").textContent = endpoint;
    document.getElementById("balises-reset").addEventListener("click", reset);
    var library = await readLibrary();
    var seen = opened();
    var fresh = library.queries.filter(function (query) { return seen.indexOf(query.slug) < 0; });
    // class and property completion asks lov.linkeddata.es: the page reaches no other address than this server
    Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    var yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint },
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      persistenceId: STORAGE,
      yasr: { prefixes: library.prefixes },
      autoAddOnInit: fresh.length === 0,  // a first visit opens the library rather than an empty tab
      copyEndpointOnNewTab: true
    });
    fresh.forEach(function (query) {
      var id = "bibliotheque-" + query.slug;
      if (!yasgui.getTab(id)) {
        yasgui.addTab(!yasgui.getTab(), { id: id, name: query.title, yasqe: { value: query.query },
                                          requestConfig: { endpoint: endpoint } });
      }
    });
    window.localStorage.setItem(OPENED, JSON.stringify(seen.concat(fresh.map(function (q) { return q.slug; }))));
    showFullNames();
    yasgui.on("tabChange", showFullNames);
    window.balisesYasgui = yasgui;  // for the console and the browser test
  }

  start();
})();
