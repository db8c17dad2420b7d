#ifndef GIT_DRIFT_CLIBDEFLATE_SHIM_H
#define GIT_DRIFT_CLIBDEFLATE_SHIM_H

#include <libdeflate.h>

#endif
