// libqrencode, which TalkQRCode encodes QR code symbols with (Debian and Ubuntu: `apt-get install libqrencode-dev`).
#ifndef C_QRENCODE_SHIM_H
#define C_QRENCODE_SHIM_H

#include <qrencode.h>

#endif
