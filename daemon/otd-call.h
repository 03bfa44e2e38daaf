/* a method call answered later: the message ref, a cancellable, exactly one reply */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <systemd/sd-bus.h>

#include "otd-json-doc.h"

G_BEGIN_DECLS

typedef struct _OtdCall OtdCall;

OtdCall *
otd_call_new(sd_bus_message *message);
OtdCall *
otd_call_ref(OtdCall *call);
void
otd_call_unref(OtdCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdCall, otd_call_unref)

GCancellable *
otd_call_get_cancellable(OtdCall *call);
sd_bus_message *
otd_call_get_message(OtdCall *call);

/* @body is a tuple of the reply's out arguments, e.g. g_variant_new("(s)", id); floating
 * references are sunk. Only the first reply of a call is sent. */
void
otd_call_return(OtdCall *call, GVariant *body);
/* replies (a{sv}) with @object, or (aa{sv}u) with @items and @total, converted by the
 * rules of otd-json.h straight into the message */
void
otd_call_return_json_dict(OtdCall *call, const OtdJsonVal *object,
			  const gchar *const *data_maps);
void
otd_call_return_json_items(OtdCall *call, const OtdJsonVal *items, guint32 total,
			   const gchar *const *data_maps);
void
otd_call_return_error(OtdCall *call, const GError *error);

/* shutdown: cancels every live call and answers it with Cancelled */
void
otd_call_cancel_all(const gchar *reason);
guint
otd_call_get_live_count(void);

/* GVariant <-> sd-bus message, for arguments and replies */
int
otd_bus_message_append_gvariant(sd_bus_message *m, GVariant *value);
/* a JSON object as a{sv}, an array of objects as aa{sv} (otd-json.h's rules) */
int
otd_bus_message_append_json_object(sd_bus_message *m, const OtdJsonVal *object,
				   const gchar *const *data_maps);
int
otd_bus_message_append_json_dict_array(sd_bus_message *m, const OtdJsonVal *array,
				       const gchar *const *data_maps);
/* reads the next complete value of the message */
int
otd_bus_message_read_gvariant(sd_bus_message *m, GVariant **ret);
/* reads an a{sv} argument checked against an option table (otd-json.h) into its JSON
 * body: 1 and @ret_body, 0 and @error for a refused option, or a negative errno when the
 * message cannot be read */
typedef struct _OtdOption OtdOption;
int
otd_bus_message_read_options(sd_bus_message *m, const OtdOption *table, JsonObject **ret_body,
			     GError **error);
/* reads an a{sv} argument; a wrong type is an InvalidArgs error in @ret_error */
int
otd_bus_message_read_vardict(sd_bus_message *m, GVariant **ret);

/* sets @ret_error from a GError (converting foreign domains) and returns a negative errno,
 * so a handler can `return otd_bus_set_error(ret_error, error);` */
int
otd_bus_set_error(sd_bus_error *ret_error, const GError *error);

G_END_DECLS
