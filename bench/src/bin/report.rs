//! Prints the README's results table from criterion's estimates of the last `cargo bench` run:
//! the median time per verification of each implementation, and the ratios between them.
//!
//! `cargo run --bin report [CRITERION_DIR]` (default: `target/criterion` of this crate).

use std::path::{Path, PathBuf};

use jwtv_bench::{ALGORITHMS, Case};

const FUNCTIONS: [&str; 6] = [
    "verifier/verify",
    "verifier/verify_signature",
    "primitive",
    "jsonwebtoken/rust_crypto",
    "jsonwebtoken/aws_lc_rs",
    "jwt_compact",
];

/// The median of the last run, in nanoseconds.
fn median_ns(dir: &Path, group: &str, function: &str) -> Option<f64> {
    let path = dir
        .join(group)
        .join(function.replace('/', "_"))
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn time(ns: Option<f64>) -> String {
    match ns {
        Some(ns) if ns >= 1000.0 => format!("{:.1} µs", ns / 1000.0),
        Some(ns) => format!("{ns:.0} ns"),
        None => "–".to_owned(),
    }
}

/// How many times faster `ours` is than `theirs` (> 1: ours is faster).
fn speedup(ours: Option<f64>, theirs: Option<f64>) -> String {
    match (ours, theirs) {
        (Some(ours), Some(theirs)) => format!("{:.2}×", theirs / ours),
        _ => "–".to_owned(),
    }
}

/// How many times longer `outer` takes than `inner` (≥ 1: the overhead of `outer`).
fn overhead(outer: Option<f64>, inner: Option<f64>) -> String {
    speedup(inner, outer)
}

fn main() {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion"),
        PathBuf::from,
    );
    let mut medians = Vec::new();
    println!(
        "| alg (token bytes) | {} |",
        FUNCTIONS.map(|f| format!("`{f}`")).join(" | ")
    );
    println!("| --- |{}", " ---: |".repeat(FUNCTIONS.len()));
    for alg in ALGORITHMS {
        let case = Case::new(alg);
        let row = FUNCTIONS.map(|f| median_ns(&dir, case.name(), f));
        println!(
            "| {} ({}) | {} |",
            case.name(),
            case.token.len(),
            row.map(time).join(" | ")
        );
        medians.push((case.name(), row));
    }
    println!();
    println!(
        "| alg | jwtv vs jsonwebtoken (RustCrypto) | jwtv vs jsonwebtoken (aws-lc-rs) \
         | jwtv vs jwt-compact | whole token / our signature layer \
         | our signature layer / bare primitive |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (name, [verify, signature, primitive, rust_crypto, aws_lc, compact]) in medians {
        println!(
            "| {name} | {} | {} | {} | {} | {} |",
            speedup(verify, rust_crypto),
            speedup(verify, aws_lc),
            speedup(verify, compact),
            overhead(verify, signature),
            overhead(signature, primitive),
        );
    }
}
