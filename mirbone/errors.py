"""Errors that mirbone raises for bad input.

:class:`InputError` is the one exception for anything a user fed in wrong (a file, a
column, a value, an option). The command line turns it into one line on stderr and exit
code 2; library users catch it as a :class:`ValueError`.
"""

from __future__ import annotations

from os import PathLike


class InputError(ValueError):
    """Bad input: names the file, column and value at fault where known.

    Parameters
    ----------
    message
        What is wrong and, where possible, what would be right.
    path
        The file at fault.
    column
        The column at fault.
    value
        The offending value.
    keyword
        The keyword argument at fault (``padj``, ``contrast``, ...); the command line words
        it as the option of the command that was run.
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
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.path is not None:
            where.append(self.path)
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = ": ".join(where)
        text = f"{prefix}: {self.message}" if prefix else self.message
        if self.value is not None:
            text = f"{text} (value: {self.value!r})"
        return text
