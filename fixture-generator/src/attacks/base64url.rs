//! Suite `attack-base64url` (`fixtures/attacks/base64url.json`): Non-canonical base64url in each
//! segment (padding, whitespace, + and /, characters outside the alphabet, impossible lengths,
//! non-zero unused bits): one spelling per byte string (CVE-2022-25898, RFC 7515 s2).

use serde_json::json;

use super::{FAMILIES, good, lower, op_keyset};
use crate::common::{
    Suite, case, dirty_trailing_bits, id_claims, id_defaults, patch, raw_token, segments, text,
};
use crate::keys::Keys;

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/base64url.json",
        "attack-base64url",
        "Non-canonical base64url in each segment (padding, whitespace, + and /, characters outside \
         the alphabet, impossible lengths, non-zero unused bits): one spelling per byte string \
         (CVE-2022-25898, RFC 7515 s2)",
        id_defaults(),
    );
    op_keyset(&mut s, keys);
    let source = "CVE-2022-25898; RFC 7515 s2; RFC 4648 s3.5, s5";
    for (alg, kid) in FAMILIES {
        let key = keys.private(kid);
        // Header and payload lengths chosen so that both segments end in a partial quantum.
        let mut pad = String::new();
        let (header, payload) = loop {
            let header = format!(r#"{{"alg":"{alg}","kid":"{kid}","typ":"JWT"{pad}}}"#);
            if header.len() % 3 == 1 {
                break (header, text(&patch(&id_claims(), json!({ "jti": "x" }))));
            }
            pad = format!(r#","x":"{}""#, "p".repeat(pad.len() % 7 + 1));
            if pad.len() > 20 {
                pad = r#","x":"pp""#.into();
            }
        };
        let mut payload = payload;
        while payload.len() % 3 == 0 {
            payload = payload.replace("\"jti\":\"x", "\"jti\":\"xx");
        }
        let genuine = raw_token(header.as_bytes(), payload.as_bytes(), key, alg);
        let (h, p, sig) = segments(&genuine);
        s.add(
            case(
                format!("{}-genuine", lower(alg)),
                format!("The genuine {alg} token the variants are made from"),
                source,
            )
            .token(genuine.clone())
            .keyset("op")
            .valid()
            .claims(good("alice")),
        );
        let segs = [
            ("header", h.clone()),
            ("payload", p.clone()),
            ("signature", sig.clone()),
        ];
        for (idx, (seg_name, seg)) in segs.iter().enumerate() {
            let padding = "=".repeat((4 - seg.len() % 4) % 4);
            let mid = seg.len() / 2;
            let variants: Vec<(&str, String, &str)> = vec![
                (
                    "padding",
                    format!(
                        "{seg}{}",
                        if padding.is_empty() {
                            "====".to_string()
                        } else {
                            padding.clone()
                        }
                    ),
                    "= padding",
                ),
                (
                    "space",
                    format!("{} {}", &seg[..mid], &seg[mid..]),
                    "a space in the middle",
                ),
                (
                    "newline",
                    format!("{}\n{}", &seg[..mid], &seg[mid..]),
                    "a line feed in the middle (MIME line wrapping)",
                ),
                (
                    "plus",
                    format!("{}+{}", &seg[..mid], &seg[mid + 1..]),
                    "a + (standard alphabet) in place of one character",
                ),
                (
                    "slash",
                    format!("{}/{}", &seg[..mid], &seg[mid + 1..]),
                    "a / (standard alphabet) in place of one character",
                ),
                (
                    "star",
                    format!("{}*{}", &seg[..mid], &seg[mid + 1..]),
                    "a * (outside any base64 alphabet)",
                ),
                (
                    "two-outside-one-group",
                    {
                        // Two characters outside the alphabet in one four-character group: a
                        // per-group validity test must not let two invalid values cancel out.
                        let group = mid / 4 * 4;
                        format!("{}*%{}", &seg[..group], &seg[group + 2..])
                    },
                    "two characters outside the alphabet (* and %) in one four-character group",
                ),
                (
                    "percent",
                    format!("{}%3D", seg),
                    "a percent-encoded = appended",
                ),
                (
                    "trailing-bits",
                    dirty_trailing_bits(seg),
                    "non-zero unused bits in its last character",
                ),
                (
                    "impossible-length",
                    seg[..seg.len() - (seg.len() % 4 + 3) % 4].to_string(),
                    "a length of 4k+1 characters",
                ),
            ];
            for (label, bad, what) in variants {
                if alg != "ES256" && !matches!(label, "padding" | "trailing-bits" | "plus") {
                    continue;
                }
                let mut parts = [h.clone(), p.clone(), sig.clone()];
                parts[idx] = bad;
                s.add(
                    case(
                        format!("{}-{seg_name}-{label}", lower(alg)),
                        format!("{alg} token whose {seg_name} segment has {what}"),
                        source,
                    )
                    .token(parts.join("."))
                    .keyset("op")
                    .expect("malformed_token"),
                );
            }
        }
        s.add(
            case(format!("{}-standard-alphabet-whole-token", lower(alg)), format!("{alg} token re-encoded entirely with the standard base64 alphabet (+ and /, padded)"), source)
                .token({
                    let std = |x: &str| crate::common::std_b64(&crate::common::unb64(x));
                    format!("{}.{}.{}", std(&h), std(&p), std(&sig))
                })
                .keyset("op")
                .expect("malformed_token"),
        );
    }
    s
}
