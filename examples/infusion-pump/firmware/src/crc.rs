// implements: SRS-017
//! CRC-32 exactly as zlib's `crc32()` computes it: IEEE 802.3 polynomial 0x04C11DB7 in
//! reflected form (0xEDB88320), initial value and final XOR 0xFFFFFFFF. The arithmetic
//! is the `crc` crate's, with its catalogue entry `CRC_32_ISO_HDLC` (the same CRC under
//! its ISO name); see its SOUP record in `dhf/soup`. The tests below hold it to zlib's
//! known answers.

use crc::{Crc, CRC_32_ISO_HDLC};

/// The CRC-32 of zlib, IEEE 802.3 and ISO HDLC. Its 1 KiB table is built at compile time
/// and is constant data, held once (a `static`, not a `const` copied into each use).
static CRC32: Crc<u32> = Crc::<u32>::new(&CRC_32_ISO_HDLC);

/// Continues a CRC-32 over `data`, like zlib's `crc32(crc, buf, len)`; start with 0.
/// Feeding a buffer in blocks gives the same result as feeding it at once.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    // A finished CRC is the shift register after the final XOR; undoing that XOR gives
    // the register, which is kept reflected. `digest_with_initial` takes an initial value
    // as the algorithm's `init` is written, unreflected, and reflects it itself.
    let mut digest = CRC32.digest_with_initial((!crc).reverse_bits());
    digest.update(data);
    digest.finalize()
}

/// The CRC-32 of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    CRC32.checksum(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    // verifies: SRS-017
    #[test]
    fn crc32_check_value_of_123456789() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    // verifies: SRS-017
    #[test]
    fn crc32_known_answers_match_zlib() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"a"), 0xE8B7_BE43);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
        assert_eq!(crc32(&[0u8; 32]), 0x190A_55AD);
    }

    // verifies: SRS-017
    #[test]
    fn crc32_in_blocks_equals_crc32_at_once() {
        let data: Vec<u8> = (0..20_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for block in [1, 7, 4096] {
            let chunked = data.chunks(block).fold(0, crc32_update);
            assert_eq!(chunked, crc32(&data), "block size {block}");
        }
    }
}
