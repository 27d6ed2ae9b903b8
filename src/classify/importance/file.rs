//! `data/importance.bin`: the importance model as bytes, and back. The same model
//! always gives the same bytes.

use chrono::NaiveDate;

use super::record::{AuthorRecord, Counts};
use super::{FACT_NAMES, Head, ImportanceModel, RANK_NAMES, Ranking};
use crate::classify::bytes::{Malformed, Reader, put_f32, put_str, put_u32, put_u64, stable_hash};
use crate::classify::learned::features::Kind;

const MAGIC: &[u8] = b"papers-importance 1\n";

/// Why an importance model file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a papers importance model ({0})")]
pub struct ImportanceError(String);

impl From<Malformed> for ImportanceError {
    fn from(malformed: Malformed) -> ImportanceError {
        ImportanceError(malformed.0)
    }
}

impl ImportanceModel {
    /// The model with these parts; its digest is its file's.
    pub fn new(
        names: Vec<(Kind, String)>,
        topics: Vec<String>,
        heads: [Head; 2],
        ranking: Ranking,
        record: AuthorRecord,
        record_until: NaiveDate,
    ) -> ImportanceModel {
        let mut model = ImportanceModel { names, topics, heads, ranking, record, record_until, digest: 0 };
        model.digest = stable_hash(&model.to_bytes());
        model
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, self.names.len() as u32);
        for (kind, name) in &self.names {
            out.push(*kind as u8);
            put_str(&mut out, name);
        }
        put_u32(&mut out, self.topics.len() as u32);
        for slug in &self.topics {
            put_str(&mut out, slug);
        }
        for head in &self.heads {
            put_f32(&mut out, head.bias);
            for &w in head.text.iter().chain(&head.topics).chain(&head.facts).chain(&head.record) {
                put_f32(&mut out, w);
            }
        }
        let ranking = &self.ranking;
        for ((weight, mean), featured_mean) in
            ranking.weights.iter().zip(&ranking.means).zip(&ranking.featured_means)
        {
            put_f32(&mut out, *weight);
            put_f32(&mut out, *mean);
            put_f32(&mut out, *featured_mean);
        }
        put_f32(&mut out, self.ranking.tracked_author);
        put_str(&mut out, &self.record_until.to_string());
        let (keys, counts, papers, featured) = self.record.parts();
        put_u32(&mut out, keys.len() as u32);
        for (key, count) in keys.iter().zip(counts) {
            put_u64(&mut out, *key);
            put_u32(&mut out, count.featured);
            put_u32(&mut out, count.papers);
        }
        for ids in [papers, featured] {
            put_u32(&mut out, ids.len() as u32);
            for id in ids {
                put_u64(&mut out, *id);
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<ImportanceModel, ImportanceError> {
        let mut input = Reader::new(bytes);
        input.header(MAGIC)?;
        let n = input.count(3)?;
        let mut names = Vec::with_capacity(n);
        for _ in 0..n {
            let code = input.u8()?;
            let kind = Kind::from_code(code)
                .ok_or_else(|| ImportanceError(format!("unknown feature kind {code}")))?;
            names.push((kind, input.string()?));
        }
        let t = input.count(2)?;
        let topics = (0..t).map(|_| input.string()).collect::<Result<Vec<_>, _>>()?;
        let mut head = || -> Result<Head, Malformed> {
            let bias = input.finite()?;
            let mut floats =
                |count: usize| (0..count).map(|_| input.finite()).collect::<Result<Vec<f32>, _>>();
            let text = floats(n)?;
            let topic_weights = floats(t)?;
            let facts = floats(FACT_NAMES.len())?;
            let record = floats(2)?;
            Ok(Head {
                bias,
                text,
                topics: topic_weights,
                facts: std::array::from_fn(|i| facts[i]),
                record: [record[0], record[1]],
            })
        };
        let heads = [head()?, head()?];
        let mut weights = [0.0; RANK_NAMES.len()];
        let mut means = [0.0; RANK_NAMES.len()];
        let mut featured_means = [0.0; RANK_NAMES.len()];
        for ((weight, mean), featured_mean) in weights.iter_mut().zip(&mut means).zip(&mut featured_means) {
            (*weight, *mean, *featured_mean) = (input.finite()?, input.finite()?, input.finite()?);
        }
        let ranking = Ranking { weights, means, featured_means, tracked_author: input.finite()? };
        let until = input.string()?;
        let record_until = until.parse().map_err(|_| ImportanceError(format!("'{until}' is not a date")))?;
        let names_in_record = input.count(16)?;
        let mut record_names = Vec::with_capacity(names_in_record);
        for _ in 0..names_in_record {
            let key = input.u64()?;
            record_names.push((key, Counts { featured: input.u32()?, papers: input.u32()? }));
        }
        let mut ids = || -> Result<Vec<u64>, Malformed> {
            let count = input.count(8)?;
            (0..count).map(|_| input.u64()).collect()
        };
        let (papers, featured) = (ids()?, ids()?);
        if !input.at_end() {
            return Err(ImportanceError("trailing bytes".into()));
        }
        let record = AuthorRecord::new(record_names, papers, featured);
        Ok(ImportanceModel {
            names,
            topics,
            heads,
            ranking,
            record,
            record_until,
            digest: stable_hash(bytes),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::importance::record::{id_hash, name_key};

    pub fn tiny() -> ImportanceModel {
        let head = |scale: f32| Head {
            bias: -3.0 * scale,
            text: vec![1.0 * scale, -0.5 * scale],
            topics: vec![0.25 * scale],
            facts: [0.1 * scale; FACT_NAMES.len()],
            record: [0.5 * scale, 0.2 * scale],
        };
        ImportanceModel::new(
            vec![(Kind::Word, "agent".into()), (Kind::Pair, "we release".into())],
            vec!["agents".into()],
            [head(1.0), head(2.0)],
            Ranking {
                weights: [0.5; RANK_NAMES.len()],
                means: [0.1; RANK_NAMES.len()],
                featured_means: [0.7; RANK_NAMES.len()],
                tracked_author: 3.0,
            },
            AuthorRecord::new(
                vec![(name_key("Ada Lovelace"), Counts { featured: 2, papers: 3 })],
                vec![id_hash("2601.00001")],
                vec![id_hash("2601.00001")],
            ),
            NaiveDate::from_ymd_opt(2026, 8, 21).expect("date"),
        )
    }

    #[test]
    fn a_model_round_trips_byte_for_byte_and_junk_is_refused() {
        let model = tiny();
        let bytes = model.to_bytes();
        let read = ImportanceModel::from_bytes(&bytes).expect("reads back");
        assert_eq!(read, model);
        assert_eq!(read.to_bytes(), bytes);
        assert!(ImportanceModel::from_bytes(b"papers-model 1\n").is_err());
        assert!(ImportanceModel::from_bytes(&bytes[..bytes.len() - 1]).is_err(), "cut short");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(ImportanceModel::from_bytes(&longer).is_err(), "trailing bytes");
        let mut huge = MAGIC.to_vec();
        huge.extend(u32::MAX.to_le_bytes());
        assert!(ImportanceModel::from_bytes(&huge).is_err(), "absurd counts are refused, not allocated");
    }

    #[test]
    fn the_shipped_model_reads() {
        let model = crate::classify::importance::builtin().expect("the binary ships an importance model");
        assert!(model.names.len() > 10_000 && model.record.len() > 10_000, "{}", model.names.len());
        assert_eq!(model.to_bytes(), super::super::BUILTIN, "the shipped file is what the model writes");
    }
}
