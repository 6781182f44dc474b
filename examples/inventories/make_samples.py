"""Write the sample inventories in this folder from one made-up fleet (the FLEET table below).

    python examples/inventories/make_samples.py         # rewrites the CSV and JSON samples
    python examples/inventories/make_xlsx.py            # then the .xlsx, from rvtools-vinfo.csv

Every file describes the same VMs as its tool would export them (PowerCLI's Get-VM leaves the
templates out), so the tests can check each reader against the same facts. Names, hosts, UUIDs
and addresses are invented. Column names: see README.md. Deterministic: same bytes every run.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "benchmarks"))

from inventory_gen import HEADER as RVTOOLS_HEADER  # noqa: E402

# name, hardware version, guest id (API), guest full name, vCPUs, MiB, firmware, power state,
# template, snapshot, host, cluster, product (for the plain CSV; None: give the hardware)
FLEET = (
    ("ams-dc01", 14, "windows2019srv_64Guest", "Microsoft Windows Server 2019 (64-bit)", 2, 8192, "efi", "poweredOn", False, False, "esx01.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-dc02", 14, "windows2019srv_64Guest", "Microsoft Windows Server 2019 (64-bit)", 2, 8192, "efi", "poweredOn", False, True, "esx02.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-sql01", 19, "windows2019srvNext_64Guest", "Microsoft Windows Server 2022 (64-bit)", 8, 65536, "efi", "poweredOn", False, True, "esx03.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-web01", 19, "rhel9_64Guest", "Red Hat Enterprise Linux 9 (64-bit)", 2, 4096, "efi", "poweredOn", False, False, "esx01.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-web02", 19, "rhel9_64Guest", "Red Hat Enterprise Linux 9 (64-bit)", 2, 4096, "efi", "poweredOn", False, False, "esx02.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-app01", 17, "rhel8_64Guest", "Red Hat Enterprise Linux 8 (64-bit)", 4, 16384, "bios", "poweredOn", False, False, "esx03.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-mq01", 15, "vmwarePhoton64Guest", "VMware Photon OS (64-bit)", 2, 4096, "efi", "poweredOn", False, False, "esx04.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-ci01", 20, "ubuntu64Guest", "Ubuntu Linux (64-bit)", 16, 32768, "efi", "poweredOn", False, True, "esx04.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-tpl-ws2022", 20, "windows2019srvNext_64Guest", "Microsoft Windows Server 2022 (64-bit)", 2, 4096, "efi", "poweredOff", True, False, "esx01.ams-cl01.corp.example", "ams-cl01", None),
    ("ams-tpl-rhel9", 21, "rhel9_64Guest", "Red Hat Enterprise Linux 9 (64-bit)", 2, 2048, "efi", "poweredOff", True, False, "esx02.ams-cl01.corp.example", "ams-cl01", None),
    ("fra-file01", 13, "windows9Server64Guest", "Microsoft Windows Server 2016 or later (64-bit)", 4, 16384, "bios", "poweredOn", False, False, "esx11.fra-cl02.corp.example", "fra-cl02", None),
    ("fra-print01", 11, "windows8Server64Guest", "Microsoft Windows Server 2012 (64-bit)", 2, 4096, "bios", "poweredOn", False, False, "esx11.fra-cl02.corp.example", "fra-cl02", None),
    ("fra-log01", 13, "debian10_64Guest", "Debian GNU/Linux 10 (64-bit)", 4, 8192, "bios", "poweredOn", False, False, "esx12.fra-cl02.corp.example", "fra-cl02", None),
    ("fra-mon01", 18, "ubuntu64Guest", "Ubuntu Linux (64-bit)", 2, 8192, "efi", "poweredOn", False, False, "esx12.fra-cl02.corp.example", "fra-cl02", None),
    ("fra-erp01", 10, "windows7Server64Guest", "Microsoft Windows Server 2008 R2 (64-bit)", 4, 32768, "bios", "poweredOn", False, True, "esx13.fra-cl02.corp.example", "fra-cl02", None),
    ("fra-erp02", 10, "windows7Server64Guest", "Microsoft Windows Server 2008 R2 (64-bit)", 4, 32768, "bios", "suspended", False, False, "esx13.fra-cl02.corp.example", "fra-cl02", None),
    ("fra-lab-xp", 7, "winXPProGuest", "Microsoft Windows XP Professional (32-bit)", 1, 1024, "bios", "poweredOff", False, False, "esx14.fra-cl02.corp.example", "fra-cl02", None),
    ("fra-kiosk01", 9, "windows7Guest", "Microsoft Windows 7 (32-bit)", 1, 2048, "bios", "suspended", False, False, "esx14.fra-cl02.corp.example", "fra-cl02", None),
    ("fra-tpl-ws2016", 13, "windows9Server64Guest", "Microsoft Windows Server 2016 or later (64-bit)", 2, 4096, "bios", "poweredOff", True, False, "esx11.fra-cl02.corp.example", "fra-cl02", None),
    ("lon-legacy-nt", 4, "winNetStandardGuest", "Microsoft Windows Server 2003 Standard (32-bit)", 1, 512, "bios", "poweredOff", False, False, "esx21.lon-legacy.corp.example", "lon-legacy", "ESX Server 3"),
    ("lon-legacy-rh4", 4, "rhel4Guest", "Red Hat Enterprise Linux 4 (32-bit)", 1, 512, "bios", "poweredOn", False, True, "esx21.lon-legacy.corp.example", "lon-legacy", "ESX Server 3"),
    ("lon-billing", 7, "sles11_64Guest", "SUSE Linux Enterprise 11 (64-bit)", 2, 4096, "bios", "poweredOn", False, False, "esx22.lon-legacy.corp.example", "lon-legacy", None),
    ("lon-oracle01", 8, "rhel6_64Guest", "Red Hat Enterprise Linux 6 (64-bit)", 8, 49152, "bios", "poweredOn", False, True, "esx22.lon-legacy.corp.example", "lon-legacy", None),
    ("lon-jump01", 11, "centos7_64Guest", "CentOS 7 (64-bit)", 1, 2048, "bios", "poweredOn", False, False, "esx23.lon-legacy.corp.example", "lon-legacy", None),
    ("lon-tpl-rhel6", 8, "rhel6_64Guest", "Red Hat Enterprise Linux 6 (64-bit)", 1, 2048, "bios", "poweredOff", True, False, "esx23.lon-legacy.corp.example", "lon-legacy", None),
    ("nyc-vdi-001", 20, "windows11_64Guest", "Microsoft Windows 11 (64-bit)", 4, 8192, "efi", "poweredOn", False, False, "esx31.nyc-vdi.corp.example", "nyc-vdi", None),
    ("nyc-vdi-002", 20, "windows11_64Guest", "Microsoft Windows 11 (64-bit)", 4, 8192, "efi", "suspended", False, False, "esx31.nyc-vdi.corp.example", "nyc-vdi", None),
    ("nyc-vdi-003", 21, "windows11_64Guest", "Microsoft Windows 11 (64-bit)", 4, 8192, "efi", "poweredOn", False, True, "esx32.nyc-vdi.corp.example", "nyc-vdi", None),
    ("nyc-vdi-004", 18, "windows9_64Guest", "Microsoft Windows 10 (64-bit)", 2, 4096, "efi", "poweredOff", False, False, "esx32.nyc-vdi.corp.example", "nyc-vdi", None),
    ("nyc-build01", 15, "other3xLinux64Guest", "Other 3.x or later Linux (64-bit)", 8, 16384, "bios", "poweredOn", False, False, "esx33.nyc-vdi.corp.example", "nyc-vdi", None),
    ("nyc-ws-dev01", 9, "ubuntu64Guest", "Ubuntu Linux (64-bit)", 2, 4096, "bios", "poweredOn", False, False, "esx33.nyc-vdi.corp.example", "nyc-vdi", "Workstation 9"),
    ("nyc-tpl-win11", 21, "windows11_64Guest", "Microsoft Windows 11 (64-bit)", 2, 4096, "efi", "poweredOff", True, False, "esx31.nyc-vdi.corp.example", "nyc-vdi", None),
)

# Each host's release as the vSphere API's AboutInfo.fullName writes it (RVTools vHost's "ESX
# Version"); esx33's is blank, as RVTools leaves it for a host it could not read: its VMs are on
# "a vSphere host that runs their hardware". Builds: KB 2143832's GA builds where known.
HOSTS = {
    "esx01.ams-cl01.corp.example": "VMware ESXi 8.0.2 build-22380479",
    "esx02.ams-cl01.corp.example": "VMware ESXi 8.0.2 build-22380479",
    "esx03.ams-cl01.corp.example": "VMware ESXi 7.0.3 build-20036589",
    "esx04.ams-cl01.corp.example": "VMware ESXi 8.0.1 build-21495797",
    "esx11.fra-cl02.corp.example": "VMware ESXi 6.7.0 build-17700523",
    "esx12.fra-cl02.corp.example": "VMware ESXi 7.0.1 build-16850804",
    "esx13.fra-cl02.corp.example": "VMware ESXi 6.5.0 build-4564106",
    "esx14.fra-cl02.corp.example": "VMware ESXi 6.0.0 build-3620759",
    "esx21.lon-legacy.corp.example": "VMware ESX 4.1.0 build-260247",
    "esx22.lon-legacy.corp.example": "VMware ESXi 5.5.0 build-1331820",
    "esx23.lon-legacy.corp.example": "VMware ESXi 6.0.0 build-2494585",
    "esx31.nyc-vdi.corp.example": "VMware ESXi 8.0.3 build-24022510",
    "esx32.nyc-vdi.corp.example": "VMware ESXi 8.0.2 build-22380479",
    "esx33.nyc-vdi.corp.example": "",
}
# A part of RVTools' vHost columns, in its order (KYLOW's header list, facts C1).
VHOST_HEADER = ("Host", "Datacenter", "Cluster", "Config status", "in Maintenance Mode", "CPU Model", "# CPU", "Cores per CPU",
                "# Memory", "# VMs", "ESX Version", "Vendor", "Model", "Object ID", "UUID", "VI SDK Server", "VI SDK UUID")

NOTES = {
    "ams-sql01": "Owner: Finance, ticket CHG-1042",  # a comma: the cell is quoted
    "fra-erp01": "Do not upgrade hardware.\nVendor support ends 2026",  # a line break inside a cell
    "lon-legacy-nt": 'Migrated from GSX 3 ("P2V" 2007)',  # quotes inside a cell
}
SITES = {"ams": "Amsterdam", "fra": "Frankfurt", "lon": "London", "nyc": "New York"}


def _uuid(name: str, salt: str = "") -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{salt}{name}.corp.example"))


def rvtools_rows():
    for number, (name, hw, _gid, full, cpus, mem, fw, state, tpl, _snap, host, cluster, _product) in enumerate(FLEET, 1):
        site = name[:3]
        on = state == "poweredOn"
        disk = 40960 if mem <= 8192 else 102400
        yield {
            "VM": name, "Powerstate": state, "Template": str(tpl), "SRM Placeholder": "False", "Config status": "green",
            "DNS Name": f"{name}.corp.example" if on else "", "Connection state": "connected",
            "Guest state": "running" if on else "notRunning", "Heartbeat": "green" if on else "gray",
            "Consolidation Needed": "False", "PowerOn": "2025/01/14 06:02:11" if on else "",
            "Suspended To Memory": "False", "Suspend time": "2025/02/03 18:40:05" if state == "suspended" else "",
            "Creation date": f"20{10 + hw // 2:02d}/03/{number:02d} 10:15:00", "CPUs": str(cpus), "Memory": str(mem),
            "NICs": "1", "Disks": "1" if disk < 102400 else "2", "Total disk capacity MiB": str(disk),
            "min Required EVC Mode Key": "intel-broadwell" if on and hw >= 13 else "",
            "Primary IP Address": f"10.{list(SITES).index(site) + 10}.{number}.{10 + number}" if on else "",
            "Num Monitors": "1", "Video Ram KiB": "8192" if hw >= 8 else "4096",
            "Resource pool": f"/{SITES[site]}/{cluster}/Resources", "Folder": "/Templates" if tpl else f"/{SITES[site]}/vm",
            "Provisioned MiB": str(disk + mem), "In Use MiB": str(disk // 3), "EFI Secure boot": str(fw == "efi" and hw >= 13),
            "Firmware": fw, "HW version": f"vmx-{hw:02d}", "HW upgrade status": "none", "HW upgrade policy": "never",
            "HW target": "", "Path": f"[{site}-ds01] {name}/{name}.vmx", "Annotation": NOTES.get(name, ""),
            "Datacenter": SITES[site], "Cluster": cluster, "Host": host,
            "OS according to the configuration file": full, "OS according to the VMware Tools": full if on else "",
            "VM ID": f"vm-{1000 + number}", "SMBIOS UUID": _uuid(name, "bios-"), "VM UUID": _uuid(name),
            "VI SDK Server type": "VMware vCenter Server", "VI SDK API Version": "8.0.2",
            "VI SDK Server": f"vcenter.{site}.corp.example", "VI SDK UUID": _uuid(site, "vc-"),
        }


def _rvtools_csv_text(header, rows) -> str:
    """A sheet as RVTools' CSV export writes it (CRLF lines)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def rvtools_csv() -> str:
    return _rvtools_csv_text(RVTOOLS_HEADER, rvtools_rows())


# RVTools' -DBColumnNames headers with their default names (facts C1; RvToolsMerge). The HW
# version's DB name is UNCONFIRMED: this file uses the spelling "VInfoVersion".
DB_COLUMNS = {
    "vInfoVMName": "VM", "vInfoPowerstate": "Powerstate", "vInfoTemplate": "Template", "vInfoCPUs": "CPUs",
    "vInfoMemory": "Memory", "vInfoNICs": "NICs", "vInfoNumVirtualDisks": "Disks", "VInfoVersion": "HW version",
    "vInfoDataCenter": "Datacenter", "vInfoCluster": "Cluster", "vInfoHost": "Host",
    "vInfoOS": "OS according to the configuration file", "vInfoOSTools": "OS according to the VMware Tools",
    "vInfoUUID": "VM UUID", "vInfoVISDKServer": "VI SDK Server", "vInfoVISDKServerType": "VI SDK Server type",
}


def rvtools_db_csv() -> str:
    """A European export: ';' between cells, a byte-order mark, hardware versions as bare numbers."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(DB_COLUMNS)
    for row in rvtools_rows():
        row["HW version"] = str(int(row["HW version"].removeprefix("vmx-")))
        writer.writerow(row[column] for column in DB_COLUMNS.values())
    return "\ufeff" + out.getvalue()


def govc_json() -> str:
    vms = []
    for number, (name, hw, gid, full, cpus, mem, fw, state, tpl, snap, host, _cluster, _product) in enumerate(FLEET, 1):
        me = {"type": "VirtualMachine", "value": f"vm-{1000 + number}"}
        host_ref = {"type": "HostSystem", "value": _host_id(host)}
        vm = {
            "self": me,
            "name": name,
            "config": {
                "changeVersion": "2025-01-14T06:02:11.123456Z", "modified": "1970-01-01T00:00:00Z", "name": name,
                "guestFullName": full, "version": f"vmx-{hw:02d}", "uuid": _uuid(name, "bios-"),
                "instanceUuid": _uuid(name), "template": tpl, "guestId": gid, "firmware": fw,
                "hardware": {"numCPU": cpus, "numCoresPerSocket": 1, "memoryMB": mem, "virtualICH7MPresent": False},
                "bootOptions": {"bootDelay": 0, "enterBIOSSetup": False, "efiSecureBootEnabled": fw == "efi" and hw >= 13,
                                "bootRetryEnabled": False, "bootRetryDelay": 10000, "networkBootProtocol": "ipv4"},
                "annotation": NOTES.get(name, ""),
            },
            "summary": {
                "vm": me,
                "runtime": {"host": host_ref, "connectionState": "connected", "powerState": state},
                "config": {
                    "name": name, "template": tpl, "vmPathName": f"[{name[:3]}-ds01] {name}/{name}.vmx",
                    "memorySizeMB": mem, "numCpu": cpus, "numEthernetCards": 1, "numVirtualDisks": 1,
                    "uuid": _uuid(name, "bios-"), "instanceUuid": _uuid(name), "guestId": gid, "guestFullName": full,
                    "hwVersion": f"vmx-{hw:02d}",
                },
                "overallStatus": "green",
            },
            "runtime": {"host": host_ref, "connectionState": "connected", "powerState": state, "maxCpuUsage": 2394 * cpus},
            "guestHeartbeatStatus": "green" if state == "poweredOn" else "gray",
        }
        if snap:
            snapshot = {"type": "VirtualMachineSnapshot", "value": f"snapshot-{2000 + number}"}
            vm["snapshot"] = {
                "currentSnapshot": snapshot,
                "rootSnapshotList": [{
                    "snapshot": snapshot, "vm": me, "name": "before patching", "description": "",
                    "id": 1, "createTime": "2025-02-01T21:00:00Z", "state": "poweredOff", "quiesced": False,
                }],
            }
            vm["rootSnapshot"] = [snapshot]
        vms.append(vm)
    return json.dumps({"virtualMachines": vms}, indent=2) + "\n"


def _host_id(host: str) -> str:
    """govc's and PowerCLI's id of a sample host: esx01 is host-21."""
    return f"host-{int(host[3:5]) + 20}"


def _version_build(release: str) -> tuple[str, str]:
    """"VMware ESXi 7.0.3 build-20036589" -> ("7.0.3", "20036589")."""
    words = release.split()
    return (words[-2], words[-1].removeprefix("build-")) if release else ("", "")


def rvtools_vhost_rows():
    for host, release in HOSTS.items():
        site, cluster = host.split(".")[1][:3], host.split(".")[1]
        vms = sum(1 for vm in FLEET if vm[10] == host)
        yield {
            "Host": host, "Datacenter": SITES[site], "Cluster": cluster, "Config status": "green" if release else "gray",
            "in Maintenance Mode": "False", "CPU Model": "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz" if release.startswith("VMware ESXi 8") else "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz",
            "# CPU": "2", "Cores per CPU": "24" if release.startswith("VMware ESXi 8") else "14", "# Memory": "786432", "# VMs": str(vms),
            "ESX Version": release, "Vendor": "Dell Inc.", "Model": "PowerEdge R750" if release.startswith("VMware ESXi 8") else "PowerEdge R730",
            "Object ID": _host_id(host), "UUID": _uuid(host, "host-"), "VI SDK Server": f"vcenter.{site}.corp.example",
            "VI SDK UUID": _uuid(site, "vc-"),
        }


def rvtools_vhost_csv() -> str:
    return _rvtools_csv_text(VHOST_HEADER, rvtools_vhost_rows())


def govc_hosts_json() -> str:
    """govc host.info -json: every property, as with vm.info; trimmed here to the ones that matter."""
    hosts = []
    for host, release in HOSTS.items():
        me = {"type": "HostSystem", "value": _host_id(host)}
        version, build = _version_build(release)
        product = {"name": "VMware ESXi", "fullName": release, "vendor": "VMware, Inc.", "version": version, "build": build,
                   "osType": "vmnix-x86", "productLineId": "embeddedEsx", "apiType": "HostAgent", "apiVersion": f"{version}.0"}
        item = {"self": me, "name": host, "summary": {"host": me, "config": {"name": host, "port": 443}, "overallStatus": "green"}}
        if release:  # a host vCenter cannot reach reports no product
            item["summary"]["config"]["product"] = product
            item["config"] = {"product": product}
        hosts.append(item)
    return json.dumps({"hostSystems": hosts}, indent=2) + "\n"


def powercli_vmhost_csv() -> str:
    """Get-VMHost | Select-Object Name, ConnectionState, PowerState, Version, Build, Parent | Export-Csv -NoTypeInformation."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(("Name", "ConnectionState", "PowerState", "Version", "Build", "Parent"))
    for host, release in HOSTS.items():
        version, build = _version_build(release)
        writer.writerow((host, "Connected" if release else "NotResponding", "PoweredOn" if release else "Unknown", version, build, host.split(".")[1]))
    return out.getvalue()


POWERCLI_HEADER = (
    "Name", "PowerState", "Notes", "Guest", "NumCpu", "CoresPerSocket", "MemoryMB", "MemoryGB", "VMHostId", "VMHost",
    "VApp", "FolderId", "Folder", "ResourcePoolId", "ResourcePool", "HARestartPriority", "HAIsolationResponse",
    "DrsAutomationLevel", "VMSwapfilePolicy", "VMResourceConfiguration", "Version", "HardwareVersion", "PersistentId",
    "GuestId", "UsedSpaceGB", "ProvisionedSpaceGB", "DatastoreIdList", "ExtensionData", "CustomFields", "Id", "Uid",
)


def powercli_csv() -> str:
    """As Windows PowerShell 5.1's Export-Csv writes it: a #TYPE line, every cell quoted."""
    out = io.StringIO(newline="")
    out.write("#TYPE VMware.VimAutomation.ViCore.Impl.V1.Inventory.VirtualMachineImpl\r\n")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(POWERCLI_HEADER)
    for number, (name, hw, gid, full, cpus, mem, _fw, state, tpl, _snap, host, _cluster, _product) in enumerate(FLEET, 1):
        if tpl:
            continue  # Get-VM lists VMs; templates are Get-Template's
        host_id = f"HostSystem-{_host_id(host)}"
        writer.writerow((
            name, state[0].upper() + state[1:], NOTES.get(name, ""), f"{name}:{full}", cpus, 1, mem,
            f"{mem / 1024:g}", host_id, host, "", "Folder-group-v22", "vm", "ResourcePool-resgroup-8", "Resources",
            "ClusterRestartPriority", "AsSpecifiedByCluster", "AsSpecifiedByCluster", "Inherit", "CpuShares:Normal/1000 MemShares:Normal/10240",
            # The deprecated Version: v4 ... v9; old PowerCLI gave "Unknown" for 10 and newer (facts C3)
            f"v{hw}" if hw < 10 else "Unknown", f"vmx-{hw:02d}", _uuid(name), gid, f"{mem / 1024 + 12.5:.3f}",
            f"{mem / 1024 + 40:.3f}", "Datastore-datastore-11", "VMware.Vim.VirtualMachine", "", f"VirtualMachine-vm-{1000 + number}",
            f"/VIServer=corp\\svc-inventory@vcenter.{name[:3]}.corp.example:443/VirtualMachine=VirtualMachine-vm-{1000 + number}/",
        ))
    return out.getvalue()


def plain_csv() -> str:
    """Written by hand from a spreadsheet: a product for the legacy VMs, a hardware version for the rest."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("name", "product", "hardware", "flags"))
    for name, hw, gid, _full, cpus, _mem, fw, state, tpl, snap, _host, _cluster, product in FLEET:
        flags = []
        if cpus > 1:
            flags.append("smp")
        if gid.endswith(("64Guest", "Guest64")):
            flags.append("64bit")
        if state == "suspended":
            flags.append("suspended")
        if snap:
            flags.append("snapshot")
        if tpl:
            flags.append("template")
        if fw == "efi":
            flags.append("efi")
        writer.writerow((name, product or "", "" if product else f"vmx-{hw:02d}", " ".join(flags)))
    return out.getvalue()


SAMPLES = {
    "rvtools-vinfo.csv": rvtools_csv,
    "rvtools-dbcolumns.csv": rvtools_db_csv,
    "govc-vm-info.json": govc_json,
    "powercli-get-vm.csv": powercli_csv,
    "plain.csv": plain_csv,
    "rvtools-csv/RVTools_tabvInfo.csv": rvtools_csv,
    "rvtools-csv/RVTools_tabvHost.csv": rvtools_vhost_csv,
    "govc-host-info.json": govc_hosts_json,
    "powercli-get-vmhost.csv": powercli_vmhost_csv,
}


def main() -> int:
    for file, make in SAMPLES.items():
        (HERE / file).parent.mkdir(exist_ok=True)
        (HERE / file).write_bytes(make().encode("utf-8"))
        print(f"wrote {file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
