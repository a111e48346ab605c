//! Sample points `[unix_seconds, "value"]`, the bulk of every query response. The value string
//! is parsed straight from the input (or serde_json's scratch buffer when escaped), so no
//! `String` is allocated per sample, and Prometheus's `NaN`, `+Inf`, `-Inf` stay what they are.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, SeqAccess, Unexpected, Visitor};

/// A Prometheus sample value; `None` when the text is not a number.
pub(super) fn parse_value(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "+Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// One `[ts, "value"]` pair.
pub(super) struct Point;

impl<'de> DeserializeSeed<'de> for Point {
    type Value = (f64, f64);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(f64, f64), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Point {
    type Value = (f64, f64);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a [timestamp, \"value\"] pair")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(f64, f64), A::Error> {
        let time: f64 = seq
            .next_element()?
            .ok_or_else(|| A::Error::invalid_length(0, &self))?;
        let value = seq
            .next_element_seed(SampleValue)?
            .ok_or_else(|| A::Error::invalid_length(1, &self))?;
        Ok((time, value))
    }
}

/// The quoted value of a point.
struct SampleValue;

impl<'de> DeserializeSeed<'de> for SampleValue {
    type Value = f64;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for SampleValue {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sample value string")
    }

    // serde_json calls this for borrowed and for unescaped-into-scratch strings alike.
    fn visit_str<E: Error>(self, text: &str) -> Result<f64, E> {
        parse_value(text).ok_or_else(|| E::invalid_value(Unexpected::Str(text), &self))
    }
}

/// A `[[ts, "value"], …]` list. JSON gives no length up front, so the caller passes the length
/// of the previous series: in a range query every series usually has the same number of points.
pub(super) struct Points {
    pub(super) capacity: usize,
}

impl<'de> DeserializeSeed<'de> for Points {
    type Value = Vec<(f64, f64)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Points {
    type Value = Vec<(f64, f64)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of [timestamp, \"value\"] pairs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut points = Vec::with_capacity(seq.size_hint().unwrap_or(self.capacity));
        while let Some(point) = seq.next_element_seed(Point)? {
            points.push(point);
        }
        // A short series after a long one would otherwise keep the long one's capacity.
        if points.capacity() > 2 * points.len() + 16 {
            points.shrink_to_fit();
        }
        Ok(points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prometheus_special_values_parse() {
        assert!(parse_value("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_value("+Inf"), Some(f64::INFINITY));
        assert_eq!(parse_value("-Inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_value("1e+06"), Some(1e6));
        assert_eq!(parse_value("-0.5"), Some(-0.5));
        assert_eq!(parse_value(""), None);
        assert_eq!(parse_value("1,5"), None);
    }

    #[test]
    fn points_parse_escaped_and_integer_timestamps() {
        let mut de = serde_json::Deserializer::from_str(r#"[[1700000000,"\u0031.5"],[1.5,"NaN"]]"#);
        let points = Points { capacity: 0 }
            .deserialize(&mut de)
            .expect("valid points");
        assert_eq!(points[0], (1_700_000_000.0, 1.5));
        assert_eq!(points[1].0, 1.5);
        assert!(points[1].1.is_nan());
    }

    #[test]
    fn a_point_needs_exactly_two_elements() {
        for text in [r#"[[1]]"#, r#"[[1,"2",3]]"#, r#"[[1,2]]"#, r#"[[1,"x"]]"#] {
            let mut de = serde_json::Deserializer::from_str(text);
            assert!(
                Points { capacity: 0 }.deserialize(&mut de).is_err(),
                "{text}"
            );
        }
    }
}
