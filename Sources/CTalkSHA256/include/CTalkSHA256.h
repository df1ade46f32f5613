// SHA-256 and HMAC-SHA256 for webhook signature verification.
//
// Two compression functions exist: a portable C one and, on x86-64, one built on the
// SHA extensions (SHA-NI). The fastest available one is chosen once at run time from
// CPUID. Every function below that takes an `impl` argument lets the caller force one
// of them, so tests can cover both on a machine that has SHA-NI.
//
// Nothing here allocates. HMAC keys are reduced to their inner and outer midstates once
// (`ctalk_hmac_sha256_key_init`), so each MAC costs only the message blocks plus one
// outer block.

#ifndef C_TALK_SHA256_H
#define C_TALK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Use the fastest implementation this CPU supports.
#define CTALK_SHA256_IMPL_AUTO 0
/// Use the portable C implementation.
#define CTALK_SHA256_IMPL_PORTABLE 1
/// Use the x86-64 SHA extensions (falls back to portable where they are absent).
#define CTALK_SHA256_IMPL_SHANI 2

/// The length of a SHA-256 digest and of an HMAC-SHA256 tag, in bytes.
#define CTALK_SHA256_DIGEST_LENGTH 32
/// The SHA-256 block length, in bytes.
#define CTALK_SHA256_BLOCK_LENGTH 64

/// An HMAC-SHA256 key reduced to the hash states after its inner and outer pad blocks.
///
/// These midstates are equivalent to the key itself: anyone holding them can compute
/// valid MACs. Treat the struct as secret.
typedef struct {
    uint32_t inner[8];
    uint32_t outer[8];
} ctalk_hmac_sha256_key;

/// Returns 1 if the SHA-NI path is available on this CPU, 0 otherwise.
int ctalk_sha256_hardware_available(void);

/// Resolves `CTALK_SHA256_IMPL_AUTO` (and an unavailable SHA-NI request) to the
/// implementation that will actually run: `CTALK_SHA256_IMPL_PORTABLE` or `CTALK_SHA256_IMPL_SHANI`.
int ctalk_sha256_resolve_impl(int impl);

/// Computes the SHA-256 digest of `len` bytes at `data` into `out`.
/// `data` may be NULL when `len` is 0.
void ctalk_sha256(int impl, const void *data, size_t len, uint8_t out[CTALK_SHA256_DIGEST_LENGTH]);

/// Prepares an HMAC-SHA256 key (RFC 2104): a key longer than the block size is hashed
/// first; the inner and outer pad blocks are compressed once and kept as midstates.
/// `secret` may be NULL when `len` is 0.
void ctalk_hmac_sha256_key_init(int impl, ctalk_hmac_sha256_key *key, const void *secret, size_t len);

/// Computes HMAC-SHA256 of `len` bytes at `msg` with a prepared key into `out`.
/// `msg` may be NULL when `len` is 0. Allocates nothing.
void ctalk_hmac_sha256(
    int impl,
    const ctalk_hmac_sha256_key *key,
    const void *msg,
    size_t len,
    uint8_t out[CTALK_SHA256_DIGEST_LENGTH]
);

/// Computes HMAC-SHA256 of the message under each of `count` keys and compares each tag
/// with `expected` in constant time.
///
/// Every key is always tried and every comparison always covers all 32 bytes, so the time
/// taken does not depend on which bytes or which key matched.
///
/// Returns the index of the first key whose tag equals `expected`, or -1 if none does
/// (also when `count` is 0).
long ctalk_hmac_sha256_verify(
    int impl,
    const ctalk_hmac_sha256_key *keys,
    size_t count,
    const void *msg,
    size_t len,
    const uint8_t expected[CTALK_SHA256_DIGEST_LENGTH]
);

/// Decodes the canonical Base64 form of a 32-byte tag: exactly 44 characters of the standard
/// alphabet, the last one `=`, and zero unused bits in the 43rd.
///
/// Returns 0 and fills `out` on success; returns -1 for anything else (and `out` is then
/// unspecified). Callers that need to know *why* a header is malformed classify it themselves;
/// this is only the fast path for the well-formed case.
int ctalk_base64_decode_tag(const uint8_t *text, size_t len, uint8_t out[CTALK_SHA256_DIGEST_LENGTH]);

#ifdef __cplusplus
}
#endif

#endif  // C_TALK_SHA256_H
