"""From the features of the differential table to the mature miRNAs they measure.

The differential table keeps one row per input feature, as the authors' own analysis
does (``hsa-mir-21_mature`` and ``hsa-mir-21_precursor`` stay apart). The review, the
signatures and the targets speak of mature miRNAs, so each feature is turned into the
matures it measures with :func:`mirbone.names.mature_identities` (the rule every command
uses): a resolved name is itself, a hairpin's mature reads are each of its v22 matures, a
merged name (``hsa-miR-27a-3p/27b-3p``) is each member; non-mature reads measure none.

When several features measure one mature (paralogous hairpins: hsa-mir-103a-1_mature and
hsa-mir-103a-2_mature both give hsa-miR-103a-3p), the mature takes the feature with the
smallest adjusted p-value and the others are reported as paralogues.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mirbone.names import RESOLVED_STATUSES, mature_identities


@dataclass
class MatureView:
    """The mature-level view of a feature table, and how it was made."""

    stats: pd.DataFrame | None
    status: pd.Series
    universe: list[str]
    feature_of: dict[str, str]  # mature -> the feature that stands for it
    identities: dict[str, list[str]]  # feature -> its matures
    paralogues: dict[str, list[str]] = field(default_factory=dict)  # mature -> features
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def trivial(self) -> bool:
        """True when every feature is one mature miRNA named as itself."""
        return all(ids == [key] for key, ids in self.identities.items())


def feature_identities(names_log: pd.DataFrame) -> dict[str, list[str]]:
    """Map each key of a name-resolution log to the matures it measures (in order)."""
    if names_log.empty or "key" not in names_log.columns:
        return {}
    ids = mature_identities(names_log)
    out: dict[str, list[str]] = {}
    for key, members in zip(names_log["key"].astype(str), ids, strict=True):
        merged = out.setdefault(key, [])
        merged.extend(m for m in members if m not in merged)
    return out


def _order(stats: pd.DataFrame | None, features: list[str]) -> list[str]:
    """Features by adjusted p-value (then p-value), missing last, ties in input order."""
    if stats is None or len(features) < 2:
        return features
    padj = pd.to_numeric(stats["padj"].reindex(features), errors="coerce").to_numpy(float)
    pval = pd.to_numeric(stats["pvalue"].reindex(features), errors="coerce").to_numpy(float)
    rank = np.lexsort((np.arange(len(features)), np.nan_to_num(pval, nan=np.inf),
                       np.nan_to_num(padj, nan=np.inf)))  # fmt: skip
    return [features[i] for i in rank]


def mature_view(
    names_log: pd.DataFrame,
    stats: pd.DataFrame | None,
    status: pd.Series,
    universe: list[str],
) -> MatureView:
    """Turn the feature-level ``stats``/``status``/``universe`` into mature-level ones."""
    identities = feature_identities(names_log)
    keys = [str(k) for k in status.index]
    for key in keys:
        identities.setdefault(key, [key])  # a key missing from the log stands for itself
    by_mature: dict[str, list[str]] = {}
    for key in keys:
        for mature in identities.get(key, []):
            by_mature.setdefault(mature, []).append(key)
    feature_of: dict[str, str] = {}
    paralogues: dict[str, list[str]] = {}
    for mature, features in by_mature.items():
        ordered = _order(stats, features)
        feature_of[mature] = ordered[0]
        if len(features) > 1:
            paralogues[mature] = features
    matures = list(feature_of)
    m_status = pd.Series(
        [status.get(feature_of[m]) for m in matures], index=pd.Index(matures), dtype=object
    )
    m_stats = None
    if stats is not None:
        present = [m for m in matures if feature_of[m] in stats.index]
        m_stats = stats.loc[[feature_of[m] for m in present]].copy()
        m_stats.index = pd.Index(present, name=stats.index.name)
    in_universe = set(universe)
    m_universe = sorted(m for m in matures if feature_of[m] in in_universe)
    log = names_log.drop_duplicates("key") if "key" in names_log.columns else names_log
    by_status = dict(zip(log["key"].astype(str), log["status"].astype(str), strict=False))
    kinds = {"resolved": 0, "hairpin_mature": 0, "merged": 0, "non_mature": 0, "none": 0}
    for key in keys:
        state = by_status.get(key, "")
        if state in RESOLVED_STATUSES:
            kinds["resolved"] += 1
        elif state == "precursor" and identities.get(key):
            kinds["hairpin_mature"] += 1
        elif state == "ambiguous" and identities.get(key):
            kinds["merged"] += 1
        elif state == "non_mature":
            kinds["non_mature"] += 1
        else:
            kinds["none"] += 1
    kinds["features"] = len(keys)
    kinds["matures"] = len(matures)
    kinds["paralogous_matures"] = sum(
        1 for features in paralogues.values()
        if sum(by_status.get(f) == "precursor" for f in features) > 1
    )  # fmt: skip
    return MatureView(
        stats=m_stats,
        status=m_status,
        universe=m_universe,
        feature_of=feature_of,
        identities={k: identities.get(k, []) for k in keys},
        paralogues=paralogues,
        counts=kinds,
    )


#: How :func:`mapping_sentence` words each kind of feature other than a mature name.
_FEATURE_KINDS = {
    "hairpin_mature": "hairpin-level mature reads (e.g. hsa-mir-21_mature) mapped to each "
    "mature miRNA of their hairpin",
    "merged": "merged or arm-less names mapped to each of their members",
    "non_mature": "non-mature reads (_precursor, _stemloop, _unannotated: tested, shown, never "
    "used as miRNA identities)",
    "none": "not mature miRNAs of miRBase v22",
}


def mapping_sentence(view: MatureView) -> str:
    """One sentence for the report: how the features became mature miRNAs."""
    c = view.counts
    parts = [f"{c['resolved']} named as mature miRNAs"]
    parts += [f"{c[kind]} {what}" for kind, what in _FEATURE_KINDS.items() if c[kind]]
    text = (
        f"Of the {c['features']} features of the differential table, " + "; ".join(parts) + "; "
        f"together they measure {c['matures']} mature miRNAs, which the review comparison, "
        "the signatures and the targets use."
    )
    hairpin_paralogues = {m: f for m, f in view.paralogues.items() if len(f) > 1}
    if hairpin_paralogues:
        shown = "; ".join(
            f"{m} ({', '.join(f)})" for m, f in sorted(hairpin_paralogues.items())[:5]
        )
        more = len(hairpin_paralogues) - 5
        text += (
            f" {len(hairpin_paralogues)} mature miRNAs are measured by several features "
            f"(paralogous hairpins or repeated members), each represented by its feature of "
            f"smallest adjusted p-value: {shown}" + (f", and {more} more." if more > 0 else ".")
        )
    return text
