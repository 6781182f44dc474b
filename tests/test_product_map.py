"""The product map of every product: the guide's generations, then today's products in
hardware bands, one row per family; today's moves summarised, never invented."""

import pytest

from vmgraph.matrix import Matrix
from vmgraph.render.styles import cell_style


@pytest.fixture(scope="module")
def matrix(pack):
    return Matrix(pack)


@pytest.mark.parametrize(
    "source,target,style",
    [
        ("Workstation 4", "Workstation 6.0", "legacy"),  # the bridge: legacy mode or upgrade (Converter too)
        ("ESX Server 2", "ESX 4.1", "copy"),  # the bridge: powered off (Converter too)
        ("GSX Server 3", "ESXi 8.0", "convert"),  # Converter alone
        ("Workstation 17", "ESXi 7.0 U3", "convert"),  # vmx-20 on a vmx-19 host: rebuilt
        ("Workstation 17", "ESXi 8.0", "export/import"),  # OVF
    ],
    ids=["ws4-ws6", "esx2-esx4.1", "gsx3-esxi8", "ws17-esxi7u3", "ws17-esxi8"],
)
def test_a_conversion_styles_a_cell_only_when_it_is_the_only_way(matrix, source, target, style):
    assert cell_style(matrix.cell(source, target)) == style
