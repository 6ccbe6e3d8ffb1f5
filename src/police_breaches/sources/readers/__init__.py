"""The readers, one module per published shape, each configured by the manifest's ``x-reader`` entry (its
options are declared in ``config/shapes.yml`` under the shape's name, and checked before anything is read).

Shapes:
- ``table``: one row per figure (label, value, optional force/period/status/source columns).
- ``grid``: rows × years (month × year, category × year, rank × year), optionally with a Total row.
- ``incidents``: one row per incident (date or range, description, optional rank/outcome).
- ``questions``: an FOI answer kept as question/answer pairs, answers such as 'Dismissed = 5'.
- ``ranks``: ranks as quoted by the press, with the scope they state.
- ``workforce_ods``: Home Office police workforce tables (officers, staff, PCSOs, designated officers).

Every reader returns a :class:`ReadResult`: tidy rows for the output tables, the raw rows it set aside
(each with a reason), and the checks it made. Every raw row ends up in one or the other.
"""

from police_breaches.sources.readers.grid import read_grid
from police_breaches.sources.readers.incidents import read_incidents
from police_breaches.sources.readers.questions import read_questions
from police_breaches.sources.readers.ranks import read_ranks
from police_breaches.sources.readers.table import read_table
from police_breaches.sources.readers.workforce_ods import read_workforce_ods

# The shape named in a manifest entry's x-reader → the function that reads it.
READERS = {
    "table": read_table,
    "grid": read_grid,
    "incidents": read_incidents,
    "questions": read_questions,
    "ranks": read_ranks,
    "workforce_ods": read_workforce_ods,
}
