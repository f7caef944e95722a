//! Rules: the TOML specs, loading and merging configs, and compiling them into a [`RuleSet`].
//! (Checking every rule's examples runs the matcher: see `matcher::check`.)

pub mod compile;
pub mod confidence;
pub mod error;
pub mod load;
pub mod spec;

pub use compile::{AllowInput, Allowlist, Rule, RuleSet};
pub use confidence::Confidence;
pub use error::{RuleError, SourcePos};
pub use load::Loaded;
pub use spec::{Checksum, Severity};
