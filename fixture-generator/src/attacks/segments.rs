//! Suite `attack-segments` (`fixtures/attacks/segments.json`): Compact serialization shape:
//! exactly three segments, nothing around them, and a bounded length (RFC 7515 s7.1;
//! CVE-2025-30204, CVE-2025-27144).

use serde_json::json;

use super::{good, op_keyset_with_hs64 as op_keyset};
use crate::common::{Suite, case, filler, id_claims, id_defaults, patch, text, token};
use crate::keys::Keys;
use host_harness::jose::b64;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/segments.json",
        "attack-segments",
        "Compact serialization shape: exactly three segments, nothing around them, and a bounded \
         length (RFC 7515 s7.1; CVE-2025-30204, CVE-2025-27144)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let claims = id_claims();
    let t = token(keys.private("p256-a"), "ES256", json!({}), &claims);
    let (h, p, sig) = crate::common::segments(&t);
    let src = "RFC 7515 s7.1; CVE-2025-30204; CVE-2025-27144";
    let flattened = json!({ "payload": p, "protected": h, "signature": sig });
    let general = json!({ "payload": p, "signatures": [{ "protected": h, "signature": sig }] });
    let shapes: Vec<(&str, &str, String)> = vec![
        (
            "two-segments",
            "header.payload (no signature part)",
            format!("{h}.{p}"),
        ),
        ("four-segments", "a fourth segment", format!("{t}.{sig}")),
        ("trailing-dot", "a trailing dot", format!("{t}.")),
        ("leading-dot", "a leading dot", format!(".{t}")),
        (
            "double-dot",
            "a doubled separator",
            format!("{h}..{p}.{sig}"),
        ),
        (
            "five-segments-jwe",
            "five segments, shaped like a JWE",
            format!(
                "{h}.{}.{}.{p}.{sig}",
                b64(&filler("cek", 32)),
                b64(&filler("iv", 12))
            ),
        ),
        (
            "empty-header",
            "an empty header segment",
            format!(".{p}.{sig}"),
        ),
        (
            "empty-payload",
            "an empty payload segment (detached content)",
            format!("{h}..{sig}"),
        ),
        ("only-dots", "two dots and nothing else", "..".into()),
        ("one-segment", "one segment", h.clone()),
        ("leading-space", "a leading space", format!(" {t}")),
        ("trailing-newline", "a trailing line feed", format!("{t}\n")),
        ("trailing-crlf", "a trailing CR LF", format!("{t}\r\n")),
        ("leading-tab", "a leading tab", format!("\t{t}")),
        (
            "space-before-dot",
            "a space before a separator",
            format!("{h} .{p}.{sig}"),
        ),
        (
            "bearer-prefix",
            "the HTTP scheme \"Bearer \" in front",
            format!("Bearer {t}"),
        ),
        ("quoted", "double quotes around it", format!("\"{t}\"")),
        (
            "json-flattened",
            "the flattened JWS JSON serialization",
            text(&flattened),
        ),
        (
            "json-general",
            "the general JWS JSON serialization",
            text(&general),
        ),
        ("many-dots", "8000 dots", ".".repeat(8000)),
        (
            "unicode-dot",
            "a fullwidth full stop U+FF0E as separator",
            format!("{h}\u{FF0E}{p}.{sig}"),
        ),
    ];
    for (id, what, tok) in shapes {
        s.add(
            case(id, format!("ES256 ID token with {what}"), src)
                .token(tok)
                .keyset("op")
                .expect("malformed_token"),
        );
    }
    s.add(
        case("empty-token", "The empty string", src)
            .token("")
            .keyset("op")
            .expect("malformed_token"),
    );
    s.add(
        case(
            "empty-signature-segment",
            "ES256 token with a present but empty third segment: well-formed, signature invalid",
            src,
        )
        .token(format!("{h}.{p}."))
        .keyset("op")
        .expect("invalid_signature"),
    );
    // Length capacity: the runner verifies with an 8192-byte token buffer.
    let hs = keys.private("hs-32");
    let sized = |target: usize| -> String {
        for header_pad in 0..4 {
            let header = json!({ "typ": "JWT", "x": "p".repeat(header_pad) });
            let mut lo = 0usize;
            let mut hi = target;
            while lo < hi {
                let mid = (lo + hi) / 2;
                let t = token(
                    hs,
                    "HS256",
                    header.clone(),
                    &patch(&claims, json!({ "pad": "q".repeat(mid) })),
                );
                if t.len() < target {
                    lo = mid + 1
                } else {
                    hi = mid
                }
            }
            let t = token(
                hs,
                "HS256",
                header.clone(),
                &patch(&claims, json!({ "pad": "q".repeat(lo) })),
            );
            if t.len() == target {
                return t;
            }
        }
        panic!("no token of {target} bytes");
    };
    s.add(
        case(
            "length-8192",
            "A valid HS256 ID token of exactly 8192 bytes: the buffer's capacity",
            "RFC 7515 s7.1; token length capacity",
        )
        .token(sized(8192))
        .keyset("op")
        .valid()
        .claims(good("alice")),
    );
    s.add(
        case(
            "length-8193",
            "A valid HS256 ID token of 8193 bytes: one byte over the buffer's capacity",
            "token length capacity",
        )
        .token(sized(8193))
        .keyset("op")
        .expect("capacity_exceeded"),
    );
    s.add(
        case(
            "length-20000",
            "A valid HS256 ID token of about 20 kB",
            "token length capacity; CVE-2025-30204",
        )
        .token(token(
            hs,
            "HS256",
            json!({}),
            &patch(&claims, json!({ "pad": "q".repeat(15000) })),
        ))
        .keyset("op")
        .expect("capacity_exceeded"),
    );
    s.add(
        case(
            "length-over-capacity-garbage",
            "9000 dots: the length is refused before anything is parsed",
            "token length capacity",
        )
        .token(".".repeat(9000))
        .keyset("op")
        .expect("capacity_exceeded"),
    );
    s
}
