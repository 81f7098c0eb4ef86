// implements: SWI-007
//! The library integrity checker: whether the stored library image and each entry are
//! still intact (`SRS-017`) and whether an offered library may replace the installed one
//! (the version rule of `SRS-018`). It returns a result and never retries or raises the
//! alarm itself; the caller decides.
//!
//! The ECDSA signature check of `SRS-018` runs on the target with mbedtls (`SOUP-003`)
//! and is not part of this crate.

use crate::crc::{crc32, crc32_update};
use crate::library::DrugEntry;

/// Size of one library slot in the external flash.
pub const SLOT_BYTES: usize = 512 * 1024;
/// The largest library file accepted for import.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;
/// The image CRC is computed in blocks of this size, yielding between blocks.
pub const BLOCK_BYTES: usize = 4096;

/// The result codes of the checker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibResult {
    /// Intact, or acceptable.
    Ok,
    /// A CRC does not match (or the image is too short to hold one).
    BadCrc,
    /// The offered library's version is not higher than the installed one.
    OldVersion,
    /// The image or file is larger than allowed.
    TooLarge,
}

/// Recomputes the CRC-32 of a stored image in 4 KiB blocks and compares it with the CRC
/// stored in its last four bytes.
// implements: SRS-017, RCM-002
pub fn lib_check_image(image: &[u8]) -> LibResult {
    if image.len() > SLOT_BYTES {
        return LibResult::TooLarge;
    }
    let Some(split) = image.len().checked_sub(4) else {
        return LibResult::BadCrc;
    };
    let (body, stored) = image.split_at(split);
    let crc = body.chunks(BLOCK_BYTES).fold(0, crc32_update);
    if crc.to_le_bytes() == stored {
        LibResult::Ok
    } else {
        LibResult::BadCrc
    }
}

/// Recomputes one entry's CRC-32; done every time an entry is read for programming.
// implements: SRS-017, RCM-002
pub fn lib_check_entry(entry: &DrugEntry) -> LibResult {
    if crc32(&entry.bytes()) == entry.crc {
        LibResult::Ok
    } else {
        LibResult::BadCrc
    }
}

/// The import rules that do not need the signature: the file size and a version
/// strictly higher than the installed one.
// implements: SRS-018, RCM-002
pub fn lib_check_import(
    installed_version: u32,
    offered_version: u32,
    file_len: usize,
) -> LibResult {
    if file_len > MAX_IMPORT_BYTES {
        LibResult::TooLarge
    } else if offered_version <= installed_version {
        LibResult::OldVersion
    } else {
        LibResult::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::fixtures;

    // verifies: SRS-017, RCM-002
    #[test]
    fn intact_image_passes_the_image_check() {
        let image = fixtures::library().image();
        assert_eq!(lib_check_image(&image), LibResult::Ok);
    }

    // verifies: SRS-017, RCM-002
    #[test]
    fn every_single_bit_flip_in_the_image_is_detected() {
        let image = fixtures::library().image();
        for bit in 0..image.len() * 8 {
            let mut flipped = image.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(lib_check_image(&flipped), LibResult::BadCrc, "bit {bit}");
        }
    }

    // verifies: SRS-017
    #[test]
    fn truncated_empty_and_oversized_images_fail() {
        let image = fixtures::library().image();
        assert_eq!(
            lib_check_image(&image[..image.len() - 1]),
            LibResult::BadCrc
        );
        assert_eq!(lib_check_image(&[]), LibResult::BadCrc);
        assert_eq!(lib_check_image(&[0, 0, 0]), LibResult::BadCrc);
        assert_eq!(
            lib_check_image(&vec![0; SLOT_BYTES + 1]),
            LibResult::TooLarge
        );
        // a large image is checked block by block with the same result as one pass
        let mut big = vec![0x5Au8; 3 * BLOCK_BYTES + 17];
        let crc = crc32(&big);
        big.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(lib_check_image(&big), LibResult::Ok);
    }

    // verifies: SRS-017, RCM-002
    #[test]
    fn changed_entry_fails_its_entry_check() {
        let lib = fixtures::library();
        let mut entry = lib.entries[0].clone();
        assert_eq!(lib_check_entry(&entry), LibResult::Ok);
        entry.hard_max = fixtures::fx("350");
        assert_eq!(lib_check_entry(&entry), LibResult::BadCrc);
        let mut entry = lib.entries[0].clone();
        entry.crc ^= 0x8000_0000;
        assert_eq!(lib_check_entry(&entry), LibResult::BadCrc);
    }

    // verifies: SRS-018
    #[test]
    fn only_a_higher_version_within_the_size_limit_is_imported() {
        assert_eq!(lib_check_import(47, 48, 1_000), LibResult::Ok);
        assert_eq!(lib_check_import(47, 47, 1_000), LibResult::OldVersion);
        assert_eq!(lib_check_import(47, 12, 1_000), LibResult::OldVersion);
        assert_eq!(lib_check_import(47, 48, MAX_IMPORT_BYTES), LibResult::Ok);
        assert_eq!(
            lib_check_import(47, 48, MAX_IMPORT_BYTES + 1),
            LibResult::TooLarge
        );
    }
}
