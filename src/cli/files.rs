//! Writing the files the tool makes (exports, models, the taxonomy) so that a
//! failure never leaves half a file where the old one was.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `path` through a temporary file in the same folder: flushed to disk
/// before it replaces the old file, and removed when anything fails, so neither a
/// half-written file nor a stray temporary is left behind.
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "papers".into());
    let temporary = folder.join(format!(".{name}.papers-tmp"));
    let written = File::create(&temporary)
        .with_context(|| format!("cannot write {}", temporary.display()))
        .and_then(|mut file| {
            write(&mut file)?;
            file.sync_all().with_context(|| format!("cannot write {}", temporary.display()))
        })
        .and_then(|()| {
            std::fs::rename(&temporary, path).with_context(|| format!("cannot write {}", path.display()))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("papers-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("digest.md");
        write_atomically(&path, |out| Ok(out.write_all(b"old")?)).expect("first write");
        let failed = write_atomically(&path, |out| {
            out.write_all(b"half")?;
            anyhow::bail!("the renderer failed")
        });
        assert_eq!(failed.map_err(|e| e.to_string()), Err("the renderer failed".to_string()));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        let left: Vec<_> =
            std::fs::read_dir(&dir).expect("list").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("digest.md")], "no temporary is left");
        write_atomically(&path, |out| Ok(out.write_all(b"new")?)).expect("second write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
