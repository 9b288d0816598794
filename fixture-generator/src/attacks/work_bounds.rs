//! Suite `attack-work-bounds`: tokens of one size (about 7.6 KB) whose JSON takes every shape an
//! attacker might use to make reading slow: many members (the duplicate-name check), long names
//! sharing a prefix, names spelled with escapes, nested objects full of members, deep nesting,
//! 1,000-digit numbers, a header of many members (read before the signature). All verify (or are
//! refused for a capacity) at a cost close to a one-member token of the same size:
//! `jwtv bench --target qemu-m4 --per-case --baseline one-member fixtures/attacks/work-bounds.json`
//! counts the instructions of each.

use serde_json::json;

use crate::common::{NOW, Suite, case, raw_token};
use crate::keys::Keys;

/// The length every token of the ratio set is padded to.
const TOKEN_LEN: usize = 7600;

const HEADER: &str = r#"{"alg":"HS256","kid":"hs-32"}"#;

/// The members of the payload after `exp`, as JSON text.
fn payload(members: &str) -> String {
    format!("{{\"exp\":{}{members}}}", NOW + 3600)
}

/// `header` and `members` signed, with a final padding member grown until the token is exactly
/// [`TOKEN_LEN`] characters long.
fn padded(keys: &Keys, header: &str, members: &str) -> String {
    let key = keys.private("hs-32");
    for pad in 0..TOKEN_LEN {
        let text = payload(&format!("{members},\"pad\":\"{}\"", "p".repeat(pad)));
        let token = raw_token(header.as_bytes(), text.as_bytes(), key, "HS256");
        if token.len() >= TOKEN_LEN {
            return token;
        }
    }
    panic!("shape too large for {TOKEN_LEN}");
}

fn members(count: usize, member: impl Fn(usize) -> String) -> String {
    (0..count).map(|i| format!(",{}", member(i))).collect()
}

pub fn suite(keys: &Keys) -> Suite {
    let mut s = Suite::new(
        "attacks/work-bounds.json",
        "attack-work-bounds",
        "Bounded, near-linear work: tokens of one size shaped to slow the JSON reader (many \
         members, shared-prefix and escaped names, nested member-heavy objects, deep nesting, \
         long numbers, a header of many members) verify at a cost close to a one-member token; \
         past the member, depth and header capacities they are refused as capacity_exceeded",
        json!({ "now": NOW, "profile": "jwt" }),
    );
    s.keyset("op", vec![keys.public("hs-32")]);
    let src = "RFC 8725 s3.x (untrusted input); conformance notes s4.19; CVE-2025-30204";
    // Capacity: 128 names open at once; `exp` and `pad` are two of them.
    let names = jwtv::MAX_OPEN_MEMBERS - 2;
    let shapes: Vec<(&str, &str, String, String)> = vec![
        (
            "one-member",
            "one string member (the baseline)",
            HEADER.to_owned(),
            String::new(),
        ),
        (
            "many-members",
            "126 short members (every name kept and sorted for the duplicate check)",
            HEADER.to_owned(),
            members(names, |i| format!("\"m{i:03}\":\"{}\"", "v".repeat(20))),
        ),
        (
            "long-names-shared-prefix",
            "126 names of 30 characters that differ only at the end (each comparison reads them whole)",
            HEADER.to_owned(),
            members(names, |i| format!("\"{}{i:03}\":0", "n".repeat(27))),
        ),
        (
            "escaped-names",
            "126 names spelled entirely with \\u escapes (decoded to compare)",
            HEADER.to_owned(),
            members(names, |i| {
                let name: String = format!("n{i:03}x")
                    .chars()
                    .map(|c| format!("\\u{:04x}", c as u32))
                    .collect();
                format!("\"{name}\":1")
            }),
        ),
        (
            "nested-member-heavy-objects",
            "an array of objects of 60 members each",
            HEADER.to_owned(),
            {
                let object = |o: usize| {
                    format!(
                        "{{{}}}",
                        (0..60)
                            .map(|i| format!("\"k{o}_{i:02}\":{i}"))
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                };
                format!(
                    ",\"objects\":[{}]",
                    (0..8).map(object).collect::<Vec<_>>().join(",")
                )
            },
        ),
        (
            "deep-nesting",
            "nesting 15 levels deep (the default budget), with members at every level, repeated",
            HEADER.to_owned(),
            {
                let one = format!("{}{}", "{\"a\":1,\"b\":[".repeat(7), "]}".repeat(7));
                format!(",\"deep\":[{}]", vec![one; 40].join(","))
            },
        ),
        (
            "long-numbers",
            "numbers of 1,000 digits",
            HEADER.to_owned(),
            members(5, |i| format!("\"n{i}\":{}", "7".repeat(1000))),
        ),
        (
            "escaped-strings",
            "strings made of \\u escapes",
            HEADER.to_owned(),
            members(20, |i| format!("\"s{i}\":\"{}\"", "\\u00e9".repeat(40))),
        ),
        (
            "header-many-members",
            "a header of 120 members, read before the signature is checked",
            format!(
                r#"{{"alg":"HS256","kid":"hs-32"{}}}"#,
                members(120, |i| format!("\"h{i:03}\":\"{}\"", "x".repeat(20)))
            ),
            String::new(),
        ),
    ];
    for (id, what, header, body) in shapes {
        s.add(
            case(id, format!("{TOKEN_LEN}-byte HS256 token: {what}"), src)
                .token(padded(keys, &header, &body))
                .keyset("op")
                .valid(),
        );
    }
    // Past the capacities.
    let key = keys.private("hs-32");
    let over: Vec<(&str, &str, String, String, serde_json::Value, &str)> = vec![
        (
            "payload-members-over-capacity",
            "a payload of 129 members (the reader holds 128 names open at once)",
            HEADER.to_owned(),
            payload(&members(jwtv::MAX_OPEN_MEMBERS, |i| {
                format!("\"m{i:03}\":0")
            })),
            json!({}),
            "capacity_exceeded",
        ),
        (
            "header-members-over-capacity",
            "a header of 129 members, refused before any key is used",
            format!(
                r#"{{"alg":"HS256","kid":"hs-32"{}}}"#,
                members(jwtv::MAX_OPEN_MEMBERS - 1, |i| format!("\"h{i:03}\":0"))
            ),
            payload(""),
            json!({}),
            "capacity_exceeded",
        ),
        (
            "nested-members-count-with-their-parents",
            "an object of 100 members nested in a payload of 30 (130 names open at once)",
            HEADER.to_owned(),
            payload(&format!(
                "{},\"inner\":{{{}}}",
                members(28, |i| format!("\"o{i:02}\":0")),
                (0..100)
                    .map(|i| format!("\"i{i:03}\":0"))
                    .collect::<Vec<_>>()
                    .join(",")
            )),
            json!({}),
            "capacity_exceeded",
        ),
        (
            "duplicate-among-many-escaped-names",
            "126 escaped names, the last repeating the first spelled plainly",
            HEADER.to_owned(),
            payload(&format!(
                "{},\"n000x\":2",
                members(names - 1, |i| {
                    let name: String = format!("n{i:03}x")
                        .chars()
                        .map(|c| format!("\\u{:04x}", c as u32))
                        .collect();
                    format!("\"{name}\":1")
                })
            )),
            json!({}),
            "malformed_claims",
        ),
        (
            "depth-raised-beyond-ceiling",
            "nesting 40 deep under a policy that asks for a budget of 1000, clamped to 32",
            HEADER.to_owned(),
            payload(&format!(",\"deep\":{}{}", "[".repeat(39), "]".repeat(39))),
            json!({ "max_depth": 1000 }),
            "capacity_exceeded",
        ),
        (
            "depth-at-ceiling",
            "nesting 32 deep under a policy budget of 1000, clamped to 32",
            HEADER.to_owned(),
            payload(&format!(",\"deep\":{}{}", "[".repeat(31), "]".repeat(31))),
            json!({ "max_depth": 1000 }),
            "valid",
        ),
        (
            "depth-over-default",
            "nesting 17 deep under the default budget of 16",
            HEADER.to_owned(),
            payload(&format!(",\"deep\":{}{}", "[".repeat(16), "]".repeat(16))),
            json!({}),
            "capacity_exceeded",
        ),
    ];
    for (id, what, header, body, policy, expect) in over {
        s.add(
            case(id, what, src)
                .token(raw_token(header.as_bytes(), body.as_bytes(), key, "HS256"))
                .keyset("op")
                .policy(policy)
                .expect(expect),
        );
    }
    s
}
