//! The JSON of the plan file and the share link, read and written by hand rather than by
//! serde_json.
//!
//! The project uses the well-kept crate (README, "Keeping the page small") and hand-writes what
//! one already does only where all three hold; they hold here:
//! - it saves more than 10 KB gzip, measured: serde_json and the derives it drives were about
//!   25 KB of the page's gzip, a tenth of its WebAssembly, for six small structures; this is a
//!   twentieth of that;
//! - an oracle property test holds it to serde_json: `tests/json_prop.rs` (what either writes
//!   the other reads the same, the writer's bytes are serde_json's, any text or damaged JSON
//!   is read or refused by both), and `tests/share_format.rs` pins the bytes serde_json wrote,
//!   so plans saved by earlier versions read back and new ones read in them;
//! - this reason, at the top of the file.
//!
//! Over 600 lines with its unit tests: the reader, the writer and their table of refusals
//! belong together.

use std::collections::HashSet;
use std::fmt::Write;

use thiserror::Error;

use crate::topology::position::{LineIndex, Position};

/// Nesting this deep is refused, from the same depth as serde_json refuses it: a hostile file
/// cannot overflow the stack.
const MAX_DEPTH: usize = 128;

/// The range of a JavaScript `Date`, in milliseconds either side of 1970 (100,000,000 days):
/// whole numbers this size are exact in an `f64` (below 2^53) and in an `i64`.
const MAX_MILLIS: i64 = 8_640_000_000_000_000;

/// Why a text is not JSON, and where: the message in words, the place in the text.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{message} at {position}")]
pub struct JsonError {
    pub message: String,
    pub position: Position,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written, converted when a field asks for it.
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// In document order; the reader refuses a name given twice.
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    pub fn u64(n: u64) -> Value {
        Value::Number(n.to_string())
    }

    /// A time in milliseconds, as serde_json writes an `f64` of whole milliseconds
    /// (`1764070000000.0`). Times come from `Date.now()`, which gives whole milliseconds;
    /// a fraction is rounded away rather than pull float formatting into the page (and the
    /// reader rounds the same way, `Fields::opt_millis`).
    pub fn millis(ms: f64) -> Value {
        if !ms.is_finite() {
            return Value::Null;
        }
        Value::Number(format!("{}.0", ms.round() as i64))
    }

    /// Writes the value: `pretty` as serde_json's `to_string_pretty` (two spaces), else
    /// compact.
    pub fn write(&self, pretty: bool) -> String {
        let mut out = String::new();
        self.write_to(&mut out, pretty, 0);
        out
    }

    fn write_to(&self, out: &mut String, pretty: bool, depth: usize) {
        let newline = |out: &mut String, depth: usize| {
            if pretty {
                out.push('\n');
                for _ in 0..depth {
                    out.push_str("  ");
                }
            }
        };
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_string(out, s),
            Value::Array(items) if items.is_empty() => out.push_str("[]"),
            Value::Object(fields) if fields.is_empty() => out.push_str("{}"),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    item.write_to(out, pretty, depth + 1);
                }
                newline(out, depth);
                out.push(']');
            }
            Value::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    write_string(out, key);
                    out.push_str(if pretty { ": " } else { ":" });
                    value.write_to(out, pretty, depth + 1);
                }
                newline(out, depth);
                out.push('}');
            }
        }
    }
}

/// An object being written field by field, in order; unset optional fields are left out, as
/// serde's `skip_serializing_if` did.
#[derive(Default)]
pub struct Object(Vec<(String, Value)>);

impl Object {
    pub fn field(mut self, name: &str, value: Value) -> Object {
        self.0.push((name.to_owned(), value));
        self
    }

    pub fn maybe(self, name: &str, value: Option<Value>) -> Object {
        match value {
            Some(value) => self.field(name, value),
            None => self,
        }
    }

    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// A string with the escapes serde_json writes: quote, backslash, the short forms of five
/// control characters and `\u00xx` for the others; everything else as it is.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reads a whole JSON text. The error says what is wrong and where.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
        refusal: String::new(),
    };
    let read = p.value().and_then(|value| {
        p.space();
        if p.at < p.bytes.len() {
            return Err(p.refuse("there is more after the end of the JSON"));
        }
        Ok(value)
    });
    read.map_err(|Refused| JsonError {
        message: p.refusal,
        // Only a refused file asks, once, so the text is indexed here.
        position: LineIndex::new(text).position(text, p.at),
    })
}

/// The parser stopped: why is in [`Parser::refusal`], and where is [`Parser::at`]. Nothing
/// but a marker, so a result in the parser is no bigger than its value.
struct Refused;

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    refusal: String,
}

impl Parser<'_> {
    fn refuse(&mut self, why: &str) -> Refused {
        self.refusal = why.to_owned();
        Refused
    }

    fn space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), Refused> {
        self.space();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.refuse(what))
        }
    }

    fn value(&mut self) -> Result<Value, Refused> {
        self.space();
        match self.peek() {
            Some(b'{') => self.nested(|p| p.object()),
            Some(b'[') => self.nested(|p| p.array()),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(_) => Err(self.refuse("expected a value")),
            None => Err(self.refuse("the JSON ends where a value should be")),
        }
    }

    fn nested(&mut self, read: impl FnOnce(&mut Self) -> Result<Value, Refused>) -> Result<Value, Refused> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.refuse("the JSON is nested too deeply"));
        }
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, Refused> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.refuse("expected a value"))
        }
    }

    fn object(&mut self) -> Result<Value, Refused> {
        let mut fields = Vec::new();
        // A name given twice is ambiguous (which one did the writer mean?), and serde refused
        // it too, so a plan file with one is refused rather than read by either occurrence.
        let mut seen = HashSet::new();
        self.items(b'}', |p| {
            p.space();
            if p.peek() != Some(b'"') {
                return Err(p.refuse("expected a field name in quotes"));
            }
            let at = p.at;
            let key = p.string()?;
            if !seen.insert(key.clone()) {
                p.at = at;
                return Err(p.refuse(&format!("the field {key:?} is given twice")));
            }
            p.expect(b':', "expected `:` after a field name")?;
            fields.push((key, p.value()?));
            Ok(())
        })?;
        Ok(Value::Object(fields))
    }

    fn array(&mut self) -> Result<Value, Refused> {
        let mut items = Vec::new();
        self.items(b']', |p| {
            items.push(p.value()?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    /// The comma-separated items of an object or array, from its opening bracket to `close`.
    fn items(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Result<(), Refused>) -> Result<(), Refused> {
        self.at += 1;
        self.space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(c) if c == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ if close == b'}' => return Err(self.refuse("expected `,` or `}`")),
                _ => return Err(self.refuse("expected `,` or `]`")),
            }
        }
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written.
    fn number(&mut self) -> Result<Value, Refused> {
        let start = self.at;
        let malformed = |p: &mut Self| {
            // Said where the number starts, which is where a reader looks.
            p.at = start;
            Err(p.refuse("a malformed number"))
        };
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.at += 1;
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        if !digits(self) || (leading_zero && self.at - start > 1 + usize::from(self.bytes[start] == b'-')) {
            return malformed(self);
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return malformed(self);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return malformed(self);
            }
        }
        Ok(Value::Number(self.text[start..self.at].to_owned()))
    }

    fn string(&mut self) -> Result<String, Refused> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let from = self.at;
            while self.peek().is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // Only ASCII stops the scan, so these are character boundaries.
            out.push_str(&self.text[from..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.refuse("a control character inside a string")),
                None => return Err(self.refuse("the JSON ends inside a string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, Refused> {
        let Some(b) = self.peek() else {
            return Err(self.refuse("the JSON ends inside a string"));
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        if !self.bytes[self.at..].starts_with(b"\\u") {
                            return Err(self.refuse("a lone surrogate in a \\u escape"));
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.refuse("a lone surrogate in a \\u escape"));
                        }
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.refuse("a lone surrogate in a \\u escape")),
                    unit => u32::from(unit),
                };
                char::from_u32(code).ok_or_else(|| self.refuse("a bad \\u escape"))?
            }
            _ => {
                self.at -= 1;
                return Err(self.refuse("an unknown escape"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u16, Refused> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.refuse("a bad \\u escape"))?;
        self.at += 4;
        u16::from_str_radix(digits, 16).map_err(|_| self.refuse("a bad \\u escape"))
    }
}

/// The fields of a JSON object, read by name.
pub struct Fields<'a> {
    fields: &'a [(String, Value)],
    /// What the object is, for messages: "the plan", "\"topology\"".
    what: &'a str,
}

impl<'a> Fields<'a> {
    pub fn of(value: &'a Value, what: &'a str) -> Result<Fields<'a>, String> {
        match value {
            Value::Object(fields) => Ok(Fields { fields, what }),
            _ => Err(format!("{what} is not an object")),
        }
    }

    /// A field; a `null` reads as absent, as for serde's optional fields.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
            .filter(|value| **value != Value::Null)
    }

    pub fn required(&self, name: &str) -> Result<&'a Value, String> {
        self.get(name).ok_or_else(|| self.missing(name))
    }

    fn missing(&self, name: &str) -> String {
        format!("{} has no \"{name}\" field", self.what)
    }

    fn wrong(&self, name: &str, expected: &str) -> String {
        format!("\"{name}\" in {} is not {expected}", self.what)
    }

    pub fn string(&self, name: &str) -> Result<String, String> {
        self.opt_string(name)?.ok_or_else(|| self.missing(name))
    }

    pub fn opt_string(&self, name: &str) -> Result<Option<String>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.wrong(name, "a string")),
        }
    }

    pub fn bool_or(&self, name: &str, default: bool) -> Result<bool, String> {
        match self.get(name) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.wrong(name, "true or false")),
        }
    }

    /// A whole number of 0 or more, written without a fraction or exponent.
    pub fn u64(&self, name: &str) -> Result<u64, String> {
        match self.required(name)? {
            Value::Number(n) => n.parse().map_err(|_| self.wrong(name, "a whole number")),
            _ => Err(self.wrong(name, "a whole number")),
        }
    }

    /// A time in milliseconds since 1970. The planner writes whole milliseconds; another
    /// writer's fraction or exponent is rounded to the nearest one (a half away from zero),
    /// which is what [`Value::millis`] writes back, so a plan reads back as it was read. A time
    /// beyond a JavaScript `Date`'s range is refused.
    pub fn opt_millis(&self, name: &str) -> Result<Option<f64>, String> {
        match self.get(name) {
            None => Ok(None),
            // Exact: every whole number in a Date's range is an f64.
            Some(Value::Number(n)) => match whole_millis(n) {
                Some(ms) => Ok(Some(ms as f64)),
                None => Err(self.wrong(name, "a time in milliseconds between the years -271821 and 275760")),
            },
            Some(_) => Err(self.wrong(name, "a time in milliseconds")),
        }
    }

    pub fn opt_strings(&self, name: &str) -> Result<Option<Vec<String>>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(self.wrong(name, "a list of names")),
                })
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(self.wrong(name, "a list of names")),
        }
    }
}

/// A JSON number (already checked against the grammar) rounded to the nearest whole number, a
/// half away from zero, when that is within a `Date`'s range. It is worked out on the decimal
/// digits, so it is exact whatever the writer wrote (`1764070000123.0`, `1.764070000123e12`,
/// `0.02`), and no float parser is pulled into the page.
fn whole_millis(text: &str) -> Option<i64> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, e)) => {
            // However many digits it has; the point is clamped below.
            let magnitude = e
                .trim_start_matches(['+', '-'])
                .parse::<u64>()
                .map_or(1 << 40, |m| m.min(1 << 40)) as i64;
            (mantissa, if e.starts_with('-') { -magnitude } else { magnitude })
        }
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let (whole, fraction) = (whole.as_bytes(), fraction.as_bytes());
    // The digits written, then zeros for ever.
    let digit = |i: usize| {
        let d = if i < whole.len() {
            whole.get(i)
        } else {
            fraction.get(i - whole.len())
        };
        d.map_or(0, |d| i64::from(d - b'0'))
    };
    // How many digits stand before the point. More than 17 past the last one written make a
    // number that is 0 or beyond any Date, so the loop stops either way.
    let written = (whole.len() + fraction.len()) as i64;
    let point = (whole.len() as i64 + exponent).min(written + 17);
    let mut magnitude = 0i64;
    for i in 0..point.max(0) {
        magnitude = magnitude * 10 + digit(i as usize);
        if magnitude > MAX_MILLIS {
            return None;
        }
    }
    // The first digit after the point decides; before the first digit written it is a 0.
    if point >= 0 && digit(point as usize) >= 5 {
        magnitude += 1;
    }
    (magnitude <= MAX_MILLIS).then_some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_exactly_as_whole_milliseconds() {
        for (text, ms) in [
            ("0", Some(0)),
            ("-0", Some(0)),
            ("0.0", Some(0)),
            ("1764070000123.0", Some(1_764_070_000_123)),
            ("1764070000123", Some(1_764_070_000_123)),
            ("1.764070000123E12", Some(1_764_070_000_123)),
            ("17640700001235e-1", Some(1_764_070_000_124)),
            ("-17640700001235e-1", Some(-1_764_070_000_124)),
            ("1764070000123.4", Some(1_764_070_000_123)),
            // A float reader rounds these digits to ...123.5 first, and then up.
            ("1764070000123.4999999999999999999", Some(1_764_070_000_123)),
            ("2.5", Some(3)),
            ("-2.5", Some(-3)),
            ("-4.9", Some(-5)),
            ("99.99", Some(100)),
            ("4E-1", Some(0)),
            ("5E-1", Some(1)),
            ("0.005e2", Some(1)),
            ("0.0049e+2", Some(0)),
            ("1.25e2", Some(125)),
            ("0e999", Some(0)),
            ("-0.0e-99999999999", Some(0)),
            ("1e-400", Some(0)),
            ("8640000000000000", Some(8_640_000_000_000_000)),
            ("-8.64e15", Some(-8_640_000_000_000_000)),
            ("8640000000000000.4", Some(8_640_000_000_000_000)),
            // A float reader loses the half here and lets it through; no Date holds it.
            ("8640000000000000.5", None),
            ("8640000000000001", None),
            ("1e99999999999", None),
            ("-1E+400", None),
            ("1e99999999999999999999999", None),
            ("99999999999999999999999", None),
        ] {
            assert_eq!(whole_millis(text), ms, "{text}");
        }
    }

    #[test]
    fn times_read_as_whole_milliseconds_within_a_dates_range() {
        let read = |n: &str| {
            let value = parse(&format!("{{\"at\": {n}}}")).unwrap();
            Fields::of(&value, "the step").unwrap().opt_millis("at")
        };
        assert_eq!(read("1764070000123.4"), Ok(Some(1_764_070_000_123.0)));
        assert_eq!(read("0.02"), Ok(Some(0.0)));
        assert_eq!(read("-1.5e3"), Ok(Some(-1500.0)));
        assert_eq!(read("8.64e15"), Ok(Some(8.64e15)));
        assert_eq!(read("null"), Ok(None));
        for n in [
            "8640000000000001",
            "1e300",
            "-1e16",
            "1e99999999999",
            "99999999999999999999999",
        ] {
            let error = read(n).unwrap_err();
            assert!(error.contains("a time in milliseconds"), "{n}: {error}");
        }
        // What is read is what is written, so a plan reads back as it was read.
        let ms = read("1764070000123.5").unwrap().unwrap();
        assert_eq!(Value::millis(ms).write(false), "1764070000124.0");
    }

    #[test]
    fn values_round_trip_in_both_layouts() {
        let text = r#"{"a": [1, -2.5e3, true, false, null, {}, []], "b\u00e9": "x\"y\\z\u0001\n"}"#;
        let value = parse(text).unwrap();
        for pretty in [false, true] {
            assert_eq!(parse(&value.write(pretty)).unwrap(), value);
        }
        assert_eq!(
            value.write(false),
            "{\"a\":[1,-2.5e3,true,false,null,{},[]],\"bé\":\"x\\\"y\\\\z\\u0001\\n\"}"
        );
    }

    #[test]
    fn malformed_json_is_refused_with_its_place() {
        for (text, message, line, column) in [
            ("", "the JSON ends where a value should be", 1, 1),
            ("{\n  \"a\": tru\n}", "expected a value", 2, 8),
            ("[01]", "a malformed number", 1, 2),
            ("[1.]", "a malformed number", 1, 2),
            ("\"\\x\"", "an unknown escape", 1, 3),
            ("\"\\ud800x\"", "a lone surrogate in a \\u escape", 1, 8),
            ("\"a\u{1}\"", "a control character inside a string", 1, 3),
            ("\"é", "the JSON ends inside a string", 1, 3),
            ("{\"a\" 1}", "expected `:` after a field name", 1, 6),
            ("{1: 2}", "expected a field name in quotes", 1, 2),
            ("[1 2]", "expected `,` or `]`", 1, 4),
            ("{\"a\": 1 \"b\"}", "expected `,` or `}`", 1, 9),
            ("{} []", "there is more after the end of the JSON", 1, 4),
            (
                "{\"a\": 1,\n \"b\": {\"a\": 2, \"c\": 3},\n \"a\": 1}",
                "the field \"a\" is given twice",
                3,
                2,
            ),
            ("[{\"x\": 1, \"x\": 1}]", "the field \"x\" is given twice", 1, 11),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(
                (error.message.as_str(), error.position.line, error.position.column),
                (message, line, column),
                "{text:?}"
            );
            // The words the user sees: the message, then the place.
            assert_eq!(error.to_string(), format!("{message} at line {line}, column {column}"));
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let error = parse(&deep).unwrap_err();
        assert_eq!(error.message, "the JSON is nested too deeply");
        assert_eq!(error.position.offset, MAX_DEPTH - 1);
        assert!(parse(&deep[1..deep.len() - 1]).is_ok());
    }

    #[test]
    fn a_field_given_twice_is_refused_by_name() {
        let error = parse(r#"{"schema": 1, "schema": 2}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"the field "schema" is given twice at line 1, column 15"#
        );
        // The same name in different objects, and names differing only in case, are fine.
        assert!(parse(r#"{"a": {"b": 1}, "b": {"a": 1}, "A": 2}"#).is_ok());
    }
}
