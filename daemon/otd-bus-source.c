/*
 * The GSource that drives sd-bus. Poll events are recomputed every iteration but only
 * handed to GLib when they change: g_source_modify_unix_fd() wakes the loop each time it
 * is called, and calling it unconditionally makes an idle daemon spin.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>

#include "otd-bus-source.h"

#define OTD_BUS_SOURCE_MAX_PROCESS 64
/*
 * Above every other source (libsoup's sockets, the REST deadlines, idle connections'
 * timers, all at the default priority): GLib stops preparing, polling and checking at the
 * first source below a ready one, so a waiting bus message is handled at once and at the
 * cost of a loop over a handful of sources, however many HTTP requests are in flight.
 * After a dispatch that had to stop at OTD_BUS_SOURCE_MAX_PROCESS the source drops to the
 * default priority until the bus is drained, so that a flood of calls cannot starve the
 * REST answers.
 */
#define OTD_BUS_SOURCE_PRIORITY (G_PRIORITY_DEFAULT - 10)

typedef struct {
	GSource source;
	sd_bus *bus;
	gpointer fd_tag;
	GIOCondition events;
	GSourceFunc on_disconnect;
	gpointer user_data;
	gboolean disconnected;
} OtdBusSource;

static GIOCondition
otd_bus_source_events(sd_bus *bus)
{
	int events = sd_bus_get_events(bus);
	GIOCondition cond = 0;

	if (events < 0)
		return 0;
	if (events & POLLIN)
		cond |= G_IO_IN;
	if (events & POLLOUT)
		cond |= G_IO_OUT;
	return cond;
}

static gboolean
otd_bus_source_prepare(GSource *source, gint *timeout)
{
	OtdBusSource *self = (OtdBusSource *)source;
	GIOCondition cond;
	uint64_t usec = UINT64_MAX;

	*timeout = -1;
	if (self->disconnected)
		return FALSE;
	cond = otd_bus_source_events(self->bus);
	if (cond != self->events) {
		g_source_modify_unix_fd(source, self->fd_tag, cond);
		self->events = cond;
	}
	/* an absolute CLOCK_MONOTONIC time in µs, like g_get_monotonic_time(); 0 is "now" */
	if (sd_bus_get_timeout(self->bus, &usec) < 0 || usec == UINT64_MAX)
		g_source_set_ready_time(source, -1);
	else
		g_source_set_ready_time(source, (gint64)MIN(usec, (uint64_t)G_MAXINT64));
	return FALSE;
}

static gboolean
otd_bus_source_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	OtdBusSource *self = (OtdBusSource *)source;

	for (guint i = 0; i < OTD_BUS_SOURCE_MAX_PROCESS; i++) {
		int r = sd_bus_process(self->bus, NULL);
		if (r == -ENOTCONN || r == -ECONNRESET || r == -EPIPE) {
			g_warning("lost the bus connection: %s", g_strerror(-r));
			self->disconnected = TRUE;
			if (self->on_disconnect != NULL)
				self->on_disconnect(self->user_data);
			return G_SOURCE_REMOVE;
		}
		if (r < 0) {
			/* -ENOBUFS from a slow client and the like: not fatal */
			g_debug("sd_bus_process failed, ignoring: %s", g_strerror(-r));
			break;
		}
		if (r == 0) {
			if (g_source_get_priority(source) != OTD_BUS_SOURCE_PRIORITY)
				g_source_set_priority(source, OTD_BUS_SOURCE_PRIORITY);
			return G_SOURCE_CONTINUE;
		}
	}
	/* more work may be queued in memory, with nothing left to read on the fd; take turns
	 * with the other sources until it is done */
	g_source_set_priority(source, G_PRIORITY_DEFAULT);
	g_source_set_ready_time(source, 0);
	return G_SOURCE_CONTINUE;
}

static void
otd_bus_source_finalize(GSource *source)
{
	OtdBusSource *self = (OtdBusSource *)source;
	sd_bus_unref(self->bus);
}

static GSourceFuncs otd_bus_source_funcs = {
    .prepare = otd_bus_source_prepare,
    .dispatch = otd_bus_source_dispatch,
    .finalize = otd_bus_source_finalize,
};

GSource *
otd_bus_source_new(sd_bus *bus, GSourceFunc on_disconnect, gpointer user_data)
{
	GSource *source = g_source_new(&otd_bus_source_funcs, sizeof(OtdBusSource));
	OtdBusSource *self = (OtdBusSource *)source;

	self->bus = sd_bus_ref(bus);
	self->on_disconnect = on_disconnect;
	self->user_data = user_data;
	self->events = G_IO_IN;
	self->fd_tag = g_source_add_unix_fd(source, sd_bus_get_fd(bus), G_IO_IN);
	g_source_set_name(source, "sd-bus");
	/* GLib blocks a non-recursive source while it dispatches: it takes the fd out of the
	 * poll set and puts it back, and each of the two wakes the loop (an eventfd write, then
	 * an extra poll and read). Nothing here runs a nested loop, so skip that: three
	 * syscalls and a loop iteration less for every dispatch */
	g_source_set_can_recurse(source, TRUE);
	g_source_set_priority(source, OTD_BUS_SOURCE_PRIORITY);
	return source;
}
