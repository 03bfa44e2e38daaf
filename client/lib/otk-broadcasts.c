/*
 * Broadcasts: typed wrappers over otk_client_call_area() for the Broadcasts interface,
 * the same shape as Archives without Delete. Methods that take an a{sv} always send
 * one, an empty one for NULL options, because the daemon's signatures require it.
 */
#include "otk-broadcasts.h"
#include "otk-client-private.h"

#define OTK_BROADCASTS_AREA "Broadcasts"

/* NULL ids go out as "" so that the daemon refuses them by name, as elsewhere */
static const char *
otk_broadcast_arg(const char *s)
{
	return s != NULL ? s : "";
}

OTK_PUBLIC int
otk_client_broadcast_start(OtkClient *self,
			   const char *session_id,
			   const OtkOptions *options,
			   OtkDict **ret_broadcast,
			   OtkCallError **ret_error)
{
	const char *strings[] = {otk_broadcast_arg(session_id), NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(
	    self, OTK_BROADCASTS_AREA, "Start", &args, OTK_REPLY_DICT, ret_broadcast, ret_error);
}

OTK_PUBLIC int
otk_client_broadcast_get(OtkClient *self,
			 const char *broadcast_id,
			 OtkDict **ret_broadcast,
			 OtkCallError **ret_error)
{
	const char *strings[] = {otk_broadcast_arg(broadcast_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_BROADCASTS_AREA, "Get", &args, OTK_REPLY_DICT, ret_broadcast, ret_error);
}

OTK_PUBLIC int
otk_client_broadcast_list(OtkClient *self,
			  const OtkOptions *filter,
			  OtkDict **ret_list,
			  OtkCallError **ret_error)
{
	OtkCallArgs args = {NULL, filter, true};
	return otk_client_call_area(
	    self, OTK_BROADCASTS_AREA, "List", &args, OTK_REPLY_LIST, ret_list, ret_error);
}

OTK_PUBLIC int
otk_client_broadcast_stop(OtkClient *self,
			  const char *broadcast_id,
			  OtkDict **ret_broadcast,
			  OtkCallError **ret_error)
{
	const char *strings[] = {otk_broadcast_arg(broadcast_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_BROADCASTS_AREA, "Stop", &args, OTK_REPLY_DICT, ret_broadcast, ret_error);
}

OTK_PUBLIC int
otk_client_broadcast_set_layout(OtkClient *self,
				const char *broadcast_id,
				const OtkOptions *layout,
				OtkCallError **ret_error)
{
	const char *strings[] = {otk_broadcast_arg(broadcast_id), NULL};
	OtkCallArgs args = {strings, layout, true};
	return otk_client_call_area(
	    self, OTK_BROADCASTS_AREA, "SetLayout", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_broadcast_add_stream(OtkClient *self,
				const char *broadcast_id,
				const char *stream_id,
				const OtkOptions *options,
				OtkCallError **ret_error)
{
	const char *strings[] = {
	    otk_broadcast_arg(broadcast_id), otk_broadcast_arg(stream_id), NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(
	    self, OTK_BROADCASTS_AREA, "AddStream", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_broadcast_remove_stream(OtkClient *self,
				   const char *broadcast_id,
				   const char *stream_id,
				   OtkCallError **ret_error)
{
	const char *strings[] = {
	    otk_broadcast_arg(broadcast_id), otk_broadcast_arg(stream_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_BROADCASTS_AREA, "RemoveStream", &args, OTK_REPLY_NONE, NULL, ret_error);
}
