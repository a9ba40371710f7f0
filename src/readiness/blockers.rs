//! What stands in the way of a row's failover, in words, each with what would remove it and
//! the need that removal puts on the preparation checklist.

use serde::Serialize;

use crate::checklist::text::{text, Text};
use crate::plan::{Candidate, CheckKind, Ineligible, Scope};
use crate::topology::publication::Publication;
use crate::topology::{pairing, FederationRoute, FindingKind, PoolKind, TopologyFile};

use super::facts::PlanFacts;
use super::needs::Need;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockerKind {
    /// No Edge pool can take over.
    NoSurvivor,
    /// Only Edge pools in the failed pool's own site can take over.
    OnlySameSite,
    /// The Central Management Server is in the failed site and its pool has no backup pool.
    CentralManagementWithoutBackup,
    /// Front End pools in the failed site have no backup pool.
    FrontEndWithoutBackup,
    /// The file is a template: its names hold placeholders.
    TemplateNames,
    /// A site's federation route holds something the planner does not understand.
    RouteNotUnderstood,
    /// A Topology Builder file that may not be what is published.
    NotPublished,
    /// The plan cannot be made, or one of its checks is an error.
    PlanError,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Blocker {
    pub kind: BlockerKind,
    /// What blocks, in words.
    pub what: Text,
    /// What would remove it.
    pub remedy: Text,
    /// What its removal asks to prepare (on the preparation checklist).
    #[serde(skip)]
    pub needs: Vec<Need>,
}

/// What the topology says once for every row.
pub(super) struct TopologyFacts {
    pub(super) template: Option<String>,
    /// Sites whose federation route the planner does not understand.
    pub(super) odd_routes: Vec<String>,
    pub(super) publication: Publication,
}

impl TopologyFacts {
    pub(super) fn of(file: &TopologyFile) -> TopologyFacts {
        let t = &file.topology;
        TopologyFacts {
            template: t
                .findings
                .iter()
                .find(|f| f.kind == FindingKind::TemplateVariables)
                .map(|f| f.message.clone()),
            odd_routes: t
                .sites
                .iter()
                .filter(|s| matches!(s.federation_route, FederationRoute::NotUnderstood { .. }))
                .map(|s| s.name.clone())
                .collect(),
            publication: crate::topology::publication::of(file),
        }
    }
}

/// The remedy for every "no pool in another site" blocker: the same words, so the preparation
/// checklist holds it once per site.
fn add_edge_outside(site: &str) -> (Text, Need) {
    let what = text![
        "Add an Edge pool in a site other than ",
        value(site),
        " (Topology Builder: a new Edge pool with internal and external FQDNs of its own; publish; the Deployment Wizard on its servers; its certificate and DNS), then run this report again on a new export."
    ];
    let need = Need::Topology {
        key: format!("edge-outside:{}", site.to_ascii_lowercase()),
        what: what.clone(),
    };
    (what, need)
}

fn blocker(kind: BlockerKind, what: Text, remedy: Text, needs: Vec<Need>) -> Blocker {
    Blocker {
        kind,
        what,
        remedy,
        needs,
    }
}

/// What blocks a row: its failure (`scope`), the survivors ranked, and the plan for the best
/// one when it could be made.
pub(super) fn of(
    file: &TopologyFile,
    facts: &TopologyFacts,
    scope: &Scope,
    survivors: &[Candidate],
    plan: Option<&PlanFacts>,
) -> Vec<Blocker> {
    let t = &file.topology;
    let mut out = Vec::new();
    let failed: Vec<&str> = scope
        .failed_edges
        .iter()
        .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.as_str())
        .collect();
    let failed_site = match scope.failed_sites.first() {
        Some(s) => t.sites[*s].name.as_str(),
        None => scope
            .failed_edges
            .first()
            .map_or("(no site)", |e| t.site_name(t.pools[t.edge_pools[*e].pool].site)),
    };
    let best = survivors.iter().find(|c| c.eligible);
    match best {
        None => {
            let (remedy, need) = add_edge_outside(failed_site);
            let others: Vec<&Candidate> = survivors
                .iter()
                .filter(|c| !c.blockers.iter().any(|b| matches!(b, Ineligible::FailedPool)))
                .collect();
            let what = if t.edge_pools.len() == 1 {
                text![
                    value(failed[0]),
                    " is the only Edge pool in the topology: nothing can take over federation when it fails."
                ]
            } else if others
                .iter()
                .all(|c| c.blockers.iter().any(|b| matches!(b, Ineligible::InFailedSite { .. })))
            {
                text![
                    "No Edge pool outside ",
                    value(failed_site),
                    ": every Edge pool of the topology (",
                    value(failed.join(", ")),
                    ") is in it."
                ]
            } else {
                let why: Vec<String> = others
                    .iter()
                    .map(|c| format!("{}: {}", c.fqdn, c.reasons.join("; ")))
                    .collect();
                text![
                    "No other Edge pool can take over from ",
                    value(failed.join(", ")),
                    ": ",
                    why.join(". "),
                    "."
                ]
            };
            out.push(blocker(BlockerKind::NoSurvivor, what, remedy, vec![need]));
        }
        Some(best) if best.same_site && scope.failed_sites.is_empty() => {
            let same: Vec<&str> = survivors
                .iter()
                .filter(|c| c.eligible)
                .map(|c| c.fqdn.as_str())
                .collect();
            let (remedy, need) = add_edge_outside(failed_site);
            out.push(blocker(
                BlockerKind::OnlySameSite,
                text![
                    "The only Edge pools that can take over from ",
                    value(failed.join(", ")),
                    " are in its own site ",
                    value(failed_site),
                    " (",
                    value(same.join(", ")),
                    "): Edge disaster recovery expects a pool in another site, and whatever takes the failed pool down may take them too. The planner can still make this plan."
                ],
                remedy,
                vec![need],
            ));
        }
        Some(_) => {}
    }
    if !scope.failed_sites.is_empty() {
        central_management(file, scope, failed_site, &mut out);
        front_ends(file, scope, failed_site, &mut out);
    }
    if let Some(message) = &facts.template {
        let what = text![
            "Run this report on an export of the deployment ((Get-CsTopology -AsXml).ToString() > topology.xml), or put the real names in first."
        ];
        out.push(blocker(
            BlockerKind::TemplateNames,
            text![message.clone()],
            what.clone(),
            vec![Need::Topology {
                key: "real-names".into(),
                what,
            }],
        ));
    }
    if plan.is_some_and(|p| p.federation_moves) {
        for site in &facts.odd_routes {
            let what = text![
                "Read the federation route of ",
                value(site),
                " with Get-CsSite; set it to an Edge pool in Topology Builder (the site's ",
                label("Edit Properties"),
                ", ",
                label("Federation route"),
                ") and publish, then run this report again on a new export."
            ];
            out.push(blocker(
                BlockerKind::RouteNotUnderstood,
                text![
                    "The federation route of ",
                    value(site),
                    " holds something the planner does not understand: it may name ",
                    value(failed.join(", ")),
                    ", and the plan cannot re-point it."
                ],
                what.clone(),
                vec![Need::Topology {
                    key: format!("route:{}", site.to_ascii_lowercase()),
                    what,
                }],
            ));
        }
    }
    if facts.publication.is_doubtful() {
        let what = text![
            "Run this report on the published topology: (Get-CsTopology -AsXml).ToString() > topology.xml, or a fresh download in Topology Builder."
        ];
        out.push(blocker(
            BlockerKind::NotPublished,
            if facts.publication == Publication::NeverPublished {
                text!["This Topology Builder file says its topology was never published (IsPublished=\"false\"): the deployment may differ from it, and so may every plan made from it."]
            } else {
                text!["This Topology Builder file holds edits not published yet (its NewTopology differs from the OriginalTopology it was downloaded as): the deployment differs from it, and so may every plan made from it."]
            },
            what.clone(),
            vec![Need::Topology {
                key: "published-export".into(),
                what,
            }],
        ));
    }
    if let Some(plan) = plan {
        for check in plan.errors() {
            let remedy = if check.check == CheckKind::NextHopMissing {
                text![
                    "Add a Front End pool or Director outside ",
                    value(failed_site),
                    " that can be the next hop of ",
                    value(&plan.survivor),
                    "."
                ]
            } else {
                text!["Plan this failure in the planner and read the check; it is the planner's own."]
            };
            out.push(blocker(
                BlockerKind::PlanError,
                text![check.message.clone()],
                remedy,
                Vec::new(),
            ));
        }
    }
    out
}

/// The Central Management Server in the failed site, when its pool has no backup pool outside
/// it: the documented failover has nowhere to go (DOMAIN.md rule 39).
fn central_management(file: &TopologyFile, scope: &Scope, site: &str, out: &mut Vec<Blocker>) {
    let t = &file.topology;
    for cms in pairing::active_central_management(file) {
        if !t.pools[cms].site.is_some_and(|s| scope.failed_sites.contains(&s)) {
            continue;
        }
        if pairing::central_management_target(file, cms, &scope.failed_sites)
            .backup_pool
            .is_some()
        {
            continue;
        }
        let pool = &t.pools[cms].fqdn;
        let need = Need::BackupPool {
            pool: pool.clone(),
            site: t.site_name(t.pools[cms].site).to_owned(),
            central_management: true,
        };
        out.push(blocker(
            BlockerKind::CentralManagementWithoutBackup,
            text![
                "The Central Management Server runs on ",
                value(pool),
                ", in ",
                value(site),
                ", and the file pairs that pool with no backup pool outside it: Invoke-CsManagementServerFailover has nothing to fail over to, so nothing can be published during this failure. The documented procedure has no path; the Central Management store would have to be rebuilt elsewhere (inferred), which the planner does not plan."
            ],
            text![
                "Pair ",
                value(pool),
                " with a Front End pool in another site (Topology Builder: ",
                label("Edit Properties"),
                ", ",
                label("Resiliency"),
                ", ",
                label("Associated Backup Pool"),
                "), publish, and run this report again on a new export."
            ],
            vec![need],
        ));
    }
}

/// Front End pools of the failed site without a backup pool outside it: Invoke-CsPoolFailover
/// "can only be invoked if you have assigned a backup pool".
fn front_ends(file: &TopologyFile, scope: &Scope, site: &str, out: &mut Vec<Blocker>) {
    let t = &file.topology;
    let down = |s: Option<usize>| s.is_some_and(|s| scope.failed_sites.contains(&s));
    let alone: Vec<usize> = (0..t.pools.len())
        .filter(|p| t.pool_kind(*p) == PoolKind::FrontEnd && down(t.pools[*p].site))
        .filter(|p| pairing::backup_pool(file, *p).is_none_or(|b| down(t.pools[b].site)))
        .collect();
    if alone.is_empty() {
        return;
    }
    let names: Vec<&str> = alone.iter().map(|p| t.pools[*p].fqdn.as_str()).collect();
    let cms = pairing::active_central_management(file);
    out.push(blocker(
        BlockerKind::FrontEndWithoutBackup,
        text![
            if alone.len() == 1 { "The Front End pool " } else { "The Front End pools " },
            value(names.join(", ")),
            " in ",
            value(site),
            if alone.len() == 1 { " has" } else { " have" },
            if alone.len() == 1 {
                " no backup pool outside it: Invoke-CsPoolFailover can only be invoked for a pool with a backup pool, so its users stay signed out until the site is back."
            } else {
                " no backup pool outside it: Invoke-CsPoolFailover can only be invoked for a pool with a backup pool, so their users stay signed out until the site is back."
            }
        ],
        text![
            if alone.len() == 1 { "Pair it with a Front End pool in another site (Topology Builder: " } else { "Pair each with a Front End pool in another site (Topology Builder: " },
            label("Edit Properties"),
            ", ",
            label("Resiliency"),
            ", ",
            label("Associated Backup Pool"),
            "), publish, and run this report again on a new export."
        ],
        alone
            .iter()
            .map(|p| Need::BackupPool {
                pool: t.pools[*p].fqdn.clone(),
                site: t.site_name(t.pools[*p].site).to_owned(),
                central_management: cms.contains(p),
            })
            .collect(),
    ));
}
