"""What a configuration table's schema cannot say, checked by name (``x-rules`` in config/tables.yml): each rule
gets every table read so far and the project root, and returns (row, column, problem) for each problem."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path


def _aliases_name_one_force(found: dict, root: Path) -> list:
    """Each id, name and alias (however written) stands for one force. A force's own id and name come first,
    so an alias that takes another force's name is blamed on the row that gave the alias."""
    from police_breaches.core.text import normalise

    owner: dict[str, tuple[str, int]] = {}
    problems = []
    rows = found["forces.csv"]
    own = [(row, column, name) for row in rows for column, name in (("force_id", row["force_id"].replace("_", " ")),
                                                                     ("name", row["name"]))]
    aliases = [(row, "aliases", name) for row in rows for name in filter(None, row["aliases"].split("|"))]
    for row, column, name in own + aliases:
        force, line = owner.setdefault(normalise(name), (row["force_id"], row["_row"]))
        if force != row["force_id"]:
            problems.append((row["_row"], column, f"{name!r} already names {force} (row {line}); a name may stand "
                                                  "for one force only"))
    return problems


def _regions_cover_england_and_wales(found: dict, root: Path) -> list:
    placed = {row["force_id"] for row in found["regions.csv"]}
    return [(None, None, f"{row['force_id']} ({row['name']}, row {row['_row']} of config/forces.csv) is a "
                         f"territorial force in {row['country']} but has no region: add it to config/regions.csv")
            for row in found["forces.csv"]
            if row["kind"] == "territorial" and row["country"] in ("England", "Wales") and row["force_id"] not in placed]


def _splits_into_names_outcomes(found: dict, root: Path) -> list:
    known = {(row["dimension"], row["id"]) for row in found["canonical.csv"]}
    return [(row["_row"], "splits_into", f"{part!r} is not a {row['dimension']} in config/canonical.csv")
            for row in found["canonical.csv"] for part in filter(None, row["splits_into"].split("|"))
            if (row["dimension"], part) not in known]


def _labels_map_once(found: dict, root: Path) -> list:
    from police_breaches.core.text import normalise

    seen: dict[tuple[str, str], tuple[str, int]] = {}
    problems = []
    for row in found["labels.csv"]:
        key = (row["dimension"], normalise(row["label_as_published"]))
        target, line = seen.setdefault(key, (row["id"], row["_row"]))
        if target != row["id"]:
            problems.append((row["_row"], "label_as_published", f"{row['label_as_published']!r} is already mapped to "
                                                                f"{target!r} (row {line}), written another way"))
    return problems


def _reported_and_nil(found: dict, root: Path) -> list:
    statuses = {row["status"] for row in found["statuses.csv"]}
    return [(None, "status", f"the status {needed!r} is missing; the cleaning relies on it")
            for needed in ("reported", "nil") if needed not in statuses]


FOIA_IN_FORCE = date(2005, 1, 1)  # the right of access began on 1 January 2005, in Scotland too
DPA_IN_FORCE = date(2000, 3, 1)  # the Data Protection Act 1998, whose breaches are counted, came into force then


def _tracker_rows_follow_the_register(found: dict, root: Path) -> list:
    """Each request is to a territorial force named as the register names it, under the Act it answers to
    (Police Scotland: the Scottish Act), with a request file the campaign wrote."""
    forces = {row["force_id"]: row for row in found["forces.csv"]}
    problems = []
    for row in found["tracker.csv"]:
        force = forces.get(row["force_id"])
        if force is None:
            continue  # the foreign key says so
        law = "FOISA" if force["country"] == "Scotland" else "FOIA"
        if force["kind"] != "territorial":
            problems.append((row["_row"], "force_id", f"{force['name']} is a {force['kind']} force: the campaign asks "
                                                      "the territorial forces"))
        if row["force"] != force["name"]:
            problems.append((row["_row"], "force", f"is {row['force']!r}, but {row['force_id']} is {force['name']!r} "
                                                   "in config/forces.csv"))
        if row["law"] in ("FOIA", "FOISA") and row["law"] != law:  # another value: the schema's enum says so
            problems.append((row["_row"], "law", f"is {row['law']!r}, but {force['name']} answers under {law}"))
        if not row["request_file"].startswith("campaign/requests/") or not (root / row["request_file"]).is_file():
            problems.append((row["_row"], "request_file", f"{row['request_file']!r} is not a request this campaign "
                                                          "wrote (campaign/requests/<force>.txt)"))
    return problems


# complexity: a flat list of independent checks on each tracker row, each naming its column and its rule
def _tracker_records_what_has_happened(found: dict, root: Path) -> list:
    """Each row records what has happened by now: its dates are real, not before the Acts' right of access nor
    after today, in order; a deadline extended to within a year; a period asked about that a force can hold
    records of; each status with the columns it needs (config/foi_statuses.csv). A value its format refuses
    (config/tables.yml says so) is not judged again here."""
    needs = {row["status"]: row["needs"].split() for row in found["foi_statuses.csv"]}
    today = date.today()
    problems = []
    for row in found["tracker.csv"]:
        day = {column: _day(row.get(column, "")) for column in ("sent_on", "status_on", "extended_to")}
        for column in ("sent_on", "status_on"):
            if day[column] and not FOIA_IN_FORCE <= day[column] <= today:
                when = ("before the Acts' right of access began in 2005" if day[column] < FOIA_IN_FORCE else
                        "after today, and the tracker records what has happened")
                problems.append((row["_row"], column, f"{row[column]!r} is not a day a request could have been sent "
                                                      f"or answered: it is {when}"))
        sent = day["sent_on"]
        if sent and day["status_on"] and day["status_on"] < sent:
            problems.append((row["_row"], "status_on", f"{row['status_on']} is before sent_on {row['sent_on']}"))
        if sent and day["extended_to"] and not sent < day["extended_to"] <= sent + timedelta(days=366):
            problems.append((row["_row"], "extended_to", f"{row['extended_to']} is not a deadline a force extends to: "
                                                         f"it is not within a year after sent_on {row['sent_on']}"))
        start, _, end = (_day(part) for part in row.get("asks_for", "").partition("/"))
        if start and end and (start < DPA_IN_FORCE or end > today):
            problems.append((row["_row"], "asks_for", f"{row['asks_for']} is not a period a force can hold records "
                                                      "of: it must start on or after 1 March 2000 (when the Data "
                                                      "Protection Act 1998 came into force) and end by today"))
        for column in needs.get(row["status"], []):
            if not row[column]:
                problems.append((row["_row"], column, f"is empty, but the status is {row['status']!r}: "
                                                      + NEEDED.get(column, "fill it in")))
        if row["status"] == "drafted" and row["sent_on"]:
            problems.append((row["_row"], "status", "is 'drafted' but sent_on is filled in: set the status to 'sent'"))
    return problems


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


NEEDED = {"sent_on": "when did the force receive it?", "status_on": "on which day did that happen?",
          "extended_to": "to which date did the force extend its deadline?",
          "exemption": "a refusal cites an exemption (e.g. 'section 40')"}


RULES = {"aliases_name_one_force": _aliases_name_one_force,
         "every_territorial_force_in_england_and_wales_has_a_region": _regions_cover_england_and_wales,
         "splits_into_names_outcomes": _splits_into_names_outcomes,
         "labels_map_once_however_written": _labels_map_once,
         "reported_and_nil_are_statuses": _reported_and_nil,
         "tracker_rows_follow_the_register": _tracker_rows_follow_the_register,
         "tracker_records_what_has_happened": _tracker_records_what_has_happened}
