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
