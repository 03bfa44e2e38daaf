/*
 * Simulated clients: /_emulator/sessions/{sid}/clients and their streams.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_clients_register(OemRouter *control);

G_END_DECLS
