//! Rules: the TOML specs, loading and merging configs, and compiling them into a [`RuleSet`].
//! (Checking every rule's examples runs the matcher: see `matcher::check`.)

pub(crate) mod allowlist;
mod compile;
mod confidence;
mod error;
pub(crate) mod load;
mod set;
pub(crate) mod shape;
pub(crate) mod spec;

pub(crate) use allowlist::{AllowInput, LineMemo};
pub use confidence::{Confidence, Ignored};
pub use error::{RuleError, SourcePos};
pub use load::{Loaded, LoadedRule, UnknownId};
pub use set::{AllowlistHits, ParserKind, Rule, RuleSet};
pub(crate) use set::{Assign, ContextRule};
pub use spec::{AllowlistSpec, AssignKind, Checksum, Condition, RegexTarget, RuleSpec, Severity};
