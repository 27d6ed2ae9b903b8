//! The little-endian building blocks of the model files the binary embeds and
//! `papers train` writes: counts, floats and length-prefixed strings, and a reader
//! that refuses a file cut short instead of reading past its end.

/// Why a file could not be read: what was wrong, in a few words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

impl From<&str> for Malformed {
    fn from(what: &str) -> Malformed {
        Malformed(what.to_string())
    }
}

pub fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend(n.to_le_bytes());
}

pub fn put_f32(out: &mut Vec<u8>, x: f32) {
    out.extend(x.to_le_bytes());
}

pub fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend(n.to_le_bytes());
}

/// A string of at most 65,535 bytes, after its length; longer ones are cut.
pub fn put_str(out: &mut Vec<u8>, text: &str) {
    let mut end = text.len().min(usize::from(u16::MAX));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    out.extend((end as u16).to_le_bytes());
    out.extend(&text.as_bytes()[..end]);
}

/// Reads a file's bytes in order.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Reads the file's first line, which says what it is: `magic`, or an error.
    pub fn header(&mut self, magic: &[u8]) -> Result<(), Malformed> {
        match self.take(magic.len()) {
            Ok(found) if found == magic => Ok(()),
            _ => Err(Malformed::from("wrong header")),
        }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Malformed> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| Malformed::from("cut short"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    pub fn u8(&mut self) -> Result<u8, Malformed> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32, Malformed> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self) -> Result<u64, Malformed> {
        Ok(u64::from(self.u32()?) | (u64::from(self.u32()?) << 32))
    }

    pub fn f32(&mut self) -> Result<f32, Malformed> {
        Ok(f32::from_bits(self.u32()?))
    }

    /// A float that must be finite.
    pub fn finite(&mut self) -> Result<f32, Malformed> {
        Some(self.f32()?).filter(|x| x.is_finite()).ok_or_else(|| Malformed::from("a number is not finite"))
    }

    /// A count of items of at least `item_bytes` each, refused when the rest of the
    /// file could not hold that many (so that a damaged count allocates nothing).
    pub fn count(&mut self, item_bytes: usize) -> Result<usize, Malformed> {
        let n = self.u32()? as usize;
        match n.checked_mul(item_bytes.max(1)).is_some_and(|size| size <= self.bytes.len() - self.at) {
            true => Ok(n),
            false => Err(Malformed(format!("a count of {n} is more than the file holds"))),
        }
    }

    pub fn string(&mut self) -> Result<String, Malformed> {
        let b = self.take(2)?;
        let len = usize::from(u16::from_le_bytes([b[0], b[1]]));
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| Malformed::from("a name is not UTF-8"))
    }

    /// Whether every byte was read.
    pub fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// FNV-1a, 64 bits: a hash that never changes between builds, platforms or crate
/// versions, for keys a file stores. Fed in pieces, it hashes their concatenation.
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    }
}

/// [`Fnv`] of `bytes`.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash = Fnv::default();
    hash.write(bytes);
    hash.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_and_a_cut_file_is_refused() {
        let mut out = Vec::new();
        put_u32(&mut out, 7);
        put_f32(&mut out, 1.5);
        put_u64(&mut out, u64::MAX - 3);
        put_str(&mut out, "Zoë");
        let mut input = Reader::new(&out);
        assert_eq!(input.u32(), Ok(7));
        assert_eq!(input.finite(), Ok(1.5));
        assert_eq!(input.u64(), Ok(u64::MAX - 3));
        assert_eq!(input.string().as_deref(), Ok("Zoë"));
        assert!(input.at_end());
        assert!(Reader::new(&out[..out.len() - 1]).take(out.len()).is_err());
        let mut huge = Vec::new();
        put_u32(&mut huge, u32::MAX);
        assert!(Reader::new(&huge).count(4).is_err(), "a count the file cannot hold is refused");
    }

    #[test]
    fn the_stable_hash_is_fnv_1a() {
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_long_string_is_cut_on_a_character_boundary() {
        let long = "é".repeat(40_000);
        let mut out = Vec::new();
        put_str(&mut out, &long);
        let read = Reader::new(&out).string().expect("valid UTF-8");
        assert!(read.len() <= usize::from(u16::MAX) && long.starts_with(&read));
    }
}
