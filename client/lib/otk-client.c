/*
 * OtkClient: one sd-bus connection and synchronous calls to opentokd. Every method goes
 * through otk_client_call_method(), and the per-area wrappers are a line or two over
 * the generic string/dict/list helpers, so a new area adds wrappers, not plumbing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "otk-client-private.h"
#include "otk-dict-private.h"

struct OtkClient {
	sd_bus *bus;
	uint64_t timeout_usec;
};

OtkClient *
otk_client_new_for_bus(sd_bus *bus)
{
	OtkClient *self = calloc(1, sizeof(*self));

	if (self == NULL)
		return NULL;
	self->bus = sd_bus_ref(bus);
	self->timeout_usec = OTK_CLIENT_DEFAULT_TIMEOUT_MS * UINT64_C(1000);
	return self;
}

static OtkClient *
otk_client_new_connected(sd_bus *bus, OtkCallError **ret_error)
{
	OtkClient *self = otk_client_new_for_bus(bus);

	if (self == NULL)
		otk_call_error_set_errno(ret_error, -ENOMEM, false, "cannot create the client");
	return self;
}

OTK_PUBLIC OtkClient *
otk_client_new_system(OtkCallError **ret_error)
{
	OTK_CLEANUP(sd_bus_unrefp) sd_bus *bus = NULL;
	int r = sd_bus_open_system(&bus);

	if (r < 0) {
		otk_call_error_set_errno(ret_error, r, true, "cannot connect to the system bus");
		return NULL;
	}
	return otk_client_new_connected(bus, ret_error);
}

OTK_PUBLIC OtkClient *
otk_client_new_session(OtkCallError **ret_error)
{
	OTK_CLEANUP(sd_bus_unrefp) sd_bus *bus = NULL;
	int r = sd_bus_open_user(&bus);

	if (r < 0) {
		otk_call_error_set_errno(ret_error, r, true, "cannot connect to the session bus");
		return NULL;
	}
	return otk_client_new_connected(bus, ret_error);
}

OTK_PUBLIC OtkClient *
otk_client_new_address(const char *address, OtkCallError **ret_error)
{
	OTK_CLEANUP(sd_bus_unrefp) sd_bus *bus = NULL;
	int r;

	if (address == NULL || address[0] == '\0') {
		otk_call_error_set_errno(ret_error, -EINVAL, false, "no bus address given");
		return NULL;
	}
	r = sd_bus_new(&bus);
	if (r >= 0)
		r = sd_bus_set_address(bus, address);
	if (r >= 0)
		r = sd_bus_set_bus_client(bus, 1);
	if (r >= 0)
		r = sd_bus_start(bus);
	if (r < 0) {
		otk_call_error_set_errno(
		    ret_error, r, true, "cannot connect to the bus at %s", address);
		return NULL;
	}
	return otk_client_new_connected(bus, ret_error);
}

OTK_PUBLIC void
otk_client_free(OtkClient *self)
{
	if (self == NULL)
		return;
	sd_bus_flush_close_unref(self->bus);
	free(self);
}

OTK_PUBLIC void
otk_client_set_timeout_ms(OtkClient *self, uint64_t timeout_ms)
{
	if (self == NULL)
		return;
	if (timeout_ms == 0)
		timeout_ms = OTK_CLIENT_DEFAULT_TIMEOUT_MS;
	if (timeout_ms > UINT64_MAX / 1000)
		timeout_ms = UINT64_MAX / 1000;
	self->timeout_usec = timeout_ms * 1000;
}

OTK_PUBLIC uint64_t
otk_client_get_timeout_ms(const OtkClient *self)
{
	return self != NULL ? self->timeout_usec / 1000 : 0;
}

int
otk_client_call_method(OtkClient *self,
		       const char *path,
		       const char *interface,
		       const char *member,
		       OtkAppendFunc append,
		       const void *user_data,
		       sd_bus_message **ret_reply,
		       OtkCallError **ret_error)
{
	OTK_CLEANUP(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = NULL;
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	int r;

	if (self == NULL || member == NULL)
		return otk_call_error_set_errno(ret_error, -EINVAL, false, "invalid call");
	r = sd_bus_message_new_method_call(self->bus, &m, OTK_BUS_NAME, path, interface, member);
	if (r < 0)
		return otk_call_error_set_errno(ret_error, r, false, "cannot build %s", member);
	if (append != NULL) {
		r = append(m, user_data);
		if (r < 0)
			return otk_call_error_set_errno(ret_error,
							r,
							false,
							"cannot build the arguments of %s",
							member);
	}
	r = sd_bus_call(self->bus, m, self->timeout_usec, &error, &reply);
	if (r < 0)
		return otk_call_error_set_from_bus(ret_error, &error, r);
	if (ret_reply != NULL)
		*ret_reply = otk_steal_pointer(&reply);
	return 0;
}

static int
otk_client_append_args(sd_bus_message *m, const void *user_data)
{
	const OtkCallArgs *args = user_data;

	for (size_t i = 0; args->strings != NULL && args->strings[i] != NULL; i++) {
		int r = sd_bus_message_append_basic(m, 's', args->strings[i]);
		if (r < 0)
			return r;
	}
	if (args->append != NULL) {
		int r = args->append(m, args->append_data);
		if (r < 0)
			return r;
	}
	if (!args->with_options)
		return 0;
	return otk_options_append(args->options, m);
}

static const char *
otk_reply_signature(OtkReplyKind kind)
{
	switch (kind) {
	case OTK_REPLY_STRING:
		return "s";
	case OTK_REPLY_DICT:
		return "a{sv}";
	case OTK_REPLY_LIST:
		return "aa{sv}u";
	case OTK_REPLY_NONE:
	default:
		return NULL;
	}
}

/* reads @reply into @ret (char ** or OtkDict **) according to @kind */
static int
otk_client_read_reply(sd_bus_message *reply, OtkReplyKind kind, void *ret)
{
	const char *s;
	char *copy;
	int r;

	switch (kind) {
	case OTK_REPLY_STRING:
		r = sd_bus_message_read_basic(reply, 's', &s);
		if (r < 0)
			return r;
		copy = strdup(s);
		if (copy == NULL)
			return -ENOMEM;
		*(char **)ret = copy;
		return 0;
	case OTK_REPLY_DICT:
		return otk_dict_read(reply, ret);
	case OTK_REPLY_LIST:
		return otk_dict_read_list_reply(reply, ret);
	case OTK_REPLY_NONE:
	default:
		return 0;
	}
}

/* an area names one object path element and one interface element */
static bool
otk_area_is_valid(const char *area)
{
	size_t len = strlen(area);
	return len <= 64 && strspn(area,
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz"
				   "0123456789") == len;
}

int
otk_client_call_area(OtkClient *self,
		     const char *area,
		     const char *method,
		     const OtkCallArgs *args,
		     OtkReplyKind kind,
		     void *ret,
		     OtkCallError **ret_error)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *signature = otk_reply_signature(kind);
	char path[OTK_PATH_MAX_LEN];
	char iface[OTK_PATH_MAX_LEN];
	bool root = area == NULL || area[0] == '\0';
	int r;

	if (!root && !otk_area_is_valid(area))
		return otk_call_error_set_errno(
		    ret_error, -EINVAL, false, "invalid area '%s'", area);
	snprintf(path, sizeof(path), "%s%s%s", OTK_ROOT_PATH, root ? "" : "/", root ? "" : area);
	snprintf(iface, sizeof(iface), "%s%s%s", OTK_ROOT_IFACE, root ? "" : ".", root ? "" : area);
	r = otk_client_call_method(self,
				   path,
				   iface,
				   method,
				   otk_client_append_args,
				   args,
				   &reply,
				   ret_error);
	if (r < 0 || signature == NULL)
		return r;
	/* a caller that does not want the result still gets its shape checked */
	if (!sd_bus_message_has_signature(reply, signature))
		return otk_call_error_set_errno(
		    ret_error,
		    -EBADMSG,
		    false,
		    "unexpected reply to %s: signature '%s' instead of '%s'",
		    method,
		    sd_bus_message_get_signature(reply, 1),
		    signature);
	if (ret == NULL)
		return 0;
	r = otk_client_read_reply(reply, kind, ret);
	if (r < 0)
		return otk_call_error_set_errno(
		    ret_error, r, false, "cannot read the reply to %s", method);
	return 0;
}

OTK_PUBLIC int
otk_client_call(OtkClient *self,
		const char *area,
		const char *method,
		const char *const *args,
		const OtkOptions *options,
		OtkCallError **ret_error)
{
	OtkCallArgs call_args = {args, options, options != NULL};
	return otk_client_call_area(
	    self, area, method, &call_args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_call_string(OtkClient *self,
		       const char *area,
		       const char *method,
		       const char *const *args,
		       const OtkOptions *options,
		       char **ret_string,
		       OtkCallError **ret_error)
{
	OtkCallArgs call_args = {args, options, options != NULL};
	return otk_client_call_area(self,
				    area,
				    method,
				    &call_args,
				    OTK_REPLY_STRING,
				    ret_string,
				    ret_error);
}

OTK_PUBLIC int
otk_client_call_dict(OtkClient *self,
		     const char *area,
		     const char *method,
		     const char *const *args,
		     const OtkOptions *options,
		     OtkDict **ret_dict,
		     OtkCallError **ret_error)
{
	OtkCallArgs call_args = {args, options, options != NULL};
	return otk_client_call_area(
	    self, area, method, &call_args, OTK_REPLY_DICT, ret_dict, ret_error);
}

OTK_PUBLIC int
otk_client_call_list(OtkClient *self,
		     const char *area,
		     const char *method,
		     const char *const *args,
		     const OtkOptions *options,
		     OtkDict **ret_list,
		     OtkCallError **ret_error)
{
	OtkCallArgs call_args = {args, options, options != NULL};
	return otk_client_call_area(
	    self, area, method, &call_args, OTK_REPLY_LIST, ret_list, ret_error);
}

OTK_PUBLIC int
otk_client_ping(OtkClient *self, OtkCallError **ret_error)
{
	return otk_client_call_method(self,
				      OTK_ROOT_PATH,
				      "org.freedesktop.DBus.Peer",
				      "Ping",
				      NULL,
				      NULL,
				      NULL,
				      ret_error);
}

OTK_PUBLIC int
otk_client_reload(OtkClient *self, OtkCallError **ret_error)
{
	OtkCallArgs args = {NULL, NULL, false};
	return otk_client_call_area(self, NULL, "Reload", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_create_session(OtkClient *self,
			  const OtkOptions *options,
			  char **ret_session_id,
			  OtkCallError **ret_error)
{
	OtkCallArgs args = {NULL, options, true};
	return otk_client_call_area(self,
				    NULL,
				    "CreateSession",
				    &args,
				    OTK_REPLY_STRING,
				    ret_session_id,
				    ret_error);
}

OTK_PUBLIC int
otk_client_generate_token(OtkClient *self,
			  const char *session_id,
			  const OtkOptions *options,
			  char **ret_token,
			  OtkCallError **ret_error)
{
	const char *strings[] = {session_id != NULL ? session_id : "", NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(self,
				    NULL,
				    "GenerateToken",
				    &args,
				    OTK_REPLY_STRING,
				    ret_token,
				    ret_error);
}

OTK_PUBLIC int
otk_client_list_connections(OtkClient *self,
			    const char *session_id,
			    OtkDict **ret_list,
			    OtkCallError **ret_error)
{
	const char *args[] = {session_id != NULL ? session_id : "", NULL};
	return otk_client_call_list(self, "Connections", "List", args, NULL, ret_list, ret_error);
}

OTK_PUBLIC int
otk_client_force_disconnect(OtkClient *self,
			    const char *session_id,
			    const char *connection_id,
			    OtkCallError **ret_error)
{
	const char *args[] = {
	    session_id != NULL ? session_id : "",
	    connection_id != NULL ? connection_id : "",
	    NULL,
	};
	return otk_client_call(self, "Connections", "ForceDisconnect", args, NULL, ret_error);
}

/* "ApiKey" -> "api_key": property names in the style of the result keys */
static char *
otk_snake_case(const char *name)
{
	size_t len = strlen(name);
	char *out = malloc(len * 2 + 1);
	size_t j = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		bool upper = c >= 'A' && c <= 'Z';
		bool after_word = i > 0 && ((name[i - 1] >= 'a' && name[i - 1] <= 'z') ||
					    (name[i - 1] >= '0' && name[i - 1] <= '9'));
		bool ends_acronym = i > 0 && name[i - 1] >= 'A' && name[i - 1] <= 'Z' &&
				    name[i + 1] >= 'a' && name[i + 1] <= 'z';
		if (upper && (after_word || ends_acronym))
			out[j++] = '_';
		out[j++] = upper ? (char)(c - 'A' + 'a') : c;
	}
	out[j] = '\0';
	return out;
}

static int
otk_append_root_interface(sd_bus_message *m, const void *user_data)
{
	return sd_bus_message_append_basic(m, 's', OTK_ROOT_IFACE);
}

/* moves the values of @props into a new dictionary with snake_case keys */
static int
otk_status_from_properties(OtkDict *props, OtkDict **ret_status)
{
	OTK_CLEANUP(otk_dict_freep) OtkDict *status = otk_dict_new();

	if (status == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < props->n; i++) {
		OTK_AUTOFREE char *key = otk_snake_case(props->entries[i].key);
		int r;
		if (key == NULL)
			return -ENOMEM;
		r = otk_dict_take(status, key, otk_steal_pointer(&props->entries[i].value));
		if (r < 0)
			return r;
	}
	*ret_status = otk_steal_pointer(&status);
	return 0;
}

OTK_PUBLIC int
otk_client_get_status(OtkClient *self, OtkDict **ret_status, OtkCallError **ret_error)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *props = NULL;
	int r = otk_client_call_method(self,
				       OTK_ROOT_PATH,
				       "org.freedesktop.DBus.Properties",
				       "GetAll",
				       otk_append_root_interface,
				       NULL,
				       &reply,
				       ret_error);

	if (r < 0)
		return r;
	r = otk_dict_read(reply, &props);
	if (r >= 0)
		r = otk_status_from_properties(props, ret_status);
	if (r < 0)
		return otk_call_error_set_errno(ret_error, r, false, "cannot read the properties");
	return 0;
}
