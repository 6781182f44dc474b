"""Issue 19, section 5: facts that do not hold as cited, held to their sources."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from vmgraph.cli.app import app

VS65_COMPAT = "https://docs.vmware.com/en/VMware-vSphere/6.5/com.vmware.vsphere.vm_admin.doc/GUID-64D4B1C9-CD5D-4C68-8B50-585F6A87EBA0.html"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_esxi_50_runs_vmx_04_but_does_not_create_it():
    made = run("route", "ESXi 5.0", "ESXi 6.0", "--created-under", "ESXi 5.0", "--hardware", "vmx-04")
    assert made.exit_code == 2
    assert made.stderr.strip() == (
        "vmgraph: error: --hardware vmx-04: ESXi 5.0 does not create VMs with vmx-04 hardware "
        f"(it creates vmx-07, vmx-08; vSphere 6.5 VM Administration: Virtual Machine Compatibility, {VS65_COMPAT})"
    )
    assert run("route", "ESX 4.1", "ESXi 5.0", "--hardware", "vmx-04").exit_code == 0, "it runs one made elsewhere"


def test_esxi_50_upgrades_to_versions_it_creates_only(pack):
    from vmgraph.planning.state_graph import StateGraph
    from vmgraph.pack.model import State

    states = StateGraph(pack)
    upgrades = [t.target.hardware for t in states.transitions_from(State("ESXi 5.0", 5, "ESXi 5.0")) if t.kind == "upgrade"]
    assert upgrades == [7, 8]


def test_ace_2_is_refused_with_its_source_and_what_to_move_instead():
    data = json.loads(run("route", "ACE 2", "ESXi 6.0", "--format", "json").stdout)
    assert data["found"] is False and data["reason"].startswith("vmgraph finds no chain of moves the rules allow from ACE 2 (vmx-04 hardware")
    (refusal,) = data["refusals"]
    assert refusal["reason"].startswith("An ACE 2 instance is a policy-protected VM")
    assert refusal["advice"].startswith("Move the ACE master the instance was packaged from")
    assert "(a copy on a site at a raw IP address)" in refusal["reference"]["title"] and refusal["inferred"].startswith("Resting on a copy")


def test_a_products_own_version_the_sources_disagree_on_is_said_as_a_choice():
    for product in ("VMware Server 1", "Player 2.0", "Fusion 1"):
        data = json.loads(run("route", product, "ESXi 6.0", "--format", "json").stdout)
        (reading,) = data["readings"]
        assert reading.startswith(f"No hardware given: vmgraph takes the VM to have {product}'s own, vmx-06, and the sources disagree")
        assert "KB 1003746" in reading and "give it with --hardware (vmx-04, vmx-03)" in reading
    assert json.loads(run("route", "VMware Server 1", "ESXi 6.0", "--hardware", "vmx-04", "--format", "json").stdout)["readings"] == []


def test_esxi_7_floors_do_not_cite_a_table_that_starts_at_version_11(pack):
    for name in ("ESXi 7.0", "ESXi 7.0 U1", "ESXi 7.0 U2", "ESXi 7.0 U3"):
        floor = pack.products[name].runs_entry(5).reference
        assert "/7.0/" not in floor.url and floor.inferred and "an inference no source states" in floor.inferred


def test_where_sources_disagree_the_refusal_says_so():
    result = run("route", "ws12", "ESXi 6.5", "--hardware", "vmx-12", "--avoid", "convert", "--reversible")
    assert "ESXi 6.5 does not run vmx-12 (govmomi vim25/types/hardware_version.go, https://" in result.stdout
    assert "Sources disagree on 12 (an OVF deploy error on vSphere 6.5/6.7 lists vmx-12 as supported)" in result.stdout
    listing = run("hardware").stdout
    assert "  not on (12): ESXi 6.5, ESXi 6.7" in listing and "  sources disagree: govmomi" in listing


def test_kb_1003746_rows_read_in_a_copy_say_so(pack):
    for name in ("Workstation 17", "Workstation 17.5", "Fusion 13", "Fusion 13.5"):
        reference = pack.products[name].reference
        if "kb.vmware.com" in (reference.url or ""):
            assert "not read" in reference.title and reference.inferred.startswith("Resting on a copy")


def test_no_citation_is_a_download_mirrors_zip_unless_said_so(pack):
    for product in pack.products.values():
        for _, reference in product.lacks + product.no_create:
            assert not (reference.url or "").endswith(".zip")
        for runs in product.runs:
            assert not (runs.reference.url or "").endswith(".zip") or "copy" in (runs.reference.inferred or "")


# Hosts that publish copies of other people's documents (and any raw IP address): a source there
# is what it is a copy of, said in its title, and the fact rests on a copy, said where it is cited.
COPY_HOSTS = ("studylib.net", "scribd.com", "docslib.org", "blogspot.com", "vdocuments", "fdocuments", "softabzar", "mirror.")


def _sources_cited():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "rules").rglob("*.toml")) + [root / "vmgraph" / "vm" / "implications.py"]
    for path in files:
        text = path.read_text()
        for match in re.finditer(r'url = "([^"]+)", title = "([^"]+)"(.*)', text):
            yield path.name, match.group(1), match.group(2), match.group(3)
        for match in re.finditer(r'Source\(\s*"([^"]+)",\s*"([^"]+)"', text):
            yield path.name, match.group(2), match.group(1), ""


def test_a_source_on_a_copy_says_it_is_a_copy():
    import re

    checked = 0
    for file, url, title, rest in _sources_cited():
        host = url.split("/")[2]
        if re.fullmatch(r"[\d.]+(:\d+)?", host) or any(mark in host for mark in COPY_HOSTS):
            checked += 1
            assert any(word in title.lower() for word in ("copied", "a copy", "mirror")), f"{file}: {url} is a copy, and its title does not say so: {title}"
    assert checked >= 5
