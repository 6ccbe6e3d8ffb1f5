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
# # After 2015: what forces recorded later, each study in its own terms
#
# Every study after the 2016 report in the project's list of studies, with every figure as the facts table
# holds it: what each study asked and who answered; each list it published across forces, drawn as its own
# list with its scope; what its figures mean; and the checks that found its figures disagreeing. No figure here is ranked,
# summed or drawn on one axis with a figure of the 2016 report or of another study. A later study added to
# the data, with a line in the list of studies, appears here with no change to the code.

# %% tags=["parameters"]
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.pipeline.session import begin

begin("10_later_studies", globals())

# %%
from police_breaches.analysis import processed, studies
from police_breaches.analysis.views import Facts
from police_breaches.core.paths import FIGURES, PROCESSED
from police_breaches.publish import charts, nb
from police_breaches.publish import later_studies as later
from police_breaches.sources.vocab import Vocabularies

manifest, facts = processed.load_manifest(), Facts.load().frame
names, register = processed.source_names(manifest), Vocabularies.load().forces
nb.heading("The later studies, and who answered them", level=2)
nb.say("Big Brother Watch's 2016 report stopped at December 2015. Forces have been asked again since, by other "
       "people with other questions; each study below is kept in its own terms, beside the 2016 report and never "
       "added to it. Each force's page lists its own later figures.")
nb.table(later.asked_table(facts, manifest, names), caption="The later studies: what each asked and who answered",
         folded=True)

# %%
for rows in studies.lists(facts, manifest):
    scope = later.list_scope(rows, facts, manifest)
    chart = later.list_chart(rows, scope, fig_width, charts.source_line(rows["sources"], manifest))
    name = f"later_{rows['basis'].iloc[0]}_{rows['period_start'].iloc[0][:4]}"  # one list per study and period
    saved = charts.save_chart(chart, name, FIGURES, PROCESSED, formats, dpi)
    nb.figure(charts.figure_html(chart, saved))
    nb.say(later.list_sentence(rows, scope))

# %%
nb.heading("What the figures mean, and what they do not", level=3)
nb.say(later.definition_caveats(facts, manifest, register.in_text))
nb.say(later.no_rates(facts, manifest))

# %%
nb.heading("Checks: where the later figures disagree with themselves", level=3)
nb.say("Each check compares figures a source published that should agree (the project's list of sums to check); "
       "a disagreement is reported as published, never corrected.")
nb.say(later.disagreement_sentence(facts))
nb.table(later.disagreements(facts), caption="Checks of figures that should add up", folded=True)
