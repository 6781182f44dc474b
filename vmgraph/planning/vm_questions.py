"""A VM's own files as a route question (`vmgraph route --vmx PATH TARGET`).

The facts vmgraph reads from the files (vm_facts.py) are applied as if given as
flags: the hardware, an SMP or 64-bit guest, 3-D, a snapshot, a suspended VM,
disk modes that keep redo logs. Reading a hardware version as one of the
guide's generations is an inference, and the route says so.

After planning, `check_route()` checks the facts against the hardware the route
brings the VM to (vmgraph/limits.py): more vCPUs or memory than the version
allows, UEFI before vmx-08, a NIC or controller model it lacks. A refusal makes
the answer "no route as is", with the fixes and a newer target that holds the
VM as it is.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from ..errors import InvalidArgumentValue, VmgraphError
from ..vm.hardware import HardwareNameError, both_names, level_of_version, read_hardware, short_name
from ..vm.limits import LimitProblem, check_limits
from ..pack.model import ESX_FAMILIES, RulePack, State
from .planner import planner_for
from .records import VM, Constraints, Relaxation, Request, Route
from ..vm.facts import VSPHERE_KEYS_SOURCE, VmFacts

# KB 1003746 lists the guide's generation 4 products (ESX Server 2, GSX Server 3,
# Workstation 4) against hardware version 3, and Workstation 5 against 4.
GUIDE_GENERATION = {3: 4, 4: 5}
# A guest ID's architecture: open-vm-tools' guest_os.h, "Architecture prefixes. No prefix implies
# the X86 architecture." (STR_OS_ARM_PREFIX "arm-"): arm-windows11-64 is an Arm guest.
ARCH_SOURCE = "open-vm-tools lib/include/guest_os.h, https://github.com/vmware/open-vm-tools/blob/master/open-vm-tools/lib/include/guest_os.h: an arm- prefix is an Arm guest, no prefix x86"
ARCH_SPELLINGS = {"x86_64": ("x86_64", "x86-64", "x86", "amd64", "x64", "i386", "ia32"), "arm64": ("arm64", "aarch64", "arm")}
# The disk mode that asks most of a move decides (redo logs to commit first).
DISK_MODES_FIRST = ("undoable", "append", "nonpersistent", "persistent")


class VmQuestion(NamedTuple):
    vm: VM
    notes: tuple[str, ...]  # what vmgraph read, and what it inferred, for the route's warnings


def vm_from_facts(facts: VmFacts, given: VM = VM()) -> VmQuestion:
    """The VM for a route question: the files' facts, plus what the flags add."""
    version = facts.hardware_version
    if version is None:
        raise InvalidArgumentValue("vmx", facts.file, "the file states no virtualHW.version, so vmgraph cannot tell its hardware")
    try:
        generation = level_of_version(version)
    except HardwareNameError as error:
        raise InvalidArgumentValue("vmx", facts.file, f"virtualHW.version {version}: {error}") from None
    if given.hardware is not None and not _agrees(given.hardware, generation):
        raise InvalidArgumentValue("vm.hardware", given.hardware, f"the VM's files say hardware version {version} ({both_names(generation)})")
    modes = {disk.mode.removeprefix("independent-") for disk in facts.disks}
    disk_mode = next((mode for mode in DISK_MODES_FIRST if mode in modes), "persistent")
    if given.disk_mode != "persistent":
        disk_mode = given.disk_mode
    arch = None if facts.guest_os is None else ("arm64" if facts.guest_arm else "x86_64")
    if given.arch is not None and arch is not None and given.arch.strip().lower() not in ARCH_SPELLINGS[arch]:
        raise InvalidArgumentValue("vm.arch", given.arch, f"the VM's files say guestOS = \"{facts.guest_os}\", an {arch} guest")
    vm = given._replace(
        arch=given.arch or arch,
        hardware=generation,
        smp=given.smp or facts.smp,
        sixty_four_bit=given.sixty_four_bit or bool(facts.guest_64bit),
        three_d=given.three_d or facts.three_d,
        snapshot=given.snapshot or facts.has_snapshots,
        suspended=given.suspended or facts.suspended,
        disk_mode=disk_mode,
    )
    read = [f"{facts.vcpus} vCPU{'s' if facts.vcpus != 1 else ''}"]
    if facts.guest_os:
        read.append(f"guest {facts.guest_os} ({arch}: {ARCH_SOURCE})")
    if facts.has_snapshots:
        read.append("a snapshot")
    if facts.suspended:
        read.append("suspended")
    read.append(disks_in_words(facts, disk_mode))
    notes = (f"From {facts.file}: hardware version {version} (vmx-{version:02d}), " + ", ".join(read) + ".",)
    if version in GUIDE_GENERATION:
        notes += (
            f"vmgraph reads hardware version {version} as the guide's generation {generation}: an inference from "
            "KB 1003746, which lists the guide's products against hardware versions 3 and 4.",
        )
    return VmQuestion(vm, notes)


def _agrees(hardware: str | int, level: int) -> bool:
    """Whether --hardware names the files' hardware, read either way (the product is not known yet)."""
    for today in (True, False):
        try:
            if read_hardware(hardware, today).level == level:
                return True
        except HardwareNameError:
            pass
    return False


def disks_in_words(facts: VmFacts, mode: str) -> str:
    """The disks' modes for the route's note: "disks persistent" when they share one, else which
    disk has which ("disk scsi0:1 nonpersistent; scsi0:0 and scsi0:2 persistent"), the mode that
    asks most first (it is the one the route goes by)."""
    slots: dict[str, list[str]] = {}
    for disk in facts.disks:
        slots.setdefault(disk.mode.removeprefix("independent-"), []).append(disk.slot)
    if len(slots) <= 1:
        return f"disks {mode}"
    ordered = sorted(slots.items(), key=lambda item: DISK_MODES_FIRST.index(item[0]) if item[0] in DISK_MODES_FIRST else len(DISK_MODES_FIRST))
    said = "; ".join(f"{', '.join(names[:-1]) + ' and ' + names[-1] if len(names) > 1 else names[0]} {name}" for name, names in ordered)
    return f"disk{'s' if len(ordered[0][1]) > 1 else ''} {said}"


# The keys whose meaning no source states: a problem that rests on one says so.
KEY_READINGS = {
    "secure_boot": (
        "the file's uefi.secureBoot.enabled = \"TRUE\" is taken as Secure Boot on: public scripts that write .vmx files "
        "(Packer templates, converters) use the key so; no VMware document read names it."
    ),
    "three_d": "the file's mks.enable3d = \"TRUE\" is taken as SVGA 3-D hardware acceleration on: no source read maps the key.",
}


class RouteLimits(NamedTuple):
    """What the hardware a route brings the VM to cannot hold (or may not: warnings)."""

    problems: tuple[LimitProblem, ...]
    at: State  # where they arise: the oldest hardware the route brings the VM to
    step: int | None  # the step that brings it there (1-based) when that is before the end
    last: bool  # `at` is where the route ends
    suggestions: tuple[Relaxation, ...] = ()  # newer targets whose route holds the VM as it is
    vmx: str | None = None  # the path as given, for the commands suggested

    @property
    def refused(self) -> bool:
        """The VM cannot run as it is where the route brings it."""
        return any(problem.refusal for problem in self.problems)

    @property
    def refusals(self) -> tuple[LimitProblem, ...]:
        return tuple(problem for problem in self.problems if problem.refusal)

    @property
    def warnings(self) -> tuple[LimitProblem, ...]:
        return tuple(problem for problem in self.problems if not problem.refusal)


def limit_arguments(facts: VmFacts) -> dict:
    """check_limits()'s arguments from a VM's files."""
    return {
        "vcpus": facts.vcpus,
        "cores_per_socket": facts.cores_per_socket,
        "memory_mb": facts.memory_mb,
        "firmware": facts.firmware,
        "secure_boot": facts.secure_boot,
        "nic_models": tuple(nic.model for nic in facts.nics if nic.model),
        "controllers": tuple(c.model or c.slot.rstrip("0123456789") for c in facts.controllers),
        "three_d": facts.three_d,
    }


def route_limits(route: Route, facts: VmFacts) -> RouteLimits:
    """The facts against the oldest hardware a found route brings the VM to (its end,
    unless a step on the way goes lower: a newer version never holds less)."""
    end = route.target if route.target is not None else route.source
    places = [(number, step.target) for number, step in enumerate(route.steps, 1) if step.kind != "prepare"]
    step, at = min(places, key=lambda place: (place[1].hardware, place[0]), default=(None, end))
    last = at.hardware >= end.hardware
    if last:
        step, at = None, end  # the same hardware as where it ends: say where it ends
    problems = tuple(
        p._replace(inferred="; ".join(filter(None, (p.inferred, KEY_READINGS[p.limit])))) if p.limit in KEY_READINGS else p
        for p in check_limits(at.hardware, **limit_arguments(facts))
    )
    return RouteLimits(problems, at, step, last)


def check_route(route: Route, facts: VmFacts, given: VM, pack: RulePack, vmx: str | None = None) -> RouteLimits:
    """route_limits(), and when they refuse the VM, the oldest newer release of the
    target's line (ESX and ESXi are one line) whose route holds the VM as it is.

    `given` is the VM as the user described it (the flags, not the files): the
    suggestion's request carries it, so its command reads the files again.
    """
    found = route_limits(route, facts)._replace(vmx=vmx)
    if not found.refused or route.request is None or route.target is None:
        return found
    needs = [problem.needs for problem in found.refusals]
    if None in needs:
        return found  # no hardware version holds it: no target will
    newer = newer_target(route, pack, lambda answer: not route_limits(answer, facts).refused, max(needs))  # type: ignore[type-var]
    if newer is None:
        return found
    product, answer, request = newer
    words = (f"a route exists to {product}, which brings the VM to {short_name(answer.target.hardware)} and holds it as it is: "  # type: ignore[union-attr]
             f"upgrade the {route.target.product} host to it")
    return found._replace(suggestions=(Relaxation("TARGET", f"target {product}", words, answer, request._replace(vm=given)),))


def newer_target(route: Route, pack: RulePack, holds: Callable[[Route], bool], needs: int) -> tuple[str, Route, Request] | None:
    """The oldest newer release of the line of the product `route` ends on (ESX and ESXi are one
    line) that runs hardware `needs` and whose route `holds` the VM: (its name, that route, the
    question that gives it); None when there is none. For VMs a route's hardware cannot hold."""
    if route.request is None or route.target is None:
        return None
    final = pack.products[route.target.product]
    if not final.is_today:
        return None
    line = ESX_FAMILIES if final.family in ESX_FAMILIES else {final.family}
    order = list(pack.products)
    newer = sorted(
        (p for p in pack.products.values() if p.is_today and p.family in line and p.generation > final.generation and p.generation >= needs),
        key=lambda p: (p.generation, order.index(p.name)),
    )
    planner = planner_for(pack, dict(route.request.weights))
    for product in newer:
        request = route.request._replace(target=product.name)
        try:
            answer = planner.answer(request)
        except VmgraphError:
            continue
        if answer.found and holds(answer):
            return product.name, answer, request
    return None


# facts B2 (libvirt's VMX notes): a hosted product's NIC says how it connects
# (ethernetN.connectionType: bridged, nat, hostonly); an ESX host's names a port group
# (ethernetN.networkName).
_NETWORK_KEY_OF = {"networkname": ("vSphere hosts", ESX_FAMILIES), "connectiontype": ("desktop products", frozenset({"Workstation"}))}
NETWORK_SOURCE = "libvirt's VMX notes (vmgraph's facts, B2): ESX names a NIC's network with ethernetN.networkName, a hosted product sets ethernetN.connectionType"


def source_from_files(facts: VmFacts, pack: RulePack, avoid: frozenset[str] = frozenset()) -> tuple[str, str]:
    """The product a VM's files say it is on, when --from does not: the first release of the
    kind its files point to that runs its hardware version (other than those in `avoid`, the
    target's, when another does); an inference, said in the note returned with it. A key only a
    vSphere host writes (vc.uuid, a path under /vmfs/volumes/) says ESX/ESXi whatever the
    version; otherwise the NICs tell (networkName: ESX/ESXi; connectionType: Workstation), for
    versions no product of the guide's runs (vmx-06 and later: the older ones may be the guide's)."""
    version = facts.hardware_version
    if facts.vsphere_keys and version is not None:
        return _first_runner(facts, pack, avoid, "vSphere hosts", ESX_FAMILIES, ", ".join(facts.vsphere_keys), VSPHERE_KEYS_SOURCE)
    kinds = {key.rsplit(".", 1)[1].lower() for key in facts.network_keys}
    if version is None or version < 6 or len(kinds) != 1:
        if version is not None and version < 6:
            why = f"hardware version {version} may be on one of the guide's products"
        elif not kinds:
            why = "neither its hardware version nor its NICs tell"
        else:
            why = "its NICs name networks both as ESX hosts and as hosted products do"
        raise InvalidArgumentValue("vmx", facts.file, f"say which product the VM is on with --from PRODUCT ({why})")
    (kind,) = kinds
    words, families = _NETWORK_KEY_OF[kind]
    return _first_runner(facts, pack, avoid, words, families, ", ".join(facts.network_keys), NETWORK_SOURCE)


def _first_runner(facts: VmFacts, pack: RulePack, avoid: frozenset[str], words: str, families: frozenset[str], keys: str, source: str) -> tuple[str, str]:
    """The first release of `families` that runs the VM's hardware and its guest's architecture
    (an Arm guest, where none of them runs it: the first hosted product that does), other than
    those in `avoid` when another will do; with the note that says it is vmgraph's inference."""
    version = facts.hardware_version
    level = level_of_version(version)  # type: ignore[arg-type]
    arch = "arm64" if facts.guest_arm else "x86_64"
    runs = [p for p in pack.products.values() if p.is_today and p.runs_hardware(level) and (not pack.architectures_of(p.name) or arch in pack.architectures_of(p.name))]
    runners = [p for p in runs if p.family in families]
    which = f"the first of the {words}"
    if not runners and facts.guest_arm:
        # An Arm guest: hosted, and on a product that runs Arm VMs (Fusion on Apple silicon).
        runners, which = [p for p in runs if not p.is_esx], "the first product"
    found = next((p for p in runners if p.name not in avoid), runners[0] if runners else None)
    if found is None:
        raise InvalidArgumentValue("vmx", facts.file, f"say which product the VM is on with --from PRODUCT (no one of the {words} runs vmx-{version:02d}{' and Arm guests' if facts.guest_arm else ''})")
    other = " other than the target" if found.name not in avoid and any(p.name in avoid for p in runners[:runners.index(found)]) else ""
    arm = f" and guestOS {facts.guest_os}, an Arm guest ({ARCH_SOURCE})" if facts.guest_arm else ""
    note = (
        f"vmgraph takes the VM to be on {found.name}, {which}{other} that runs vmx-{version:02d}{' and Arm guests' if facts.guest_arm and which == 'the first product' else ''}: "
        f"its .vmx has {keys} ({source}){arm}. That is vmgraph's inference; if the VM is on another product, say so with --from."
    )
    return found.name, note


def already_there(source: str, target: str, vm: VM, constraints: Constraints, pack: RulePack) -> Route | None:
    """A VM on a product its target names, whose hardware that product runs: a route of no
    steps, "nothing to do", as `vmgraph fleet` answers it. None for any other VM."""
    from ..pack.names import canonical, resolve

    name, targets = canonical(pack, source), resolve(pack, target)
    if name not in targets:
        return None
    planner = planner_for(pack)
    request = Request(name, target, vm, constraints)
    start = planner.start_state(request)
    if not pack.products[name].runs_hardware(start.hardware):
        return None
    words = f"The VM is on {name}, which runs its {short_name(start.hardware)} hardware: nothing to do."
    return Route(True, start, start, (), (words,), target_products=targets, request=request, uncreated=planner.uncreated, today=planner.today)
