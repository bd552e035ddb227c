"""The datasheet (``DATASHEET.md``) and licence notice (``LICENSE.md``) of the training set.

The datasheet is regenerated on each build from the measured figures, except the section between the
``simulated-link-context`` markers, which is kept as it stands so the model trainer's description of
simulated link context survives a rebuild.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from training_set.labels import GROUP_WEIGHT_CAP, UT1_SMALL, UT1_SMALL_GROUP, Build
from training_set.lists import BLOCKLISTPROJECT_RISKY, SITE_DISAVOWS, UT1_RISKY
from training_set.manifest import Manifest
from training_set.measures import Stats
from training_set.sampling import CLEAN_CAP, POPULAR_CAP, TLD_WEIGHT_RANGE

EXAMPLES = 12


def md_table(df: pd.DataFrame) -> str:
    """A small DataFrame as a Markdown table."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(v) for v in row) + " |")
    return "\n".join(lines)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, (int, np.integer)):
        return f"{v:,}"
    return str(v).replace("|", "\\|")


SIM_BEGIN = "<!-- BEGIN simulated-link-context: kept as is by tools/build_training_data.py -->"
SIM_END = "<!-- END simulated-link-context -->"
SIM_DEFAULT = f"""{SIM_BEGIN}
**To be completed by the model trainer.** No public data has labeled anchors, page titles, surrounding
text, link attributes or link metrics (Trust Flow, Domain Rating, Spam Score ...): every label in this set is
a *domain-level list membership*. Any link context used in training on top of this set is therefore
**simulated**, and this section must state, for each simulated column: the generator (function and
commit), the assumptions it encodes (for example "toxic anchors drawn from ... with probability ..."), the
share of rows that carry it, and how a simulated value is kept apart from an observed one in the features
and the model card. Until this section is filled in, assume that no simulated context has been used.
{SIM_END}"""


def preserved_simulation_section(path: Path) -> str:
    """The trainer's simulated-context section of an existing datasheet, or the placeholder."""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if SIM_BEGIN in text and SIM_END in text:
            return text[text.index(SIM_BEGIN) : text.index(SIM_END) + len(SIM_END)]
    return SIM_DEFAULT


EXCLUDED_INPUTS = """\
| input | why it is not a label source |
|---|---|
| `super_seo_spam_suppressor/domains/_imported/Fake.txt` (HaGeZi fake-store DNS list, 17k) | fake shops and \
scams, not link spam; GPL-3.0 |
| `super_seo_spam_suppressor/domains/Spam/` folders Ads, Buy-my-book-or-formation-or-whatever, \
Invite_campaigns, Lobbying, Mail, Phone | e-mail, phone, lobbying and advertising annoyances, not link spam |
| `super_seo_spam_suppressor/tlds*.txt` | whole TLDs (`.ai`, `.eth` ...): would teach the TLD, not toxicity |
| `reference/ut1_categories/` risky categories ({ut1_risky}) | used only to keep such sites off the clean \
side |
| `reference/blocklistproject/` ({blp}) | used only to keep such sites off the clean side (Unlicense) |
| `reference/iana_tlds.txt` | not needed: the PSL bundled with tldextract decides registrable domains |
"""

LICENCE_TEXT = """\
# Licence of the training data

`training_data/domains.csv.gz` and `training_data/conflicts.csv` are a compilation of domain names taken
from the public lists named in `DATASHEET.md` (section "Sources"), selected, normalised and labeled by
`tools/build_training_data.py`. Each list keeps its own licence; the notices below are required.

## ShareAlike: this data set is distributed under CC BY-SA 4.0

The set includes material under **Creative Commons Attribution-ShareAlike 4.0** (the UT1 category lists
and Wikipedia's spam blacklist). The compiled set (`domains.csv.gz`, `conflicts.csv`) is therefore
distributed under **CC BY-SA 4.0** (https://creativecommons.org/licenses/by-sa/4.0/): you may share and
adapt it, including commercially, if you give appropriate credit (the attributions below), indicate changes
(the builder and the datasheet describe them: normalisation to registrable domains, sampling, conflict
removal) and distribute adaptations under the same licence. The project's code is MIT-licensed; the
ShareAlike obligation applies to this data and to adaptations of it, not to the code.
Whether a model trained on the data is an adaptation of it is not settled; the project attributes the data
in the model card either way.

## Required attributions

- **UT1 blacklists**: Université Toulouse 1 Capitole, maintained by Fabrice Prigent,
  https://dsi.ut-capitole.fr/blacklists/ , CC BY-SA 4.0. Used: the category lists named in the datasheet;
  changed: normalised, filtered against risky categories and toxic lists, sampled.
- **Wikipedia spam blacklist**: Wikimedia Meta-Wiki contributors, "Spam blacklist",
  https://meta.wikimedia.org/wiki/Spam_blacklist (retrieved 2025-11-09 via \
NotaInutilis/Super-SEO-Spam-Suppressor),
  CC BY-SA 4.0; changed: regular expressions reduced to plain hosts upstream, normalised here.
- **Majestic Million**: "Majestic Million" by Majestic (https://majestic.com/reports/majestic-million),
  CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/); top 15,000 used; changed: sampled, ranks copied
  into `popularity_rank`.
- MIT-licensed disavow files and bad-referrer list: copyright their authors (repositories listed in the
  datasheet); MIT notice: "Permission is hereby granted, free of charge, to any person obtaining a copy of
  this software and associated documentation files ... The above copyright notice and this permission
  notice shall be included in all copies or substantial portions of the Software."
- Super-SEO-Spam-Suppressor (NotaInutilis), desbma referer-spam-domains-blacklist: WTFPL.
- matomo referrer-spam-list: public domain. quenhus uBlock-Origin-dev-filter: The Unlicense.
- SpamdexingSites (elliotwutingfeng): BSD-3-Clause, "Copyright (c) elliotwutingfeng. Redistribution and
  use in source and binary forms, with or without modification, are permitted provided that ... the above
  copyright notice, this list of conditions and the following disclaimer" are retained.
- seo-garbage (insomnimus): Apache License 2.0.
- content-farm-list (wdmpa): no licence stated upstream; redistributed inside Super-SEO-Spam-Suppressor.
"""


def datasheet(stats: Stats, result: Build, manifest: Manifest, sim_section: str) -> str:
    """The full DATASHEET.md text."""
    t = result.table
    sources = result.sources
    raw = result.raw_counts
    conflicts = stats.conflicts
    owned = t["source"].value_counts()
    src_rows = []
    for s in sources:
        if s.name.startswith("seo_business:") and s.name != "seo_business:AB_Internet":
            continue
        name = "seo_business:* (29 operator files)" if s.name.startswith("seo_business:") else s.name
        if name.startswith("seo_business:"):
            units = sum(v["units"] for k, v in raw.items() if k.startswith("seo_business:"))
            entries = sum(v["entries"] for k, v in raw.items() if k.startswith("seo_business:"))
            rows = int(owned[[k for k in owned.index if k.startswith("seo_business:")]].sum())
        else:
            units, entries, rows = raw[s.name]["units"], raw[s.name]["entries"], int(owned.get(s.name, 0))
        src_rows.append(
            {
                "source": name,
                "label": s.label,
                "kind": s.kind,
                "group": s.group,
                "entries": entries,
                "units": units,
                "rows owned": rows,
                "licence": s.licence,
                "attribution": s.attribution,
            }
        )
    ov = stats.overlaps
    ov_show = ov.head(20).assign(
        share_of_a=lambda d: (100 * d["share_of_a"]).round(1),
        share_of_b=lambda d: (100 * d["share_of_b"]).round(1),
    )
    ov_show = ov_show.rename(columns={"share_of_a": "% of a", "share_of_b": "% of b"})
    by_res = conflicts["resolution"].value_counts()
    popular_dis = conflicts[
        conflicts["toxic_sources"].str.contains("disavow:") & conflicts["popularity_rank"].notna()
    ]
    ex_popular = ", ".join(
        f"`{h or d}` (rank {int(r)}; {ts})"
        for d, h, r, ts in popular_dis[["domain", "host", "popularity_rank", "toxic_sources"]]
        .head(EXAMPLES)
        .itertuples(index=False)
    )
    ex_wiki = ", ".join(
        f"`{d}`"
        for d in conflicts.loc[conflicts["resolution"] == "dropped_from_toxic", "domain"].head(EXAMPLES)
    )
    ex_risky = ", ".join(
        f"`{h or d}` ({c})"
        for d, h, c in conflicts.loc[
            conflicts["resolution"] == "dropped_from_clean", ["domain", "host", "risky_categories"]
        ]
        .head(8)
        .itertuples(index=False)
    )
    tld = stats.tld_top
    tld_df = (
        pd.DataFrame(
            {"toxic (1)": pd.Series(tld[1], dtype=float), "clean (0)": pd.Series(tld[0], dtype=float)}
        )
        .fillna(0)
        .astype(int)
    )
    tld_df = tld_df.sort_values("toxic (1)", ascending=False).reset_index(names="tld")
    plat = stats.platform
    sc = stats.shortcuts
    grp = stats.by_group.assign(
        top_tlds=lambda d: d["source_group"].map(stats.tld_by_group),
        on_hosting_platform_pct=lambda d: d["source_group"].map(stats.platform_by_group),
    )
    popular_rank = t.loc[t["label"] == 0, "popularity_rank"].dropna()
    n0, n1 = stats.by_label[0], stats.by_label[1]
    p = manifest["parameters"]
    return f"""# Datasheet: toxicity training data (`training_data/`)

Generated by `tools/build_training_data.py` (format version {manifest["format_version"]}, seed {p["seed"]}) \
from
`../shared/data`; numbers below are measured on the committed files. Do not edit by hand except the
section "Simulated link context", which the builder keeps as it stands.

## What this is

{stats.rows:,} labeled units: {n1:,} toxic (label 1) and {n0:,} clean (label 0), of which
{stats.ordinary_small_sites:,} are ordinary small sites (clean, not in the Majestic top 15k) and
{stats.popular_clean:,} popular sites. A unit is a registrable domain (PSL with private suffixes, so
`x.blogspot.com` is a site of its own), or a single host when a list names a subdomain of a popular site or
of a blog / free-hosting platform (`x.wordpress.com`, `x.free.fr`): then `host` is filled.
{stats.audit_holdout} toxic units come from small per-site disavow files and form an "audit-like"
hold-out (see below). {len(conflicts):,} candidates were left out and are listed in `conflicts.csv`.

Rebuild (developers only, needs `../shared/data`):

    /work/venv/bin/python tools/build_training_data.py

The build is deterministic for a given seed, input files and Public Suffix List snapshot (the one bundled
with the installed tldextract {manifest["versions"]["tldextract"]}); `MANIFEST.json` records the SHA-256 of
every input and output file. Tests: `pytest tests/training_data`.

## What a label means

Label 1: at least one public list of toxic, spam, SEO-spam or disavowed domains names this unit.
Label 0: a reference of ordinary categorised sites (UT1 categories such as press, blog, sports, bank,
shopping) or of popular sites (Majestic top 15k) names it, no toxic list names it, and no risky category
list (UT1 gambling/adult/warez/..., blocklistproject scam/phishing/...) names it.

These are **domain-level list memberships**, not link-level human judgements. Nobody judged a link; list
authors judged sites, with their own purposes (blocking referrer spam in analytics, cleaning search
results, defending one site from negative SEO, filtering school networks). A label 0 means "on an
ordinary-site reference and on no toxic list", not "verified safe". No public source labels anchors,
titles, link context or link metrics.

## Files and columns

`domains.csv.gz` (gzip CSV, UTF-8, one row per unit, sorted by label then domain):

| column | meaning |
|---|---|
| domain | registrable domain, lower-case, punycode (`toxicity.domains.registrable_domain`, private suffixes \
on) |
| host | the host, when the label applies to one host below a shared parent; empty otherwise |
| label | 1 toxic-listed, 0 clean reference |
| source | the list that owns the unit (first in priority order among the lists naming it, see "Overlaps") |
| source_group | cross-validation group: every unit of a list is in one group; near-duplicate lists share \
one |
| all_sources | every list naming the unit, `;`-joined, in priority order |
| kind | community_disavow, site_disavow, referrer_spam, pbn_operator, seo_spam, spamdexing, content_farm, \
wiki_spam_blacklist (toxic); popular, ordinary_small_site (clean) |
| popularity_rank | Majestic global rank when the unit (or, for a domain, its best-ranked host) is in the \
top 15k; empty otherwise |
| tld | last label of the unit's name |
| is_platform | 1 if the unit sits under a private PSL suffix (blogspot.com, github.io, pages.dev ...) |
| hosting_platform | the blog / free-hosting platform the unit lives on (private suffix or a known platform \
such as wordpress.com), empty otherwise |
| ordinary_small_site | 1 for clean units not in the Majestic top 15k: report false positives on these |
| audit_holdout | 1 for units owned by a small per-site disavow file (kind site_disavow) |
| weight | training weight: each source_group with more than {GROUP_WEIGHT_CAP:,} units is down-weighted to \
a total of {GROUP_WEIGHT_CAP:,} |

`conflicts.csv`: domain, host, toxic_sources, clean_sources, risky_categories, popularity_rank,
resolution (`dropped_from_both`, `dropped_from_toxic`, `dropped_from_clean`, `dropped_suffix`), reason.

## Sources

"entries" are usable lines read, "units" distinct units after normalisation (subdomains folded into their
registrable domain unless under a shared parent), "rows owned" the units this list owns in the final set
(after overlap ownership, conflict removal and clean-side sampling).

{md_table(pd.DataFrame(src_rows))}

`labels/disavow_files/SOURCES.csv` lists the coolrecep file twice with two commits (c391f68 and 118e2b4);
the file content is one. keriganmarketing/medlicense and programmer-man/medlicense are two copies of one
site's disavow file (51 of 52 units shared); both are in the site_disavow group.

Inputs read but not used as labels:

{EXCLUDED_INPUTS.format(ut1_risky=", ".join(UT1_RISKY), blp=", ".join(BLOCKLISTPROJECT_RISKY))}
## Counts

By label and kind:

{md_table(stats.by_kind)}

By cross-validation group (n units, total weight, top TLDs, % on a hosting platform):

{md_table(grp)}

UT1 categories with fewer than {UT1_SMALL} units share the group `{UT1_SMALL_GROUP}`.

## Overlaps between lists

Measured on units before ownership is assigned (top 20 pairs; all toxic lists, Majestic and the UT1
clean categories; the 29 SEO-business files and the 7 site disavow files are each counted as one list):

{md_table(ov_show)}

- The three biggest disavow lists (mertcangokgoz, coolrecep, mitchellkrogza) share {stats.big3_shared:,}
  units between at least two of them; {stats.big3_shared_in_referrer:,} of these are on a referrer-spam
  list. mertcangokgoz contains nearly all of matomo's and apache's referrer spammers; the mitchellkrogza
  disavow file *is* the apache bad-referrers list. The referrer-spam lists together name
  {stats.referrer_union:,} units. They are not independent evidence.
- Resolution: every unit has one owner, the first list naming it in this priority order: site disavow
  files, SEO-business operators, public-services spamdexing, quenhus, seo-garbage, SpamdexingSites, content
  farms, Wikipedia blacklist, referrer-spam lists, coolrecep, mertcangokgoz, Majestic top, UT1 categories.
  Small curated lists come first so their held-out evaluation keeps all their entries; the big mixed lists
  own only what no other list names. All referrer-spam lists and the mitchellkrogza file form one group
  (`referrer_spam`), so holding out `community_disavow:mertcangokgoz` evaluates on the
  {int(owned.get("disavow:mertcangokgoz", 0)):,} units only mertcangokgoz names, none of which is in training.
- Clean side: a UT1 site in the Majestic top 15k is owned by `clean:majestic_top` (kind popular), so the
  UT1 groups hold only small sites.

## Conflicts and list errors

{by_res.get("dropped_from_both", 0):,} units are on a toxic list *and* on a clean reference (Majestic top \
15k or a
clean UT1 category); they are dropped from both sides. Very popular sites in disavow lists, e.g.:
{ex_popular}.
Whole platforms and shared hosts appear too (`pages.dev` and `sites.google.com` are disavowed as a whole in
community lists), which would disavow every site below them.
Wikipedia's blacklist also names popular sites (shorteners and link hubs such as `youtu.be`, `wa.me`,
`linktr.ee`): a Wikipedia editorial policy, not evidence of toxicity.

{by_res.get("dropped_from_toxic", 0):,} units are only on Wikipedia's spam blacklist and are URL shorteners or
redirectors (UT1 shortener/redirector): Wikipedia blocks them by policy, not as spam; dropped from the
toxic side. Examples: {ex_wiki}.

{by_res.get("dropped_suffix", 0):,} units are public or private suffixes, not sites (for example \
`pages.dev`, `gov.cn`
from Majestic, `blogspot.com`): dropped.

{by_res.get("dropped_from_clean", 0):,} clean candidates are also on a risky category list and were kept off \
the
clean side, e.g. {ex_risky}.

## Known biases (measured)

Single host-name shortcuts, ROC-AUC on this set (0.5 = no information; a high figure is a shortcut a
model will learn, not evidence of toxicity): TLD alone (out-of-fold per-TLD rate) {sc["tld_only"]};
"not in Majestic top 15k" {sc["not_in_majestic_top"]}; is_platform {sc["is_platform"]}; on a hosting
platform {sc["on_hosting_platform"]}; name length {sc["name_length"]}; digit or hyphen in the name
{sc["digit_or_hyphen"]}.

- **Popularity.** {stats.popular_clean:,} of {n0:,} clean units ({100 * stats.popular_clean / n0:.1f}%) are \
popular
  (Majestic top 15k, median rank {int(popular_rank.median()) if len(popular_rank) else 0:,}); popular \
toxic-listed
  units were removed as conflicts, so *no* toxic unit has a popularity rank: "popular" means "clean" here
  without exception. Never feed `popularity_rank` to a model as is; report false positives on
  `ordinary_small_site == 1`. The Majestic list was capped at {POPULAR_CAP:,} units and each UT1 category at
  {CLEAN_CAP:,}.
- **TLD and language.** `.com` is {stats.com_share[1]} of toxic and {stats.com_share[0]} of clean units;
  `.fr` {stats.fr_share[1]} vs {stats.fr_share[0]}. The clean pool (all eligible clean units,
  {stats.clean_pool:,}) is {stats.clean_pool_fr} `.fr`; the small French UT1 categories (cooking,
  liste_blanche, child) are mostly `.fr`. SpamdexingSites is mostly `.de`, `.pl`, `.it` (hacked European small
  sites), referrer spam is heavy in `.ru`, coolrecep in new gTLDs (`.online`, `.info`). Sampling of the capped
  clean lists draws units with weights = (toxic share of the TLD / clean-pool share), clipped to
  {TLD_WEIGHT_RANGE}, which narrows but cannot close the gap: many spam TLDs (`.xyz`, `.online`) have almost
  no clean examples. Top TLDs:

{md_table(tld_df)}

- **Blog-platform subdomains.** Units on a hosting platform: toxic {plat[1]["hosting_platform"]}, clean
  {plat[0]["hosting_platform"]} (private PSL suffix only: toxic {plat[1]["is_platform"]}, clean
  {plat[0]["is_platform"]}); host-level units: toxic {plat[1]["host_level"]}, clean {plat[0]["host_level"]}.
  The per-site disavow files are the most platform-heavy toxic group
  ({stats.platform_by_group.get("site_disavow", 0.0):.1f}% on a hosting platform: blogspot spam). In real \
audits 15-20%
  of the *accepted* domains are on blog platforms: both sides here under-represent platform-hosted sites, so
  a model trained here has seen few legitimate platform blogs and must not treat "on a platform" as toxic.
- **How lists were compiled.** Referrer-spam lists name analytics spammers (many never link); SpamdexingSites
  names hacked small sites; the Wikipedia list names sites spammed *into Wikipedia* and includes commercial
  sites; content farms are mostly Chinese `.cn`/`.com`; SEO-business lists are mostly French agencies and
  their PBN blogs; coolrecep is negative-SEO attacks on Turkish tech sites (scraper subdomains, folded into
  their registrable domains here). Per-list features (TLD mix, name shapes) identify the list more than
  toxicity: evaluate with `source_group` held out, never with random folds.
- **The host string carries little of what auditors decide on.** Models trained on these lists from host
  names alone reached 0.35-0.75 ROC-AUC on real audit decisions; use anchors, titles, metrics and the
  auditor's own labels where an export has them.

## Audit-like hold-out

{stats.audit_holdout} toxic units (`audit_holdout == 1`, group `site_disavow`) come from {len(SITE_DISAVOWS)}
disavow files published by site owners for their own sites: real owners' decisions, the closest public
data to an audit. They have **no matching accepted set** (the domains those owners looked at and kept are
not published), so they can only measure recall at each band, or ROC-AUC against the clean
`ordinary_small_site` units, which come from other lists; they cannot measure false positives on the same
sites' accepted domains. Two of the files are copies of one file (medlicense).

## Licence and attribution

The set includes CC BY-SA 4.0 material (UT1 categories, Wikipedia spam blacklist), so the compiled data
is distributed under **CC BY-SA 4.0** (ShareAlike); see `LICENSE.md` for the notice and all required
attributions (Majestic Million is CC BY 3.0: "Majestic Million by Majestic, CC BY 3.0"). Every source's
licence is in the table above.

## Simulated link context

{sim_section}
"""
