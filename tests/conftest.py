import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's vmgraph, whether or not it is installed
sys.path.insert(0, str(ROOT / "tests"))
os.environ["VMGRAPH_NO_CACHE"] = "1"  # every test loads the rule files it names


@pytest.fixture(scope="session")
def pack():
    from vmgraph.pack.sources import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def guide_pack():
    """The guide's pack alone (rules/*.toml): for tests of the guide's pictures and
    exports, which draw every state it has."""
    from vmgraph.pack.sources import load_rules

    return load_rules(ROOT / "rules", include_default=False)


@pytest.fixture
def cli_shares_pack(pack, monkeypatch):
    """Commands run in-process answer from the session's pack instead of loading the shipped
    one again: for tests of what commands answer. Loading itself (files, the cache, errors)
    is tested in test_rules.py and test_scale.py, and a command given --rules still loads."""
    import vmgraph.pack.sources as sources

    real = sources.load_rules

    def load(extra=(), include_default=True):
        return pack if include_default and not extra else real(extra, include_default=include_default)

    monkeypatch.setattr(sources, "load_rules", load)


@pytest.fixture(scope="session")
def planner(pack):
    from vmgraph.planning.planner import Planner

    return Planner(pack)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def odd_pack():
    """The shipped pack plus products whose names are syntax to every output format."""
    from vmgraph.pack.sources import load_rules

    return load_rules([ROOT / "tests" / "data" / "odd-names.toml"])


@pytest.fixture(scope="session")
def graphviz():
    """Graphviz's `dot`: every DOT output is rendered with it. CI installs it (.ci/run) and must have it."""
    import shutil

    found = shutil.which("dot")
    if found:
        return found
    if _in_ci():
        pytest.fail("Graphviz 'dot' is missing: .ci/run installs it with apt-get install graphviz")
    pytest.skip("Graphviz 'dot' is not installed (apt-get install graphviz): DOT outputs not rendered")


@pytest.fixture(scope="session")
def mermaid_cli(tmp_path_factory):
    """mermaid-cli (`mmdc`) and a headless browser, when this machine has them (CI does not install them).

    Returns the command to run, with a puppeteer config: no sandbox (tests may run as
    root), and Debian's chromium when puppeteer has no browser of its own.
    """
    import json
    import shutil

    found = shutil.which("mmdc")
    if not found:
        pytest.skip("mermaid-cli (mmdc) is not installed: Mermaid outputs checked structurally only")
    config = {"args": ["--no-sandbox"]}
    browser = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if browser:
        config["executablePath"] = browser
    path = tmp_path_factory.mktemp("mmdc") / "puppeteer.json"
    path.write_text(json.dumps(config))
    return [found, "--puppeteerConfigFile", str(path)]


# Property-based tests: a quick run while developing, a few thousand examples in CI
# (CI=true), bounded either way so the whole suite stays within a few minutes on 2 cores.
# VMGRAPH_HYPOTHESIS_PROFILE=dev|ci picks one by hand.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("dev", max_examples=100, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=700, deadline=10000, database=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("VMGRAPH_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))
