// HMAC-SHA256 (RFC 2104) on precomputed midstates, the constant-time tag comparison, and the
// Base64 decoding of a signature header.
//
// The hash is the platform's: CommonCrypto on Apple platforms, OpenSSL's libcrypto elsewhere.
// Both keep the SHA-256 state in a plain C struct that can be copied, which is what lets a key's
// pad blocks be hashed once. OpenSSL 3 marks these `SHA256_*` functions deprecated in favour of
// EVP, but EVP cannot copy a digest state without allocating (`EVP_MD_CTX_copy_ex` duplicates the
// provider's context on the heap), and they are what OpenSSL's own SHA-256 provider runs.

#include "CTalkHMAC.h"

#include <stddef.h>
#include <string.h>

#if defined(__APPLE__)
#include <CommonCrypto/CommonDigest.h>

typedef CC_SHA256_CTX ctalk_sha256_ctx;

static void ctalk_sha256_init(ctalk_sha256_ctx *ctx) { CC_SHA256_Init(ctx); }

static void ctalk_sha256_update(ctalk_sha256_ctx *ctx, const void *data, size_t len) {
    // CC_LONG is 32 bits wide.
    const uint8_t *bytes = data;
    while (len > 0) {
        const CC_LONG chunk = len > 0x40000000u ? 0x40000000u : (CC_LONG)len;
        CC_SHA256_Update(ctx, bytes, chunk);
        bytes += chunk;
        len -= chunk;
    }
}

static void ctalk_sha256_final(ctalk_sha256_ctx *ctx, uint8_t out[CTALK_HMAC_SHA256_LENGTH]) {
    CC_SHA256_Final(out, ctx);
}

static void ctalk_sha256(const void *data, size_t len, uint8_t out[CTALK_HMAC_SHA256_LENGTH]) {
    ctalk_sha256_ctx ctx;
    ctalk_sha256_init(&ctx);
    ctalk_sha256_update(&ctx, data, len);
    ctalk_sha256_final(&ctx, out);
}

static void ctalk_cleanse(void *p, size_t n) {
    memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}
#else
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/sha.h>

typedef SHA256_CTX ctalk_sha256_ctx;

static void ctalk_sha256_init(ctalk_sha256_ctx *ctx) { SHA256_Init(ctx); }

static void ctalk_sha256_update(ctalk_sha256_ctx *ctx, const void *data, size_t len) {
    SHA256_Update(ctx, data, len);
}

static void ctalk_sha256_final(ctalk_sha256_ctx *ctx, uint8_t out[CTALK_HMAC_SHA256_LENGTH]) {
    SHA256_Final(out, ctx);
}

static void ctalk_sha256(const void *data, size_t len, uint8_t out[CTALK_HMAC_SHA256_LENGTH]) {
    SHA256(data, len, out);
}

static void ctalk_cleanse(void *p, size_t n) { OPENSSL_cleanse(p, n); }
#endif

#define CTALK_SHA256_BLOCK_LENGTH 64

typedef struct {
    ctalk_sha256_ctx inner;
    ctalk_sha256_ctx outer;
} ctalk_midstates;

_Static_assert(sizeof(ctalk_midstates) <= sizeof(ctalk_hmac_sha256_key), "ctalk_hmac_sha256_key is too small");
_Static_assert(_Alignof(ctalk_midstates) <= _Alignof(ctalk_hmac_sha256_key), "ctalk_hmac_sha256_key is not aligned enough");

// The key's bytes are only ever read and written with memcpy, so no object is accessed through a
// pointer of another type.
static inline void ctalk_load_state(ctalk_sha256_ctx *ctx, const ctalk_hmac_sha256_key *key, size_t offset) {
    memcpy(ctx, (const uint8_t *)key->storage + offset, sizeof *ctx);
}

// MARK: - HMAC

void ctalk_hmac_sha256_key_init(ctalk_hmac_sha256_key *key, const void *secret, size_t len) {
    ctalk_midstates states;
    uint8_t block[CTALK_SHA256_BLOCK_LENGTH] = {0};
    if (len > CTALK_SHA256_BLOCK_LENGTH) {
        ctalk_sha256(secret, len, block);
    } else if (len > 0) {
        memcpy(block, secret, len);
    }
    uint8_t pad[CTALK_SHA256_BLOCK_LENGTH];
    for (size_t i = 0; i < sizeof pad; i++) {
        pad[i] = block[i] ^ 0x36;
    }
    ctalk_sha256_init(&states.inner);
    ctalk_sha256_update(&states.inner, pad, sizeof pad);
    for (size_t i = 0; i < sizeof pad; i++) {
        pad[i] = block[i] ^ 0x5c;
    }
    ctalk_sha256_init(&states.outer);
    ctalk_sha256_update(&states.outer, pad, sizeof pad);
    memset(key, 0, sizeof *key);
    memcpy(key->storage, &states, sizeof states);
    ctalk_cleanse(&states, sizeof states);
    ctalk_cleanse(block, sizeof block);
    ctalk_cleanse(pad, sizeof pad);
}

void ctalk_hmac_sha256(
    const ctalk_hmac_sha256_key *key,
    const void *msg,
    size_t len,
    uint8_t out[CTALK_HMAC_SHA256_LENGTH]
) {
    ctalk_sha256_ctx ctx;
    ctalk_load_state(&ctx, key, offsetof(ctalk_midstates, inner));
    uint8_t inner[CTALK_HMAC_SHA256_LENGTH];
    ctalk_sha256_update(&ctx, msg, len);
    ctalk_sha256_final(&ctx, inner);
    ctalk_load_state(&ctx, key, offsetof(ctalk_midstates, outer));
    ctalk_sha256_update(&ctx, inner, sizeof inner);
    ctalk_sha256_final(&ctx, out);
    ctalk_cleanse(&ctx, sizeof ctx);
    ctalk_cleanse(inner, sizeof inner);
}

// MARK: - Comparison

void ctalk_hmac_sha256_select(
    const uint8_t tag[CTALK_HMAC_SHA256_LENGTH],
    const uint8_t expected[CTALK_HMAC_SHA256_LENGTH],
    uint64_t index,
    uint64_t *found,
    uint64_t *unmatched
) {
    uint32_t diff = 0;
    for (size_t j = 0; j < CTALK_HMAC_SHA256_LENGTH; j++) {
        diff |= (uint32_t)(tag[j] ^ expected[j]);
    }
    // Hide `diff` from the optimizer so that it cannot turn the loop into an early exit.
    __asm__("" : "+r"(diff));
    // All ones if the tags are equal, zero otherwise. The mask passes through an empty asm as
    // well: a compiler that knows it is 0 or all ones turns the selects below back into a branch
    // on equality.
    uint64_t equal = (uint64_t)0 - (((uint64_t)diff - 1) >> 63);
    __asm__("" : "+r"(equal));
    const uint64_t take = equal & *unmatched;
    *found = (*found & ~take) | (index & take);
    *unmatched &= ~equal;
}

long ctalk_hmac_sha256_verify(
    const ctalk_hmac_sha256_key *keys,
    size_t count,
    const void *msg,
    size_t len,
    const uint8_t expected[CTALK_HMAC_SHA256_LENGTH]
) {
    uint8_t tag[CTALK_HMAC_SHA256_LENGTH];
    uint64_t unmatched = ~(uint64_t)0;
    uint64_t found = 0;
    for (size_t i = 0; i < count; i++) {
        ctalk_hmac_sha256(&keys[i], msg, len, tag);
        ctalk_hmac_sha256_select(tag, expected, (uint64_t)i, &found, &unmatched);
    }
    ctalk_cleanse(tag, sizeof tag);
    // The result is public; only the work before it must not depend on the tags.
    return unmatched ? -1 : (long)found;
}

// MARK: - Base64

// Standard alphabet to 6-bit values; 0x80 marks every other byte (including '=').
static const uint8_t ctalk_base64_values[256] = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 62,   0x80, 0x80, 0x80, 63,
    52,   53,   54,   55,   56,   57,   58,   59,   60,   61,   0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,
    15,   16,   17,   18,   19,   20,   21,   22,   23,   24,   25,   0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 26,   27,   28,   29,   30,   31,   32,   33,   34,   35,   36,   37,   38,   39,   40,
    41,   42,   43,   44,   45,   46,   47,   48,   49,   50,   51,   0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

int ctalk_base64_decode_tag(const uint8_t *text, size_t len, uint8_t out[CTALK_HMAC_SHA256_LENGTH]) {
    if (len != 44 || text[43] != '=') {
        return -1;
    }
    // Accumulate the invalid marker instead of branching per character: the header is
    // attacker-chosen, and one check at the end is both simpler and faster.
    uint32_t invalid = 0;
    for (int group = 0; group < 10; group++) {
        const uint32_t a = ctalk_base64_values[text[4 * group]];
        const uint32_t b = ctalk_base64_values[text[4 * group + 1]];
        const uint32_t c = ctalk_base64_values[text[4 * group + 2]];
        const uint32_t d = ctalk_base64_values[text[4 * group + 3]];
        invalid |= a | b | c | d;
        const uint32_t bits = (a << 18) | (b << 12) | (c << 6) | d;
        out[3 * group] = (uint8_t)(bits >> 16);
        out[3 * group + 1] = (uint8_t)(bits >> 8);
        out[3 * group + 2] = (uint8_t)bits;
    }
    const uint32_t a = ctalk_base64_values[text[40]];
    const uint32_t b = ctalk_base64_values[text[41]];
    const uint32_t c = ctalk_base64_values[text[42]];
    invalid |= a | b | c;
    const uint32_t bits = (a << 12) | (b << 6) | c;
    out[30] = (uint8_t)(bits >> 10);
    out[31] = (uint8_t)(bits >> 2);
    // 43 characters carry 258 bits; the last two must be zero in the canonical encoding.
    invalid |= (bits & 3) ? 0x80 : 0;
    return (invalid & 0x80) ? -1 : 0;
}
