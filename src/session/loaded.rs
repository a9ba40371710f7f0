//! A topology the user loaded, with what the page shows of it, and the built-in sample.

use crate::topology::by_name::Summary;
use crate::topology::{Fingerprint, LoadError, TopologyFile};

/// A topology the user loaded, with what the page shows of it.
#[derive(Debug)]
pub struct Loaded {
    pub name: String,
    pub file: TopologyFile,
    pub summary: Summary,
    /// Identifies the file in saved plans and share links without holding it.
    pub fingerprint: Fingerprint,
}

impl Loaded {
    pub fn read(name: impl Into<String>, bytes: &[u8]) -> Result<Loaded, LoadError> {
        let file = TopologyFile::read(bytes)?;
        let summary = Summary::of(&file.topology);
        let fingerprint = Fingerprint::of(bytes, file.topology.signature.as_deref());
        Ok(Loaded {
            name: name.into(),
            file,
            summary,
            fingerprint,
        })
    }

    /// What this topology is, without a host or domain name in it.
    pub fn shape(&self) -> Shape {
        Shape {
            product: self.summary.product.clone(),
            sites: self.summary.sites.len(),
            edge_pools: self.summary.edge_pools.len(),
        }
    }

    /// Whether `other` reads as an export of the same deployment: the same sites and the same
    /// pools, by name (its federation, next hops or anything else may differ).
    pub fn same_deployment(&self, other: &Loaded) -> bool {
        let (a, b) = (&self.summary, &other.summary);
        let same = |x: Vec<&str>, y: Vec<&str>| {
            x.len() == y.len() && x.iter().all(|n| y.iter().any(|m| m.eq_ignore_ascii_case(n)))
        };
        same(
            a.sites.iter().map(|s| s.name.as_str()).collect(),
            b.sites.iter().map(|s| s.name.as_str()).collect(),
        ) && same(
            a.pools.iter().map(|p| p.fqdn.as_str()).collect(),
            b.pools.iter().map(|p| p.fqdn.as_str()).collect(),
        )
    }

    pub fn is_sample(&self) -> bool {
        self.name == SAMPLE_NAME
    }

    /// The built-in sample, so the page does its job with no file of the user's.
    pub fn sample() -> Loaded {
        // Not expect(): that would link LoadError's Debug into the page for this one call.
        match Loaded::read(SAMPLE_NAME, SAMPLE_TOPOLOGY.as_bytes()) {
            Ok(loaded) => loaded,
            Err(e) => panic!("the built-in sample does not load: {e}"),
        }
    }
}

/// What a topology is, in words that name no host and no domain: what an observer of a share
/// link is told to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    /// The product, as the page names it.
    pub product: String,
    pub sites: usize,
    pub edge_pools: usize,
}

impl Shape {
    /// "Skype for Business Server 2015, 2 sites, 2 Edge pools".
    pub fn describe(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {}, {}",
            self.product,
            plural(self.sites, "site", "sites"),
            plural(self.edge_pools, "Edge pool", "Edge pools")
        )
    }
}

pub const SAMPLE_NAME: &str = "fabrikam-sample-topology.xml";
pub const SAMPLE_TOPOLOGY: &str = include_str!("../sample.xml");
