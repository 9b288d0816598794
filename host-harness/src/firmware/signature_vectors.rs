//! The firmware's `signature-vectors` image: Project Wycheproof's vectors through the signature
//! layer inside the emulated Cortex-M4, one `VECTOR` frame each in `vectors.bin`, one line
//! `V <index> <direct> <stored> <instructions> <stack>` back each.

use std::path::Path;

use crate::corpus::wycheproof::{Vector, VectorKey};
use crate::error::InputError;
use crate::firmware::qemu::{build_firmware, execute, exited_well, parse_report};
use crate::firmware::wire::{frame, record};

/// The vectors in the firmware's wire format (`firmware/src/wire.rs`, `Vector`).
fn encode(vectors: &[Vector]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in vectors {
        let mut body = Vec::new();
        record(&mut body, "alg", v.alg.name().as_bytes());
        match &v.key {
            VectorKey::Rsa { n, e } => {
                record(&mut body, "rsa_n", n);
                record(&mut body, "rsa_e", e.to_string().as_bytes());
            }
            VectorKey::Ec(xy) => record(&mut body, "ec_xy", xy),
            VectorKey::Ed25519(public) => record(&mut body, "ed25519", public),
            VectorKey::Oct(secret) => record(&mut body, "oct", secret),
        }
        record(&mut body, "msg", &v.msg);
        record(&mut body, "sig", &v.sig);
        frame(&mut out, "VECTOR", &body);
    }
    out
}

/// What the target said about one vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetVerdict {
    /// The verdict with the key as constructed.
    pub direct: String,
    /// The verdict with the key stored in a key set.
    pub stored: String,
    /// Instructions of the first check.
    pub instructions: u64,
    /// Peak stack of the first check, in bytes.
    pub stack: u64,
}

/// Parses the `signature-vectors` firmware's report.
///
/// # Errors
/// [`InputError`] when a line is unreadable, the firmware stopped, or vectors are missing.
pub fn parse(text: &str, expected: usize) -> Result<Vec<TargetVerdict>, InputError> {
    parse_report(text, "V", "vectors", expected, |fields| {
        let [direct, stored, instructions, stack] = fields else {
            return None;
        };
        Some(TargetVerdict {
            direct: (*direct).to_owned(),
            stored: (*stored).to_owned(),
            instructions: instructions.parse().ok()?,
            stack: stack.parse().ok()?,
        })
    })
}

/// Runs the vectors inside the emulated Cortex-M4: `image`, or the `signature-vectors` image
/// built now; one verdict per vector, in order.
///
/// # Errors
/// [`InputError`] when the image cannot be built or run, or answers wrongly.
pub fn run(vectors: &[Vector], image: Option<&Path>) -> Result<Vec<TargetVerdict>, InputError> {
    let image = match image {
        Some(image) => image.to_path_buf(),
        None => build_firmware("signature-vectors", None)?,
    };
    let (text, status) = execute(&image, "vectors.bin", &encode(vectors))?;
    let results = parse(&text, vectors.len())?;
    exited_well(status)?;
    Ok(results)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::corpus::wycheproof;

    #[test]
    fn reads_the_firmware_report_and_refuses_a_short_one() {
        let text = "V 0 valid valid 1200 3000\nV 1 key:weak key:weak 0 0\nDONE 2\n";
        let results = parse(text, 2).unwrap();
        assert_eq!(results[1].direct, "key:weak");
        assert_eq!(results[0].instructions, 1200);
        assert!(parse("V 0 valid valid 1 1\nDONE 1\n", 2).is_err());
        assert!(parse("V 1 valid valid 1 1\nDONE 1\n", 1).is_err());
        assert!(parse("V 0 valid valid 1 1\nPANIC at x\n", 1).is_err());
    }

    #[test]
    fn encodes_one_frame_per_vector() {
        let vectors = wycheproof::all().unwrap();
        let encoded = encode(&vectors[..3]);
        let text = String::from_utf8_lossy(&encoded);
        assert_eq!(text.matches("VECTOR ").count(), 3);
        assert!(text.starts_with("VECTOR "));
    }
}
