"""Workstation's Change Hardware Compatibility wizard ([today.compatibility]): the
rule checks of the new table."""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from vmgraph.cli import app
from vmgraph.errors import RuleError
from vmgraph.rules import load_rules

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


# -- rule checks of [today.compatibility]

TODAY = """\
schema = 1
[today]
same_product = { source = { url = "https://example.com/a", title = "A" } }
[today.upgrade]
source = { url = "https://example.com/b", title = "B" }

[today.compatibility]
products = ["Desk 1"]
oldest = "vmx-04"
source = { url = "https://example.com/w", title = "W" }
down = { source = { url = "https://example.com/w", title = "W", inferred = "Implied." } }
exception = { hardware = ["vmx-03", "vmx-04"], reason = "Not back.", source = { url = "https://example.com/w", title = "W" } }

[[product]]
name = "Desk 1"
hardware = "vmx-13"
family = "Workstation"
floor = { hardware = "vmx-03", source = { url = "https://example.com/c", title = "C" } }
source = { url = "https://example.com/d", title = "D" }

[[product]]
name = "Kiosk"
hardware = "vmx-13"
family = "ACE"
can_create = false
floor = { hardware = "vmx-04", source = { url = "https://example.com/c", title = "C" } }
source = { url = "https://example.com/e", title = "E" }
"""


def problems(tmp_path, text):
    path = tmp_path / "today.toml"
    path.write_text(textwrap.dedent(text))
    with pytest.raises(RuleError) as error:
        load_rules([path], include_default=False)
    return [str(p) for p in error.value.problems]


def test_a_pack_with_the_wizard_loads(tmp_path):
    path = tmp_path / "today.toml"
    path.write_text(TODAY)
    pack = load_rules([path], include_default=False)
    change = pack.today.compatibility
    assert change.products == ("Desk 1",) and change.oldest == 5 and change.exception_hardware == {4, 5}
    assert change.down.inferred == "Implied." and change.exception_reason == "Not back."


def test_the_exception_table_may_have_its_own_header(tmp_path):
    text = TODAY.replace('exception = { hardware = ["vmx-03", "vmx-04"], reason = "Not back.", source = { url = "https://example.com/w", title = "W" } }\n', "")
    text = text.replace("\n[[product]]", '\n[today.compatibility.exception]\nhardware = ["vmx-03", "vmx-04"]\nreason = "Not back."\nsource = { url = "https://example.com/w", title = "W" }\n\n[[product]]', 1)
    path = tmp_path / "today.toml"
    path.write_text(text)
    assert load_rules([path], include_default=False).today.compatibility.exception_hardware == {4, 5}
    bad = text.replace('reason = "Not back."\n', 'reason = "Not back."\nsays = "x"\n')
    lines = bad.splitlines()
    found = problems(tmp_path, bad)
    line = lines.index('says = "x"') + 1
    assert found == [f"{tmp_path / 'today.toml'}:{line}: [today.compatibility.exception]: field 'says': unknown field (expected one of hardware, reason, source)"]


@pytest.mark.parametrize(
    "change,field,message",
    [
        (('products = ["Desk 1"]', 'products = ["Old"]'), "products", "[today.compatibility]: field 'products': Old is not one of today's products (given by 'hardware'): only they change a VM's hardware version in place"),
        (('products = ["Desk 1"]', 'products = ["Kiosk"]'), "products", "[today.compatibility]: field 'products': Kiosk cannot create VMs, so it gives none another hardware version"),
        (('products = ["Desk 1"]', 'products = ["Desk 2"]'), "products", "[today.compatibility]: field 'products': unknown product 'Desk 2' (did you mean 'Desk 1'?)"),
        (('oldest = "vmx-04"', 'oldest = "4"'), "oldest", "[today.compatibility]: field 'oldest': expected a hardware version written vmx-N (vmx-04, vmx-19), not '4'"),
        (('down = { source = { url = "https://example.com/w", title = "W", inferred = "Implied." } }\n', ''), "down", "[today.compatibility]: field 'down': missing required field"),
        (('down = { source = {', 'down = { says = "x", source = {'), "down", "[today.compatibility.down]: field 'says': unknown field (expected one of source)"),
        (('hardware = ["vmx-03", "vmx-04"]', 'hardware = ["vmx-03", "vmx-05"]'), "exception", "[today.compatibility.exception]: field 'hardware': expected hardware versions written vmx-N (vmx-12), not 'vmx-05'"),
        (('reason = "Not back.", ', ''), "exception", "[today.compatibility.exception]: field 'reason': missing required field"),
        (('[today.compatibility]', '[today.compatibility]\nwhen = "always"'), "when", "[today.compatibility]: field 'when': unknown field (expected one of caveats, down, exception, oldest, products, source)"),
    ],
    ids=["guide-product", "cannot-create", "unknown-product", "oldest-format", "down-missing", "down-unknown-field", "exception-version", "exception-reason-missing", "unknown-field"],
)
def test_error_in_the_wizards_table(tmp_path, change, field, message):
    """Each problem names the file, the line, the table and the field."""
    old, new = change
    assert old in TODAY
    text = TODAY.replace(old, new) + textwrap.dedent('''
        [same_product]
        source = { section = "S", page = 8 }
        [[product]]
        name = "Old"
        generation = 4
        family = "Workstation"
        source = { section = "S", page = 9 }
        ''')
    lines = text.splitlines()
    section = lines.index("[today.compatibility]")
    line = next((n for n, text_line in enumerate(lines[section:], section + 1) if text_line.startswith(f"{field} =")), section + 1)
    assert f"{tmp_path / 'today.toml'}:{line}: {message}" in problems(tmp_path, text)


def test_rules_check_reports_the_wizards_table(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(TODAY.replace('products = ["Desk 1"]', 'products = ["Kiosk"]'))
    result = run("rules", "check", "--no-default-rules", str(path))
    assert result.exit_code == 1
    assert f"{path}:8: [today.compatibility]: field 'products': Kiosk cannot create VMs" in result.stderr
