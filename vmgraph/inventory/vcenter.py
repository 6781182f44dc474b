"""A vCenter (or an ESXi host) read live through the vSphere API, with pyVmomi.

    vmgraph fleet https://vcenter.example.com --to TARGET        # GOVC_USERNAME, GOVC_PASSWORD

pyVmomi is an optional extra (``pip install 'vmgraph[vcenter]'``), imported here only: the plain
install and ``vmgraph route`` never load it. The conventions are govc's, as admins already set
them (govc's USAGE: "-k=false Skip verification of server certificate [GOVC_INSECURE]"; the
GOVC_USERNAME and GOVC_PASSWORD variables scripts around govc set): the user from the URL
(``https://user@host``) or ``GOVC_USERNAME``; the password from ``GOVC_PASSWORD`` only, never
from the command line (a password in the URL is refused, and none is ever printed or put in an
error); ``--insecure`` or ``GOVC_INSECURE=1`` to accept a certificate the machine does not trust
(a self-signed one); ``/sdk`` is the path when the URL gives none (pyVmomi's default too).

It only reads. Every VM's and every host's properties come in a few PropertyCollector round
trips (``RetrievePropertiesEx`` over a ContainerView of the whole inventory, pages of
`PAGE` objects, ``ContinueRetrievePropertiesEx`` for the next), not one call per VM. The VMs'
properties are govc's and the vSphere API's (vim25 VirtualMachine, GOVMOMI-TYPES):
``config.version``, ``config.hardware.numCPU``, ``memoryMB``, ``config.firmware``,
``config.bootOptions`` (``efiSecureBootEnabled``), ``config.guestId``, ``guestFullName``,
``config.template``, ``runtime.powerState``, ``runtime.host``, ``snapshot``, and from
``config.hardware`` the cores per socket and the NIC and controller models of its devices (the
ones vmgraph's limits check); the hosts' ``name`` and ``summary.config.product`` (AboutInfo: ``fullName``, ``version``, ``build``),
which is each VM's host's release. A VM's row is its place in the order vCenter listed them.
"""

from __future__ import annotations

import os
import socket
import ssl
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..errors import InventoryError
from .devices import controller_models, nic_models
from .hosts import HostTable
from .record import InventoryVM, Skipped
from .values import BadValue, firmware, guest_id_64bit, guest_name_64bit, parse_hardware_version, power_state

PAGE = 1000  # objects per PropertyCollector page
TIMEOUT = 60  # seconds the server has to answer a call
VM_PROPERTIES = ("name", "config.version", "config.hardware.numCPU", "config.hardware.numCoresPerSocket", "config.hardware.memoryMB",
                 "config.firmware", "config.bootOptions", "config.guestId", "config.guestFullName", "config.template", "runtime.powerState",
                 "runtime.host", "snapshot", "config.hardware.device")
HOST_PROPERTIES = ("name", "summary.config.product")
class Live:
    """One session on a vCenter: its hosts' releases, then its VMs (read once), then logged out."""

    def __init__(self, url: str, insecure: bool | None = None, timeout: float = TIMEOUT):
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80)
        self.name = f"{parts.scheme.lower()}://{host}" + (f":{parts.port}" if parts.port else "")
        if not host:
            raise InventoryError(self.name, "a URL without a host: give https://vcenter.example.com")
        if parts.password is not None:
            raise InventoryError(self.name, "a password in the URL is not read: set GOVC_PASSWORD instead")
        user = parts.username or os.environ.get("GOVC_USERNAME")
        password = os.environ.get("GOVC_PASSWORD")
        if not user:
            raise InventoryError(self.name, "no user: give it in the URL (https://user@host) or in GOVC_USERNAME")
        if not password:
            raise InventoryError(self.name, "no password: set GOVC_PASSWORD (vmgraph reads it from nowhere else)")
        if insecure is None:
            insecure = os.environ.get("GOVC_INSECURE", "").strip().lower() in ("1", "true", "yes")
        try:
            from pyVim.connect import SmartConnect
            from pyVmomi import vim, vmodl
        except ImportError:
            raise InventoryError(self.name, "reading a vCenter needs pyVmomi: pip install 'vmgraph[vcenter]'") from None
        self.vim, self.vmodl = vim, vmodl
        context = ssl.create_default_context()
        if insecure:
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        # pyVmomi asks the server's API versions with no timeout of its own (pyVim/connect.py's
        # __GetElementTree): the default socket timeout bounds that call too.
        default = socket.getdefaulttimeout()
        socket.setdefaulttimeout(timeout)
        try:
            self.si = SmartConnect(protocol=parts.scheme.lower(), host=host, port=port, user=user, pwd=password, path=parts.path or "/sdk",
                                   sslContext=context, httpConnectionTimeout=timeout)
        except BaseException as error:  # pyVmomi raises faults, SSL, socket and HTTP errors alike
            raise InventoryError(self.name, connect_failure(error, vim, host, port, user, timeout)) from None
        finally:
            socket.setdefaulttimeout(default)
        self.content = self.si.RetrieveContent()

    def hosts(self) -> HostTable:
        table = HostTable(f"{self.name} (its hosts)")
        for number, (ref, values) in enumerate(self._objects(self.vim.HostSystem, HOST_PROPERTIES), 1):
            about = values.get("summary.config.product")
            release = getattr(about, "fullName", None) or " build-".join(filter(None, (getattr(about, "version", None), getattr(about, "build", None))))
            table.add((values.get("name") or "", ref), release or None, number, self.name)
        return table

    def vms(self, skipped: Skipped | None = None) -> Iterator[InventoryVM]:
        try:
            for number, (ref, values) in enumerate(self._objects(self.vim.VirtualMachine, VM_PROPERTIES), 1):
                try:
                    yield self._record(number, ref, values)
                except InventoryError as error:
                    if skipped is None:
                        raise
                    skipped.add(error)
        finally:
            self.close()

    def close(self) -> None:
        if self.si is not None:
            from pyVim.connect import Disconnect

            try:
                Disconnect(self.si)
            except Exception:  # logging out of a session that is gone: nothing left to do
                pass
            self.si = None

    def _objects(self, kind: Any, properties: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Any]]]:
        """(managed-object id, {property: value}) for every object of `kind`, a page at a time."""
        collector = self.vmodl.query.PropertyCollector
        view = self.content.viewManager.CreateContainerView(self.content.rootFolder, [kind], True)
        try:
            spec = collector.FilterSpec(
                objectSet=[collector.ObjectSpec(obj=view, skip=True, selectSet=[collector.TraversalSpec(name="view", path="view", skip=False, type=self.vim.view.ContainerView)])],
                propSet=[collector.PropertySpec(type=kind, pathSet=list(properties), all=False)],
            )
            pc = self.content.propertyCollector
            page = pc.RetrievePropertiesEx([spec], collector.RetrieveOptions(maxObjects=PAGE))
            while page is not None:
                for item in page.objects:
                    yield item.obj._moId, {prop.name: prop.val for prop in item.propSet or ()}
                page = pc.ContinueRetrievePropertiesEx(page.token) if page.token else None
        finally:
            view.Destroy()

    def _record(self, number: int, ref: str, values: dict[str, Any]) -> InventoryVM:
        name = values.get("name")
        where = f"row {number} ({ref})"
        if not name:
            raise InventoryError(self.name, "no VM name", number, "name", where=where)
        found: dict[str, Any] = {}
        for field, prop, read in _READS:
            value = values.get(prop)
            if value is None:
                continue
            try:
                found[field] = read(value)
            except BadValue as problem:
                raise InventoryError(self.name, str(problem), number, prop, where=f"{where}, property '{prop}'") from None
        boot = values.get("config.bootOptions")
        devices = [type(device).__name__.rsplit(".", 1)[-1] for device in values.get("config.hardware.device") or ()]
        guest_id, guest_name = found.get("guest_id"), found.get("guest_name")
        snapshot = values.get("snapshot")
        return InventoryVM(
            source=self.name, row=number, name=str(name), hardware_version=found.get("hardware_version"), product=None,
            guest_id=guest_id, guest_64bit=guest_id_64bit(guest_id) if guest_id else guest_name_64bit(guest_name) if guest_name else None,
            cpus=found.get("cpus"), memory_mb=found.get("memory_mb"), firmware=found.get("firmware"), power_state=found.get("power_state"),
            template=found.get("template"), snapshots=bool(snapshot is not None and getattr(snapshot, "rootSnapshotList", None)),
            host=getattr(values.get("runtime.host"), "_moId", None), cluster=None, guest_name=guest_name,
            secure_boot=getattr(boot, "efiSecureBootEnabled", None), cores_per_socket=found.get("cores_per_socket"),
            nic_models=nic_models(devices), controllers=controller_models(devices),
        )


_READS = (
    ("hardware_version", "config.version", parse_hardware_version),
    ("cpus", "config.hardware.numCPU", int),
    ("cores_per_socket", "config.hardware.numCoresPerSocket", int),
    ("memory_mb", "config.hardware.memoryMB", int),
    ("firmware", "config.firmware", lambda value: firmware(str(value))),
    ("guest_id", "config.guestId", str),
    ("guest_name", "config.guestFullName", str),
    ("template", "config.template", bool),
    ("power_state", "runtime.powerState", lambda value: power_state(str(value))),
)


def connect_failure(error: BaseException, vim: Any, host: str, port: int, user: str, timeout: float) -> str:
    """Why a session could not be opened, in a line (never the password)."""
    if isinstance(error, getattr(vim.fault, "InvalidLogin", ())):
        return f"the server refused user '{user}' with the password in GOVC_PASSWORD: wrong user or password"
    if isinstance(error, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(error):
        return "the server's certificate is not trusted here (self-signed?): to accept it, give --insecure or set GOVC_INSECURE=1"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return f"no answer from {host}:{port} within {timeout:g} s"
    if isinstance(error, ConnectionRefusedError):
        return f"cannot reach {host}:{port}: the connection was refused"
    if isinstance(error, socket.gaierror):
        return f"cannot reach {host}: no such host name"
    if isinstance(error, ssl.SSLError):
        return f"no TLS session with {host}:{port} ({error.reason or type(error).__name__})"
    if isinstance(error, OSError):
        return f"cannot reach {host}:{port} ({error.strerror or type(error).__name__})"
    if isinstance(error, KeyboardInterrupt):
        raise error
    return f"the server at {host}:{port} did not answer as a vSphere API does ({type(error).__name__})"
