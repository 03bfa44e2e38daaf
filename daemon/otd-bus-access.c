/*
 * Every method call goes through one trampoline: find the caller's identity (an
 * asynchronous GetConnectionCredentials, cached per unique name and dropped when the name
 * goes away), check the capability the method needs, then run the real handler. Calls
 * that arrive while a lookup is under way wait in the caller's queue.
 */
#include "config.h"

#include <errno.h>

#include "otd-bus-private.h"
#include "otd-error.h"

typedef struct {
	sd_bus_message *message;
	OtdBusObject *object;
	const OtdBusMethod *method;
} OtdBusPending;

static void
otd_bus_pending_free(OtdBusPending *pending)
{
	sd_bus_message_unref(pending->message);
	g_free(pending);
}

static void
otd_caller_free(OtdCaller *caller)
{
	/* unref cancels a lookup still under way, so its callback never sees a freed caller */
	sd_bus_slot_unref(caller->slot);
	g_queue_clear_full(&caller->pending, (GDestroyNotify)otd_bus_pending_free);
	g_clear_pointer(&caller->gids, g_array_unref);
	g_free(caller->sender);
	g_free(caller);
}

static const OtdBusMethod *
otd_bus_object_lookup(OtdBusObject *object, const char *member)
{
	for (gsize i = 0; i < object->n_methods; i++) {
		if (g_strcmp0(object->methods[i].vtable.x.method.member, member) == 0)
			return &object->methods[i];
	}
	return NULL;
}

/* the capability a method needs; moderation methods also accept the area's own */
static gchar *
otd_bus_method_capability(OtdBusObject *object, const OtdBusMethod *method,
			  const gchar **ret_alternate)
{
	*ret_alternate = NULL;
	if (method->capability != NULL)
		return g_strdup(method->capability);
	switch (method->access) {
	case OTD_ACCESS_READ:
		return g_strdup_printf("%s:read", object->area);
	case OTD_ACCESS_MODERATION:
		*ret_alternate = object->area;
		return g_strdup("moderation");
	case OTD_ACCESS_WRITE:
	default:
		return g_strdup(object->area);
	}
}

static gboolean
otd_bus_caller_allowed(OtdBus *bus, OtdCaller *caller, const gchar *capability)
{
	if (caller->failed)
		return FALSE;
	return otd_policy_allows(bus->daemon->policy, caller->uid,
				 (const guint32 *)caller->gids->data, caller->gids->len, capability);
}

/* the first argument of every method that has one is an id (session, archive, …): it
 * goes into the audit record; nothing else of the message does */
static const gchar *
otd_bus_first_id(sd_bus_message *m)
{
	const char *id = NULL;
	char type = 0;

	if (sd_bus_message_peek_type(m, &type, NULL) > 0 && type == 's' &&
	    sd_bus_message_read_basic(m, 's', &id) > 0) {
		sd_bus_message_rewind(m, TRUE);
		return id;
	}
	return "";
}

static void
otd_bus_audit(OtdCaller *caller, OtdBusObject *object, sd_bus_message *m,
	      const gchar *outcome, const gchar *capability)
{
	const gchar *member = sd_bus_message_get_member(m);
	const gchar *id = otd_bus_first_id(m);
	g_autofree gchar *uid = g_strdup_printf("%u", (guint)caller->uid);
	g_autofree gchar *pid = g_strdup_printf("%d", (gint)caller->pid);
	g_autofree gchar *method = g_strdup_printf("%s.%s", object->interface, member);
	g_autofree gchar *message = g_strdup_printf("%s %s(%s) for uid %s pid %s (needs '%s')",
						    outcome, method, id, uid, pid, capability);
	/* structured for the journal: one field each, never an argument other than the id */
	const GLogField fields[] = {
	    {"GLIB_DOMAIN", G_LOG_DOMAIN, -1},  {"PRIORITY", "5", -1},
	    {"MESSAGE", message, -1},		{"OTD_CALLER_UID", uid, -1},
	    {"OTD_CALLER_PID", pid, -1},	{"OTD_METHOD", method, -1},
	    {"OTD_OBJECT_ID", id, -1},		{"OTD_CAPABILITY", capability, -1},
	    {"OTD_OUTCOME", outcome, -1},
	};

	g_log_structured_array(G_LOG_LEVEL_MESSAGE, fields, G_N_ELEMENTS(fields));
}

/* the caller of the method being dispatched, for checks that depend on arguments */
static OtdCaller *otd_bus_current_caller = NULL;
static OtdBusObject *otd_bus_current_object = NULL;
static sd_bus_message *otd_bus_current_message = NULL;

gboolean
otd_bus_caller_may(const gchar *capability, GError **error)
{
	OtdCaller *caller = otd_bus_current_caller;

	if (caller != NULL && otd_bus_caller_allowed(caller->bus, caller, capability))
		return TRUE;
	if (caller != NULL)
		otd_bus_audit(caller, otd_bus_current_object, otd_bus_current_message, "refused",
			      capability);
	g_set_error(error, OTD_ERROR, OTD_ERROR_PERMISSION_DENIED, "caller uid %u lacks '%s'",
		    caller != NULL ? (guint)caller->uid : G_MAXUINT, capability);
	return FALSE;
}

static int
otd_bus_run(OtdCaller *caller, OtdBusObject *object, const OtdBusMethod *method,
	    sd_bus_message *m, sd_bus_error *ret_error)
{
	const gchar *alternate = NULL;
	g_autofree gchar *capability = otd_bus_method_capability(object, method, &alternate);
	int r;

	if (!otd_bus_caller_allowed(object->bus, caller, capability) &&
	    (alternate == NULL || !otd_bus_caller_allowed(object->bus, caller, alternate))) {
		if (caller->failed) {
			g_message("refused %s.%s from %s: caller identity unknown",
				  object->interface, sd_bus_message_get_member(m), caller->sender);
			return sd_bus_error_setf(ret_error,
						 otd_error_to_dbus_name(OTD_ERROR_PERMISSION_DENIED),
						 "cannot identify the caller %s", caller->sender);
		}
		otd_bus_audit(caller, object, m, "refused", capability);
		return sd_bus_error_setf(ret_error,
					 otd_error_to_dbus_name(OTD_ERROR_PERMISSION_DENIED),
					 "caller uid %u lacks '%s'", (guint)caller->uid, capability);
	}
	/* every allowed call that changes something is recorded; reads and token minting
	 * (local, no state anywhere) are not, refusals always are */
	if ((method->access != OTD_ACCESS_READ || method->capability != NULL) &&
	    g_strcmp0(capability, "tokens") != 0)
		otd_bus_audit(caller, object, m, "allowed", capability);
	otd_bus_current_caller = caller;
	otd_bus_current_object = object;
	otd_bus_current_message = m;
	r = method->vtable.x.method.handler(m, object->userdata, ret_error);
	otd_bus_current_caller = NULL;
	otd_bus_current_object = NULL;
	otd_bus_current_message = NULL;
	return r;
}

static void
otd_bus_run_deferred(OtdCaller *caller, OtdBusPending *pending)
{
	g_auto(sd_bus_error) error = SD_BUS_ERROR_NULL;
	int r = otd_bus_run(caller, pending->object, pending->method, pending->message, &error);

	/* the same contract sd-bus applies to a handler's return value */
	if (r < 0 && !sd_bus_error_is_set(&error))
		sd_bus_error_set_errno(&error, r);
	if (sd_bus_error_is_set(&error))
		sd_bus_reply_method_error(pending->message, &error);
}

static void
otd_bus_caller_parse(OtdCaller *caller, sd_bus_message *reply)
{
	gboolean have_uid = FALSE;
	int r = sd_bus_message_enter_container(reply, 'a', "{sv}");

	while (r > 0 && (r = sd_bus_message_enter_container(reply, 'e', "sv")) > 0) {
		const char *key = NULL;
		if (sd_bus_message_read(reply, "s", &key) < 0)
			break;
		if (g_strcmp0(key, "UnixUserID") == 0) {
			guint32 uid;
			have_uid = sd_bus_message_read(reply, "v", "u", &uid) > 0;
			caller->uid = (uid_t)uid;
		} else if (g_strcmp0(key, "ProcessID") == 0) {
			guint32 pid;
			if (sd_bus_message_read(reply, "v", "u", &pid) > 0)
				caller->pid = (pid_t)pid;
		} else if (g_strcmp0(key, "UnixGroupIDs") == 0) {
			const void *data = NULL;
			size_t size = 0;
			if (sd_bus_message_enter_container(reply, 'v', "au") > 0 &&
			    sd_bus_message_read_array(reply, 'u', &data, &size) >= 0) {
				g_array_append_vals(caller->gids, data, size / sizeof(guint32));
				sd_bus_message_exit_container(reply);
			}
		} else {
			sd_bus_message_skip(reply, "v");
		}
		sd_bus_message_exit_container(reply);
	}
	caller->failed = !have_uid;
}

static int
otd_bus_caller_resolved_cb(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	OtdCaller *caller = userdata;
	OtdBus *bus = caller->bus;
	OtdBusPending *pending;

	if (sd_bus_message_is_method_error(reply, NULL)) {
		g_debug("cannot look up %s: %s", caller->sender,
			sd_bus_message_get_error(reply)->message);
		caller->failed = TRUE;
	} else {
		otd_bus_caller_parse(caller, reply);
	}
	caller->resolved = TRUE;
	while ((pending = g_queue_pop_head(&caller->pending)) != NULL) {
		otd_bus_run_deferred(caller, pending);
		otd_bus_pending_free(pending);
	}
	/* a failure is not cached: the next call asks again */
	if (caller->failed)
		g_hash_table_remove(bus->callers, caller->sender);
	return 0;
}

static OtdCaller *
otd_bus_caller_lookup(OtdBus *bus, const char *sender)
{
	OtdCaller *caller = g_hash_table_lookup(bus->callers, sender);
	int r;

	if (caller != NULL)
		return caller;
	caller = g_new0(OtdCaller, 1);
	caller->bus = bus;
	caller->sender = g_strdup(sender);
	caller->gids = g_array_new(FALSE, FALSE, sizeof(guint32));
	g_queue_init(&caller->pending);
	g_hash_table_insert(bus->callers, caller->sender, caller);
	r = sd_bus_call_method_async(bus->bus, &caller->slot, "org.freedesktop.DBus",
				     "/org/freedesktop/DBus", "org.freedesktop.DBus",
				     "GetConnectionCredentials", otd_bus_caller_resolved_cb, caller,
				     "s", sender);
	if (r < 0) {
		g_debug("cannot ask for the credentials of %s: %s", sender, g_strerror(-r));
		caller->failed = TRUE;
		caller->resolved = TRUE;
	}
	return caller;
}

static int
otd_bus_trampoline(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdBusObject *object = userdata;
	const OtdBusMethod *method = otd_bus_object_lookup(object, sd_bus_message_get_member(m));
	const char *sender = sd_bus_message_get_sender(m);
	OtdCaller *caller;
	OtdBusPending *pending;

	object->bus->last_activity = g_get_monotonic_time();
	if (method == NULL)
		return sd_bus_error_set(ret_error, SD_BUS_ERROR_UNKNOWN_METHOD, "unknown method");
	if (sender == NULL)
		return sd_bus_error_set(ret_error,
					otd_error_to_dbus_name(OTD_ERROR_PERMISSION_DENIED),
					"the caller has no bus name");
	caller = otd_bus_caller_lookup(object->bus, sender);
	if (caller->resolved) {
		int r = otd_bus_run(caller, object, method, m, ret_error);
		if (caller->failed)
			g_hash_table_remove(object->bus->callers, sender);
		return r;
	}
	pending = g_new0(OtdBusPending, 1);
	pending->message = sd_bus_message_ref(m);
	pending->object = object;
	pending->method = method;
	g_queue_push_tail(&caller->pending, pending);
	return 1;
}

static int
otd_bus_name_owner_changed_cb(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdBus *bus = userdata;
	const char *name = NULL, *old_owner = NULL, *new_owner = NULL;

	if (sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0)
		return 0;
	/* a unique name never comes back: forget it, and any lookup or call it left */
	if (name[0] == ':' && new_owner[0] == '\0')
		g_hash_table_remove(bus->callers, name);
	return 0;
}

gboolean
otd_bus_access_init(OtdBus *bus, GError **error)
{
	int r;

	bus->callers =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)otd_caller_free);
	r = sd_bus_match_signal_async(bus->bus, &bus->name_owner_slot, "org.freedesktop.DBus",
				      "/org/freedesktop/DBus", "org.freedesktop.DBus",
				      "NameOwnerChanged", otd_bus_name_owner_changed_cb, NULL, bus);
	if (r < 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INTERNAL,
			    "cannot watch NameOwnerChanged: %s", g_strerror(-r));
		return FALSE;
	}
	return TRUE;
}

void
otd_bus_access_clear(OtdBus *bus)
{
	g_clear_pointer(&bus->name_owner_slot, sd_bus_slot_unref);
	g_clear_pointer(&bus->callers, g_hash_table_unref);
}

OtdBusObject *
otd_bus_object_add(OtdBus *bus, const gchar *path, const gchar *interface, const gchar *area,
		   const OtdBusMethod *methods, gsize n_methods, const sd_bus_vtable *properties,
		   gpointer userdata, GError **error)
{
	OtdBusObject *object = g_new0(OtdBusObject, 1);
	gsize n_props = 0, k = 0;
	int r;

	while (properties != NULL && properties[n_props].type != _SD_BUS_VTABLE_END)
		n_props++;
	object->bus = bus;
	object->path = g_strdup(path);
	object->interface = g_strdup(interface);
	object->area = g_strdup(area);
	object->userdata = userdata;
	object->methods = g_memdup2(methods, n_methods * sizeof(OtdBusMethod));
	object->n_methods = n_methods;
	object->vtable = g_new0(sd_bus_vtable, n_methods + n_props + 2);
	object->vtable[k++] = (sd_bus_vtable)SD_BUS_VTABLE_START(0);
	for (gsize i = 0; i < n_methods; i++) {
		sd_bus_vtable entry = methods[i].vtable;
		entry.x.method.handler = otd_bus_trampoline;
		entry.flags |= SD_BUS_VTABLE_UNPRIVILEGED;
		object->vtable[k++] = entry;
	}
	for (gsize i = 0; i < n_props; i++)
		object->vtable[k++] = properties[i];
	object->vtable[k++] = (sd_bus_vtable)SD_BUS_VTABLE_END;
	r = sd_bus_add_object_vtable(bus->bus, &object->slot, path, interface, object->vtable,
				     object);
	if (r < 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INTERNAL, "cannot export %s at %s: %s",
			    interface, path, g_strerror(-r));
		otd_bus_object_free(object);
		return NULL;
	}
	g_ptr_array_add(bus->objects, object);
	(void)sd_bus_emit_interfaces_added(bus->bus, path, interface, NULL);
	return object;
}

void
otd_bus_object_free(OtdBusObject *object)
{
	if (object == NULL)
		return;
	sd_bus_slot_unref(object->slot);
	g_free(object->path);
	g_free(object->interface);
	g_free(object->area);
	g_free(object->methods);
	g_free(object->vtable);
	g_free(object);
}

gboolean
otd_plugin_add_methods(OtdPlugin *plugin, const OtdBusMethod *methods, gsize n_methods,
		       gpointer userdata, GError **error)
{
	OtdBus *bus = plugin->daemon->bus;
	g_autofree gchar *area = otd_plugin_name_to_area(plugin->name);
	g_autofree gchar *path = g_strdup_printf("%s/%s", OTD_BUS_PATH, area);
	g_autofree gchar *interface = g_strdup_printf("%s.%s", OTD_BUS_INTERFACE, area);

	if (bus == NULL) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_NOT_SUPPORTED, "no bus connection");
		return FALSE;
	}
	if (plugin->bus_object != NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INTERNAL, "plugin %s exported twice",
			    plugin->name);
		return FALSE;
	}
	plugin->bus_object = otd_bus_object_add(bus, path, interface, plugin->name, methods,
						n_methods, NULL, userdata, error);
	return plugin->bus_object != NULL;
}
