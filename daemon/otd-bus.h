/* the daemon on the bus: connection, root object, plugin objects, access checks */
#pragma once

#include <glib.h>

#include "otd-daemon.h"

G_BEGIN_DECLS

#define OTD_BUS_NAME	     "org.opentokd.OpenTok1"
#define OTD_BUS_PATH	     "/org/opentokd/OpenTok1"
#define OTD_BUS_INTERFACE    "org.opentokd.OpenTok1"

typedef enum {
	OTD_BUS_KIND_SYSTEM,
	OTD_BUS_KIND_SESSION,
	OTD_BUS_KIND_ADDRESS,
} OtdBusKind;

typedef struct _OtdBus OtdBus;

/* connects and exports the root object; plugins are added after, the name requested last */
OtdBus *
otd_bus_new(OtdDaemon *daemon, OtdBusKind kind, const gchar *address, GMainLoop *loop,
	    GError **error);
/* requests the bus name asynchronously; failure quits @loop with a non-zero status */
void
otd_bus_request_name(OtdBus *bus);
/* 0 unless the name could not be had or the bus went away */
gint
otd_bus_get_exit_status(OtdBus *bus);
/* how long no method call has arrived and none is in flight, in seconds */
guint
otd_bus_get_idle_seconds(OtdBus *bus);
/* answers pending calls with Cancelled, drops every object, flushes and closes */
void
otd_bus_free(OtdBus *bus);

G_END_DECLS
