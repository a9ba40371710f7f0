//! PowerShell commands with names from the topology in them, put together in one place: every
//! value is single-quoted, which PowerShell expands nothing in, with a quote inside doubled, so
//! a hostile name cannot run anything when pasted.

/// A value single-quoted for PowerShell, a quote inside doubled.
pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

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

/// Sets `$PublicResolver` once per Management Shell window: public records are read from a
/// public resolver, since an internal zone of the same name (split-brain DNS) answers
/// otherwise with internal addresses.
pub const ASK_PUBLIC_RESOLVER: &str = "if (-not $PublicResolver) { $PublicResolver = Read-Host 'A public DNS resolver, not your internal DNS (the same one all through the runbook)' }";

/// A lookup of a public DNS record at `$PublicResolver`, and the same with nslookup, which
/// Windows Server 2008 R2 has where it lacks Resolve-DnsName (an in-place upgrade of Lync
/// Server 2013 to Skype for Business Server 2015 keeps it).
pub fn public_lookups(record: &str, name: &str) -> Vec<String> {
    vec![
        command(
            &format!("Resolve-DnsName -Type {record} -Name {{}} -Server $PublicResolver"),
            &[name],
        ),
        command(&format!("nslookup -type={record} {{}} $PublicResolver"), &[name]),
    ]
}

/// What listens on the XMPP ports, with netstat beside the Windows Server 2012 cmdlet.
pub const XMPP_LISTENING: [&str; 2] = [
    "Get-NetTCPConnection -State Listen -LocalPort 5269, 23456",
    "netstat -ano | findstr \":5269 :23456\"",
];

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
