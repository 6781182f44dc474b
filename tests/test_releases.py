"""Issue 19, section 4: every release by the names people type (vmgraph/pack/releases.py).

A build or patch string names the row it belongs to, said as such; a release vmgraph does not
list gets the nearest listed one of its line before it, said as an inference, never a product of
another line; suggestions for a near miss come from the same line first.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.errors import UnknownProduct
from vmgraph.pack.names import read_name, resolve, suggestions
from vmgraph.pack.releases import line_of, read_release


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


# (typed, row, how): how is "spelling" (no note), "patch" (said as such), "covers" (the guide's
# row for a major version), or "inferred" (the nearest listed release before it).
EXAMPLES = [
    ("ESXi 6.7 U3", "ESXi 6.7 U2", "inferred"),
    ("ESXi 6.5 U3", "ESXi 6.5", "inferred"),
    ("ESXi 6.0 U3", "ESXi 6.0", "inferred"),
    ("ESXi 5.5 U3", "ESXi 5.5", "inferred"),
    ("ESX 4.1 U3", "ESX 4.1", "inferred"),
    ("ESXi 7.0U3c", "ESXi 7.0 U3", "patch"),
    ("ESXi 8.0 Update 3e", "ESXi 8.0 U3", "patch"),
    ("ESXi 8.0 U2 build 22380479", "ESXi 8.0 U2", "patch"),
    ("Workstation 17.6", "Workstation 17.5", "inferred"),
    ("Workstation 17.0.2", "Workstation 17", "patch"),
    ("Fusion 13.6", "Fusion 13.5", "inferred"),
    ("Workstation 6.5.5", "Workstation 6.5", "patch"),
    ("VMware Server 2.0.2", "VMware Server 2", "patch"),
    ("GSX 3.2", "GSX Server 3", "covers"),
    ("Fusion 13 Pro", "Fusion 13", "spelling"),
    ("Workstation 17 Pro", "Workstation 17", "spelling"),
    ("ESX 2.5", "ESX Server 2", "covers"),
    ("ESX Server 2.5.5", "ESX Server 2", "covers"),
    ("vSphere 8", "ESXi 8.0", "suite"),
    ("VCF 9", "ESXi 9.0", "suite"),
    ("esxi80u2", "ESXi 8.0 U2", "spelling"),
    ("Fusion 25H2", "Fusion 13.5", "inferred"),
]


@pytest.mark.parametrize("typed,row,how", EXAMPLES, ids=[typed for typed, _, _ in EXAMPLES])
def test_the_issues_names_resolve_to_their_row(pack, typed, row, how):
    name, note = read_name(pack, typed)
    assert name == row
    if how == "spelling":
        assert note is None
    elif how == "patch":
        assert note.startswith(f"'{typed}' is a ") and f"of {row}, the release row it belongs to" in note
    elif how == "covers":
        assert note == f"'{typed}' is a release of {row}: the 2005 guide's row for {row} covers its {row.split()[-1]}.x releases."
    elif how == "suite":
        assert note == f"'{typed}' (a suite whose hosts run ESXi) is read as {row}."
    else:
        assert "vmgraph takes the nearest listed release of its line before it" in note and "(an inference" in note


def test_the_route_says_how_it_read_a_release_in_every_format():
    text = run("route", "ESXi 7.0U3c", "ESXi 6.7 U3", "--hardware", "vmx-13")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == "Route: ESXi 7.0 U3 (vmx-13) -> ESXi 6.7 U2 (vmx-13)"
    assert lines[1] == "Read: 'ESXi 7.0U3c' is a patch of ESXi 7.0 U3, the release row it belongs to: vmgraph plans for that row."
    assert lines[2].startswith("Read: 'ESXi 6.7 U3' is not listed; vmgraph takes the nearest listed release of its line before it, ESXi 6.7 U2 (an inference")
    data = json.loads(run("route", "ESXi 7.0U3c", "ESXi 6.7 U3", "--hardware", "vmx-13", "--format", "json").stdout)
    assert data["readings"] == [line[len("Read: "):] for line in lines[1:3]]
    markdown = run("route", "ESXi 7.0U3c", "ESXi 6.7 U3", "--hardware", "vmx-13", "--format", "markdown").stdout
    assert "**Read:** 'ESXi 7.0U3c' is a patch of ESXi 7.0 U3" in markdown


def test_a_release_is_never_read_as_a_product_of_another_line(pack):
    assert read_release(pack, "Fusion 99") is None and read_release(pack, "Player 1.0") is None
    with pytest.raises(UnknownProduct) as error:
        resolve(pack, "Fusion 99")
    assert error.value.suggestions and all(s.startswith("Fusion") for s in error.value.suggestions)


@pytest.mark.parametrize(
    "typed,first",
    [("Fusion 14 Pro Max", "Fusion"), ("Workstaton 17", "Workstation"), ("ESXi 6.7 Update Two", "ESXi"), ("ws99", "Workstation")],
)
def test_suggestions_for_a_near_miss_come_from_its_own_line_first(pack, typed, first):
    found = suggestions(pack, typed)
    assert found and found[0].startswith(first), found


def test_line_of():
    assert line_of("esxi80u2") == ("ESX", "ESXi") and line_of("Fusion 13 Pro") == ("Fusion",) and line_of("VMware Server 2") == ("VMware Server",)
    assert line_of("Workstation Player 17") == ("Player",) and line_of("nonsense") == ()


def _products(pack):
    return json.loads(run("products", "--format", "json").stdout)


def test_every_name_in_products_json_resolves_to_its_row(pack):
    for product in _products(pack):
        for name in [product["name"], *product["aliases"]]:
            assert product["name"] in resolve(pack, name), name


def _version(name: str) -> tuple[int, ...] | None:
    found = re.search(r"(\d+)(?:\.(\d+))?(?: U(\d+))?$", name)
    return None if found is None else tuple(int(part) for part in found.groups() if part is not None)


def shaped_like_the_examples(pack):
    """(typed, row) for every release row of today's: its patches, builds, maintenance releases,
    editions and run-together spellings, shaped like the issue's examples."""
    cases = []
    for name, product in pack.products.items():
        version = _version(name)
        if not product.is_today or version is None or "H" in name:
            continue
        if product.family in ("ESX", "ESXi"):
            major, minor = version[0], version[1]
            update = version[2] if len(version) > 2 else 0
            word = "ESXi" if product.family == "ESXi" else "ESX"
            base = f"{word} {major}.{minor}" + (f" U{update}" if update else "")
            # A build says the update where the version does not (6.7: KB 2143832, U2 is build 13006603 on):
            # 6.7 GA's own build, 8169922, for its row; a late build for every other.
            build = 8169922 if (major, minor, update) == (6, 7, 0) else 23825572
            cases += [(f"{base}c", name), (f"{base} build {build}", name), (f"{word} {major}.{minor} Update {update}e" if update else f"{base}a", name)]
            cases.append((f"esxi{major}{minor}" + (f"u{update}" if update else ""), name))
        else:
            major, minor = version[0], version[1] if len(version) > 1 else 0
            line = name[: name.rindex(" ")]
            vmware = "" if line.startswith("VMware") else "VMware "
            cases += [(f"{line} {major}.{minor}.3", name), (f"{name} Pro", name), (f"{vmware}{line} {major}.{minor}.1 build 1234567", name)]
    return cases


def test_every_release_string_shaped_like_the_examples_resolves_to_its_row(pack):
    cases = shaped_like_the_examples(pack)
    assert len(cases) > 200
    wrong = [(typed, row, read_name(pack, typed)) for typed, row in cases if read_name(pack, typed)[0] != row]
    assert not wrong, wrong[:10]


def test_every_unlisted_update_gets_the_nearest_listed_row_of_its_line_before_it(pack):
    for name, product in pack.products.items():
        version = _version(name)
        if not product.is_today or product.family not in ("ESX", "ESXi") or version is None:
            continue
        typed = f"ESXi {version[0]}.{version[1]} U{(version[2] if len(version) > 2 else 0) + 7}"
        row, note = read_name(pack, typed)
        assert pack.products[row].family in ("ESX", "ESXi") and _version(row) <= (version[0], version[1], 99)
        assert row == name or _version(row) >= version, (typed, row)
        assert "(an inference" in note


@pytest.mark.parametrize("typed,row,said", [
    ("ESXi 6.7.0", "ESXi 6.7", "6.7's updates all report 6.7.0"),
    ("ESXi 6.7.0 build 13006603", "ESXi 6.7 U2", "by its build"),
    ("ESXi 6.7.0 build-8169922", "ESXi 6.7", "is read as ESXi 6.7 by its build"),
    ("esxi 6.7.2", "ESXi 6.7 U2", "6.7 hosts report 6.7.0 whatever their update"),
    ("ESXi 7.0.2", "ESXi 7.0 U2", None),
])
def test_a_67_version_is_read_as_its_hosts_report_it(pack, typed, row, said):
    """ESXi 6.7 hosts report 6.7.0 whatever their update; only the build tells U2 (KB 2143832). A
    typed name is read as the inventory readers read a host's version, and says so."""
    name, note = read_name(pack, typed)
    assert name == row
    if said is None:
        assert not note or "6.7.0" not in note
    else:
        assert said in note


def test_a_patch_letter_belongs_to_esxi_alone(pack):
    """ESXi's patches have letters (7.0U3c); a hosted product's name with one is a typo, and gets
    suggestions, not a silent reading as a patch."""
    assert read_release(pack, "ESXi 7.0U3c").product == "ESXi 7.0 U3"
    assert read_release(pack, "ws9x") is None
    with pytest.raises(UnknownProduct) as caught:
        resolve(pack, "ws9x")
    assert "Workstation 9" in caught.value.suggestions
