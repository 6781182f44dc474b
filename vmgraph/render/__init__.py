"""Outputs: text, Markdown, JSON, CSV, DOT, Mermaid, and drawings (matplotlib, imported only when drawing)."""
