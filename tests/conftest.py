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
    from vmgraph.rules import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def planner(pack):
    from vmgraph.planner import Planner

    return Planner(pack)


# Property-based tests: a quick run while developing, a few thousand examples in CI
# (CI=true), bounded either way so the whole suite stays within a few minutes on 2 cores.
# VMGRAPH_HYPOTHESIS_PROFILE=dev|ci picks one by hand.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("dev", max_examples=100, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=700, deadline=10000, database=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("VMGRAPH_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))
