//! The sizes of `Key` and `KeySet` on 32-bit targets (Cortex-M), which `jwtv provision`
//! prints for the device (host-harness/src/provision.rs, `DEVICE_*`): CI runs this on i686,
//! which lays these types out as thumbv7em does (4-byte pointers and `usize`).

#[test]
#[cfg(target_pointer_width = "32")]
fn key_and_key_set_sizes_on_32_bit_targets() {
    use jwtv::{Key, KeySet, KeySlot};
    assert_eq!(size_of::<Key<'static>>(), 36);
    // A slot holds a stored key's entry or a borrowed `Key` (36 bytes): 40 either way.
    assert_eq!(size_of::<KeySlot<'static>>(), 40);
    // A set is a header, one entry per key, and its byte store (rounded to 4).
    assert_eq!(size_of::<KeySet<1, 0>>(), 8 + 40);
    assert_eq!(size_of::<KeySet<4, 0>>(), 8 + 4 * 40);
    assert_eq!(size_of::<KeySet<4, 100>>(), 8 + 4 * 40 + 100);
}

#[test]
#[cfg(target_pointer_width = "64")]
fn key_and_key_set_sizes_on_64_bit_hosts() {
    use jwtv::{Key, KeySet, KeySlot};
    assert_eq!(size_of::<Key<'static>>(), 64);
    // A slot holds a stored key's entry (40 bytes, 32-bit offsets) or a borrowed `Key`.
    assert_eq!(size_of::<KeySlot<'static>>(), 64);
    assert_eq!(size_of::<KeySet<4, 0>>(), 16 + 4 * 64);
}
