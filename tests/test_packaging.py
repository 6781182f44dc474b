"""What `pip install .` ships: every package of vmgraph's source tree, and the rule files.

A subpackage missing from pyproject.toml's list installs without complaint and fails only when a
user runs the command that imports it (as `vmgraph fleet` once did)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_in_the_source_tree_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "vmgraph").rglob("__init__.py")}
    assert found <= listed, f"not in pyproject.toml's packages: {sorted(found - listed)}"


def test_every_rule_file_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]["vmgraph._rules"]
    rules = ROOT / "rules"
    shipped = {path for pattern in patterns for path in rules.glob(pattern)}
    assert set(rules.rglob("*.toml")) <= shipped
