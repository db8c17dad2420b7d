#ifndef GIT_DRIFT_CLIBYAML_SHIM_H
#define GIT_DRIFT_CLIBYAML_SHIM_H

#include <yaml.h>

#endif
