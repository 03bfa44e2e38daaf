/* the D-Bus half of the plugin ABI: a plugin's -bus.c file includes this */
#pragma once

#include <systemd/sd-bus.h>

#include "otd-call-rest.h"
#include "otd-call.h"
#include "otd-plugin.h"

G_BEGIN_DECLS

/* which capability a method needs, given the plugin's area name <area> */
typedef enum {
	OTD_ACCESS_READ,       /* <area>:read or <area> */
	OTD_ACCESS_WRITE,      /* <area> */
	OTD_ACCESS_MODERATION, /* moderation or <area> */
} OtdAccess;

/*
 * One method: an ordinary sd-bus vtable entry (SD_BUS_METHOD_WITH_NAMES) plus its access
 * class. The daemon checks the caller before the handler runs; the handler follows the
 * sd-bus contract (return 1 once it has replied or will reply through an OtdCall).
 */
typedef struct {
	sd_bus_vtable vtable;
	OtdAccess access;
	const gchar *capability; /* set: this exact capability instead of the access class */
} OtdBusMethod;

/* exports @methods at /org/opentokd/OpenTok1/<Area> as org.opentokd.OpenTok1.<Area>;
 * handlers get @userdata */
gboolean
otd_plugin_add_methods(OtdPlugin *plugin, const OtdBusMethod *methods, gsize n_methods,
		       gpointer userdata, GError **error);

/*
 * Archives and broadcasts share their Get, List, Stop, Delete, SetLayout, AddStream and
 * RemoveStream handlers; the kind says what differs.
 */
typedef struct {
	const gchar *resource; /* the REST path element: "archive", "broadcast" */
	/* Start's JSON body from its options, or NULL with InvalidArgs */
	JsonObject *(*start_body)(const gchar *session_id, GVariant *options, GError **error);
	/* edits each result object before it becomes a{sv} (new values come from
	 * otd_json_doc_alloc(@doc)); may be NULL */
	void (*fixup)(OtdJsonDoc *doc, OtdJsonVal *object);
} OtdRecordingKind;

typedef struct {
	OtdPlugin *plugin;
	const OtdRecordingKind *kind;
} OtdRecording; /* the userdata of the handlers below */

int
otd_recording_method_start(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
int
otd_recording_method_get(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
int
otd_recording_method_list(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
int
otd_recording_method_stop(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
int
otd_recording_method_delete(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
int
otd_recording_method_set_layout(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
int
otd_recording_method_add_stream(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
int
otd_recording_method_remove_stream(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);

G_END_DECLS
