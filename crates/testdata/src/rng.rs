//! A small deterministic PRNG (splitmix64) and a keyed permutation.
//!
//! Everything the generator produces is a pure function of the seed and an index, so a
//! person or a company can be regenerated at any time instead of being kept in memory.

/// splitmix64's output function: a strong 64-bit mixer.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Independent streams derived from one seed; each kind of thing draws from its own.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stream {
    Person = 1,
    Company = 2,
    Row = 3,
    RowKind = 4,
    List = 5,
    Mobile = 6,
    QqNumber = 7,
    EmailTag = 8,
    SecondMobile = 9,
}

/// splitmix64 generator.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    /// The generator for item `index` of `stream` under `seed`.
    pub(crate) fn for_item(seed: u64, stream: Stream, index: u64) -> Rng {
        Rng(key(seed, stream) ^ mix(index.wrapping_add(0x632B_E59B_D9B4_E019)))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n > 0`); the multiply-shift bias is below 2^-40 for our sizes.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    pub(crate) fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element of a non-empty slice.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    /// An element chosen with probability proportional to its weight (non-empty slice).
    pub(crate) fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut target = self.below(total.max(1));
        for &(item, w) in items {
            let w = u64::from(w);
            if target < w {
                return item;
            }
            target -= w;
        }
        items[items.len() - 1].0
    }
}

/// The key of one stream under one seed.
pub(crate) fn key(seed: u64, stream: Stream) -> u64 {
    mix(seed ^ mix(stream as u64 ^ 0xA076_1D64_78BD_642F))
}

/// A keyed bijection of `0..n` onto itself (`x < n`, `n >= 1`): a 4-round Feistel network
/// over the smallest even number of bits covering `n`, with cycle walking back into range.
pub(crate) fn permute(key: u64, x: u64, n: u64) -> u64 {
    debug_assert!(x < n, "permute: {x} out of 0..{n}");
    if n <= 1 {
        return 0;
    }
    let mut bits = 64 - (n - 1).leading_zeros();
    bits = bits.max(2);
    if bits % 2 == 1 {
        bits += 1;
    }
    let half = bits / 2;
    let mask = (1u64 << half) - 1;
    let mut v = x;
    loop {
        let (mut l, mut r) = (v >> half, v & mask);
        for round in 0..4u64 {
            let f = mix(key ^ (round << 58) ^ r) & mask;
            (l, r) = (r, l ^ f);
        }
        v = (l << half) | r;
        if v < n {
            return v;
        }
    }
}

/// A number unique to `index` within `stream`, shaped like an account or staff number:
/// the first `9·10^(d-1)` indexes get distinct `d`-digit numbers (`d = min_digits`),
/// the next `9·10^d` get distinct `d+1`-digit numbers, and so on.
pub(crate) fn unique_number(seed: u64, stream: Stream, index: u64, min_digits: u32) -> u64 {
    let base_key = key(seed, stream);
    let mut digits = min_digits.max(1);
    let mut rest = index;
    loop {
        let low = 10u64.pow(digits - 1);
        let size = 9 * low;
        if rest < size || digits >= 19 {
            let band_key = mix(base_key ^ u64::from(digits));
            return low + permute(band_key, rest % size, size);
        }
        rest -= size;
        digits += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn permute_is_a_bijection() {
        for n in [1u64, 2, 3, 10, 97, 1000, 4096, 5000] {
            let seen: HashSet<u64> = (0..n).map(|x| permute(42, x, n)).collect();
            assert_eq!(
                seen.len() as u64,
                n,
                "permute must be a bijection of 0..{n}"
            );
            assert!(seen.iter().all(|&v| v < n), "permute must stay in 0..{n}");
        }
    }

    #[test]
    fn unique_numbers_are_unique_and_grow_in_digits() {
        let nums: Vec<u64> = (0..20_000)
            .map(|i| unique_number(7, Stream::EmailTag, i, 2))
            .collect();
        let set: HashSet<u64> = nums.iter().copied().collect();
        assert_eq!(set.len(), nums.len(), "unique_number must not repeat");
        assert!(
            nums[..90].iter().all(|&n| (10..100).contains(&n)),
            "the first 90 indexes get two-digit numbers"
        );
        assert!(
            nums[90..990].iter().all(|&n| (100..1000).contains(&n)),
            "the next 900 get three-digit numbers"
        );
    }

    #[test]
    fn weighted_respects_weights() {
        let mut rng = Rng::for_item(1, Stream::Row, 0);
        let items = [('a', 1u32), ('b', 3)];
        let b = (0..40_000).filter(|_| rng.weighted(&items) == 'b').count();
        let share = b as f64 / 40_000.0;
        assert!(
            (share - 0.75).abs() < 0.02,
            "weighted share of b was {share}"
        );
    }
}
