#include "CTalkSHA256.h"
