"""Messages name only options of the command that prints them.

The library's messages are shared by several commands (``io.read`` serves ``read``,
``analyze`` and ``enrich``) and name the command-line option beside the Python keyword.
Before a command prints one, :func:`own_options` makes every ``--option`` in it one that
this command accepts: the command's own spelling where it differs (:data:`ALIASES`), else
the command that has it, written out (``'mirbone read --aggregate'``).
"""

from __future__ import annotations

import argparse
import re
from functools import cache

#: Per command, an option of the shared messages -> the command's own spelling (empty now
#: that every command spells the set-size options --min-size/--max-size).
ALIASES: dict[str, dict[str, str]] = {}
_OPTION = re.compile(r"(?:mirbone ([a-z][a-z-]*) )?(?<![\w-])(--[a-z][a-z0-9-]*)")


@cache
def options_by_command() -> dict[str, frozenset[str]]:
    """Every command's long options (the global ``--debug``/``--version`` included)."""
    from mirbone.cli import build_parser

    def long_options(parser: argparse.ArgumentParser) -> set[str]:
        """Return the parser's long options and its own subcommands' (``db fetch --url``)."""
        found = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found |= long_options(sub)
        return found

    parser = build_parser()
    shared = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
    out: dict[str, frozenset[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out[name] = frozenset(long_options(sub) | shared)
    return out


def own_options(command: str, text: str) -> str:
    """Return ``text`` with every ``--option`` one that ``command`` accepts (see module)."""
    table = options_by_command()
    accepted = table.get(command)
    if accepted is None:
        return text

    def fix(match: re.Match[str]) -> str:
        named, option = match.group(1), match.group(2)
        if named is not None and option in table.get(named, frozenset()):
            return match.group(0)  # already says which command has it
        prefix = match.group(0)[: match.start(2) - match.start(0)]
        if option in accepted:
            return prefix + option
        alias = ALIASES.get(command, {}).get(option)
        if alias in accepted:
            return prefix + str(alias)
        for other in ("read", *sorted(table)):
            if option in table.get(other, frozenset()):
                return f"{prefix}'mirbone {other} {option}'"
        return match.group(0)

    return _OPTION.sub(fix, text)
