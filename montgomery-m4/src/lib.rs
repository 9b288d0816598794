//! Rows of Montgomery multiplication over `u32` limbs, for RSA on the Cortex-M4.
//!
//! One row of FIOS Montgomery multiplication (Koç, Acar, Kaliski 1996) adds `aᵢ·b` and `m·n` to
//! an accumulator `t` and divides it by 2³², with `m` chosen to make the division exact; `len`
//! rows with `t = 0` to start, `a, b < n` and `n0 = −n⁻¹ mod 2³²` leave `t = a·b·2^(−32·len) mod
//! n` plus at most one `n`. [`mul_rows`] runs any number of rows in one call.
//!
//! On ARMv7E-M (`thumbv7em-*`: Cortex-M4, M7) [`mul_rows`] is hand-written assembly built
//! around `UMAAL` (`RdHi:RdLo = Rn·Rm + RdLo + RdHi`, a whole step of a multiply-accumulate
//! chain in one instruction), the whole loop over `a` in one block so no call or bounds check
//! sits between the word products. Elsewhere it is [`portable::mul_rows`], the same function in
//! safe Rust, which is always compiled so that it can serve as the assembly's oracle on target.
//!
//! The crate is `no_std`, allocates nothing and has no dependencies. Lengths are checked before
//! anything is read or written: a call with mismatched lengths returns `None` and leaves every
//! buffer as it was. Nothing here is constant-time in the inputs' *lengths*; the word
//! operations themselves do not branch on data.
#![no_std]

pub mod portable;
#[cfg(montgomery_m4_umaal)]
mod umaal;

/// Whether [`mul_rows`] is the UMAAL assembly (true on `thumbv7em-*` targets).
pub const UMAAL: bool = cfg!(montgomery_m4_umaal);

/// Runs one FIOS row per limb `aᵢ` of `a` (lowest first) on the accumulator `(t, top)`, the
/// integer `T = t + top·2^(32·len)` with `len = t.len()`, and returns the new `top`:
///
/// ```text
/// m = ((t[0] + aᵢ·b[0]) · n0) mod 2³²
/// T = ⌊(T + aᵢ·b + m·n) / 2³²⌋
/// ```
///
/// `t`, `b` and `n` must have the same length, at least 1; `a` may have any length (each limb is
/// one row, and an empty `a` leaves `t` as it is). The result is exact for every input: the new
/// `top` is at most 2, and at most 1 in Montgomery multiplication proper (`n0 = −n⁻¹ mod 2³²`,
/// `a, b < n` and `T < 2n` to start).
///
/// Returns `None`, touching nothing, when the lengths do not match or are zero.
///
/// On `thumbv7em-*` targets this is the UMAAL assembly, elsewhere [`portable::mul_rows`].
#[inline]
pub fn mul_rows(t: &mut [u32], top: u32, a: &[u32], b: &[u32], n: &[u32], n0: u32) -> Option<u32> {
    #[cfg(montgomery_m4_umaal)]
    {
        umaal::mul_rows(t, top, a, b, n, n0)
    }
    #[cfg(not(montgomery_m4_umaal))]
    {
        portable::mul_rows(t, top, a, b, n, n0)
    }
}

/// Whether the lengths are ones [`mul_rows`] accepts: `t`, `b` and `n` equal and non-zero.
fn lengths_ok(t: &[u32], b: &[u32], n: &[u32]) -> bool {
    !t.is_empty() && b.len() == t.len() && n.len() == t.len()
}

#[cfg(test)]
mod tests;
