use crate::{CoreError, Money, Result};

/// Splits `total` in proportion to `weights` so that the parts sum to `total` exactly, to the fen.
///
/// Largest-remainder (Hamilton) method: every part first gets the floor of its exact quota, then
/// the fen left over go one each to the parts with the largest remainders. Equal weights get
/// equal parts whenever the fen allow it: the parts of one weight take a leftover fen together
/// or not at all, and only the fen that no whole group can take go one by one, to the earlier
/// part first, so the result is deterministic. Zero weights get zero.
pub fn split_by_weights(total: Money, weights: &[u64]) -> Result<Vec<Money>> {
    if total.is_negative() {
        return Err(CoreError::NegativeSplit);
    }
    let weight_sum: u128 = weights.iter().map(|&w| w as u128).sum();
    if weight_sum == 0 {
        return Err(CoreError::ZeroWeights);
    }
    let total_fen = total.fen() as u128;
    let mut parts: Vec<i64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    let mut assigned: u128 = 0;
    for (i, &w) in weights.iter().enumerate() {
        // total_fen < 2^47 and w < 2^64, so the product fits u128.
        let exact = total_fen * w as u128;
        let floor = exact / weight_sum;
        assigned += floor;
        parts.push(floor as i64);
        remainders.push((exact % weight_sum, i));
    }
    let mut leftover = (total_fen - assigned) as usize;
    // By remainder, then weight (one weight, one remainder: its parts sit together), then order.
    remainders.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(weights[b.1].cmp(&weights[a.1]))
            .then(a.1.cmp(&b.1))
    });
    let mut given = vec![false; parts.len()];
    let mut start = 0;
    while start < remainders.len() && leftover > 0 {
        let (rem, first) = remainders[start];
        let size = remainders[start..]
            .iter()
            .take_while(|&&(r, i)| r == rem && weights[i] == weights[first])
            .count();
        if rem > 0 && size <= leftover {
            for &(_, i) in &remainders[start..start + size] {
                parts[i] += 1;
                given[i] = true;
            }
            leftover -= size;
        }
        start += size;
    }
    // Fen no whole group could take: one each, largest remainder first.
    for &(rem, i) in &remainders {
        if leftover == 0 {
            break;
        }
        if rem == 0 || given[i] {
            continue;
        }
        parts[i] += 1;
        leftover -= 1;
    }
    debug_assert_eq!(
        leftover, 0,
        "leftover fen are fewer than the parts with remainders"
    );
    Ok(parts.into_iter().map(Money::from_fen).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thirds_of_a_yuan_go_to_the_earliest_largest_remainder() {
        let parts = split_by_weights(Money::from_fen(100), &[1, 1, 1]).expect("splits");
        assert_eq!(
            parts,
            vec![
                Money::from_fen(34),
                Money::from_fen(33),
                Money::from_fen(33)
            ]
        );
    }

    #[test]
    fn equal_weights_get_equal_parts_when_the_fen_allow() {
        // ¥1.01 over 40%, 40%, 20%: 40.4, 40.4 and 20.2 fen. The one fen left cannot go to
        // both 40% parts, so it goes to 20% rather than make two equal shares unequal.
        let parts = split_by_weights(Money::from_fen(101), &[2, 2, 1]).expect("splits");
        assert_eq!(
            parts.iter().map(|m| m.fen()).collect::<Vec<_>>(),
            vec![40, 40, 21]
        );
        // ¥2,000,000.03 over the seed template: the two 2% and the two 10% channels match.
        let seed = [7_000, 600, 200, 200, 1_000, 1_000];
        let parts = split_by_weights(Money::from_fen(200_000_003), &seed).expect("splits");
        assert_eq!((parts[2], parts[4]), (parts[3], parts[5]), "{parts:?}");
        assert_eq!(parts.iter().map(|m| m.fen()).sum::<i64>(), 200_000_003);
    }

    #[test]
    fn zero_weights_get_nothing() {
        let parts = split_by_weights(Money::from_fen(101), &[0, 1, 0, 1]).expect("splits");
        assert_eq!(
            parts.iter().map(|m| m.fen()).collect::<Vec<_>>(),
            vec![0, 51, 0, 50]
        );
    }

    #[test]
    fn refuses_all_zero_weights_and_negative_totals() {
        assert_eq!(
            split_by_weights(Money::from_fen(1), &[0, 0]),
            Err(CoreError::ZeroWeights)
        );
        assert_eq!(
            split_by_weights(Money::from_fen(1), &[]),
            Err(CoreError::ZeroWeights)
        );
        assert_eq!(
            split_by_weights(Money::from_fen(-1), &[1]),
            Err(CoreError::NegativeSplit)
        );
    }

    proptest! {
        #[test]
        fn parts_always_sum_to_the_whole(
            total in 0..=Money::MAX_ABS_FEN,
            weights in proptest::collection::vec(0u64..=u32::MAX as u64, 1..40),
        ) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let parts = split_by_weights(Money::from_fen(total), &weights).expect("splits");
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().map(|m| m.fen()).sum::<i64>(), total, "parts must sum to the total");
            let wsum: u128 = weights.iter().map(|&w| w as u128).sum();
            for (p, &w) in parts.iter().zip(&weights) {
                let exact = total as u128 * w as u128;
                let floor = (exact / wsum) as i64;
                prop_assert!(p.fen() == floor || p.fen() == floor + 1, "each part is within one fen of its quota");
            }
        }
    }
}
