/*
 * SIP interconnect (reference §2.5): POST /v2/project/{K}/dial brings a SIP call into a session
 * as a simulated client that publishes one stream; …/play-dtmf sends digits to every client of
 * a session or to one of them, and the clients keep them for the control API.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

/* the characters a DTMF string may hold; 'p' is a pause of 500 ms */
#define OEM_SIP_DTMF_CHARS "0123456789*#p"

void oem_sip_register(OemRouter *api);

G_END_DECLS
