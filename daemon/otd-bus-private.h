/* shared between the files of the D-Bus layer */
#pragma once

#include <sys/types.h>

#include "otd-bus.h"
#include "otd-plugin-bus.h"
#include "otd-sd-bus-glib.h"
#include "otd-policy.h"

G_BEGIN_DECLS

typedef struct {
	OtdBus *bus;
	gchar *path;
	gchar *interface;
	gchar *area; /* plugin name; NULL for the root object */
	sd_bus_vtable *vtable;
	OtdBusMethod *methods;
	gsize n_methods;
	gpointer userdata;
	sd_bus_slot *slot;
} OtdBusObject;

/* a sender's identity, looked up once per unique name */
typedef struct {
	gchar *sender;
	gboolean resolved;
	gboolean failed;
	uid_t uid;
	pid_t pid;
	GArray *gids;
	GQueue pending; /* OtdBusPending waiting for the lookup */
	sd_bus_slot *slot;
	OtdBus *bus;
} OtdCaller;

struct _OtdBus {
	OtdDaemon *daemon;
	sd_bus *bus;
	GSource *source;
	GMainLoop *loop;
	GPtrArray *objects; /* OtdBusObject */
	GHashTable *callers; /* unique name -> OtdCaller */
	sd_bus_slot *object_manager_slot;
	sd_bus_slot *name_owner_slot;
	sd_bus_slot *name_slot;
	gint exit_status;
	gint64 last_activity; /* monotonic µs of the last method call */
};

/* builds the vtable (methods with the access trampoline, then @properties) and exports it */
OtdBusObject *
otd_bus_object_add(OtdBus *bus, const gchar *path, const gchar *interface, const gchar *area,
		   const OtdBusMethod *methods, gsize n_methods, const sd_bus_vtable *properties,
		   gpointer userdata, GError **error);
void
otd_bus_object_free(OtdBusObject *object);

/* inside a handler: whether its caller has @capability (PermissionDenied, logged, if not) */
gboolean
otd_bus_caller_may(const gchar *capability, GError **error);

/* identity cache */
gboolean
otd_bus_access_init(OtdBus *bus, GError **error);
void
otd_bus_access_clear(OtdBus *bus);

G_END_DECLS
