"""Learning curve of ``toxicity train`` on labeled data an agency could have, beside a plain n-gram baseline.

From the project's training set (``training_data/``): one community disavow list is the agency's
"disavow" decisions, clean reference hosts drawn to the same TLD mix its "keep" decisions. A fixed
slice of registrable domains is held out for testing; the model is trained on 500, 1,000 and 3,000
of the other decisions, with and without ``--base default`` (the shipped set minus the chosen list and
minus the test domains), and compared on the same test rows with the shipped model and a plain logistic
regression on character 2-5-grams of the host. ROC-AUC on the test slice, overall and within .com.

Run: ``.venv/bin/python benchmarks/bench_learning.py`` (about 3-5 minutes on two cores).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from toxicity.features import build_features
from toxicity.model.estimator import RiskModel
from toxicity.model.hostnames import HostNgrams, hosts_of_links, tlds_of
from toxicity.model.simulate import real_link_records
from toxicity.model.store import load_model
from toxicity.model.training import load_domains, train_labeled

TOXIC_LIST = "community_disavow:mertcangokgoz"


def agency_decisions(domains: pd.DataFrame, *, seed: int) -> pd.DataFrame:
    """The chosen list's domains (toxic) and clean reference domains of the same TLD mix (not popular
    sites)."""
    rng = np.random.default_rng(seed)
    toxic = domains[(domains["label"] == 1) & (domains["source_group"] == TOXIC_LIST)]
    clean = domains[(domains["label"] == 0) & (domains["source_group"] != "popular")]
    clean = clean[~clean["domain"].isin(toxic["domain"])]
    picked = []
    for tld, n in toxic["tld"].value_counts().items():
        pool = np.flatnonzero((clean["tld"] == tld).to_numpy())
        picked.extend(rng.choice(pool, min(n, len(pool)), replace=False).tolist())
    clean = clean.iloc[sorted(picked)]
    # As many kept as disavowed decisions per TLD where the clean side has them; the toxic side is cut to
    # match.
    n = min(len(toxic), len(clean))
    out = pd.concat([toxic.sample(n, random_state=seed), clean.sample(n, random_state=seed)])
    return out.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def _auc(y: np.ndarray, score: np.ndarray) -> float:
    return float(roc_auc_score(y, score)) if len(np.unique(y)) == 2 else float("nan")


def _risk(model: RiskModel, features: pd.DataFrame, links: pd.DataFrame) -> np.ndarray:
    return model.risk(model.add_host_features(features, links))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,3000", help="training sizes (decisions)")
    parser.add_argument(
        "--test", type=int, default=2000, help="test rows (a fixed slice of registrable domains)"
    )
    parser.add_argument(
        "--base-rows", type=int, default=150, help="shipped rows per (label, source group) for --base"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    domains = load_domains()
    data = agency_decisions(domains, seed=args.seed)
    test = data.iloc[: args.test].reset_index(drop=True)
    pool = data.iloc[args.test :].reset_index(drop=True)
    # Grouped by registrable domain: no training row shares one with a test row.
    pool = pool[~pool["domain"].isin(test["domain"])].reset_index(drop=True)
    base = domains[(domains["source_group"] != TOXIC_LIST) & ~domains["domain"].isin(test["domain"])]
    test_links = real_link_records(test)
    y_test = test["label"].to_numpy()
    test_features = build_features(test_links)
    test_tld = tlds_of(hosts_of_links(test_links))
    com = test_tld == "com"
    shipped = load_model().estimator
    print(
        f"{TOXIC_LIST} (toxic) against clean references of the same TLD mix: {len(data):,} decisions, "
        f"test slice {len(test):,} ({int(y_test.sum())} toxic, {int(com.sum())} on .com)"
    )
    print(f"shipped model on the test slice: ROC-AUC {_auc(y_test, shipped.risk(test_features)):.3f}")
    header = (
        f"{'N':>6} {'trained':>8} {'--base':>8} {'ngram LR':>9} {'TLD only':>9} "
        f"{'trained .com':>13} {'ngram .com':>11} {'held-out':>9} {'TLD share':>10} {'s':>5}"
    )
    print(header)
    for n in (int(s) for s in args.sizes.split(",")):
        t = time.perf_counter()
        train = pool.iloc[:n].reset_index(drop=True)
        links = real_link_records(train)
        y = train["label"].to_numpy()
        own = train_labeled(links, y, seed=args.seed)
        with_base = train_labeled(links, y, base=base, base_rows_per_group=args.base_rows, seed=args.seed)
        hosts = hosts_of_links(links)
        ngrams = HostNgrams.fit(hosts, y).score(hosts_of_links(test_links))
        tld_rate = own.model.host_identity_.tlds.transform(test_tld) if own.model.host_identity_ else ngrams
        r_own = _risk(own.model, test_features, test_links)
        r_base = _risk(with_base.model, test_features, test_links)
        print(
            f"{n:>6} {_auc(y_test, r_own):>8.3f} {_auc(y_test, r_base):>8.3f} {_auc(y_test, ngrams):>9.3f} "
            f"{_auc(y_test, tld_rate):>9.3f} {_auc(y_test[com], r_own[com]):>13.3f} "
            f"{_auc(y_test[com], ngrams[com]):>11.3f} {own.figures['held_out_roc_auc']:>9.3f} "
            f"{own.figures['tld_share_of_learning'] or 0:>10.0%} {time.perf_counter() - t:>5.0f}"
        )
    print(f"done in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
