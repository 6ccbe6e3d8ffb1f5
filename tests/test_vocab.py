import pytest

from police_breaches.core.errors import InputError


@pytest.mark.parametrize("name, force_id", [
    ("Avon & Somerset", "avon_and_somerset"),
    ("Avon and Somerset Constabulary", "avon_and_somerset"),
    ("Avon and Somerset Police", "avon_and_somerset"),
    (" West Midlands ", "west_midlands"),
    ("WEST MIDLANDS POLICE", "west_midlands"),
    ("London, City of", "city_of_london"),
    ("Metropolitan Police", "metropolitan"),
    ("Dyfed-Powys", "dyfed_powys"),
])
def test_aliases_resolve_to_one_force(vocab, name, force_id):
    assert vocab.forces.resolve(name, "f.csv", 2) == force_id


def test_register_covers_the_uk(vocab):
    forces = vocab.forces.forces
    territorial = forces[forces["kind"] == "territorial"]
    england_wales = territorial[territorial["country"].isin(["England", "Wales"])]
    assert len(england_wales) == 43
    assert england_wales["ons_pfa_code"].str.fullmatch(r"[EW]\d{8}").all()
    assert england_wales["ons_pfa_code"].is_unique
    assert {"police_scotland", "psni", "british_transport"} <= set(forces["force_id"])
    assert forces["force_id"].is_unique


def test_every_region_member_is_a_territorial_force(vocab):
    members = vocab.regions["force_id"]
    assert members.is_unique
    assert set(members) == set(vocab.forces.territorial().query("country in ['England', 'Wales']")["force_id"])


def test_unknown_force_names_file_row_and_suggests(vocab):
    with pytest.raises(InputError) as err:
        vocab.forces.resolve("West Midland Police", "data/raw/x.csv", 5)
    message = str(err.value)
    assert message.startswith("data/raw/x.csv, row 5: unknown police force 'West Midland Police'")
    assert "closest known: 'west midlands police'" in message


def test_taxonomy_maps_published_labels_and_keeps_unknowns_loud(vocab):
    assert vocab.taxonomy.lookup("category", "Missing USB sticks", "f", 2) == "lost_removable_media"
    assert vocab.taxonomy.lookup("outcome", "Management Advice", "f", 2) == "management_action"
    assert vocab.taxonomy.classify(["category", "outcome"], "dismissals", "f", 2) == ("outcome", "dismissed")
    with pytest.raises(InputError, match="unknown category 'lost paperclips'"):
        vocab.taxonomy.lookup("category", "lost paperclips", "f", 2)


def test_outcome_scale_is_ordered_and_complete(vocab):
    scale = vocab.taxonomy.names("outcome")
    assert scale["order"].is_monotonic_increasing
    for required in ["no_action", "management_action", "written_warning", "final_written_warning", "resigned",
                     "retired", "dismissed", "criminal_conviction_or_caution", "ongoing", "not_provided"]:
        assert required in set(scale["id"])


@pytest.mark.parametrize("file, edit, problem", [
    ("forces.csv", lambda t: t.replace("force_id,", "forceid,", 1), "config/forces.csv, row 1: the header is ['forceid'"),
    ("statuses.csv", lambda t: t.replace("^no cases", "^(no cases", 1),
     "config/statuses.csv, row 3, column 'answer_pattern': '^(no cases"),
    ("canonical.csv", lambda t: t.replace(",1,,,\"Looking", ",one,,,\"Looking", 1),
     "config/canonical.csv, row 2, column 'order': 'one' is not a whole number"),
])
def test_a_broken_config_file_is_named(tmp_path, root, file, edit, problem):
    import shutil

    from police_breaches.sources.vocab import Vocabularies
    shutil.copytree(root / "config", tmp_path / "config")
    path = tmp_path / "config" / file
    path.write_text(edit(path.read_text()))
    with pytest.raises(InputError) as err:
        Vocabularies.load(tmp_path / "config")
    assert str(err.value).startswith(problem)
