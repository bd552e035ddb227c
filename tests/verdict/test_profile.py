"""Profile-level evidence: link networks, bursts and the reach of commercial anchors."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toxicity.verdict.profile import BURST_MIN, burst_sizes, day_numbers, find_networks, money_anchor_reach


def _dates(days: list[int]) -> np.ndarray:
    return day_numbers(pd.Series(pd.Timestamp("2025-01-01") + pd.to_timedelta(days, unit="D")))


def test_domains_sharing_a_subnet_in_one_window_form_a_network_the_same_subnet_years_apart_does_not() -> None:
    dcode = np.arange(8)
    subnet = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    days = _dates([0, 3, 6, 9, 0, 400, 800, 1200])
    none = np.full(8, -1)
    nets = find_networks(dcode, 8, money_anchor=none, target=none, subnet=subnet, days=days)
    assert nets.size.tolist() == [4, 4, 4, 4, 0, 0, 0, 0]
    assert set(nets.network[:4]) == {1} and nets.shared[0] == 2


def test_footprints_join_networks_transitively_and_number_them_by_size() -> None:
    # domains 0-2 share an anchor+target; 2-4 share a subnet; 5-7 another anchor; 8 alone
    dcode = np.arange(9)
    anchor = np.array([0, 0, 0, -1, -1, 1, 1, 1, -1])
    target = np.array([0, 0, 0, 0, 0, 1, 1, 1, 0])
    subnet = np.array([-1, -1, 5, 5, 5, -1, -1, -1, -1])
    nets = find_networks(dcode, 9, money_anchor=anchor, target=target, subnet=subnet, days=_dates([1] * 9))
    assert nets.size.tolist() == [5, 5, 5, 5, 5, 3, 3, 3, 0]
    assert nets.network.tolist() == [1, 1, 1, 1, 1, 2, 2, 2, 0]
    assert nets.shared[0] == 7 and nets.shared[5] == 5  # anchor+page and page (1 | 4), subnet (2)


def test_different_commercial_anchors_to_one_page_in_one_window_are_a_network() -> None:
    dcode = np.arange(5)
    anchor = np.array([0, 1, 2, -1, 3])
    target = np.array([4, 4, 4, 4, 9])
    none = np.full(5, -1)
    nets = find_networks(
        dcode, 5, money_anchor=anchor, target=target, subnet=none, days=_dates([0, 5, 9, 2, 3])
    )
    assert nets.size.tolist() == [3, 3, 3, 0, 0] and nets.shared[0] == 4


def test_a_window_far_above_the_profiles_pace_is_a_burst() -> None:
    steady = list(range(0, 2000, 20))  # 100 domains over five and a half years
    blast = [1000 + i % 7 for i in range(30)]
    dcode = np.arange(len(steady) + len(blast))
    sizes = burst_sizes(dcode, len(dcode), _dates(steady + blast))
    assert (sizes[len(steady) :] >= 30).all()
    assert (sizes[:40] == 0).all()
    assert sizes.max() >= BURST_MIN


def test_commercial_anchor_reach_counts_distinct_domains() -> None:
    dcode = np.array([0, 0, 1, 2, 3])
    anchor = np.array([7, 7, 7, -1, 7])
    reach, share = money_anchor_reach(dcode, anchor, np.ones(5, bool))
    assert reach.tolist() == [3, 3, 3, 0, 3]
    assert share == 0.75
