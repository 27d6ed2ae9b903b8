//! Binary logistic regression fitted to its optimum: weighted examples, an
//! optional fixed offset per example (a prior the fit only corrects), and an L2
//! penalty on the weights (not the bias), minimised by L-BFGS. In f64 and in a
//! fixed order, so the same data always gives the same weights.
//!
//! The heads and the ranking have a few thousand positives among tens of
//! thousands of papers, weighted up to balance them: stochastic gradient descent
//! wanders there, where the exact optimum is cheap to reach.

use crate::classify::learned::features::Sparse;

/// A weighted binary classification problem over sparse rows.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a> {
    pub rows: &'a [Sparse],
    /// 1 for a positive, 0 for a negative.
    pub targets: &'a [f32],
    /// How much each example counts.
    pub weights: &'a [f32],
    /// Added to each example's log-odds; empty for none.
    pub offsets: &'a [f32],
    /// How many features the rows index.
    pub features: usize,
    /// The L2 penalty: half this times the squared weights is added to the loss
    /// (like 1/C in scikit-learn).
    pub l2: f64,
}

/// The fitted weights and bias.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub weights: Vec<f32>,
    pub bias: f32,
}

/// Corrections L-BFGS keeps.
const MEMORY: usize = 10;
const MAX_ITERATIONS: usize = 300;
/// Stops when the gradient's largest entry falls below this.
const TOLERANCE: f64 = 1e-5;

impl Problem<'_> {
    /// The loss at `point` (weights, then the bias) and its gradient.
    fn evaluate(&self, point: &[f64], gradient: &mut [f64]) -> f64 {
        let n = self.features;
        let (weights, bias) = (&point[..n], point[n]);
        gradient.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        for (i, row) in self.rows.iter().enumerate() {
            let offset = self.offsets.get(i).copied().unwrap_or(0.0);
            let z = bias
                + f64::from(offset)
                + row.iter().map(|&(f, v)| weights[f as usize] * f64::from(v)).sum::<f64>();
            let (y, c) = (f64::from(self.targets[i]), f64::from(self.weights[i]));
            // log(1 + e^z) - y z, computed without overflow.
            loss += c * (z.max(0.0) + (-z.abs()).exp().ln_1p() - y * z);
            let residual = c * (sigmoid(z) - y);
            for &(f, v) in row {
                gradient[f as usize] += residual * f64::from(v);
            }
            gradient[n] += residual;
        }
        for (g, w) in gradient[..n].iter_mut().zip(weights) {
            *g += self.l2 * w;
        }
        loss + 0.5 * self.l2 * weights.iter().map(|w| w * w).sum::<f64>()
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Fits `problem` to its optimum (or as near as [`MAX_ITERATIONS`] get).
pub fn fit(problem: &Problem) -> Fitted {
    let size = problem.features + 1;
    let mut point = vec![0.0f64; size];
    let mut gradient = vec![0.0f64; size];
    let mut loss = problem.evaluate(&point, &mut gradient);
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut next_gradient = vec![0.0f64; size];
    for iteration in 0..MAX_ITERATIONS {
        if gradient.iter().all(|g| g.abs() < TOLERANCE) {
            break;
        }
        let direction = direction(&gradient, &history);
        let slope = dot(&direction, &gradient);
        if slope >= 0.0 {
            // Not a descent direction (curvature lost): start the memory again.
            history.clear();
            continue;
        }
        // The first step is scaled to the gradient; later ones start at 1.
        let mut step = if iteration == 0 { 1.0 / dot(&gradient, &gradient).sqrt().max(1.0) } else { 1.0 };
        let mut candidate = point.clone();
        let next_loss = loop {
            candidate.iter_mut().zip(&point).zip(&direction).for_each(|((c, p), d)| *c = p + step * d);
            let next = problem.evaluate(&candidate, &mut next_gradient);
            if next <= loss + 1e-4 * step * slope || step < 1e-12 {
                break next;
            }
            step *= 0.5;
        };
        let moved: Vec<f64> = candidate.iter().zip(&point).map(|(c, p)| c - p).collect();
        let turned: Vec<f64> = next_gradient.iter().zip(&gradient).map(|(n, g)| n - g).collect();
        let curvature = dot(&moved, &turned);
        if curvature > 1e-12 {
            if history.len() == MEMORY {
                history.remove(0);
            }
            history.push((moved, turned, 1.0 / curvature));
        }
        let improvement = loss - next_loss;
        point = candidate;
        std::mem::swap(&mut gradient, &mut next_gradient);
        loss = next_loss;
        if improvement.abs() <= 1e-10 * loss.abs().max(1.0) {
            break;
        }
    }
    let n = problem.features;
    Fitted { weights: point[..n].iter().map(|&w| w as f32).collect(), bias: point[n] as f32 }
}

/// The L-BFGS direction: the gradient, turned by the remembered curvature.
fn direction(gradient: &[f64], history: &[(Vec<f64>, Vec<f64>, f64)]) -> Vec<f64> {
    let mut q: Vec<f64> = gradient.to_vec();
    let mut alphas = Vec::with_capacity(history.len());
    for (s, y, rho) in history.iter().rev() {
        let alpha = rho * dot(s, &q);
        q.iter_mut().zip(y).for_each(|(q, y)| *q -= alpha * y);
        alphas.push(alpha);
    }
    if let Some((s, y, _)) = history.last() {
        let scale = dot(s, y) / dot(y, y);
        q.iter_mut().for_each(|q| *q *= scale);
    }
    for ((s, y, rho), alpha) in history.iter().zip(alphas.iter().rev()) {
        let beta = rho * dot(y, &q);
        q.iter_mut().zip(s).for_each(|(q, s)| *q += (alpha - beta) * s);
    }
    q.iter_mut().for_each(|q| *q = -*q);
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_reaches_the_optimum_of_a_problem_with_a_known_answer() {
        // One feature on in a quarter of the positives' rows' way: with p(y | x=1) = 0.8
        // and p(y | x=0) = 0.2 and no penalty, the optimum is bias = ln(1/4) and
        // weight = ln 16.
        let mut rows = Vec::new();
        let mut targets = Vec::new();
        for (x, positives) in [(1.0f32, 8), (0.0, 2)] {
            for i in 0..10 {
                rows.push(if x > 0.0 { vec![(0u32, x)] } else { Vec::new() });
                targets.push(if i < positives { 1.0 } else { 0.0 });
            }
        }
        let weights = vec![1.0; rows.len()];
        let problem =
            Problem { rows: &rows, targets: &targets, weights: &weights, offsets: &[], features: 1, l2: 0.0 };
        let fitted = fit(&problem);
        assert!((fitted.bias - 0.25f32.ln()).abs() < 1e-3, "{fitted:?}");
        assert!((fitted.weights[0] - 16f32.ln()).abs() < 1e-3, "{fitted:?}");
        assert_eq!(fit(&problem), fitted, "the same data gives the same weights");
        // An offset the fit only corrects: with the right log-odds given, nothing is left.
        let offsets: Vec<f32> =
            rows.iter().map(|r| if r.is_empty() { 0.25f32.ln() } else { 4f32.ln() }).collect();
        let corrected = fit(&Problem { offsets: &offsets, ..problem });
        assert!(corrected.bias.abs() < 1e-3 && corrected.weights[0].abs() < 1e-3, "{corrected:?}");
        // A penalty pulls the weight towards 0.
        let penalised = fit(&Problem { l2: 5.0, ..problem });
        assert!(
            penalised.weights[0] > 0.0 && penalised.weights[0] < fitted.weights[0] - 0.5,
            "{penalised:?}"
        );
    }
}
