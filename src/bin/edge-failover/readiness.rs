//! `edge-failover readiness`: every Edge failure planned in advance. The report goes to stdout
//! (Markdown, or JSON) unless written to files; each row's plan goes to the plans directory as
//! `plan` writes it for the same choice, written as it is made (a large topology's plans do not
//! fit in memory together) and removed again on a failure. A blocked row is exit 5.

use std::fs;
use std::path::{Path, PathBuf};

use edge_failover_planner::{checklist, readiness};

use crate::args::ReadinessArgs;
use crate::cli::{to_json, Failed};
use crate::files::{file_name, load, write_all, write_one};

/// Every Edge failure planned in advance: the report on stdout (Markdown, or JSON) unless
/// written to files, and each row's plan in the plans directory as `plan` writes it.
pub fn run(a: ReadinessArgs) -> Result<(), Failed> {
    let date = match a.date.as_deref() {
        Some(d) if is_date(d) => d.to_owned(),
        Some(d) => return Err(Failed::Input(format!("--date {d}: give the day as YYYY-MM-DD"))),
        None => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_millis() as f64);
            readiness::utc_date(now)
        }
    };
    let file = load(&a.file)?;
    let name = file_name(&a.file);
    let dir = a.plans_dir.as_deref().map(Path::new);
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
        let back = checklist::markdown::render_phase(&list, checklist::Phase::Failback);
        let back_html = checklist::html::render_phase(&list, checklist::Phase::Failback);
        let mut outputs: Vec<(PathBuf, &[u8])> = Vec::new();
        // As `plan` does: a plan that changes nothing writes no topology.
        if plan.changes_topology() {
            outputs.push((dir.join(&files.topology), readiness::facts::topology_bytes(plan)));
        }
        outputs.extend([
            (dir.join(&files.checklist), markdown.as_bytes()),
            (dir.join(&files.checklist_html), html.as_bytes()),
            (dir.join(&files.failback), back.as_bytes()),
            (dir.join(&files.failback_html), back_html.as_bytes()),
        ]);
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
    let markdown = a.out.as_deref().map(|p| (p, readiness::render::markdown(&report)));
    let html = a.html_out.as_deref().map(|p| (p, readiness::render::html(&report)));
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
