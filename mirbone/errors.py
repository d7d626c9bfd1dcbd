"""Errors and warnings that mirbone raises for bad input.

:class:`InputError` is the one exception for anything a user fed in wrong (a file, a
column, a value, an argument). Its fields say where: ``path``, ``column``, ``value`` and
``keyword``, the Python keyword argument at fault. The library's messages are plain words
that name no command-line option; the command line maps ``keyword`` to the option of the
command being run, turns the error into one line on stderr and exit code 2. Library users
catch it as a :class:`ValueError`.

:class:`InputWarning` is the warning counterpart (a doubtful input that was used anyway),
with the same ``keyword`` field, and its subclasses let a caller tell warnings apart by
category instead of by their text.
"""

from __future__ import annotations

import inspect
from os import PathLike

__all__ = [
    "DroppedNamesWarning",
    "FewPermutationsWarning",
    "InputError",
    "InputWarning",
    "keyword_label",
    "user_stacklevel",
]


def user_stacklevel() -> int:
    """Return the ``stacklevel`` that points a warning at the first frame outside mirbone.

    As pandas' ``find_stack_level``: a warning raised deep in mirbone (through a decorator
    or a helper) names the line of the caller's script or notebook, whatever the depth.
    Frames are told apart by their module's name, not their file, so a script run from
    inside the source folder, ``python -c`` or a frozen install count right.
    """
    frame = inspect.currentframe()
    level = 0
    while frame is not None and frame.f_globals.get("__name__", "").partition(".")[0] == "mirbone":
        frame = frame.f_back
        level += 1
    return max(level, 1)


def keyword_label(keyword: str, option: str) -> str:
    """Name an option and the keyword it sets: ``--min-size (min_size= in Python)``."""
    return f"{option} ({keyword}= in Python)"


def _notes(value: object, keyword: str | None, option: str | None) -> str:
    """Return the closing parenthesis: the value, and the keyword when no option leads."""
    notes = []
    if value is not None:
        notes.append(f"value: {value!r}")
    if keyword is not None and option is None:
        notes.append(f"keyword argument: {keyword}")
    return f" ({'; '.join(notes)})" if notes else ""


class InputError(ValueError):
    """Bad input: names the file, column, value and argument at fault where known.

    Parameters
    ----------
    message
        What is wrong and, where possible, what would be right, in plain words (no
        command-line option: ``keyword`` names the argument).
    path
        The file at fault.
    column
        The column at fault.
    value
        The offending value.
    keyword
        The Python keyword argument at fault (``"contrast"``, ``"aggregate"``,
        ``"min_size"``, ``"species"``...); the command line words it as its option.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        column: str | None = None,
        value: object = None,
        keyword: str | None = None,
    ) -> None:
        self.message = message
        self.keyword = keyword
        self.path = None if path is None else str(path)
        self.column = column
        self.value = value
        self.keyword = keyword
        super().__init__(self.describe())

    def describe(self, option: str | None = None) -> str:
        """Return the message with where it applies.

        ``path: column 'c': message (value: 'v'; keyword argument: k)``.

        Parameters
        ----------
        option
            The command-line option that sets :attr:`keyword`; it then leads the text
            (``--aggregate (aggregate= in Python): path: ...``) and the keyword is not
            repeated at the end.
        """
        where = []
        if self.keyword is not None and option is not None:
            where.append(keyword_label(self.keyword, option))
        if self.path is not None:
            where.append(self.path)
        if self.column is not None:
            where.append(f"column {self.column!r}")
        where.append(self.message)
        return ": ".join(where) + _notes(self.value, self.keyword, option)


class InputWarning(UserWarning):
    """A doubtful input that was used anyway.

    Parameters
    ----------
    message
        What is doubtful, in plain words.
    keyword
        The Python keyword argument concerned, worded as its option on the command line.
    """

    def __init__(self, message: str, *, keyword: str | None = None) -> None:
        self.message = message
        self.keyword = keyword
        super().__init__(self.describe())

    def describe(self, option: str | None = None) -> str:
        """Return the message, led by the option when known, else ending with the keyword."""
        if self.keyword is not None and option is not None:
            return f"{keyword_label(self.keyword, option)}: {self.message}"
        return self.message + _notes(None, self.keyword, None)


class DroppedNamesWarning(InputWarning):
    """Query names outside the universe were dropped (listed in the result)."""


class FewPermutationsWarning(InputWarning):
    """Too few permutations for small p-values."""
