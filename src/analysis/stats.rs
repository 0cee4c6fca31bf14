//! The statistics behind `compare`: seeded bootstrap intervals, the Wilcoxon
//! signed-rank test and difference-in-differences. Small and exact enough to
//! test by hand; no statistics crate needed.

/// A deterministic generator for resampling (SplitMix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

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
    let mut rng = Rng(seed);
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

/// Two-sided p-value of the Wilcoxon signed-rank test of paired differences
/// (zeros dropped, average ranks for ties, normal approximation with tie and
/// continuity correction). 1.0 when there is nothing to test.
pub fn wilcoxon(diffs: &[f64]) -> f64 {
    let mut d: Vec<f64> = diffs.iter().copied().filter(|x| x.abs() > 1e-12).collect();
    let n = d.len();
    if n == 0 {
        return 1.0;
    }
    d.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
    let mut ranks = vec![0.0; n];
    let mut tie_term = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && (d[j + 1].abs() - d[i].abs()).abs() < 1e-12 {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        ranks[i..=j].iter_mut().for_each(|r| *r = avg);
        let t = (j - i + 1) as f64;
        tie_term += t * t * t - t;
        i = j + 1;
    }
    let w_plus: f64 = d
        .iter()
        .zip(&ranks)
        .filter(|(x, _)| **x > 0.0)
        .map(|(_, r)| r)
        .sum();
    let nf = n as f64;
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
    fn wilcoxon_by_hand() {
        // diffs 1..=10 all positive: W+ = 55, E = 27.5, Var = 96.25, z = (27.5-0.5)/9.811 = 2.752, p = 0.00592
        let p = wilcoxon(&(1..=10).map(f64::from).collect::<Vec<_>>());
        assert!((p - 0.00592).abs() < 2e-4, "{p}");
        // symmetric diffs: no evidence
        assert!(wilcoxon(&[1.0, -1.0, 2.0, -2.0, 3.0, -3.0]) > 0.9);
        assert_eq!(wilcoxon(&[0.0, 0.0]), 1.0);
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
