#![cfg(not(target_arch = "wasm32"))]
//! The share link's base64url (src/share/link.rs) against the `base64` crate's URL-safe
//! alphabet without padding: the same text for any bytes, and any text read or refused by
//! both alike (wrong characters, padding, a length no bytes have, bits left over that are not
//! zero). The crate itself would cost 2,171 bytes gzip in the page.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use edge_failover_planner::share::base64url;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn encodes_as_the_crate_does(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let ours = base64url::encode(&bytes);
        prop_assert_eq!(&ours, &URL_SAFE_NO_PAD.encode(&bytes));
        prop_assert_eq!(base64url::decode(&ours), Some(bytes));
    }

    #[test]
    fn reads_or_refuses_any_text_as_the_crate_does(text in "[A-Za-z0-9_=+/-]{0,40}") {
        prop_assert_eq!(base64url::decode(&text), URL_SAFE_NO_PAD.decode(&text).ok(), "{}", text);
    }

    #[test]
    fn reads_or_refuses_a_damaged_link_as_the_crate_does(
        bytes in proptest::collection::vec(any::<u8>(), 1..100),
        at in any::<prop::sample::Index>(),
        with in "[A-Za-z0-9_=+/. -]",
        cut in 0usize..3,
    ) {
        let mut text = base64url::encode(&bytes);
        let i = at.index(text.len());
        text.replace_range(i..i + 1, &with);
        text.truncate(text.len() - cut.min(text.len()));
        prop_assert_eq!(base64url::decode(&text), URL_SAFE_NO_PAD.decode(&text).ok(), "{}", text);
    }
}
