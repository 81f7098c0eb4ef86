// implements: SRS-017
//! CRC-32 exactly as zlib's `crc32()` computes it: IEEE 802.3 polynomial 0x04C11DB7 in
//! reflected form (0xEDB88320), initial value and final XOR 0xFFFFFFFF, table-driven.

const fn make_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
}

static TABLE: [u32; 256] = make_table();

/// Continues a CRC-32 over `data`, like zlib's `crc32(crc, buf, len)`; start with 0.
/// Feeding a buffer in blocks gives the same result as feeding it at once.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c = TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

/// The CRC-32 of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    crc32_update(0, data)
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
