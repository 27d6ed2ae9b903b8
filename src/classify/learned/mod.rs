//! The learned classifier: a model trained on real labelled arXiv papers (and a
//! user's own labels), shipped inside the binary, that decides the topics it knows;
//! the taxonomy's phrases are among its features.

pub mod features;
pub mod least_sure;
pub mod model;
pub mod train;

pub use model::{Contribution, Model, ModelError, TopicModel};

/// The model trained on `data/labelled/train.jsonl` by `papers train`; empty
/// while none has been trained (the classifier then uses the phrases alone).
const BUILTIN: &[u8] = include_bytes!("../../../data/model.bin");

/// The model shipped with the binary, if it has one.
pub fn builtin() -> Option<Model> {
    (!BUILTIN.is_empty()).then(|| Model::from_bytes(BUILTIN).ok()).flatten()
}

/// The labelled papers the built-in model was trained on (JSON Lines): the first
/// two rounds, then the third, fourth and fifth (see `data/README.md`).
pub const TRAINING_SET: &str = concat!(
    include_str!("../../../data/labelled/train.jsonl"),
    include_str!("../../../data/labelled/round3.jsonl"),
    include_str!("../../../data/labelled/round4.jsonl"),
    include_str!("../../../data/labelled/round5.jsonl"),
);
/// The held-out labelled papers it is measured on.
pub const TEST_SET: &str = include_str!("../../../data/labelled/test.jsonl");

use super::eval::Labelled;
use super::{Classifier, Document};
use crate::model::LabelledPaper;
use train::{Example, Label, Settings, TopicToLearn, Trained};

/// How much more a user's own label counts than one of the shipped set.
pub const USER_WEIGHT: f32 = 3.0;

/// How many of a user's stored papers [`train_model`] should be given as the
/// background of the user's own topics.
pub const BACKGROUND_PAPERS: usize = 3_000;

/// Trains a model on the shipped labels plus a user's, with `rules`' phrases as
/// features. Its topics are the taxonomy's that the shipped set labels, then the
/// user's own new slugs (sorted). A user label decides its topic for that paper
/// (and counts [`USER_WEIGHT`] times); the shipped papers are taken as outside
/// the user's new topics, but count little there, since some belong to them.
///
/// `background` (unlabelled papers of the user's own feed, up to
/// [`BACKGROUND_PAPERS`]) are taken as outside the user's new topics in the same
/// way: the shipped papers hold few that come near a narrow topic, a user's feed
/// holds many, so the topic learns its edges from them. Without new topics, they
/// are not used.
pub fn train_model(
    rules: &Classifier,
    shipped: &[Labelled],
    user: &[LabelledPaper],
    background: &[LabelledPaper],
) -> Trained {
    train_model_with(rules, shipped, user, background, Settings::default())
}

/// [`train_model`] with other settings, for measuring them.
pub fn train_model_with(
    rules: &Classifier,
    shipped: &[Labelled],
    user: &[LabelledPaper],
    background: &[LabelledPaper],
    settings: Settings,
) -> Trained {
    let taxonomy = rules.taxonomy();
    let phrases = |title: &str, abstract_text: &str, categories: &[String]| {
        rules.phrase_fractions(Document { title, abstract_text, categories })
    };
    let labelled_slugs: std::collections::BTreeSet<&str> =
        shipped.iter().flat_map(|l| l.topics.iter().map(String::as_str)).collect();
    let mut slugs: Vec<String> = taxonomy
        .topics
        .iter()
        .map(|t| t.slug.clone())
        .filter(|s| labelled_slugs.contains(s.as_str()))
        .collect();
    let mut new: Vec<String> =
        user.iter().flat_map(|u| u.added.iter()).filter(|s| !slugs.contains(s)).cloned().collect();
    new.sort();
    new.dedup();
    slugs.extend(new.iter().cloned());
    let mut examples: Vec<Example> = shipped
        .iter()
        .map(|l| Example {
            title: l.title.clone(),
            abstract_text: l.abstract_text.clone(),
            phrases: phrases(&l.title, &l.abstract_text, &l.categories),
            categories: l.categories.clone(),
            labels: slugs
                .iter()
                .map(|s| match (l.topics.contains(s), new.contains(s)) {
                    (true, _) => Label::Yes,
                    (false, false) => Label::No,
                    (false, true) => Label::Unlikely,
                })
                .collect(),
            weight: 1.0,
            natural: l.origin.as_deref() == Some("random"),
            background: false,
        })
        .collect();
    for labels in user {
        let decide = |slug: &String, otherwise: Label| {
            if labels.added.contains(slug) {
                Label::Yes
            } else if labels.removed.contains(slug) {
                Label::No
            } else {
                otherwise
            }
        };
        match shipped.iter().position(|l| l.id == labels.id.as_str()) {
            Some(index) => {
                let example = &mut examples[index];
                example.labels = slugs.iter().zip(&example.labels).map(|(s, l)| decide(s, *l)).collect();
                example.weight = USER_WEIGHT;
            }
            None => examples.push(Example {
                title: labels.title.clone(),
                abstract_text: labels.abstract_text.clone(),
                phrases: phrases(&labels.title, &labels.abstract_text, &labels.categories),
                categories: labels.categories.clone(),
                labels: slugs.iter().map(|s| decide(s, Label::Unknown)).collect(),
                weight: USER_WEIGHT,
                natural: false,
                background: false,
            }),
        }
    }
    if !new.is_empty() {
        let known: std::collections::HashSet<&str> =
            shipped.iter().map(|l| l.id.as_str()).chain(user.iter().map(|u| u.id.as_str())).collect();
        examples.extend(background.iter().filter(|b| !known.contains(b.id.as_str())).map(|paper| {
            Example {
                title: paper.title.clone(),
                abstract_text: paper.abstract_text.clone(),
                phrases: phrases(&paper.title, &paper.abstract_text, &paper.categories),
                categories: paper.categories.clone(),
                labels: slugs
                    .iter()
                    .map(|s| match new.contains(s) {
                        true => Label::Unlikely,
                        false => Label::Unknown,
                    })
                    .collect(),
                weight: 1.0,
                natural: false,
                background: true,
            }
        }));
    }
    let topics: Vec<TopicToLearn> =
        slugs.iter().map(|slug| TopicToLearn { slug: slug.clone(), own: new.contains(slug) }).collect();
    train::train(&examples, &topics, settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Taxonomy;
    use crate::classify::eval::{evaluate, parse_jsonl};

    fn rules() -> Classifier {
        Classifier::rules_only(Taxonomy::builtin().expect("default taxonomy"))
    }

    /// The quality bar on the 500 held-out real papers, which no part of the model
    /// saw. The phrases alone score about 0.64 there.
    #[test]
    fn the_shipped_model_meets_its_bar_on_held_out_real_papers() {
        let papers = parse_jsonl(TEST_SET).expect("the test set parses");
        assert_eq!(papers.len(), 500);
        let classifier = Classifier::new(Taxonomy::builtin().expect("default taxonomy"));
        assert!(classifier.model().is_some(), "the binary ships a model");
        let report = evaluate(&classifier, &papers);
        assert!(report.micro.f1() >= 0.80, "micro-F1 {:.3}", report.micro.f1());
        let phrases = evaluate(&rules(), &papers);
        assert!(report.micro.f1() >= phrases.micro.f1() + 0.07, "the model must beat the phrases clearly");
        for (slug, counts) in &report.per_topic {
            if counts.true_positives + counts.false_positives >= 5 {
                assert!(counts.precision() >= 0.6, "{slug} precision {:.3}", counts.precision());
            }
        }
    }

    /// A paper's words decide its topics wherever it is filed: no category weighs
    /// against any topic of the shipped model.
    #[test]
    fn no_category_speaks_against_a_shipped_topic() {
        let model = builtin().expect("the binary ships a model");
        let mut categories = 0;
        for (feature, (kind, name)) in model.vocabulary.names.iter().enumerate() {
            if *kind != features::Kind::Category {
                continue;
            }
            categories += 1;
            for (topic, t) in model.topics.iter().enumerate() {
                let weight = model.weight(feature as u32, topic);
                assert!(weight >= 0.0, "{name} speaks against {}: {weight}", t.slug);
            }
        }
        assert!(categories > 20, "the model knows the categories ({categories})");
    }

    /// `papers train --shipped-only` on the shipped labels gives the shipped model,
    /// byte for byte: the model is the labels' and nothing else's.
    #[test]
    fn training_on_the_shipped_labels_reproduces_the_shipped_model() {
        let shipped = parse_jsonl(TRAINING_SET).expect("the training set parses");
        let model = train_model(&rules(), &shipped, &[], &[]).model;
        assert!(model.to_bytes() == BUILTIN, "data/model.bin is not what the shipped labels train to");
    }

    #[test]
    fn a_new_topic_is_learned_from_a_users_labels() {
        let shipped = parse_jsonl(TRAINING_SET).expect("the training set parses");
        let robot = |i: usize| {
            LabelledPaper {
            id: crate::id::ArxivId::parse(&format!("2512.9{i:04}")).expect("a made-up id"),
            title: format!("Grasping with a robot arm, trial {i}"),
            abstract_text: "We teach a robot arm to grasp objects with a manipulation policy learned from demonstrations on a real robot.".into(),
            categories: vec!["cs.RO".into()],
            added: vec!["robotics".into()],
            removed: Vec::new(),
        }
        };
        let user: Vec<LabelledPaper> = (0..15).map(robot).collect();
        let trained = train_model(&rules(), &shipped[..400], &user, &[]);
        let model = trained.model;
        assert_eq!(model.topics.last().map(|t| t.slug.as_str()), Some("robotics"));
        // Its own labels teach it: no other topic's phrase score, no category against it.
        let robotics = model.topics.len() - 1;
        for (feature, (kind, name)) in model.vocabulary.names.iter().enumerate() {
            let weight = model.weight(feature as u32, robotics);
            match kind {
                features::Kind::Phrases => assert_eq!(weight, 0.0, "{name}'s phrases speak for robotics"),
                features::Kind::Category => {
                    assert!(weight >= 0.0, "{name} speaks against robotics: {weight}")
                }
                _ => {}
            }
        }
        let agents = model.topic_index("agents").expect("agents");
        assert!(
            model
                .vocabulary
                .names
                .iter()
                .enumerate()
                .any(|(f, (kind, _))| *kind == features::Kind::Phrases
                    && model.weight(f as u32, agents) != 0.0),
            "the shipped topics keep their phrase features"
        );
        // A background of the user's feed shapes robotics alone.
        let background: Vec<LabelledPaper> = shipped[400..700]
            .iter()
            .filter_map(|l| {
                Some(LabelledPaper {
                    id: crate::id::ArxivId::parse(&l.id).ok()?,
                    title: l.title.clone(),
                    abstract_text: l.abstract_text.clone(),
                    categories: l.categories.clone(),
                    added: Vec::new(),
                    removed: Vec::new(),
                })
            })
            .collect();
        assert!(background.len() > 250);
        let with_background = train_model(&rules(), &shipped[..400], &user, &background).model;
        assert_eq!(
            with_background.vocabulary.names, model.vocabulary.names,
            "the background adds no features"
        );
        for (topic, (a, b)) in model.topics.iter().zip(&with_background.topics).enumerate().take(robotics) {
            assert_eq!((a.bias, a.threshold), (b.bias, b.threshold), "{}", a.slug);
            for feature in 0..model.vocabulary.len() as u32 {
                assert_eq!(
                    model.weight(feature, topic),
                    with_background.weight(feature, topic),
                    "{}",
                    a.slug
                );
            }
        }
        let fit = trained.fits[robotics];
        assert_eq!(fit.positives, 15);
        assert_eq!(
            fit.found, 15,
            "cross-validated, each labelled paper is found by a model that never saw it"
        );
        assert_eq!(fit.precision(), 1.0, "no paper labelled outside it: {fit:?}");
        assert!(
            fit.assumed > 300 && fit.assumed_taken * 20 < fit.assumed,
            "it takes few of the others: {fit:?}"
        );
        let classifier = Classifier::with_model(Taxonomy::builtin().expect("default"), Some(model));
        let categories = vec!["cs.RO".to_string()];
        let doc = Document {
            title: "Dexterous manipulation for a robot hand",
            abstract_text: "A robot learns to grasp and manipulate objects from demonstrations.",
            categories: &categories,
        };
        let topics: Vec<String> = classifier.classify(doc).into_iter().map(|t| t.slug).collect();
        assert!(topics.contains(&"robotics".to_string()), "{topics:?}");
        let explained = classifier.explain_model(doc, 5).expect("a model explains");
        let robotics = explained.iter().find(|e| e.slug == "robotics").expect("robotics explained");
        assert!(
            robotics.contributions.iter().any(|c| c.feature == "robot" && c.points > 0.0),
            "{robotics:?}"
        );
    }

    #[test]
    fn a_model_file_round_trips_and_junk_is_refused() {
        let model = builtin().expect("the shipped model reads");
        assert!(model.to_bytes() == BUILTIN);
        assert!(Model::from_bytes(b"not a model").is_err());
        assert!(Model::from_bytes(&BUILTIN[..BUILTIN.len() - 1]).is_err(), "a cut file is refused");
        let mut huge = b"papers-model 1\n".to_vec();
        huge.extend(u32::MAX.to_le_bytes());
        assert!(Model::from_bytes(&huge).is_err(), "absurd counts are refused, not allocated");
    }
}
