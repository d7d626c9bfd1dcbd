"""Result tables whose metadata are typed attributes, not ``DataFrame.attrs``.

A result of mirbone (an ORA table, a DESeq2 table, an annotation) is a pandas DataFrame
of a small subclass that declares what it knows besides its rows as attributes, the way
pandas documents subclassing (``_metadata``) and geopandas uses it. The rows behave as
any DataFrame; slicing, sorting, copying and pickling keep the attributes. An operation
that combines several tables (``pd.concat``, ``merge``) gives attributes of ``None``:
not known for the combined rows. ``pd.DataFrame(result)`` gives a plain frame.

For one release the attributes can still be read from ``result.attrs`` under their old
keys, with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

import copy
import inspect
import sys
import warnings
from collections.abc import Hashable
from typing import Any, ClassVar, Final, Self, get_origin

import pandas as pd
from pandas.core.generic import NDFrame

from mirbone.errors import user_stacklevel

__all__ = ["ResultSeries", "ResultTable"]

#: The release after which ``result.attrs`` no longer holds the metadata.
ATTRS_REMOVED_IN = "0.3"


class _LegacyAttrs(dict):
    """``DataFrame.attrs`` as results filled it before their attributes: reading warns.

    ``own`` are the keys the user (or pandas) stored, and writes go through to the table;
    only the others, the metadata under their old keys, warn, and only ``own`` keys are
    stored back when pandas copies attrs to a derived table (so a combined table shows no
    stale metadata).
    """

    def __init__(self, stored: dict[Hashable, Any], legacy: dict[str, Any]) -> None:
        super().__init__({**stored, **legacy})
        self.own = set(stored) - set(legacy)
        self._store = stored  # the table's own attrs dict: writes go through to it

    def __setitem__(self, key: Hashable, value: Any) -> None:
        super().__setitem__(key, value)
        self._store[key] = value
        self.own.add(key)

    def __delitem__(self, key: Hashable) -> None:
        super().__delitem__(key)
        self._store.pop(key, None)
        self.own.discard(key)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Hashable, Any]:
        # pandas copies attrs to every derived table: copy only what is stored
        return copy.deepcopy(self.stored(), memo)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(dict.items(self)),))  # a plain snapshot

    def stored(self) -> dict[Hashable, Any]:
        """Return the entries that are not metadata (what ``attrs`` really holds)."""
        return {key: value for key, value in dict.items(self) if key in self.own}

    def _warn(self, key: Hashable) -> None:
        if key in self.own:
            return
        warnings.warn(
            f"result.attrs[{key!r}] is now an attribute of the result (see its class); "
            f"attrs will not hold it after mirbone {ATTRS_REMOVED_IN}",
            DeprecationWarning,
            stacklevel=user_stacklevel(),
        )

    def __getitem__(self, key: Hashable) -> Any:
        self._warn(key)
        return super().__getitem__(key)

    def get(self, key: Hashable, default: Any = None) -> Any:
        """Return the value of ``key`` (a metadata key warns), else ``default``."""
        self._warn(key)
        return super().get(key, default)


def _is_class_variable(hint: object, cls: type) -> bool:
    """Tell whether an annotation is ``ClassVar[...]`` or ``Final[...]``, also as text.

    With ``from __future__ import annotations`` a hint is the text as written
    (``ClassVar[int]``, ``typing.ClassVar[int]``, an alias): its head is looked up in the
    class's module, as Python itself would evaluate it.
    """
    if isinstance(hint, str):
        head = hint.strip().strip("'\"").split("[", 1)[0].strip()
        module = sys.modules.get(cls.__module__)
        first, *rest = head.split(".")
        value = vars(module).get(first) if module is not None else None
        for attribute in rest:
            value = getattr(value, attribute, None)
        hint = value
    return hint in (ClassVar, Final) or get_origin(hint) in (ClassVar, Final)


def _declared_fields(cls: type) -> list[str]:
    """Return the public attributes a class body annotates (``ClassVar``/``Final`` left out)."""
    return [
        name
        for name, hint in inspect.get_annotations(cls).items()
        if not name.startswith("_") and not _is_class_variable(hint, cls)
    ]


class _Metadata:
    """What the two result classes share: declared attribute names and one way to set them.

    A subclass declares its metadata as annotated class attributes with a default
    (``seed: int | None = None``), written once: they become pandas' ``_metadata``, with
    pandas' own private ones (a Series' ``_name``) added, so pandas keeps them all.
    """

    _metadata: ClassVar[list[str]] = []
    _pandas_metadata: ClassVar[list[str]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        inherited = [name for name in cls._metadata if name not in cls._pandas_metadata]
        own = [name for name in _declared_fields(cls) if name not in inherited]
        cls._metadata = [*cls._pandas_metadata, *inherited, *own]

    @classmethod
    def fields(cls) -> list[str]:
        """Return the names of the metadata attributes."""
        return [name for name in cls._metadata if name not in cls._pandas_metadata]

    @classmethod
    def of(cls, data: Any, /, **metadata: Any) -> Self:
        """Return ``data`` as this class with the given metadata attributes set.

        Metadata of ``data`` that is itself a result are kept unless given again.

        Raises
        ------
        TypeError
            A name that the class does not declare.
        """
        unknown = sorted(set(metadata) - set(cls.fields()))
        if unknown:
            msg = f"{cls.__name__} has no metadata {', '.join(unknown)}"
            raise TypeError(msg)
        out = cls(data)  # type: ignore[call-arg]
        kept = data.metadata() if isinstance(data, _Metadata) else {}
        for name, value in {**kept, **metadata}.items():
            if name in cls.fields():
                object.__setattr__(out, name, value)
        return out

    def metadata(self) -> dict[str, Any]:
        """Return the metadata attributes as a dict."""
        return {name: getattr(self, name) for name in self.fields()}

    def legacy_attrs(self) -> dict[str, Any]:
        """Return the metadata under the ``attrs`` keys of earlier releases."""
        return {name: value for name, value in self.metadata().items() if value is not None}

    @property
    def attrs(self) -> dict[Hashable, Any]:
        """Return the pandas ``attrs``, with the metadata under their old keys (deprecated)."""
        stored = NDFrame.attrs.fget(self)  # type: ignore[attr-defined]
        return _LegacyAttrs(stored, self.legacy_attrs())

    @attrs.setter
    def attrs(self, value: dict[Hashable, Any]) -> None:
        if isinstance(value, _LegacyAttrs):  # a copy pandas makes: keep what is stored
            value = value.stored()
        NDFrame.attrs.fset(self, value)  # type: ignore[attr-defined]


class ResultTable(_Metadata, pd.DataFrame):
    """A DataFrame with typed metadata attributes (subclasses annotate them).

    An attribute is ``None`` when it is not known: a table combined from several.
    """

    _pandas_metadata: ClassVar[list[str]] = list(pd.DataFrame._metadata)

    @property
    def _constructor(self) -> type[Self]:
        return type(self)


class ResultSeries(_Metadata, pd.Series):
    """A Series with typed metadata attributes (subclasses annotate them)."""

    _pandas_metadata: ClassVar[list[str]] = list(pd.Series._metadata)

    @property
    def _constructor(self) -> type[Self]:
        return type(self)

    @property
    def _constructor_expanddim(self) -> type[pd.DataFrame]:
        return pd.DataFrame
