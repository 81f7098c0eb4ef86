//! SSHSIG signatures of a release bundle's manifest, as `ssh-keygen -Y sign` writes them
//! and `ssh-keygen -Y verify` reads them, made and checked in process with `ssh-key`.
//!
//! Only ed25519 keys sign: their signatures are deterministic, so the same manifest and key
//! always give the same `SHA256SUMS.sig` and a signed bundle stays reproducible.

use anyhow::{Context, Result, bail};
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

/// The SSHSIG namespace of release manifests (`ssh-keygen -Y verify -n medtrace-release`).
pub const NAMESPACE: &str = "medtrace-release";

// implements: SRS-066
/// Signs `message` with the OpenSSH ed25519 private key in `key_text`; returns the
/// armoured signature and the public key in OpenSSH form.
pub fn sign(key_text: &str, message: &[u8]) -> Result<(String, String)> {
    let key = PrivateKey::from_openssh(key_text).context(
        "the signing key is not an OpenSSH private key (`ssh-keygen -t ed25519` writes one)",
    )?;
    if key.is_encrypted() {
        bail!(
            "the signing key is protected by a passphrase, which medtrace does not ask for: use a key without one for release signing, or sign SHA256SUMS with `ssh-keygen -Y sign -n {NAMESPACE}`"
        );
    }
    if key.algorithm() != Algorithm::Ed25519 {
        bail!(
            "the signing key is {}, not ed25519: only ed25519 signatures are deterministic, which keeps the bundle reproducible",
            key.algorithm()
        );
    }
    // ssh-keygen signs with SHA-512 by default; the same here.
    let signature = key
        .sign(NAMESPACE, HashAlg::Sha512, message)
        .context("cannot sign the manifest")?;
    let armoured = signature
        .to_pem(LineEnding::LF)
        .context("cannot encode the signature")?;
    let public = key
        .public_key()
        .to_openssh()
        .context("cannot encode the public key")?;
    Ok((armoured, public))
}

/// The line of an `allowed_signers` file that lets `identity` sign releases with `public`.
pub fn allowed_signers_line(identity: &str, public: &str) -> String {
    format!("{identity} namespaces=\"{NAMESPACE}\" {public}")
}

/// A key `allowed_signers` lists, with the principals it is listed for.
struct AllowedKey {
    principals: Vec<String>,
    namespaces: Option<Vec<String>>,
    key: PublicKey,
}

/// Reads an `allowed_signers` file (ssh-keygen(1), "ALLOWED SIGNERS"): per line the
/// principals, options, and the public key. Lines it cannot read are skipped, as
/// ssh-keygen does with `cert-authority` and expiry options it would honour.
fn allowed_keys(text: &str) -> Vec<AllowedKey> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((principals, rest)) = line.split_once(char::is_whitespace) else {
            continue;
        };
        let rest = rest.trim_start();
        // The options come before the key type, e.g. namespaces="a,b" cert-authority.
        let key_start = rest
            .match_indices(|c: char| c.is_ascii_alphabetic())
            .map(|(i, _)| i)
            .find(|&i| {
                (i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace())
                    && PublicKey::from_openssh(&rest[i..]).is_ok()
            });
        let Some(key_start) = key_start else { continue };
        let Ok(key) = PublicKey::from_openssh(&rest[key_start..]) else {
            continue;
        };
        let options = &rest[..key_start];
        let namespaces = options
            .split(',')
            .chain(options.split_whitespace())
            .find_map(|o| o.trim().strip_prefix("namespaces="))
            .map(|v| {
                v.trim_matches('"')
                    .split(',')
                    .map(|n| n.trim().to_string())
                    .collect()
            });
        out.push(AllowedKey {
            principals: principals.split(',').map(str::to_string).collect(),
            namespaces,
            key,
        });
    }
    out
}

/// Whether `pattern` (a principal in `allowed_signers`, with `*` and `?`) matches `name`.
fn principal_matches(pattern: &str, name: &str) -> bool {
    fn matches(p: &[u8], n: &[u8]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some(b'*'), _) => matches(&p[1..], n) || (!n.is_empty() && matches(p, &n[1..])),
            (Some(b'?'), Some(_)) => matches(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => matches(&p[1..], &n[1..]),
            _ => false,
        }
    }
    matches(pattern.as_bytes(), name.as_bytes())
}

/// Verifies the armoured SSHSIG `signature` of `message`. With `allowed` (the text of an
/// `allowed_signers` file) and `identity`, the signing key must be listed for the
/// identity and the namespace; without them, the signature need only be valid for the key
/// it names. Returns the signing key's SHA-256 fingerprint.
pub fn verify(signature: &str, message: &[u8], allowed: Option<(&str, &str)>) -> Result<String> {
    let signature =
        SshSig::from_pem(signature).context("SHA256SUMS.sig is not an SSH signature")?;
    if signature.namespace() != NAMESPACE {
        bail!(
            "SHA256SUMS.sig is signed for the namespace `{}`, not `{NAMESPACE}`",
            signature.namespace()
        );
    }
    let signer = PublicKey::from(signature.public_key().clone());
    let fingerprint = signer.fingerprint(HashAlg::Sha256).to_string();
    if let Some((allowed, identity)) = allowed {
        let listed = allowed_keys(allowed).into_iter().any(|entry| {
            entry.key.key_data() == signer.key_data()
                && entry
                    .principals
                    .iter()
                    .any(|p| principal_matches(p, identity))
                && entry
                    .namespaces
                    .as_ref()
                    .is_none_or(|ns| ns.iter().any(|n| principal_matches(n, NAMESPACE)))
        });
        if !listed {
            bail!(
                "the signing key {fingerprint} is not listed for `{identity}` and the namespace `{NAMESPACE}` in the allowed signers"
            );
        }
    }
    signer
        .verify(NAMESPACE, message, &signature)
        .map_err(|e| anyhow::anyhow!("the signature does not match SHA256SUMS ({e})"))?;
    Ok(fingerprint)
}

#[cfg(test)]
mod tests {
    use super::principal_matches;

    #[test]
    fn principals_match_with_wildcards() {
        assert!(principal_matches("qa@example.com", "qa@example.com"));
        assert!(principal_matches("*@example.com", "qa@example.com"));
        assert!(principal_matches("q?@example.com", "qa@example.com"));
        assert!(!principal_matches("qa@example.com", "qb@example.com"));
        assert!(!principal_matches("*@example.org", "qa@example.com"));
    }
}
