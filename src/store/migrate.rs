//! Schema migrations: the numbered SQL files in `migrations/`, compiled in.
//!
//! `PRAGMA user_version` records how many have been applied. Pending ones run in
//! one transaction, so a failure leaves the database as it was. A database whose
//! version is above what this binary knows was written by a newer `papers` and is
//! refused before anything is written to it.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Every migration in order; the position (from 1) is the schema version it yields.
/// Append only: never edit a file that has shipped.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("../../migrations/0001_init.sql")),
    ("0002_fetch.sql", include_str!("../../migrations/0002_fetch.sql")),
    ("0003_topics.sql", include_str!("../../migrations/0003_topics.sql")),
    ("0004_sources.sql", include_str!("../../migrations/0004_sources.sql")),
    ("0005_signals.sql", include_str!("../../migrations/0005_signals.sql")),
    ("0006_importance.sql", include_str!("../../migrations/0006_importance.sql")),
    ("0007_digest_edits.sql", include_str!("../../migrations/0007_digest_edits.sql")),
    ("0008_fts_buffer.sql", include_str!("../../migrations/0008_fts_buffer.sql")),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Reads the schema version without writing anything.
pub fn current_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses a database from a newer binary; never writes.
pub fn check_not_newer(conn: &Connection) -> Result<u32, StoreError> {
    let found = current_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew { found, supported: SCHEMA_VERSION });
    }
    Ok(found)
}

/// Applies the pending migrations in one transaction and returns the new version.
pub fn migrate(conn: &mut Connection) -> Result<u32, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again inside the write lock: another process may have migrated meanwhile.
    let found = check_not_newer(&tx)?;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql).map_err(|source| StoreError::Migration { name, source })?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
    }
    tx.commit()?;
    Ok(SCHEMA_VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::OptionalExtension;

    #[test]
    fn every_file_in_migrations_is_listed_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS.iter().map(|(name, _)| name.to_string()).collect();
        assert_eq!(files, listed);
        for (index, name) in listed.iter().enumerate() {
            assert!(name.starts_with(&format!("{:04}_", index + 1)), "{name} is out of sequence");
        }
    }

    #[test]
    fn a_database_of_schema_6_keeps_its_picks_and_gains_the_near_miss() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        for (index, (_, sql)) in MIGRATIONS.iter().enumerate().take(6) {
            conn.execute_batch(sql).expect("older migration");
            conn.pragma_update(None, "user_version", index as u32 + 1).expect("version");
        }
        conn.execute("INSERT INTO picks VALUES ('2024-W21', '2405.10101', '2024-05-27T08:00:00Z')", [])
            .expect("a pick");
        assert_eq!(migrate(&mut conn).expect("migrates"), SCHEMA_VERSION);
        let kept: (String, String, String, String) = conn
            .query_row("SELECT week, id, choice, edited FROM digest_edits", [], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .expect("one edit");
        let expected = ("2024-W21", "2405.10101", "picked", "2024-05-27T08:00:00Z");
        assert_eq!((kept.0.as_str(), kept.1.as_str(), kept.2.as_str(), kept.3.as_str()), expected);
        // Papers stored before the near miss was known have none until classified.
        let near: Option<String> = conn
            .query_row("SELECT near_topic FROM papers LIMIT 1", [], |row| row.get(0))
            .optional()
            .expect("the column is there")
            .flatten();
        assert_eq!(near, None);
    }

    /// FNV-1a of each shipped file: a database at version N ran exactly these
    /// bytes, so changing one would leave such databases without the change.
    const SHIPPED: &[(&str, u64)] = &[
        ("0001_init.sql", 0xfccc_b19d_15df_b438),
        ("0002_fetch.sql", 0x504a_eea4_6b16_fbf0),
        ("0003_topics.sql", 0xd8ca_f509_7960_eca7),
        ("0004_sources.sql", 0xbeb5_96d7_9872_8ce4),
        ("0005_signals.sql", 0x64f7_9b46_cc51_869b),
        ("0006_importance.sql", 0xfb1f_4d23_f631_1189),
        ("0007_digest_edits.sql", 0xaf31_2408_587f_b5ed),
        ("0008_fts_buffer.sql", 0x303f_0266_5df0_c43c),
    ];

    #[test]
    fn shipped_migrations_are_never_edited() {
        for ((name, sql), (shipped, hash)) in MIGRATIONS.iter().zip(SHIPPED) {
            assert_eq!(name, shipped);
            assert_eq!(
                crate::classify::stable_hash(sql.as_bytes()),
                *hash,
                "{name} was edited after it shipped: add a new migration instead"
            );
        }
        assert_eq!(MIGRATIONS.len(), SHIPPED.len(), "a new migration is added to SHIPPED when it ships");
    }
}
