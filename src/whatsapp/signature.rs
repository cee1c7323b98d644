//! `X-Hub-Signature-256`: HMAC-SHA256 of the raw request body keyed with the app secret.
//!
//! Meta signs the bytes exactly as sent (non-ASCII escaped as `\uXXXX`), so the digest must be
//! computed over the raw body before any parsing; re-serializing parsed JSON gives a different
//! digest. The comparison is constant time (`Mac::verify_slice`).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

const PREFIX: &str = "sha256=";

/// Why a delivery's signature was refused. The handler answers 401 for all of them; the
/// variants exist so the log says which mistake it was (a missing header usually means a
/// misconfigured proxy, a mismatch a wrong app secret or a forged request).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The request carried no signature header at all.
    #[error("no X-Hub-Signature-256 header")]
    MissingHeader,
    /// The header is not of the form `sha256=…`.
    #[error("X-Hub-Signature-256 does not start with 'sha256='")]
    MissingPrefix,
    /// The digest is not 64 hex digits.
    #[error("X-Hub-Signature-256 is not 64 hex digits")]
    BadHex,
    /// A well-formed digest of some other body or key.
    #[error("X-Hub-Signature-256 does not match the body")]
    Mismatch,
}

fn mac(secret: &[u8]) -> HmacSha256 {
    match HmacSha256::new_from_slice(secret) {
        Ok(mac) => mac,
        // HMAC hashes over-long keys and pads short ones: every length is accepted.
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    }
}

/// The header value Meta would send for `body`: `sha256=<lowercase hex>`. Used by tests, the
/// demo's simulated customers and anything else that plays Meta's part.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = mac(secret);
    mac.update(body);
    format!("{PREFIX}{}", hex::encode(mac.finalize().into_bytes()))
}

/// Check `header` (the value of `X-Hub-Signature-256`, if any) against the raw `body`.
/// Accepts upper- or lowercase hex; compares the decoded digest in constant time.
/// The unit tests' shorthand for [`Key::verify`], which the webhook uses.
#[cfg(test)]
pub fn verify(secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    Key::new(secret).verify(body, header)
}

/// The app secret keyed into HMAC once: the key schedule (the secret hashed into the inner
/// and outer pads) is done here, and each delivery continues from a copy of that state
/// instead of setting it up again.
#[derive(Clone)]
pub struct Key(HmacSha256);

impl Key {
    pub fn new(secret: &[u8]) -> Key {
        Key(mac(secret))
    }

    /// [`verify`] with this key.
    pub fn verify(&self, body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
        let header = header.ok_or(SignatureError::MissingHeader)?.trim();
        let hex_digest = header
            .strip_prefix(PREFIX)
            .ok_or(SignatureError::MissingPrefix)?;
        let mut digest = [0u8; 32];
        hex::decode_to_slice(hex_digest, &mut digest).map_err(|_| SignatureError::BadHex)?;
        let mut mac = self.0.clone();
        mac.update(body);
        mac.verify_slice(&digest)
            .map_err(|_| SignatureError::Mismatch)
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatsapp::testdata;

    const BODY_FILE: &str = "signature_raw_body_escaped_unicode.json";

    fn secret() -> Vec<u8> {
        let v = testdata::json("signature_vectors.json");
        v["app_secret"]
            .as_str()
            .expect("app_secret")
            .as_bytes()
            .to_vec()
    }

    fn cases() -> Vec<serde_json::Value> {
        let v = testdata::json("signature_vectors.json");
        v["cases"].as_array().expect("cases").clone()
    }

    #[test]
    fn body_file_is_byte_exact() {
        let body = testdata::bytes(BODY_FILE);
        let case = &cases()[0];
        assert_eq!(
            body.len() as u64,
            case["body_length_bytes"].as_u64().expect("len")
        );
        let sha = hex::encode(<Sha256 as sha2::Digest>::digest(&body));
        assert_eq!(
            sha,
            case["body_sha256_of_file_bytes"].as_str().expect("sha")
        );
    }

    #[test]
    fn every_vector_with_a_body_file_gives_the_expected_verdict() {
        let secret = secret();
        let mut checked = 0;
        for case in cases() {
            let Some(file) = case["body_file"].as_str() else {
                continue;
            };
            let body = testdata::bytes(file);
            let header = case["header_value"].as_str().expect("header_value");
            let expected = case["expected_valid"].as_bool().expect("expected_valid");
            assert_eq!(
                verify(&secret, &body, Some(header)).is_ok(),
                expected,
                "{case}"
            );
            checked += 1;
        }
        assert_eq!(checked, 3);
    }

    #[test]
    fn sign_reproduces_the_genuine_header() {
        let body = testdata::bytes(BODY_FILE);
        let genuine = cases()[0]["header_value"]
            .as_str()
            .expect("header")
            .to_string();
        assert_eq!(sign(&secret(), &body), genuine);
    }

    #[test]
    fn reserialized_body_has_a_different_digest_and_fails_the_genuine_header() {
        let secret = secret();
        let raw = testdata::bytes(BODY_FILE);
        let reserialized = unescape_strings(std::str::from_utf8(&raw).expect("utf8")).into_bytes();
        assert_ne!(
            reserialized, raw,
            "serde_json writes raw UTF-8, Meta escapes"
        );
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&reserialized).expect("json"),
            serde_json::from_slice::<serde_json::Value>(&raw).expect("json"),
            "same JSON, different bytes"
        );
        let case = &cases()[1];
        let wrong = case["header_value_for_reserialized_bytes"]
            .as_str()
            .expect("header");
        assert_eq!(sign(&secret, &reserialized), wrong);
        let genuine = cases()[0]["header_value"]
            .as_str()
            .expect("header")
            .to_string();
        let verdict = verify(&secret, &reserialized, Some(&genuine)).is_ok();
        assert_eq!(
            verdict,
            case["expected_valid_against_original_header"]
                .as_bool()
                .expect("b")
        );
        assert_eq!(
            verify(&secret, &reserialized, Some(&genuine)),
            Err(SignatureError::Mismatch)
        );
    }

    /// What a parse-and-reserialize verifier hashes: every string literal decoded and written
    /// back as raw UTF-8, keys kept in their order.
    fn unescape_strings(raw: &str) -> String {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(start) = rest.find('"') {
            out.push_str(&rest[..start]);
            let lit = &rest[start..];
            let mut escaped = false;
            let end = lit[1..]
                .char_indices()
                .find(|&(_, c)| {
                    let close = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    close
                })
                .map(|(i, _)| i + 2)
                .expect("closed string");
            let s: String = serde_json::from_str(&lit[..end]).expect("string literal");
            out.push_str(&serde_json::to_string(&s).expect("encode"));
            rest = &lit[end..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn each_failure_has_its_own_error() {
        let secret = secret();
        let body = testdata::bytes(BODY_FILE);
        let good = sign(&secret, &body);
        assert_eq!(
            verify(&secret, &body, None),
            Err(SignatureError::MissingHeader)
        );
        let bare = good.trim_start_matches("sha256=");
        assert_eq!(
            verify(&secret, &body, Some(bare)),
            Err(SignatureError::MissingPrefix)
        );
        assert_eq!(
            verify(&secret, &body, Some("sha1=abcd")),
            Err(SignatureError::MissingPrefix)
        );
        assert_eq!(
            verify(&secret, &body, Some("sha256=abcd")),
            Err(SignatureError::BadHex)
        );
        let not_hex = format!("sha256={}", "zz".repeat(32));
        assert_eq!(
            verify(&secret, &body, Some(&not_hex)),
            Err(SignatureError::BadHex)
        );
        let too_long = format!("{good}00");
        assert_eq!(
            verify(&secret, &body, Some(&too_long)),
            Err(SignatureError::BadHex)
        );
        assert_eq!(
            verify(b"other secret", &body, Some(&good)),
            Err(SignatureError::Mismatch)
        );
        let mut tampered = body.clone();
        tampered[10] ^= 1;
        assert_eq!(
            verify(&secret, &tampered, Some(&good)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn uppercase_hex_and_surrounding_space_are_accepted() {
        let secret = secret();
        let body = testdata::bytes(BODY_FILE);
        let good = sign(&secret, &body);
        let upper = format!(
            " sha256={} ",
            good.trim_start_matches("sha256=").to_uppercase()
        );
        assert_eq!(verify(&secret, &body, Some(&upper)), Ok(()));
    }

    /// One keyed state serves every delivery: each check starts again from the keyed
    /// state, so a refused body leaves nothing behind for the next one.
    #[test]
    fn a_key_made_once_gives_the_same_verdicts_as_the_secret_each_time() {
        let secret = secret();
        let key = Key::new(&secret);
        let body = testdata::bytes(BODY_FILE);
        let good = sign(&secret, &body);
        let mut tampered = body.clone();
        tampered[10] ^= 1;
        for _ in 0..3 {
            assert_eq!(key.verify(&body, Some(&good)), Ok(()));
            assert_eq!(
                key.verify(&tampered, Some(&good)),
                Err(SignatureError::Mismatch)
            );
            assert_eq!(
                key.verify(&body, Some("sha256=abcd")),
                Err(SignatureError::BadHex)
            );
            assert_eq!(key.verify(&body, None), Err(SignatureError::MissingHeader));
        }
        let other = Key::new(b"other secret");
        assert_eq!(
            other.verify(&body, Some(&good)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn empty_body_and_empty_secret_still_sign_and_verify() {
        let sig = sign(b"", b"");
        assert_eq!(sig.len(), 7 + 64);
        assert_eq!(verify(b"", b"", Some(&sig)), Ok(()));
        assert_eq!(verify(b"x", b"", Some(&sig)), Err(SignatureError::Mismatch));
    }
}
