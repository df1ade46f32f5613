// zlib, which TalkQRCode compresses PNG image data with and takes the chunks' CRC-32 from (Debian and Ubuntu:
// `apt-get install zlib1g-dev`).
#ifndef C_ZLIB_SHIM_H
#define C_ZLIB_SHIM_H

#include <zlib.h>

#endif
