//! Rules: the TOML specs, loading and merging configs, and compiling them into a [`RuleSet`].
//! (Checking every rule's examples runs the matcher: see `matcher::check`.)

pub mod allowlist;
pub mod compile;
pub mod confidence;
pub mod error;
pub mod load;
pub mod set;
pub mod spec;

pub use allowlist::{AllowInput, Allowlist};
pub use confidence::Confidence;
pub use error::{RuleError, SourcePos};
pub use load::Loaded;
pub use set::{Rule, RuleSet};
pub use spec::{Checksum, Severity};
