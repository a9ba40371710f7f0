//! What identifies a loaded topology file without holding it: plan files and share links
//! carry it, so a plan is checked against the file it was made for.

use sha2::{Digest, Sha256};

/// What identifies a topology without holding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The topology's own Signature attribute.
    pub signature: Option<String>,
    pub bytes: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8], signature: Option<&str>) -> Fingerprint {
        let digest = Sha256::digest(bytes);
        Fingerprint {
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            signature: signature.map(str::to_owned),
            bytes: bytes.len() as u64,
        }
    }

    /// The first characters of the hash, for people to compare.
    pub fn short(&self) -> &str {
        &self.sha256[..self.sha256.len().min(12)]
    }
}
