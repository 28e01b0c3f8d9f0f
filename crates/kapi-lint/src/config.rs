//! Rule levels: defaults from the catalogue, a config file found in the
//! tree, and command-line overrides.
//!
//! The config file is `.kapi-lint.toml` (or `kapi-lint.toml`), looked up from
//! the linted path upwards:
//!
//! ```toml
//! [rules]
//! since-version = "allow"
//! signal-not-signal = "deny"
//! ```

use crate::rules::{self, Level};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File names the linter looks for.
pub const FILE_NAMES: &[&str] = &[".kapi-lint.toml", "kapi-lint.toml"];

/// Effective rule levels.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Overrides, by rule id.
    pub levels: BTreeMap<String, Level>,
    /// The file the overrides came from, if any.
    pub file: Option<PathBuf>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    #[serde(default)]
    rules: BTreeMap<String, String>,
}

impl Config {
    /// The level of rule `id` in this configuration.
    pub fn level(&self, id: &str) -> Level {
        self.levels.get(id).copied().or_else(|| rules::rule(id).map(|r| r.default)).unwrap_or(Level::Warn)
    }

    /// Sets a level, checking the rule id (`all` sets every rule).
    pub fn set(&mut self, id: &str, level: Level) -> Result<(), String> {
        if id == "all" {
            for r in rules::RULES {
                self.levels.insert(r.id.to_string(), level);
            }
            return Ok(());
        }
        if rules::rule(id).is_none() {
            let hint = kapi_syntax::keys::suggest(id, rules::RULES.iter().map(|r| r.id))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!("unknown rule `{id}`{hint} (see `kapi lint --rules`)"));
        }
        self.levels.insert(id.to_string(), level);
        Ok(())
    }

    /// Reads a config file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed: FileFormat = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut c = Config { file: Some(path.to_path_buf()), ..Config::default() };
        for (id, level) in parsed.rules {
            let l = Level::parse(&level)
                .ok_or_else(|| format!("{}: rule `{id}`: `{level}` is not allow, warn or deny", path.display()))?;
            c.set(&id, l).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(c)
    }

    /// Finds a config file in `start` or one of its parents.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let abs = std::fs::canonicalize(start).ok()?;
        let mut dir = if abs.is_dir() { Some(abs.as_path()) } else { abs.parent() };
        while let Some(d) = dir {
            for n in FILE_NAMES {
                let p = d.join(n);
                if p.is_file() {
                    return Some(p);
                }
            }
            dir = d.parent();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_files_are_found_upwards_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(
            dir.path().join(".kapi-lint.toml"),
            "[rules]\nsince-version = \"allow\"\nsignal-not-signal = \"deny\"\n",
        )
        .unwrap();
        let found = Config::discover(&dir.path().join("a/b")).unwrap();
        let c = Config::load(&found).unwrap();
        assert_eq!(c.level("since-version"), Level::Allow);
        assert_eq!(c.level("signal-not-signal"), Level::Deny);
        assert_eq!(c.level("bad-range"), Level::Deny);

        std::fs::write(dir.path().join("bad.toml"), "[rules]\nsince-versoin = \"allow\"\n").unwrap();
        let e = Config::load(&dir.path().join("bad.toml")).unwrap_err();
        assert!(e.contains("did you mean `since-version`"), "{e}");
        std::fs::write(dir.path().join("bad2.toml"), "[rules]\nsince-version = \"never\"\n").unwrap();
        assert!(Config::load(&dir.path().join("bad2.toml")).is_err());
    }
}
