//! A realistic `query_range` response built in memory, shared by `benches/decode.rs` and
//! `examples/decode_peak.rs`: series labelled like node metrics, 15 s steps from a
//! millisecond-precise start, values with six decimals, as Prometheus sends them.

use std::fmt::Write as _;

/// `series` series of `points` points each, as the bytes of a matrix response.
pub fn query_range_body(series: usize, points: usize) -> Vec<u8> {
    let mut body = String::with_capacity(series * (points * 30 + 160));
    body.push_str(r#"{"status":"success","data":{"resultType":"matrix","result":["#);
    for s in 0..series {
        if s > 0 {
            body.push(',');
        }
        let _ = write!(
            body,
            r#"{{"metric":{{"__name__":"node_cpu_busy_ratio","instance":"node-{:04}:9100","job":"node","service":"svc-{:02}"}},"values":["#,
            s,
            s % 40
        );
        for p in 0..points {
            if p > 0 {
                body.push(',');
            }
            // A cheap deterministic wobble so values have varied digits.
            let value = ((s * 7919 + p * 104_729) % 1_000_000) as f64 / 1_000_000.0;
            let _ = write!(
                body,
                r#"[{:.3},"{value:.6}"]"#,
                1_763_900_000.123 + 15.0 * p as f64
            );
        }
        body.push_str("]}");
    }
    body.push_str("]}}");
    body.into_bytes()
}
