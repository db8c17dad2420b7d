#ifndef GIT_DRIFT_CZLIB_SHIM_H
#define GIT_DRIFT_CZLIB_SHIM_H

#include <zlib.h>

#endif
