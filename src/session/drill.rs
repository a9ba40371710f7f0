//! A drill: a plan rehearsed on a real bridge. What others read of it (the walkthrough, the
//! status update, a share link's banner) says DRILL on every line and in its title, so nobody
//! takes it for a real incident.

/// `line`, marked as a drill's.
pub fn drill_line(line: &str) -> String {
    format!("DRILL · {line}")
}

/// Every line of `text` marked as a drill's.
pub fn drill_text(text: &str) -> String {
    text.lines().map(drill_line).collect::<Vec<_>>().join("\n")
}
