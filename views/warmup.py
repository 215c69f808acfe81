"""The heavy libraries the pages use, imported once, before any page runs.

Streamlit runs each browser session's script in a thread of its own. Right after a start, several sessions
opening pages at once imported pandas, altair and plotly concurrently, and one of them could find pandas
« partially initialized » (an import cycle between threads; a traceback on the page, on 2 of 3 restarts with
six pages opened at once). app.py imports this module first: a module is imported by one thread while the
others wait on its lock, so these imports happen whole, once, before the pages' own.
"""

import altair  # noqa: F401 - st.map, st.bar_chart and the like draw with it
import networkx  # noqa: F401
import numpy  # noqa: F401
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import pyarrow  # noqa: F401 - how Streamlit sends tables to the browser
import streamlit.elements.arrow  # noqa: F401
import streamlit_agraph  # noqa: F401

import balises.analysis.network  # noqa: F401
import balises.quotes.citing  # noqa: F401
import balises.quotes.search  # noqa: F401
