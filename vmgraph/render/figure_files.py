"""Drawings as files and as notebook pictures: the formats vmgraph writes, checked before any
work, and saved with the same bytes every run, atomically (all or nothing)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import DrawingError

FORMATS = ("png", "svg", "pdf")


def check_path(path: Path) -> str:
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise DrawingError(f"{path}: unknown format '{path.suffix or '(none)'}' (expected .png, .svg or .pdf)")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DrawingError(f"{path}: no such folder '{folder}'")
    return kind


def save_figure(figure, path: Path) -> Path:
    """Save any Figure the way vmgraph saves its own: deterministic bytes, atomically."""
    path = Path(path)
    write_figure(figure, path, check_path(path))
    return path


def write_figure(figure, path: Path, kind: str) -> None:
    import matplotlib

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    # Byte-identical output between runs: no dates, a fixed id salt, text kept as text.
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}, "png": {"Software": None}}[kind]
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise DrawingError(f"{path}: cannot write there ({error.strerror})") from None
    os.close(handle)
    try:
        with matplotlib.rc_context({"svg.hashsalt": "vmgraph", "svg.fonttype": "none", "pdf.fonttype": 42}):
            figure.savefig(temporary, format=kind, metadata=metadata, dpi=100)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes files private; a drawing is not
        os.replace(temporary, path)
    except OSError as error:
        raise DrawingError(f"{path}: cannot write ({error.strerror})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class Picture:
    """A drawing for a notebook: shown at its own size (labels stay 8 pt or more), with alt text.

    Jupyter reads `_repr_mimebundle_`: the PNG, its `alt` and `width` metadata (read by
    nbconvert and JupyterLab), and the alt text again as the plain-text version.
    """

    def __init__(self, figure, alt: str | None = None):
        self.figure = figure
        self.alt = alt or figure.get_label() or "A vmgraph drawing"

    def png(self) -> bytes:
        import io

        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(self.figure)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None, "Description": self.alt})
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64

        data = self.png()
        width = int.from_bytes(data[16:20], "big")  # the PNG header's width, in pixels
        return {"image/png": base64.b64encode(data).decode("ascii"), "text/plain": self.alt}, {"image/png": {"alt": self.alt, "width": width}}


def inline(figure, alt: str | None = None) -> Picture:
    """Show `figure` in a notebook at its own size, with alt text (by default the drawing's own description)."""
    return Picture(figure, alt)
