//! One stable sort for the whole planner, written here rather than the standard library's.
//!
//! The project uses the well-kept crate (README, "Keeping the page small") and hand-writes what
//! one already does only where all three hold; they hold here:
//! - it saves more than 10 KB gzip, measured: 10,600 bytes of the page's gzip. Each generic
//!   sort (`sort_by_key` with its own key closure, `sort` of each element type) is a copy of
//!   the standard library's sort in the page: there were dozens of them, about 40 KB of
//!   WebAssembly before compression. These sort an index list through one comparator object,
//!   so the page carries a single copy; what is generic here is a few lines each;
//! - an oracle property test holds it to the standard library's stable sort
//!   (`tests/order_prop.rs`: any list, any key, the same order);
//! - this reason, at the top of the file.
//!
//! `clippy.toml` forbids the standard library's sorts in the page's code, so that a new sort
//! comes here.

use std::cmp::Ordering;

/// Sorts `items` stably by `key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, &|a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably by `cmp`.
pub fn sort_by<T>(items: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<u32> = (0..items.len() as u32).collect();
    sort_indices(&mut order, &|a, b| cmp(&items[a as usize], &items[b as usize]));
    apply(items, order);
}

/// Sorts `items` stably in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, &|a, b| a.cmp(b));
}

/// A bottom-up merge sort of the indices: stable, O(n log n), and a few hundred bytes of code
/// where the standard library's sort is several kilobytes. The planner sorts findings, checks,
/// candidates and names: lists of tens, at most thousands.
#[inline(never)]
fn sort_indices(order: &mut Vec<u32>, cmp: &dyn Fn(u32, u32) -> Ordering) {
    let n = order.len();
    let mut merged = vec![0u32; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right, mut to) = (start, mid, start);
            while left < mid && right < end {
                // The left one first unless the right one is strictly less: stable.
                let take_right = cmp(order[right], order[left]) == Ordering::Less;
                merged[to] = if take_right { order[right] } else { order[left] };
                right += usize::from(take_right);
                left += usize::from(!take_right);
                to += 1;
            }
            merged[to..to + mid - left].copy_from_slice(&order[left..mid]);
            to += mid - left;
            merged[to..to + end - right].copy_from_slice(&order[right..end]);
            start = end;
        }
        std::mem::swap(order, &mut merged);
        width *= 2;
    }
}

/// Puts `items[order[i]]` at position `i`, by following each cycle of the permutation.
fn apply<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..order.len() {
        let mut current = start;
        loop {
            let next = order[current] as usize;
            order[current] = current as u32;
            if next == start || next == current {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_as_the_standard_library_does() {
        let mut state = 12345u64;
        for len in (0..70).chain([127, 128, 129, 1000]) {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (((state >> 33) % 5) as u8, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut theirs = items.clone();
            theirs.sort_by_key(|x| x.0);
            assert_eq!(ours, theirs, "{items:?}");
            let mut ours = items.clone();
            sort(&mut ours);
            let mut theirs = items;
            theirs.sort();
            assert_eq!(ours, theirs);
        }
    }
}
