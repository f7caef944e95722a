//! Rules: the TOML specs, loading and merging configs, compiling into a [`RuleSet`], and checking
//! every rule's examples.

pub mod check;
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
