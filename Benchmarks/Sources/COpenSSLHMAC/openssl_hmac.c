// HMAC_CTX is deprecated in OpenSSL 3 in favour of EVP_MAC, but it is still what most C
// servers use and it is the "reused key context" figure the performance targets quote.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "COpenSSLHMAC.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

struct copenssl_hmac_verifier {
    HMAC_CTX *ctx;
};

copenssl_hmac_verifier *copenssl_hmac_verifier_create(const void *key, size_t key_len) {
    copenssl_hmac_verifier *verifier = calloc(1, sizeof *verifier);
    if (verifier == NULL) {
        return NULL;
    }
    verifier->ctx = HMAC_CTX_new();
    if (verifier->ctx == NULL || !HMAC_Init_ex(verifier->ctx, key, (int)key_len, EVP_sha256(), NULL)) {
        copenssl_hmac_verifier_destroy(verifier);
        return NULL;
    }
    return verifier;
}

void copenssl_hmac_verifier_destroy(copenssl_hmac_verifier *verifier) {
    if (verifier != NULL) {
        HMAC_CTX_free(verifier->ctx);
        free(verifier);
    }
}

// Decodes a 44-character header into 32 bytes; 0 if it is not that.
static int decode_signature(const char *signature, size_t signature_len, unsigned char mac[32]) {
    unsigned char decoded[36];
    if (signature_len != 44 || signature[43] != '=' || signature[42] == '=') {
        return 0;
    }
    // EVP_DecodeBlock decodes whole quanta and counts padding as zero bytes: 44 in, 33 out.
    if (EVP_DecodeBlock(decoded, (const unsigned char *)signature, 44) != 33) {
        return 0;
    }
    for (int i = 0; i < 32; i++) {
        mac[i] = decoded[i];
    }
    return 1;
}

int copenssl_hmac_verify_reused(
    copenssl_hmac_verifier *verifier,
    const void *body,
    size_t body_len,
    const char *signature,
    size_t signature_len
) {
    unsigned char expected[32];
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    if (!decode_signature(signature, signature_len, expected)) {
        return 0;
    }
    if (!HMAC_Init_ex(verifier->ctx, NULL, 0, NULL, NULL) || !HMAC_Update(verifier->ctx, body, body_len)
        || !HMAC_Final(verifier->ctx, mac, &mac_len) || mac_len != 32) {
        return 0;
    }
    return CRYPTO_memcmp(mac, expected, 32) == 0;
}

int copenssl_hmac_verify_oneshot(
    const void *key,
    size_t key_len,
    const void *body,
    size_t body_len,
    const char *signature,
    size_t signature_len
) {
    unsigned char expected[32];
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    if (!decode_signature(signature, signature_len, expected)) {
        return 0;
    }
    if (HMAC(EVP_sha256(), key, (int)key_len, body, body_len, mac, &mac_len) == NULL || mac_len != 32) {
        return 0;
    }
    return CRYPTO_memcmp(mac, expected, 32) == 0;
}

void copenssl_sha256(const void *body, size_t body_len, unsigned char out[32]) {
    SHA256(body, body_len, out);
}

const char *copenssl_version(void) {
    return OpenSSL_version(OPENSSL_VERSION);
}

// MARK: - Midstates on OpenSSL's SHA-256

// The scheme WebhookSignatureVerifier uses, on OpenSSL's SHA-256 instead of CTalkSHA256: the
// SHA256_CTX after the key's inner and outer pad blocks is kept per secret, and each MAC
// copies it, hashes the body (inner) and the inner digest (outer).
struct copenssl_midstate_verifier {
    SHA256_CTX inner;
    SHA256_CTX outer;
};

copenssl_midstate_verifier *copenssl_midstate_verifier_create(const void *key, size_t key_len) {
    copenssl_midstate_verifier *verifier = calloc(1, sizeof *verifier);
    if (verifier == NULL) {
        return NULL;
    }
    unsigned char block[SHA256_CBLOCK] = {0};
    if (key_len > SHA256_CBLOCK) {
        SHA256(key, key_len, block);
    } else if (key_len > 0) {
        memcpy(block, key, key_len);
    }
    unsigned char pad[SHA256_CBLOCK];
    for (size_t i = 0; i < SHA256_CBLOCK; i++) {
        pad[i] = block[i] ^ 0x36;
    }
    SHA256_Init(&verifier->inner);
    SHA256_Update(&verifier->inner, pad, sizeof pad);
    for (size_t i = 0; i < SHA256_CBLOCK; i++) {
        pad[i] = block[i] ^ 0x5c;
    }
    SHA256_Init(&verifier->outer);
    SHA256_Update(&verifier->outer, pad, sizeof pad);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
    return verifier;
}

void copenssl_midstate_verifier_destroy(copenssl_midstate_verifier *verifier) {
    if (verifier != NULL) {
        OPENSSL_cleanse(verifier, sizeof *verifier);
        free(verifier);
    }
}

int copenssl_midstate_verify(
    const copenssl_midstate_verifier *verifier,
    const void *body,
    size_t body_len,
    const char *signature,
    size_t signature_len
) {
    unsigned char expected[32];
    unsigned char mac[SHA256_DIGEST_LENGTH];
    if (!decode_signature(signature, signature_len, expected)) {
        return 0;
    }
    SHA256_CTX ctx = verifier->inner;
    SHA256_Update(&ctx, body, body_len);
    SHA256_Final(mac, &ctx);
    ctx = verifier->outer;
    SHA256_Update(&ctx, mac, sizeof mac);
    SHA256_Final(mac, &ctx);
    return CRYPTO_memcmp(mac, expected, 32) == 0;
}
