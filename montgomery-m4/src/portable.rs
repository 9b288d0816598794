//! [`mul_rows`] in safe Rust: the build everywhere but ARMv7E-M, and the oracle of the assembly
//! there.

/// `a·b + c + d` as (low, high) words; it never overflows two words.
#[inline(always)]
fn mul_add(a: u32, b: u32, c: u32, d: u32) -> (u32, u32) {
    // (2³² − 1)² + 2·(2³² − 1) = 2⁶⁴ − 1: the sum fits, so the wrapping operations never wrap.
    let w = u64::from(a)
        .wrapping_mul(u64::from(b))
        .wrapping_add(u64::from(c))
        .wrapping_add(u64::from(d));
    // Truncation is the point: the low and the high half.
    #[allow(clippy::cast_possible_truncation)]
    (w as u32, (w >> 32) as u32)
}

/// The rows of [`crate::mul_rows`], in safe Rust: same contract, same results.
///
/// Per row, one pass over `t` does both products (FIOS): `t += aᵢ·b` and `t += m·n` limb by limb
/// with two carries, each result stored one limb lower (the division by 2³²).
#[must_use]
pub fn mul_rows(t: &mut [u32], top: u32, a: &[u32], b: &[u32], n: &[u32], n0: u32) -> Option<u32> {
    if !crate::lengths_ok(t, b, n) {
        return None;
    }
    let (Some((&b_first, b_rest)), Some((&n_first, n_rest))) = (b.split_first(), n.split_first())
    else {
        return None;
    };
    let mut top = top;
    for &ai in a {
        let (first, rest) = t.split_first_mut()?;
        let (sum, mut carry_ab) = mul_add(ai, b_first, *first, 0);
        // m makes the low word of t + aᵢ·b + m·n zero (when n0 is −n⁻¹).
        let m = sum.wrapping_mul(n0);
        let (_, mut carry_mn) = mul_add(m, n_first, sum, 0);
        let mut previous = first;
        for ((tj, &bj), &nj) in rest.iter_mut().zip(b_rest).zip(n_rest) {
            let sum;
            (sum, carry_ab) = mul_add(ai, bj, *tj, carry_ab);
            (*previous, carry_mn) = mul_add(m, nj, sum, carry_mn);
            previous = tj;
        }
        // top + carry_ab + carry_mn < 3·2³²: the new top is at most 2.
        let (sum, high_ab) = mul_add(0, 0, top, carry_ab);
        let (low, high_mn) = mul_add(0, 0, sum, carry_mn);
        *previous = low;
        top = high_ab.wrapping_add(high_mn);
    }
    Some(top)
}
