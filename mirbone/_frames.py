"""Result tables whose metadata are typed attributes, not ``DataFrame.attrs``.

A result of mirbone (an ORA table, a DESeq2 table, an annotation) is a pandas DataFrame
of a small subclass that declares what it knows besides its rows as attributes, the way
pandas documents subclassing (``_metadata``) and geopandas uses it. The rows behave as
any DataFrame; slicing, sorting and copying keep the attributes; ``pd.DataFrame(result)``
gives a plain frame.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

import pandas as pd

__all__ = ["ResultSeries", "ResultTable"]


class _Metadata:
    """What the two result classes share: declared attribute names and one way to set them."""

    _metadata: ClassVar[list[str]] = []

    @classmethod
    def of(cls, data: Any, /, **metadata: Any) -> Self:
        """Return ``data`` as this class with the given metadata attributes set.

        Raises
        ------
        TypeError
            A name that the class does not declare in ``_metadata``.
        """
        unknown = sorted(set(metadata) - set(cls._metadata))
        if unknown:
            msg = f"{cls.__name__} has no metadata {', '.join(unknown)}"
            raise TypeError(msg)
        out = cls(data)  # type: ignore[call-arg]
        kept = data.metadata() if isinstance(data, _Metadata) else {}
        for name, value in {**kept, **metadata}.items():
            if name in cls._metadata:
                object.__setattr__(out, name, value)
        return out

    def metadata(self) -> dict[str, Any]:
        """Return the metadata attributes as a dict (for JSON)."""
        return {name: getattr(self, name) for name in self._metadata}


class ResultTable(_Metadata, pd.DataFrame):
    """A DataFrame with typed metadata attributes (subclasses list them in ``_metadata``)."""

    @property
    def _constructor(self) -> type[Self]:
        return type(self)


class ResultSeries(_Metadata, pd.Series):
    """A Series with typed metadata attributes (subclasses list them in ``_metadata``)."""

    @property
    def _constructor(self) -> type[Self]:
        return type(self)
