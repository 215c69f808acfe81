"""Balises explorer: the router. Each page is a short file under views/ over the query layer and the analysis."""

import streamlit as st

import views.warmup  # noqa: F401 - first: the heavy imports, whole, before any page's (see its docstring)
from views.common import PAGES, basket, lang, sync
from views.strings import LANGS, t

st.set_page_config(page_title="Balises", page_icon="🧭", layout="wide")

# The language: from the URL on the first run (permalinks), then from the switch in the sidebar.
if "lang" not in st.session_state:
    st.session_state["lang"] = st.query_params.get("lang") if st.query_params.get("lang") in LANGS else "fr"

# The « Contribuer » page (template, sheet checked without writing, suggestions for a text), before the console.
CONTRIBUTE = ("views/contribute.py", "contribuer", ":material/edit_note:")
ROUTES = {**{k: v for k, v in PAGES.items() if k != "sparql"}, "contribute": CONTRIBUTE, "sparql": PAGES["sparql"]}

pages = [st.Page(path, title=t(f"page_{name}", lang()), icon=icon, url_path=url, default=(name == "home"))
         for name, (path, url, icon) in ROUTES.items()]
page = st.navigation(pages)

with st.sidebar:
    st.radio(t("lang_label", lang()), LANGS, key="lang", horizontal=True,
             format_func=lambda code: {"fr": "Français", "en": "English"}[code])
    st.caption(t("basket_sidebar", lang(), n=len(basket())))
    st.caption(t("permalink_help", lang()))
sync(lang=None if lang() == "fr" else lang())

page.run()
