//! PowerShell commands with names from the topology in them, put together in one place: every
//! value is single-quoted, which PowerShell expands nothing in, with a quote inside doubled, so
//! a hostile name cannot run anything when pasted.

/// `template` with each `{}` replaced by the next of `values`, quoted. The template is the
/// planner's own text; a value from the file or typed by the user only ever goes in `values`.
pub fn command(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + values.iter().map(|v| v.len() + 2).sum::<usize>());
    let mut values = values.iter();
    let mut parts = template.split("{}");
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        let value = values.next().expect("a value for each {} of a PowerShell command");
        out.push('\'');
        out.push_str(&value.replace('\'', "''"));
        out.push('\'');
        out.push_str(part);
    }
    debug_assert!(values.next().is_none(), "more values than {{}} in {template}");
    out
}

/// A DNS lookup of `name`, and the same with nslookup where the servers may run Windows
/// Server 2008 R2, which lacks Resolve-DnsName.
pub fn lookups(record: &str, name: &str, old_windows: bool) -> Vec<String> {
    let mut lines = vec![command(&format!("Resolve-DnsName -Type {record} -Name {{}}"), &[name])];
    if old_windows {
        lines.push(command(&format!("nslookup -type={record} {{}}"), &[name]));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_and_the_template_is_not() {
        assert_eq!(
            command(
                "Set-CsSite -Identity {} -FederationRoute {}",
                &["Site 'A'", "EdgeServer:e.contoso.com"]
            ),
            "Set-CsSite -Identity 'Site ''A''' -FederationRoute 'EdgeServer:e.contoso.com'"
        );
        assert_eq!(
            command(
                "Get-CsService -PoolFqdn {} | Where-Object { $_.EdgeServer }",
                &["p.contoso.com"]
            ),
            "Get-CsService -PoolFqdn 'p.contoso.com' | Where-Object { $_.EdgeServer }"
        );
        assert_eq!(command("Stop-CsWindowsService", &[]), "Stop-CsWindowsService");
    }
}
