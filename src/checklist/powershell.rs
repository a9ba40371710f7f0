//! PowerShell commands with names from the topology in them. Values are single-quoted, so a
//! hostile name cannot run anything when pasted.

/// A value quoted for PowerShell: single quotes, which expand nothing; quotes inside doubled.
pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}
