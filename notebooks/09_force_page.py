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

# %% tags=["parameters"]
force = "west_midlands"
request_start = "2011-06-01"
request_end = "2015-12-31"
formats = ["png", "svg"]
fig_width = 4.8
dpi = 200

# %%
from police_breaches.pipeline.session import begin

begin("09_force_page", globals())

# %%
# Run once per territorial force (`force`), from the profile notebook 08 wrote for it. Every figure keeps its
# own unit and period; figures from different studies are never ranked or added together. A force with no
# total from the 2016 report gets a ready-to-send FOI request covering `request_start` to `request_end`.
import json

from police_breaches.core import paths
from police_breaches.core.outputs import write_text
from police_breaches.core.paths import FIGURES, PROCESSED, REPORTS
from police_breaches.publish import charts, letters, nb
from police_breaches.publish import force_page as page

document = json.loads(paths.at(PROCESSED / "forces" / f"{force}.json").read_text(encoding="utf-8"))
nb.heading(page.title(document), level=1)
nb.say(page.quotable(document))
nb.say(page.how_to_read(document))

# %%
nb.heading(page.report_heading(document), level=2)
nb.say(page.report_2016(document))
if document["bbw_2016"]["status"] == "reported":
    chart = charts.place_chart(document, fig_width)
    paths = charts.save_chart(chart, force, FIGURES / "forces", PROCESSED / "forces", formats, dpi)
    nb.figure(charts.figure_html(chart, paths, depth=2))  # the page is reports/forces/<force>.html
if document["rate"]:
    nb.say(page.rate(document))
if document["workforce"]:
    nb.table(page.workforce_table(document), caption="Workforce at 31 March (full-time equivalents, Home Office)",
             missing="not given")

# %%
for item in document["categories"]:  # as the report's category section draws the force's year
    nb.heading(f"Breaches in {item['year']}, by category", level=2)
    chart = charts.force_category_chart(document, item, fig_width)
    paths = charts.save_chart(chart, f"categories_{force}_{item['year']}", FIGURES / "forces", PROCESSED / "forces",
                              formats, dpi)
    nb.figure(charts.figure_html(chart, paths, depth=2))

# %%
if document["since_2015"]:
    nb.heading("Since 2015: what the force recorded later", level=2)
    nb.say(page.since_2015_intro(document))
    nb.table(page.since_2015_table(document), caption="Figures over periods after 2015, each as its source published it")
    nb.say(page.since_2015_caveats(document))

# %%
if document["outcomes"]["quoted"] or document["outcomes"]["on_the_scale"]:
    nb.heading("What happened to the officers and staff involved", level=2)
    nb.say(page.on_the_scale(document))
if document["outcomes"]["chart"]:  # the report's chart of this force, drawn from the same facts
    chart = charts.force_outcome_chart(document, fig_width)
    paths = charts.save_chart(chart, f"outcomes_{force}", FIGURES / "forces", PROCESSED / "forces", formats, dpi)
    nb.figure(charts.figure_html(chart, paths, depth=2))
if document["outcomes"]["quoted"]:
    nb.table(page.outcomes_quoted(document), caption="Figures the press quoted with the outcomes (they may overlap, "
             "cover part of the total, or count something else)")
sentence, listed = page.incidents(document)
if len(listed):
    nb.heading("The incidents, one by one", level=2)
    nb.say(sentence)
    nb.table(listed, caption="Incidents as published")

# %%
if document["other_studies"]:
    nb.heading("Earlier studies", level=2)
    nb.say("Each figure is in its own study's unit and period; they cannot be compared with the 2016 report or "
           "with each other.")
    nb.table(page.studies_table(document), caption="Figures from earlier national studies, as printed")
for item in document["answers"]:
    nb.heading(item["title"], level=2)
    nb.markup(page.answer_source(item))
    if item.get("in_all"):
        nb.say(page.answer_in_all(item))
    nb.table(page.answer_table(item), caption=f"{item['title']}: {item['unit']}", missing="not given", folded=True)
    if item.get("gaps") or item.get("part_years"):
        nb.say(page.answer_gaps(item))

# %%
if document["cautions"]:
    nb.heading("Read with care", level=2)
    nb.say(page.bullets(document["cautions"]))
nb.heading("What is not known", level=2)
nb.say(page.not_known(document))
if document["request"]:
    nb.heading("This project's FOI request", level=2)
    nb.say(page.request_state(document))
if document["bbw_2016"]["status"] != "reported":
    nb.heading("Ask the force: a ready-to-send FOI request", level=2)
    write_text(REPORTS / "forces" / f"{force}-foi-request.txt", letters.foi_request(document, request_start, request_end))
    on_the_page = letters.foi_request(document, request_start, request_end, width=None)
    nb.markup(page.request_block(on_the_page, force, request_start, request_end, document["foi_contacts"]))
