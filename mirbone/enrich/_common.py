"""Plumbing shared by the enrichment tests: multiple testing, set and query validation."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from mirbone.errors import DroppedNamesWarning, InputError, user_stacklevel

__all__ = ["adjust_pvalues"]

FdrMethod = Literal["bh", "by"]
OnMissing = Literal["drop", "raise"]


def adjust_pvalues(pvalues: Iterable[float], *, method: FdrMethod = "bh") -> np.ndarray:
    """Adjust p-values for multiple testing (Benjamini-Hochberg or Benjamini-Yekutieli).

    Parameters
    ----------
    pvalues
        Raw p-values in [0, 1]; NaN is not accepted.
    method
        ``"bh"`` (Benjamini-Hochberg, independent or positively dependent tests) or ``"by"``
        (Benjamini-Yekutieli, any dependence).

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order, capped at 1.
    """
    p = np.asarray(list(pvalues) if not isinstance(pvalues, np.ndarray) else pvalues, dtype=float)
    if p.ndim != 1:
        msg = "p-values must be one-dimensional"
        raise InputError(msg)
    if method not in ("bh", "by"):
        msg = "unknown FDR method; use 'bh' or 'by'"
        raise InputError(msg, value=method)
    m = p.size
    if m == 0:
        return p.copy()
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        msg = "p-values must be numbers in [0, 1]"
        raise InputError(msg)
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    if method == "by":
        ranked = ranked * np.sum(1.0 / np.arange(1, m + 1))
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(ranked, 1.0)
    return adjusted


@dataclass(frozen=True)
class FlatSets:
    """Gene or miRNA sets flattened to integer pairs.

    ``set_id[i]`` and ``code[i]`` say that ``elements[code[i]]`` belongs to ``terms[set_id[i]]``;
    every (set, element) pair occurs once.
    """

    terms: list[str]
    set_id: np.ndarray
    code: np.ndarray
    elements: np.ndarray


def clean_names(values: np.ndarray, *, what: str) -> np.ndarray:
    """Strip names; raise on anything that is not a non-blank string."""
    out = np.empty(values.size, dtype=object)
    for i, value in enumerate(values):
        if not isinstance(value, str):
            msg = f"{what} must be text, found {type(value).__name__}"
            raise InputError(msg, value=value)
        stripped = value.strip()
        if not stripped:
            msg = f"blank {what}"
            raise InputError(msg, value=value)
        out[i] = stripped
    return out


def hypergeom_tail(
    k: np.ndarray, big_m: int, n: np.ndarray, big_n: int, *, upper: bool = True
) -> np.ndarray:
    """Compute ``hypergeom.sf(k - 1, M, n, N)`` (or ``.cdf(k, ...)``) for many sets at once.

    With ``M`` and ``N`` fixed the value depends only on ``(k, n)``; scipy's boost-backed
    tail is evaluated once per distinct pair, so the numbers are scipy's own.
    """
    from scipy import stats

    k = np.asarray(k, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    if k.size == 0:
        return np.zeros(0)
    width = int(n.max()) + 2
    pairs, inverse = np.unique(k * width + n, return_inverse=True)
    uk, un = pairs // width, pairs % width
    if upper:
        values = stats.hypergeom.sf(uk - 1, big_m, un, big_n)
    else:
        values = stats.hypergeom.cdf(uk, big_m, un, big_n)
    return np.clip(np.asarray(values, dtype=float), 0.0, 1.0)[inverse.reshape(-1)]


def flatten_sets(sets: Mapping[str, Collection[str]], *, what: str = "set") -> FlatSets:
    """Validate a mapping term -> members and flatten it to integer pairs.

    Raises :class:`InputError` for a mapping that is not a dict-like, blank or duplicated
    term names, a member list given as one string, and blank or non-text members (naming
    the term). Duplicated members inside a set count once; members are stripped of
    surrounding white space.
    """
    if isinstance(sets, str | bytes) or not isinstance(sets, Mapping):
        msg = (
            f"{what}s must be a mapping term -> members (a dict, or the result of "
            "mirbone.genesets.read_gmt); names of online libraries are not accepted"
        )
        raise InputError(msg, value=sets if isinstance(sets, str) else type(sets).__name__)
    terms: list[str] = []
    seen: set[str] = set()
    values: list[Collection[str]] = []
    for term, members in sets.items():
        if not isinstance(term, str) or not term.strip():
            msg = f"blank or non-text {what} name"
            raise InputError(msg, value=term)
        name = term.strip()
        if name in seen:
            msg = f"duplicated {what} name"
            raise InputError(msg, value=name)
        if isinstance(members, str | bytes) or not isinstance(members, Iterable):
            msg = f"the members of {what} {name!r} must be a list or set of names, not one string"
            raise InputError(msg, value=members)
        seen.add(name)
        terms.append(name)
        values.append(members if isinstance(members, Collection) else list(members))
    lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    flat = list(itertools.chain.from_iterable(values))
    if len(flat) != int(lengths.sum()):  # a Collection whose len() disagrees with iteration
        values = [list(v) for v in values]
        lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
        flat = list(itertools.chain.from_iterable(values))
    set_id = np.repeat(np.arange(len(terms), dtype=np.int64), lengths)
    codes, uniques = pd.factorize(np.asarray(flat, dtype=object) if flat else np.array([], object))
    uniques = np.asarray(uniques, dtype=object)
    if (codes < 0).any():  # pandas codes None/NaN as -1
        where = terms[int(set_id[np.flatnonzero(codes < 0)[0]])]
        msg = f"missing value (None/NaN) among the members of {what} {where!r}"
        raise InputError(msg)
    try:
        cleaned = clean_names(uniques, what=f"member of a {what}")
    except InputError as error:
        bad = error.value
        where = next(
            (t for t, v in zip(terms, values, strict=True) if any(m is bad or m == bad for m in v)),
            None,
        )
        msg = f"{error.message} in {what} {where!r}" if where is not None else error.message
        raise InputError(msg, value=bad) from None
    may_repeat = not all(isinstance(v, AbstractSet) for v in values)
    if not np.array_equal(cleaned, uniques):
        # white space around some names: merge them with their stripped forms
        recode, uniques = pd.factorize(cleaned)
        codes = recode[codes]
        uniques = np.asarray(uniques, dtype=object)
        may_repeat = True
    codes = codes.astype(np.int64)
    if may_repeat:
        set_id, codes = unique_pairs(set_id, codes, len(uniques))
    return FlatSets(terms=terms, set_id=set_id, code=codes, elements=uniques)


def unique_pairs(first: np.ndarray, second: np.ndarray, n_second: int) -> tuple[np.ndarray, ...]:
    """Drop repeated (first, second) integer pairs, keeping the first occurrence's order."""
    if first.size == 0:
        return first, second
    key = first * max(n_second, 1) + second
    duplicated = pd.Series(key).duplicated().to_numpy()
    if duplicated.any():
        keep = ~duplicated
        return first[keep], second[keep]
    return first, second


def clean_query(query: Iterable[str], *, what: str = "query") -> list[str]:
    """Validate query names: text, not blank; strip; drop repeats keeping the first."""
    if isinstance(query, str | bytes):
        query = [query]  # one name given as a string
    values = np.asarray(list(query), dtype=object)
    if values.size == 0:
        msg = f"the {what} is empty"
        raise InputError(msg)
    cleaned = clean_names(values, what=f"name in the {what}")
    return list(dict.fromkeys(cleaned.tolist()))


def restrict_query(
    query: list[str],
    universe: pd.Index,
    *,
    on_missing: OnMissing,
    what: str = "query",
    universe_what: str = "universe",
) -> tuple[list[str], list[str]]:
    """Split the query into the names inside the universe and those outside it.

    With ``on_missing="raise"`` any name outside raises :class:`InputError`; with ``"drop"``
    they are dropped with a :class:`~mirbone.errors.DroppedNamesWarning` that says how many
    and which. A query that is empty after dropping raises.
    """
    inside = universe.get_indexer(query) >= 0
    kept = [q for q, ok in zip(query, inside, strict=True) if ok]
    dropped = [q for q, ok in zip(query, inside, strict=True) if not ok]
    if dropped:
        more = f", ... ({len(dropped) - 10} more)" if len(dropped) > 10 else ""
        listed = ", ".join(dropped[:10]) + more
        if on_missing == "raise" or not kept:
            verdict = "none is left" if not kept else "pass on_missing='drop' to drop them"
            msg = (
                f"{len(dropped)} of {len(query)} {what} names are not in the {universe_what} "
                f"({listed}); {verdict}"
            )
            raise InputError(msg, keyword="on_missing" if kept else None)
        warnings.warn(
            DroppedNamesWarning(
                f"dropped {len(dropped)} of {len(query)} {what} names not in the "
                f"{universe_what}: {listed}"
            ),
            stacklevel=user_stacklevel(),
        )
    return kept, dropped


def check_sizes(min_size: int, max_size: int) -> None:
    """Validate the set-size window."""
    if min_size < 1 or max_size < min_size:
        msg = f"set sizes must satisfy 1 <= min_size <= max_size (got {min_size} and {max_size})"
        raise InputError(msg, keyword="min_size" if min_size < 1 else "max_size")


def no_set_left(
    n_sets: int, sizes: np.ndarray, min_size: int, max_size: int, *, what: str
) -> InputError:
    """Return the error for the case where the size filter leaves nothing to test.

    Its ``keyword`` is the bound (``min_size`` or ``max_size``) whose change would test some
    sets, and the message says which value would.
    """
    span = f"{int(sizes.min())}-{int(sizes.max())}" if sizes.size else "none"
    text = (
        f"all {n_sets} {what}s were filtered out by size: after intersecting with the universe "
        f"their sizes are {span}, outside the window {min_size} to {max_size}"
    )
    sizes = np.asarray(sizes, dtype=np.int64)
    small = sizes[(sizes >= 1) & (sizes < min_size)]
    if small.size:
        # The largest size below the window: as a minimum it tests those sets.
        value = int(small.max())
        n = int(((sizes >= value) & (sizes <= max_size)).sum())
        msg = (
            f"{text}; a minimum size of {value} would test {n} of them, each small: read "
            "them with care"
        )
        return InputError(msg, keyword="min_size")
    large = sizes[sizes > max_size]
    if large.size:
        value = int(large.min())
        n = int(((sizes >= min_size) & (sizes <= value)).sum())
        msg = f"{text}; a maximum size of {value} would test {n} of them"
        return InputError(msg, keyword="max_size")
    return InputError(f"{text}; no {what} shares a member with the universe")
