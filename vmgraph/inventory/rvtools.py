"""RVTools' vInfo sheet: which column holds what, in both of RVTools' header styles.

The shared knowledge of the two RVTools readers (rvtools_csv.py, rvtools_xlsx.py).

Default headers (facts C1): the 93 vInfo column names of a real RVTools export, as listed
in KYLOW (Yoobuu/Kylow rvtools_compat.py, "from RVTOOLEX.xlsx reference"): `VM`,
`Powerstate` (the API's poweredOn/poweredOff/suspended), `Template`, `CPUs`, `Memory` (MiB),
`Firmware`, `HW version`, `Host`, `Cluster`, `OS according to the configuration file` (the
guest's full name, "Microsoft Windows Server 2019 (64-bit)": RVTools does not give the guest id).

``-DBColumnNames`` headers (facts C1, sbroenne/RvToolsMerge SheetConfiguration.cs):
`vInfoVMName`, `vInfoPowerstate`, `vInfoTemplate`, `vInfoCPUs`, `vInfoMemory`, `vInfoHost`,
`vInfoCluster`, `vInfoOS`. The hardware version's DB name is UNCONFIRMED: one public mapping
gives `VInfoVersion` ("capital V+I - RVTools quirk!") and `vInfoHWVersion`; both are read
(headers are matched ignoring case). `vInfoFirmware` is a guess by analogy (UNCONFIRMED).

The value format of `HW version` is UNCONFIRMED too (``vmx-19`` or ``19``): every spelling
`parse_hardware_version` knows is read. vInfo has no snapshot column (snapshots are on the
vSnapshot sheet, not read here): `snapshots` is None.

Across RVTools versions (3.x to 4.x) the same columns were written under other names; each is
read after the 4.x name (headers are matched ignoring case, so `HW Version` is `HW version`):
`Power State` for `Powerstate`, `Hardware version` for `HW version`, `VM Name` for `VM`, `OS`
for `OS according to the configuration file`, `Num CPU` for `CPUs`, `Memory MB` for `Memory`,
`EFI Secure Boot`/`Secure Boot` for `EFI Secure boot`. These older spellings are the ones the
issue's trial met and public RVTools readers map (the per-version history is UNCONFIRMED:
RVTools' own release notes were not read). RVTools 3.x wrote numbers as its locale does
(``"16,384"``), which the readers take (values.whole_number).
"""

from __future__ import annotations

from .table import Column
from .values import boolean, cpus, firmware, guest_name_64bit, mebibytes, parse_hardware_version, power_state, trimmed

NAME_HEADERS = ("VM", "VM Name", "vInfoVMName")
# Columns only RVTools vInfo has (one is enough, with a name column, to recognise the sheet).
MARKERS = ("HW version", "Hardware version", "Powerstate", "Power State", "OS according to the configuration file", "vInfoVMName")

COLUMNS = (
    Column.of("name", "VM", trimmed, ("VM Name", trimmed), ("vInfoVMName", trimmed)),
    Column.of("hardware_version", "HW version", parse_hardware_version,
              ("Hardware version", parse_hardware_version),
              ("VInfoVersion", parse_hardware_version),  # UNCONFIRMED DB name
              ("vInfoHWVersion", parse_hardware_version)),  # UNCONFIRMED DB name
    Column.of("guest_name", "OS according to the configuration file", trimmed, ("vInfoOS", trimmed), ("OS", trimmed)),
    Column.of("guest_64bit", "OS according to the configuration file", guest_name_64bit,
              ("vInfoOS", guest_name_64bit), ("OS", guest_name_64bit)),
    Column.of("cpus", "CPUs", cpus, ("Num CPU", cpus), ("vInfoCPUs", cpus)),
    Column.of("memory_mb", "Memory", mebibytes, ("Memory MB", mebibytes), ("vInfoMemory", mebibytes)),
    Column.of("firmware", "Firmware", firmware, ("vInfoFirmware", firmware)),  # DB name UNCONFIRMED
    Column.of("secure_boot", "EFI Secure boot", boolean, ("Secure Boot", boolean)),  # facts C1 ("Other relevant"); no DB name known
    Column.of("power_state", "Powerstate", power_state, ("Power State", power_state), ("vInfoPowerstate", power_state)),
    Column.of("template", "Template", boolean, ("vInfoTemplate", boolean)),
    Column.of("host", "Host", trimmed, ("vInfoHost", trimmed)),
    Column.of("cluster", "Cluster", trimmed, ("vInfoCluster", trimmed)),
)
# vInfo's columns that look like a field but are not read, on purpose: the guest as VMware Tools
# reports it (the configuration file's is the VM's own), the hardware version an upgrade policy
# targets, and the vCenter's API version.
IGNORED = ("OS according to the VMware Tools", "vInfoOSTools", "HW target", "HW upgrade status", "HW upgrade policy", "VI SDK API Version")

DESCRIPTION = "RVTools vInfo ('VM', 'HW version', 'Powerstate'; or -DBColumnNames 'vInfoVMName')"


def matches(header: set[str]) -> bool:
    """Whether a header (lower-cased names) is RVTools vInfo's."""
    names = {name.lower() for name in NAME_HEADERS}
    return bool(header & names) and any(marker.lower() in header for marker in MARKERS)
