"""The guide's product tables, transcribed by hand from the guide as test data.

Each table: (title, page, rows, columns, cells). A row or column label may name
several products ("GSX Server 3 or Workstation 4"); a cell is the list of the
guide's phrases in that cell, exactly as printed.
"""

OK = "OK"
NS = "Not supported"
EXPORT = "Export virtual disks"
IMPORT = "Import virtual disks"
UPGRADE = "Upgrade virtual hardware (one-way)"
UPGRADE_OR_LEGACY = "Upgrade virtual hardware (one-way) or run in legacy mode"
MAYBE = "Maybe, depending on guest operating system"
LEGACY_VM = "Possible only if you create a legacy virtual machine"

WS5 = "Workstation 5"
ESX2_SMP = "ESX Server 2 with Virtual SMP"
ESX2 = "ESX Server 2"
GSX3_WS4 = "GSX Server 3 or Workstation 4"
GSX2_WS3 = "GSX Server 2 or Workstation 3"
GSX1_WS2 = "GSX Server 1 or Workstation 2"

TABLES = [
    ("Generation 5 to Generation 5", 13, [WS5], [WS5], [[["OK in most cases"]]]),
    (
        "Generation 4 to Generation 5", 14,
        [ESX2_SMP, ESX2, GSX3_WS4], [WS5],
        [[[NS]], [[EXPORT, UPGRADE_OR_LEGACY]], [[UPGRADE_OR_LEGACY]]],
    ),
    (
        "Generation 3 to Generation 5", 15,
        ["ESX Server 1.5", GSX2_WS3], [WS5],
        [[[EXPORT, UPGRADE]], [[UPGRADE]]],
    ),
    (
        "Generation 5 to Generation 4", 17,
        [WS5], [ESX2_SMP, ESX2, GSX3_WS4],
        [[[MAYBE, LEGACY_VM, IMPORT], [LEGACY_VM, IMPORT], [LEGACY_VM]]],
    ),
    (
        "Generation 4 to Generation 4", 18,
        [ESX2_SMP, ESX2, GSX3_WS4], [ESX2_SMP, ESX2, GSX3_WS4],
        [
            [[OK], [NS], [NS]],
            [[MAYBE], [OK], [EXPORT]],
            [[MAYBE, IMPORT], [IMPORT], [OK]],
        ],
    ),
    (
        "Generation 3 to Generation 4", 19,
        ["ESX Server 1.5", GSX2_WS3], [ESX2_SMP, ESX2, GSX3_WS4],
        [
            [[UPGRADE_OR_LEGACY, "Cannot add second CPU"], [UPGRADE_OR_LEGACY], [EXPORT]],
            [[NS], [IMPORT], [UPGRADE_OR_LEGACY]],
        ],
    ),
    (
        "Generation 2 to Generation 4", 21,
        ["ESX Server 1.0", GSX1_WS2], [ESX2_SMP, ESX2, GSX3_WS4],
        [[[NS], [NS], [EXPORT]], [[NS], [NS], [UPGRADE]]],
    ),
    (
        "Generation 3 to Generation 3", 23,
        ["ESX Server 1.5", GSX2_WS3], ["ESX Server 1.5", GSX2_WS3],
        [[[OK], [EXPORT]], [[IMPORT], [OK]]],
    ),
    (
        "Generation 2 to Generation 3", 24,
        ["ESX Server 1.0", GSX1_WS2], ["ESX Server 1.5", GSX2_WS3],
        # The guide prints "Upgrade virtual hardware or run in legacy mode" here; its prose (page 25) says the upgrade is one-way.
        [[[OK], [NS]], [[NS], ["Upgrade virtual hardware or run in legacy mode"]]],
    ),
    (
        "Generation 3 to Generation 2", 26,
        ["ESX Server 1.5", GSX2_WS3], ["ESX Server 1.0", GSX1_WS2],
        [[[OK], [NS]], [[NS], [NS]]],
    ),
    (
        "Generation 2 to Generation 2", 27,
        ["ESX Server 1.0", GSX1_WS2], ["ESX Server 1.0", GSX1_WS2],
        [[[OK], [EXPORT]], [[IMPORT], [OK]]],
    ),
]

# Cross-Generation Mobility (page 9-10): rows created under, columns moved to, generations 5..2.
SUMMARY = {
    (5, 5): "Easy in most cases", (5, 4): "Special steps needed", (5, 3): "Not supported", (5, 2): "Not supported",
    (4, 5): "Special steps needed or not supported", (4, 4): "Easy in most cases",
    (4, 3): "Special steps needed in most cases", (4, 2): "Not supported",
    (3, 5): "One-way or not supported", (3, 4): "Special steps needed or not supported",
    (3, 3): "Easy in most cases", (3, 2): "Not supported in most cases",
    (2, 5): "Not supported", (2, 4): "One-way or not supported", (2, 3): "Varies", (2, 2): "Easy in most cases",
}
# The summary's 4 -> 3 cell contradicts the guide's own page 23 ("it is not possible to move
# virtual machines from generation 4 products to generation 3 products"); vmgraph follows page 23.
SUMMARY_DISAGREEMENTS = {(4, 3): "Not supported"}

# How the guide's wording differs from vmgraph's for the same fact. (p. 13's "OK in most cases"
# is kept in the guide's words: the rule's `says`, issue 19.)
NORMALISE = {
    "Upgrade virtual hardware or run in legacy mode": UPGRADE_OR_LEGACY,
}

# Table labels that stand for several products.
LABELS = {
    WS5: ["Workstation 5.0", "Workstation 5.5"],
    GSX3_WS4: ["GSX Server 3", "Workstation 4"],
    GSX2_WS3: ["GSX Server 2", "Workstation 3"],
    GSX1_WS2: ["GSX Server 1", "Workstation 2"],
}


def products_of(label: str) -> list[str]:
    return LABELS.get(label, [label])


def cells():
    """Every (table, page, created under, moved to, phrases) the tables state, one product pair each."""
    for title, page, rows, columns, table in TABLES:
        for row_label, row in zip(rows, table):
            for column_label, phrases in zip(columns, row):
                for source in products_of(row_label):
                    for target in products_of(column_label):
                        # A product to itself is the same-product copy (Same Product and Version, p. 8): "OK".
                        same = {"OK in most cases": OK} if source == target else {}
                        yield title, page, source, target, [same.get(p, NORMALISE.get(p, p)) for p in phrases]
