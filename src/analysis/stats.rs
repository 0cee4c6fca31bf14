//! The statistics behind `compare`: seeded bootstrap intervals and the Wilcoxon
//! signed-rank test (exact up to 50 differences). Small and exact enough to
//! test by hand; no statistics crate needed.

use crate::rng::Rng;

pub fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

pub fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// The `q` quantile of sorted values, interpolated between neighbours.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Number of bootstrap resamples.
pub const RESAMPLES: usize = 2000;

/// Percentile bootstrap 95% interval of `stat` over `groups` resampled
/// independently (one group for a paired change, two for difference-in-differences).
pub fn bootstrap(groups: &[&[f64]], stat: impl Fn(&[Vec<f64>]) -> f64, seed: u64) -> (f64, f64) {
    if groups.iter().any(|g| g.is_empty()) {
        return (0.0, 0.0);
    }
    let mut rng = Rng::from_state(seed);
    let mut stats: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            let samples: Vec<Vec<f64>> = groups
                .iter()
                .map(|g| (0..g.len()).map(|_| g[rng.below(g.len())]).collect())
                .collect();
            stat(&samples)
        })
        .collect();
    stats.sort_by(f64::total_cmp);
    (percentile(&stats, 0.025), percentile(&stats, 0.975))
}

/// Up to this many non-zero differences the Wilcoxon p-value is exact.
pub const EXACT_MAX: usize = 50;

/// Two-sided p-value of the Wilcoxon signed-rank test of paired differences.
/// Zeros are dropped (Wilcoxon's method) and tied absolute values get their
/// mid-rank. Up to [`EXACT_MAX`] differences the p-value is exact: the
/// permutation distribution of W+ over all 2^n sign assignments of the
/// mid-ranks actually observed (so ties are exact too); above, the normal
/// approximation with tie and continuity correction. 1.0 when there is nothing to test.
pub fn wilcoxon(diffs: &[f64]) -> f64 {
    let ranked = signed_ranks(diffs);
    if ranked.is_empty() {
        return 1.0;
    }
    if ranked.len() <= EXACT_MAX {
        exact_p(&ranked)
    } else {
        normal_p(&ranked)
    }
}

/// The non-zero differences as doubled mid-ranks (integers) with their sign.
fn signed_ranks(diffs: &[f64]) -> Vec<(u32, bool)> {
    let mut d: Vec<f64> = diffs
        .iter()
        .copied()
        .filter(|x| x.is_finite() && x.abs() > 1e-12)
        .collect();
    d.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
    let n = d.len();
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && (d[j + 1].abs() - d[i].abs()).abs() < 1e-12 {
            j += 1;
        }
        // the mid-rank of positions i..=j (1-based) doubled: (i+1) + (j+1)
        let doubled = (i + j + 2) as u32;
        out.extend(d[i..=j].iter().map(|x| (doubled, *x > 0.0)));
        i = j + 1;
    }
    out
}

/// Exact two-sided p: the share of sign assignments whose doubled W+ lies at
/// least as far from its mean as the observed one.
fn exact_p(ranked: &[(u32, bool)]) -> f64 {
    let total: usize = ranked.iter().map(|(r, _)| *r as usize).sum();
    // counts[s]: sign assignments with doubled W+ = s; f64 is exact up to 2^53 > 2^50
    let mut counts = vec![0.0f64; total + 1];
    counts[0] = 1.0;
    let mut reach = 0;
    for (r, _) in ranked {
        let r = *r as usize;
        for s in (0..=reach).rev() {
            if counts[s] > 0.0 {
                counts[s + r] += counts[s];
            }
        }
        reach += r;
    }
    let observed: usize = ranked
        .iter()
        .filter(|(_, pos)| *pos)
        .map(|(r, _)| *r as usize)
        .sum();
    // doubled distances from the mean total/2, doubled again to stay in integers
    let distance = |s: usize| (2 * s).abs_diff(total);
    let limit = distance(observed);
    let extreme: f64 = (0..=total)
        .filter(|s| distance(*s) >= limit)
        .map(|s| counts[s])
        .sum();
    (extreme / 2f64.powi(ranked.len() as i32)).clamp(0.0, 1.0)
}

/// Normal approximation with tie and continuity correction (large samples).
fn normal_p(ranked: &[(u32, bool)]) -> f64 {
    let nf = ranked.len() as f64;
    let w_plus: f64 = ranked
        .iter()
        .filter(|(_, pos)| *pos)
        .map(|(r, _)| f64::from(*r) / 2.0)
        .sum();
    let mut tie_term = 0.0;
    for group in ranked.chunk_by(|a, b| a.0 == b.0) {
        let t = group.len() as f64;
        tie_term += t * t * t - t;
    }
    let expected = nf * (nf + 1.0) / 4.0;
    let variance = nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - tie_term / 48.0;
    if variance <= 0.0 {
        return 1.0;
    }
    let z = ((w_plus - expected).abs() - 0.5).max(0.0) / variance.sqrt();
    (2.0 * (1.0 - normal_cdf(z))).clamp(0.0, 1.0)
}

/// Standard normal CDF (Abramowitz-Stegun 7.1.26 erf approximation, error < 1.5e-7).
fn normal_cdf(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    0.5 * (1.0 + if x >= 0.0 { erf } else { -erf })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_medians_and_normal_cdf() {
        assert_eq!(mean(&[1.0, 2.0, 6.0]), 3.0);
        assert_eq!(median(&[5.0, 1.0, 3.0, 2.0]), 2.5);
        assert!((normal_cdf(1.959_964) - 0.975).abs() < 1e-6);
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn exact_wilcoxon_matches_the_published_tables() {
        // n = 5, all the same sign: W+ = 15 is one of 32 assignments, as is W+ = 0: p = 2/32
        assert_eq!(wilcoxon(&[1.0, 2.0, 3.0, 4.0, 5.0]), 0.0625);
        assert_eq!(wilcoxon(&[-0.5, -1.5, -2.0, -3.1, -9.0]), 0.0625);
        // n = 8, no ties, T = 3: the table's two-sided 5% critical value; P(T <= 3) = 5/256
        // (subsets of 1..8 summing to at most 3: {}, {1}, {2}, {3}, {1,2})
        let d = [-1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        assert_eq!(wilcoxon(&d), 10.0 / 256.0);
        // n = 10 all positive: 2/1024
        assert_eq!(
            wilcoxon(&(1..=10).map(f64::from).collect::<Vec<_>>()),
            2.0 / 1024.0
        );
        assert!(wilcoxon(&[1.0, -1.0, 2.0, -2.0, 3.0, -3.0]) > 0.9);
        assert_eq!(wilcoxon(&[0.0, 0.0]), 1.0);
        assert_eq!(wilcoxon(&[]), 1.0);
    }

    #[test]
    fn exact_wilcoxon_drops_zeros_and_uses_mid_ranks_for_ties() {
        // nine differences, one zero (dropped): n = 8, |d| = 1 2 3 3 5 6 7 8, mid-ranks
        // 1 2 3.5 3.5 5 6 7 8, the only negative is 8, so W- = 8 and E = 18.
        // By hand, sign assignments with W- <= 8 (doubled ranks 2 4 7 7 10 12 14 16, sum <= 16):
        // {} 1, singles 8, pairs 11, triples 4 = 24 of 256; two-sided p = 48/256 = 0.1875
        let d = [0.0, 1.0, 2.0, 3.0, -8.0, 3.0, 5.0, 6.0, 7.0];
        assert_eq!(wilcoxon(&d), 0.1875);
    }

    #[test]
    fn above_fifty_the_normal_approximation_is_used() {
        // 1..=60 all positive: W+ = 1830, E = 915, Var = 60*61*121/24 = 18452.5,
        // z = (915 - 0.5)/135.84 = 6.732: p about 1.7e-11 (below the erf approximation error)
        let p = wilcoxon(&(1..=60).map(f64::from).collect::<Vec<_>>());
        assert!(p < 1e-6, "{p}");
        // a symmetric large sample: no evidence
        let sym: Vec<f64> = (1..=30)
            .flat_map(|i| [f64::from(i), -f64::from(i)])
            .collect();
        assert!(wilcoxon(&sym) > 0.95);
    }

    #[test]
    fn bootstrap_interval_covers_the_mean_and_is_reproducible() {
        let data: Vec<f64> = (0..40).map(|i| -3.0 + (i % 5) as f64 * 0.5).collect();
        let stat = |s: &[Vec<f64>]| mean(&s[0]);
        let (lo, hi) = bootstrap(&[&data], stat, 42);
        assert!(
            lo < mean(&data) && mean(&data) < hi && hi < 0.0,
            "{lo} {hi}"
        );
        assert_eq!((lo, hi), bootstrap(&[&data], stat, 42));
    }
}
