use serde::{Deserialize, Serialize};

use crate::{split_by_weights, Money, Result, Share};

/// One region's two inputs (seed 001): its marketing contribution last year (drives the top-down
/// split) and what it commits to spend this year (the bottom-up plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionInput {
    pub region: String,
    pub last_year: Money,
    pub commitment: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionSplit {
    pub region: String,
    /// The total split by last year's contribution.
    pub top_down: Money,
    /// What the region committed to.
    pub bottom_up: Money,
    /// Top-down and bottom-up mixed by the weight, scaled to the total.
    pub blended: Money,
    /// bottom_up − top_down: what the region asks for beyond (or below) its share.
    pub difference: Money,
}

/// Splits `total` over regions top-down and bottom-up and blends the two: `top_down_weight` of
/// the blend follows last year's contribution, the rest follows the commitments' proportions.
/// `top_down` and `blended` each sum exactly to `total`; regions without any history or
/// commitments are treated as equal.
pub fn split_regions(
    total: Money,
    regions: &[RegionInput],
    top_down_weight: Share,
) -> Result<Vec<RegionSplit>> {
    if regions.is_empty() {
        return Ok(vec![]);
    }
    let weights_or_even = |ws: Vec<u64>| {
        if ws.iter().all(|&w| w == 0) {
            vec![1; ws.len()]
        } else {
            ws
        }
    };
    let top_down = split_by_weights(
        total,
        &weights_or_even(
            regions
                .iter()
                .map(|r| r.last_year.fen().max(0) as u64)
                .collect(),
        ),
    )?;
    let bottom_up_scaled = split_by_weights(
        total,
        &weights_or_even(
            regions
                .iter()
                .map(|r| r.commitment.fen().max(0) as u64)
                .collect(),
        ),
    )?;
    let w = top_down_weight.basis_points() as u64;
    let blend_weights: Vec<u64> = top_down
        .iter()
        .zip(&bottom_up_scaled)
        .map(|(td, bu)| w * td.fen() as u64 + (10_000 - w) * bu.fen() as u64)
        .collect();
    let blended = if blend_weights.iter().all(|&x| x == 0) {
        vec![Money::ZERO; regions.len()]
    } else {
        split_by_weights(total, &blend_weights)?
    };
    Ok(regions
        .iter()
        .zip(top_down)
        .zip(blended)
        .map(|((r, top_down), blended)| RegionSplit {
            region: r.region.clone(),
            top_down,
            bottom_up: r.commitment,
            blended,
            difference: Money::from_fen(r.commitment.fen() - top_down.fen()),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn region(name: &str, last_year: i64, commitment: i64) -> RegionInput {
        RegionInput {
            region: name.into(),
            last_year: Money::from_yuan(last_year),
            commitment: Money::from_yuan(commitment),
        }
    }

    #[test]
    fn top_down_bottom_up_and_an_even_blend() {
        let regions = [
            region("华东", 600, 500),
            region("华北", 300, 300),
            region("华南", 100, 200),
        ];
        let half = Share::from_basis_points(5_000).expect("share");
        let rows = split_regions(Money::from_yuan(1_000), &regions, half).expect("split");
        let yuan = |f: fn(&RegionSplit) -> Money| {
            rows.iter().map(|r| f(r).fen() / 100).collect::<Vec<_>>()
        };
        assert_eq!(yuan(|r| r.top_down), vec![600, 300, 100]);
        assert_eq!(yuan(|r| r.bottom_up), vec![500, 300, 200]);
        assert_eq!(yuan(|r| r.blended), vec![550, 300, 150]);
        assert_eq!(yuan(|r| r.difference), vec![-100, 0, 100]);
        let all_top =
            split_regions(Money::from_yuan(1_000), &regions, Share::WHOLE).expect("split");
        assert_eq!(
            all_top.iter().map(|r| r.blended).collect::<Vec<_>>(),
            all_top.iter().map(|r| r.top_down).collect::<Vec<_>>()
        );
    }

    proptest! {
        #[test]
        fn top_down_and_blend_always_sum_to_the_total(
            total in 0i64..=Money::MAX_ABS_FEN,
            inputs in proptest::collection::vec((0i64..=1_000_000_000, 0i64..=1_000_000_000), 1..12),
            weight in 0u32..=10_000,
        ) {
            let regions: Vec<RegionInput> = inputs
                .iter()
                .enumerate()
                .map(|(i, &(ly, c))| RegionInput { region: i.to_string(), last_year: Money::from_fen(ly), commitment: Money::from_fen(c) })
                .collect();
            let rows = split_regions(Money::from_fen(total), &regions, Share::from_basis_points(weight).expect("w")).expect("split");
            prop_assert_eq!(rows.iter().map(|r| r.top_down.fen()).sum::<i64>(), total);
            prop_assert_eq!(rows.iter().map(|r| r.blended.fen()).sum::<i64>(), total);
        }
    }
}
