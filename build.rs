//! Link options for the `opsconsole` binary only (dependencies are not rebuilt for them).
//!
//! Packed relative relocations (DT_RELR): a position-independent binary of this size has ~78,000
//! relative relocations, which as classic RELA entries fill 1.8 MB that the loader reads at
//! every start (1.8 MiB of resident memory for the process's whole life); packed they take a few
//! KB. Needs GNU ld 2.38 or lld 15 to link and glibc 2.36 to run (Debian 12 and later).

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
