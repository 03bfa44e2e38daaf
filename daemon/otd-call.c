/* pending calls: replying exactly once, and cancelling them all at shutdown */
#include "config.h"

#include <errno.h>

#include "otd-call.h"
#include "otd-error.h"
#include "otd-sd-bus-glib.h"

struct _OtdCall {
	gint refcount;
	sd_bus_message *message;
	GCancellable *cancellable;
	gboolean replied;
	GList link; /* in otd_call_live */
};

static GQueue otd_call_live = G_QUEUE_INIT;

OtdCall *
otd_call_new(sd_bus_message *message)
{
	OtdCall *call = g_new0(OtdCall, 1);
	call->refcount = 1;
	call->message = sd_bus_message_ref(message);
	call->cancellable = g_cancellable_new();
	call->link.data = call;
	g_queue_push_tail_link(&otd_call_live, &call->link);
	return call;
}

OtdCall *
otd_call_ref(OtdCall *call)
{
	call->refcount++;
	return call;
}

static void
otd_call_unlink(OtdCall *call)
{
	if (call->link.data == NULL)
		return;
	g_queue_unlink(&otd_call_live, &call->link);
	call->link.data = NULL;
}

void
otd_call_unref(OtdCall *call)
{
	if (call == NULL || --call->refcount > 0)
		return;
	if (!call->replied) {
		/* a handler forgot to answer: never leave the caller waiting */
		g_autoptr(GError) error = g_error_new_literal(OTD_ERROR, OTD_ERROR_INTERNAL,
							      "the call ended without an answer");
		g_warning("%s.%s ended without an answer", sd_bus_message_get_interface(call->message),
			  sd_bus_message_get_member(call->message));
		otd_call_return_error(call, error);
	}
	otd_call_unlink(call);
	sd_bus_message_unref(call->message);
	g_object_unref(call->cancellable);
	g_free(call);
}

GCancellable *
otd_call_get_cancellable(OtdCall *call)
{
	return call->cancellable;
}

sd_bus_message *
otd_call_get_message(OtdCall *call)
{
	return call->message;
}

/* marks the call answered and starts its reply: NULL with *ret_r untouched if it was
 * answered already, NULL with *ret_r < 0 if no reply can be made */
static sd_bus_message *
otd_call_begin_reply(OtdCall *call, int *ret_r)
{
	sd_bus_message *reply = NULL;

	if (call->replied)
		return NULL;
	call->replied = TRUE;
	otd_call_unlink(call);
	*ret_r = sd_bus_message_new_method_return(call->message, &reply);
	return reply;
}

static void
otd_call_send_reply(OtdCall *call, sd_bus_message *reply, int r)
{
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	if (r < 0) {
		g_warning("cannot send the reply to %s, ignoring: %s",
			  sd_bus_message_get_member(call->message), g_strerror(-r));
	}
	sd_bus_message_unref(reply);
}

void
otd_call_return(OtdCall *call, GVariant *body)
{
	g_autoptr(GVariant) owned = body != NULL ? g_variant_ref_sink(body) : NULL;
	int r = 0;
	sd_bus_message *reply = otd_call_begin_reply(call, &r);

	if (reply == NULL && r == 0)
		return;
	for (gsize i = 0; r >= 0 && owned != NULL && i < g_variant_n_children(owned); i++) {
		g_autoptr(GVariant) child = g_variant_get_child_value(owned, i);
		r = otd_bus_message_append_gvariant(reply, child);
	}
	otd_call_send_reply(call, reply, r);
}

void
otd_call_return_json_dict(OtdCall *call, const OtdJsonVal *object,
			  const gchar *const *data_maps)
{
	int r = 0;
	sd_bus_message *reply = otd_call_begin_reply(call, &r);

	if (reply == NULL && r == 0)
		return;
	if (r >= 0)
		r = otd_bus_message_append_json_object(reply, object, data_maps);
	otd_call_send_reply(call, reply, r);
}

void
otd_call_return_json_items(OtdCall *call, const OtdJsonVal *items, guint32 total,
			   const gchar *const *data_maps)
{
	int r = 0;
	sd_bus_message *reply = otd_call_begin_reply(call, &r);

	if (reply == NULL && r == 0)
		return;
	if (r >= 0)
		r = otd_bus_message_append_json_dict_array(reply, items, data_maps);
	if (r >= 0)
		r = sd_bus_message_append_basic(reply, 'u', &total);
	otd_call_send_reply(call, reply, r);
}

int
otd_bus_set_error(sd_bus_error *ret_error, const GError *error)
{
	g_autoptr(GError) copy = g_error_copy(error);

	otd_error_convert(&copy);
	return sd_bus_error_set(ret_error, otd_error_to_dbus_name(copy->code), copy->message);
}

void
otd_call_return_error(OtdCall *call, const GError *error)
{
	g_auto(sd_bus_error) bus_error = SD_BUS_ERROR_NULL;
	int r;

	if (call->replied)
		return;
	call->replied = TRUE;
	otd_call_unlink(call);
	otd_bus_set_error(&bus_error, error);
	r = sd_bus_reply_method_error(call->message, &bus_error);
	if (r < 0)
		g_debug("cannot send the error reply, ignoring: %s", g_strerror(-r));
}

void
otd_call_cancel_all(const gchar *reason)
{
	g_autoptr(GError) error = g_error_new_literal(OTD_ERROR, OTD_ERROR_CANCELLED, reason);

	while (otd_call_live.head != NULL) {
		OtdCall *call = otd_call_live.head->data;
		/* the reply first, so the cancellation callbacks find the call answered */
		otd_call_ref(call);
		otd_call_return_error(call, error);
		g_cancellable_cancel(call->cancellable);
		otd_call_unref(call);
	}
}

guint
otd_call_get_live_count(void)
{
	return otd_call_live.length;
}
