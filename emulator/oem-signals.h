/*
 * POST /v2/project/{K}/session/{S}/signal and …/connection/{C}/signal: the simulated clients
 * keep what they receive, for the control API to show.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

/* the service's limits, in bytes */
#define OEM_SIGNALS_TYPE_MAX 128
#define OEM_SIGNALS_DATA_MAX 8192

void oem_signals_register(OemRouter *api);

G_END_DECLS
