//! Checksums as lockfiles write them, read into an algorithm and lowercase hex.

use medtrace_soup::Ecosystem;

/// A hash algorithm both CycloneDX and SPDX 2.3 can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HashAlgorithm {
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
    /// BLAKE2b-256.
    Blake2b256,
    /// BLAKE2b-384.
    Blake2b384,
    /// BLAKE2b-512.
    Blake2b512,
    /// BLAKE3 (256-bit output).
    Blake3,
}

impl HashAlgorithm {
    const ALL: [HashAlgorithm; 12] = [
        HashAlgorithm::Md5,
        HashAlgorithm::Sha1,
        HashAlgorithm::Sha256,
        HashAlgorithm::Sha384,
        HashAlgorithm::Sha512,
        HashAlgorithm::Sha3_256,
        HashAlgorithm::Sha3_384,
        HashAlgorithm::Sha3_512,
        HashAlgorithm::Blake2b256,
        HashAlgorithm::Blake2b384,
        HashAlgorithm::Blake2b512,
        HashAlgorithm::Blake3,
    ];

    /// The prefix lockfiles write, lowercase (`sha256`, as in `sha256:…` and `sha256-…`).
    fn prefix(self) -> &'static str {
        match self {
            HashAlgorithm::Md5 => "md5",
            HashAlgorithm::Sha1 => "sha1",
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Sha384 => "sha384",
            HashAlgorithm::Sha512 => "sha512",
            HashAlgorithm::Sha3_256 => "sha3-256",
            HashAlgorithm::Sha3_384 => "sha3-384",
            HashAlgorithm::Sha3_512 => "sha3-512",
            HashAlgorithm::Blake2b256 => "blake2b-256",
            HashAlgorithm::Blake2b384 => "blake2b-384",
            HashAlgorithm::Blake2b512 => "blake2b-512",
            HashAlgorithm::Blake3 => "blake3",
        }
    }

    /// The digest length in bytes.
    fn len(self) -> usize {
        match self {
            HashAlgorithm::Md5 => 16,
            HashAlgorithm::Sha1 => 20,
            HashAlgorithm::Sha256
            | HashAlgorithm::Sha3_256
            | HashAlgorithm::Blake2b256
            | HashAlgorithm::Blake3 => 32,
            HashAlgorithm::Sha384 | HashAlgorithm::Sha3_384 | HashAlgorithm::Blake2b384 => 48,
            HashAlgorithm::Sha512 | HashAlgorithm::Sha3_512 | HashAlgorithm::Blake2b512 => 64,
        }
    }

    /// The CycloneDX `hash-alg` name (`SHA-256`).
    pub fn cyclonedx_name(self) -> &'static str {
        match self {
            HashAlgorithm::Md5 => "MD5",
            HashAlgorithm::Sha1 => "SHA-1",
            HashAlgorithm::Sha256 => "SHA-256",
            HashAlgorithm::Sha384 => "SHA-384",
            HashAlgorithm::Sha512 => "SHA-512",
            HashAlgorithm::Sha3_256 => "SHA3-256",
            HashAlgorithm::Sha3_384 => "SHA3-384",
            HashAlgorithm::Sha3_512 => "SHA3-512",
            HashAlgorithm::Blake2b256 => "BLAKE2b-256",
            HashAlgorithm::Blake2b384 => "BLAKE2b-384",
            HashAlgorithm::Blake2b512 => "BLAKE2b-512",
            HashAlgorithm::Blake3 => "BLAKE3",
        }
    }

    /// The SPDX 2.3 checksum algorithm name (`SHA256`).
    pub fn spdx_name(self) -> &'static str {
        match self {
            HashAlgorithm::Md5 => "MD5",
            HashAlgorithm::Sha1 => "SHA1",
            HashAlgorithm::Sha256 => "SHA256",
            HashAlgorithm::Sha384 => "SHA384",
            HashAlgorithm::Sha512 => "SHA512",
            // The SHA-3 and BLAKE names are spelt alike in both formats.
            other => other.cyclonedx_name(),
        }
    }
}

/// One checksum: its algorithm and its digest as lowercase hex.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Checksum {
    /// The algorithm.
    pub algorithm: HashAlgorithm,
    /// The digest, lowercase hex, as long as the algorithm's output.
    pub hex: String,
}

impl Checksum {
    /// Reads one checksum string as a lockfile writes it:
    ///
    /// - `algorithm:hex` (`sha256:…` from pip, poetry, uv, Pipfile.lock and the Cargo and
    ///   composer readers) and `algorithm=hex` (Bundler's `CHECKSUMS`, `sha256=…`);
    /// - Subresource Integrity, `algorithm-base64`, possibly several separated by spaces
    ///   (`sha512-…` in package-lock.json, yarn and pnpm), converted to hex;
    /// - bare hex where the ecosystem fixes the algorithm: 64 digits in a Cargo.lock are the
    ///   SHA-256 of the `.crate`, 40 in a composer.lock are the SHA-1 of the dist archive.
    ///
    /// Anything else gives nothing: go.sum's `h1:` is a hash over a file list, not over an
    /// archive, and Yarn Berry's `10c0/…` is a hash of Yarn's own zip; neither is a
    /// checksum of the component a consumer could verify. A digest of the wrong length or
    /// with a stray character is left out too.
    pub fn parse(text: &str, ecosystem: Ecosystem) -> Vec<Checksum> {
        let text = text.trim();
        if let Some(checksum) = Checksum::parse_hex(text) {
            return vec![checksum];
        }
        let bare = match (ecosystem, text.len()) {
            (Ecosystem::Cargo, 64) => Some(HashAlgorithm::Sha256),
            (Ecosystem::Packagist, 40) => Some(HashAlgorithm::Sha1),
            _ => None,
        };
        if let Some(algorithm) = bare {
            return hex_digest(algorithm, text).into_iter().collect();
        }
        text.split_ascii_whitespace()
            .filter_map(Checksum::parse_sri)
            .collect()
    }

    /// `algorithm:hex` or `algorithm=hex`.
    fn parse_hex(text: &str) -> Option<Checksum> {
        let (name, digest) = text.split_once(':').or_else(|| text.split_once('='))?;
        let algorithm = HashAlgorithm::ALL
            .into_iter()
            .find(|a| a.prefix().eq_ignore_ascii_case(name))?;
        hex_digest(algorithm, digest)
    }

    /// One SRI entry, `algorithm-base64[?options]`.
    fn parse_sri(entry: &str) -> Option<Checksum> {
        let entry = entry.split_once('?').map_or(entry, |(hash, _)| hash);
        let (algorithm, encoded) = HashAlgorithm::ALL.into_iter().find_map(|a| {
            let rest = strip_prefix_ignore_case(entry, a.prefix())?;
            Some((a, rest.strip_prefix('-')?))
        })?;
        let bytes = base64_decode(encoded)?;
        if bytes.len() != algorithm.len() {
            return None;
        }
        let hex = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Some(Checksum { algorithm, hex })
    }
}

/// A hex digest of the right length, lowercased.
fn hex_digest(algorithm: HashAlgorithm, digest: &str) -> Option<Checksum> {
    let ok = digest.len() == 2 * algorithm.len() && digest.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| Checksum {
        algorithm,
        hex: digest.to_ascii_lowercase(),
    })
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Standard base64 (RFC 4648 §4, the alphabet SRI uses), padding optional. `None` on any
/// character outside the alphabet, a length no encoder writes, or non-zero trailing bits.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let data = text.trim_end_matches('=');
    let padding = text.len() - data.len();
    if padding > 2 || (padding > 0 && !text.len().is_multiple_of(4)) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in data.bytes() {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            // Masked to the low 8 bits by the cast; the bits below stay in `acc`.
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Six bits left over is a length of 4n+1, which no encoder writes.
    (bits < 6 && acc == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn base64_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg==", "foob"),
            ("Zm9vYmE=", "fooba"),
            ("Zm9vYmFy", "foobar"),
            ("Zm9vYmE", "fooba"),
        ];
        for (encoded, decoded) in cases {
            assert_eq!(
                base64_decode(encoded).as_deref(),
                Some(decoded.as_bytes()),
                "{encoded}"
            );
        }
        for bad in ["Z", "Zh==", "Zm9v=", "Zm=9", "Zm9v*A==", "Zg==="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }
}
