//! Keys the product compares without regard to ASCII case (GUIDs, FQDNs), hashed and compared
//! case-folded in place: a load looks up thousands of them, and a lowercase copy of each cost
//! an allocation.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

/// A name compared without regard to ASCII case, borrowed.
#[derive(Clone, Copy, Debug)]
pub(super) struct NoCase<'a>(pub &'a str);

impl Hash for NoCase<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut buf = [0u8; 64];
        for chunk in self.0.as_bytes().chunks(buf.len()) {
            let lower = &mut buf[..chunk.len()];
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            state.write(lower);
        }
        // As `str` does, so the parts of a composite key stay apart.
        state.write_u8(0xff);
    }
}

impl PartialEq for NoCase<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for NoCase<'_> {}

/// A `UniqueId`: a GUID, which the product compares without regard to ASCII case. The
/// canonical 36-character form is compared as its 128-bit value, which is case-blind by
/// construction and costs a load one parse per key instead of a folded copy per lookup;
/// any other form falls back to comparing the text case-folded.
#[derive(Clone, Debug)]
pub(super) struct Folded<'d> {
    pub text: Cow<'d, str>,
    value: Option<u128>,
}

impl<'d> Folded<'d> {
    pub fn new(text: Cow<'d, str>) -> Folded<'d> {
        let value = guid_value(text.as_bytes());
        Folded { text, value }
    }
}

/// Each byte's value as a hexadecimal digit, in either case; 0xff for any other byte.
const HEX: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in either case, as a number.
fn guid_value(b: &[u8]) -> Option<u128> {
    let b: &[u8; 36] = b.try_into().ok()?;
    if b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    // Two 64-bit halves: 128-bit shifts are several instructions each in WebAssembly. The
    // digits' table values are OR-ed into `bad` and checked once, at the end.
    let mut bad = 0u8;
    let mut run = |digits: &[u8], mut v: u64| {
        for &c in digits {
            let digit = HEX[c as usize];
            bad |= digit;
            v = v << 4 | u64::from(digit & 15);
        }
        v
    };
    let high = run(&b[..8], 0);
    let high = run(&b[9..13], high);
    let high = run(&b[14..18], high);
    let low = run(&b[19..23], 0);
    let low = run(&b[24..], low);
    (bad < 16).then_some(u128::from(high) << 64 | u128::from(low))
}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.value {
            Some(value) => value.hash(state),
            None => NoCase(&self.text).hash(state),
        }
    }
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self.value, other.value) {
            (Some(a), Some(b)) => a == b,
            // A canonical GUID and any other text differ without regard to case too.
            (None, None) => self.text.eq_ignore_ascii_case(&other.text),
            _ => false,
        }
    }
}

impl Eq for Folded<'_> {}

#[cfg(test)]
mod tests {
    use std::collections::hash_map::DefaultHasher;

    use super::*;

    fn hash(value: impl Hash) -> u64 {
        let mut h = DefaultHasher::new();
        value.hash(&mut h);
        h.finish()
    }

    #[test]
    fn guids_are_numbers_in_either_case() {
        let lower = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";
        assert_eq!(
            guid_value(lower.as_bytes()),
            Some(0x0a1b2c3d_4e5f_6789_abcd_ef0123456789)
        );
        assert_eq!(
            guid_value(lower.to_ascii_uppercase().as_bytes()),
            guid_value(lower.as_bytes())
        );
        for bad in [
            "",
            "0a1b2c3d4e5f6789abcdef0123456789",
            "{0a1b2c3d-4e5f-6789-abcd-ef0123456789}",
            "0a1b2c3d-4e5f-6789-abcd-ef012345678g",
            "0a1b2c3d_4e5f-6789-abcd-ef0123456789",
            "0a1b2c3d-4e5f-6789-abcd-ef012345678-",
            "-a1b2c3d-4e5f-6789-abcd-ef0123456789",
            "0a1b2c3d-4e5f-6789-abcd-ef012345678\u{e9}",
        ] {
            assert_eq!(guid_value(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn folded_keys_equal_and_hash_alike_without_regard_to_case() {
        for (a, b) in [
            (
                "0a1b2c3d-4e5f-6789-abcd-ef0123456789",
                "0A1B2C3D-4E5F-6789-ABCD-EF0123456789",
            ),
            ("{0a1b-xyz}", "{0A1B-XYZ}"),
        ] {
            let (a, b) = (Folded::new(a.into()), Folded::new(b.into()));
            assert_eq!(a, b);
            assert_eq!(hash(&a), hash(&b));
        }
        assert_ne!(Folded::new("{ab}".into()), Folded::new("ab".into()));
        assert_ne!(
            Folded::new("0a1b2c3d-4e5f-6789-abcd-ef0123456789".into()),
            Folded::new("0a1b2c3d-4e5f-6789-abcd-ef0123456788".into())
        );
        let long = "x".repeat(150);
        assert_eq!(hash(NoCase(&long)), hash(NoCase(&long.to_ascii_uppercase())));
        assert_ne!(hash(NoCase(&long)), hash(NoCase(&long[1..])));
    }
}
