//! Field decoders shared by the response types: label maps into sorted [`Labels`] (remote
//! text, so cleaned as it is read), Go timestamps (whose zero value means "not set") and sample
//! values sent as strings.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use super::Labels;
use super::value::parse_value;
use crate::domain::remote_text::{clean_lines, clean_owned};

/// A JSON object of string pairs, sorted by name (servers usually send them sorted already).
/// Names and values come cleaned: a control or bidi character shows as its escape.
pub(super) fn labels<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Labels, D::Error> {
    deserializer.deserialize_map(LabelsVisitor { lines: false })
}

/// Like [`labels`], for annotations: descriptions may span lines, and their line breaks stay.
pub(super) fn annotations<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Labels, D::Error> {
    deserializer.deserialize_map(LabelsVisitor { lines: true })
}

struct LabelsVisitor {
    lines: bool,
}

impl<'de> Visitor<'de> for LabelsVisitor {
    type Value = Labels;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of label names to values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Labels, A::Error> {
        // JSON gives no size hint; a guessed capacity of 8 made every one-label sample of a
        // 100,000-series answer hold 384 bytes of empty slots.
        let mut labels = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((name, value)) = map.next_entry::<String, String>()? {
            // Label values (the hot path) pass through without a copy when ordinary.
            let value = if self.lines {
                clean_lines(&value).into_owned()
            } else {
                clean_owned(value)
            };
            labels.push((clean_owned(name), value));
        }
        labels.shrink_to_fit();
        if !labels.is_sorted_by(|a, b| a.0 <= b.0) {
            labels.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        Ok(labels)
    }
}

/// An RFC 3339 time; Go's zero time (`0001-01-01T00:00:00Z`) and `null` read as `None`.
pub(super) fn go_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let time = Option::<DateTime<Utc>>::deserialize(deserializer)?;
    Ok(time.filter(|t| t.timestamp() > GO_ZERO_TIME))
}

/// Seconds from the Unix epoch to 0001-01-01T00:00:00Z.
const GO_ZERO_TIME: i64 = -62_135_596_800;

/// A value string such as `"1e+00"` or `"NaN"`; absent or empty reads as `None`.
pub(super) fn optional_value<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    match text.as_deref() {
        None | Some("") => Ok(None),
        Some(text) => parse_value(text)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("bad sample value {text:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{Labels, annotations, labels};

    #[derive(Deserialize)]
    struct Alert {
        #[serde(deserialize_with = "labels")]
        labels: Labels,
        #[serde(deserialize_with = "annotations")]
        annotations: Labels,
    }

    #[test]
    fn names_and_values_arrive_cleaned_and_annotations_keep_their_lines() {
        let body = r#"{"labels": {"service": "api\u001b]52;c;aGk=\u0007", "z\u202e": "x"},
            "annotations": {"description": "first\r\nsecond \u009b31m"}}"#;
        let alert: Alert = serde_json::from_str(body).expect("decodes");
        assert_eq!(
            alert.labels,
            [
                ("service".into(), "api\\x1b]52;c;aGk=\\x07".into()),
                ("z\\u202e".into(), "x".into())
            ]
        );
        assert_eq!(
            alert.annotations,
            [("description".into(), "first\nsecond \\u009b31m".into())]
        );
    }
}
