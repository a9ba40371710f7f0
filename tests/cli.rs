#![cfg(not(target_arch = "wasm32"))]
//! The `edge-failover` command line, run as a program: what it prints, the files it writes,
//! its exit codes (0 done, 2 unreadable or invalid input, 3 no plan can be made, 4 a published
//! topology that differs, 5 a readiness report with a blocked row), and that a failure never
//! leaves an output file behind or half-written.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use edge_failover_planner::plan::{self, FailoverRequest, Failure};
use edge_failover_planner::readiness;
use edge_failover_planner::topology::by_name::Summary;
use edge_failover_planner::topology::TopologyFile;
use serde_json::Value;
use support::{crlf, decode_utf16, encode, sample_text, sample_with_duplicate_edge_fqdn, Encoding};

const AMSTERDAM: &str = "edgepool-amsterdam.fabrikam.com";
const BOSTON: &str = "edgepool-boston.fabrikam.com";

/// A directory of its own under the system's temporary directory, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("edge-failover-cli-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        fs::write(&p, bytes).unwrap();
        p
    }

    /// Every file in the directory, hidden ones (the CLI's temporary files) included.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_edge-failover"))
        .args(args)
        .output()
        .expect("the edge-failover binary runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn ok(r: &Run) {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
}

fn json(r: &Run) -> Value {
    ok(r);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

// ---- inspect ----

#[test]
fn inspect_describes_the_sample() {
    let dir = Scratch::new("inspect-sample");
    let file = dir.write("topology.xml", sample_text());
    let r = run(["inspect", p(&file)]);
    ok(&r);
    for line in [
        "Topology: Skype for Business Server 2015 (published topology (Get-CsTopology -AsXml)), UTF-8, LF",
        "SIP domains: fabrikam.com, fabrikam.net",
        "SIP federation (5061): edgepool-amsterdam.fabrikam.com",
        "XMPP federation (5269): edgepool-amsterdam.fabrikam.com",
        "  Amsterdam (SiteId 1, central site)",
        "    Front End pools: pool-amsterdam.fabrikam.com",
        "    Directors: dir-amsterdam.fabrikam.com",
        "    Edge pools: edgepool-boston.fabrikam.com",
        "  edgepool-amsterdam.fabrikam.com  (site Amsterdam, 2 server(s): edge01-amsterdam.fabrikam.com, edge02-amsterdam.fabrikam.com)",
        "    Access Edge FQDN: sip-boston.fabrikam.com",
        "    Next hop: dir-amsterdam.fabrikam.com (Director pool, site Amsterdam)",
        "    Used for media and web conferencing by: pool-boston.fabrikam.com",
    ] {
        assert!(r.stdout.lines().any(|l| l == line), "missing {line:?} in\n{}", r.stdout);
    }
    assert!(r.stdout.ends_with("Findings:\n  (none)\n"), "{}", r.stdout);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn inspect_shows_each_fixture_as_the_library_reads_it() {
    for path in support::all_topologies() {
        let bytes = fs::read(&path).unwrap();
        let file = TopologyFile::read(&bytes).unwrap();
        let summary = Summary::of(&file.topology);
        let r = run(["inspect", p(&path)]);
        ok(&r);
        let fed = match summary.sip_federation_pools.as_slice() {
            [] => "(none)".to_owned(),
            [one] => one.clone(),
            many => format!("{} (more than one pool)", many.join(", ")),
        };
        assert!(
            r.stdout.contains(&format!("SIP federation (5061): {fed}\n")),
            "{}: {}",
            path.display(),
            r.stdout
        );
        assert!(
            r.stdout.starts_with(&format!(
                "Topology: {} ({}), {}, {}\n",
                summary.product,
                file.topology.format.label(),
                summary.encoding,
                summary.line_ending.label()
            )),
            "{}: {}",
            path.display(),
            r.stdout
        );
        for e in &summary.edge_pools {
            assert!(
                r.stdout.contains(&format!("  {}  (site ", e.fqdn)),
                "{}",
                path.display()
            );
        }
        for f in &summary.findings {
            assert!(r.stdout.contains(&format!("  {f}\n")), "{}: {f}", path.display());
        }

        // The JSON is the library's summary, field for field.
        let v = json(&run(["inspect", p(&path), "--json"]));
        assert_eq!(v, serde_json::to_value(&summary).unwrap(), "{}", path.display());
    }
}

#[test]
fn inspect_json_has_the_documented_fields() {
    let dir = Scratch::new("inspect-json");
    let file = dir.write("topology.xml", sample_text());
    let v = json(&run(["inspect", "--json", p(&file)]));
    assert_eq!(v["format"], "published");
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["line_ending"], "LF");
    assert_eq!(v["sip_federation_pool"], AMSTERDAM);
    assert_eq!(v["xmpp_federation_pool"], AMSTERDAM);
    let edges = v["edge_pools"].as_array().unwrap();
    assert_eq!(edges.len(), 2);
    let a = &edges[0];
    assert_eq!(a["fqdn"], AMSTERDAM);
    assert_eq!(a["site"], "Amsterdam");
    assert_eq!(a["sip_federation"], true);
    assert_eq!(a["xmpp_federation"], true);
    assert_eq!(a["access_fqdn"], "sip-amsterdam.fabrikam.com");
    assert_eq!(a["next_hop"], "dir-amsterdam.fabrikam.com");
    assert_eq!(a["next_hop_kind"], "director");
    assert_eq!(a["front_end_pools"], serde_json::json!(["pool-amsterdam.fabrikam.com"]));
    assert_eq!(a["servers"].as_array().unwrap().len(), 2);
    let b = &edges[1];
    assert_eq!(b["fqdn"], BOSTON);
    assert_eq!(b["sip_federation"], false);
    assert_eq!(b["xmpp_federation"], false);
    assert_eq!(v["findings"], serde_json::json!([]));
    let pools = v["pools"].as_array().unwrap();
    let fe = pools.iter().find(|p| p["fqdn"] == "pool-boston.fabrikam.com").unwrap();
    assert_eq!(fe["kind"], "front_end");
    assert_eq!(fe["edge_pool"], BOSTON);
}

#[test]
fn inspect_json_lists_findings_with_their_place() {
    let dir = Scratch::new("inspect-findings");
    let text = sample_with_duplicate_edge_fqdn();
    let file = dir.write("dup.xml", &text);
    let v = json(&run(["inspect", p(&file), "--json"]));
    let findings = v["findings"].as_array().unwrap();
    let dup = findings
        .iter()
        .find(|f| f["kind"] == "duplicate_fqdn")
        .expect("a duplicate_fqdn finding");
    assert_eq!(dup["severity"], "error");
    let at = text.rfind("Fqdn=\"edgepool-amsterdam.fabrikam.com\"").unwrap();
    let line = text[..at].matches('\n').count() + 1;
    assert_eq!(dup["line"], line);
    assert_eq!(dup["column"], 5);
    assert_eq!(dup["pools"], serde_json::json!([AMSTERDAM]));
    // The text form says where, too.
    let r = run(["inspect", p(&file)]);
    ok(&r);
    assert!(
        r.stdout
            .contains(&format!("error: Two pools have the FQDN {AMSTERDAM}")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(&format!("(line {line}, column 5)")), "{}", r.stdout);
}

// ---- candidates ----

#[test]
fn candidates_lists_eligible_pools_first_with_reasons() {
    let dir = Scratch::new("candidates");
    let file = dir.write("topology.xml", sample_text());
    let r = run(["candidates", p(&file), "--failed", AMSTERDAM]);
    ok(&r);
    assert_eq!(
        r.stdout,
        format!("{BOSTON} (eligible)\n{AMSTERDAM} (not eligible)\n  - it is the failed pool\n")
    );
    let v = json(&run(["candidates", p(&file), "--failed", AMSTERDAM, "--json"]));
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["fqdn"], BOSTON);
    assert_eq!(list[0]["site"], "Boston");
    assert_eq!(list[0]["eligible"], true);
    assert_eq!(list[0]["reasons"], serde_json::json!([]));
    assert_eq!(list[1]["fqdn"], AMSTERDAM);
    assert_eq!(list[1]["eligible"], false);
    assert_eq!(list[1]["reasons"], serde_json::json!(["it is the failed pool"]));

    let v = json(&run(["candidates", p(&file), "--failed-site", "Boston", "--json"]));
    let boston = v.as_array().unwrap().iter().find(|c| c["fqdn"] == BOSTON).unwrap();
    assert_eq!(boston["eligible"], false);
    let reasons = boston["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].as_str().unwrap().starts_with("it is in the failed site"),
        "{reasons:?}"
    );

    let r = run(["candidates", p(&file), "--failed", "pool-boston.fabrikam.com"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("pool-boston.fabrikam.com is not an Edge pool"),
        "{}",
        r.stderr
    );
}

// ---- plan ----

/// The seven steps of the product's procedure, "Failing over the Edge pool used for Lync Server
/// federation", by the words the checklist must use for each, in order.
fn procedure_steps(failed: &str, survivor: &str, family: &str) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&[
            "Expand **Edge pools**",
            &format!("right-click `{failed}`"),
            "**Edit properties**",
        ]),
        s(&[
            "Under **General**, clear **Enable federation for this Edge pool (Port 5061)**",
            "**OK**",
        ]),
        s(&[&format!("right-click `{survivor}`"), "**Edit properties**"]),
        s(&[
            "Under **General**, select **Enable federation for this Edge pool (Port 5061)**",
            "**OK**",
        ]),
        s(&[
            "Click **Action**, select **Topology**, select **Publish**",
            "click **Next**",
            "click **Finish**",
        ]),
        s(&[
            &format!("**{family} Deployment Wizard**"),
            &format!("**Install or Update {family} System**"),
            &format!("**Setup or Remove {family} Components**"),
            "**Run Again**",
        ]),
        s(&[
            &format!("**Setup {family} components**"),
            "**Next**",
            "**View Log**",
            "**Finish**",
        ]),
    ]
}

fn assert_procedure(checklist: &str, failed: &str, survivor: &str, family: &str) {
    let mut from = 0;
    for (n, step) in procedure_steps(failed, survivor, family).into_iter().enumerate() {
        for words in step {
            let at = checklist[from..].find(&words).unwrap_or_else(|| {
                panic!(
                    "step {} of the procedure: the checklist lacks, or misorders, {words:?}:\n{checklist}",
                    n + 1
                )
            });
            from += at + words.len();
        }
    }
}

fn plan_args<'a>(input: &'a str, failed: &'a str, to: &'a str, topology: &'a str, checklist: &'a str) -> Vec<&'a str> {
    vec![
        "plan",
        input,
        "--failed",
        failed,
        "--to",
        to,
        "--topology-out",
        topology,
        "--checklist-out",
        checklist,
    ]
}

fn library_plan(bytes: &[u8], failed: &str, to: &str, xmpp: bool) -> Vec<u8> {
    let file = TopologyFile::read(bytes).unwrap();
    let mut request = FailoverRequest::pool(failed, to);
    request.move_xmpp = Some(xmpp);
    plan::make_plan(&file, &request).unwrap().written.topology_bytes
}

#[test]
fn plan_writes_the_topology_and_the_checklist() {
    let dir = Scratch::new("plan");
    let text = sample_text();
    let input = dir.write("topology.xml", &text);
    let (topology, checklist) = (dir.path("modified.xml"), dir.path("checklist.md"));
    for xmpp in [false, true] {
        let mut args = plan_args(p(&input), AMSTERDAM, BOSTON, p(&topology), p(&checklist));
        if xmpp {
            args.push("--xmpp");
        }
        let r = run(&args);
        ok(&r);
        let out = fs::read(&topology).unwrap();
        assert!(
            out == library_plan(text.as_bytes(), AMSTERDAM, BOSTON, xmpp),
            "xmpp {xmpp}: the file differs from the library's plan"
        );
        let after = TopologyFile::read(&out).unwrap();
        let t = &after.topology;
        let fed: Vec<&str> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.as_str()).collect();
        assert_eq!(fed, [BOSTON]);
        let xmpp_pool: Vec<&str> = t.xmpp_pools().map(|e| t.pools[e.pool].fqdn.as_str()).collect();
        assert_eq!(xmpp_pool, [if xmpp { BOSTON } else { AMSTERDAM }], "--xmpp {xmpp}");

        let list = fs::read_to_string(&checklist).unwrap();
        assert!(
            list.starts_with(&format!("# Edge federation failover: `{AMSTERDAM}` → `{BOSTON}`")),
            "{list}"
        );
        assert_procedure(&list, AMSTERDAM, BOSTON, "Skype for Business Server");
        assert_eq!(
            list.contains("Enable XMPP federation for this Edge pool"),
            xmpp,
            "XMPP steps only with --xmpp"
        );
        assert!(
            list.contains("Modified topology (the target state): `modified.xml`"),
            "the checklist names the file it goes with"
        );

        assert!(r.stdout.contains(&format!("Survivor: {BOSTON}")), "{}", r.stdout);
        assert!(
            r.stdout
                .contains(&format!("Wrote {} and {}", p(&topology), p(&checklist))),
            "{}",
            r.stdout
        );
        assert_eq!(
            dir.files(),
            ["checklist.md", "modified.xml", "topology.xml"],
            "no temporary file is left"
        );
    }
}

#[test]
fn plan_json_reports_what_it_did() {
    let dir = Scratch::new("plan-json");
    let input = dir.write("topology.xml", sample_text());
    let (topology, checklist) = (dir.path("out.xml"), dir.path("out.md"));
    let mut args = plan_args(p(&input), AMSTERDAM, BOSTON, p(&topology), p(&checklist));
    args.extend(["--json", "--xmpp"]);
    let v = json(&run(&args));
    assert_eq!(v["survivor"], BOSTON);
    assert_eq!(v["failed"], serde_json::json!([AMSTERDAM]));
    assert_eq!(v["sip_federation_moves"], true);
    assert_eq!(v["xmpp_federation_moves"], true);
    assert_eq!(v["reassociated"], serde_json::json!(["pool-amsterdam.fabrikam.com"]));
    assert_eq!(v["topology_out"], p(&topology));
    assert_eq!(v["checklist_out"], p(&checklist));
    // Federation port and two XMPP ports move; three media dependencies are re-pointed.
    assert_eq!(v["diff"]["removed"], 6);
    assert_eq!(v["diff"]["added"], 6);
    assert!(v["steps"].as_u64().unwrap() >= 7);
    let checks = v["checks"].as_array().unwrap();
    assert!(checks
        .iter()
        .any(|c| c["check"] == "edit_verified" && c["severity"] == "note"));
    assert!(checks.iter().all(|c| c["severity"] != "error"));
    assert!(topology.exists() && checklist.exists());
}

#[test]
fn plan_on_every_own_fixture_equals_the_library() {
    let dir = Scratch::new("plan-fixtures");
    for path in support::own_topologies() {
        let bytes = fs::read(&path).unwrap();
        let file = TopologyFile::read(&bytes).unwrap();
        let t = &file.topology;
        let failed = t
            .federation_pools()
            .map(|e| t.pools[e.pool].fqdn.clone())
            .next()
            .unwrap();
        // A survivor that gains federation, so every step of the procedure applies.
        let survivor = t
            .edge_pools
            .iter()
            .filter(|e| !e.has_sip_federation())
            .map(|e| t.pools[e.pool].fqdn.clone())
            .find(|f| *f != failed)
            .unwrap();
        let (topology, checklist) = (dir.path("out.xml"), dir.path("out.md"));
        let r = run(plan_args(p(&path), &failed, &survivor, p(&topology), p(&checklist)));
        ok(&r);
        assert!(
            fs::read(&topology).unwrap() == library_plan(&bytes, &failed, &survivor, false),
            "{}",
            path.display()
        );
        let family = t.product.family();
        assert_procedure(&fs::read_to_string(&checklist).unwrap(), &failed, &survivor, family);
    }
}

#[test]
fn plan_keeps_utf16_and_crlf() {
    let dir = Scratch::new("plan-utf16");
    let text = crlf(&sample_text());
    let input = dir.write("topology.xml", encode(&text, Encoding::Utf16LeBom));
    let (topology, checklist) = (dir.path("out.xml"), dir.path("out.md"));
    ok(&run(plan_args(
        p(&input),
        AMSTERDAM,
        BOSTON,
        p(&topology),
        p(&checklist),
    )));
    let out = fs::read(&topology).unwrap();
    assert_eq!(&out[..2], [0xFF, 0xFE]);
    let utf8 = library_plan(sample_text().as_bytes(), AMSTERDAM, BOSTON, false);
    assert_eq!(decode_utf16(&out), crlf(std::str::from_utf8(&utf8).unwrap()));
}

#[test]
fn plan_replaces_existing_output_files() {
    let dir = Scratch::new("plan-replace");
    let input = dir.write("topology.xml", sample_text());
    let topology = dir.write("out.xml", "old topology");
    let checklist = dir.write("out.md", "old checklist");
    ok(&run(plan_args(
        p(&input),
        AMSTERDAM,
        BOSTON,
        p(&topology),
        p(&checklist),
    )));
    assert!(fs::read(&topology).unwrap() == library_plan(sample_text().as_bytes(), AMSTERDAM, BOSTON, false));
    assert!(fs::read_to_string(&checklist)
        .unwrap()
        .starts_with("# Edge federation failover"));
}

// ---- failures ----

/// A failing `plan` run: its exit code and message, and the proof it wrote nothing: a new
/// output is not created, an existing one keeps its bytes, no temporary file is left.
fn plan_fails(dir: &Scratch, input: &Path, failed: &str, to: &str, code: i32) -> String {
    let topology = dir.path("new.xml");
    let checklist = dir.write("existing.md", "keep me\n");
    let before = dir.files();
    let r = run(plan_args(p(input), failed, to, p(&topology), p(&checklist)));
    assert_eq!(r.code, code, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(r.stderr.starts_with("edge-failover: "), "{}", r.stderr);
    assert!(!topology.exists(), "an output was created on failure");
    assert_eq!(fs::read_to_string(&checklist).unwrap(), "keep me\n");
    assert_eq!(dir.files(), before, "files appeared or vanished");
    r.stderr
}

#[test]
fn a_missing_file_is_exit_2() {
    let dir = Scratch::new("missing");
    let missing = dir.path("no-such-topology.xml");
    let err = plan_fails(&dir, &missing, AMSTERDAM, BOSTON, 2);
    assert!(err.contains("no-such-topology.xml"), "{err}");
    assert!(err.contains("No such file"), "{err}");
    let r = run(["inspect", p(&missing)]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    let r = run(["candidates", p(&missing), "--failed", AMSTERDAM]);
    assert_eq!(r.code, 2);
}

#[test]
fn broken_input_is_exit_2_with_its_place() {
    let dir = Scratch::new("broken");
    let text = sample_text().replace("<Name>Boston</Name>", "<Name>Boston</Nmae>");
    let line = text[..text.find("</Nmae>").unwrap()].matches('\n').count() + 1;
    let input = dir.write("broken.xml", &text);
    let err = plan_fails(&dir, &input, AMSTERDAM, BOSTON, 2);
    assert!(err.contains("broken.xml: The XML is not well-formed"), "{err}");
    assert!(err.contains(&format!("at line {line}, column ")), "{err}");
    let r = run(["inspect", p(&input)]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, err);

    // PowerShell's own error where the export should be: said as what it is.
    let input = dir.write("not.xml", "Get-CsTopology : Access denied.\n");
    let err = plan_fails(&dir, &input, AMSTERDAM, BOSTON, 2);
    assert!(
        err.contains("This is PowerShell's error text") && err.contains("line 1, column 1"),
        "{err}"
    );
    let input = dir.write("notes.txt", "Edge pools: edge1, edge2\n");
    let err = plan_fails(&dir, &input, AMSTERDAM, BOSTON, 2);
    assert!(
        err.contains("This is not XML") && err.contains("line 1, column 1"),
        "{err}"
    );

    let input = dir.write("cut.xml", &sample_text()[..5000]);
    let err = plan_fails(&dir, &input, AMSTERDAM, BOSTON, 2);
    assert!(err.contains("cut off"), "{err}");
}

#[test]
fn a_huge_file_is_exit_2_without_reading_it() {
    let dir = Scratch::new("huge");
    let path = dir.path("huge.xml");
    // Sparse: the size is what the CLI checks, before it reads a byte.
    fs::File::create(&path).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let err = plan_fails(&dir, &path, AMSTERDAM, BOSTON, 2);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(err.contains("The file is 200.0 MB"), "{err}");
}

#[test]
fn a_topology_with_errors_is_exit_2() {
    let dir = Scratch::new("errors");
    let text = sample_text().replacen(
        "<ServiceId SiteId=\"2\" RoleName=\"EdgeServer\" Instance=\"1\" />",
        "<ServiceId SiteId=\"2\" RoleName=\"EdgeServer\" Instance=\"9\" />",
        1,
    );
    let input = dir.write("dangling.xml", &text);
    let err = plan_fails(&dir, &input, AMSTERDAM, BOSTON, 2);
    assert!(err.contains("The topology has errors"), "{err}");
    assert!(err.contains("EdgeServer 9 in site 2"), "{err}");
    assert!(err.contains("(line "), "the finding says where: {err}");
}

#[test]
fn a_plan_that_cannot_be_made_is_exit_3() {
    let dir = Scratch::new("no-plan");
    let input = dir.write("topology.xml", sample_text());
    let err = plan_fails(&dir, &input, AMSTERDAM, AMSTERDAM, 3);
    assert_eq!(
        err,
        format!("edge-failover: {AMSTERDAM} cannot take over: it is the failed pool.\n")
    );
    let err = plan_fails(&dir, &input, AMSTERDAM, "nosuch.fabrikam.com", 3);
    assert_eq!(
        err,
        "edge-failover: There is no pool nosuch.fabrikam.com in the topology.\n"
    );
    let err = plan_fails(&dir, &input, AMSTERDAM, "pool-boston.fabrikam.com", 3);
    assert!(err.contains("is not an Edge pool"), "{err}");

    let no_edge = r#"<Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008"><Sites><CentralSite SiteId="1"><Name>Solo</Name></CentralSite></Sites></Topology>"#;
    let input = dir.write("no-edge.xml", no_edge);
    let err = plan_fails(&dir, &input, AMSTERDAM, BOSTON, 3);
    assert!(err.contains("no Edge pool"), "{err}");
}

#[test]
fn usage_errors_are_exit_2() {
    let dir = Scratch::new("usage");
    let input = dir.write("topology.xml", sample_text());
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["inspect"],
        vec!["inspect", p(&input), "--colour"],
        vec![
            "plan",
            p(&input),
            "--failed",
            AMSTERDAM,
            "--topology-out",
            "a",
            "--checklist-out",
            "b",
        ],
        vec![
            "plan",
            p(&input),
            "--to",
            BOSTON,
            "--topology-out",
            "a",
            "--checklist-out",
            "b",
        ],
        vec![
            "plan",
            p(&input),
            "--failed",
            AMSTERDAM,
            "--to",
            BOSTON,
            "--checklist-out",
            "b",
        ],
        vec!["candidates", p(&input)],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("usage:") || r.stderr.contains("--"),
            "{args:?}: {}",
            r.stderr
        );
    }
    assert_eq!(dir.files(), ["topology.xml"]);
    let r = run(["--help"]);
    ok(&r);
    assert!(r.stdout.contains("Exit codes: 0 done, 2 unreadable or invalid input"));
}

#[test]
fn every_subcommand_has_its_help_and_the_program_its_version() {
    for (sub, options) in [
        ("inspect", &["--json"][..]),
        ("candidates", &["--failed <FQDN>", "--failed-site <SITE>", "--json"]),
        (
            "plan",
            &[
                "--to <FQDN>",
                "--xmpp",
                "--xmpp-to <FQDN>",
                "--reassociate",
                "--failback",
                "--keep-temporary-federation",
                "--clear-other-federation",
                "--topology-out <PATH>",
                "--checklist-out <PATH>",
                "--checklist-html-out <PATH>",
            ],
        ),
        ("verify", &["--planned <PLANNED>", "--published <PUBLISHED>"]),
        (
            "readiness",
            &[
                "--json",
                "--out <PATH>",
                "--html-out <PATH>",
                "--plans-dir <DIR>",
                "--date <YYYY-MM-DD>",
            ],
        ),
        ("completions", &[]),
    ] {
        for args in [vec![sub, "--help"], vec!["help", sub]] {
            let r = run(&args);
            ok(&r);
            assert!(
                r.stdout.contains(&format!("Usage: edge-failover {sub}")),
                "{args:?}: {}",
                r.stdout
            );
            for option in options {
                assert!(r.stdout.contains(option), "{args:?} lacks {option}: {}", r.stdout);
            }
        }
    }
    let r = run(["--version"]);
    ok(&r);
    assert_eq!(r.stdout, format!("edge-failover {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_usage_error_names_the_argument_and_the_subcommand_usage() {
    let dir = Scratch::new("usage-names");
    let input = dir.write("topology.xml", sample_text());
    for (args, named) in [
        (vec!["inspect", p(&input), "--colour"], "'--colour'"),
        (vec!["candidates", p(&input), "--failed"], "'--failed <FQDN>'"),
        (vec!["frobnicate"], "'frobnicate'"),
        (vec!["inspect", p(&input), "other.xml"], "'other.xml'"),
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(named), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    // A required option the subcommand asks for in its own words, then its usage.
    let r = run([
        "plan",
        p(&input),
        "--failed",
        AMSTERDAM,
        "--to",
        BOSTON,
        "--checklist-out",
        "b",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("edge-failover: --topology-out PATH is required\n\nUsage: edge-failover plan FILE"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("try 'edge-failover plan --help'"), "{}", r.stderr);
    // Given twice, the last one counts, as before clap.
    let (topology, checklist) = (dir.path("out.xml"), dir.path("out.md"));
    let mut args = plan_args(p(&input), AMSTERDAM, "nosuch.fabrikam.com", p(&topology), p(&checklist));
    args.extend(["--to", BOSTON]);
    ok(&run(&args));
}

#[test]
fn completions_are_offered_for_the_shells() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef edge-failover"),
        ("fish", "complete -c edge-failover"),
    ] {
        let r = run(["completions", shell]);
        ok(&r);
        assert!(r.stdout.contains(marker), "{shell}: {}", r.stdout);
        for sub in ["inspect", "candidates", "plan", "verify", "readiness"] {
            assert!(r.stdout.contains(sub), "{shell} lacks {sub}");
        }
        assert!(r.stdout.contains("checklist-html-out"), "{shell}");
        assert!(r.stdout.contains("plans-dir"), "{shell}");
    }
    let r = run(["completions", "tcsh"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("'tcsh'"), "{}", r.stderr);
}

#[test]
fn a_failed_write_leaves_no_output() {
    let dir = Scratch::new("write-fails");
    let input = dir.write("topology.xml", sample_text());
    let topology = dir.write("out.xml", "previous plan\n");
    // The checklist cannot be written: the topology must not be replaced either.
    let checklist = dir.path("missing-dir").join("out.md");
    let r = run(plan_args(p(&input), AMSTERDAM, BOSTON, p(&topology), p(&checklist)));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    assert!(r.stderr.contains("out.md"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&topology).unwrap(), "previous plan\n");
    assert_eq!(dir.files(), ["out.xml", "topology.xml"], "no temporary file is left");

    let fresh = dir.path("fresh.xml");
    let r = run(plan_args(p(&input), AMSTERDAM, BOSTON, p(&fresh), p(&checklist)));
    assert_eq!(r.code, 2);
    assert!(!fresh.exists());
}

#[test]
fn plan_also_writes_the_offline_html_checklist() {
    let dir = Scratch::new("html");
    let input = dir.write("sample.xml", sample_text());
    let (topology, checklist, html) = (dir.path("out.xml"), dir.path("out.md"), dir.path("out.html"));
    let mut args = plan_args(p(&input), AMSTERDAM, BOSTON, p(&topology), p(&checklist));
    args.extend(["--checklist-html-out", p(&html), "--json"]);
    let r = run(&args);
    ok(&r);
    assert_eq!(json(&r)["checklist_html_out"], p(&html));
    let page = fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("default-src 'none'"));
    assert!(!page.contains("<script"));
    let steps = json(&r)["steps"].as_u64().unwrap() as usize;
    assert_eq!(page.matches("<section class=\"step\"").count(), steps);
    assert!(page.contains(AMSTERDAM) && page.contains(BOSTON));
}

#[test]
fn output_into_a_closed_pipe_is_not_a_crash() {
    use std::process::Stdio;
    let dir = Scratch::new("pipe");
    let input = dir.write("sample.xml", sample_text());
    // As `edge-failover inspect … | head -1`, made certain: the pipe has no reader at all
    // before the program starts, so its first write fails.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_edge-failover"))
        .args(["inspect", p(&input)])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

// ---- real enterprise topologies ----

#[test]
fn clearing_the_other_federated_pools_is_asked_for_on_the_command_line() {
    let dir = Scratch::new("clear-other");
    let input = support::own_fixtures().join("woodgrove-lync2013-four-edges.xml");
    let bytes = fs::read(&input).unwrap();
    let (failed, to) = ("edgepool-amsterdam.woodgrove.com", "edgepool-boston.woodgrove.com");
    let (topology, checklist) = (dir.path("out.xml"), dir.path("out.md"));
    let federated = |path: &Path| -> Vec<String> {
        let file = TopologyFile::read(&fs::read(path).unwrap()).unwrap();
        let t = &file.topology;
        let mut v: Vec<String> = t.federation_pools().map(|e| t.pools[e.pool].fqdn.clone()).collect();
        v.sort();
        v
    };

    // By default the three healthy federated pools keep their federation.
    let r = run(plan_args(p(&input), failed, to, p(&topology), p(&checklist)));
    ok(&r);
    assert!(
        r.stdout.contains(
            "SIP federation kept on: edgepool2-amsterdam.woodgrove.com, edgepool3-amsterdam.woodgrove.com, edgepool4-amsterdam.woodgrove.com"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(
        federated(&topology),
        [
            "edgepool-boston.woodgrove.com",
            "edgepool2-amsterdam.woodgrove.com",
            "edgepool3-amsterdam.woodgrove.com",
            "edgepool4-amsterdam.woodgrove.com"
        ]
    );
    assert!(fs::read(&topology).unwrap() == library_plan(&bytes, failed, to, false));

    // Asked to, it clears them, says so, and writes what the library writes.
    let mut args = plan_args(p(&input), failed, to, p(&topology), p(&checklist));
    args.push("--clear-other-federation");
    let r = run(&args);
    ok(&r);
    assert!(r.stdout.contains("SIP federation also cleared on:"), "{}", r.stdout);
    assert_eq!(federated(&topology), ["edgepool-boston.woodgrove.com"]);
    let file = TopologyFile::read(&bytes).unwrap();
    let mut request = FailoverRequest::pool(failed, to).clearing_other_federation();
    request.move_xmpp = Some(false);
    assert!(fs::read(&topology).unwrap() == plan::make_plan(&file, &request).unwrap().written.topology_bytes);

    args.push("--json");
    let v = json(&run(&args));
    assert_eq!(v["sip_federation_cleared"].as_array().unwrap().len(), 4);
    assert_eq!(v["sip_federation_kept"], serde_json::json!([]));
}

#[test]
fn plan_failback_keeps_federation_on_the_temporary_pool_only_when_asked() {
    let dir = Scratch::new("keep-temporary");
    let input = support::own_fixtures().join("woodgrove-lync2013-four-edges.xml");
    let original = fs::read(&input).unwrap();
    let (failed, temporary) = ("edgepool-amsterdam.woodgrove.com", "edgepool2-amsterdam.woodgrove.com");
    let (over, back, checklist) = (dir.path("over.xml"), dir.path("back.xml"), dir.path("out.md"));
    ok(&run(plan_args(p(&input), failed, temporary, p(&over), p(&checklist))));

    // Not on a failover.
    let mut args = plan_args(p(&input), failed, temporary, p(&back), p(&checklist));
    args.push("--keep-temporary-federation");
    let r = run(&args);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("--keep-temporary-federation goes with --failback"),
        "{}",
        r.stderr
    );
    assert!(!back.exists());

    // A failback warns before clearing it, and keeps it when asked: the original file again.
    let mut args = plan_args(p(&over), temporary, failed, p(&back), p(&checklist));
    args.push("--failback");
    let r = run(&args);
    ok(&r);
    assert!(
        r.stdout
            .contains("warning: This failback clears SIP federation on edgepool2-amsterdam.woodgrove.com"),
        "{}",
        r.stdout
    );
    let clear = "Clear **Enable federation for this Edge pool (Port 5061)** on `edgepool2-amsterdam.woodgrove.com`";
    assert!(fs::read_to_string(&checklist).unwrap().contains(clear));
    args.push("--keep-temporary-federation");
    let r = run(&args);
    ok(&r);
    assert!(
        r.stdout
            .contains("note: As you chose, edgepool2-amsterdam.woodgrove.com keeps its federation"),
        "{}",
        r.stdout
    );
    assert!(fs::read(&back).unwrap() == original);
    let markdown = fs::read_to_string(&checklist).unwrap();
    assert!(!markdown.contains(clear));
}

#[test]
fn inspect_and_candidates_show_routes_rank_and_dead_ends() {
    let routes = support::own_fixtures().join("northwind-site-routes.xml");
    let r = run(["inspect", p(&routes)]);
    ok(&r);
    for line in [
        "    Federation route: route names edgepool-amsterdam.northwindtraders.com (inferred reading)",
        "    Federation route: route names dir-boston.northwindtraders.com (inferred reading)",
    ] {
        assert!(r.stdout.lines().any(|l| l == line), "{line:?} in\n{}", r.stdout);
    }
    assert!(r
        .stdout
        .contains("    Federation route: route holds something the planner does not understand"));

    let four = support::own_fixtures().join("woodgrove-lync2013-four-edges.xml");
    let r = run(["candidates", p(&four), "--failed", "edgepool-amsterdam.woodgrove.com"]);
    ok(&r);
    assert!(
        r.stdout.starts_with("edgepool-boston.woodgrove.com (eligible)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("  * already federated: its ports do not change\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("  * no Front End pool uses it for media\n"),
        "{}",
        r.stdout
    );

    let dir = Scratch::new("dead-end");
    let mut spec = support::generator::Spec::sized(1, 5);
    spec.domains = vec!["proseware.com".into()];
    let single = dir.write("single.xml", support::generator::generate(&spec));
    let r = run(["candidates", p(&single), "--failed", "edgepool-amsterdam.proseware.com"]);
    ok(&r);
    assert!(
        r.stdout
            .contains("What you can do: restore edgepool-amsterdam.proseware.com"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("add an Edge pool in another site first"),
        "{}",
        r.stdout
    );
}

// --- verify: the topology exported after the publish against the planned one (issue 16).

#[test]
fn verify_says_whether_each_published_case_is_what_was_planned() {
    let dir = support::published::dir();
    let scratch = Scratch::new("verify");
    // The planned file is what `plan` writes, as the administrator would have it.
    let planned = scratch.path("planned.xml");
    let made = run([
        "plan".as_ref(),
        dir.join("original.xml").as_os_str(),
        "--failed-site".as_ref(),
        support::published::FAILED_SITE.as_ref(),
        "--to".as_ref(),
        support::published::SURVIVOR.as_ref(),
        "--xmpp".as_ref(),
        "--topology-out".as_ref(),
        planned.as_os_str(),
        "--checklist-out".as_ref(),
        scratch.path("checklist.md").as_os_str(),
    ] as [&std::ffi::OsStr; 11]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert_eq!(fs::read(&planned).unwrap(), fs::read(dir.join("planned.xml")).unwrap());

    for case in support::published::cases() {
        let published = dir.join(format!("published-{}.xml", case.name));
        let r = run([
            "verify".as_ref(),
            "--planned".as_ref(),
            planned.as_os_str(),
            "--published".as_ref(),
            published.as_os_str(),
        ]);
        assert_eq!(
            r.code,
            if case.matches { 0 } else { 4 },
            "{}: {}{}",
            case.name,
            r.stdout,
            r.stderr
        );
        assert!(r.stderr.is_empty(), "{}: {}", case.name, r.stderr);
        let headline = if case.matches {
            "The published topology matches the plan.\n"
        } else {
            "The published topology differs from the plan.\n"
        };
        assert!(r.stdout.starts_with(headline), "{}: {}", case.name, r.stdout);
        for d in case.differences {
            assert!(
                r.stdout.contains(&format!("  - {d}")),
                "{}: {d}\n{}",
                case.name,
                r.stdout
            );
        }
        if case.name == "unrelated-change" {
            assert!(
                r.stdout.contains("+      <Location City=\"Stellenbosch\""),
                "{}",
                r.stdout
            );
        }

        let j = run([
            "verify".as_ref(),
            "--planned".as_ref(),
            planned.as_os_str(),
            "--published".as_ref(),
            published.as_os_str(),
            "--json".as_ref(),
        ]);
        assert_eq!(j.code, r.code);
        let v: Value = serde_json::from_str(&j.stdout).unwrap();
        assert_eq!(v["matches"], case.matches, "{}", case.name);
        assert_eq!(v["federation_matches"], case.federation_matches, "{}", case.name);
        assert_eq!(
            v["differences"].as_array().unwrap().len(),
            case.differences.len(),
            "{}",
            case.name
        );
    }
}

#[test]
fn verify_exits_2_on_an_unreadable_file_or_a_missing_option() {
    let dir = support::published::dir();
    let scratch = Scratch::new("verify-bad");
    let zip = scratch.write("published.xml", b"PK\x03\x04\x14\x00 not a topology");
    let planned = dir.join("planned.xml");
    let r = run([
        "verify".as_ref(),
        "--planned".as_ref(),
        planned.as_os_str(),
        "--published".as_ref(),
        zip.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("published.xml"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = run(["verify".as_ref(), "--planned".as_ref(), planned.as_os_str()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--published PATH is required"), "{}", r.stderr);
    let r = run([
        "verify".as_ref(),
        "--planned".as_ref(),
        scratch.path("missing.xml").as_os_str(),
        "--published".as_ref(),
        planned.as_os_str(),
    ]);
    assert_eq!(r.code, 2);
}

#[test]
fn plan_writes_the_failback_apart_says_the_rules_held_and_takes_route_b_only_when_asked() {
    let dir = Scratch::new("failback-out");
    let input = dir.write("sample.xml", sample_text());
    let (topology, checklist, back, back_html) = (
        dir.path("out.xml"),
        dir.path("out.md"),
        dir.path("back.md"),
        dir.path("back.html"),
    );
    let mut args = plan_args(p(&input), AMSTERDAM, BOSTON, p(&topology), p(&checklist));
    args.extend([
        "--failback-out",
        p(&back),
        "--failback-html-out",
        p(&back_html),
        "--json",
    ]);
    let r = run(&args);
    ok(&r);
    let report = json(&r);
    // Each rule by name, with whether it held.
    let rules = report["safety"].as_array().unwrap();
    assert_eq!(rules.len(), 9);
    assert!(rules.iter().all(|r| r["held"] == true));
    assert_eq!(rules[0]["rule"], "check-before-change");
    assert_eq!(report["route"], "topology_builder");
    // Two documents: the failover's, and the failback's, each as the library renders it.
    let file = TopologyFile::read(sample_text().as_bytes()).unwrap();
    // The command line moves XMPP only with --xmpp.
    let request = FailoverRequest {
        move_xmpp: Some(false),
        ..FailoverRequest::pool(AMSTERDAM, BOSTON)
    };
    let plan = plan::make_plan(&file, &request).unwrap();
    let list = edge_failover_planner::checklist::build_for(&file, &plan, "sample.xml", "out.xml");
    let failback = edge_failover_planner::checklist::markdown::render_phase(
        &list,
        edge_failover_planner::checklist::Phase::Failback,
    );
    assert_eq!(fs::read_to_string(&back).unwrap(), failback);
    assert!(fs::read_to_string(&back_html).unwrap().starts_with("<!doctype html>"));
    let over = fs::read_to_string(&checklist).unwrap();
    assert!(!over.contains("Failback:") && failback.starts_with("# Edge federation failback"));
    assert!(
        !over.contains("Publish-CsTopology -FileName 'C:\\EdgeFailover\\out.xml'"),
        "route A by default"
    );

    // Route B, asked for: the modified file published, then the simple URLs.
    let mut args = plan_args(p(&input), AMSTERDAM, BOSTON, p(&topology), p(&checklist));
    args.extend(["--route", "publish-file"]);
    ok(&run(&args));
    let over = fs::read_to_string(&checklist).unwrap();
    assert!(over.contains("Publish-CsTopology -FileName 'C:\\EdgeFailover\\out.xml'"));
    assert!(over.contains("Restore the simple URLs"));
    let r = run([
        "plan",
        p(&input),
        "--failed",
        AMSTERDAM,
        "--to",
        BOSTON,
        "--route",
        "sideways",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--route"), "{}", r.stderr);

    // A failback plan is one document: --failback-out has nothing to write.
    let back_xml = dir.path("back.xml");
    let r = run([
        "plan",
        p(&topology),
        "--failed",
        BOSTON,
        "--to",
        AMSTERDAM,
        "--failback",
        "--topology-out",
        p(&back_xml),
        "--checklist-out",
        p(&checklist),
        "--failback-out",
        p(&back),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn a_plan_with_no_topology_change_writes_no_topology() {
    let dir = Scratch::new("no-change");
    let input = dir.write(
        "adatum.xml",
        fs::read_to_string(support::own_fixtures().join("adatum-2019.xml")).unwrap(),
    );
    let (topology, checklist) = (dir.path("out.xml"), dir.path("out.md"));
    let r = run([
        "plan",
        p(&input),
        "--failed-site",
        "Boston",
        "--to",
        "edgepool-amsterdam.adatum.com",
        "--topology-out",
        p(&topology),
        "--checklist-out",
        p(&checklist),
    ]);
    ok(&r);
    assert!(
        r.stdout.contains("No topology change; nothing to publish"),
        "{}",
        r.stdout
    );
    assert!(!topology.exists(), "no empty file is offered");
    assert!(fs::read_to_string(&checklist)
        .unwrap()
        .contains("No topology change; nothing to publish"));
}

// ---- readiness ----

const DATE: &str = "2025-06-02";

fn readiness_report(bytes: &[u8], name: &str) -> readiness::Report {
    readiness::build(&TopologyFile::read(bytes).unwrap(), name, DATE).unwrap()
}

/// Exit 0 when no row is blocked (the four paired pools), 5 when one is (the sample, whose
/// sites fail with no backup pool); the report on stdout is the library's, and so are the
/// files written with --out and --html-out, and the JSON.
#[test]
fn readiness_exits_0_or_5_and_writes_the_library_report() {
    let dir = Scratch::new("readiness");
    for (name, bytes, code) in [
        (
            "woodgrove.xml",
            fs::read(support::own_fixtures().join("woodgrove-lync2013-four-edges.xml")).unwrap(),
            0,
        ),
        ("sample.xml", sample_text().into_bytes(), 5),
    ] {
        let input = dir.write(name, &bytes);
        let report = readiness_report(&bytes, name);
        assert_eq!(report.any_blocked(), code == 5);

        let r = run(["readiness", p(&input), "--date", DATE]);
        assert_eq!(r.code, code, "{name}: {}", r.stderr);
        assert_eq!(r.stdout, readiness::render::markdown(&report), "{name}");
        assert!(r.stderr.is_empty(), "{}", r.stderr);

        let (md, html) = (dir.path("report.md"), dir.path("report.html"));
        let r = run([
            "readiness",
            p(&input),
            "--date",
            DATE,
            "--out",
            p(&md),
            "--html-out",
            p(&html),
        ]);
        assert_eq!(r.code, code, "{name}: {}", r.stderr);
        assert_eq!(fs::read_to_string(&md).unwrap(), readiness::render::markdown(&report));
        assert_eq!(fs::read_to_string(&html).unwrap(), readiness::render::html(&report));
        let [ready, work, blocked] = report.counts();
        assert!(
            r.stdout
                .contains(&format!("{ready} ready, {work} ready with work, {blocked} blocked.")),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains(&format!("Wrote {}.", p(&md))), "{}", r.stdout);

        let r = run(["readiness", p(&input), "--date", DATE, "--json"]);
        assert_eq!(r.code, code);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["date"], DATE);
        assert_eq!(v["rows"].as_array().unwrap().len(), report.rows.len());
        for (row, json) in report.rows.iter().zip(v["rows"].as_array().unwrap()) {
            assert_eq!(json["id"], row.id.as_str());
            assert_eq!(json["verdict"], serde_json::to_value(row.verdict).unwrap());
            assert_eq!(json["request"], serde_json::to_value(&row.request).unwrap());
        }
        assert_eq!(v["preparation"].as_array().unwrap().len(), report.preparation.len());
    }
    // Today's date (UTC) when none is given.
    let input = dir.path("woodgrove.xml");
    let r = run(["readiness", p(&input)]);
    ok(&r);
    let today = readiness::utc_date(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as f64,
    );
    assert!(r.stdout.contains(&format!("Dated `{today}`")), "{}", &r.stdout[..300]);
}

/// Each row's plan in the plans directory, named by failure and survivor: the modified
/// topology and the checklist (its failover and its failback), byte for byte what `plan`
/// writes for the same choice; a row with no plan writes nothing.
#[test]
fn readiness_plans_dir_holds_what_plan_writes_for_each_row() {
    let dir = Scratch::new("readiness-plans");
    for fixture in [
        support::own_fixtures().join("woodgrove-lync2013-four-edges.xml"),
        support::own_fixtures().join("northwind-site-routes.xml"),
        support::own_fixtures().join("dead-end/proseware-single-edge.xml"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sample.xml"),
    ] {
        let name = support::name(&fixture);
        let bytes = fs::read(&fixture).unwrap();
        let input = dir.write(&name, &bytes);
        let plans = dir.path(&format!("plans-{name}"));
        let r = run(["readiness", p(&input), "--date", DATE, "--plans-dir", p(&plans)]);
        let report = readiness_report(&bytes, &name);
        assert_eq!(r.code, if report.any_blocked() { 5 } else { 0 }, "{name}: {}", r.stderr);
        let mut expected = Vec::new();
        let again = dir.path("again");
        fs::create_dir_all(&again).unwrap();
        for row in &report.rows {
            let Some(files) = row.files.as_ref().filter(|_| row.writes_plan()) else {
                continue;
            };
            let changes = row.plan.as_ref().is_some_and(|p| p.changes_topology);
            if changes {
                expected.push(files.topology.clone());
            }
            expected.extend([
                files.checklist.clone(),
                files.checklist_html.clone(),
                files.failback.clone(),
                files.failback_html.clone(),
            ]);
            let request = row.request.as_ref().unwrap();
            let mut args: Vec<String> = vec!["plan".into(), p(&input).into()];
            match &request.failure {
                Failure::Pool(pool) => args.extend(["--failed".into(), pool.clone()]),
                Failure::Site(site) => args.extend(["--failed-site".into(), site.clone()]),
            }
            let (t, c, h, b, bh) = (
                again.join(&files.topology),
                again.join(&files.checklist),
                again.join(&files.checklist_html),
                again.join(&files.failback),
                again.join(&files.failback_html),
            );
            args.extend([
                "--to".into(),
                request.survivor.clone(),
                "--xmpp".into(),
                "--topology-out".into(),
                p(&t).into(),
                "--checklist-out".into(),
                p(&c).into(),
                "--checklist-html-out".into(),
                p(&h).into(),
                "--failback-out".into(),
                p(&b).into(),
                "--failback-html-out".into(),
                p(&bh).into(),
            ]);
            ok(&run(&args));
            let mut pairs = vec![
                (&files.checklist, &c),
                (&files.checklist_html, &h),
                (&files.failback, &b),
                (&files.failback_html, &bh),
            ];
            if changes {
                pairs.push((&files.topology, &t));
            }
            for (mine, theirs) in pairs {
                assert!(
                    fs::read(plans.join(mine)).unwrap() == fs::read(theirs).unwrap(),
                    "{name} {}: {mine} differs from plan's",
                    row.id
                );
            }
            // The failover and the failback are two documents.
            let back = fs::read_to_string(&b).unwrap();
            assert!(
                back.contains("\n## Failback: "),
                "{name} {}: the failback is its own",
                row.id
            );
        }
        let mut names: Vec<String> = if plans.exists() {
            fs::read_dir(&plans)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        } else {
            Vec::new()
        };
        names.sort();
        expected.sort();
        assert_eq!(names, expected, "{name}: every plan, nothing else");
        assert!(
            r.stdout
                .contains(&format!("Wrote {} plan files to {}.", expected.len(), p(&plans))),
            "{}",
            r.stdout
        );
        fs::remove_dir_all(&again).unwrap();
    }
    // Named by failure and survivor, so every row has its own.
    let woodgrove: Vec<String> = fs::read_dir(dir.path("plans-woodgrove-lync2013-four-edges.xml"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    assert!(woodgrove.contains(
        &"woodgrove-lync2013-four-edges.edgepool3-amsterdam-fails.failover-to-edgepool-boston.xml".to_owned()
    ));
    assert!(woodgrove
        .contains(&"woodgrove-lync2013-four-edges.site-Amsterdam-fails.failover-to-edgepool-boston.xml".to_owned()));
    // Seven rows; Boston's site failing changes nothing in the topology, so it has no file.
    assert_eq!(woodgrove.len(), 6);
}

/// Unreadable input is exit 2, with nothing written; so are a bad date and a plans directory
/// that cannot be written (what was written before is removed).
#[test]
fn readiness_unreadable_input_is_exit_2_and_writes_nothing() {
    let dir = Scratch::new("readiness-bad");
    let broken = dir.write(
        "broken.xml",
        sample_text().replace("<Name>Boston</Name>", "<Name>Boston</Nmae>"),
    );
    let missing = dir.path("missing.xml");
    let errors = dir.write(
        "dangling.xml",
        sample_text().replacen(
            "<ServiceId SiteId=\"2\" RoleName=\"EdgeServer\" Instance=\"1\" />",
            "<ServiceId SiteId=\"2\" RoleName=\"EdgeServer\" Instance=\"9\" />",
            1,
        ),
    );
    let good = dir.write("sample.xml", sample_text());
    let out = dir.path("report.md");
    for (input, says) in [
        (&broken, "not well-formed"),
        (&missing, "No such file"),
        (&errors, "The topology has errors"),
    ] {
        let r = run([
            "readiness",
            p(input),
            "--out",
            p(&out),
            "--plans-dir",
            p(&dir.path("plans")),
        ]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.starts_with("edge-failover: ") && r.stderr.contains(says),
            "{}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
        assert!(!out.exists());
    }
    let r = run(["readiness", p(&good), "--date", "2 June"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("YYYY-MM-DD"), "{}", r.stderr);
    let r = run(["readiness", p(&good), "--colour"]);
    assert_eq!(r.code, 2);
    let r = run(["readiness"]);
    assert_eq!(r.code, 2);
    // The plans directory is a file: nothing can be written into it.
    let not_a_dir = dir.write("plans-file", "x");
    let r = run(["readiness", p(&good), "--out", p(&out), "--plans-dir", p(&not_a_dir)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!out.exists());
    // A report file that cannot be written removes the plans already written.
    let plans = dir.path("plans-undone");
    let r = run([
        "readiness",
        p(&good),
        "--plans-dir",
        p(&plans),
        "--out",
        p(&dir.path("no-such-dir").join("report.md")),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        fs::read_dir(&plans).unwrap().count(),
        0,
        "the plans written were removed"
    );
    let mut left = dir.files();
    left.retain(|f| f.starts_with('.'));
    assert!(left.is_empty(), "no temporary file is left: {left:?}");
}

/// Issue 20, 3.2: --xmpp-to moves XMPP federation to another healthy pool that already carries
/// the XMPP ports, as the library plans it; the pools it can go to are listed; a pool that
/// cannot take it is refused with the reason and the choices; it goes with --xmpp, and not
/// with a failback.
#[test]
fn plan_xmpp_to_another_pool_that_already_carries_it() {
    let dir = Scratch::new("xmpp-to");
    let input = support::own_fixtures().join("woodgrove-lync2013-four-edges.xml");
    let bytes = fs::read(&input).unwrap();
    let (failed, survivor, xmpp_to) = (
        "edgepool-amsterdam.woodgrove.com",
        "edgepool-boston.woodgrove.com",
        "edgepool2-amsterdam.woodgrove.com",
    );
    let (topology, checklist, failback) = (dir.path("t.xml"), dir.path("c.md"), dir.path("f.md"));
    let mut args = plan_args(p(&input), failed, survivor, p(&topology), p(&checklist));
    args.extend(["--xmpp", "--xmpp-to", xmpp_to, "--failback-out", p(&failback)]);
    let r = run(&args);
    ok(&r);
    assert!(
        r.stdout.contains(&format!("XMPP federation moves to: {xmpp_to}")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("XMPP targets (--xmpp-to): edgepool-boston.woodgrove.com, edgepool2-amsterdam.woodgrove.com, edgepool3-amsterdam.woodgrove.com, edgepool4-amsterdam.woodgrove.com"),
        "{}",
        r.stdout
    );
    let file = TopologyFile::read(&bytes).unwrap();
    let request = FailoverRequest::pool(failed, survivor).moving_xmpp_to(xmpp_to);
    assert!(fs::read(&topology).unwrap() == plan::make_plan(&file, &request).unwrap().written.topology_bytes);
    assert!(fs::read_to_string(&checklist)
        .unwrap()
        .contains("Point the XMPP DNS records at `edgepool2-amsterdam.woodgrove.com`"));
    assert!(fs::read_to_string(&failback)
        .unwrap()
        .contains("comes back to `edgepool-amsterdam.woodgrove.com` from `edgepool2-amsterdam.woodgrove.com`"));
    args.push("--json");
    let v = json(&run(&args));
    assert_eq!(v["xmpp_to"], xmpp_to);
    assert_eq!(v["xmpp_targets"].as_array().unwrap().len(), 4);

    // The failed pool cannot take it: the reason and the pools that can.
    let mut args = plan_args(p(&input), failed, survivor, p(&topology), p(&checklist));
    args.extend(["--xmpp", "--xmpp-to", failed]);
    let r = run(&args);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("edgepool-amsterdam.woodgrove.com cannot take XMPP federation: it is a failed pool. XMPP federation can move to: edgepool-boston.woodgrove.com, edgepool2-amsterdam.woodgrove.com"),
        "{}",
        r.stderr
    );
    // Without --xmpp, and on a failback, it is refused.
    let mut args = plan_args(p(&input), failed, survivor, p(&topology), p(&checklist));
    args.extend(["--xmpp-to", xmpp_to]);
    assert_eq!(run(&args).code, 2);
    let mut args = plan_args(p(&input), survivor, failed, p(&topology), p(&checklist));
    args.extend(["--failback", "--xmpp", "--xmpp-to", xmpp_to]);
    let r = run(&args);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--xmpp-to goes with a failover"), "{}", r.stderr);
}
