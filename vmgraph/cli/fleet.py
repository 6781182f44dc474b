"""`vmgraph fleet`: every VM of an inventory planned, grouped by the work it takes."""

from pathlib import Path
from typing import Annotated, Optional

import typer

import sys
import warnings

from ..errors import VmgraphError
from .common import EXIT_NEGATIVE, EXIT_OK, drawing_path, fail, load_pack, pack_options, reworded, work_begins
from .options import HAVE_HELP, FleetFormat, NoDefaultOption, RulesOption, products_had


def fleet(
    inventory: Annotated[str, typer.Argument(metavar="INVENTORY", help="A vCenter read live (https://[user@]vcenter: the password from GOVC_PASSWORD, the user from the URL or GOVC_USERNAME; pip install 'vmgraph[vcenter]'), an RVTools export (.xlsx, a vInfo .csv, or the folder of its CSV files), govc vm.info -json output, PowerCLI Get-VM | Export-Csv, or a plain CSV (name, product or hardware, flags); - reads standard input.", show_default=False)],
    to: Annotated[str, typer.Option("--to", help="Where the VMs must run (a product or a group: any member will do).", metavar="TARGET", show_default=False)],
    insecure: Annotated[bool, typer.Option("--insecure", help="With a vCenter's URL: accept a certificate this machine does not trust (a self-signed one); GOVC_INSECURE=1 says the same.")] = False,
    hosts: Annotated[Optional[Path], typer.Option("--hosts", help="Which release each host runs: govc host.info -json, RVTools vHost (.csv or .xlsx), PowerCLI Get-VMHost | Export-Csv, or a CSV of host and release (- reads standard input). An RVTools .xlsx or CSV folder gives it itself.", metavar="FILE", show_default=False)] = None,
    columns: Annotated[Optional[str], typer.Option("--columns", help="Which column holds which field, for a report with its own column names: name=VMName,hardware=HWVersion,cpus=NumCPU,memory_gb=MemoryGB,guest=GuestFullName,host=VMHost (fields: name, hardware, product, release, cpus, memory_mb, memory_gb, guest, guest_id, host, cluster, power_state, firmware, secure_boot, template, snapshots; for govc JSON a dotted path).", metavar="FIELD=COLUMN,...", show_default=False)] = None,
    from_product: Annotated[Optional[str], typer.Option("--from", help="The product every VM is on, for rows that name none: overrides the hosts' releases and vmgraph's reading (a vSphere host that runs the VM's hardware).", metavar="PRODUCT")] = None,
    output_format: Annotated[FleetFormat, typer.Option("--format", help="A work plan (text), a change ticket (markdown), one row per VM (csv) / one document (json) for scripts, a workbook (xlsx: Summary, Work plan, VMs, Skipped; to a file), or one self-contained web page (html: the plan, a chart, a VM table that sorts and filters).")] = FleetFormat.text,
    draw: Annotated[Optional[Path], typer.Option(help="Also draw a chart of VMs per group (.png, .svg or .pdf).", metavar="PATH")] = None,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Leave out rows vmgraph cannot read, plan the rest, and count what was skipped.")] = False,
    reversible: Annotated[bool, typer.Option("--reversible", help="No one-way step: every VM can still go back.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="No conditional step (one that depends on the guest OS).")] = False,
    max_moves: Annotated[Optional[int], typer.Option(help="At most N moves between products per VM.", metavar="N")] = None,
    avoid: Annotated[Optional[list[str]], typer.Option(help="Leave out steps with this tag: copy, export, import, legacy, convert, one-way, conditional (repeatable).", metavar="TAG")] = None,
    stated_only: Annotated[bool, typer.Option("--stated-only", help="No step that rests on an inference of vmgraph's.")] = False,
    have: Annotated[Optional[list[str]], typer.Option("--have", help=HAVE_HELP, metavar="PRODUCTS")] = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Plan a fleet: every VM of an inventory to TARGET, grouped by the work it takes.

    Each VM is planned from its own host's release where the inventory
    says it (an RVTools workbook's vHost sheet, a folder's
    RVTools_tabvHost.csv, --hosts FILE); elsewhere vmgraph takes it to be
    on a vSphere host that runs its hardware, and says so. The work plan
    (largest group first) names, for each group, the vmgraph route command
    that explains its route step by step; then one line per VM. Each
    distinct question is planned once, and the inventory is streamed: a
    million rows take seconds and little memory.

    Exit 0 when every VM has a route, 1 when some VM has none or a row was
    skipped (--keep-going), 2 on a usage error or an unreadable row.

    Examples:

    \b
      GOVC_PASSWORD=... vmgraph fleet https://reader@vcenter.example.com --to "ESXi 8.0 U3"
      vmgraph fleet examples/inventories/rvtools-vinfo.xlsx --to "ESXi 8.0 U3"
      vmgraph fleet examples/inventories/govc-vm-info.json --hosts examples/inventories/govc-host-info.json --to "ESXi 8.0 U3" --format xlsx > plan.xlsx
      vmgraph fleet examples/inventories/rvtools-vinfo.csv --from "ESXi 8.0 U3" --to "ESXi 7.0 U3"
      vmgraph fleet report.csv --columns name=VMName,hardware=HWVersion,cpus=NumCPU,host=VMHost --to "ESXi 8.0 U3"
      vmgraph fleet examples/inventories/plain.csv --to "Workstation 17" --format markdown
      vmgraph fleet examples/inventories/rvtools-csv --to "ESXi 8.0 U3" --format html > plan.html
      vmgraph fleet inventory.xlsx --from esxi8u3 --to esxi7u3 --avoid convert --format csv > plan.csv
      vmgraph fleet examples/inventories/rvtools-vinfo.csv --from "ESXi 8.0 U3" --to "ESXi 7.0 U3" --have "ESXi 8.0 U3,ESXi 7.0 U3"
    """
    if draw is not None:
        drawing_path(draw, "--draw ")
    from ..fleet import plan_fleet
    from ..inventory import read_inventory
    from ..planning.records import Constraints
    from ..planning.questions import check_constraints, one_product
    from ..pack.names import canonical, resolve
    work_begins()
    warnings.filterwarnings("ignore", module="openpyxl")  # its notes on a workbook's parts vmgraph does not read: stderr is for one error line

    pack = load_pack(rules, no_default_rules)
    extra = tuple(pack_options(rules, no_default_rules))
    try:
        resolve(pack, to)
        target = canonical(pack, to)
        source = one_product(pack, "--from", from_product) if from_product is not None else None
        constraints = check_constraints(Constraints(reversible, strict, max_moves, frozenset(avoid or []), (), stated_only, products_had(have)), pack)
        read = read_inventory(inventory, keep_going=keep_going, hosts=hosts, columns=columns, insecure=True if insecure else None)
    except VmgraphError as error:
        raise fail(reworded(error)) from None
    from .progress import for_terminal

    from ..render.fleet import WRITERS
    from ..render.fleet_xlsx import Xlsx

    try:
        if output_format.value == "html":
            from ..render.fleet_html import Html

            writer = Html()
        else:
            writer = Xlsx() if output_format.value == "xlsx" else WRITERS[output_format.value]()
    except VmgraphError as error:
        raise fail(str(error)) from None
    binary = getattr(writer, "binary", False)
    if binary and sys.stdout.isatty():
        raise fail("--format xlsx writes a workbook: send it to a file (> plan.xlsx)")
    progress = for_terminal("planning", read.count_lines)
    try:
        plan = plan_fleet(read, target, source, constraints, pack, extra, progress, writer)
    except VmgraphError as error:
        raise fail(reworded(error)) from None
    finally:
        if progress is not None:
            progress.done()
    with plan:
        try:
            writer.write(plan, sys.stdout.buffer if binary else sys.stdout)
        except VmgraphError as error:
            raise fail(reworded(error)) from None
        sys.stdout.flush()
        if draw is not None:
            from ..render.drawing import DrawingError
            from ..render.fleet_chart import save_fleet_chart

            try:
                save_fleet_chart(draw, plan)
            except DrawingError as error:
                raise fail(reworded(error)) from None
    raise typer.Exit(EXIT_OK if not plan.count("blocked") and not len(plan.skipped) else EXIT_NEGATIVE)
