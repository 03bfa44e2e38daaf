/*
 * Captions: typed wrappers over otk_client_call_area() for the Captions interface.
 * Start always sends its a{sv}, an empty one for NULL options.
 */
#include "otk-captions.h"
#include "otk-client-private.h"

#define OTK_CAPTIONS_AREA "Captions"

OTK_PUBLIC int
otk_client_captions_start(OtkClient *self,
			  const char *session_id,
			  const char *token,
			  const OtkOptions *options,
			  char **ret_captions_id,
			  OtkCallError **ret_error)
{
	const char *strings[] = {otk_call_arg(session_id), otk_call_arg(token), NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(self,
				    OTK_CAPTIONS_AREA,
				    "Start",
				    &args,
				    OTK_REPLY_STRING,
				    ret_captions_id,
				    ret_error);
}

OTK_PUBLIC int
otk_client_captions_stop(OtkClient *self, const char *captions_id, OtkCallError **ret_error)
{
	const char *strings[] = {otk_call_arg(captions_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_CAPTIONS_AREA, "Stop", &args, OTK_REPLY_NONE, NULL, ret_error);
}
