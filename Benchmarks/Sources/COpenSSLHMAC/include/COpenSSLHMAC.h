// Baselines on the system OpenSSL (libcrypto) for the signature benchmarks: the same job as
// WebhookSignatureVerifier.verify (Base64-decode the header, HMAC-SHA256 the body, compare in
// constant time), done the way a C server would do it with OpenSSL.

#ifndef C_OPENSSL_HMAC_H
#define C_OPENSSL_HMAC_H

#include <stddef.h>

typedef struct copenssl_hmac_verifier copenssl_hmac_verifier;

/// An HMAC_CTX with the key set once; each verification re-initialises it with a NULL key,
/// which reuses the precomputed inner and outer pad states. NULL on failure.
copenssl_hmac_verifier *copenssl_hmac_verifier_create(const void *key, size_t key_len);
void copenssl_hmac_verifier_destroy(copenssl_hmac_verifier *verifier);

/// 1 if `signature` (Base64, 44 characters) is the HMAC-SHA256 of the body under the
/// verifier's key, 0 otherwise.
int copenssl_hmac_verify_reused(
    copenssl_hmac_verifier *verifier,
    const void *body,
    size_t body_len,
    const char *signature,
    size_t signature_len
);

/// The same with OpenSSL's one-shot HMAC(), which sets the key up on every call.
int copenssl_hmac_verify_oneshot(
    const void *key,
    size_t key_len,
    const void *body,
    size_t body_len,
    const char *signature,
    size_t signature_len
);

/// The HMAC key reduced to two SHA256_CTX midstates (after the inner and the outer pad block),
/// the scheme WebhookSignatureVerifier uses, on OpenSSL's SHA-256. NULL on failure.
typedef struct copenssl_midstate_verifier copenssl_midstate_verifier;
copenssl_midstate_verifier *copenssl_midstate_verifier_create(const void *key, size_t key_len);
void copenssl_midstate_verifier_destroy(copenssl_midstate_verifier *verifier);

/// 1 if `signature` is the HMAC-SHA256 of the body: each call copies both midstates, hashes
/// the body and the inner digest, and compares with CRYPTO_memcmp. 0 otherwise.
int copenssl_midstate_verify(
    const copenssl_midstate_verifier *verifier,
    const void *body,
    size_t body_len,
    const char *signature,
    size_t signature_len
);

/// SHA-256 of the body alone: the hashing limit for any verifier.
void copenssl_sha256(const void *body, size_t body_len, unsigned char out[32]);

/// The OpenSSL version string, for the report.
const char *copenssl_version(void);

#endif
