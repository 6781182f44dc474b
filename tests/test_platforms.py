"""Issue 19, section 2: routes through products the admin has (vmgraph/planning/platforms.py).

A route keeps to the platforms of its source and target (a Windows or Linux PC, a Mac, an ESX
or ESXi host) unless no route stays on them (then it says so), the user names the product
(--via) or lists what the site has (--have). Ties go to the source's line, then the newest
release, never the alphabet. OVF Tool and Converter are named on the step, with where they run.
"""

from __future__ import annotations

import json
import shlex

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.planning.planner import Planner
from vmgraph.planning.platforms import allowed_products
from vmgraph.planning.records import VM, Constraints, Request

POLICY = """schema = 1

[[refusal]]
from = ["Desktop hypervisors"]
to = ["Workstation 6 and later", "Workstation Player 16", "Workstation Player 16.2", "Workstation Player 17", "Workstation Player 17.5"]
reason = "The site keeps its PCs on Workstation 15."
policy = true
source = { url = "https://example.com/site-policy", title = "Site policy" }
"""


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def hops(stdout: str) -> list[str]:
    return [line.split("->")[1].split("(")[0].strip() for line in stdout.splitlines() if line[:5].strip().rstrip(".").isdigit()]


def test_a_workstation_vm_for_esxi_is_upgraded_on_the_newest_workstation_not_on_a_mac():
    result = run("route", "Workstation 15", "ESXi 7.0 U3", "--hardware", "vmx-16")
    assert result.exit_code == 0
    assert hops(result.stdout) == ["Workstation 25H2", "Workstation 25H2", "ESXi 7.0 U3"]
    assert not any("Fusion" in hop for hop in hops(result.stdout)) and "No route stays" not in result.stdout


def test_have_names_the_only_products_a_route_may_pass():
    mine = run("route", "ws15", "ESXi 7.0 U3", "--hardware", "16", "--have", "Workstation 16,ESXi 7.0 U3")
    assert hops(mine.stdout) == ["Workstation 16", "Workstation 16", "ESXi 7.0 U3"]
    mac = run("route", "ws15", "ESXi 7.0 U3", "--hardware", "16", "--have", "Fusion 12")
    assert hops(mac.stdout) == ["Fusion 12", "Fusion 12", "ESXi 7.0 U3"] and "No route stays" not in mac.stdout


def test_have_without_a_way_is_no_route_with_the_fix_as_a_command():
    result = run("route", "ws15", "ESXi 7.0 U3", "--hardware", "16", "--avoid", "convert", "--have", "Workstation 15,ESXi 7.0 U3")
    assert result.exit_code == 1
    # The fix names what the site lacks: the products the best route without --have passes.
    line = next(l for l in result.stdout.splitlines() if l.startswith("  - add ") and "to --have" in l)
    added = line[len("  - add "):line.index(" to --have")]
    assert f"a route exists through {added}, which --have leaves out" in line
    command = result.stdout.split(line + "\n", 1)[1].splitlines()[0].strip()
    assert command == f"vmgraph route 'Workstation 15' 'ESXi 7.0 U3' --hardware vmx-16 --avoid convert --have 'Workstation 15,ESXi 7.0 U3,{added}'"
    again = run(*shlex.split(command)[1:])
    assert again.exit_code == 0 and added in hops(again.stdout)


def test_have_is_repeated_in_suggested_commands():
    data = json.loads(run("route", "ws15", "ESXi 6.0", "--hardware", "16", "--avoid", "convert", "--have", "Workstation 16,ESXi 6.0", "--format", "json").stdout)
    commands = [r["command"] for r in data["relaxations"]]
    assert any("--have 'Workstation 16,ESXi 6.0'" in c for c in commands if "drop --have" not in c), commands


def test_via_a_mac_is_taken_as_the_user_says(tmp_path):
    result = run("route", "ws15", "ESXi 7.0 U3", "--hardware", "16", "--via", "Fusion 12")
    assert "Fusion 12" in hops(result.stdout) and "No route stays" not in result.stdout


def test_a_route_off_the_platforms_says_so_when_none_stays(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY)
    result = run("route", "ws15", "ESXi 7.0 U3", "--hardware", "16", "--avoid", "convert", "--rules", policy)
    assert result.exit_code == 0
    assert hops(result.stdout)[0].startswith("Fusion")
    assert "  - No route stays on the platforms of Workstation 15 and the target (Windows or Linux PC, ESX or ESXi host): this one passes through Fusion" in result.stdout
    assert "name the products it has with --have" in result.stdout


def test_tools_are_named_on_the_step_with_where_they_run():
    ovf = run("route", "ws10", "ESXi 8.0", "--format", "json")
    step = json.loads(ovf.stdout)["steps"][0]
    assert any(c.startswith("Tool: install VMware OVF Tool on a Windows, Linux or Mac computer") for c in step["conditions"])
    converter = run("route", "ESXi 8.0", "ESXi 6.0", "--hardware", "vmx-20")
    assert "! Tool: install vCenter Converter Standalone on a Windows computer that reaches both ends" in converter.stdout


def test_every_pair_of_todays_products_keeps_to_their_platforms_when_a_route_there_exists(pack):
    """Property: no route leaves the source's and target's platforms when one that stays exists."""
    planner = Planner(pack)
    today = [name for name, product in pack.products.items() if product.is_today]
    checked = 0
    for source in today:
        start = planner.start_state(Request(source, source))
        for target in today:
            if source == target:
                continue
            found = planner.routes(start, (target,), VM(), Constraints(), 1)
            allowed, staying = allowed_products(pack, start, (target,), Constraints())
            if not found or allowed is None:
                continue
            checked += 1
            away = {step.target.product for step in found[0].steps} - allowed
            if away:
                assert not planner.routes(start, (target,), VM(), Constraints(have=tuple(sorted(allowed))), 1), (source, target)
                assert any(w.startswith("No route stays on the platforms") for w in found[0].warnings)
    assert checked > 3000


@pytest.mark.parametrize("source,target", [("Workstation 12", "ESXi 6.5"), ("Workstation 15", "ESXi 7.0"), ("Player 7", "ESXi 6.5")])
def test_ties_stay_on_the_sources_line_and_take_its_newest_release(source, target):
    passed = hops(run("route", source, target, "--avoid", "convert").stdout)[:-1]
    lines = {name.split()[0] for name in passed}
    assert lines <= {source.split()[0]}, passed


def test_via_a_generation_3_product_gives_the_guides_two_stage_procedure():
    """Pp. 15-16: generation 2 to 5 through a generation 3 product the admin has is two moves, each
    upgrading the hardware; --via ws3 names what the site has, so the route does not slip
    through Workstation 4 (which the unconstrained route takes, with one upgrade)."""
    found = run("route", "ws2", "ws5", "--via", "ws3", "--format", "json")
    assert found.exit_code == 0, found.output
    steps = json.loads(found.stdout)["steps"]
    assert [(s["to"]["product"], s["tags"]) for s in steps] == [("Workstation 3", ["copy", "one-way"]), ("Workstation 5.0", ["copy", "one-way"])]
    assert [s["reference"]["page"] for s in steps] == [24, 15]
    assert "also passes" not in found.stdout
    # The detour is the guide's own advice where it refuses the direct move: said, at its page.
    detour = [w for w in json.loads(found.stdout)["warnings"] if w.startswith("The guide does not support the direct move")]
    assert len(detour) == 1 and "(Generation 2 to Generation 5, p. 15)" in detour[0] and detour[0].endswith("This route goes through Workstation 3.")
    direct = json.loads(run("route", "ws4", "ws5", "--format", "json").stdout)
    assert not any("direct move" in w for w in direct["warnings"])


def test_a_via_route_that_must_pass_an_unnamed_product_says_which():
    found = run("route", "ws2", "ESXi 8.0 U3", "--via", "ws3")
    assert found.exit_code == 0, found.output
    assert "No route passes only the source, the --via stops and the target: this one also passes Workstation 5.5" in found.stdout
    assert "--have" in found.stdout
