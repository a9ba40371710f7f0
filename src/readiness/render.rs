//! The report as Markdown and as one offline HTML file, in the checklist's conventions: its
//! escaping and markup of values (`checklist::markdown`, `checklist::html`), the HTML file's
//! policy and style (nothing loads or runs), printable on A4. One walk writes both; each
//! format is a [`Markup`].

use crate::checklist::text::{text, value, Span, Text};
use crate::checklist::{html, markdown};
use crate::plan::{CheckSeverity, Failure};

use super::needs::{Item, Team};
use super::{Report, Row, Verdict};

/// How one format writes the report's parts.
struct Markup {
    /// A text with values from the file kept apart.
    inline: fn(&Text) -> String,
    /// The planner's own words.
    escape: fn(&str) -> String,
    /// Around bold words.
    strong: [&'static str; 2],
    /// Around a heading of level 2 and 3, given an anchor.
    heading: fn(u8, &str, &str, &mut String),
    paragraph: [&'static str; 2],
    /// Before a list, around each item, after it.
    list: [&'static str; 4],
    /// Around an item's nested list and each of its items.
    sublist: [&'static str; 4],
    /// A box to tick before a preparation item: whether it is marked done, and the item's
    /// words in plain text (what the box is called).
    tick: fn(bool, &str) -> String,
    /// The start of the file, with its title already marked up and in plain text.
    start: fn(&str, &str, &mut String),
    /// The table (or list) of every row's verdict.
    summary: fn(&Markup, &Report, &mut String),
    /// Around each row.
    row: [&'static str; 2],
    end: &'static str,
}

impl Markup {
    fn strong(&self, s: &str) -> String {
        format!("{}{s}{}", self.strong[0], self.strong[1])
    }

    fn paragraph(&self, s: &str, out: &mut String) {
        out.push_str(self.paragraph[0]);
        out.push_str(s);
        out.push_str(self.paragraph[1]);
    }

    fn list(&self, items: &[String], out: &mut String) {
        if items.is_empty() {
            return;
        }
        out.push_str(self.list[0]);
        for item in items {
            out.push_str(self.list[1]);
            out.push_str(item);
            out.push_str(self.list[2]);
        }
        out.push_str(self.list[3]);
    }

    /// An item with details nested under it.
    fn nested(&self, head: &str, details: &[String]) -> String {
        let mut s = head.to_owned();
        if !details.is_empty() {
            s.push_str(self.sublist[0]);
            for d in details {
                s.push_str(self.sublist[1]);
                s.push_str(d);
                s.push_str(self.sublist[2]);
            }
            s.push_str(self.sublist[3]);
        }
        s
    }
}

pub fn markdown(r: &Report) -> String {
    render(&MARKDOWN, r)
}

pub fn html(r: &Report) -> String {
    render(&HTML, r)
}

fn title(r: &Report) -> Text {
    text![
        "Readiness of ",
        value(&r.topology),
        ": every Edge failure, planned in advance"
    ]
}

fn render(m: &Markup, r: &Report) -> String {
    let mut out = String::new();
    let title = title(r);
    (m.start)(&(m.inline)(&title), &title.plain(), &mut out);
    m.paragraph(
        &(m.inline)(&text![
            "Dated ",
            value(&r.date),
            ". Topology ",
            value(&r.topology),
            ": ",
            value(&r.product),
            " (",
            value(&r.format),
            ")."
        ]),
        &mut out,
    );
    let [ready, work, blocked] = r.counts();
    m.paragraph(
        &(m.escape)(&match r.rows.len() {
            0 => {
                "No failure to plan: no Edge pool carries SIP or XMPP federation or serves a Front End pool.".to_owned()
            }
            n => format!(
                "{n} failure{} planned: {ready} ready, {work} ready with work, {blocked} blocked.",
                if n == 1 { "" } else { "s" }
            ),
        }),
        &mut out,
    );
    m.paragraph(
        &(m.escape)("Each row is the plan the planner makes when that failure is marked and its best survivor chosen, as the page makes it. Ready: nothing blocks it and everything it asks to prepare is marked done. Ready with work: nothing blocks it, and it asks for the preparation listed with it (the topology cannot show certificates, DNS or firewalls). Blocked: something stands in the way; each blocker says what would remove it. The preparation checklist at the end merges what every row asks for, by team."),
        &mut out,
    );
    if !r.rows.is_empty() {
        (m.heading)(2, "failures", &(m.escape)("Failures"), &mut out);
        (m.summary)(m, r, &mut out);
    }
    for row in &r.rows {
        out.push_str(m.row[0]);
        write_row(m, r, row, &mut out);
        out.push_str(m.row[1]);
    }
    if !r.preparation.is_empty() {
        preparation(m, r, &mut out);
    }
    if !r.inferences.is_empty() {
        (m.heading)(2, "inferences", &(m.escape)("What this report infers"), &mut out);
        m.paragraph(
            &(m.escape)("These readings of the topology format are the planner's best understanding, not confirmed by the product documentation or a real export:"),
            &mut out,
        );
        let items: Vec<String> = r
            .inferences
            .iter()
            .map(|i| format!("{}: {}", m.strong(&(m.escape)(i.id)), (m.escape)(i.statement)))
            .collect();
        m.list(&items, &mut out);
    }
    out.push_str(m.end);
    out
}

/// "ready with work, to `edge`", the row's line in the summary.
fn verdict_line(row: &Row) -> Text {
    let mut t = text![row.verdict.label()];
    if let Some(best) = &row.best {
        t.0.extend([Span::from(", to "), value(best)]);
    }
    t
}

fn write_row(m: &Markup, r: &Report, row: &Row, out: &mut String) {
    let mut heading = format!("{}. ", row.number);
    heading.push_str(&(m.inline)(&row.title));
    (m.heading)(2, &format!("row-{}", row.number), &heading, out);
    m.paragraph(
        &format!(
            "{} {}",
            m.strong(&(m.escape)("Verdict:")),
            (m.escape)(&format!("{}.", row.verdict.label()))
        ),
        out,
    );
    // The survivors, best first, with the planner's reasons.
    let survivor = |c: &crate::plan::Candidate| -> String {
        let mut t = text![value(&c.fqdn)];
        if let Some(site) = &c.site {
            t.0.extend([Span::from(" (site "), value(site), Span::from(")")]);
        }
        let mut s = (m.inline)(&t);
        if c.eligible {
            // Each caution and note a sentence of its own: a caution may hold a semicolon.
            let mut parts: Vec<String> = Vec::new();
            parts.extend(c.cautions.iter().map(|x| format!("watch for: {x}")));
            parts.extend(c.notes.iter().cloned());
            let sentences: Vec<String> = parts.iter().map(|p| capitalised(p)).collect();
            if sentences.is_empty() {
                s.push('.');
            } else {
                s.push_str(&(m.escape)(&format!(". {}.", sentences.join(". "))));
            }
        } else {
            s.push_str(&(m.escape)(&format!(": cannot take over: {}.", c.reasons.join("; "))));
        }
        s
    };
    match row.survivors.iter().find(|c| c.eligible) {
        Some(best) => m.paragraph(
            &format!("{} {}", m.strong(&(m.escape)("Best survivor:")), survivor(best)),
            out,
        ),
        None => m.paragraph(
            &format!("{} {}", m.strong(&(m.escape)("Best survivor:")), (m.escape)("none.")),
            out,
        ),
    }
    let others: Vec<String> = row
        .survivors
        .iter()
        .filter(|c| Some(&c.fqdn) != row.best.as_ref())
        .map(survivor)
        .collect();
    if !others.is_empty() {
        let label = if row.best.is_some() {
            "The others, in order:"
        } else {
            "The Edge pools, in order:"
        };
        m.paragraph(&m.strong(&(m.escape)(label)), out);
        m.list(&others, out);
    }
    if row.blockers.is_empty() {
        m.paragraph(
            &format!("{} {}", m.strong(&(m.escape)("Blockers:")), (m.escape)("none.")),
            out,
        );
    } else {
        m.paragraph(&m.strong(&(m.escape)("Blockers:")), out);
        let items: Vec<String> = row
            .blockers
            .iter()
            .map(|b| {
                format!(
                    "{} {} {}",
                    (m.inline)(&b.what),
                    m.strong(&(m.escape)("To remove it:")),
                    (m.inline)(&b.remedy)
                )
            })
            .collect();
        m.list(&items, out);
    }
    if let Some(advice) = &row.no_plan {
        m.paragraph(
            &format!(
                "{} {}",
                m.strong(&(m.escape)("If it fails before then:")),
                (m.escape)(advice)
            ),
            out,
        );
    }
    let mut prepare: Vec<String> = row
        .needs
        .iter()
        .map(|n| {
            let (head, details) = n.words();
            let done = r.prepared.contains(&n.id());
            let head = format!(
                "{}{}{}",
                (m.tick)(done, &head.plain()),
                (m.inline)(&head),
                if done {
                    (m.escape)(" (marked done)")
                } else {
                    String::new()
                }
            );
            let details: Vec<String> = details.iter().map(|d| (m.inline)(d)).collect();
            m.nested(&head, &details)
        })
        .collect();
    prepare.extend(row.next_hop.iter().map(|t| (m.inline)(t)));
    if let Some(plan) = &row.plan {
        if !plan.reassociated.is_empty() {
            prepare.push((m.inline)(&text![
                "Front End pools re-associated with ",
                value(&plan.survivor),
                " for media and web conferencing: ",
                value(plan.reassociated.join(", ")),
                "; it must have the capacity for their remote and federated users."
            ]));
        }
    }
    if !prepare.is_empty() {
        let head = match &row.best {
            Some(best) => (m.inline)(&text!["Prepare now, for ", value(best), ":"]),
            None => (m.escape)("Prepare now:"),
        };
        m.paragraph(&m.strong(&head), out);
        m.list(&prepare, out);
    }
    if let Some(plan) = &row.plan {
        let checks: Vec<String> = plan
            .checks
            .iter()
            .filter(|c| c.severity != CheckSeverity::Note)
            .map(|c| format!("{}: {}", m.strong(c.severity.label()), (m.escape)(&c.message)))
            .collect();
        if !checks.is_empty() {
            m.paragraph(&m.strong(&(m.escape)("The plan's checks:")), out);
            m.list(&checks, out);
        }
    }
    if !row.outages.is_empty() {
        m.paragraph(&m.strong(&(m.escape)("Expected outages:")), out);
        m.list(&row.outages.iter().map(|t| (m.inline)(t)).collect::<Vec<_>>(), out);
    }
    if let Some(request) = &row.request {
        let mark = match &request.failure {
            Failure::Pool(p) => text!["mark ", value(p), " as failed"],
            Failure::Site(s) => text!["mark site ", value(s), " as failed"],
        };
        let mut words = text!["In the planner, "];
        words.0.extend(mark.0);
        words.0.extend([Span::from(" and choose "), value(&request.survivor)]);
        if let Some(files) = row.files.as_ref().filter(|_| row.writes_plan()) {
            words
                .0
                .extend([Span::from("; on the command line: "), value(command(r, row, files))]);
        }
        words.0.push(Span::from("."));
        m.paragraph(
            &format!("{} {}", m.strong(&(m.escape)("Open this plan:")), (m.inline)(&words)),
            out,
        );
    }
}

/// `s` with its first letter upper-case.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The `plan` command that writes this row's plan, as `--plans-dir` names its files.
fn command(r: &Report, row: &Row, files: &super::PlanFiles) -> String {
    let Some(request) = &row.request else {
        return String::new();
    };
    let failed = match &request.failure {
        Failure::Pool(p) => format!("--failed {}", arg(p)),
        Failure::Site(s) => format!("--failed-site {}", arg(s)),
    };
    format!(
        "edge-failover plan {} {failed} --to {} --xmpp --topology-out {} --checklist-out {}",
        arg(&r.topology),
        arg(&request.survivor),
        arg(&files.topology),
        arg(&files.checklist)
    )
}

/// A command-line argument, single-quoted (a quote inside doubled, as PowerShell reads it)
/// unless it is only letters, digits, dots and hyphens.
fn arg(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn preparation(m: &Markup, r: &Report, out: &mut String) {
    (m.heading)(2, "preparation", &(m.escape)("Preparation checklist"), out);
    m.paragraph(
        &(m.escape)("What every row asks to prepare, merged and grouped by team; each item names the rows it serves. Done once, it makes every row that nothing blocks ready, and removes the blockers whose remedy it is (after a new export)."),
        out,
    );
    for team in Team::ALL {
        let items: Vec<&Item> = r.preparation.iter().filter(|i| i.team == team).collect();
        if items.is_empty() {
            continue;
        }
        (m.heading)(
            3,
            &format!("prepare-{}", team_anchor(team)),
            &(m.escape)(team.title()),
            out,
        );
        if let Some(intro) = team.intro() {
            m.paragraph(&(m.escape)(intro), out);
        }
        let lines: Vec<String> = items
            .iter()
            .map(|item| {
                let (head, details) = item.need.words();
                let done = r.prepared.contains(&item.id);
                let serves: Vec<String> = item.serves.iter().map(|n| n.to_string()).collect();
                let head = format!(
                    "{}{} {}",
                    (m.tick)(done, &head.plain()),
                    (m.inline)(&head),
                    (m.escape)(&format!(
                        "(serves row{} {}{})",
                        if serves.len() == 1 { "" } else { "s" },
                        serves.join(", "),
                        if done { "; marked done" } else { "" }
                    ))
                );
                let details: Vec<String> = details.iter().map(|d| (m.inline)(d)).collect();
                m.nested(&head, &details)
            })
            .collect();
        m.list(&lines, out);
    }
}

fn team_anchor(team: Team) -> &'static str {
    match team {
        Team::Certificates => "certificates",
        Team::Dns => "dns",
        Team::Firewall => "firewall",
        Team::BackupPools => "backup-pools",
        Team::Ttls => "ttls",
        Team::Topology => "topology",
    }
}

const MARKDOWN: Markup = Markup {
    inline: markdown::inline,
    escape: markdown::escape,
    strong: ["**", "**"],
    heading: |level, _, text, out| {
        out.push_str(if level == 2 { "## " } else { "### " });
        out.push_str(text);
        out.push_str("\n\n");
    },
    paragraph: ["", "\n\n"],
    list: ["", "- ", "\n", "\n"],
    sublist: ["", "\n  - ", "", ""],
    tick: |done, _| if done { "[x] ".to_owned() } else { "[ ] ".to_owned() },
    start: |title, _, out| {
        out.push_str("# ");
        out.push_str(title);
        out.push_str("\n\n");
    },
    summary: |m, r, out| {
        let items: Vec<String> = r
            .rows
            .iter()
            .map(|row| {
                format!(
                    "{}. {}: {}",
                    row.number,
                    (m.inline)(&row.title),
                    m.strong(&(m.inline)(&verdict_line(row)))
                )
            })
            .collect();
        for item in items {
            out.push_str(&item);
            out.push('\n');
        }
        out.push('\n');
    },
    row: ["", ""],
    end: "",
};

/// Printable on A4: the page's margins, each row from a new page when it does not fit, no
/// item or table row cut in two.
const STYLE: &str = "@page{size:A4;margin:14mm 12mm}\
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;vertical-align:top;padding:.3rem .45rem;border-bottom:1px solid #d5dae1}\
.row{border-top:2px solid #d5dae1;margin-top:1.2rem}.row h2{margin:.6rem 0 .3rem}li{break-inside:avoid}tr{break-inside:avoid}h2,h3{break-after:avoid}\
.blocked{color:#b3261e}.ready-with-work{color:#8a5a00}.ready{color:#1e6b34}\
@media (prefers-color-scheme:dark){th,td{border-color:#39424e}.blocked{color:#ff8a80}.ready-with-work{color:#ffd166}.ready{color:#7bd88f}}\
@media print{.row{break-before:auto}a{color:inherit;text-decoration:none}}";

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "ready",
        Verdict::ReadyWithWork => "ready-with-work",
        Verdict::Blocked => "blocked",
    }
}

const HTML: Markup = Markup {
    inline: html::inline,
    escape: html::escape,
    strong: ["<strong>", "</strong>"],
    heading: |level, id, text, out| {
        out.push_str(&format!("<h{level} id=\"{}\">{text}</h{level}>\n", html::escape(id)));
    },
    paragraph: ["<p>", "</p>\n"],
    list: ["<ul>\n", "<li>", "</li>\n", "</ul>\n"],
    sublist: ["<ul>", "<li>", "</li>", "</ul>"],
    tick: |done, plain| {
        // A box to tick on paper or on screen; nothing is saved (the file runs no script).
        format!(
            "<input type=\"checkbox\"{} aria-label=\"Done: {}\"> ",
            if done { " checked" } else { "" },
            html::escape(plain)
        )
    },
    start: |title, plain, out| {
        html::head(plain, STYLE, out);
        out.push_str(&format!("<h1>{title}</h1>\n"));
    },
    summary: |m, r, out| {
        out.push_str("<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Failure</th><th scope=\"col\">Verdict</th><th scope=\"col\">Best survivor</th></tr></thead>\n<tbody>\n");
        for row in &r.rows {
            out.push_str(&format!(
                "<tr><td>{n}</td><td><a href=\"#row-{n}\">{title}</a></td><td class=\"{class}\"><strong>{verdict}</strong></td><td>{best}</td></tr>\n",
                n = row.number,
                title = (m.inline)(&row.title),
                class = verdict_class(row.verdict),
                verdict = html::escape(row.verdict.label()),
                best = row
                    .best
                    .as_ref()
                    .map_or_else(|| html::escape("none"), |b| (m.inline)(&text![value(b)])),
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    },
    row: ["<section class=\"row\">\n", "</section>\n"],
    end: html::END,
};
