/*
 * Renders: typed wrappers over otk_client_call_area() for the Renders interface. Start
 * and List always send their a{sv}, an empty one for NULL options.
 */
#include "otk-client-private.h"
#include "otk-renders.h"

#define OTK_RENDERS_AREA "Renders"

OTK_PUBLIC int
otk_client_render_start(OtkClient *self,
			const char *session_id,
			const char *token,
			const char *url,
			const OtkOptions *options,
			OtkDict **ret_render,
			OtkCallError **ret_error)
{
	const char *strings[] = {
	    otk_call_arg(session_id), otk_call_arg(token), otk_call_arg(url), NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(
	    self, OTK_RENDERS_AREA, "Start", &args, OTK_REPLY_DICT, ret_render, ret_error);
}

OTK_PUBLIC int
otk_client_render_get(OtkClient *self,
		      const char *render_id,
		      OtkDict **ret_render,
		      OtkCallError **ret_error)
{
	const char *strings[] = {otk_call_arg(render_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_RENDERS_AREA, "Get", &args, OTK_REPLY_DICT, ret_render, ret_error);
}

OTK_PUBLIC int
otk_client_render_list(OtkClient *self,
		       const OtkOptions *filter,
		       OtkDict **ret_list,
		       OtkCallError **ret_error)
{
	OtkCallArgs args = {NULL, filter, true};
	return otk_client_call_area(
	    self, OTK_RENDERS_AREA, "List", &args, OTK_REPLY_LIST, ret_list, ret_error);
}

OTK_PUBLIC int
otk_client_render_stop(OtkClient *self, const char *render_id, OtkCallError **ret_error)
{
	const char *strings[] = {otk_call_arg(render_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_RENDERS_AREA, "Stop", &args, OTK_REPLY_NONE, NULL, ret_error);
}
