//! Query decoding on bodies shaped like Prometheus 2.42's answers to `/api/v1/query` and
//! `/api/v1/query_range`: every result type, special values, API errors and broken JSON.

use opsconsole::sources::prometheus::{FetchError, InstantSample, QueryData, decode_query};

fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn vector(body: &str) -> Vec<InstantSample> {
    match decode_query(body.as_bytes()) {
        Ok(QueryData::Vector(samples)) => samples,
        other => panic!("expected a vector, got {other:?}"),
    }
}

#[test]
fn vector_keeps_name_sorts_labels_and_special_values() {
    let samples = vector(
        r#"{"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"up","job":"prometheus","instance":"127.0.0.1:9090"},"value":[1763900000.123,"1"]},
        {"metric":{"job":"api"},"value":[1763900000.123,"NaN"]},
        {"metric":{"le":"+Inf"},"value":[1763900000,"+Inf"]},
        {"metric":{},"value":[1763900000,"-Inf"]}]}}"#,
    );
    assert_eq!(samples.len(), 4);
    assert_eq!(
        samples[0],
        InstantSample {
            labels: labels(&[
                ("__name__", "up"),
                ("instance", "127.0.0.1:9090"),
                ("job", "prometheus")
            ]),
            value: 1.0,
        }
    );
    assert!(samples[1].value.is_nan(), "NaN stays NaN, never 0");
    assert_eq!(samples[2].value, f64::INFINITY);
    assert_eq!(samples[3].value, f64::NEG_INFINITY);
    assert!(samples[3].labels.is_empty());
}

#[test]
fn matrix_points_are_seconds_and_values() {
    let body = r#"{"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"job":"api","instance":"127.0.0.1:8080"},"values":[[1763900000.123,"0.25"],[1763900015.123,"1e+03"]]},
        {"metric":{"job":"db"},"values":[[1763900000.123,"NaN"]]}]},"warnings":["PromQL info: x"]}"#;
    let Ok(QueryData::Matrix(series)) = decode_query(body.as_bytes()) else {
        panic!("expected a matrix");
    };
    assert_eq!(series.len(), 2);
    assert_eq!(
        series[0].labels,
        labels(&[("instance", "127.0.0.1:8080"), ("job", "api")])
    );
    assert_eq!(
        series[0].points,
        vec![(1_763_900_000.123, 0.25), (1_763_900_015.123, 1000.0)]
    );
    assert_eq!(series[1].points.len(), 1);
    assert!(series[1].points[0].1.is_nan());
}

#[test]
fn scalar_and_string_results() {
    let scalar =
        r#"{"status":"success","data":{"resultType":"scalar","result":[1763900000.123,"2.5"]}}"#;
    assert_eq!(decode_query(scalar.as_bytes()), Ok(QueryData::Scalar(2.5)));
    let nan = r#"{"status":"success","data":{"resultType":"scalar","result":[1763900000,"NaN"]}}"#;
    assert!(matches!(decode_query(nan.as_bytes()), Ok(QueryData::Scalar(v)) if v.is_nan()));
    let text = r#"{"status":"success","data":{"resultType":"string","result":[1763900000.123,"a \"quoted\" word"]}}"#;
    assert_eq!(
        decode_query(text.as_bytes()),
        Ok(QueryData::Text("a \"quoted\" word".into()))
    );
}

#[test]
fn empty_results_and_either_key_order() {
    let empty = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
    assert_eq!(
        decode_query(empty.as_bytes()),
        Ok(QueryData::Vector(vec![]))
    );
    let empty = r#"{"status":"success","data":{"result":[],"resultType":"matrix"}}"#;
    assert_eq!(
        decode_query(empty.as_bytes()),
        Ok(QueryData::Matrix(vec![]))
    );
    let late_type = r#"{"data":{"result":[{"metric":{"a":"b"},"value":[1,"3"]}],"resultType":"vector"},"status":"success"}"#;
    assert_eq!(vector(late_type)[0].value, 3.0);
}

#[test]
fn native_histogram_samples_are_left_out() {
    let body = r#"{"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"job":"a"},"histogram":[1763900000,{"count":"3","sum":"1.5","buckets":[]}]},
        {"metric":{"job":"b"},"value":[1763900000,"4"]}]}}"#;
    let samples = vector(body);
    assert_eq!(samples.len(), 1);
    assert_eq!(samples[0].value, 4.0);
}

#[test]
fn api_error_body_becomes_api_error() {
    let body = r#"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected <EOF>"}"#;
    let error = decode_query(body.as_bytes()).expect_err("an error body");
    assert_eq!(
        error,
        FetchError::Api {
            kind: "bad_data".into(),
            message: "invalid parameter \"query\": 1:5: parse error: unexpected <EOF>".into(),
        }
    );
    assert!(error.to_string().starts_with("bad_data: invalid parameter"));
}

#[test]
fn broken_bodies_are_malformed() {
    let bodies = [
        "",
        "<html>502 Bad Gateway</html>",
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"val"#,
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"one"]}]}}"#,
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}"#,
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}}"#,
        r#"{"status":"success","data":{"resultType":"scalar","result":[]}}"#,
        r#"{"status":"success","data":{"resultType":"histogram","result":[]}}"#,
        r#"{"status":"success","data":{"result":[]}}"#,
        r#"{"status":"success"}"#,
        r#"{"status":"maybe","data":{}}"#,
    ];
    for body in bodies {
        match decode_query(body.as_bytes()) {
            Err(FetchError::Malformed(message)) => {
                assert!(
                    !message.is_empty() && !message.contains('\n'),
                    "{body}: {message}"
                );
            }
            other => panic!("{body}: expected Malformed, got {other:?}"),
        }
    }
}
