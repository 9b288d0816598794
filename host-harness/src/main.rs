//! `jwtv`, this package's binary: replay the conformance fixtures, verify one token, provision
//! a device's key set, sign test tokens. See `jwtv --help`.

fn main() -> std::process::ExitCode {
    host_harness::cli::main()
}
