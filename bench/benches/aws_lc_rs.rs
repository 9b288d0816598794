//! jsonwebtoken with its aws-lc-rs provider, on the same tokens as `verify.rs` (a separate
//! binary because jsonwebtoken's provider is chosen once per process).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jwtv_bench::{ALGORITHMS, Case};

fn bench(c: &mut Criterion) {
    jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER
        .install_default()
        .expect("the first provider installed in this process");
    for alg in ALGORITHMS {
        let case = Case::new(alg);
        case.self_check(true);
        let token = case.token.as_str();

        let mut group = c.benchmark_group(case.name());
        group.bench_function("jsonwebtoken/aws_lc_rs", |b| {
            b.iter(|| case.jsonwebtoken(black_box(token)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
