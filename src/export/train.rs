//! `papers train` in words: how each topic of the user's own did on their
//! labels, what labels it needs, and which papers to label next.

use std::fmt::Write;

use crate::classify::learned::least_sure::Unsure;
use crate::classify::learned::train::{Advice, TopicFit};
use crate::wording::fit::cut;
use crate::wording::thousands;

/// Characters of a suggested paper's title shown.
const TITLE_WIDTH: usize = 70;

/// How the topic `slug` of the user's own did (`fit`, at `threshold`), what it
/// needs, and the papers worth labelling next with their titles (none when the
/// model was not used to re-classify).
pub fn own_topic_report(slug: &str, fit: &TopicFit, threshold: f32, unsure: &[(&Unsure, String)]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{slug} (yours): it finds {} of your {} papers (recall {:.2}) at precision {:.2}\n  \
         (cross-validated on your labels and the built-in papers; {} labelled outside it; threshold {threshold:.3})",
        fit.found,
        fit.positives,
        fit.recall(),
        fit.precision(),
        thousands(fit.negatives as u64)
    );
    match fit.advice() {
        Advice::MorePositives => {
            let _ = writeln!(
                out,
                "  it takes nothing yet: label more papers in it with `papers label ID +{slug}` (a dozen or more)"
            );
        }
        Advice::Negatives => {
            let _ = writeln!(
                out,
                "  it needs negatives: label papers it takes wrongly with `papers label ID -{slug}` \
                 (about as many as your positives) so that it learns where {slug} ends"
            );
        }
        Advice::Enough => {}
    }
    if unsure.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "  worth labelling next (nearest its threshold): `papers label ID +{slug}` or `-{slug}`"
    );
    for (paper, title) in unsure {
        let _ = writeln!(out, "    {}  {:.3}  {}", paper.id, paper.probability, cut(title, TITLE_WIDTH));
    }
    out
}
