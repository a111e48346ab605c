//! Placeholder replaced by the decoder benchmark.
fn main() {}
