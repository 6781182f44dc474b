"""A VM's devices by their vSphere type (vim25's VirtualDevice subclasses: a live read's device
objects, govc JSON's ``_typeName``), named as the .vmx and vmgraph's limits name them
(ethernetN.virtualDev, scsiN.virtualDev, or the bus): limits.NIC_MODELS and CONTROLLER_MODELS."""

from __future__ import annotations

from typing import Iterable

NICS = {"VirtualVmxnet3": "vmxnet3", "VirtualVmxnet3Vrdma": "vmxnet3", "VirtualE1000e": "e1000e", "VirtualE1000": "e1000",
        "VirtualVmxnet2": "vmxnet2", "VirtualVmxnet": "vmxnet", "VirtualPCNet32": "vlance"}
CONTROLLERS = {"ParaVirtualSCSIController": "pvscsi", "VirtualLsiLogicSASController": "lsisas1068", "VirtualLsiLogicController": "lsilogic",
               "VirtualBusLogicController": "buslogic", "VirtualAHCIController": "sata", "VirtualNVMEController": "nvme"}


def nic_models(types: Iterable[str]) -> tuple[str, ...]:
    """The NICs among devices of these types, in device order."""
    return tuple(NICS[name] for name in types if name in NICS)


def controller_models(types: Iterable[str]) -> tuple[str, ...]:
    """The storage controllers among devices of these types, in device order."""
    return tuple(CONTROLLERS[name] for name in types if name in CONTROLLERS)
