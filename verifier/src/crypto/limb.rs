//! Machine-word limbs, the digits of the big-integer arithmetic of RSA ([`super::montgomery`])
//! and P-256 ([`super::p256`]): 32-bit on a Cortex-M, 64-bit on a 64-bit host, with the
//! double-width product the multiplications are built from (on the Cortex-M4, LLVM turns
//! [`mul_add`] into one `UMAAL`).

#[cfg(target_pointer_width = "64")]
pub(crate) type Limb = u64;
#[cfg(target_pointer_width = "64")]
pub(crate) type Wide = u128;
#[cfg(not(target_pointer_width = "64"))]
pub(crate) type Limb = u32;
#[cfg(not(target_pointer_width = "64"))]
pub(crate) type Wide = u64;

/// Bits in a limb.
pub(crate) const LIMB_BITS: u32 = Limb::BITS;
/// Bytes in a limb.
pub(crate) const LIMB_BYTES: usize = size_of::<Limb>();

/// `a · b + c + d` as (low, high) limbs; it never overflows two limbs.
#[inline(always)]
pub(crate) fn mul_add(a: Limb, b: Limb, c: Limb, d: Limb) -> (Limb, Limb) {
    // (2^w − 1)² + 2·(2^w − 1) = 2^2w − 1: the sum fits, so wrapping never wraps.
    split(
        Wide::from(a)
            .wrapping_mul(Wide::from(b))
            .wrapping_add(Wide::from(c))
            .wrapping_add(Wide::from(d)),
    )
}

/// A double-width value as (low, high) limbs.
#[inline(always)]
pub(crate) fn split(w: Wide) -> (Limb, Limb) {
    // Truncation is the point: the low and the high half.
    #[allow(clippy::cast_possible_truncation)]
    (w as Limb, (w >> LIMB_BITS) as Limb)
}
