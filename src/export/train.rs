//! The words of a training's report: what the model was trained on and where it
//! went, how a topic of the user's own did, and the papers worth labelling next.

use std::path::Path;

use crate::classify::learned::least_sure::Unsure;
use crate::ingest::train::{OwnTopic, SavedModel};
use crate::wording::fit::cut;
use crate::wording::{plural, thousands};

/// Characters of a suggested paper's title shown.
const TITLE_WIDTH: usize = 70;

/// "trained 14 topics on 3,000 papers shipped and …; wrote PATH (N bytes)".
pub fn trained_line(saved: &SavedModel, path: &Path) -> String {
    let model = &saved.trained.model;
    let new = match saved.new_topics.is_empty() {
        true => String::new(),
        false => format!("; new topics: {}", saved.new_topics.join(", ")),
    };
    format!(
        "trained {} on {} shipped and {} of yours ({}{new}) in {:.1} s; wrote {} ({} bytes)\n",
        plural(model.topics.len() as u64, "topic"),
        plural(saved.shipped as u64, "paper"),
        plural(saved.user.len() as u64, "labelled paper"),
        plural(model.vocabulary.len() as u64, "feature"),
        saved.seconds,
        path.display(),
        thousands(saved.bytes as u64)
    )
}

/// How a topic of the user's own did: what it finds, at what precision, over
/// which papers (two lines).
pub fn own_topic_fit(topic: &OwnTopic) -> String {
    let (slug, fit) = (&topic.slug, &topic.fit);
    format!(
        "{slug} (yours): it finds {} of your {} papers (recall {:.2}) at precision {:.2}\n  \
         (cross-validated: it takes {} of the {} you labelled outside it, and {} of the {} unlabelled papers \
         it learned against; threshold {:.3})\n",
        fit.found,
        fit.positives,
        fit.recall(),
        fit.precision(),
        thousands(fit.wrongly_taken as u64),
        thousands(fit.negatives as u64),
        thousands(fit.assumed_taken as u64),
        thousands(fit.assumed as u64),
        topic.threshold
    )
}

/// The papers worth labelling next, one a line: id, probability, title.
pub fn suggestion_lines(suggestions: &[(Unsure, String)]) -> String {
    (suggestions.iter())
        .map(|(paper, title)| {
            format!("    {}  {:.3}  {}\n", paper.id, paper.probability, cut(title, TITLE_WIDTH))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::learned::train::TopicFit;

    #[test]
    fn an_own_topic_is_reported_with_its_counts_and_suggestions() {
        let fit = TopicFit {
            own: true,
            positives: 10,
            found: 8,
            negatives: 1_200,
            wrongly_taken: 2,
            assumed: 3_000,
            assumed_taken: 40,
        };
        let unsure = Unsure { id: "2405.00001".into(), probability: 0.4567 };
        let topic = OwnTopic {
            slug: "mine".into(),
            fit,
            threshold: 0.5,
            suggestions: vec![(unsure, "A title".into())],
        };
        assert_eq!(
            own_topic_fit(&topic),
            "mine (yours): it finds 8 of your 10 papers (recall 0.80) at precision 0.80\n  \
             (cross-validated: it takes 2 of the 1,200 you labelled outside it, and 40 of the 3,000 unlabelled \
             papers it learned against; threshold 0.500)\n"
        );
        assert_eq!(suggestion_lines(&topic.suggestions), "    2405.00001  0.457  A title\n");
    }
}
