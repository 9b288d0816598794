//! Points of P-256 (`y² = x³ − 3x + b`) and the double-scalar multiplication `u1·G + u2·Q` of
//! ECDSA verification.
//!
//! Points are in Jacobian coordinates (`x = X/Z²`, `y = Y/Z³`; `Z = 0` is the point at
//! infinity), so that no step divides. The formulas are from the Explicit-Formulas Database
//! (Bernstein and Lange, <https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html>):
//! addition "add-1998-cmo-2" (Cohen, Miyaji, Ono, 1998: 12M + 4S) and its mixed form with an
//! affine second point (8M + 3S); doubling is Hankerson, Menezes, Vanstone, "Guide to Elliptic
//! Curve Cryptography", algorithm 3.21 (using `a = −3`: 4M + 4S). These
//! formulas are incomplete, so equal and opposite points, and infinity, are handled by
//! branching, which is fine for public data.
//!
//! The multiplication is Shamir's trick with width-w NAFs (Hankerson, Menezes, Vanstone, "Guide
//! to Elliptic Curve Cryptography", §3.3 and algorithm 3.51): one shared chain of doublings,
//! adding odd multiples `±1, ±3, …` of `G` from a constant table of 32 affine points (w = 7,
//! 2 KiB of flash) and of `Q` from a table of 8 Jacobian points built per verification (w = 5).

use super::field::FieldElement;
use super::{LIMB_BITS, Limb, Limbs};

/// A point other than infinity, in affine coordinates.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Affine {
    x: FieldElement,
    y: FieldElement,
}

/// The curve constant `b` (in Montgomery form).
const B: FieldElement = FieldElement::from_montgomery_words([
    0xD89C_DF62_29C4_BDDF,
    0xACF0_05CD_7884_3090,
    0xE5A2_20AB_F721_2ED6,
    0xDC30_061D_0487_4834,
]);

impl Affine {
    /// The point `(x, y)` from `x ‖ y`, two 32-byte big-endian coordinates, or `None` when a
    /// coordinate is not below `p` or the point is not on the curve. (Infinity has no affine
    /// encoding; `(0, 0)` is not on the curve since `b ≠ 0`.)
    pub(crate) fn from_be_bytes(xy: &[u8; 64]) -> Option<Affine> {
        let (x, y) = xy.split_at(32);
        let x = FieldElement::from_be_bytes(x.try_into().ok()?)?;
        let y = FieldElement::from_be_bytes(y.try_into().ok()?)?;
        let point = Affine { x, y };
        point.is_on_curve().then_some(point)
    }

    /// Whether `y² = x³ − 3x + b`.
    fn is_on_curve(&self) -> bool {
        let x3 = self.x.square().mul(&self.x);
        let three_x = self.x.double().add(&self.x);
        self.y.square() == x3.sub(&three_x).add(&B)
    }

    /// `−self`.
    fn neg(&self) -> Affine {
        Affine {
            x: self.x,
            y: self.y.neg(),
        }
    }
}

/// A point in Jacobian coordinates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian {
    pub(crate) x: FieldElement,
    pub(crate) y: FieldElement,
    pub(crate) z: FieldElement,
}

impl Jacobian {
    /// The point at infinity.
    pub(crate) const INFINITY: Jacobian = Jacobian {
        x: FieldElement::ONE,
        y: FieldElement::ONE,
        z: FieldElement::ZERO,
    };

    /// Whether this is the point at infinity.
    pub(crate) fn is_infinity(&self) -> bool {
        self.z.is_zero()
    }

    /// `point` with `Z = 1`.
    pub(crate) fn from_affine(point: &Affine) -> Jacobian {
        Jacobian {
            x: point.x,
            y: point.y,
            z: FieldElement::ONE,
        }
    }

    /// `−self`.
    fn neg(&self) -> Jacobian {
        Jacobian {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }

    /// `2·self` (Hankerson, Menezes, Vanstone, algorithm 3.21, for `a = −3`: 4M + 4S and fewer
    /// additions than "dbl-2001-b"). Infinity doubles to infinity (`Z3 = 2·Y·Z = 0`), and P-256
    /// has no point of order 2, so no other case needs care.
    #[inline(never)]
    pub(crate) fn double(&self) -> Jacobian {
        let z2 = self.z.square();
        // alpha = 3·(X − Z²)·(X + Z²), the slope's numerator for a = −3.
        let product = self.x.sub(&z2).mul(&self.x.add(&z2));
        let alpha = product.double().add(&product);
        let two_y = self.y.double();
        let z3 = two_y.mul(&self.z);
        let four_y2 = two_y.square();
        // 4·X·Y²
        let four_beta = four_y2.mul(&self.x);
        // 8·Y⁴
        let eight_y4 = four_y2.square().half();
        let x3 = alpha.square().sub(&four_beta.double());
        let y3 = four_beta.sub(&x3).mul(&alpha).sub(&eight_y4);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `self + other` ("add-1998-cmo-2"), any points.
    #[inline(never)]
    pub(crate) fn add(&self, other: &Jacobian) -> Jacobian {
        if self.is_infinity() {
            return *other;
        }
        if other.is_infinity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = other.x.mul(&z1z1);
        let s1 = self.y.mul(&other.z).mul(&z2z2);
        let s2 = other.y.mul(&self.z).mul(&z1z1);
        let z1z2 = self.z.mul(&other.z);
        combine(&u1, &s1, &u2, &s2, &z1z2).unwrap_or_else(|| self.double())
    }

    /// `self + other` for an affine `other` (the mixed form of "add-1998-cmo-2", `Z2 = 1`).
    #[inline(never)]
    pub(crate) fn add_affine(&self, other: &Affine) -> Jacobian {
        if self.is_infinity() {
            return Jacobian::from_affine(other);
        }
        let z1z1 = self.z.square();
        let u2 = other.x.mul(&z1z1);
        let s2 = other.y.mul(&self.z).mul(&z1z1);
        combine(&self.x, &self.y, &u2, &s2, &self.z).unwrap_or_else(|| self.double())
    }
}

/// The common end of both additions: the sum of two points brought to the same denominator
/// (`x = U/Z²`, `y = S/Z³` with `Z = z1z2`), or `None` when the points are equal and the caller
/// must double instead (kept out of here so that doubling's frame does not stack on this one).
fn combine(
    u1: &FieldElement,
    s1: &FieldElement,
    u2: &FieldElement,
    s2: &FieldElement,
    z1z2: &FieldElement,
) -> Option<Jacobian> {
    let h = u2.sub(u1);
    let r = s2.sub(s1);
    if h.is_zero() {
        // Equal x: the same point or opposite points (infinity).
        return if r.is_zero() {
            None
        } else {
            Some(Jacobian::INFINITY)
        };
    }
    let hh = h.square();
    let hhh = hh.mul(&h);
    let v = u1.mul(&hh);
    let x3 = r.square().sub(&hhh).sub(&v.double());
    let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&hhh));
    let z3 = z1z2.mul(&h);
    Some(Jacobian {
        x: x3,
        y: y3,
        z: z3,
    })
}

/// An affine table entry from its coordinates in Montgomery form (for [`G_TABLE`]).
const fn affine(x: [u64; 4], y: [u64; 4]) -> Affine {
    Affine {
        x: FieldElement::from_montgomery_words(x),
        y: FieldElement::from_montgomery_words(y),
    }
}

/// NAF width for the multiples of `G`.
const G_WINDOW: u32 = 7;
/// NAF width for the multiples of `Q`.
const Q_WINDOW: u32 = 5;
/// Odd multiples of `Q` in its table: `Q, 3Q, …, 15Q`.
const Q_TABLE_LEN: usize = 1 << (Q_WINDOW - 2);
/// NAF digits of a scalar below 2^256 (one more than its bits: the carry of the top window).
const DIGITS: usize = 257;

/// `G_TABLE[i] = (2i + 1)·G`, affine coordinates in Montgomery form (checked by a test).
#[rustfmt::skip]
const G_TABLE: [Affine; 1 << (G_WINDOW - 2)] = [
    affine([0x79e730d418a9143c, 0x75ba95fc5fedb601, 0x79fb732b77622510, 0x18905f76a53755c6], [0xddf25357ce95560a, 0x8b4ab8e4ba19e45c, 0xd2e88688dd21f325, 0x8571ff1825885d85]),
    affine([0xffac3f904eebc127, 0xb027f84a087d81fb, 0x66ad77dd87cbbc98, 0x26936a3fb6ff747e], [0xb04c5c1fc983a7eb, 0x583e47ad0861fe1a, 0x788208311a2ee98e, 0xd5f06a29e587cc07]),
    affine([0xbe1b8aaec45c61f5, 0x90ec649a94b9537d, 0x941cb5aad076c20c, 0xc9079605890523c8], [0xeb309b4ae7ba4f10, 0x73c568efe5eb882b, 0x3540a9877e7a1f68, 0x73a076bb2dd1e916]),
    affine([0x0746354ea0173b4f, 0x2bd20213d23c00f7, 0xf43eaab50c23bb08, 0x13ba5119c3123e03], [0x2847d0303f5b9d4d, 0x6742f2f25da67bdd, 0xef933bdc77c94195, 0xeaedd9156e240867]),
    affine([0x75c96e8f264e20e8, 0xabe6bfed59a7a841, 0x2cc09c0444c8eb00, 0xe05b3080f0c4e16b], [0x1eb7777aa45f3314, 0x56af7bedce5d45e3, 0x2b6e019a88b12f1a, 0x086659cdfd835f9b]),
    affine([0xea7d260a6245e404, 0x9de407956e7fdfe0, 0x1ff3a4158dac1ab5, 0x3e7090f1649c9073], [0x1a7685612b944e88, 0x250f939ee57f61c8, 0x0c0daa891ead643d, 0x68930023e125b88e]),
    affine([0xccc425634b2ed709, 0x0e356769856fd30d, 0xbcbcd43f559e9811, 0x738477ac5395b759], [0x35752b90c00ee17f, 0x68748390742ed2e3, 0x7cd06422bd1f5bc1, 0xfbc08769c9e7b797]),
    affine([0x72bcd8b7bc60055b, 0x03cc23ee56e27e4b, 0xee337424e4819370, 0xe2aa0e430ad3da09], [0x40b8524f6383c45d, 0xd766355442a41b25, 0x64efa6de778a4797, 0x2042170a7079adf4]),
    affine([0x97091dcbd53c5c9d, 0xf17624b6ac0a177b, 0xb0f139752cfe2dff, 0xc1a35c0a6c7a574e], [0x227d314693e79987, 0x0575bf30e89cb80e, 0x2f4e247f0d1883bb, 0xebd512263274c3d0]),
    affine([0xfea912baa5659ae8, 0x68363aba25e1a16e, 0xb8842277752c41ac, 0xfe545c282897c3fc], [0x2d36e9e7dc4c696b, 0x5806244afba977c5, 0x85665e9be39508c1, 0xf720ee256d12597b]),
    affine([0x562e4cecc135b208, 0x74e1b2654783f47d, 0x6d2a506c5a3f3b30, 0xecead9f4c16762fc], [0xf29dd4b2e286e5b9, 0x1b0fadc083bb3c61, 0x7a75023e7fac29a4, 0xc086d5f1c9477fa3]),
    affine([0xf4f876532de45068, 0x37c7a7e89e2e1f6e, 0xd0825fa2a3584069, 0xaf2cea7c1727bf42], [0x0360a4fb9e4785a9, 0xe5fda49c27299f4a, 0x48068e1371ac2f71, 0x83d0687b9077666f]),
    affine([0xa4a319acd837879f, 0x6fc1b49eed6b67b0, 0xe395993332f1f3af, 0x966742eb65432a2e], [0x4b8dc9feb4966228, 0x96cc631243f43950, 0x12068859c9b731ee, 0x7b948dc356f79968]),
    affine([0x042c2af497e2feb4, 0xd36a42d7aebf7313, 0x49d2c9eb084ffdd7, 0x9f8aa54b2ef7c76a], [0x9200b7ba09895e70, 0x3bd0c66fddb7fb58, 0x2d97d10878eb4cbb, 0x2d431068d84bde31]),
    affine([0x5e5db46acb66e132, 0xf1be963a0d925880, 0x944a70270317b9e2, 0xe266f95948603d48], [0x98db66735c208899, 0x90472447a2fb18a3, 0x8a966939777c619f, 0x3798142a2a3be21b]),
    affine([0xe2f73c696755ff89, 0xdd3cf7e7473017e6, 0x8ef5689d3cf7600d, 0x948dc4f8b1fc87b4], [0xd9e9fe814ea53299, 0x2d921ca298eb6028, 0xfaecedfd0c9803fc, 0xf38ae8914d7b4745]),
    affine([0x871514560f664534, 0x85ceae7c4b68f103, 0xac09c4ae65578ab9, 0x33ec6868f044b10c], [0x6ac4832b3a8ec1f1, 0x5509d1285847d5ef, 0xf909604f763f1574, 0xb16c4303c32f63c4]),
    affine([0xfd16847fdec67ef5, 0x742ee464233e76b7, 0x0b8e4134efc2b4c8, 0xca640b8642a3e521], [0x653a01908ceb6aa9, 0x313c300c547852d5, 0x24e4ab126b237af7, 0x2ba901628bb47af8]),
    affine([0x00467bc58cce08b5, 0xb636458c7f178d55, 0xc5748baea677d806, 0x2763a387dfa394eb], [0xa12b448a7d3cebb6, 0xe7adda3e6f20d850, 0xf63ebce51558462c, 0x58b36143620088a8]),
    affine([0xa9d89488a059c142, 0x6f5ae714ff0b9346, 0x068f237d16fb3664, 0x5853e4c4363186ac], [0xe2d87d2363c52f98, 0x2ec4a76681828876, 0x47b864fae14e7b1c, 0x0c0bc0e569192408]),
    affine([0x624d60492ed22e91, 0x6fdfe0b56f072822, 0xeeca111539ce2271, 0x98100a4fdb01614f], [0xb6b0daa2a35c628f, 0xb6f94d2ec87e9a47, 0xc67732591d57d9ce, 0xf70bfeec03884a7b]),
    affine([0x4ff23ffd248a7d06, 0x80c5bfb4878873fa, 0xb7d9ad9005745981, 0x179c85db3db01994], [0xba41b06261a6966c, 0x4d82d052eadce5a8, 0x9e91cd3ba5e6a318, 0x47795f4f95b2dda0]),
    affine([0x1ee426ccd5cd79bf, 0x0032940b946c6e18, 0x1b1e8ae057477f58, 0xe94f7d346d823278], [0xc747cb96782ba21a, 0xc5254469f72b33a5, 0x772ef6dec7f80c81, 0xd73acbfe2cd9e6b5]),
    affine([0x283c7513caa76097, 0x0a624fa936c83906, 0x6b20afec715af2c7, 0x4b969974eba78bfd], [0x220755ccd921d60e, 0x9b944e107baeca13, 0x04819d515ded93d4, 0x9bbff86e6dddfd27]),
    affine([0x21950b421ff6acd3, 0xffe7048453dc6909, 0xff4cd0b228766127, 0xabdbe6084fb7db2b], [0x837c92285e1109e8, 0x26147d27f4645b5a, 0x4d78f592f7818ed8, 0xd394077ef247fa36]),
    affine([0x508cec1c3b3f64c9, 0xe20bc0ba1e5edf3f, 0xda1deb852f4318d4, 0xd20ebe0d5c3fa443], [0x370b4ea773241ea3, 0x61f1511c5e1a5f65, 0x99a5e23d82681c62, 0xd731e383a2f54c2d]),
    affine([0x97359638546c4d8d, 0x5f9c3fc492f24679, 0x912e8beda8c8acd9, 0xec3a318d306634b0], [0x80167f41c31cb264, 0x3db82f6f522113f2, 0xb155bcd2dcafe197, 0xfba1da5943465283]),
    affine([0x258bbbf9e7305683, 0x31eea5bf07ef5be6, 0x0deb0e4a46c814c1, 0x5cee8449a7b730dd], [0xeab495c5a0182bde, 0xee759f879e27a6b4, 0xc2cf6a6880e518ca, 0x25e8013ff14cf3f4]),
    affine([0x3ec832e77acaca28, 0x1bfeea57c7385b29, 0x068212e3fd1eaf38, 0xc13298306acf8ccc], [0xb909f2db2aac9e59, 0x5748060db661782a, 0xc5ab2632c79b7a01, 0xda44c6c600017626]),
    affine([0x69d44ed65c46aa8e, 0x2100d5d3a8d063d1, 0xcb9727eaa2d17c36, 0x4c2bab1b8add53b7], [0xa084e90c15426704, 0x778afcd3a837ebea, 0x6651f7017ce477f8, 0xa062499846fb7a8b]),
    affine([0x3667eb1a7f4c04cc, 0x59556621a9404f84, 0x71cdf6537eceb50a, 0x994a44a69b8335fa], [0xd7faf819dbeb9b69, 0x473c5680eed4350d, 0xb6658466da44bba2, 0x0d1bc780872bdbf3]),
    affine([0xb8d3d9319ff91fe5, 0x039c4800f0518eed, 0x95c376329182cb26, 0x0763a43482fc568d], [0x707c04d5383e76ba, 0xac98b930824e8197, 0x92bf7c8f91230de0, 0x90876a0140959b70]),
];

/// Bits `pos .. pos + count` of `k` (`count < LIMB_BITS`), 0 beyond bit 255.
fn bits(k: &Limbs, pos: usize, count: u32) -> Limb {
    let bits_per_limb = LIMB_BITS as usize;
    let index = pos.checked_div(bits_per_limb).unwrap_or(0);
    let shift = u32::try_from(pos.checked_rem(bits_per_limb).unwrap_or(0)).unwrap_or(0);
    let low = k.get(index).map_or(0, |limb| limb.wrapping_shr(shift));
    let high = match (k.get(index.wrapping_add(1)), shift) {
        (Some(limb), 1..) => limb.wrapping_shl(LIMB_BITS.wrapping_sub(shift)),
        _ => 0,
    };
    (low | high) & (1 as Limb).wrapping_shl(count).wrapping_sub(1)
}

/// The width-`w` NAF of `k`: digits `dᵢ`, each 0 or odd with `|dᵢ| < 2^(w−1)`, with
/// `k = Σ dᵢ·2^i` and at most one nonzero digit in any `w` consecutive ones.
fn naf(k: &Limbs, w: u32, digits: &mut [i8; DIGITS]) {
    digits.fill(0);
    let width: Limb = (1 as Limb).wrapping_shl(w);
    let half = width >> 1;
    let mut carry: Limb = 0;
    let mut pos = 0;
    // Invariant: k = Σ_{i<pos} dᵢ·2^i + 2^pos·(carry + ⌊k / 2^pos⌋).
    while pos < DIGITS {
        let window = bits(k, pos, w).wrapping_add(carry);
        if window & 1 == 0 {
            // Bit `pos` (with the carry) is 0; a window of 2^w leaves the carry as it was.
            pos = pos.wrapping_add(1);
            continue;
        }
        let digit = if window < half {
            carry = 0;
            i8::try_from(window).unwrap_or(0)
        } else {
            carry = 1;
            i8::try_from(width.wrapping_sub(window)).map_or(0, i8::wrapping_neg)
        };
        if let Some(slot) = digits.get_mut(pos) {
            *slot = digit;
        }
        pos = pos.wrapping_add(w as usize);
    }
}

/// The table entry for a nonzero NAF digit: `|digit|·P` negated when `digit < 0`, `table[i]`
/// being `(2i + 1)·P`.
fn lookup<T: Copy>(table: &[T], digit: i8, neg: fn(&T) -> T) -> Option<T> {
    let entry = *table.get(usize::from(digit.unsigned_abs() >> 1))?;
    Some(if digit < 0 { neg(&entry) } else { entry })
}

/// `u1·G + u2·q` for `u1, u2 < 2^256`.
pub(crate) fn mul_base_and_point(u1: &Limbs, u2: &Limbs, q: &Affine) -> Jacobian {
    let mut naf1 = [0; DIGITS];
    naf(u1, G_WINDOW, &mut naf1);
    let mut naf2 = [0; DIGITS];
    naf(u2, Q_WINDOW, &mut naf2);

    let mut q_table = [Jacobian::INFINITY; Q_TABLE_LEN];
    let q = Jacobian::from_affine(q);
    let q2 = q.double();
    let mut multiple = q;
    for entry in q_table.iter_mut() {
        *entry = multiple;
        multiple = multiple.add(&q2);
    }

    let mut acc = Jacobian::INFINITY;
    for (&d1, &d2) in naf1.iter().zip(&naf2).rev() {
        if !acc.is_infinity() {
            acc = acc.double();
        }
        if d1 != 0
            && let Some(point) = lookup(&G_TABLE, d1, Affine::neg)
        {
            acc = acc.add_affine(&point);
        }
        if d2 != 0
            && let Some(point) = lookup(&q_table, d2, Jacobian::neg)
        {
            acc = acc.add(&point);
        }
    }
    acc
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use ::p256::elliptic_curve::PrimeField as _;
    use ::p256::elliptic_curve::group::Group as _;
    use ::p256::elliptic_curve::sec1::{FromSec1Point as _, ToSec1Point as _};
    use ::p256::{AffinePoint, FieldBytes, ProjectivePoint, Sec1Point};

    use super::super::scalar::Scalar;
    use super::super::tests::{random_bytes, to_be_bytes};
    use super::*;

    type OracleScalar = ::p256::Scalar;

    /// `x ‖ y` of an oracle point (None for infinity).
    fn oracle_bytes(point: &ProjectivePoint) -> Option<[u8; 64]> {
        let encoded = point.to_affine().to_sec1_point(false);
        let bytes = encoded.as_bytes();
        (bytes.len() == 65).then(|| bytes[1..].try_into().unwrap())
    }

    /// `x ‖ y` of our point (None for infinity).
    fn our_bytes(point: &Jacobian) -> Option<[u8; 64]> {
        if point.is_infinity() {
            return None;
        }
        let z_inverse = point.z.invert();
        let z2 = z_inverse.square();
        let x = point.x.mul(&z2);
        let y = point.y.mul(&z2.mul(&z_inverse));
        let mut out = [0; 64];
        out[..32].copy_from_slice(&to_be_bytes(&x.to_limbs()));
        out[32..].copy_from_slice(&to_be_bytes(&y.to_limbs()));
        Some(out)
    }

    fn ours(point: &ProjectivePoint) -> Jacobian {
        match oracle_bytes(point) {
            Some(bytes) => Jacobian::from_affine(&Affine::from_be_bytes(&bytes).unwrap()),
            None => Jacobian::INFINITY,
        }
    }

    /// A Jacobian point with a non-trivial `Z` (multiplied through by `z`).
    fn rescaled(point: &Jacobian, z: &FieldElement) -> Jacobian {
        let z2 = z.square();
        Jacobian {
            x: point.x.mul(&z2),
            y: point.y.mul(&z2.mul(z)),
            z: point.z.mul(z),
        }
    }

    fn random_scalar(state: &mut u64) -> (OracleScalar, Limbs) {
        let s = Scalar::from_be_bytes_reduced(&random_bytes(state));
        let oracle = OracleScalar::from_repr(FieldBytes::from(to_be_bytes(s.limbs()))).unwrap();
        (oracle, *s.limbs())
    }

    #[test]
    fn g_table_holds_odd_multiples_of_g() {
        for (i, entry) in G_TABLE.iter().enumerate() {
            let expected = ProjectivePoint::GENERATOR * OracleScalar::from(2 * i as u64 + 1);
            assert_eq!(
                our_bytes(&Jacobian::from_affine(entry)),
                oracle_bytes(&expected),
                "{i}"
            );
            assert!(entry.is_on_curve());
        }
    }

    #[test]
    fn decoding_checks_the_curve_equation() {
        let g = oracle_bytes(&ProjectivePoint::GENERATOR).unwrap();
        assert_eq!(Affine::from_be_bytes(&g), Some(G_TABLE[0]));
        let mut off = g;
        off[63] ^= 1;
        assert_eq!(Affine::from_be_bytes(&off), None);
        assert_eq!(Affine::from_be_bytes(&[0; 64]), None);
        assert_eq!(Affine::from_be_bytes(&[0xFF; 64]), None);
        // x + p in place of x: the same point modulo p, but not a canonical encoding.
        let mut state = 5;
        for _ in 0..200 {
            let bytes = random_bytes(&mut state);
            let mut sec1 = [4u8; 65];
            sec1[1..33].copy_from_slice(&bytes);
            sec1[33..].copy_from_slice(&g[32..]);
            let oracle_ok = Sec1Point::from_bytes(sec1)
                .ok()
                .and_then(|p| Option::<AffinePoint>::from(AffinePoint::from_sec1_point(&p)))
                .is_some();
            assert_eq!(
                Affine::from_be_bytes(sec1[1..].try_into().unwrap()).is_some(),
                oracle_ok
            );
        }
    }

    #[test]
    fn group_law_matches_p256() {
        let mut state = 9;
        let two = FieldElement::ONE.double();
        for _ in 0..200 {
            let (a, _) = random_scalar(&mut state);
            let (b, _) = random_scalar(&mut state);
            let pa = ProjectivePoint::GENERATOR * a;
            let pb = ProjectivePoint::GENERATOR * b;
            let (ja, jb) = (
                rescaled(&ours(&pa), &two),
                rescaled(&ours(&pb), &two.double()),
            );
            let affine_b = Affine::from_be_bytes(&oracle_bytes(&pb).unwrap()).unwrap();
            assert_eq!(our_bytes(&ja.double()), oracle_bytes(&pa.double()));
            assert_eq!(our_bytes(&ja.add(&jb)), oracle_bytes(&(pa + pb)));
            assert_eq!(
                our_bytes(&ja.add_affine(&affine_b)),
                oracle_bytes(&(pa + pb))
            );
            // Equal, opposite and infinite operands.
            let ja2 = rescaled(&ja, &two);
            assert_eq!(our_bytes(&ja.add(&ja2)), oracle_bytes(&pa.double()));
            assert_eq!(our_bytes(&ja.add(&ja.neg())), None);
            assert_eq!(
                our_bytes(&jb.add_affine(&affine_b)),
                oracle_bytes(&pb.double())
            );
            assert_eq!(our_bytes(&jb.neg().add_affine(&affine_b)), None);
            assert_eq!(our_bytes(&Jacobian::INFINITY.add(&ja)), oracle_bytes(&pa));
            assert_eq!(our_bytes(&ja.add(&Jacobian::INFINITY)), oracle_bytes(&pa));
            assert_eq!(
                our_bytes(&Jacobian::INFINITY.add_affine(&affine_b)),
                oracle_bytes(&pb)
            );
            assert_eq!(our_bytes(&Jacobian::INFINITY.double()), None);
        }
    }

    #[test]
    fn naf_represents_the_scalar() {
        let mut state = 13;
        let mut cases = vec![[0; super::super::LIMBS], [Limb::MAX; super::super::LIMBS]];
        for _ in 0..300 {
            cases.push(*Scalar::from_be_bytes_reduced(&random_bytes(&mut state)).limbs());
        }
        for k in &cases {
            for w in [Q_WINDOW, G_WINDOW] {
                let mut digits = [0; DIGITS];
                naf(k, w, &mut digits);
                // Σ dᵢ·2^i, as 257-bit two's complement: checked limb by limb with i128 carries.
                let mut acc = [0i128; 9];
                for (i, &d) in digits.iter().enumerate() {
                    if d != 0 {
                        assert!(d % 2 != 0 && i32::from(d).abs() < 1 << (w - 1));
                        acc[i / 32] += i128::from(d) << (i % 32);
                        // At most one nonzero digit in any w consecutive ones.
                        for &other in digits.iter().skip(i + 1).take(w as usize - 1) {
                            assert_eq!(other, 0);
                        }
                    }
                }
                let mut carry = 0i128;
                let bytes = to_be_bytes(k);
                for (j, value) in acc.iter().enumerate() {
                    let total = value + carry;
                    let expected = if j < 8 {
                        i128::from(u32::from_be_bytes(
                            bytes[28 - 4 * j..32 - 4 * j].try_into().unwrap(),
                        ))
                    } else {
                        0
                    };
                    assert_eq!(total.rem_euclid(1 << 32), expected);
                    carry = total.div_euclid(1 << 32);
                }
                assert_eq!(carry, 0);
            }
        }
    }

    #[test]
    fn double_scalar_multiplication_matches_p256() {
        let mut state = 17;
        for i in 0..100 {
            let (a, a_limbs) = random_scalar(&mut state);
            let (b, b_limbs) = random_scalar(&mut state);
            let (k, _) = random_scalar(&mut state);
            let q = ProjectivePoint::GENERATOR * k;
            let q_affine = Affine::from_be_bytes(&oracle_bytes(&q).unwrap()).unwrap();
            let expected = ProjectivePoint::GENERATOR * a + q * b;
            assert_eq!(
                our_bytes(&mul_base_and_point(&a_limbs, &b_limbs, &q_affine)),
                oracle_bytes(&expected),
                "{i}"
            );
        }
        // Q = G and Q = −G with scalars that cancel or coincide.
        let g = G_TABLE[0];
        let (a, a_limbs) = random_scalar(&mut state);
        let minus_a = *Scalar::from_be_bytes_nonzero(&(-a).to_repr().into())
            .unwrap()
            .limbs();
        assert_eq!(our_bytes(&mul_base_and_point(&a_limbs, &minus_a, &g)), None);
        assert_eq!(
            our_bytes(&mul_base_and_point(&a_limbs, &a_limbs, &g.neg())),
            None
        );
        assert_eq!(
            our_bytes(&mul_base_and_point(&a_limbs, &a_limbs, &g)),
            oracle_bytes(&(ProjectivePoint::GENERATOR * a).double())
        );
        let zero = [0; super::super::LIMBS];
        assert_eq!(our_bytes(&mul_base_and_point(&zero, &zero, &g)), None);
        assert_eq!(
            our_bytes(&mul_base_and_point(&a_limbs, &zero, &g)),
            oracle_bytes(&(ProjectivePoint::GENERATOR * a))
        );
    }
}
