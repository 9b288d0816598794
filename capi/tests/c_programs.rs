//! The C programs of `capi/tests` against this build of the library: `misuse.c` (every argument
//! check and result code the header documents), `corpus.c` (every fixture's verdict) and
//! capi/README.md's C example, compiled with the
//! system C compiler and linked with the static library cargo built beside this test. capi/ci.sh
//! runs the same programs under AddressSanitizer and UndefinedBehaviorSanitizer, and the whole
//! corpus through C; here they run in `cargo test`, so that a change to the C interface that
//! breaks what C callers were promised fails the tests every change runs (mutation testing
//! included).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The algorithms the fixture corpus expects (capi/ci.sh builds the library with them too).
const FEATURES: &str = "es384,es512,eddsa";

/// `target/<profile directory>` of this test program (`…/deps/c_programs-<hash>`), and the
/// cargo profile that writes there.
fn profile() -> (PathBuf, String) {
    let exe = std::env::current_exe().expect("the test program's path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let profile = match dir.file_name().and_then(|name| name.to_str()) {
        Some("debug") => "dev".to_owned(),
        Some(name) => name.to_owned(),
        None => panic!("{}: no profile directory", exe.display()),
    };
    (dir.to_path_buf(), profile)
}

/// Runs `cargo <command> --profile <the test's> <args>` (the cargo running these tests) in the
/// workspace.
fn cargo(command: &str, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let (_, profile) = profile();
    let status = Command::new(&cargo)
        .args([command, "--quiet", "--profile", &profile])
        .args(args)
        .current_dir(Path::new(MANIFEST_DIR).join(".."))
        .status()
        .unwrap_or_else(|e| panic!("{cargo}: {e}"));
    assert!(
        status.success(),
        "cargo {command} --profile {profile} {}: {status}",
        args.join(" ")
    );
}

/// The static library of this source tree, built for the profile this test was built with (a
/// test build does not produce the `staticlib` crate type, so it is asked for here).
fn static_library() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            cargo(
                "build",
                &[
                    "-p",
                    env!("CARGO_PKG_NAME"),
                    "--lib",
                    "--features",
                    FEATURES,
                ],
            );
            let library = profile().0.join("libjwtv_capi.a");
            assert!(library.is_file(), "{} was not built", library.display());
            library
        })
        .clone()
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("c-programs");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compiles `source` with the library and runs it; its standard output, on success.
fn compile_and_run(source: &Path, name: &str, args: &[&Path]) -> String {
    let program = out_dir().join(name);
    let manifest = Path::new(MANIFEST_DIR);
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let compiled = Command::new(&compiler)
        .args(["-std=c11", "-O1", "-Wall", "-Wextra", "-Werror"])
        .arg(format!("-I{}", manifest.join("include").display()))
        .arg(format!("-I{}", manifest.join("tests").display()))
        .arg(source)
        .arg(static_library())
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(&program)
        .output()
        .unwrap_or_else(|e| panic!("{compiler}: {e}"));
    assert!(
        compiled.status.success(),
        "{compiler} {}: {}",
        source.display(),
        String::from_utf8_lossy(&compiled.stderr)
    );
    let run = Command::new(&program)
        .args(args)
        .output()
        .expect("the program runs");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{name}: {}\n{stdout}{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    stdout
}

#[test]
fn misuse_checks_all_pass() {
    let stdout = compile_and_run(
        &Path::new(MANIFEST_DIR).join("tests/misuse.c"),
        "misuse",
        &[],
    );
    assert!(!stdout.contains("FAIL"), "{stdout}");
}

#[test]
fn the_readme_example_runs() {
    let readme = std::fs::read_to_string(Path::new(MANIFEST_DIR).join("README.md")).unwrap();
    let after_marker = readme
        .split_once("<!-- capi-readme-example -->")
        .expect("the README marks its C example")
        .1;
    let code = after_marker
        .split_once("```c\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .expect("a ```c block after the marker")
        .0;
    let source = out_dir().join("readme_example.c");
    std::fs::write(&source, format!("{code}\n")).unwrap();
    compile_and_run(&source, "readme_example", &[]);
}

#[test]
fn the_whole_corpus_gives_the_fixtures_verdicts() {
    let cases = out_dir().join("cases.bin");
    let output = cases.to_str().expect("a UTF-8 path");
    cargo(
        "run",
        &[
            "-p",
            "host-harness",
            "--",
            "export-cases",
            "--output",
            output,
        ],
    );
    let source = Path::new(MANIFEST_DIR).join("tests/corpus.c");
    let stdout = compile_and_run(&source, "corpus", &[&cases]);
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
