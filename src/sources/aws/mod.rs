//! AWS: Auto Scaling groups with their CloudWatch metrics and scaling activities, Cost
//! Explorer and Security Hub, through the official SDK (the `aws` cargo feature). Each part is
//! a source of its own (its own interval, freshness and error), so a Cost Explorer that is
//! down or forbidden never hides the groups. Credentials come from the standard chain.

pub mod error_body;
pub mod settings;

#[cfg(feature = "aws")]
pub mod actions;
#[cfg(feature = "aws")]
pub mod clients;
#[cfg(feature = "aws")]
pub mod cost;
#[cfg(feature = "aws")]
pub mod error;
#[cfg(feature = "aws")]
pub mod scaling;
#[cfg(feature = "aws")]
pub mod security;
#[cfg(feature = "aws")]
pub mod task;

/// An AWS string the console shows (a group, finding or service name, a cause): remote text,
/// so cleaned as it is read (see `domain::remote_text`).
#[cfg(feature = "aws")]
fn text(s: &str) -> String {
    crate::domain::remote_text::clean(s).into_owned()
}
