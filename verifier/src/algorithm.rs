//! JWS algorithm identifiers (RFC 7518 §3.1) and what each one needs from a key.

use core::fmt;

/// A JWS signature algorithm the verifier knows by name.
///
/// Knowing a name does not mean this build implements it: each family sits behind a cargo feature
/// (`rsa`, `ecdsa`, `es384`, `es512`, `hmac`, `eddsa`); see [`Algorithm::is_implemented`].
///
/// # Examples
/// ```
/// use jwtv::{Algorithm, HashAlg, KeyKind};
/// let alg = Algorithm::from_name("PS384").expect("a JWS name");
/// assert_eq!(alg, Algorithm::PS384);
/// assert_eq!(alg.name(), "PS384");
/// assert_eq!(alg.to_string(), "PS384");
/// assert_eq!(alg.key_kind(), KeyKind::Rsa);
/// assert_eq!(alg.hash(), HashAlg::Sha384);
/// assert_eq!(alg.hash().output_len(), 48);
/// // Names are case-sensitive, and `none` is never an algorithm.
/// assert_eq!(Algorithm::from_name("ps384"), None);
/// assert_eq!(Algorithm::from_name("none"), None);
/// // Every name round-trips.
/// assert!(Algorithm::ALL.iter().all(|a| Algorithm::from_name(a.name()) == Some(*a)));
/// // The default features implement RSA, ES256 and HMAC; EdDSA, ES384 and ES512 are opted into
/// // with the features `eddsa`, `es384` and `es512`.
/// assert!(Algorithm::ALL.iter().filter(|a| a.name().starts_with(['R', 'P', 'H'])).all(|a| a.is_implemented()));
/// assert!(Algorithm::ES256.is_implemented());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256, 32-byte salt.
    PS256,
    /// RSASSA-PSS with SHA-384, MGF1 with SHA-384, 48-byte salt.
    PS384,
    /// RSASSA-PSS with SHA-512, MGF1 with SHA-512, 64-byte salt.
    PS512,
    /// ECDSA on P-256 with SHA-256; the signature is the 64-byte `r ‖ s`.
    ES256,
    /// ECDSA on P-384 with SHA-384; the signature is the 96-byte `r ‖ s`.
    ES384,
    /// ECDSA on P-521 with SHA-512; the signature is the 132-byte `r ‖ s` (each 66 bytes).
    ES512,
    /// EdDSA (RFC 8037), here with Ed25519 keys only; the signature is the 64-byte `R ‖ S` of
    /// RFC 8032 §5.1.6, verified strictly. RFC 9864 deprecates this polymorphic name in favour
    /// of [`Algorithm::Ed25519`]; both stay in use.
    EdDSA,
    /// Ed25519 (RFC 9864 §2.2, the fully-specified name for EdDSA with Ed25519): the same keys
    /// (`kty` `OKP`, `crv` `Ed25519`) and the same strict verification as
    /// [`Algorithm::EdDSA`]. A key pinned to one of the two names verifies only that one.
    Ed25519,
}

/// The kind of key an algorithm needs (RFC 7518 §6.1 `kty`, plus the curve for EC).
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// `kty: RSA`.
    Rsa,
    /// `kty: EC`, `crv: P-256`.
    EcP256,
    /// `kty: EC`, `crv: P-384`.
    EcP384,
    /// `kty: EC`, `crv: P-521`.
    EcP521,
    /// `kty: oct` (a shared secret for HMAC).
    Oct,
    /// `kty: OKP`, `crv: Ed25519` (RFC 8037 §2).
    Ed25519,
}

impl KeyKind {
    /// Whether this build verifies with this kind of key (its family's cargo feature is on).
    pub const fn is_implemented(self) -> bool {
        match self {
            KeyKind::Rsa => cfg!(feature = "rsa"),
            KeyKind::EcP256 => cfg!(feature = "ecdsa"),
            KeyKind::EcP384 => cfg!(feature = "es384"),
            KeyKind::EcP521 => cfg!(feature = "es512"),
            KeyKind::Oct => cfg!(feature = "hmac"),
            KeyKind::Ed25519 => cfg!(feature = "eddsa"),
        }
    }
}

/// The SHA-2 hash an algorithm uses.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashAlg {
    /// SHA-256, 32-byte output.
    Sha256,
    /// SHA-384, 48-byte output.
    Sha384,
    /// SHA-512, 64-byte output.
    Sha512,
}

impl HashAlg {
    /// Whether this build computes this hash (SHA-384 and SHA-512 need the cargo feature
    /// `sha512`, a default).
    pub const fn is_implemented(self) -> bool {
        match self {
            HashAlg::Sha256 => true,
            HashAlg::Sha384 | HashAlg::Sha512 => cfg!(feature = "sha512"),
        }
    }

    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }
}

impl Algorithm {
    /// Every algorithm the verifier knows, implemented in this build or not.
    pub const ALL: [Algorithm; 14] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
        Algorithm::Ed25519,
    ];

    /// The registered JWS name (`"RS256"`, …).
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
            Algorithm::Ed25519 => "Ed25519",
        }
    }

    /// The algorithm with this exact (case-sensitive) JWS name.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The key type and curve this algorithm verifies with.
    pub const fn key_kind(self) -> KeyKind {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => KeyKind::Oct,
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => KeyKind::Rsa,
            Algorithm::ES256 => KeyKind::EcP256,
            Algorithm::ES384 => KeyKind::EcP384,
            Algorithm::ES512 => KeyKind::EcP521,
            Algorithm::EdDSA | Algorithm::Ed25519 => KeyKind::Ed25519,
        }
    }

    /// The hash this algorithm uses (also the size of `at_hash` / `c_hash`, OIDC Core §3.1.3.6).
    ///
    /// For `EdDSA` and `Ed25519`, OpenID Connect Core names no hash (its rule is "the hash
    /// algorithm used in the `alg` Header Parameter", and neither name has one as a parameter).
    /// This crate uses SHA-512, the hash Ed25519 is built on (RFC 8032 §5.1), as the OpenID
    /// Foundation's later guidance for Ed25519 does and as providers compute it for both names:
    /// `at_hash` is then the left 32 bytes of SHA-512.
    pub const fn hash(self) -> HashAlg {
        match self {
            Algorithm::HS256 | Algorithm::RS256 | Algorithm::PS256 | Algorithm::ES256 => {
                HashAlg::Sha256
            }
            Algorithm::HS384 | Algorithm::RS384 | Algorithm::PS384 | Algorithm::ES384 => {
                HashAlg::Sha384
            }
            Algorithm::HS512
            | Algorithm::RS512
            | Algorithm::PS512
            | Algorithm::ES512
            | Algorithm::EdDSA
            | Algorithm::Ed25519 => HashAlg::Sha512,
        }
    }

    /// Whether this build can verify this algorithm (the cargo features of its key family and
    /// of its hash are on).
    pub const fn is_implemented(self) -> bool {
        self.key_kind().is_implemented() && self.hash().is_implemented()
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name is not a JWS signature algorithm this crate knows (`alg` names are case-sensitive,
/// RFC 7515 §4.1.1; `none` is never one).
///
/// # Examples
/// ```
/// use jwtv::{Algorithm, UnknownAlgorithm};
/// assert_eq!("HS512".parse::<Algorithm>(), Ok(Algorithm::HS512));
/// assert_eq!("HS1".parse::<Algorithm>(), Err(UnknownAlgorithm));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownAlgorithm;

impl fmt::Display for UnknownAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a JWS signature algorithm this verifier knows")
    }
}

impl core::error::Error for UnknownAlgorithm {}

/// Parses a JWS `alg` name, exactly as [`Algorithm::from_name`] does.
///
/// ```
/// use jwtv::Algorithm;
/// assert_eq!("RS256".parse::<Algorithm>(), Ok(Algorithm::RS256));
/// assert!("rs256".parse::<Algorithm>().is_err());
/// assert!("none".parse::<Algorithm>().is_err());
/// ```
impl core::str::FromStr for Algorithm {
    type Err = UnknownAlgorithm;

    fn from_str(name: &str) -> Result<Algorithm, UnknownAlgorithm> {
        Algorithm::from_name(name).ok_or(UnknownAlgorithm)
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Algorithm {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.name());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for alg in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(alg.name()), Some(alg));
        }
        assert_eq!(Algorithm::from_name("rs256"), None);
        assert_eq!(Algorithm::from_name("none"), None);
        assert_eq!(Algorithm::from_name("ES256K"), None);
        assert_eq!(Algorithm::from_name("ES512"), Some(Algorithm::ES512));
    }

    #[test]
    fn an_unknown_name_says_what_it_is_not() {
        let error = "HS1".parse::<Algorithm>().unwrap_err();
        assert_eq!(
            format!("{error}"),
            "not a JWS signature algorithm this verifier knows"
        );
    }

    #[test]
    fn hash_sizes_follow_the_name() {
        assert_eq!(Algorithm::PS384.hash().output_len(), 48);
        assert_eq!(Algorithm::HS512.hash().output_len(), 64);
        assert_eq!(Algorithm::ES256.key_kind(), KeyKind::EcP256);
        assert_eq!(Algorithm::EdDSA.key_kind(), KeyKind::Ed25519);
        assert_eq!(Algorithm::EdDSA.hash(), HashAlg::Sha512);
        assert_eq!(Algorithm::ES384.key_kind(), KeyKind::EcP384);
        assert_eq!(Algorithm::ES384.hash(), HashAlg::Sha384);
        assert_eq!(Algorithm::ES512.key_kind(), KeyKind::EcP521);
        assert_eq!(Algorithm::ES512.hash(), HashAlg::Sha512);
        assert_eq!(Algorithm::from_name("EdDSA"), Some(Algorithm::EdDSA));
        // RFC 9864's fully-specified names: Ed25519 is known, Ed448 is not (no Ed448 keys).
        assert_eq!(Algorithm::from_name("Ed25519"), Some(Algorithm::Ed25519));
        assert_eq!(Algorithm::Ed25519.key_kind(), KeyKind::Ed25519);
        assert_eq!(Algorithm::Ed25519.hash(), HashAlg::Sha512);
        assert_eq!(Algorithm::from_name("Ed448"), None);
        assert_eq!(Algorithm::from_name("ed25519"), None);
    }
}
