"""What every command shares: exit codes, errors as one line, loading the rule pack, output.

Exit codes: 0 success, 1 a negative answer (no route; rules check found
problems), 2 a usage error (unknown product, bad option value, invalid rule
pack, a path that cannot be read or written), 141 when stdout is closed early
(as Unix filters do on SIGPIPE), 130 when interrupted (Ctrl-C). Every error is one line
on stderr. Heavy modules (networkx, matplotlib) are imported inside the
commands that use them, so `vmgraph --help` stays fast.
"""

import errno
import os
import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

from ..errors import InvalidArgument, RuleError, VmgraphError, shown
from . import collector

EXIT_OK, EXIT_NEGATIVE, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a Unix filter whose reader went away

# typer vendors click in recent releases; find its ClickException without a private import.
CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class BrokenPipe(Exception):
    """stdout was closed by the reader (`vmgraph route ... | head -1`)."""


class OneLineErrors(TyperGroup):
    """Usage errors as one line ('vmgraph: error: ...') instead of click's usage block."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        try:
            result = super().main(args=args, prog_name=prog_name or "vmgraph", complete_var=complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else EXIT_OK
        except CLICK_EXCEPTION as error:  # type: ignore[misc]
            if type(error).__name__ == "NoArgsIsHelpError":  # a bare `vmgraph`: help, not an error
                typer.echo(error.format_message())
                code = EXIT_OK
            else:
                error_line(error.format_message())
                code = EXIT_USAGE if error.exit_code == 2 else error.exit_code
        except typer.Abort:
            typer.echo("vmgraph: aborted", err=True)
            code = EXIT_NEGATIVE
        except BrokenPipe:
            silence_stdout()
            code = EXIT_BROKEN_PIPE
        except OSError as error:  # help, the version or an answer that cannot be written (a full disk, /dev/full)
            code = output_failed(error)
        else:
            code = flushed(code)
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except OSError as error:  # click would turn a broken pipe into exit 1: "no route"
            if getattr(error, "errno", None) == errno.EPIPE:
                raise BrokenPipe() from None
            raise


def output_failed(error: OSError) -> int:
    """The exit code, and one line, for an answer stdout would not take."""
    if error.errno == errno.EPIPE:
        silence_stdout()
        return EXIT_BROKEN_PIPE
    if error.filename is not None:  # a named file's error that no command turned into words
        error_line(shown(str(error)))
        return EXIT_USAGE
    error_line(f"cannot write the output ({error.strerror or error})")
    silence_stdout()  # what is left in the buffer cannot fail again at exit
    return EXIT_USAGE


def flushed(code: int) -> int:
    """`code`, once what stdout holds is written: a flush that fails at exit would be a
    traceback the user cannot act on, and a wrong exit code."""
    try:
        sys.stdout.flush()
    except OSError as error:
        return output_failed(error)
    except (ValueError, AttributeError):  # no real stdout (tests capture it)
        pass
    return code


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (tests capture it)
        pass


def error_line(message: str) -> None:
    """One line on stderr, whatever the message holds: control characters escaped, length bounded."""
    try:
        typer.echo(f"vmgraph: error: {shown(message, 1000)}", err=True)
    except OSError:  # stderr closed too: the exit code still says it
        pass


HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}



def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Say what is wrong in one line; the caller raises the returned Exit."""
    error_line(message)
    return typer.Exit(code)


def load_pack(rules: list[Path] | None, no_default: bool):
    """The rule pack, or one line on what is wrong with it (and the command that lists it all)."""
    from ..errors import RuleFileError
    from ..pack.sources import NoRuleFiles, load_rules

    try:
        return load_rules(rules or [], include_default=not no_default)
    except NoRuleFiles:
        raise fail("--no-default-rules needs at least one --rules PATH") from None
    except RuleFileError as error:
        raise fail(first_problem(error)) from None
    except RuleError as error:
        import shlex

        command = " ".join(["vmgraph rules check"] + (["--no-default-rules"] if no_default else []) + [shlex.quote(str(p)) for p in rules or []])
        raise fail(f"invalid rule pack ({problem_count(error)}); the first: {error.problems[0]}; to list them all: {command}") from None


def problem_count(error: RuleError) -> str:
    """"1 problem", "3 problems"."""
    count = len(error.problems)
    return f"{count} problem" if count == 1 else f"{count} problems"


def first_problem(error: RuleError) -> str:
    """The first problem, and how many more there are."""
    more = len(error.problems) - 1
    return str(error.problems[0]) + (f" (and {more} more)" if more else "")


# How the library names what the CLI calls an option (errors are reworded with the option).
OPTION_NAMES = {
    "vm.hardware": "--hardware",
    "vm.created_under": "--created-under",
    "vmx": "--vmx",
    "vm.disk_mode": "--disk-mode",
    "vm.smp": "--smp",
    "vm.arch": "--arch",
    "vm.sixty_four_bit": "--64bit",
    "constraints.max_moves": "--max-moves",
    "constraints.avoid": "--avoid",
    "constraints.via": "--via",
    "constraints.have": "--have",
    "via": "--via",
    "alternatives": "--alternatives",
}


def reworded(error: VmgraphError) -> str:
    """A library error in the CLI's words: `--hardware 7: ...`, not `vm.hardware=7: ...`."""
    if isinstance(error, InvalidArgument) and error.argument in ("source", "target"):
        return error.problem  # the arguments themselves: the problem names them
    if isinstance(error, InvalidArgument) and error.argument in OPTION_NAMES:
        option = OPTION_NAMES[error.argument]
        if isinstance(error.value, bool):  # a flag: --smp
            return f"{option}: {error.problem}"
        return f"{option} {shown(error.value)}: {error.problem}"
    return str(error)


def drawing_path(path: Path, option: str = "", html: bool = False) -> Path:
    """Check where a drawing goes before any work: a bad path is a usage error, not a late failure.
    `html`: a .html page will do too (vmgraph draw's interactive map)."""
    from ..render.drawing import FORMATS

    shown_path = f"{option}{path}"
    if path.suffix.lower().lstrip(".") not in FORMATS + (("html",) if html else ()):
        expected = ".png, .svg, .pdf or .html" if html else ".png, .svg or .pdf"
        raise fail(f"{shown_path}: unknown format '{path.suffix or '(none)'}' (expected {expected})")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise fail(f"{shown_path}: no such folder '{folder}'")
    try:
        longest = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        longest = 255  # what most file systems allow
    if len(os.fsencode(path.name)) > longest:
        raise fail(f"{shown(shown_path, 200)}: a file name longer than {longest} bytes")
    if path.is_dir():
        raise fail(f"{shown_path}: is a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise fail(f"{shown_path}: cannot write in '{folder}'")
    return path


def work_begins() -> None:
    """A command's imports are done (see collector.py): long work collects its garbage."""
    collector.work_begins()


def echo_text(text: str) -> None:
    """Text as it is, with no newline added (every renderer ends its own lines), always valid
    UTF-8: a byte no character set decodes (a path's 0xFF, a lone surrogate) is written as U+FFFD."""
    typer.echo(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"), nl=False)


def pack_options(rules: list[Path] | None, no_default: bool) -> list[str]:
    """The options that load the same rule packs again, for the commands vmgraph suggests."""
    options = [word for path in rules or [] for word in ("--rules", str(path))]
    return options + (["--no-default-rules"] if no_default else [])
