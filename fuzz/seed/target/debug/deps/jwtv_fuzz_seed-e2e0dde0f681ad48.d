/work/hA/main/fuzz/seed/target/debug/deps/jwtv_fuzz_seed-e2e0dde0f681ad48.d: src/main.rs

/work/hA/main/fuzz/seed/target/debug/deps/libjwtv_fuzz_seed-e2e0dde0f681ad48.rmeta: src/main.rs

src/main.rs:
