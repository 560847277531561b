//! The CLI's mock S3 on disk: each folder of a directory is a bucket, each file under it an
//! object whose key is its path below the bucket (`orders/2024/a.csv`).

use std::path::Path;

use super::s3::S3;

/// The buckets in `dir`.
pub fn load(dir: &Path) -> Result<S3, String> {
    let mut s3 = S3::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read the S3 folder {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(bucket) = path.file_name().and_then(|n| n.to_str()).filter(|_| path.is_dir()) else { continue };
        s3.create_bucket(bucket);
        load_objects(&mut s3, bucket, &path, "")?;
    }
    Ok(s3)
}

fn load_objects(s3: &mut S3, bucket: &str, dir: &Path, prefix: &str) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let key = format!("{prefix}{name}");
        if path.is_dir() {
            load_objects(s3, bucket, &path, &format!("{key}/"))?;
        } else {
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            s3.put(bucket, &key, String::from_utf8_lossy(&bytes).into_owned(), 0);
        }
    }
    Ok(())
}

/// Writes the objects the run wrote under `dir/<bucket>/<key>`.
pub fn save_written(s3: &S3, dir: &Path) -> Result<(), String> {
    for (bucket, key, object) in s3.written() {
        let path = dir.join(bucket).join(key);
        if key.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(format!("refusing to write the object key \"{key}\" outside {}", dir.display()));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &object.body).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
