"""notebooks/explore.ipynb runs top to bottom and keeps current outputs."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
nbformat = pytest.importorskip("nbformat", reason="the test extra installs nbformat")
sys.path.insert(0, str(ROOT / "notebooks"))


@pytest.fixture(scope="module")
def executed():
    import run_notebook as run

    return run.execute()


def test_notebook_runs_without_errors(executed):
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


def test_notebook_shows_what_it_promises(executed):
    import run_notebook as run

    text = "\n".join(run.text_outputs(executed))
    assert "Route: GSX Server 1 (generation 2) -> Workstation 5.0 (generation 4 (vmx-03), created under GSX Server 3)" in text
    assert "No route: Workstation 3 (generation 3) -> Workstation 5" in text and "drop --reversible" in text
    assert "Recommended: generation 4 (vmx-03) hardware, created under Workstation 4" in text
    assert "Route: GSX Server 3 (generation 4 (vmx-03)) -> ESXi 8.0" in text, "today's products: one graph with the guide's"
    assert "ESXi 7.0 U3 runs hardware up to vmx-19" in text and "target ESXi 8.0" in text
    assert " 25 VMs  copy to ESXi 7.0 U3" in text and "blocked: vmx-20 hardware is newer than ESXi 7.0 U3 runs" in text, "plan a fleet"
    pictures = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(pictures) == 3


def test_notebook_pictures_are_readable_inline_and_carry_alt_text(executed):
    """Shown at their own size (no shrinking: vmgraph's labels are 8 pt or more at 100 dpi) in a
    notebook column, with alt text in the metadata nbconvert and JupyterLab read, and as plain text."""
    import base64

    pictures = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    for output in pictures:
        meta = output["metadata"]["image/png"]
        assert len(meta["alt"]) > 40 and output["data"]["text/plain"] == meta["alt"]
        png = base64.b64decode(output["data"]["image/png"])
        assert meta["width"] == int.from_bytes(png[16:20], "big") <= 1000
    alts = [o["metadata"]["image/png"]["alt"] for o in pictures]
    assert alts[0].startswith("Product map: 8 products") and alts[1].startswith("Route: GSX Server 1 (gen 2) → Workstation 5.0 (gen 4 · vmx-03). Step 1:")
    assert alts[2].startswith("vmgraph fleet: 32 VMs of ../examples/inventories/rvtools-vinfo.csv to ESXi 7.0 U3")


def test_committed_notebook_keeps_current_outputs(executed):
    import run_notebook as run

    committed = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    assert all(cell.outputs for cell in committed.cells if cell.cell_type == "code"), "outputs are kept so the notebook renders on a code host"
    assert run.text_outputs(committed) == run.text_outputs(executed), "stale outputs: run python notebooks/run_notebook.py"
