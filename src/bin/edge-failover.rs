//! `edge-failover`: the planner on the command line.
//!
//! Exit codes: 0 success, 2 unreadable or invalid input (or a usage error), 3 a plan that
//! cannot be made, 4 a published topology that differs from the plan, 5 a readiness report
//! with a blocked row. Output files are written only when everything succeeded, each through a
//! temporary file renamed into place, so a failure never leaves a half-written file.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    // Output piped into `head` or a closed pager is not an error worth a panic: the files are
    // already written, so a write to a closed stdout is dropped.
    macro_rules! println {
        ($($arg:tt)*) => {{
            use std::io::Write as _;
            let _ = writeln!(std::io::stdout().lock(), $($arg)*);
        }};
    }
    macro_rules! print {
        ($($arg:tt)*) => {{
            use std::io::Write as _;
            let _ = write!(std::io::stdout().lock(), $($arg)*);
        }};
    }

    use std::fs;
    use std::path::{Path, PathBuf};

    use edge_failover_planner::checklist;
    use edge_failover_planner::plan::{self, FailoverRequest, Failure, PlanError};
    use edge_failover_planner::readiness;
    use edge_failover_planner::topology::summary::Summary;
    use edge_failover_planner::topology::{source, EdgeIdx, LoadError, Topology, TopologyFile};
    use edge_failover_planner::verify;

    const USAGE: &str = "\
usage:
  edge-failover inspect FILE [--json]
  edge-failover plan FILE (--failed FQDN | --failed-site SITE) --to FQDN [--xmpp]
                [--reassociate FQDN[,FQDN...]] [--failback [--keep-temporary-federation]]
                [--clear-other-federation] --topology-out PATH --checklist-out PATH [--checklist-html-out PATH] [--json]
  edge-failover candidates FILE (--failed FQDN | --failed-site SITE) [--json]
  edge-failover verify --planned PLANNED --published PUBLISHED [--json]
  edge-failover readiness FILE [--json] [--out REPORT.md] [--html-out REPORT.html]
                [--plans-dir DIR] [--date YYYY-MM-DD]

FILE is a topology export: (Get-CsTopology -AsXml).ToString() > topology.xml, or a
Topology Builder .tbxml file. Exit codes: 0 done, 2 unreadable or invalid input,
3 no plan can be made. verify compares the topology exported after the publish with the
planned one (the plan's --topology-out): 0 it matches, 4 it differs (each difference is
printed), 2 a file cannot be read. readiness plans every Edge failure in advance: 0 every
row is ready or ready with work, 5 a row is blocked, 2 the file cannot be read.";

    const EXIT_INPUT: i32 = 2;
    const EXIT_PLAN: i32 = 3;
    const EXIT_DIFFERS: i32 = 4;
    const EXIT_BLOCKED: i32 = 5;

    enum Failed {
        Input(String),
        Plan(String),
        /// Not a failure of the program: the published topology is not what was planned.
        Differs,
        /// Not a failure of the program either: a row of the readiness report is blocked.
        Blocked,
    }

    impl From<PlanError> for Failed {
        fn from(e: PlanError) -> Failed {
            match e {
                PlanError::TopologyHasErrors(_) => Failed::Input(e.to_string()),
                other => Failed::Plan(other.to_string()),
            }
        }
    }

    pub fn run(args: Vec<String>) -> i32 {
        let result = match args.first().map(String::as_str) {
            Some("inspect") => inspect(&args[1..]),
            Some("plan") => plan_cmd(&args[1..]),
            Some("candidates") => candidates(&args[1..]),
            Some("verify") => verify(&args[1..]),
            Some("readiness") => readiness_cmd(&args[1..]),
            Some("-h" | "--help" | "help") => {
                println!("{USAGE}");
                Ok(())
            }
            _ => Err(Failed::Input(USAGE.to_owned())),
        };
        match result {
            Ok(()) => 0,
            Err(Failed::Input(msg)) => {
                eprintln!("edge-failover: {msg}");
                EXIT_INPUT
            }
            Err(Failed::Plan(msg)) => {
                eprintln!("edge-failover: {msg}");
                EXIT_PLAN
            }
            Err(Failed::Differs) => EXIT_DIFFERS,
            Err(Failed::Blocked) => EXIT_BLOCKED,
        }
    }

    /// Options as `--name value` pairs and `--flag`s, plus positional arguments.
    struct Options {
        positional: Vec<String>,
        values: Vec<(String, String)>,
        flags: Vec<String>,
    }

    impl Options {
        fn parse(args: &[String], with_value: &[&str], flags: &[&str]) -> Result<Options, Failed> {
            let mut o = Options {
                positional: Vec::new(),
                values: Vec::new(),
                flags: Vec::new(),
            };
            let mut it = args.iter();
            while let Some(a) = it.next() {
                if let Some(name) = a.strip_prefix("--") {
                    let (name, inline) = match name.split_once('=') {
                        Some((n, v)) => (n, Some(v.to_owned())),
                        None => (name, None),
                    };
                    if with_value.contains(&name) {
                        let value = match inline {
                            Some(v) => v,
                            None => it
                                .next()
                                .cloned()
                                .ok_or_else(|| Failed::Input(format!("--{name} needs a value\n{USAGE}")))?,
                        };
                        o.values.push((name.to_owned(), value));
                    } else if flags.contains(&name) {
                        o.flags.push(name.to_owned());
                    } else {
                        return Err(Failed::Input(format!("unknown option --{name}\n{USAGE}")));
                    }
                } else {
                    o.positional.push(a.clone());
                }
            }
            Ok(o)
        }

        fn value(&self, name: &str) -> Option<&str> {
            self.values
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        }

        fn flag(&self, name: &str) -> bool {
            self.flags.iter().any(|f| f == name)
        }

        fn file(&self) -> Result<&str, Failed> {
            match self.positional.as_slice() {
                [one] => Ok(one),
                [] => Err(Failed::Input(format!("no topology file given\n{USAGE}"))),
                _ => Err(Failed::Input(format!("one topology file at a time\n{USAGE}"))),
            }
        }

        fn failure(&self) -> Result<Failure, Failed> {
            match (self.value("failed"), self.value("failed-site")) {
                (Some(p), None) => Ok(Failure::Pool(p.to_owned())),
                (None, Some(s)) => Ok(Failure::Site(s.to_owned())),
                (Some(_), Some(_)) => Err(Failed::Input("give --failed or --failed-site, not both".into())),
                (None, None) => Err(Failed::Input(format!(
                    "say what failed with --failed FQDN or --failed-site SITE\n{USAGE}"
                ))),
            }
        }
    }

    fn load(path: &str) -> Result<TopologyFile, Failed> {
        let meta = fs::metadata(path).map_err(|e| Failed::Input(format!("{path}: {e}")))?;
        // Refuse a huge file before reading it into memory.
        source::check_size(meta.len()).map_err(|e| Failed::Input(format!("{path}: {e}")))?;
        let bytes = fs::read(path).map_err(|e| Failed::Input(format!("{path}: {e}")))?;
        TopologyFile::read(&bytes).map_err(|e: LoadError| Failed::Input(format!("{path}: {e}")))
    }

    /// Whether the topology exported after the publish is the planned one: the same
    /// comparison the page makes.
    fn verify(args: &[String]) -> Result<(), Failed> {
        let o = Options::parse(args, &["planned", "published"], &["json"])?;
        if !o.positional.is_empty() {
            return Err(Failed::Input(format!(
                "verify takes --planned and --published\n{USAGE}"
            )));
        }
        let path = |name: &str| {
            o.value(name)
                .ok_or_else(|| Failed::Input(format!("--{name} PATH is required\n{USAGE}")))
        };
        let (planned, published) = (load(path("planned")?)?, load(path("published")?)?);
        let c = verify::compare(&planned, &published);
        if o.flag("json") {
            let report = serde_json::json!({
                "matches": c.matches(),
                "federation_matches": c.federation_matches(),
                "differences": c.differences(),
                "confirmed": c.confirmed().collect::<Vec<_>>(),
                "checked": c.checked,
                "other_elements": c.other,
                "note": c.note,
            });
            println!("{}", to_json(&report));
        } else {
            print!("{}", c.report());
        }
        if c.matches() {
            Ok(())
        } else {
            Err(Failed::Differs)
        }
    }

    fn to_json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    fn inspect(args: &[String]) -> Result<(), Failed> {
        let o = Options::parse(args, &[], &["json"])?;
        let path = o.file()?;
        let file = load(path)?;
        let summary = Summary::of(&file.topology);
        if o.flag("json") {
            println!("{}", to_json(&summary));
        } else {
            print!("{}", describe(&file.topology, &summary));
        }
        Ok(())
    }

    fn describe(t: &Topology, s: &Summary) -> String {
        let mut out = String::new();
        let yes = |b: bool| if b { "yes" } else { "no" };
        let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "(none)".into());
        out.push_str(&format!(
            "Topology: {} ({}), {}, {}\n",
            s.product,
            t.format.label(),
            s.encoding,
            s.line_ending.label()
        ));
        if !s.sip_domains.is_empty() {
            out.push_str(&format!("SIP domains: {}\n", s.sip_domains.join(", ")));
        }
        out.push_str(&format!(
            "SIP federation (5061): {}\nXMPP federation (5269): {}\n",
            s.sip_federation_pool
                .clone()
                .unwrap_or_else(|| federation_list(s, |e| e.sip_federation)),
            s.xmpp_federation_pool
                .clone()
                .unwrap_or_else(|| federation_list(s, |e| e.xmpp_federation)),
        ));
        out.push_str("\nSites:\n");
        for site in &s.sites {
            let kind = match site.kind {
                edge_failover_planner::topology::SiteKind::Central => "central site",
                edge_failover_planner::topology::SiteKind::Branch => "branch site",
            };
            out.push_str(&format!("  {} (SiteId {}, {kind})\n", site.name, site.id));
            out.push_str(&format!("    Federation route: {}\n", site.federation_route.describe()));
            for (label, list) in [
                ("Front End pools", &site.front_end_pools),
                ("Directors", &site.directors),
                ("Edge pools", &site.edge_pools),
                ("Other pools", &site.other_pools),
            ] {
                if !list.is_empty() {
                    out.push_str(&format!("    {label}: {}\n", list.join(", ")));
                }
            }
        }
        out.push_str("\nEdge pools:\n");
        if s.edge_pools.is_empty() {
            out.push_str("  (none)\n");
        }
        for e in &s.edge_pools {
            out.push_str(&format!(
                "  {}  (site {}, {} server(s): {})\n",
                e.fqdn,
                opt(&e.site),
                e.servers.len(),
                e.servers.join(", ")
            ));
            out.push_str(&format!("    SIP federation (5061): {}\n", yes(e.sip_federation)));
            out.push_str(&format!("    XMPP federation (5269): {}\n", yes(e.xmpp_federation)));
            out.push_str(&format!("    Access Edge FQDN: {}\n", opt(&e.access_fqdn)));
            out.push_str(&format!(
                "    Web Conferencing FQDN: {}\n",
                opt(&e.web_conferencing_fqdn)
            ));
            out.push_str(&format!("    A/V FQDN: {}\n", opt(&e.av_fqdn)));
            out.push_str(&format!(
                "    Next hop: {}\n",
                match (&e.next_hop, e.next_hop_kind) {
                    (Some(h), Some(k)) => format!("{h} ({}, site {})", k.label(), opt(&e.next_hop_site)),
                    _ => "(none)".into(),
                }
            ));
            out.push_str(&format!(
                "    Used for media and web conferencing by: {}\n",
                if e.front_end_pools.is_empty() {
                    "(none)".to_owned()
                } else {
                    e.front_end_pools.join(", ")
                }
            ));
        }
        out.push_str("\nFindings:\n");
        if s.findings.is_empty() {
            out.push_str("  (none)\n");
        }
        for f in &s.findings {
            out.push_str(&format!("  {f}\n"));
        }
        out
    }

    fn federation_list(
        s: &Summary,
        pick: fn(&edge_failover_planner::topology::summary::EdgePoolSummary) -> bool,
    ) -> String {
        let pools: Vec<&str> = s
            .edge_pools
            .iter()
            .filter(|e| pick(e))
            .map(|e| e.fqdn.as_str())
            .collect();
        if pools.is_empty() {
            "(none)".into()
        } else {
            format!("{} (more than one pool)", pools.join(", "))
        }
    }

    fn candidates(args: &[String]) -> Result<(), Failed> {
        let o = Options::parse(args, &["failed", "failed-site"], &["json"])?;
        let file = load(o.file()?)?;
        let scope = plan::scope(&file, &o.failure()?)?;
        let list = plan::candidates(&file, &scope);
        if o.flag("json") {
            println!("{}", to_json(&list));
        } else {
            for c in &list {
                let status = if c.eligible { "eligible" } else { "not eligible" };
                println!("{} ({status})", c.fqdn);
                for r in &c.reasons {
                    println!("  - {r}");
                }
                for r in &c.cautions {
                    println!("  ! {r}");
                }
                for r in &c.notes {
                    println!("  * {r}");
                }
            }
            if let Some(advice) = plan::no_survivor_advice(&file, &scope) {
                println!("\n{advice}");
            }
        }
        Ok(())
    }

    fn plan_cmd(args: &[String]) -> Result<(), Failed> {
        let o = Options::parse(
            args,
            &[
                "failed",
                "failed-site",
                "to",
                "reassociate",
                "topology-out",
                "checklist-out",
                "checklist-html-out",
            ],
            &[
                "xmpp",
                "json",
                "failback",
                "clear-other-federation",
                "keep-temporary-federation",
            ],
        )?;
        let path = o.file()?;
        let survivor = o
            .value("to")
            .ok_or_else(|| Failed::Input(format!("choose the surviving pool with --to FQDN\n{USAGE}")))?;
        let topology_out = o
            .value("topology-out")
            .ok_or_else(|| Failed::Input(format!("--topology-out PATH is required\n{USAGE}")))?;
        let checklist_out = o
            .value("checklist-out")
            .ok_or_else(|| Failed::Input(format!("--checklist-out PATH is required\n{USAGE}")))?;
        let failure = o.failure()?;
        let file = load(path)?;
        let mut request = match (&failure, o.flag("failback")) {
            (Failure::Pool(p), true) => FailoverRequest::failback(p.clone(), survivor),
            (Failure::Site(_), true) => {
                return Err(Failed::Input(
                    "--failback takes --failed with the pool that carried federation meanwhile".into(),
                ))
            }
            (f, false) => FailoverRequest {
                failure: f.clone(),
                ..FailoverRequest::pool("", survivor)
            },
        };
        request.move_xmpp = Some(o.flag("xmpp"));
        request.clear_other_federation = o.flag("clear-other-federation");
        if o.flag("keep-temporary-federation") && !o.flag("failback") {
            return Err(Failed::Input(
                "--keep-temporary-federation goes with --failback: it keeps federation on the pool it comes back from"
                    .into(),
            ));
        }
        request.keep_temporary_federation = o.flag("keep-temporary-federation");
        request.reassociate = o.value("reassociate").map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        });
        let plan = plan::make_plan(&file, &request)?;
        if plan.has_blocking_checks() {
            let errors: Vec<String> = plan
                .checks
                .iter()
                .filter(|c| c.severity == plan::CheckSeverity::Error)
                .map(|c| c.message.clone())
                .collect();
            return Err(Failed::Plan(errors.join("\n")));
        }
        let topology_name = Path::new(topology_out)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| topology_out.to_owned());
        let loaded_name = Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_owned());
        let list = checklist::build_for(&file, &plan, &loaded_name, &topology_name);
        let markdown = checklist::markdown::render(&list);
        let html = o
            .value("checklist-html-out")
            .map(|p| (p, checklist::html::render(&list)));
        let mut outputs: Vec<(&str, &[u8])> = vec![
            (topology_out, &plan.topology_bytes),
            (checklist_out, markdown.as_bytes()),
        ];
        if let Some((p, h)) = &html {
            outputs.push((p, h.as_bytes()));
        }
        write_all(&outputs)?;

        let t = &file.topology;
        let survivor_fqdn = plan.survivor_fqdn(&file).to_owned();
        let failed: Vec<String> = plan
            .scope
            .failed_edges
            .iter()
            .map(|e| t.pools[t.edge_pools[*e].pool].fqdn.clone())
            .collect();
        let reassociated: Vec<String> = plan.reassociated.iter().map(|p| t.pools[*p].fqdn.clone()).collect();
        let fqdn_of = |e: EdgeIdx| t.pools[t.edge_pools[e].pool].fqdn.clone();
        if o.flag("json") {
            let report = serde_json::json!({
                "failed": failed,
                "survivor": survivor_fqdn,
                "direction": plan.request.direction,
                "sip_federation_moves": plan.federation_moves,
                "xmpp_federation_moves": plan.xmpp_moves,
                "sip_federation_cleared": plan.federation_from.iter().map(|e| fqdn_of(*e)).collect::<Vec<_>>(),
                "sip_federation_kept": plan.federation_kept.iter().map(|e| fqdn_of(*e)).collect::<Vec<_>>(),
                "survivor_already_federated": plan.survivor_already_federated,
                "federation_routes": plan.routes.iter().map(|r| serde_json::json!({
                    "site": t.sites[r.site].name,
                    "from": fqdn_of(r.from_edge),
                    "to": fqdn_of(r.to_edge),
                })).collect::<Vec<_>>(),
                "reassociated": reassociated,
                "next_hop": plan.next_hop,
                "checks": plan.checks,
                "diff": {
                    "removed": plan.diff.removed,
                    "added": plan.diff.added,
                    "unified": plan.diff.unified(path, topology_out),
                },
                "topology_out": topology_out,
                "checklist_out": checklist_out,
                "checklist_html_out": html.as_ref().map(|(p, _)| p),
                "steps": list.steps().count(),
            });
            println!("{}", to_json(&report));
        } else {
            println!("Failed: {}", failed.join(", "));
            println!("Survivor: {survivor_fqdn}");
            println!(
                "SIP federation moves: {}",
                if plan.federation_moves { "yes" } else { "no" }
            );
            println!("XMPP federation moves: {}", if plan.xmpp_moves { "yes" } else { "no" });
            if plan.survivor_already_federated {
                println!("{survivor_fqdn} is already federated: its ports do not change");
            }
            let names = |v: &[EdgeIdx]| v.iter().map(|e| fqdn_of(*e)).collect::<Vec<_>>().join(", ");
            if !plan.federation_kept.is_empty() {
                println!("SIP federation kept on: {}", names(&plan.federation_kept));
            }
            if plan
                .federation_from
                .iter()
                .any(|e| !plan.scope.failed_edges.contains(e))
            {
                println!("SIP federation also cleared on: {}", names(&plan.federation_from));
            }
            for r in &plan.routes {
                println!(
                    "Federation route of site {} re-pointed: {} -> {}",
                    t.sites[r.site].name,
                    fqdn_of(r.from_edge),
                    fqdn_of(r.to_edge)
                );
            }
            if !reassociated.is_empty() {
                println!("Re-associated: {}", reassociated.join(", "));
            }
            println!("\nChecks:");
            for c in &plan.checks {
                println!("  {}: {}", c.severity.label(), c.message);
            }
            println!("\n{}", plan.diff.unified(path, topology_out));
            println!(
                "Wrote {topology_out} and {checklist_out} ({} steps).",
                list.steps().count()
            );
        }
        Ok(())
    }

    fn readiness_cmd(args: &[String]) -> Result<(), Failed> {
        let o = Options::parse(args, &["out", "html-out", "plans-dir", "date"], &["json"])?;
        readiness(&Readiness {
            file: o.file()?,
            json: o.flag("json"),
            out: o.value("out"),
            html_out: o.value("html-out"),
            plans_dir: o.value("plans-dir"),
            date: o.value("date"),
        })
    }

    /// What `readiness` is asked, as plain values: parsed from the command line above.
    struct Readiness<'a> {
        file: &'a str,
        json: bool,
        out: Option<&'a str>,
        html_out: Option<&'a str>,
        plans_dir: Option<&'a str>,
        /// The report's date; today (UTC) when not given.
        date: Option<&'a str>,
    }

    /// Every Edge failure planned in advance: the report on stdout (Markdown, or JSON) unless
    /// written to files, and each row's plan in the plans directory as `plan` writes it.
    fn readiness(a: &Readiness) -> Result<(), Failed> {
        let date = match a.date {
            Some(d) if is_date(d) => d.to_owned(),
            Some(d) => return Err(Failed::Input(format!("--date {d}: give the day as YYYY-MM-DD"))),
            None => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0.0, |d| d.as_millis() as f64);
                readiness::utc_date(now)
            }
        };
        let file = load(a.file)?;
        let name = Path::new(a.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| a.file.to_owned());
        let dir = a.plans_dir.map(Path::new);
        if let Some(dir) = dir {
            fs::create_dir_all(dir).map_err(|e| Failed::Input(format!("cannot create {}: {e}", dir.display())))?;
        }
        // Each row's plan is written as it is made: a large topology's plans do not fit in
        // memory together. On a failure, what was written is removed.
        let mut written: Vec<PathBuf> = Vec::new();
        let mut failure: Option<Failed> = None;
        let built = readiness::build_with(&file, &name, &date, &mut |row, plan| {
            let (Some(dir), Some(files), None) = (dir, &row.files, &failure) else {
                return;
            };
            // `plan` refuses to write a plan with an error; so does the plans directory.
            if !row.writes_plan() {
                return;
            }
            // The checklist `plan` writes for the same choice, under the directory's names.
            let list = checklist::build_for(&file, plan, &name, &files.topology);
            let markdown = checklist::markdown::render(&list);
            let html = checklist::html::render(&list);
            let outputs: [(PathBuf, &[u8]); 3] = [
                (dir.join(&files.topology), readiness::facts::topology_bytes(plan)),
                (dir.join(&files.checklist), markdown.as_bytes()),
                (dir.join(&files.checklist_html), html.as_bytes()),
            ];
            for (path, bytes) in outputs {
                match write_one(&path, bytes) {
                    Ok(()) => written.push(path),
                    Err(e) => {
                        failure = Some(e);
                        return;
                    }
                }
            }
        });
        let report = match (built, failure) {
            (Ok(report), None) => report,
            (built, failure) => {
                for p in &written {
                    let _ = fs::remove_file(p);
                }
                return Err(failure.unwrap_or_else(|| match built {
                    Err(e) => Failed::from(e),
                    Ok(_) => Failed::Input("internal error".into()),
                }));
            }
        };
        let markdown = a.out.map(|p| (p, readiness::render::markdown(&report)));
        let html = a.html_out.map(|p| (p, readiness::render::html(&report)));
        let mut outputs: Vec<(&str, &[u8])> = Vec::new();
        if let Some((p, m)) = &markdown {
            outputs.push((p, m.as_bytes()));
        }
        if let Some((p, h)) = &html {
            outputs.push((p, h.as_bytes()));
        }
        if let Err(e) = write_all(&outputs) {
            for p in &written {
                let _ = fs::remove_file(p);
            }
            return Err(e);
        }
        if a.json {
            println!("{}", to_json(&report));
        } else if outputs.is_empty() && dir.is_none() {
            print!("{}", readiness::render::markdown(&report));
        } else {
            let [ready, work, blocked] = report.counts();
            for row in &report.rows {
                let mut line = format!("{}. {}: {}", row.number, row.title.plain(), row.verdict.label());
                if let Some(best) = &row.best {
                    line.push_str(&format!(", to {best}"));
                }
                println!("{line}");
            }
            println!("{ready} ready, {work} ready with work, {blocked} blocked.");
            for (p, _) in &outputs {
                println!("Wrote {p}.");
            }
            if let Some(dir) = dir {
                println!("Wrote {} plan files to {}.", written.len(), dir.display());
            }
        }
        if report.any_blocked() {
            Err(Failed::Blocked)
        } else {
            Ok(())
        }
    }

    fn is_date(d: &str) -> bool {
        let b = d.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    }

    /// One file through a temporary file beside it, renamed into place.
    fn write_one(path: &Path, bytes: &[u8]) -> Result<(), Failed> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        fs::write(&temp, bytes)
            .and_then(|()| fs::rename(&temp, path))
            .map_err(|e| {
                let _ = fs::remove_file(&temp);
                Failed::Input(format!("cannot write {}: {e}", path.display()))
            })
    }

    /// Writes every file or none: each goes to a temporary file beside its target first, and
    /// only when all are written are they renamed into place.
    fn write_all(files: &[(&str, &[u8])]) -> Result<(), Failed> {
        let mut temps: Vec<(PathBuf, &str)> = Vec::new();
        let cleanup = |temps: &[(PathBuf, &str)]| {
            for (t, _) in temps {
                let _ = fs::remove_file(t);
            }
        };
        for (target, bytes) in files {
            let path = Path::new(target);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
            if let Err(e) = fs::write(&temp, bytes) {
                cleanup(&temps);
                let _ = fs::remove_file(&temp);
                return Err(Failed::Input(format!("cannot write {target}: {e}")));
            }
            temps.push((temp, target));
        }
        for (i, (temp, target)) in temps.iter().enumerate() {
            if let Err(e) = fs::rename(temp, target) {
                cleanup(&temps[i..]);
                // Undo what was already moved, so no output is left half-made.
                for (_, done) in &temps[..i] {
                    let _ = fs::remove_file(done);
                }
                return Err(Failed::Input(format!("cannot write {target}: {e}")));
            }
        }
        Ok(())
    }
}
