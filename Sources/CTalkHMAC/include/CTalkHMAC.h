// HMAC-SHA256 for webhook signature verification, on the platform's SHA-256: OpenSSL's
// libcrypto on Linux, CommonCrypto on Apple platforms.
//
// An HMAC key is reduced once to the SHA-256 states after its inner and outer pad blocks
// (`ctalk_hmac_sha256_key_init`); each MAC copies those midstates and hashes only the message
// and the inner digest. Nothing here allocates.

#ifndef C_TALK_HMAC_H
#define C_TALK_HMAC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The length of an HMAC-SHA256 tag, in bytes.
#define CTALK_HMAC_SHA256_LENGTH 32

/// An HMAC-SHA256 key reduced to two SHA-256 contexts, after its inner and after its outer pad block.
///
/// The bytes are the hash library's own context structures (`SHA256_CTX` or `CC_SHA256_CTX`),
/// kept opaque here so that this header does not include the library's. They hold no pointers, so
/// the struct may be copied and moved freely. The midstates are equivalent to the key itself:
/// anyone holding them can compute valid MACs. Treat the struct as secret.
typedef struct {
    uint64_t storage[32];
} ctalk_hmac_sha256_key;

/// Prepares an HMAC-SHA256 key (RFC 2104): a key longer than the 64-byte block is hashed
/// first; the inner and outer pad blocks are hashed once and kept as midstates.
/// `secret` may be NULL when `len` is 0.
void ctalk_hmac_sha256_key_init(ctalk_hmac_sha256_key *key, const void *secret, size_t len);

/// Computes HMAC-SHA256 of `len` bytes at `msg` with a prepared key into `out`.
/// `msg` may be NULL when `len` is 0.
void ctalk_hmac_sha256(
    const ctalk_hmac_sha256_key *key,
    const void *msg,
    size_t len,
    uint8_t out[CTALK_HMAC_SHA256_LENGTH]
);

/// Computes HMAC-SHA256 of the message under each of `count` keys and compares each tag
/// with `expected` in constant time.
///
/// Every key is always tried, every comparison covers all 32 bytes, and which key matched is
/// selected with masks, not branches, so the time taken does not depend on which bytes or
/// which key matched.
///
/// Returns the index of the first key whose tag equals `expected`, or -1 if none does
/// (also when `count` is 0).
long ctalk_hmac_sha256_verify(
    const ctalk_hmac_sha256_key *keys,
    size_t count,
    const void *msg,
    size_t len,
    const uint8_t expected[CTALK_HMAC_SHA256_LENGTH]
);

/// Records the outcome of comparing one key's tag with the expected one, without branching on it.
///
/// `*unmatched` is all ones until a key matches and zero after; `*found` receives `index` for the
/// first key whose tag equals `expected` and is unchanged otherwise. Exposed for the tests; the
/// verifier calls it once per key.
void ctalk_hmac_sha256_select(
    const uint8_t tag[CTALK_HMAC_SHA256_LENGTH],
    const uint8_t expected[CTALK_HMAC_SHA256_LENGTH],
    uint64_t index,
    uint64_t *found,
    uint64_t *unmatched
);

/// Decodes the canonical Base64 form of a 32-byte tag: exactly 44 characters of the standard
/// alphabet, the last one `=`, and zero unused bits in the 43rd.
///
/// Returns 0 and fills `out` on success; returns -1 for anything else (and `out` is then
/// unspecified). Callers that need to know *why* a header is malformed classify it themselves;
/// this is only the fast path for the well-formed case.
int ctalk_base64_decode_tag(const uint8_t *text, size_t len, uint8_t out[CTALK_HMAC_SHA256_LENGTH]);

#ifdef __cplusplus
}
#endif

#endif  // C_TALK_HMAC_H
