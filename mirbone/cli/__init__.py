"""The ``mirbone`` command: parses arguments, calls library functions, writes files.

Each subcommand lives in its own module under :mod:`mirbone.cli` with two functions,
``register(subparsers)`` and ``run(args) -> int``. This module only builds the parser and
maps errors to exit codes: 0 success, 2 bad input or usage (including a file that cannot
be read or an output that cannot be written: permission denied, read-only file system,
disk full), 130 interrupted (Ctrl-C), 141 standard output closed early, 1 an unexpected
fault (a bug: ``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TextIO

from mirbone import __version__
from mirbone.errors import InputError, InputWarning

__all__ = ["build_parser", "console_main", "main"]

#: Subcommand modules, in the order ``mirbone --help`` lists them.
COMMANDS: tuple[str, ...] = (
    "names",
    "kb",
    "read",
    "annotate",
    "targets",
    "db",
    "enrich",
    "target_enrich",
    "analyze",
    "demo",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="mirbone",
        description="miRNA target analysis of EV small-RNA sequencing in bone biology.",
    )
    parser.add_argument("--version", action="version", version=f"mirbone {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of any error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMANDS:
        importlib.import_module(f"mirbone.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(stop.code or 0)
    command = _subparser(parser, args.command)
    if getattr(args, "action", None):  # mirbone db ACTION: word errors with its options
        with contextlib.suppress(KeyError):
            command = _subparser(command, args.action)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning(args.command, command)
            _check_output(args)
            return int(args.func(args) or 0)
    except InputError as error:
        if args.debug:
            raise
        from mirbone.cli._options import own_options

        text = own_options(args.command, error.describe(option_for(command, error.keyword)))
        print(f"mirbone {args.command}: error: {text}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"mirbone {args.command}: interrupted; no output was left half-written", file=sys.stderr
        )
        return 130
    except BrokenPipeError:  # the reader of standard output went away (| head)
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:
        from mirbone._output import OUTPUT_ERRNOS

        if args.debug:
            raise
        if error.errno in OUTPUT_ERRNOS:  # the user's file or disk, not a fault of mirbone
            where = f"{error.filename}: " if error.filename else ""
            print(
                f"mirbone {args.command}: error: {where}{os.strerror(error.errno)}", file=sys.stderr
            )
            return 2
        print(
            f"mirbone {args.command}: unexpected error: {type(error).__name__}: {error} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    except Exception as error:
        if args.debug:
            raise
        print(
            f"mirbone {args.command}: unexpected error: {type(error).__name__}: {error} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """Return the parser of subcommand ``name`` (its options word the library's errors)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]
    msg = f"no subcommand {name!r}"
    raise KeyError(msg)


def option_for(parser: argparse.ArgumentParser, keyword: str | None) -> str | None:
    """Return the option of ``parser`` that sets the library's ``keyword`` argument, if any.

    An option matches when its destination or one of its spellings (``--min-set-size`` is
    ``min_set_size``) is the keyword; the visible long spelling is returned, so a hidden
    deprecated alias words the error as the current option. A command may name options
    for keywords it sets another way with ``set_defaults(option_of={keyword: option})``
    (``annotate --online`` sets ``source``). A keyword the command lacks gives ``None``:
    the error is then worded with the keyword, never as an option the command refuses.
    """
    if keyword is None:
        return None
    given = parser.get_default("option_of") or {}
    if keyword in given:
        return given[keyword]
    dest = None
    for action in parser._actions:
        spellings = {o.lstrip("-").replace("-", "_") for o in action.option_strings}
        if action.option_strings and keyword in {action.dest, *spellings}:
            dest = action.dest
            break
    if dest is None:
        return None
    for action in parser._actions:
        if action.dest == dest and action.option_strings and action.help != argparse.SUPPRESS:
            long = [o for o in action.option_strings if o.startswith("--")]
            return (long or action.option_strings)[0]
    return None


#: Commands whose ``-o`` names a report folder (checked by the command itself).
_FOLDER_OUTPUT = frozenset({"analyze", "demo"})


def _check_output(args: argparse.Namespace) -> None:
    """Check ``-o`` before any work is done.

    An existing file is refused without ``--force``, and an output that is (or, for a
    report folder, contains) one of the command's input files is refused even with it.
    """
    output = getattr(args, "output", None)
    if output is None or output == "-":
        return
    from pathlib import Path

    target = Path(output).resolve()
    for name, value in sorted(vars(args).items()):
        if name == "output" or not isinstance(value, str) or not value:
            continue
        try:
            given = Path(value).resolve()
            is_file = given.is_file()
        except (OSError, ValueError):
            continue
        inside = given == target or (args.command in _FOLDER_OUTPUT and target in given.parents)
        if is_file and inside:
            msg = (
                f"the output is or contains an input file ({value}), which it would "
                "overwrite or delete; choose another output"
            )
            raise InputError(msg, path=output)
    if args.command in _FOLDER_OUTPUT:
        return
    from mirbone._output import check_writable

    check_writable(output, force=bool(getattr(args, "force", False)))


def _show_warning(command: str, parser: argparse.ArgumentParser) -> Callable[..., None]:
    """Return a ``warnings.showwarning`` that prints one line: ``mirbone CMD: warning: ...``.

    An :class:`~mirbone.errors.InputWarning` is worded with the option of ``parser`` that
    sets its keyword.
    """

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        from mirbone.cli._options import own_options

        del category, filename, lineno, line
        if isinstance(message, InputWarning):
            message = message.describe(option_for(parser, message.keyword))
        text = own_options(command, " ".join(str(message).split()))
        print(f"mirbone {command}: warning: {text}", file=file or sys.stderr)

    return show


def console_main() -> None:
    """Entry point of the ``mirbone`` console script."""
    sys.exit(main())
