//! `/api/v1/query` and `/api/v1/query_range` results. The `result` is read before knowing its
//! `resultType` (JSON objects have no key order), so each element is decoded by shape: an
//! object is a series, a number and a string make the `[ts, "value"]` of a scalar or string.

use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::value::{Point, Points, parse_value};
use super::{Labels, unwrap_envelope};
use crate::domain::remote_text::clean_owned;
use crate::sources::prometheus::FetchError;

#[derive(Debug, Clone, PartialEq)]
pub struct InstantSample {
    pub labels: Labels,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RangeSeries {
    pub labels: Labels,
    /// `(unix seconds, value)` in time order.
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum QueryData {
    Vector(Vec<InstantSample>),
    Matrix(Vec<RangeSeries>),
    Scalar(f64),
    Text(String),
}

impl QueryData {
    /// The API's name for this result type: "vector", "matrix", "scalar" or "string".
    pub fn kind(&self) -> &'static str {
        match self {
            QueryData::Vector(_) => "vector",
            QueryData::Matrix(_) => "matrix",
            QueryData::Scalar(_) => "scalar",
            QueryData::Text(_) => "string",
        }
    }
}

/// Decodes a query or query_range response. Samples that carry only a native histogram have no
/// float value to show and are left out.
pub fn decode_query(body: &[u8]) -> Result<QueryData, FetchError> {
    let data: Data = unwrap_envelope(body)?;
    let (kind, result) = match (data.result_type, data.result) {
        (Some(kind), Some(result)) => (kind, result),
        _ => {
            return Err(FetchError::Malformed(
                "data without resultType or result".into(),
            ));
        }
    };
    match (kind.as_str(), result) {
        ("vector", RawResult::Series(series)) => series
            .into_iter()
            .filter(|s| !(s.histogram && s.value.is_none()))
            .map(|s| match s.value {
                Some((_, value)) => Ok(InstantSample {
                    labels: s.labels,
                    value,
                }),
                None => Err(FetchError::Malformed(
                    "vector sample without a value".into(),
                )),
            })
            .collect::<Result<_, _>>()
            .map(QueryData::Vector),
        ("matrix", RawResult::Series(series)) => Ok(QueryData::Matrix(
            series
                .into_iter()
                .filter(|s| !(s.histogram && s.values.is_empty()))
                .map(|s| RangeSeries {
                    labels: s.labels,
                    points: s.values,
                })
                .collect(),
        )),
        ("scalar", RawResult::Pair(text)) => parse_value(&text)
            .map(QueryData::Scalar)
            .ok_or_else(|| FetchError::Malformed(format!("bad scalar value {text:?}"))),
        ("string", RawResult::Pair(text)) => Ok(QueryData::Text(clean_owned(text))),
        ("vector" | "matrix" | "scalar" | "string", _) => Err(FetchError::Malformed(format!(
            "unexpected result for a {kind}"
        ))),
        (other, _) => Err(FetchError::Malformed(format!(
            "unknown resultType {other:?}"
        ))),
    }
}

/// `data` with its two fields in either order.
struct Data {
    result_type: Option<String>,
    result: Option<RawResult>,
}

enum RawResult {
    Series(Vec<Series>),
    /// The value string of a scalar or string result; its timestamp is not kept.
    Pair(String),
}

/// A series of either kind: vectors fill `value`, matrices `values`.
#[derive(Default)]
struct Series {
    labels: Labels,
    value: Option<(f64, f64)>,
    values: Vec<(f64, f64)>,
    histogram: bool,
}

/// Object keys of `data` and of a series.
enum Key {
    ResultType,
    Result,
    Metric,
    Value,
    Values,
    Histogram,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "resultType" => Key::ResultType,
                    "result" => Key::Result,
                    "metric" => Key::Metric,
                    "value" => Key::Value,
                    "values" => Key::Values,
                    "histogram" | "histograms" => Key::Histogram,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Data {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Data, D::Error> {
        struct DataVisitor;
        impl<'de> Visitor<'de> for DataVisitor {
            type Value = Data;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("query data")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
                let mut data = Data {
                    result_type: None,
                    result: None,
                };
                while let Some(key) = map.next_key()? {
                    match key {
                        Key::ResultType => data.result_type = Some(map.next_value()?),
                        Key::Result => data.result = Some(map.next_value_seed(ResultSeed)?),
                        _ => map.next_value::<IgnoredAny>().map(drop)?,
                    }
                }
                Ok(data)
            }
        }
        deserializer.deserialize_map(DataVisitor)
    }
}

struct ResultSeed;

impl<'de> DeserializeSeed<'de> for ResultSeed {
    type Value = RawResult;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawResult, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ResultSeed {
    type Value = RawResult;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of series or a [timestamp, \"value\"] pair")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawResult, A::Error> {
        let mut series = Vec::new();
        let (mut time, mut text) = (false, None);
        let mut capacity = 0;
        while let Some(element) = seq.next_element_seed(ElementSeed { capacity })? {
            match element {
                Element::Series(one) => {
                    capacity = one.values.len();
                    series.push(one);
                }
                Element::Time => time = true,
                Element::Text(value) => text = Some(value),
            }
        }
        match (time, text) {
            (false, None) => Ok(RawResult::Series(series)),
            (true, Some(value)) if series.is_empty() => Ok(RawResult::Pair(value)),
            _ => Err(A::Error::custom(
                "result is neither a list of series nor a pair",
            )),
        }
    }
}

enum Element {
    Series(Series),
    Time,
    Text(String),
}

/// One element of `result`, told apart by its JSON type.
struct ElementSeed {
    capacity: usize,
}

impl<'de> DeserializeSeed<'de> for ElementSeed {
    type Value = Element;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Element, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementSeed {
    type Value = Element;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a series object, a timestamp or a value string")
    }

    fn visit_f64<E: Error>(self, _: f64) -> Result<Element, E> {
        Ok(Element::Time)
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<Element, E> {
        Ok(Element::Time)
    }

    fn visit_i64<E: Error>(self, _: i64) -> Result<Element, E> {
        Ok(Element::Time)
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Element, E> {
        Ok(Element::Text(text.to_owned()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element, A::Error> {
        let mut series = Series::default();
        while let Some(key) = map.next_key()? {
            match key {
                Key::Metric => series.labels = map.next_value_seed(LabelsSeed)?,
                Key::Value => series.value = Some(map.next_value_seed(Point)?),
                Key::Values => {
                    series.values = map.next_value_seed(Points {
                        capacity: self.capacity,
                    })?;
                }
                Key::Histogram => {
                    series.histogram = true;
                    map.next_value::<IgnoredAny>()?;
                }
                _ => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
        Ok(Element::Series(series))
    }
}

struct LabelsSeed;

impl<'de> DeserializeSeed<'de> for LabelsSeed {
    type Value = Labels;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Labels, D::Error> {
        super::fields::labels(deserializer)
    }
}
