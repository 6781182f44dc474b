"""Execute notebooks/explore.ipynb top to bottom and save it with its outputs.

    python notebooks/run_notebook.py            # refresh the committed outputs
    python notebooks/run_notebook.py --check    # execute a copy; fail if its text outputs differ

Needs the `notebooks` (or `test`) extra: nbclient, nbformat, ipykernel.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent / "explore.ipynb"


def execute(path: Path = NOTEBOOK) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # timings would change on every run
    return notebook


def text_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    """What the notebook printed, cell by cell (pictures left out: their bytes vary by platform)."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            found.append("".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream"))
    return found


def main() -> int:
    fresh = execute()
    if "--check" in sys.argv:
        committed = nbformat.read(NOTEBOOK, as_version=4)
        if text_outputs(committed) != text_outputs(fresh):
            print("notebooks/explore.ipynb outputs are stale: run python notebooks/run_notebook.py", file=sys.stderr)
            return 1
        return 0
    nbformat.write(fresh, NOTEBOOK)
    print(f"executed and saved {NOTEBOOK.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
