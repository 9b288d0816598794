//! NumericDate (RFC 7519 §2): seconds since the epoch, as a JSON number that may have a fraction.

use core::fmt;

/// The latest NumericDate accepted: 9999-12-31T23:59:59Z. Anything later is out of range
/// (and a `1e400` must never turn into "no expiry").
pub const MAX_NUMERIC_DATE: u64 = 253_402_300_799;

/// A point in time from a registered claim, exact to the second with a note of any fraction.
///
/// `2000000000.5` is kept as 2000000000 seconds plus "a fraction": comparisons with the integer
/// `now` are then exact (`exp = 2000000000.5` is still valid at `now = 2000000000`).
///
/// # Examples
/// ```
/// // `TOKEN`: header {"alg":"HS256","kid":"hs-1"}, payload {"iss":"https://op.example",
/// // "sub":"door-3","aud":["client-1","https://api.example"],"exp":2000000000.5,
/// // "iat":1700000000,"scope":"openid door:open","website":"https:\/\/example.com",
/// // "name":"st\u0061ff","door":3,"roles":["admin","staff"]}, signed with the key in `keys`.
/// // `verified`: verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?, where
/// // POLICY = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1").
/// # use jwtv::{verify, Algorithm, Key, Policy, TokenBuffer};
/// # const TOKEN: &[u8] = b"eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJkb29yLTMiLCJhdWQiOlsiY2xpZW50LTEiLCJodHRwczovL2FwaS5leGFtcGxlIl0sImV4cCI6MjAwMDAwMDAwMC41LCJpYXQiOjE3MDAwMDAwMDAsInNjb3BlIjoib3BlbmlkIGRvb3I6b3BlbiIsIndlYnNpdGUiOiJodHRwczpcL1wvZXhhbXBsZS5jb20iLCJuYW1lIjoic3RcdTAwNjFmZiIsImRvb3IiOjMsInJvbGVzIjpbImFkbWluIiwic3RhZmYiXX0.CAtjRpgzOAeQaEsisK9UCxfLxJSkPFx4plHljSGMVbE";
/// # static SECRET: [u8; 64] = [3, 35, 53, 75, 43, 15, 165, 188, 131, 126, 6, 101, 119, 123, 166, 143, 90, 179, 40, 230, 240, 84, 201, 40, 169, 15, 132, 178, 210, 80, 46, 191, 211, 251, 90, 146, 210, 6, 71, 239, 150, 138, 180, 195, 119, 98, 61, 34, 61, 46, 33, 114, 5, 46, 79, 8, 192, 205, 154, 245, 103, 208, 128, 163];
/// # let keys = [Key::oct(&SECRET).and_then(|key| key.with_kid("hs-1")).expect("valid key")];
/// # const POLICY: Policy<'static> = Policy::jwt(&[Algorithm::HS256], "https://op.example", "client-1");
/// # let mut buffer = TokenBuffer::<1024>::new();
/// # let verified = verify(TOKEN, &keys, &POLICY, 1_800_000_000, &mut buffer)?;
/// use jwtv::NumericDate;
/// let exp = verified.claims().and_then(|c| c.exp()).expect("exp"); // "exp":2000000000.5
/// assert_eq!((exp.secs(), exp.has_fraction()), (2_000_000_000, true));
/// assert_eq!(exp.to_string(), "2000000000.x");
/// assert_ne!(exp, NumericDate::from_secs(2_000_000_000));
/// let iat = verified.claims().and_then(|c| c.iat()).expect("iat");
/// assert_eq!(iat, NumericDate::from_secs(1_700_000_000));
/// # Ok::<(), jwtv::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NumericDate {
    secs: u64,
    fraction: bool,
}

impl NumericDate {
    /// A whole number of seconds.
    pub const fn from_secs(secs: u64) -> NumericDate {
        NumericDate {
            secs,
            fraction: false,
        }
    }

    /// The whole seconds (the value rounded down).
    pub const fn secs(self) -> u64 {
        self.secs
    }

    /// Whether the value has a non-zero fractional part.
    pub const fn has_fraction(self) -> bool {
        self.fraction
    }

    /// The value rounded up.
    pub(crate) const fn ceil(self) -> u64 {
        if self.fraction {
            self.secs.saturating_add(1)
        } else {
            self.secs
        }
    }

    /// Parses a JSON number's text (already checked against RFC 8259's grammar).
    ///
    /// Returns `None` for a negative value or one past [`MAX_NUMERIC_DATE`].
    pub(crate) fn parse(text: &str) -> Option<NumericDate> {
        let bytes = text.as_bytes();
        if bytes.first() == Some(&b'-') {
            return None;
        }
        let mantissa_end = bytes
            .iter()
            .position(|b| matches!(b, b'e' | b'E'))
            .unwrap_or(bytes.len());
        let (mantissa, exponent) = bytes.split_at_checked(mantissa_end)?;
        let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
            Some(dot) => {
                let (int, frac) = mantissa.split_at_checked(dot)?;
                (int, frac.get(1..)?)
            }
            None => (mantissa, &[][..]),
        };
        let exponent = parse_exponent(exponent.get(1..).unwrap_or(&[]))?;
        let digits = || {
            int.iter()
                .chain(frac.iter())
                .map(|d| u64::from(d.wrapping_sub(b'0')))
        };
        if digits().all(|d| d == 0) {
            return Some(NumericDate::from_secs(0));
        }
        // The decimal point sits after `point` digits of int ‖ frac.
        let point = i64::try_from(int.len()).ok()?.saturating_add(exponent);
        // On a 32-bit target a point past usize::MAX means a value far out of range.
        let whole_digits = usize::try_from(point.max(0)).ok()?;
        let mut secs = 0u64;
        let mut taken = 0usize;
        for d in digits().take(whole_digits) {
            secs = secs.checked_mul(10)?.checked_add(d)?;
            if secs > MAX_NUMERIC_DATE {
                return None;
            }
            taken = taken.saturating_add(1);
        }
        // Trailing zeros implied by a positive exponent.
        let secs = append_zeros(secs, whole_digits.saturating_sub(taken))?;
        let fraction = digits().skip(whole_digits).any(|d| d != 0);
        Some(NumericDate { secs, fraction })
    }
}

/// `secs` followed by `zeros` zero digits, or `None` past [`MAX_NUMERIC_DATE`]. `secs` is
/// non-zero only if the mantissa was, so the loop ends as soon as the value leaves the range.
fn append_zeros(mut secs: u64, zeros: usize) -> Option<u64> {
    for _ in 0..zeros {
        secs = secs.checked_mul(10)?;
        if secs > MAX_NUMERIC_DATE {
            return None;
        }
        if secs == 0 {
            break;
        }
    }
    Some(secs)
}

/// The exponent, exact up to ±(2⁶³ − 1) and saturated beyond. A saturated exponent exceeds
/// the digit count of any mantissa a token can hold, so the value it gives is still read
/// exactly: out of range when positive, a fraction of a second when negative. (A tighter cap
/// would not be: `2` and 100009 zeros with `e-100010` is 0.2, not a date in 2033.)
fn parse_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first() {
        None => return Some(0),
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        Some(_) => (false, text),
    };
    let mut value = 0i64;
    for d in digits {
        value = value
            .saturating_mul(10)
            .saturating_add(i64::from(d.wrapping_sub(b'0')));
    }
    Some(if negative {
        value.checked_neg()?
    } else {
        value
    })
}

impl fmt::Display for NumericDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.fraction {
            write!(f, "{}.x", self.secs)
        } else {
            write!(f, "{}", self.secs)
        }
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for NumericDate {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=u64}", self.secs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str) -> Option<(u64, bool)> {
        NumericDate::parse(t).map(|d| (d.secs(), d.has_fraction()))
    }

    #[test]
    fn integers_fractions_and_exponents() {
        assert_eq!(p("0"), Some((0, false)));
        assert_eq!(p("1300819380"), Some((1_300_819_380, false)));
        assert_eq!(p("2000000000.5"), Some((2_000_000_000, true)));
        assert_eq!(p("2000000000.000"), Some((2_000_000_000, false)));
        assert_eq!(p("2e9"), Some((2_000_000_000, false)));
        assert_eq!(p("2.0000000005E9"), Some((2_000_000_000, true)));
        assert_eq!(p("20000000000e-1"), Some((2_000_000_000, false)));
        assert_eq!(p("1e-400"), Some((0, true)));
        assert_eq!(p("0e999999999999"), Some((0, false)));
        assert_eq!(p("0.5"), Some((0, true)));
        assert_eq!(p("253402300799"), Some((MAX_NUMERIC_DATE, false)));
        assert_eq!(p("253402300799.9"), Some((MAX_NUMERIC_DATE, true)));
        assert_eq!(
            NumericDate::parse("2000000000.5").unwrap().ceil(),
            2_000_000_001
        );
    }

    #[test]
    fn negative_and_out_of_range_are_refused() {
        for t in [
            "-1",
            "-0",
            "-0.5",
            "253402300800",
            "1e400",
            "1e13",
            "99999999999999999999999999",
            "1E+100000000000",
            "1e99999999999999999999999",
        ] {
            assert_eq!(p(t), None, "{t}");
        }
    }

    /// Long mantissas with exponents that cancel them are read exactly, not with the exponent
    /// capped (which once read 0.2 as a date in 2033).
    #[test]
    fn long_mantissas_are_read_exactly() {
        let zeros = |n| "0".repeat(n);
        // 2 × 10^100009 × 10^-100010 = 0.2
        assert_eq!(p(&format!("2{}e-100010", zeros(100_009))), Some((0, true)));
        // 2 × 10^100009 × 10^-100000 = 2 × 10^9
        assert_eq!(
            p(&format!("2{}e-100000", zeros(100_009))),
            Some((2_000_000_000, false))
        );
        // 2 × 10^100009 × 10^-100001 = 2 × 10^8, then 0.5 more from a fraction digit.
        assert_eq!(
            p(&format!("2{}.5e-100001", zeros(100_009))),
            Some((200_000_000, true))
        );
        // 10^-(200001) × 10^200010 = 10^9
        assert_eq!(
            p(&format!("0.{}1e200010", zeros(200_000))),
            Some((1_000_000_000, false))
        );
        // A fraction far below one second, and a huge negative exponent.
        assert_eq!(p(&format!("0.{}1", zeros(100_000))), Some((0, true)));
        assert_eq!(p("1700000000e-99999999999999999999"), Some((0, true)));
        // Positive exponents saturate to "out of range", never to a date.
        assert_eq!(p(&format!("1{}e-100000", zeros(100_013))), None);
    }
}
