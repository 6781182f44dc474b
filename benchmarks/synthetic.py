"""Valid rule packs of N products, for the scale benchmark and the tests that use it.

Products are spread over the guide's four generations, a third of them ESX
(the rest hosted), so every kind of step occurs: copies, exports, imports,
legacy mode and one-way upgrades. Each product moves to a fixed number of
products of its own generation and of the next one (`sparse`: a few, `dense`:
a few dozen), and is refused a few of the generation before; so the work a
question takes grows with N, not with N squared, unless the question itself
does (a matrix has N x N cells).
"""

from __future__ import annotations

import random

SHAPES = {"sparse": (3, 2), "dense": (20, 6)}  # (same-generation moves, next-generation moves) per product


def product_names(n: int) -> dict[int, list[str]]:
    per = max(1, n // 4)
    return {generation: [f"P{generation}-{index:05d}" for index in range(per)] for generation in (2, 3, 4, 5)}


def is_esx(name: str) -> bool:
    return int(name.rsplit("-", 1)[1]) % 3 == 0


def transfer(source: str, target: str) -> str:
    if is_esx(source) == is_esx(target):
        return "copy"
    return "export" if is_esx(source) else "import"


def pack_text(n: int, shape: str = "sparse", seed: int = 1) -> str:
    """The TOML of a valid pack (schema 1) of about `n` products."""
    same, onward = SHAPES[shape]
    chance = random.Random(seed)
    names = product_names(n)
    source = '{ section = "Synthetic", page = 1 }'
    lines = ["schema = 1", "", "[same_product]", f"source = {source}", ""]
    for generation, products in names.items():
        older = names.get(generation - 1, [])
        for name in products:
            lines += ["[[product]]", f'name = "{name}"', f"generation = {generation}", f'family = "{"ESX" if is_esx(name) else "Workstation"}"', f"source = {source}", ""]
            if older:
                leader = next(o for o in older if is_esx(o) == is_esx(name))
                lines += ["  [[product.runs]]", f"  hardware = {generation - 1}", '  mode = "legacy"', f'  moves_as = "{leader}"', f"  source = {source}", ""]
    for generation, products in names.items():
        newer = names.get(generation + 1, [])
        older = names.get(generation - 1, [])
        for index, name in enumerate(products):
            peers = [products[(index + step) % len(products)] for step in range(1, same + 1)]
            _moves(lines, name, [p for p in dict.fromkeys(peers) if p != name], None, source)
            if newer:
                # the same index in the next generation first, so a chain reaches every generation
                ahead = [newer[index % len(newer)]] + chance.sample(newer, min(onward, len(newer)))
                _moves(lines, name, list(dict.fromkeys(ahead))[:onward], '["upgrade", "legacy"]', source)
            if older:
                refused = ", ".join(f'"{o}"' for o in chance.sample(older, min(2, len(older))))
                lines += ["[[refusal]]", f'from = ["{name}"]', f"to = [{refused}]", 'reason = "Not supported."', f"source = {source}", ""]
    return "\n".join(lines) + "\n"


def _moves(lines: list[str], source: str, targets: list[str], hardware: str | None, citation: str) -> None:
    """One [[move]] entry per kind of transfer (an entry has one)."""
    by_transfer: dict[str, list[str]] = {}
    for target in targets:
        by_transfer.setdefault(transfer(source, target), []).append(target)
    for kind, group in by_transfer.items():
        lines += ["[[move]]", f'from = ["{source}"]', "to = [" + ", ".join(f'"{t}"' for t in group) + "]", f'transfer = "{kind}"']
        if hardware:
            lines.append(f"hardware = {hardware}")
        lines += [f"source = {citation}", ""]
