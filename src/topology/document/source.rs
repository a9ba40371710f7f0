//! Bytes in, text out, and back again: the encodings administrators actually produce.
//!
//! Windows PowerShell's `>` writes UTF-16LE with a BOM, Topology Builder writes UTF-8 with a
//! BOM, and scripts often write plain UTF-8. Whatever came in goes out again, so a
//! written-back file is byte-identical to the one that was loaded.

use serde::Serialize;

use super::error::LoadError;
use super::position::LineIndex;

/// The largest file the planner reads. The largest real topology exports are a few MB; a
/// generated 200-site topology with 1,000 pools is well under this. Anything bigger is not a
/// topology export, and reading it would only stall the page.
pub const MAX_INPUT_BYTES: u64 = 48 * 1024 * 1024;

/// How the loaded file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8 { bom: bool },
    Utf16Le { bom: bool },
    Utf16Be { bom: bool },
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 { bom: false } => "UTF-8",
            TextEncoding::Utf8 { bom: true } => "UTF-8 with BOM",
            TextEncoding::Utf16Le { bom: true } => "UTF-16LE with BOM",
            TextEncoding::Utf16Le { bom: false } => "UTF-16LE",
            TextEncoding::Utf16Be { bom: true } => "UTF-16BE with BOM",
            TextEncoding::Utf16Be { bom: false } => "UTF-16BE",
        }
    }

    fn bom(self) -> &'static [u8] {
        match self {
            TextEncoding::Utf8 { bom: true } => &[0xEF, 0xBB, 0xBF],
            TextEncoding::Utf16Le { bom: true } => &[0xFF, 0xFE],
            TextEncoding::Utf16Be { bom: true } => &[0xFE, 0xFF],
            _ => &[],
        }
    }
}

impl Serialize for TextEncoding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

/// The line ending a new line gets when the editor has to insert one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LineEnding {
    #[serde(rename = "LF")]
    Lf,
    #[serde(rename = "CRLF")]
    CrLf,
}

impl LineEnding {
    /// The ending of the first line decides: files are written by one program, and a mixed file
    /// keeps its other endings untouched anyway.
    pub fn detect(text: &str) -> LineEnding {
        match text.find('\n') {
            Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LineEnding::Lf => "LF",
            LineEnding::CrLf => "CRLF",
        }
    }
}

/// A decoded file: the text without its BOM, and how to turn it back into the same bytes.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub encoding: TextEncoding,
    pub text: String,
}

impl SourceText {
    /// Decodes the bytes of a topology file. Refuses anything that could not be written back
    /// byte for byte.
    pub fn decode(bytes: &[u8]) -> Result<SourceText, LoadError> {
        check_size(bytes.len() as u64)?;
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(LoadError::Empty);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Err(LoadError::ZipArchive);
        }
        if bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00]) || bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
            return Err(LoadError::UnsupportedEncoding {
                encoding: "UTF-32".into(),
            });
        }
        let (encoding, body) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            (TextEncoding::Utf8 { bom: true }, rest)
        } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
            (TextEncoding::Utf16Le { bom: true }, rest)
        } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
            (TextEncoding::Utf16Be { bom: true }, rest)
        } else if bytes.len() >= 2 && bytes[0] == b'<' && bytes[1] == 0 {
            (TextEncoding::Utf16Le { bom: false }, bytes)
        } else if bytes.len() >= 2 && bytes[0] == 0 && bytes[1] == b'<' {
            (TextEncoding::Utf16Be { bom: false }, bytes)
        } else {
            (TextEncoding::Utf8 { bom: false }, bytes)
        };
        let text = match encoding {
            TextEncoding::Utf8 { .. } => decode_utf8(body)?,
            TextEncoding::Utf16Le { .. } => decode_utf16(body, u16::from_le_bytes)?,
            TextEncoding::Utf16Be { .. } => decode_utf16(body, u16::from_be_bytes)?,
        };
        // An editor's "empty" document still has its BOM.
        if text.trim().is_empty() {
            return Err(LoadError::Empty);
        }
        // memchr: this scans the whole text, and `str::find` costs as much as a tenth of the
        // parse on a large file.
        if let Some(at) = memchr::memchr(0, text.as_bytes()) {
            let position = LineIndex::new(&text).position(&text, at);
            return Err(LoadError::Binary { position });
        }
        check_declared_encoding(&text, encoding)?;
        Ok(SourceText { encoding, text })
    }

    /// The bytes of `text` in this file's encoding, BOM included.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        encode(text, self.encoding)
    }
}

pub fn check_size(size: u64) -> Result<(), LoadError> {
    if size > MAX_INPUT_BYTES {
        Err(LoadError::TooLarge {
            size,
            limit: MAX_INPUT_BYTES,
        })
    } else {
        Ok(())
    }
}

pub fn encode(text: &str, encoding: TextEncoding) -> Vec<u8> {
    let bom = encoding.bom();
    match encoding {
        TextEncoding::Utf8 { .. } => {
            let mut out = Vec::with_capacity(bom.len() + text.len());
            out.extend_from_slice(bom);
            out.extend_from_slice(text.as_bytes());
            out
        }
        TextEncoding::Utf16Le { .. } | TextEncoding::Utf16Be { .. } => {
            let little = matches!(encoding, TextEncoding::Utf16Le { .. });
            let mut out = Vec::with_capacity(bom.len() + text.len() * 2);
            out.extend_from_slice(bom);
            for unit in text.encode_utf16() {
                let pair = if little { unit.to_le_bytes() } else { unit.to_be_bytes() };
                out.extend_from_slice(&pair);
            }
            out
        }
    }
}

fn decode_utf8(body: &[u8]) -> Result<String, LoadError> {
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let good = &body[..e.valid_up_to()];
            // The prefix is valid by construction, so the position can be counted in it.
            let prefix = std::str::from_utf8(good).unwrap_or_default();
            let position = LineIndex::new(prefix).position(prefix, prefix.len());
            let byte = body[e.valid_up_to()];
            if body.iter().take(4096).filter(|b| **b == 0).count() > 8 {
                return Err(LoadError::Binary { position });
            }
            // A file really saved in the code page it declares: say so rather than blame a byte.
            if let Some(declared) = declared_encoding(prefix).filter(|d| !is_unicode_label(d)) {
                return Err(LoadError::UnsupportedEncoding {
                    encoding: declared.to_owned(),
                });
            }
            Err(LoadError::InvalidUtf8 { byte, position })
        }
    }
}

fn decode_utf16(body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, LoadError> {
    if !body.len().is_multiple_of(2) {
        return Err(LoadError::TruncatedUtf16);
    }
    // Topology exports are almost all ASCII: those units become one byte each without going
    // through `char`, which halves the cost of opening a UTF-16 file.
    let mut out: Vec<u8> = Vec::with_capacity(body.len() / 2);
    let mut units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    while let Some(u) = units.next() {
        if u < 0x80 {
            out.push(u as u8);
            continue;
        }
        let c = match u {
            0xD800..=0xDBFF => match units.clone().next() {
                Some(low @ 0xDC00..=0xDFFF) => {
                    units.next();
                    char::from_u32(0x10000 + ((u as u32 - 0xD800) << 10) + (low as u32 - 0xDC00))
                }
                _ => None,
            },
            _ => char::from_u32(u as u32),
        };
        let Some(c) = c else {
            let text = String::from_utf8_lossy(&out);
            let position = LineIndex::new(&text).position(&text, text.len());
            return Err(LoadError::UnpairedSurrogate { position });
        };
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }
    // Only whole characters were written, so this cannot fail; the check is cheap.
    String::from_utf8(out).map_err(|_| LoadError::TruncatedUtf16)
}

/// A declaration naming a legacy code page is only a problem when the file really uses bytes
/// outside ASCII: then the text we decoded is not what the author wrote.
fn check_declared_encoding(text: &str, actual: TextEncoding) -> Result<(), LoadError> {
    let Some(value) = declared_encoding(text) else {
        return Ok(());
    };
    if is_unicode_label(value) || (text.is_ascii() && matches!(actual, TextEncoding::Utf8 { .. })) {
        return Ok(());
    }
    Err(LoadError::UnsupportedEncoding {
        encoding: value.to_owned(),
    })
}

/// The `encoding` of the XML declaration at the start of `text`, if there is one.
fn declared_encoding(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("<?xml")?;
    let decl = &rest[..rest.find("?>")?];
    let at = decl.find("encoding")?;
    let after = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    after[1..].split(quote).next()
}

fn is_unicode_label(label: &str) -> bool {
    matches!(
        label.to_ascii_lowercase().as_str(),
        "utf-8" | "utf8" | "utf-16" | "utf16" | "unicode" | "utf-16le" | "utf-16be" | "us-ascii" | "ascii"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16le_with_bom_round_trips() {
        let text = "<a>\r\n  <b x=\"é\"/>\r\n</a>";
        let bytes = encode(text, TextEncoding::Utf16Le { bom: true });
        let src = SourceText::decode(&bytes).unwrap();
        assert_eq!(src.encoding, TextEncoding::Utf16Le { bom: true });
        assert_eq!(src.text, text);
        assert_eq!(src.encode(&src.text), bytes);
    }

    #[test]
    fn utf16be_without_bom_is_recognised() {
        let bytes = encode("<a/>", TextEncoding::Utf16Be { bom: false });
        let src = SourceText::decode(&bytes).unwrap();
        assert_eq!(src.encoding, TextEncoding::Utf16Be { bom: false });
        assert_eq!(src.encode(&src.text), bytes);
    }

    #[test]
    fn odd_utf16_is_truncated() {
        let mut bytes = encode("<a/>", TextEncoding::Utf16Le { bom: true });
        bytes.pop();
        assert!(matches!(SourceText::decode(&bytes), Err(LoadError::TruncatedUtf16)));
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let err = SourceText::decode(b"<a>\n<b>\xff</b></a>").unwrap_err();
        match err {
            LoadError::InvalidUtf8 { byte, position } => {
                assert_eq!(byte, 0xff);
                assert_eq!((position.line, position.column), (2, 4));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn legacy_code_page_with_non_ascii_is_refused() {
        let text = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>é</a>";
        let err = SourceText::decode(text.as_bytes()).unwrap_err();
        assert!(matches!(err, LoadError::UnsupportedEncoding { .. }), "{err:?}");
        let ascii = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>e</a>";
        assert!(SourceText::decode(ascii.as_bytes()).is_ok());
    }

    #[test]
    fn line_endings() {
        assert_eq!(LineEnding::detect("a\r\nb"), LineEnding::CrLf);
        assert_eq!(LineEnding::detect("a\nb\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("ab"), LineEnding::Lf);
    }
}
