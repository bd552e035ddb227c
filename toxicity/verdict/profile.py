"""Evidence that only the whole profile shows: link networks, bursts, repeated commercial anchors.

One link says little; a private blog network shows when twenty unrelated domains carry the same
commercial anchor to the same page, all first seen within three weeks. Everything here works on
referring domains (a few hundred thousand at most), with integer codes, so it stays cheap at a
million links.

* :func:`find_networks`: clusters of referring domains that share a *footprint*: the same
  commercial anchor to the same target page first seen in the same three-week window, commercial
  anchors (any) to the same target page in one window, or the same /24 subnet (where the export
  gives it, e.g. Majestic) first seen in the same window. A footprint
  counts once at least :data:`MIN_NETWORK` domains share it, and a domain joins by its anchors only
  when most of its links carry commercial anchors; domains sharing footprints are joined
  transitively (connected components).
* :func:`burst_sizes`: domains that appeared in a window holding far more new referring domains
  than the profile's own pace.
* :func:`money_anchor_reach`: for each link with a commercial anchor, how many referring domains
  use that exact anchor; and the share of referring domains using commercial anchors at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: A footprint shared by fewer domains than this is not a network.
MIN_NETWORK = 3
#: Width of a first-seen window, in days (links of one campaign appear within weeks).
WINDOW_DAYS = 21
#: A window is a burst when it holds this many times the profile's expected new domains ...
BURST_RATIO = 4.0
#: ... and at least this many new domains.
BURST_MIN = 5

#: Share of a domain's links that a commercial anchor must exceed for it to join a network by anchors.
MAJORITY = 0.5
#: A profile with this many referring domains linking from comment threads or member profiles
#: holds a link-drop campaign.
CAMPAIGN_MIN = 5

#: Footprint kinds (bits of :attr:`Networks.shared`) and their words.
FOOTPRINTS = (
    "the same commercial anchor to the same page within three weeks",
    "the same /24 subnet, first seen within three weeks",
    "commercial anchors to the same page within three weeks",
)


@dataclass
class Networks:
    """Link networks among referring domains, per domain code.

    Attributes
    ----------
    network : network number per domain (1 = largest), 0 when the domain is in none
    size : domains in the domain's network (0 when in none)
    shared : bit mask of :data:`FOOTPRINTS` the network's domains share
    """

    network: np.ndarray
    size: np.ndarray
    shared: np.ndarray


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since the epoch as floats (NaN when missing)."""
    values = pd.to_datetime(dates, errors="coerce")
    out = values.to_numpy(dtype="datetime64[ns]").astype("int64").astype(float) / 86_400e9
    out[values.isna().to_numpy()] = np.nan
    return out


def _footprint_pairs(domain: np.ndarray, key: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(domain, hub) pairs for a footprint key within first-seen windows (two offsets, so no cut splits one).

    ``key`` is an integer code per row (-1: none); only hubs shared by :data:`MIN_NETWORK` or more
    distinct domains are returned. Hub numbers are local to this call.
    """
    ok = (key >= 0) & ~np.isnan(days)
    if not ok.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    d, k, t = domain[ok], key[ok].astype(np.int64), days[ok]
    doms, hubs = [], []
    offset = 0
    for shift in (0.0, WINDOW_DAYS / 2):
        window = np.floor((t + shift) / WINDOW_DAYS).astype(np.int64)
        hub = pd.factorize(k * (int(window.max()) - int(window.min()) + 1) + (window - window.min()))[0]
        pairs = pd.DataFrame({"hub": hub, "dom": d})
        pairs = pairs.drop_duplicates()
        counts = pairs["hub"].map(pairs["hub"].value_counts())
        pairs = pairs[counts.to_numpy() >= MIN_NETWORK]
        doms.append(pairs["dom"].to_numpy(np.int64))
        hubs.append(pairs["hub"].to_numpy(np.int64) + offset)
        offset += int(pairs["hub"].max()) + 1 if len(pairs) else 0
    return np.concatenate(doms), np.concatenate(hubs)


def find_networks(
    dcode: np.ndarray,
    n_domains: int,
    *,
    money_anchor: np.ndarray,
    target: np.ndarray,
    subnet: np.ndarray,
    days: np.ndarray,
) -> Networks:
    """Connected groups of referring domains sharing footprints (see the module docstring).

    Parameters
    ----------
    dcode : referring-domain code per link (0..n_domains-1)
    money_anchor : code of the link's normalised anchor where it is commercial, else -1
    target : code of the link's target page (URL without query or fragment), -1 when missing
    subnet : code of the /24 subnet, -1 when missing
    days : first-seen date per link as :func:`day_numbers` (NaN: undated)
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # A domain joins through its commercial anchors only when most of its links carry them: one
    # commercial link among a site's ordinary ones is a coincidence, not a footprint.
    commercial = pd.Series((money_anchor >= 0).astype(float)).groupby(dcode).mean()
    mostly = np.zeros(n_domains, bool)
    mostly[commercial.index.to_numpy()] = commercial.to_numpy() > MAJORITY
    money_anchor = np.where(mostly[dcode], money_anchor, -1)
    anchor_target = np.where(
        (money_anchor >= 0) & (target >= 0),
        money_anchor.astype(np.int64) * (int(target.max()) + 2) + target,
        -1,
    )
    money_target = np.where((money_anchor >= 0) & (target >= 0), target.astype(np.int64), -1)
    kinds = [(anchor_target, 1), (subnet.astype(np.int64), 2), (money_target, 4)]
    all_d, all_h, all_bits = [], [], []
    offset = 0
    for key, bit in kinds:
        d, h = _footprint_pairs(dcode, key, days)
        if len(d):
            all_d.append(d)
            all_h.append(h + offset)
            all_bits.append(np.full(len(d), bit, np.int64))
            offset += int(h.max()) + 1
    network = np.zeros(n_domains, np.int64)
    size = np.zeros(n_domains, np.int64)
    shared = np.zeros(n_domains, np.int64)
    if not all_d:
        return Networks(network, size, shared)
    d, h, bits = np.concatenate(all_d), np.concatenate(all_h), np.concatenate(all_bits)
    n = n_domains + offset
    graph = coo_matrix((np.ones(len(d)), (d, n_domains + h)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    member = np.zeros(n_domains, bool)
    member[d] = True
    comp = label[:n_domains]
    comp_size = np.bincount(comp[member], minlength=label.max() + 1)
    comp_bits = np.zeros(label.max() + 1, np.int64)
    np.bitwise_or.at(comp_bits, comp[d], bits)
    # Number networks by size, largest first (ties: lowest component label).
    ids = np.flatnonzero(comp_size >= MIN_NETWORK)
    ids = ids[np.lexsort((ids, -comp_size[ids]))]
    number = np.zeros(label.max() + 1, np.int64)
    number[ids] = np.arange(1, len(ids) + 1)
    in_net = member & (number[comp] > 0)
    network[in_net] = number[comp[in_net]]
    size[in_net] = comp_size[comp[in_net]]
    shared[in_net] = comp_bits[comp[in_net]]
    return Networks(network, size, shared)


def burst_sizes(dcode: np.ndarray, n_domains: int, days: np.ndarray) -> np.ndarray:
    """Per domain: new referring domains first seen within the domain's window, when that is a burst, else 0.

    A domain's first sighting is its earliest link's. The expected count in a window is the
    profile's dated domains spread evenly over its span; a window is a burst when it holds
    :data:`BURST_RATIO` times that and at least :data:`BURST_MIN` domains.
    """
    first = pd.Series(days).groupby(dcode).min().reindex(range(n_domains)).to_numpy()
    dated = ~np.isnan(first)
    out = np.zeros(n_domains, np.int64)
    if dated.sum() < BURST_MIN:
        return out
    t = np.sort(first[dated])
    span = max(t[-1] - t[0], 0.0) + WINDOW_DAYS
    expected = len(t) * WINDOW_DAYS / span
    half = WINDOW_DAYS / 2
    around = np.searchsorted(t, first[dated] + half, side="right") - np.searchsorted(
        t, first[dated] - half, side="left"
    )
    burst = (around >= BURST_MIN) & (around >= BURST_RATIO * expected)
    out[np.flatnonzero(dated)[burst]] = around[burst]
    return out


def money_anchor_reach(
    dcode: np.ndarray, money_anchor: np.ndarray, has_anchor: np.ndarray
) -> tuple[np.ndarray, float]:
    """Per link: referring domains using the link's commercial anchor (0 for other anchors); and the
    share of referring domains with an anchor that use any commercial anchor."""
    reach = np.zeros(len(dcode), np.int64)
    money = money_anchor >= 0
    if not money.any():
        return reach, 0.0
    pairs = pd.DataFrame({"a": money_anchor[money], "d": dcode[money]}).drop_duplicates()
    per_anchor = pairs["a"].value_counts()
    reach[money] = per_anchor.reindex(money_anchor[money]).to_numpy()
    with_anchor = len(np.unique(dcode[has_anchor]))
    share = float(pairs["d"].nunique() / with_anchor) if with_anchor else 0.0
    return reach, share
