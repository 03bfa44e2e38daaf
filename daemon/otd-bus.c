/* the bus connection and the root object org.opentokd.OpenTok1 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "otd-bus-private.h"
#include "otd-bus-source.h"
#include "otd-error.h"

static int
method_create_session(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
static int
method_generate_token(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
static int
method_reload(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);

static const OtdBusMethod otd_root_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("CreateSession", "a{sv}", SD_BUS_PARAM(options), "s",
			      SD_BUS_PARAM(session_id), method_create_session, 0),
     .capability = "sessions"},
    {SD_BUS_METHOD_WITH_NAMES("GenerateToken", "sa{sv}",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(options), "s",
			      SD_BUS_PARAM(token), method_generate_token,
			      SD_BUS_VTABLE_SENSITIVE),
     .capability = "tokens"},
    {SD_BUS_METHOD("Reload", "", "", method_reload, 0), .capability = "admin"},
};

static int
property_get_version(sd_bus *bus, const char *path, const char *interface, const char *property,
		     sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	return sd_bus_message_append(reply, "s", PACKAGE_VERSION);
}

static int
property_get_api_key(sd_bus *bus, const char *path, const char *interface, const char *property,
		     sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	OtdBusObject *object = userdata;
	OtdDaemon *daemon = object->userdata;
	return sd_bus_message_append(reply, "s", otd_rest_get_api_key(daemon->rest));
}

static int
property_get_api_url(sd_bus *bus, const char *path, const char *interface, const char *property,
		     sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	OtdBusObject *object = userdata;
	OtdDaemon *daemon = object->userdata;
	return sd_bus_message_append(reply, "s", otd_rest_get_url(daemon->rest));
}

static int
property_get_plugins(sd_bus *bus, const char *path, const char *interface, const char *property,
		     sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	OtdBusObject *object = userdata;
	OtdDaemon *daemon = object->userdata;
	g_auto(GStrv) names = otd_daemon_get_plugin_names(daemon);
	return sd_bus_message_append_strv(reply, names);
}

static const sd_bus_vtable otd_root_properties[] = {
    SD_BUS_PROPERTY("Version", "s", property_get_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("ApiKey", "s", property_get_api_key, 0, 0),
    SD_BUS_PROPERTY("ApiUrl", "s", property_get_api_url, 0, 0),
    SD_BUS_PROPERTY("Plugins", "as", property_get_plugins, 0, 0),
    SD_BUS_VTABLE_END,
};

static void
otd_bus_session_created_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(OtdCall) call = user_data;
	g_autoptr(GError) error = NULL;
	OtdDaemon *daemon = g_task_get_task_data(G_TASK(result));
	g_autofree gchar *id = otd_daemon_create_session_finish(daemon, result, &error);

	if (id == NULL) {
		otd_call_return_error(call, error);
		return;
	}
	g_message("created session %s", id);
	otd_call_return(call, g_variant_new("(s)", id));
}

static int
method_create_session(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdDaemon *daemon = userdata;
	g_autoptr(GVariant) options = NULL;
	g_autoptr(OtdCall) call = NULL;
	int r = otd_bus_message_read_vardict(m, &options);

	if (r < 0)
		return r;
	call = otd_call_new(m);
	otd_daemon_create_session_async(daemon, options, otd_call_get_cancellable(call),
					otd_bus_session_created_cb, otd_call_ref(call));
	return 1;
}

/* the capability a token of @role needs: "tokens:<role>" */
static const gchar *
otd_bus_token_capability(OtdRole role)
{
	static const gchar *const caps[] = {
	    [OTD_ROLE_SUBSCRIBER] = "tokens:subscriber",
	    [OTD_ROLE_PUBLISHERONLY] = "tokens:publisheronly",
	    [OTD_ROLE_PUBLISHER] = "tokens:publisher",
	    [OTD_ROLE_MODERATOR] = "tokens:moderator",
	};
	return (guint)role < G_N_ELEMENTS(caps) ? caps[role] : "tokens:moderator";
}

/* options the table refuses: the policy still answers first, with the role asked for when
 * it is a valid one, else the default (publisher); the options are read again for that */
static int
otd_bus_token_refuse(sd_bus_message *m, const GError *error, sd_bus_error *ret_error)
{
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) denied = NULL;
	const gchar *name = NULL;
	OtdRole role = OTD_ROLE_PUBLISHER;

	if (sd_bus_message_rewind(m, TRUE) >= 0 && sd_bus_message_skip(m, "s") >= 0 &&
	    otd_bus_message_read_vardict(m, &options) >= 0 &&
	    g_variant_lookup(options, "role", "&s", &name))
		otd_role_from_string(name, &role);
	if (!otd_bus_caller_may(otd_bus_token_capability(role), &denied))
		return otd_bus_set_error(ret_error, denied);
	return otd_bus_set_error(ret_error, error);
}

/*
 * The usual GenerateToken options (strings only: role, data, token_type), read from the
 * message straight into @args by the table's rules, without the a{sv} GVariant and JSON
 * body of the general reader, which were a sixth of the bus thread's work per token.
 * Anything else (other keys or types, a key twice, a value the rules refuse) gives FALSE
 * with @args untouched; the caller then rewinds and reads the general way, which also
 * words the error.
 */
static gboolean
otd_bus_read_token_options_fast(sd_bus_message *m, OtdTokenArgs *args)
{
	const OtdOption *table = otd_daemon_get_token_options();
	OtdTokenOptions options = {.role = OTD_ROLE_PUBLISHER, .type = OTD_TOKEN_TYPE_JWT};
	guint64 seen = 0;
	int r = sd_bus_message_enter_container(m, 'a', "{sv}");

	while (r > 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		const char *key = NULL;
		const char *value = NULL;
		const OtdOption *opt;

		if (sd_bus_message_read_basic(m, 's', &key) < 0)
			return FALSE;
		opt = otd_options_lookup(table, key);
		if (opt == NULL || opt->type != OTD_OPTION_STRING || opt->check != NULL ||
		    (seen & ((guint64)1 << (opt - table))) != 0)
			return FALSE;
		seen |= (guint64)1 << (opt - table);
		/* a variant of another type is refused here (-ENXIO), and the caller rewinds */
		if (sd_bus_message_enter_container(m, 'v', "s") <= 0 ||
		    sd_bus_message_read_basic(m, 's', &value) <= 0 ||
		    sd_bus_message_exit_container(m) < 0 || sd_bus_message_exit_container(m) < 0 ||
		    !otd_option_check_string(opt, key, value, NULL))
			return FALSE;
		if (strcmp(key, "role") == 0) {
			if (!otd_role_from_string(value, &options.role))
				return FALSE;
		} else if (strcmp(key, "data") == 0) {
			options.data = value;
		} else if (strcmp(key, "token_type") == 0) {
			options.type = strcmp(value, "T1") == 0 ? OTD_TOKEN_TYPE_T1 : OTD_TOKEN_TYPE_JWT;
		} else {
			return FALSE;
		}
	}
	if (r < 0 || sd_bus_message_exit_container(m) < 0)
		return FALSE;
	args->options = options;
	return TRUE;
}

static int
method_generate_token(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdDaemon *daemon = userdata;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *token = NULL;
	g_auto(OtdTokenArgs) args = {0};
	JsonObject *body = NULL;
	const char *session_id = NULL;
	g_autoptr(sd_bus_message) reply = NULL;
	char *space = NULL;
	size_t len;
	int r = sd_bus_message_read_basic(m, 's', &session_id);

	if (r < 0)
		return r;
	if (!otd_bus_read_token_options_fast(m, &args)) {
		r = sd_bus_message_rewind(m, TRUE);
		if (r >= 0)
			r = sd_bus_message_read_basic(m, 's', &session_id);
		if (r < 0)
			return r;
		r = otd_bus_message_read_options(m, otd_daemon_get_token_options(), &body, &error);
		if (r < 0)
			return r;
		if (r == 0)
			return otd_bus_token_refuse(m, error, ret_error);
		otd_token_args_init(&args, body);
	}
	/* the policy grants tokens up to a role */
	if (!otd_bus_caller_may(otd_bus_token_capability(args.options.role), &error))
		return otd_bus_set_error(ret_error, error);
	token = otd_daemon_mint_token(daemon, session_id, &args, &error);
	if (token == NULL)
		return otd_bus_set_error(ret_error, error);
	/* the token is ASCII by construction: written into the reply as it is, without the
	 * UTF-8 check and copy of sd_bus_message_append_basic() (most of the reply's cost);
	 * otherwise what sd_bus_reply_method_return() does */
	len = strlen(token);
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_append_string_space(reply, len, &space);
	if (r >= 0) {
		memcpy(space, token, len);
		r = sd_bus_send(NULL, reply, NULL);
	}
	explicit_bzero(token, len);
	return r;
}

static int
method_reload(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdDaemon *daemon = userdata;
	g_autoptr(GError) error = NULL;

	if (!otd_daemon_reload(daemon, &error)) {
		g_warning("reload failed, keeping the running configuration: %s", error->message);
		return otd_bus_set_error(ret_error, error);
	}
	return sd_bus_reply_method_return(m, "");
}

static int
otd_bus_open(OtdBusKind kind, const gchar *address, sd_bus **ret, GError **error)
{
	g_autoptr(sd_bus) bus = NULL;
	int r;

	if (kind == OTD_BUS_KIND_SYSTEM) {
		r = sd_bus_open_system_with_description(&bus, "opentokd");
	} else if (kind == OTD_BUS_KIND_SESSION) {
		r = sd_bus_open_user_with_description(&bus, "opentokd");
	} else {
		r = sd_bus_new(&bus);
		if (r >= 0)
			r = sd_bus_set_address(bus, address);
		if (r >= 0)
			r = sd_bus_set_bus_client(bus, 1);
		if (r >= 0)
			r = sd_bus_set_description(bus, "opentokd");
		if (r >= 0)
			r = sd_bus_start(bus);
	}
	if (r < 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_NOT_REACHABLE, "cannot connect to the %s: %s",
			    kind == OTD_BUS_KIND_SYSTEM	   ? "system bus"
			    : kind == OTD_BUS_KIND_SESSION ? "session bus"
							   : "bus",
			    g_strerror(-r));
		return r;
	}
	*ret = g_steal_pointer(&bus);
	return 0;
}

static gboolean
otd_bus_disconnected_cb(gpointer user_data)
{
	OtdBus *bus = user_data;
	bus->exit_status = 1;
	g_main_loop_quit(bus->loop);
	return G_SOURCE_REMOVE;
}

OtdBus *
otd_bus_new(OtdDaemon *daemon, OtdBusKind kind, const gchar *address, GMainLoop *loop,
	    GError **error)
{
	OtdBus *bus = g_new0(OtdBus, 1);
	int r;

	bus->daemon = daemon;
	bus->last_activity = g_get_monotonic_time();
	bus->loop = g_main_loop_ref(loop);
	bus->objects = g_ptr_array_new_with_free_func((GDestroyNotify)otd_bus_object_free);
	daemon->bus = bus;
	if (otd_bus_open(kind, address, &bus->bus, error) < 0) {
		otd_bus_free(bus);
		return NULL;
	}
	bus->source = otd_bus_source_new(bus->bus, otd_bus_disconnected_cb, bus);
	g_source_attach(bus->source, g_main_loop_get_context(loop));
	r = sd_bus_add_object_manager(bus->bus, &bus->object_manager_slot, OTD_BUS_PATH);
	if (r < 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INTERNAL, "cannot add the object manager: %s",
			    g_strerror(-r));
		otd_bus_free(bus);
		return NULL;
	}
	if (!otd_bus_access_init(bus, error) ||
	    otd_bus_object_add(bus, OTD_BUS_PATH, OTD_BUS_INTERFACE, NULL, otd_root_methods,
			       G_N_ELEMENTS(otd_root_methods), otd_root_properties, daemon,
			       error) == NULL) {
		otd_bus_free(bus);
		return NULL;
	}
	return bus;
}

static int
otd_bus_name_acquired_cb(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	OtdBus *bus = userdata;
	guint32 result = 0;

	if (sd_bus_message_is_method_error(reply, NULL)) {
		g_warning("cannot own %s: %s", OTD_BUS_NAME, sd_bus_message_get_error(reply)->message);
		bus->exit_status = 1;
		g_main_loop_quit(bus->loop);
		return 0;
	}
	if (sd_bus_message_read(reply, "u", &result) < 0 || (result != 1 && result != 4)) {
		g_warning("cannot own %s: another process has it", OTD_BUS_NAME);
		bus->exit_status = 1;
		g_main_loop_quit(bus->loop);
		return 0;
	}
	g_message("ready on %s, API %s, plugins loaded: %u", OTD_BUS_NAME,
		  otd_rest_get_url(bus->daemon->rest), bus->objects->len - 1);
	return 0;
}

void
otd_bus_request_name(OtdBus *bus)
{
	int r = sd_bus_request_name_async(bus->bus, &bus->name_slot, OTD_BUS_NAME, 0,
					  otd_bus_name_acquired_cb, bus);
	if (r < 0) {
		g_warning("cannot request %s: %s", OTD_BUS_NAME, g_strerror(-r));
		bus->exit_status = 1;
		g_main_loop_quit(bus->loop);
	}
}

guint
otd_bus_get_idle_seconds(OtdBus *bus)
{
	if (otd_call_get_live_count() > 0)
		return 0;
	return (guint)((g_get_monotonic_time() - bus->last_activity) / G_USEC_PER_SEC);
}

gint
otd_bus_get_exit_status(OtdBus *bus)
{
	return bus->exit_status;
}

void
otd_bus_free(OtdBus *bus)
{
	if (bus == NULL)
		return;
	otd_call_cancel_all("opentokd is shutting down");
	g_clear_pointer(&bus->objects, g_ptr_array_unref);
	otd_bus_access_clear(bus);
	g_clear_pointer(&bus->object_manager_slot, sd_bus_slot_unref);
	g_clear_pointer(&bus->name_slot, sd_bus_slot_unref);
	if (bus->source != NULL) {
		g_source_destroy(bus->source);
		g_source_unref(bus->source);
	}
	if (bus->bus != NULL)
		sd_bus_flush_close_unref(bus->bus);
	if (bus->daemon != NULL) {
		for (guint i = 0; i < bus->daemon->plugins->len; i++) {
			OtdPlugin *plugin = g_ptr_array_index(bus->daemon->plugins, i);
			plugin->bus_object = NULL;
		}
		bus->daemon->bus = NULL;
	}
	g_main_loop_unref(bus->loop);
	g_free(bus);
}
