# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (police-breaches)
#     language: python
#     name: police-breaches
# ---

# %% [markdown]
# # Every published answer, as published
#
# Each raw file in `datapackage.json`, with its sources, the period and counting unit of its figures, the
# figures themselves and a link to the file. A figure here is shown in its own unit and period: figures from
# different answers are never added up. A file added to the data appears here without any change to the
# code. Each file is folded: open it to read its sources and figures.

# %%
from police_breaches.pipeline.session import begin

begin("07_every_answer", globals())

# %%
from police_breaches.analysis import processed
from police_breaches.analysis.views import Facts
from police_breaches.publish import answers, nb
from police_breaches.sources.vocab import Vocabularies

register = Vocabularies.load().forces
manifest = processed.load_manifest()
tables, facts = processed.load_processed(), Facts.load()
caveats = processed.caveats()
nb.markup(answers.every_file([answers.folded_section(entry, answers.figures(entry, tables, register, caveats, facts))
                               for entry in manifest["resources"]]))
