//! Which settings each checked file runs under, for a whole run.
//!
//! Layers (design §3): built-in defaults < the user file
//! (`$XDG_CONFIG_HOME/andon/andon.toml`) < the nearest project `andon.toml`
//! up the tree from the file < command-line flags. `--config FILE` replaces
//! discovery: that file governs every input. Each settings file is read
//! once per run and each directory is looked up once.
//!
//! Invariant: a settings file that cannot be read or is not valid TOML
//! never stops the run; its layer is left out and the file itself is
//! checked, so its problems appear as findings for it.
//!
//! Not here: parsing and merging (`crate::config`), and turning problems
//! into findings (`run`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::analysis::RuleId;
use crate::config::{
    self, FailOn, FileSettings, Settings, SettingsProblem, find_project_settings,
    user_settings_path,
};

use crate::analysis::paths::fs::normalise;

/// The effective settings for the files of one directory.
#[derive(Debug)]
pub struct Resolved {
    pub settings: Settings,
    pub fail_on: FailOn,
    exclude: Option<Exclude>,
}

impl Resolved {
    /// Whether the file at absolute `path` matches `[check] exclude`.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|exclude| exclude.matches(&exclude.files, path))
    }

    /// Whether the directory at absolute `path` is excluded as a whole, so
    /// a walk need not enter it. Every file under such a directory also
    /// matches [`Resolved::is_excluded`].
    pub fn is_excluded_dir(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|exclude| exclude.matches(&exclude.dirs, path))
    }
}

/// Compiled `[check] exclude` patterns and the directory they are
/// relative to.
#[derive(Debug)]
struct Exclude {
    files: GlobSet,
    dirs: GlobSet,
    base: PathBuf,
}

impl Exclude {
    fn matches(&self, set: &GlobSet, path: &Path) -> bool {
        path.strip_prefix(&self.base)
            .is_ok_and(|relative| set.is_match(relative))
    }
}

/// One settings file read during the run.
#[derive(Debug)]
pub struct LoadedFile {
    pub settings: FileSettings,
    pub problems: Vec<SettingsProblem>,
    /// The user file is reported only when something is wrong with it, so
    /// a clean one does not change the file count of every run.
    pub report_when_clean: bool,
}

pub struct Catalog {
    known_rules: Vec<&'static str>,
    cli_fail_on: Option<FailOn>,
    /// The user file over defaults, or `--config FILE` over defaults.
    base: FileSettings,
    /// The working directory: the base of the user file's exclude list.
    base_dir: PathBuf,
    forced: Option<Arc<Resolved>>,
    base_resolved: Option<Arc<Resolved>>,
    by_dir: HashMap<PathBuf, Arc<Resolved>>,
    by_file: HashMap<PathBuf, Arc<Resolved>>,
    /// Every settings file read, by absolute path.
    pub loaded: BTreeMap<PathBuf, LoadedFile>,
}

impl Catalog {
    pub fn new(cwd: &Path, config: Option<&Path>, cli_fail_on: Option<FailOn>) -> Catalog {
        let mut catalog = Catalog {
            known_rules: RuleId::ALL.iter().map(|rule| rule.id()).collect(),
            cli_fail_on,
            base: FileSettings::default(),
            base_dir: cwd.to_path_buf(),
            forced: None,
            base_resolved: None,
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
            loaded: BTreeMap::new(),
        };
        match config {
            Some(path) => {
                let path = normalise(&cwd.join(path));
                let settings = catalog.load(&path, true);
                let dir = path.parent().unwrap_or(cwd).to_path_buf();
                let resolved = catalog.resolve_layers(&settings, dir);
                catalog.forced = Some(Arc::new(resolved));
            }
            None => {
                if let Some(path) = user_settings_path().filter(|path| path.is_file()) {
                    catalog.base = catalog.load(&path, false);
                }
            }
        }
        catalog
    }

    /// The settings for a file at absolute `path`.
    pub fn for_file(&mut self, path: &Path) -> Arc<Resolved> {
        if let Some(forced) = &self.forced {
            return forced.clone();
        }
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        if let Some(resolved) = self.by_dir.get(&dir) {
            return resolved.clone();
        }
        let resolved = match find_project_settings(&dir) {
            Some(file) => self.for_settings_file(&normalise(&file)),
            None => self.base_resolved(),
        };
        self.by_dir.insert(dir, resolved.clone());
        resolved
    }

    fn for_settings_file(&mut self, file: &Path) -> Arc<Resolved> {
        if let Some(resolved) = self.by_file.get(file) {
            return resolved.clone();
        }
        let own = self.load(file, true);
        // Exclude patterns are relative to the file that set them: this
        // one's directory if it has a list (which replaces the user
        // file's), else the user file's base, the working directory.
        let exclude_base = match own.exclude {
            Some(_) => file.parent().unwrap_or(Path::new("/")).to_path_buf(),
            None => self.base_dir.clone(),
        };
        let settings = own.merged_over(&self.base);
        let resolved = Arc::new(self.resolve_layers(&settings, exclude_base));
        self.by_file.insert(file.to_path_buf(), resolved.clone());
        resolved
    }

    fn base_resolved(&mut self) -> Arc<Resolved> {
        if let Some(resolved) = &self.base_resolved {
            return resolved.clone();
        }
        let (base, dir) = (self.base.clone(), self.base_dir.clone());
        let resolved = Arc::new(self.resolve_layers(&base, dir));
        self.base_resolved = Some(resolved.clone());
        resolved
    }

    /// `exclude_base` is the directory `[check] exclude` patterns are
    /// relative to.
    fn resolve_layers(&self, settings: &FileSettings, exclude_base: PathBuf) -> Resolved {
        Resolved {
            settings: settings.analysis_settings(),
            fail_on: self.cli_fail_on.or(settings.fail_on).unwrap_or(FailOn::Red),
            exclude: settings.exclude.as_deref().and_then(|patterns| {
                let (files, dirs) = exclude_sets(patterns)?;
                Some(Exclude {
                    files,
                    dirs,
                    base: exclude_base,
                })
            }),
        }
    }

    fn load(&mut self, path: &Path, report_when_clean: bool) -> FileSettings {
        if let Some(loaded) = self.loaded.get(path) {
            return loaded.settings.clone();
        }
        // Unreadable settings leave their layer out; the file is part of
        // the run, where reading it fails again and is reported.
        let (settings, problems) = config::read_settings_file(path, &self.known_rules);
        self.loaded.insert(
            path.to_path_buf(),
            LoadedFile {
                settings: settings.clone(),
                problems,
                report_when_clean,
            },
        );
        settings
    }
}

/// Patterns without a `/` match any file or directory name at any depth,
/// as in `.gitignore`; patterns with one match the path relative to the
/// settings file's directory. A matching directory excludes everything
/// under it. Returns the set for files and the set for whole directories.
fn exclude_sets(patterns: &[String]) -> Option<(GlobSet, GlobSet)> {
    let mut files = GlobSetBuilder::new();
    let mut dirs = GlobSetBuilder::new();
    for pattern in patterns {
        let pattern = pattern.trim_start_matches("./").trim_start_matches('/');
        let pattern = pattern.trim_end_matches('/');
        let anchored = if pattern.contains('/') {
            pattern.to_owned()
        } else {
            format!("**/{pattern}")
        };
        // What the pattern names is excluded, and so is everything under
        // it; `vendor/**` also names the directory `vendor` itself.
        let mut dir_patterns = vec![anchored.clone()];
        if let Some(parent) = anchored.strip_suffix("/**") {
            dir_patterns.push(parent.to_owned());
        }
        for candidate in [anchored.clone(), format!("{anchored}/**")] {
            add_glob(&mut files, &candidate);
        }
        for candidate in dir_patterns {
            add_glob(&mut dirs, &candidate);
        }
    }
    Some((files.build().ok()?, dirs.build().ok()?))
}

fn add_glob(builder: &mut GlobSetBuilder, pattern: &str) {
    // Invalid patterns were reported when the settings file was read.
    if let Ok(glob) = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .or_else(|_| Glob::new(pattern))
    {
        builder.add(glob);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclude_patterns_follow_gitignore_habits() {
        let sets = |patterns: &[&str]| {
            exclude_sets(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap()
        };
        let (files, dirs) = sets(&["vendor/**", "*.lock"]);
        assert!(files.is_match("vendor/a/b.toml"));
        assert!(!files.is_match("src/vendor.toml"));
        assert!(files.is_match("deep/down/Cargo.lock"));
        assert!(dirs.is_match("vendor") && dirs.is_match("vendor/a"));
        assert!(!dirs.is_match("src"));
        let (files, dirs) = sets(&["generated"]);
        assert!(files.is_match("a/generated/x.toml"));
        assert!(dirs.is_match("a/generated"));
        let (files, dirs) = sets(&["deploy/*.toml"]);
        assert!(files.is_match("deploy/x.toml"));
        assert!(!files.is_match("deploy/sub/x.toml"));
        assert!(!dirs.is_match("deploy") && !dirs.is_match("deploy/sub"));
    }
}
