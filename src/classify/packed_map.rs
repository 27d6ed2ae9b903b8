//! A hash map from integer keys (a word's bytes packed into a u128, a pair of word
//! ids packed into a u64) to small values, made for the classifier's hot loop:
//! every word of a paper and most of its word pairs are looked up in one.
//!
//! Open addressing with linear probing in one flat array of (key, value) slots,
//! at most half full: a lookup is one multiply, usually one cache line and one
//! key comparison, where a general-purpose map hashes, probes control bytes and
//! then compares.

/// An integer key. Each key type keeps one value for empty slots.
pub trait Key: Copy + Eq {
    /// The key of an empty slot, which no real key is.
    const EMPTY: Self;
    /// The key folded to 64 bits, for hashing.
    fn fold(self) -> u64;
}

/// A packed word. No packed word holds the byte 0xff (UTF-8 never does).
impl Key for u128 {
    const EMPTY: u128 = u128::MAX;

    #[inline]
    fn fold(self) -> u64 {
        (self as u64) ^ ((self >> 64) as u64).rotate_left(31)
    }
}

/// A pair of word ids. No word id is `u32::MAX`, so no pair is all ones.
impl Key for u64 {
    const EMPTY: u64 = u64::MAX;

    #[inline]
    fn fold(self) -> u64 {
        self
    }
}

/// The fewest slots: a power of two, so a lookup's probe always ends at an empty one.
const MIN_SLOTS: usize = 8;

#[derive(Debug, Clone)]
pub struct PackedMap<K, V> {
    /// Keys beside their values: a lookup that finds its key has its value in the
    /// same cache line. A u64 key with an 8-byte value makes 16-byte slots.
    slots: Vec<(K, V)>,
    /// How many low bits of a hash pick a slot: `slots.len() == 1 << bits`.
    bits: u32,
    len: usize,
}

impl<K: Key, V: Copy + Default> Default for PackedMap<K, V> {
    fn default() -> Self {
        PackedMap {
            slots: vec![(K::EMPTY, V::default()); MIN_SLOTS],
            bits: MIN_SLOTS.trailing_zeros(),
            len: 0,
        }
    }
}

impl<K: Key, V: Copy + Default> PackedMap<K, V> {
    /// The value of `key`, if it has one.
    #[inline]
    pub fn get(&self, key: K) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        loop {
            let (held, value) = self.slots[slot];
            if held == key {
                return Some(value);
            }
            if held == K::EMPTY {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The value of `key`, set to `value()` if it had none.
    pub fn entry(&mut self, key: K, value: impl FnOnce() -> V) -> &mut V {
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        while self.slots[slot].0 != key && self.slots[slot].0 != K::EMPTY {
            slot = (slot + 1) & mask;
        }
        if self.slots[slot].0 == K::EMPTY {
            self.slots[slot] = (key, value());
            self.len += 1;
        }
        &mut self.slots[slot].1
    }

    /// Every key with its value, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (K, V)> + '_ {
        self.slots.iter().copied().filter(|(key, _)| *key != K::EMPTY)
    }

    /// Fibonacci hashing: the key folded to 64 bits times a large odd constant, whose
    /// top bits (the ones kept) depend on every bit of the key.
    #[inline]
    fn home(&self, key: K) -> usize {
        (key.fold().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.bits)) as usize
    }

    fn grow(&mut self) {
        let doubled = vec![(K::EMPTY, V::default()); 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, doubled);
        self.bits += 1;
        self.len = 0;
        for (key, value) in old.into_iter().filter(|(key, _)| *key != K::EMPTY) {
            self.entry(key, || value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_values_as_the_map_grows() {
        let mut map = PackedMap::default();
        let keys: Vec<u128> = (0..1000u128).map(|k| k * 0x1_0000_0001 + (k << 70)).collect();
        for (value, &key) in keys.iter().enumerate() {
            *map.entry(key, || 0) = value as u32;
            assert_eq!(*map.entry(key, || 7), value as u32, "an entry that exists keeps its value");
        }
        for (value, &key) in keys.iter().enumerate() {
            assert_eq!(map.get(key), Some(value as u32));
        }
        assert_eq!(map.get(1), None);
        assert_eq!(map.iter().count(), keys.len());
        assert_eq!(map.get(0), Some(0), "zero is a key like any other");
    }

    #[test]
    fn pair_keys_use_the_whole_64_bits() {
        let mut map: PackedMap<u64, u32> = PackedMap::default();
        for a in 0..100u64 {
            *map.entry((a << 32) | (a + 1), || 0) = a as u32;
        }
        assert_eq!(map.get((7 << 32) | 8), Some(7));
        assert_eq!(map.get((8 << 32) | 7), None, "a pair's order matters");
        assert_eq!(map.get(u64::MAX - 1), None);
    }
}
