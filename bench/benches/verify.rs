//! Full-token verification and signature verification for HS256, RS256 and ES256: the verifier,
//! the bare RustCrypto primitives, jsonwebtoken with its RustCrypto provider, and jwt-compact.
//! (jsonwebtoken with aws-lc-rs is in `aws_lc_rs.rs`: the provider is chosen once per process.)

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jwtv_bench::{ALGORITHMS, Case};

fn bench(c: &mut Criterion) {
    jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER
        .install_default()
        .expect("the first provider installed in this process");
    for alg in ALGORITHMS {
        let case = Case::new(alg);
        case.self_check(false);
        let token = case.token.as_str();
        let (input, signature) = (case.signing_input.as_slice(), case.signature.as_slice());

        let mut group = c.benchmark_group(case.name());
        group.bench_function("verifier/verify", |b| {
            b.iter(|| case.verifier_verify(black_box(token.as_bytes())))
        });
        group.bench_function("verifier/verify_signature", |b| {
            b.iter(|| case.verifier_verify_signature(black_box(input), black_box(signature)))
        });
        group.bench_function("primitive", |b| {
            b.iter(|| case.primitive(black_box(input), black_box(signature)))
        });
        group.bench_function("jsonwebtoken/rust_crypto", |b| {
            b.iter(|| case.jsonwebtoken(black_box(token)))
        });
        group.bench_function("jwt_compact", |b| {
            b.iter(|| case.jwt_compact(black_box(token)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
