/*
 * Private interfaces of libopentokd-client that carry sd-bus types. Never installed;
 * the unit tests link the library's static twin to reach them.
 */
#pragma once

#include <stdbool.h>
#include <string.h>
#include <systemd/sd-bus.h>

#include "otk-call-error.h"
#include "otk-client.h"
#include "otk-dict.h"
#include "otk-options.h"
#include "otk-private.h"
#include "otk-streams.h"

#define OTK_BUS_NAME	 "org.opentokd.OpenTok1"
#define OTK_ROOT_PATH	 "/org/opentokd/OpenTok1"
#define OTK_ROOT_IFACE	 "org.opentokd.OpenTok1"
#define OTK_PATH_MAX_LEN 256

/* otk-call-error.c */
OtkCallError *
otk_call_error_new(const char *name, const char *message, bool unreachable);
int
otk_call_error_set_from_bus(OtkCallError **ret_error, const sd_bus_error *error, int r);
int
otk_call_error_set_errno(OtkCallError **ret_error, int r, bool unreachable, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool
otk_call_error_name_is_unreachable(const char *name);

/* otk-options.c: appends one a{sv} argument; NULL appends an empty one */
int
otk_options_append(const OtkOptions *self, sd_bus_message *m);

/* otk-streams.c: appends one a{sas} argument; NULL appends an empty one */
int
otk_layout_classes_append(const OtkLayoutClasses *self, sd_bus_message *m);

/* otk-dict-read.c: reads the value at the current position of @m */
int
otk_dict_read(sd_bus_message *m, OtkDict **ret_dict);
int
otk_value_read(sd_bus_message *m, OtkValue **ret_value);
int
otk_dict_read_list_reply(sd_bus_message *m, OtkDict **ret_dict);

/* otk-client.c */
typedef int (*OtkAppendFunc)(sd_bus_message *m, const void *user_data);

OtkClient *
otk_client_new_for_bus(sd_bus *bus);
int
otk_client_call_method(OtkClient *self,
		       const char *path,
		       const char *interface,
		       const char *member,
		       OtkAppendFunc append,
		       const void *user_data,
		       sd_bus_message **ret_reply,
		       OtkCallError **ret_error);

typedef enum {
	OTK_REPLY_NONE,
	OTK_REPLY_STRING,
	OTK_REPLY_DICT,
	OTK_REPLY_LIST,
} OtkReplyKind;

/*
 * The arguments of a call to an area: strings, then what @append writes (arguments of
 * other types, e.g. an `as` or an `a{sas}`), then an optional a{sv}. Positional
 * initializers may stop after with_options.
 */
typedef struct {
	const char *const *strings;
	const OtkOptions *options;
	bool with_options; /* send an a{sv}, an empty one when options is NULL */
	OtkAppendFunc append; /* NULL: nothing between the strings and the options */
	const void *append_data;
} OtkCallArgs;

/* a NULL id or token goes out as "": the daemon refuses an empty id by name (or mints a token) */
static inline const char *
otk_call_arg(const char *s)
{
	return s != NULL ? s : "";
}

/*
 * Calls @method of @area (NULL or "" for the root interface) with @args and reads a
 * reply of @kind into @ret: a char ** for a string, an OtkDict ** for a dict or list.
 * @ret may be NULL to check the reply's signature and drop it.
 */
int
otk_client_call_area(OtkClient *self,
		     const char *area,
		     const char *method,
		     const OtkCallArgs *args,
		     OtkReplyKind kind,
		     void *ret,
		     OtkCallError **ret_error);
