//! The console's topics: what a tab shows, what an alert, a panel or a runbook concerns. This is
//! the one tab identity: keys, mouse, config, the command line, alert routing and runbooks all
//! name tabs through this table and parse them with [`Topic::parse`].

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    Scaling,
    Latency,
    Cost,
    Security,
    Readiness,
    /// The weekly checkpoint: criteria across every other topic.
    Checkpoint,
}

/// (topic, name in files and on the command line, title, short title for narrow tab bars).
const TABLE: [(Topic, &str, &str, &str); 6] = [
    (Topic::Scaling, "scaling", "Scaling", "Scale"),
    (Topic::Latency, "latency", "Latency", "Lat"),
    (Topic::Cost, "cost", "Cost", "Cost"),
    (Topic::Security, "security", "Security", "Sec"),
    (Topic::Readiness, "readiness", "Readiness", "Ready"),
    (Topic::Checkpoint, "checkpoint", "Checkpoint", "Check"),
];

impl Topic {
    /// In display order.
    pub const ALL: [Self; 6] = [
        Self::Scaling,
        Self::Latency,
        Self::Cost,
        Self::Security,
        Self::Readiness,
        Self::Checkpoint,
    ];

    fn entry(self) -> (Topic, &'static str, &'static str, &'static str) {
        TABLE[self as usize]
    }

    /// Lower-case name used in config files, labels and on the command line.
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    pub fn title(self) -> &'static str {
        self.entry().2
    }

    /// At most five characters, for tab bars at 80 columns.
    pub fn short_title(self) -> &'static str {
        self.entry().3
    }

    /// Case-insensitive, for labels written by hand (`tab="Latency"`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    }

    /// [`Topic::from_name`] with the error every caller shows: the name and the valid ones.
    /// `also` lists extra names the caller accepts itself (`alerts`).
    pub fn parse(name: &str, also: &[&str]) -> Result<Self, String> {
        Self::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL
                .iter()
                .map(|t| t.name())
                .chain(also.iter().copied())
                .collect();
            format!("unknown tab {name:?}; tabs: {}", names.join(", "))
        })
    }

    pub fn next(self) -> Self {
        Self::ALL[(self as usize + 1) % Self::ALL.len()]
    }

    pub fn previous(self) -> Self {
        Self::ALL[(self as usize + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_enum_order_and_names_round_trip() {
        for (i, topic) in Topic::ALL.into_iter().enumerate() {
            assert_eq!(TABLE[i].0, topic);
            assert_eq!(Topic::from_name(&topic.name().to_uppercase()), Some(topic));
            assert!(topic.short_title().len() <= 5, "{topic}");
        }
        assert_eq!(Topic::Checkpoint.next(), Topic::Scaling);
        assert_eq!(Topic::Scaling.previous(), Topic::Checkpoint);
    }

    #[test]
    fn an_unknown_name_lists_every_tab_and_the_callers_extras() {
        assert_eq!(
            Topic::parse("alert", &["alerts"]).expect_err("not a tab"),
            "unknown tab \"alert\"; tabs: scaling, latency, cost, security, readiness, checkpoint, alerts"
        );
    }
}
