#ifndef C_TALK_SHA256_H
#define C_TALK_SHA256_H
#endif
