"""The .vmx parser: every format rule, and an exact message naming file and line for each bad input."""

import codecs

import pytest

from vmgraph.errors import VmgraphError, VmxError
from vmgraph.vm.vmx import MAX_BYTES, parse_vmx, read_vmx


def parse(text, name="vm.vmx"):
    return parse_vmx(text, name)


def test_keys_in_file_order_looked_up_case_insensitively():
    config = parse('config.version = "8"\nvirtualHW.version = "19"\nmemSize = "4096"\n')
    assert list(config) == ["config.version", "virtualHW.version", "memSize"]
    assert config["virtualhw.VERSION"] == "19" and config["memsize"] == "4096"
    assert "MEMSIZE" in config and "numvcpus" not in config and 3 not in config
    assert config.spelling("memsize") == "memSize" and config.line("MemSize") == 3
    assert len(config) == 3 and dict(config)["memSize"] == "4096"


def test_spacing_around_the_equals_sign_does_not_matter():
    config = parse('a="1"\n  b   =   "2"  \n\tc\t=\t"3"\n')
    assert dict(config) == {"a": "1", "b": "2", "c": "3"}


def test_comments_and_blank_lines_are_skipped():
    text = '#!/usr/bin/vmware\n\n# a comment\n   # an indented one\nmemsize = "256" # after the closing quote\ndisplayName = "VM #1"\n\n'
    config = parse(text)
    assert dict(config) == {"memsize": "256", "displayName": "VM #1"}
    assert config.line("displayName") == 6


def test_empty_value():
    assert parse('checkpoint.vmState = ""\n')["checkpoint.vmState"] == ""


def test_bare_one_word_values_as_packer_writes_them():
    config = parse("sata0:0.virtualSSD = 1\nnvme0:0.virtualSSD = 0 # a comment\n")
    assert config["sata0:0.virtualssd"] == "1" and config["nvme0:0.virtualSSD"] == "0"


@pytest.mark.parametrize(
    "raw,value",
    [
        ("say |22hi|22", 'say "hi"'),
        ("a|7Cb", "a|b"),
        ("a|7cb", "a|b"),
        ("one|0D|0Atwo", "one\r\ntwo"),
        ("caf|C3|A9", "café"),
        ("a|b", "a|b"),
        ("ends in |2", "ends in |2"),
        ("|", "|"),
        ("|7C22", "|22"),
    ],
    ids=["quote", "pipe", "lower-hex", "line-break", "utf8-run", "bare-pipe", "short-escape", "lone-pipe", "not-twice"],
)
def test_hex_escapes(raw, value):
    assert parse(f'annotation = "{raw}"\n')["annotation"] == value


def test_crlf_and_cr_line_ends():
    assert dict(parse('a = "1"\r\nb = "2"\r\n')) == {"a": "1", "b": "2"}
    config = parse('a = "1"\rb = "2"\r')
    assert dict(config) == {"a": "1", "b": "2"} and config.line("b") == 2


def test_utf8_byte_order_mark_is_skipped():
    data = codecs.BOM_UTF8 + 'displayName = "Müller"\n'.encode()
    assert list(parse(data)) == ["displayName"] and parse(data)["displayName"] == "Müller"
    assert list(parse("\ufeffa = \"1\"\n")) == ["a"]


def test_utf8_by_default():
    config = parse('displayName = "Zoë"\n'.encode())
    assert config["displayName"] == "Zoë" and config.encoding == "utf-8"


def test_encoding_transcodes_the_file_wherever_the_key_is():
    data = 'displayName = "Café |22Müller|22"\nannotation = "|E9t|E9"\n.encoding = "windows-1252"\n'.encode("cp1252")
    config = parse(data)
    assert config["displayName"] == 'Café "Müller"'
    assert config["annotation"] == "été"  # escapes are bytes in the file's character set
    assert config[".encoding"] == "windows-1252" and config.encoding == "cp1252"


def test_encoding_names_are_case_insensitive_and_repeats_may_agree():
    data = '.encoding = "Windows-1252"\n.ENCODING = "windows-1252"\nx = "\xe9"\n'.encode("cp1252")
    assert parse(data)["x"] == "é"


def test_encoding_may_be_a_bare_word():
    assert parse('.encoding = windows-1252\nx = "\xe9"\n'.encode("cp1252"))["x"] == "é"


def test_encoding_in_already_decoded_text_applies_to_escapes():
    assert parse('.encoding = "windows-1252"\nx = "|E9"\n')["x"] == "é"


def test_booleans_in_any_case():
    config = parse('a = "TRUE"\nb = "true"\nc = "True"\nd = "FALSE"\ne = "false"\n')
    assert [config.boolean(k) for k in "abcde"] == [True, True, True, False, False]
    assert config.boolean("missing") is None and config.boolean("missing", default=False) is False


def test_whole_numbers():
    config = parse('numvcpus = "4"\nmemsize = "0"\n')
    assert config.integer("numvcpus") == 4 and config.integer("nothing", default=1) == 1
    assert config.integer("memsize") == 0


def test_duplicates_map_to_the_last_value_and_agreeing_copies_are_fine():
    config = parse('a = "1"\nb = "x"\nA = "2"\nb = "x"\n')
    assert config["a"] == "2" and config.entries("a")[0].line == 1 and config.line("a") == 3
    assert config.text("b") == "x"
    assert [tuple(e.line for e in found) for found in config.conflicts()] == [(1, 3)]


def test_present_false_switches_off_the_namespace_and_below():
    config = parse(
        'ethernet1.present = "FALSE"\nethernet1.virtualDev = "e1000"\nethernet1.x.y = "1"\n'
        'a.b.present = "false"\na.b.c = "1"\na.other = "2"\n'
    )
    assert config.text("ethernet1.virtualDev") is None and config.text("ethernet1.x.y") is None
    assert config.boolean("ethernet1.present") is False  # the switch itself stays readable
    assert not config.enabled("a.b.c") and config.enabled("a.other") and config.text("a.other") == "2"
    assert config["ethernet1.virtualDev"] == "e1000"  # the mapping keeps every key as written


def test_keys_may_start_with_a_dot_and_hold_colons_and_dashes():
    config = parse('.encoding = "UTF-8"\nscsi0:0.fileName = "x-000001.vmdk"\nsched.scsi0:0.shares = "normal"\n')
    assert list(config) == [".encoding", "scsi0:0.fileName", "sched.scsi0:0.shares"]


# Every malformed line: one exact message, with file and line.
@pytest.mark.parametrize(
    "text,message",
    [
        ('a = "1"\njust some words\n', 'vm.vmx:2: expected key = "value", found "just some words"'),
        ('= "1"\n', 'vm.vmx:1: no key before "="'),
        ('display Name = "x"\n', "vm.vmx:1: \"display Name\" is not a key: keys have no spaces, quotes or '#'"),
        ('a = "1"\n\nmemsize = "256\n', "vm.vmx:3: memsize: the value has no closing quote (a value cannot span lines)"),
        ('displayName = "say "hi""\n', 'vm.vmx:1: displayName: unexpected text after the closing quote: "hi\\"\\"" (a quote inside a value is written |22)'),
        ('numvcpus =\n', 'vm.vmx:1: numvcpus: no value (an empty value is written "")'),
        ('numvcpus = # two\n', 'vm.vmx:1: numvcpus: no value (an empty value is written "")'),
        ('scsi0:0.fileName = c:\\my vms\\xp.vmdk\n', 'vm.vmx:1: scsi0:0.fileName: a value with spaces or quotes must be in double quotes: "c:\\\\my vms\\\\xp.vmdk"'),
        ('x = "|FF"\n', "vm.vmx:1: the escape |FF is not utf-8 text"),
    ],
    ids=["no-equals", "no-key", "space-in-key", "unterminated", "text-after-quote", "no-value", "no-value-comment", "bare-with-spaces", "bad-escape-bytes"],
)
def test_error_malformed_line_names_file_and_line(text, message):
    with pytest.raises(VmxError) as caught:
        parse(text)
    assert str(caught.value) == message
    assert caught.value.file == "vm.vmx" and isinstance(caught.value, VmgraphError)


@pytest.mark.parametrize(
    "text,read,message",
    [
        ('a = "1"\nnumvcpus = "two"\n', lambda c: c.integer("numvcpus"), 'vm.vmx:2: numvcpus = "two": expected a whole number'),
        ('numvcpus = "2 "\n', lambda c: c.integer("numvcpus"), 'vm.vmx:1: numvcpus = "2 ": expected a whole number'),
        ('numvcpus = "0"\n', lambda c: c.integer("numvcpus", minimum=1), 'vm.vmx:1: numvcpus = "0": expected a whole number of at least 1'),
        ('x.present = "yes"\n', lambda c: c.boolean("x.present"), 'vm.vmx:1: x.present = "yes": expected "TRUE" or "FALSE"'),
        ('x.present = "maybe"\nx.y = "1"\n', lambda c: c.text("x.y"), 'vm.vmx:1: x.present = "maybe": expected "TRUE" or "FALSE"'),
        (
            'memsize = "256"\nnumvcpus = "1"\nMemSize = "512"\n',
            lambda c: c.integer("memsize"),
            'vm.vmx:3: MemSize = "512" contradicts line 1 (memsize = "256"): a key may be set once (virt-v2v would read the first value, Packer the last)',
        ),
    ],
    ids=["integer", "integer-space", "integer-minimum", "boolean", "switch", "duplicate"],
)
def test_error_bad_values_name_the_line_that_sets_them(text, read, message):
    config = parse(text)
    with pytest.raises(VmxError) as caught:
        read(config)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "data,message",
    [
        (b'.encoding = "klingon"\nx = "1"\n', 'vm.vmx:1: .encoding = "klingon": unknown character set'),
        (b'a = "1"\n.encoding = "base64"\n', 'vm.vmx:2: .encoding = "base64": unknown character set'),
        (b'.encoding = "UTF-8"\nx = "1"\n.encoding = "windows-1252"\n', 'vm.vmx:3: .encoding = "windows-1252" contradicts line 1 (.encoding = "UTF-8")'),
        (b'a = "1"\ndisplayName = "Caf\xe9"\n', "vm.vmx:2: byte 0xE9 is not UTF-8 text (the file names no .encoding, so it is read as UTF-8)"),
        (b'.encoding = "UTF-8"\n\n\nx = "\xff"\n', 'vm.vmx:4: byte 0xFF is not UTF-8 text (.encoding is "UTF-8")'),
        (codecs.BOM_UTF8 + b'.encoding = "windows-1252"\n', 'vm.vmx:1: the file starts with a UTF-8 byte-order mark but .encoding is "windows-1252"'),
        (b'config.version = "8"\x00\x01\x02', "vm.vmx: a binary file (it holds NUL bytes), not a VM configuration file"),
        (b"KDMV\x01\x00\x00\x00", "vm.vmx: a virtual disk (.vmdk), not a VM configuration file"),
        (b'# Disk DescriptorFile\nversion=1\nCID=fffffffe\n', "vm.vmx: a virtual disk (.vmdk), not a VM configuration file"),
    ],
    ids=["unknown-encoding", "bytes-codec", "two-encodings", "not-utf8", "bad-utf8-line-4", "bom-and-1252", "binary", "sparse-vmdk", "vmdk-descriptor"],
)
def test_error_undecodable_or_binary_files(data, message):
    with pytest.raises(VmxError) as caught:
        parse(data)
    assert str(caught.value) == message


def test_read_vmx_reads_a_file(tmp_path):
    path = tmp_path / "vm.vmx"
    path.write_bytes('.encoding = "windows-1252"\r\ndisplayName = "Gr\xfc\xdfe"\r\n'.encode("latin-1"))
    config = read_vmx(path)
    assert config.file == str(path) and config["displayName"] == "Grüße"
    assert read_vmx(path, name="shown.vmx").file == "shown.vmx"


def test_error_huge_file_is_refused_without_parsing(tmp_path):
    path = tmp_path / "big.vmx"
    path.write_bytes(b'# padding\n' * (MAX_BYTES // 10 + 1))
    with pytest.raises(VmxError) as caught:
        read_vmx(path)
    assert str(caught.value) == f"{path}: larger than 1 MiB: too big for a VM configuration file, not read"


def test_a_file_just_under_the_limit_is_read(tmp_path):
    path = tmp_path / "padded.vmx"
    line = b'# ' + b"x" * 97 + b"\n"
    path.write_bytes(line * (MAX_BYTES // len(line)) + b'a = "1"\n'[: MAX_BYTES % len(line)])
    assert path.stat().st_size <= MAX_BYTES
    read_vmx(path)


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_error_unreadable_path(tmp_path, kind):
    path = tmp_path / "nothing.vmx"
    if kind == "folder":
        path.mkdir()
    with pytest.raises(VmxError) as caught:
        read_vmx(path)
    reason = "No such file or directory" if kind == "missing" else "Is a directory"
    assert str(caught.value) == f"{path}: cannot read: {reason}"


@pytest.mark.parametrize("text", ["", "# a comment\n\n"])
def test_a_vmx_with_no_settings_is_no_vm(tmp_path, text):
    """read_vmx parses what is there (an empty .vmsd is no snapshot); a VM read from an empty .vmx is refused."""
    from vmgraph.vm.facts import read_vm

    path = tmp_path / "vm.vmx"
    path.write_text(text)
    assert len(read_vmx(path)) == 0
    with pytest.raises(VmxError, match="holds no settings"):
        read_vm(path)
