//! Peak memory of decoding the benchmark's 1,000 × 1,000 `query_range` body. The crate forbids
//! `unsafe`, so no counting allocator: run it twice under `/usr/bin/time -v` and subtract.
//!
//! ```sh
//! cargo build --release --example decode_peak
//! /usr/bin/time -v target/release/examples/decode_peak baseline   # builds the body only
//! /usr/bin/time -v target/release/examples/decode_peak             # builds it and decodes it
//! ```
//! Each run also prints its peak resident size (VmHWM) from `/proc/self/status`.

#[path = "../benches/support/query_range_body.rs"]
mod support;

use std::hint::black_box;

use opsconsole::sources::prometheus::{QueryData, decode_query};

fn main() {
    let baseline = std::env::args().nth(1).is_some_and(|arg| arg == "baseline");
    let body = support::query_range_body(1000, 1000);
    let summary = if baseline {
        format!("body {} bytes, not decoded", body.len())
    } else {
        match decode_query(black_box(&body)) {
            Ok(QueryData::Matrix(series)) => {
                let points: usize = series.iter().map(|s| s.points.len()).sum();
                format!(
                    "body {} bytes, {} series, {points} points",
                    body.len(),
                    series.len()
                )
            }
            other => format!("unexpected result: {other:?}"),
        }
    };
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "VmHWM unavailable".into());
    println!("{summary}; {peak}");
}
