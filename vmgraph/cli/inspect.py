"""`vmgraph inspect`: what a VM's files say, and what that means for a move."""

from pathlib import Path
from typing import Annotated

import typer

from ..errors import VmgraphError
from .common import echo_text, fail
from .options import ListFormat


def inspect_vm(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A .vmx file, or a VM's folder holding exactly one.", show_default=False)],
    output_format: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.text,
) -> None:
    """What vmgraph reads from a VM's files, and what it means for a move.

    Reads the .vmx (hardware version, guest OS, vCPUs, memory, firmware, 3-D,
    disks and their modes, NICs), the .vmsd beside it (snapshots) and the
    names of the VM's files (a .vmss: suspended). Each fact names the key it
    came from; each consequence names its source.

    Examples:

    \b
      vmgraph inspect examples/vms/win2019-efi
      vmgraph inspect path/to/vm.vmx --format json
    """
    from ..render import inspect as render
    from ..vm.facts import read_vm
    from ..vm.implications import assess

    try:
        vm = read_vm(path)
    except VmgraphError as error:
        raise fail(str(error)) from None
    assessment = assess(vm)
    echo_text(render.to_json(vm, assessment) if output_format is ListFormat.json else render.to_text(vm, assessment))
