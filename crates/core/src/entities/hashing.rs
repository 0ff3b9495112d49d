//! Allocation-free string hashing for features and name lookups.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Folds one character into an FNV-1a hash.
#[inline]
fn fnv_char(mut h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Normalises one character for matching: lower case, curly apostrophes and all digits
/// folded to one form each (the same normalisation as the word classes' keys).
pub use crate::wordclass::norm_char;

/// Hash of the normalised (lower-case) form of `s`.
#[must_use]
pub fn fnv_str_lower(s: &str) -> u64 {
    s.chars().fold(FNV_OFFSET, |h, c| fnv_char(h, norm_char(c)))
}

/// Hash of `s` as written.
#[must_use]
pub fn fnv_str(s: &str) -> u64 {
    s.chars().fold(FNV_OFFSET, fnv_char)
}

/// Hash of a sequence of characters.
#[must_use]
pub fn fnv_chars(chars: &[char]) -> u64 {
    chars.iter().fold(FNV_OFFSET, |h, &c| fnv_char(h, c))
}

/// A strong 64-bit mixer (splitmix64's finaliser).
#[inline]
#[must_use]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Extends a sequence hash by one token hash.
#[inline]
#[must_use]
pub fn seq_step(h: u64, token: u64) -> u64 {
    mix(h.rotate_left(17) ^ token)
}

/// A hasher for keys that already are good hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by pre-hashed `u64`s.
pub type IdHashMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
