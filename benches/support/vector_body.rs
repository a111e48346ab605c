//! An instant-query answer with one sample per service, as a Prometheus holding `services`
//! services answers `sum by (service) (…)`: the shape that froze the console at 100,000
//! series. Shared by `benches/mapping.rs` and `tests/scale_100k.rs`.

use std::fmt::Write as _;

/// The bytes of a vector response: `svc-000000` … with values that differ per service and
/// per `salt`, so panels built from several bodies are not identical.
pub fn vector_body(services: usize, salt: usize) -> Vec<u8> {
    let mut body = String::with_capacity(services * 72 + 64);
    body.push_str(r#"{"status":"success","data":{"resultType":"vector","result":["#);
    for s in 0..services {
        if s > 0 {
            body.push(',');
        }
        let value = ((s * 7919 + salt * 104_729) % 1_000_000) as f64 / 1_000_000.0;
        let _ = write!(
            body,
            r#"{{"metric":{{"service":"svc-{s:06}"}},"value":[1764681600.000,"{value:.6}"]}}"#
        );
    }
    body.push_str("]}}");
    body.into_bytes()
}
