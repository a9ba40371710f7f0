//! The words a checklist is written in: text whose values from the topology are kept apart
//! from the planner's own words, and the sources a step rests on.
//!
//! Names from the file are kept apart from the planner's own words ([`Span::Value`]), so every
//! renderer shows them as text and never as markup.

use std::borrow::Cow;

use serde::Serialize;

/// Words of a step: the planner's own are borrowed from the program, so building a checklist
/// copies none of its thousands of fixed phrases (and the page carries less code for it).
pub type Words = Cow<'static, str>;

/// A piece of step text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Span {
    /// The planner's own words.
    Text(Words),
    /// A name or value from the topology (or typed by the user).
    Value(Words),
    /// A label in Topology Builder or the Deployment Wizard.
    Ui(Words),
}

impl From<&'static str> for Span {
    fn from(s: &'static str) -> Span {
        Span::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Span {
    fn from(s: String) -> Span {
        Span::Text(Cow::Owned(s))
    }
}

/// A name or value from the topology, shown as text and never as markup.
pub fn value(s: impl Into<String>) -> Span {
    Span::Value(Cow::Owned(s.into()))
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub Vec<Span>);

impl Text {
    /// The text with no markup at all (for plain-text status updates and titles).
    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Span::Text(t) | Span::Value(t) => t.to_string(),
                Span::Ui(t) => format!("\"{t}\""),
            })
            .collect()
    }
}

/// Where a piece of a composed text begins, and what it is (see [`text!`]): a control
/// character no word of the planner contains.
mod piece {
    /// Fixed words of the planner, up to the next piece.
    pub const WORDS: u8 = 1;
    /// A fixed label of a Microsoft tool, up to the next piece.
    pub const LABEL: u8 = 2;
    /// Words worked out for this plan: the next value.
    pub const TEXT: u8 = 3;
    /// A name from the topology: the next value.
    pub const VALUE: u8 = 4;
    /// A label worked out for this plan (it names the product): the next value.
    pub const LABEL_OF: u8 = 5;
}

impl Text {
    /// The text of `template`, its pieces each begun by a [`piece`] mark, taking the values
    /// in order. One function for every text of the checklist: each is written as one string
    /// of the program's data and a few values, not as code of its own.
    pub fn compose(template: &'static str, values: &[&str]) -> Text {
        let mut values = values.iter();
        let mut spans = Vec::with_capacity(template.bytes().filter(|b| *b <= piece::LABEL_OF).count());
        let mut rest = template;
        while let Some(&mark) = rest.as_bytes().first() {
            let end = rest[1..]
                .bytes()
                .position(|b| b <= piece::LABEL_OF)
                .map_or(rest.len(), |i| i + 1);
            let fixed = &rest[1..end];
            rest = &rest[end..];
            let mut next = || Cow::Owned(values.next().map_or_else(String::new, |v| (*v).to_owned()));
            spans.push(match mark {
                piece::WORDS => Span::Text(Cow::Borrowed(fixed)),
                piece::LABEL => Span::Ui(Cow::Borrowed(fixed)),
                piece::TEXT => Span::Text(next()),
                piece::VALUE => Span::Value(next()),
                _ => Span::Ui(next()),
            });
        }
        Text(spans)
    }
}

/// A [`Text`] from its pieces, in order: a string literal is the planner's words,
/// `value(..)` a name from the topology, `label(..)` a label of Topology Builder or the
/// Deployment Wizard, and any other expression words worked out for this plan. The fixed
/// pieces become one string, marked where each begins; only the others are passed.
macro_rules! text {
    (@ [$($fixed:expr,)*] [$($value:expr,)*]) => {
        $crate::checklist::text::Text::compose(concat!($($fixed),*), &[$($value),*])
    };
    (@ [$($fixed:expr,)*] [$($value:expr,)*] $words:literal $(, $($rest:tt)*)?) => {
        $crate::checklist::text::text!(@ [$($fixed,)* "\u{1}", $words,] [$($value,)*] $($($rest)*)?)
    };
    (@ [$($fixed:expr,)*] [$($value:expr,)*] label($label:literal) $(, $($rest:tt)*)?) => {
        $crate::checklist::text::text!(@ [$($fixed,)* "\u{2}", $label,] [$($value,)*] $($($rest)*)?)
    };
    (@ [$($fixed:expr,)*] [$($value:expr,)*] value($v:expr) $(, $($rest:tt)*)?) => {
        $crate::checklist::text::text!(@ [$($fixed,)* "\u{4}",] [$($value,)* AsRef::<str>::as_ref(&$v),] $($($rest)*)?)
    };
    (@ [$($fixed:expr,)*] [$($value:expr,)*] label($label:expr) $(, $($rest:tt)*)?) => {
        $crate::checklist::text::text!(@ [$($fixed,)* "\u{5}",] [$($value,)* AsRef::<str>::as_ref(&$label),] $($($rest)*)?)
    };
    (@ [$($fixed:expr,)*] [$($value:expr,)*] $words:expr $(, $($rest:tt)*)?) => {
        $crate::checklist::text::text!(@ [$($fixed,)* "\u{3}",] [$($value,)* AsRef::<str>::as_ref(&$words),] $($($rest)*)?)
    };
    ($($piece:tt)*) => {
        $crate::checklist::text::text!(@ [] [] $($piece)*)
    };
}
pub(crate) use text;

/// Why a step is there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Basis {
    /// A step of the product's own procedure (the document and step numbers).
    Procedure(String),
    /// Rests on a reading the planner infers (see `inference`).
    Inferred(&'static str),
    /// Good practice the procedure leaves implicit.
    Practice,
    /// What the cmdlet reference says of a cmdlet (its page name).
    Cmdlet(&'static str),
}

/// The product documents whose procedures the steps follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Document {
    FederationFailover,
    XmppFailover,
    Failback,
    EdgeAssociation,
    PoolFailover,
    FederationRoutes,
    XmppSetup,
    EdgeEnvironment,
    EdgeDns,
}

/// The documents' titles, in the order of [`Document`].
pub(crate) const DOCUMENTS: [&str; 9] = [
    "Failing over the Edge pool used for federation",
    "Failing over the Edge pool used for XMPP federation",
    "Failing back the Edge pool used for federation or XMPP federation",
    "Changing the Edge pool associated with a Front End pool",
    "Failing over and failing back a pool",
    "Configure federation routes and media traffic",
    "Setting up XMPP federation",
    "Edge Server environmental requirements",
    "Advanced Edge Server DNS planning",
];

impl Document {
    /// The part of this document a step follows, as written after its title: `", step 5"`,
    /// `" (Edge next hop)"`, or nothing for the whole document.
    pub(crate) fn at(self, part: &'static str) -> Citation {
        Citation { document: self, part }
    }
}

/// Where in a product document a step comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Citation {
    pub(crate) document: Document,
    pub(crate) part: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_keeps_each_piece_apart_in_order() {
        let pool = String::from("edge.contoso.com");
        let product = "Skype for Business";
        let t = text![
            "Open ",
            label("Edit Properties"),
            " of ",
            value(&pool),
            if pool.is_empty() { "." } else { ", then " },
            label(format!("Setup {product} components")),
        ];
        assert_eq!(
            t.0,
            [
                Span::Text("Open ".into()),
                Span::Ui("Edit Properties".into()),
                Span::Text(" of ".into()),
                Span::Value("edge.contoso.com".into()),
                Span::Text(", then ".into()),
                Span::Ui("Setup Skype for Business components".into()),
            ]
        );
        assert_eq!(text![value(&pool)].0, [Span::Value("edge.contoso.com".into())]);
    }
}
