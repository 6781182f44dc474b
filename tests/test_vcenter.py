"""`vmgraph fleet https://vcenter`: an estate read live through the vSphere API, tested against a
real implementation of it, govmomi's vCenter simulator (tests/vcsim/main.go), over TLS with a
self-signed certificate, its hosts of mixed releases, its VMs made with pyVmomi's CreateVM_Task.

The simulator is built here from Debian's packages (golang-go, golang-github-vmware-govmomi-dev)
in GOPATH mode. Without them the tests skip, saying why; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vmgraph.cli.app import app
from vmgraph.errors import InventoryError

ROOT = Path(__file__).resolve().parent.parent
GOCODE = Path("/usr/share/gocode")
GOVMOMI = GOCODE / "src" / "github.com" / "vmware" / "govmomi" / "simulator"
PASSWORD = "s3cret-Pa55"
USER = "reader"
# host release -> the VMs made on it: (name, hardware version, firmware, Secure Boot)
ESTATE = {
    "8.0.2/22380479": [("app-a", 21, "efi", True), ("app-b", 19, "bios", False)],
    "7.0.3/20036589": [("db-a", 19, "efi", False), ("db-b", 17, "bios", False), ("db-c", 14, "bios", False)],
    "6.7.0/17700523": [("old-a", 15, "bios", False), ("old-b", 13, "efi", True)],
}
RELEASE_ROWS = {"8.0.2/22380479": "ESXi 8.0 U2", "7.0.3/20036589": "ESXi 7.0 U3", "6.7.0/17700523": "ESXi 6.7 U2"}
runner = CliRunner()


def _missing() -> str | None:
    if shutil.which("go") is None:
        return "Go is not installed (apt-get install golang-go golang-github-vmware-govmomi-dev)"
    if not GOVMOMI.is_dir():
        return f"govmomi's simulator is not in {GOVMOMI} (apt-get install golang-github-vmware-govmomi-dev)"
    try:
        import pyVmomi  # noqa: F401
    except ImportError:
        return "pyVmomi is not installed (pip install 'vmgraph[vcenter]')"
    return None


@pytest.fixture(scope="session")
def vcsim_binary(tmp_path_factory) -> Path:
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the vCenter tests: {missing}")
        pytest.skip(missing)
    out = tmp_path_factory.mktemp("vcsim") / "vcsim"
    gopath = tmp_path_factory.mktemp("gopath")
    env = dict(os.environ, GO111MODULE="off", GOPATH=f"{gopath}:{GOCODE}", GOFLAGS="")
    if "GOCACHE" not in env and "HOME" not in env:  # go needs a build cache somewhere
        env["GOCACHE"] = str(tmp_path_factory.mktemp("gocache"))
    built = subprocess.run(["go", "build", "-o", str(out), "./tests/vcsim"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    return out


class Simulator:
    """A running simulator: its URL (no credentials in it) and a pyVmomi session to make VMs with."""

    def __init__(self, binary: Path, releases: list[str], vms: int = 0):
        env = dict(os.environ, VCSIM_PASSWORD=PASSWORD)
        self.process = subprocess.Popen([str(binary), "-releases", ",".join(releases), "-user", USER, "-vms", str(vms)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.process.stdout.readline()
        assert line.startswith("URL "), line + self.process.stderr.read()
        self.url = line.split()[1]
        self.port = int(self.url.split(":")[2].split("/")[0])

    def session(self):
        from pyVim.connect import SmartConnect

        return SmartConnect(host="127.0.0.1", port=self.port, user=USER, pwd=PASSWORD, disableSslCertValidation=True)

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def make_estate(simulator: Simulator) -> dict[str, str]:
    """The ESTATE's VMs, each on a host of its release (CreateVM_Task); VM name -> host release."""
    from pyVim.connect import Disconnect
    from pyVim.task import WaitForTask
    from pyVmomi import vim

    si = simulator.session()
    content = si.RetrieveContent()
    datacenter = content.rootFolder.childEntity[0]
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.HostSystem], True)
    hosts = {f"{h.summary.config.product.version}/{h.summary.config.product.build}": h for h in view.view}
    view.Destroy()
    store = datacenter.datastore[0].name
    placed = {}
    for release, vms in ESTATE.items():
        host = hosts[release]
        for name, hardware, firmware, secure in vms:
            spec = vim.vm.ConfigSpec(name=name, version=f"vmx-{hardware}", guestId="otherGuest64", numCPUs=2, numCoresPerSocket=2, memoryMB=4096,
                                     firmware=firmware, bootOptions=vim.vm.BootOptions(efiSecureBootEnabled=secure),
                                     files=vim.vm.FileInfo(vmPathName=f"[{store}]"), deviceChange=_devices(vim, name))
            WaitForTask(datacenter.vmFolder.CreateVM_Task(config=spec, pool=host.parent.resourcePool, host=host))
            placed[name] = release
    Disconnect(si)
    return placed


def _devices(vim, name: str) -> list:
    """old-b gets an NVMe controller and a vmxnet3 NIC (its vmx-13 holds both; ESXi 6.0's vmx-11 not NVMe)."""
    if name != "old-b":
        return []
    nic = vim.vm.device.VirtualVmxnet3(key=-101, backing=vim.vm.device.VirtualEthernetCard.NetworkBackingInfo(deviceName="VM Network"))
    return [vim.vm.device.VirtualDeviceSpec(operation="add", device=vim.vm.device.VirtualNVMEController(key=-100, busNumber=0)),
            vim.vm.device.VirtualDeviceSpec(operation="add", device=nic)]


@pytest.fixture(scope="module")
def estate(vcsim_binary):
    simulator = Simulator(vcsim_binary, list(ESTATE))
    try:
        simulator.placed = make_estate(simulator)
        yield simulator
    finally:
        simulator.stop()


def fleet(url: str, *args: str, env: dict | None = None):
    full = {"GOVC_PASSWORD": PASSWORD, "GOVC_USERNAME": "", "GOVC_INSECURE": ""}
    full.update(env or {})
    return runner.invoke(app, ["fleet", url, *args], env=full)


def with_user(url: str, user: str = USER) -> str:
    return url.replace("https://", f"https://{user}@", 1)


def test_a_mixed_estate_is_planned_live_over_tls(estate):
    result = fleet(with_user(estate.url), "--insecure", "--to", "ESXi 8.0 U3", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["inventory"]["format"] == "vcenter" and data["inventory"]["vms"] == sum(len(vms) for vms in ESTATE.values())
    assert data["summary"] == {"route": 7, "ready": 0, "blocked": 0}
    for vm in data["vms"]:
        assert (vm["product"], vm["product_from"]) == (RELEASE_ROWS[estate.placed[vm["name"]]], "host"), vm
    assert data["placed"]["hosts"]["hosts"] == 3 and data["placed"]["by_host_release"] == 7
    assert "https://127.0.0.1" in data["inventory"]["file"] and PASSWORD not in result.stdout


def test_the_facts_read_live_are_the_vms_own(estate):
    from vmgraph.inventory import read_inventory

    os.environ["GOVC_PASSWORD"] = PASSWORD
    try:
        vms = {vm.name: vm for vm in read_inventory(with_user(estate.url), insecure=True)}
    finally:
        del os.environ["GOVC_PASSWORD"]
    for release, made in ESTATE.items():
        for name, hardware, firmware, secure in made:
            vm = vms[name]
            assert (vm.hardware_version, vm.firmware, vm.cpus, vm.memory_mb, vm.guest_64bit) == (hardware, firmware, 2, 4096, True), name
            assert vm.secure_boot is secure and vm.release == f"VMware ESXi {release.replace('/', ' build-')}", name
    assert sorted(vm.row for vm in vms.values()) == list(range(1, 8))
    assert (vms["old-b"].nic_models, vms["old-b"].controllers, vms["old-b"].cores_per_socket) == (("vmxnet3",), ("nvme",), 2)


def test_a_secure_boot_vm_read_live_is_held_to_its_hardware(estate):
    result = fleet(with_user(estate.url), "--insecure", "--to", "ESXi 6.0", "--format", "json")
    data = json.loads(result.stdout)
    old_b = next(vm for vm in data["vms"] if vm["name"] == "old-b")  # vmx-13, EFI with Secure Boot and NVMe: vmx-11 holds neither
    assert any("Secure Boot" in problem for problem in old_b["limits"]) and any("NVMe" in problem for problem in old_b["limits"])


def test_govc_insecure_and_govc_username_say_the_same(estate):
    result = fleet(estate.url, "--to", "ESXi 8.0 U3", env={"GOVC_INSECURE": "1", "GOVC_USERNAME": USER})
    assert result.exit_code == 0, result.output
    assert "7 VMs: 7 with a route" in result.stdout


def test_it_only_reads(estate):
    si = estate.session()
    before = _state(si)
    fleet(with_user(estate.url), "--insecure", "--to", "ESXi 8.0 U3")
    assert _state(si) == before


def _state(si):
    from pyVmomi import vim

    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
    vms = sorted((vm.name, vm.config.version, vm.config.changeVersion, vm.runtime.powerState) for vm in view.view)
    view.Destroy()
    return vms, len(content.taskManager.recentTask)


@pytest.mark.parametrize(
    "args,env,message",
    [
        ([], {}, "the server's certificate is not trusted here (self-signed?): to accept it, give --insecure or set GOVC_INSECURE=1"),
        (["--insecure"], {"GOVC_PASSWORD": "wrong"}, f"the server refused user '{USER}' with the password in GOVC_PASSWORD: wrong user or password"),
        (["--insecure"], {"GOVC_PASSWORD": ""}, "no password: set GOVC_PASSWORD (vmgraph reads it from nowhere else)"),
    ],
    ids=["self-signed", "wrong-password", "no-password"],
)
def test_error_a_session_that_cannot_be_opened_is_one_line(estate, args, env, message):
    result = fleet(with_user(estate.url), *args, "--to", "ESXi 8.0 U3", env=env)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.strip().endswith(message)
    assert PASSWORD not in result.stderr and "wrong" not in result.stderr.replace("wrong user", "")


def test_error_unreachable_no_user_and_a_password_in_the_url():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    refused = fleet(f"https://{USER}@127.0.0.1:{port}", "--to", "ESXi 8.0 U3")
    assert refused.exit_code == 2 and refused.stderr.strip().endswith(f"cannot reach 127.0.0.1:{port}: the connection was refused")
    nobody = fleet(f"https://127.0.0.1:{port}", "--to", "ESXi 8.0 U3")
    assert nobody.stderr.strip().endswith("no user: give it in the URL (https://user@host) or in GOVC_USERNAME")
    given = fleet(f"https://{USER}:{PASSWORD}@127.0.0.1:{port}", "--to", "ESXi 8.0 U3")
    assert given.stderr.strip().endswith("a password in the URL is not read: set GOVC_PASSWORD instead") and PASSWORD not in given.stderr


def test_error_a_server_that_does_not_answer_times_out():
    pytest.importorskip("pyVmomi")
    from vmgraph.inventory.vcenter import Live

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    held = []
    accepting = threading.Thread(target=lambda: held.append(silent.accept()), daemon=True)
    accepting.start()
    os.environ["GOVC_PASSWORD"] = PASSWORD
    try:
        with pytest.raises(InventoryError) as caught:
            Live(f"https://{USER}@127.0.0.1:{silent.getsockname()[1]}", insecure=True, timeout=1)
    finally:
        del os.environ["GOVC_PASSWORD"]
        silent.close()
    assert str(caught.value).endswith("within 1 s")


def test_pyvmomi_is_not_imported_by_the_plain_install_or_route():
    code = "import sys, vmgraph.inventory, vmgraph.fleet\nprint('pyVmomi' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert found.stdout.strip() == "False"
