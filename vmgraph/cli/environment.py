"""`vmgraph environment`: which hardware lets a site's products share VMs both ways."""

from typing import Annotated

import typer

from ..errors import VmgraphError
from .common import echo_text, fail, load_pack, reworded, work_begins
from .options import Format, NoDefaultOption, RulesOption


def environment(
    products: Annotated[list[str], typer.Argument(metavar="PRODUCT...", help="The products your site runs (two or more).", show_default=False)],
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Plan an environment: the hardware generation that lets VMs move both ways
    between the most pairs of your products, and what each pair takes.

    Examples:

    \b
      vmgraph environment ws4 ws5 gsx3
      vmgraph environment "Workstation 3" "Workstation 5" --format json
    """
    from ..overview.environment import plan_environment
    work_begins()
    from ..pack.names import resolve
    from ..render import environment as render

    pack = load_pack(rules, no_default_rules)
    try:
        chosen: list[str] = []
        for name in products:
            chosen.extend(p for p in resolve(pack, name) if p not in chosen)
        plan = plan_environment(tuple(chosen), pack)
    except VmgraphError as error:
        raise fail(reworded(error)) from None
    writer = {Format.text: render.to_text, Format.json: render.to_json, Format.markdown: render.to_markdown}[output_format]
    echo_text(writer(plan))
