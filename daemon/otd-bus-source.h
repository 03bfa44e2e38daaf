/* sd-bus attached to the GLib main loop through one GSource */
#pragma once

#include <glib.h>
#include <systemd/sd-bus.h>

G_BEGIN_DECLS

/* @on_disconnect runs once when the bus connection is lost */
GSource *
otd_bus_source_new(sd_bus *bus, GSourceFunc on_disconnect, gpointer user_data);

G_END_DECLS
