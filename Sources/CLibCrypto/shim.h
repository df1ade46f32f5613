// OpenSSL's libcrypto, which CTalkHMAC hashes with on Linux (Debian and Ubuntu: `apt-get install libssl-dev`).
#ifndef C_LIB_CRYPTO_SHIM_H
#define C_LIB_CRYPTO_SHIM_H

#include <openssl/crypto.h>
#include <openssl/sha.h>

#endif
