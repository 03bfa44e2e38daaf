/*
 * OtkCallError: an error reply, or a local failure, turned into something a caller
 * without GLib can keep, print and classify.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "otk-client-private.h"

struct OtkCallError {
	OtkError code;
	char *name;
	char *message;
	bool unreachable;
};

/* errors that mean the daemon was never reached or never answered */
static const char *const otk_unreachable_names[] = {
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
    "org.freedesktop.DBus.Error.NoReply",
    "org.freedesktop.DBus.Error.Disconnected",
    "org.freedesktop.DBus.Error.NoServer",
    "org.freedesktop.DBus.Error.FileNotFound",
    "org.freedesktop.DBus.Error.Timeout",
    /* sd-bus names transport errnos it has no D-Bus name for like this */
    "System.Error.ECONNREFUSED",
    "System.Error.ENOTCONN",
    "System.Error.EPIPE",
    "System.Error.ESHUTDOWN",
    "System.Error.EHOSTUNREACH",
    "System.Error.ENETUNREACH",
};

bool
otk_call_error_name_is_unreachable(const char *name)
{
	if (name == NULL)
		return false;
	for (size_t i = 0; i < OTK_N_ELEMENTS(otk_unreachable_names); i++) {
		if (strcmp(otk_unreachable_names[i], name) == 0)
			return true;
	}
	return false;
}

OtkCallError *
otk_call_error_new(const char *name, const char *message, bool unreachable)
{
	OtkCallError *self = calloc(1, sizeof(*self));
	if (self == NULL)
		return NULL;
	self->name = strdup(name != NULL ? name : OTK_ERROR_PREFIX "Internal");
	self->message = strdup(message != NULL ? message : "");
	if (self->name == NULL || self->message == NULL) {
		otk_call_error_free(self);
		return NULL;
	}
	/* only names under our own prefix are ours: a foreign "InvalidArgs" is not */
	if (strncmp(self->name, OTK_ERROR_PREFIX, strlen(OTK_ERROR_PREFIX)) == 0)
		self->code = otk_error_from_dbus_name(self->name);
	self->unreachable = unreachable || otk_call_error_name_is_unreachable(self->name);
	return self;
}

static void
otk_call_error_store(OtkCallError **ret_error, OtkCallError *error)
{
	if (ret_error != NULL)
		*ret_error = error;
	else
		otk_call_error_free(error);
}

/* @r is the negative errno sd-bus returned alongside @error; returns a negative errno */
int
otk_call_error_set_from_bus(OtkCallError **ret_error, const sd_bus_error *error, int r)
{
	OTK_CLEANUP(sd_bus_error_free) sd_bus_error local = SD_BUS_ERROR_NULL;

	if (r >= 0)
		r = -EIO;
	if (error == NULL || !sd_bus_error_is_set(error)) {
		sd_bus_error_set_errno(&local, r);
		error = &local;
	}
	otk_call_error_store(ret_error, otk_call_error_new(error->name, error->message, false));
	return r;
}

int
otk_call_error_set_errno(OtkCallError **ret_error, int r, bool unreachable, const char *fmt, ...)
{
	OTK_CLEANUP(sd_bus_error_free) sd_bus_error named = SD_BUS_ERROR_NULL;
	OTK_AUTOFREE char *context = NULL;
	OTK_AUTOFREE char *message = NULL;
	va_list ap;

	if (r >= 0)
		r = -EIO;
	if (ret_error == NULL)
		return r;
	va_start(ap, fmt);
	if (vasprintf(&context, fmt, ap) < 0)
		context = NULL;
	va_end(ap);
	sd_bus_error_set_errno(&named, r);
	if (asprintf(&message, "%s: %s", context != NULL ? context : "error", strerror(-r)) < 0)
		message = NULL;
	*ret_error = otk_call_error_new(named.name, message, unreachable);
	return r;
}

OTK_PUBLIC OtkError
otk_call_error_get_code(const OtkCallError *self)
{
	return self != NULL ? self->code : OTK_ERROR_NONE;
}

OTK_PUBLIC const char *
otk_call_error_get_name(const OtkCallError *self)
{
	return self != NULL ? self->name : NULL;
}

OTK_PUBLIC const char *
otk_call_error_get_short_name(const OtkCallError *self)
{
	const char *dot;

	if (self == NULL)
		return NULL;
	dot = strrchr(self->name, '.');
	return dot != NULL && dot[1] != '\0' ? dot + 1 : self->name;
}

OTK_PUBLIC const char *
otk_call_error_get_message(const OtkCallError *self)
{
	return self != NULL ? self->message : NULL;
}

OTK_PUBLIC bool
otk_call_error_is_unreachable(const OtkCallError *self)
{
	return self != NULL && self->unreachable;
}

OTK_PUBLIC void
otk_call_error_free(OtkCallError *self)
{
	if (self == NULL)
		return;
	free(self->name);
	free(self->message);
	free(self);
}
