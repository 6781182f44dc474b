"""Whole-pack views: the guide's tables as a matrix, working environments, hardware versions by product."""
