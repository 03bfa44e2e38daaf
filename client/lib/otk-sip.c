/*
 * SIP: typed wrappers over otk_client_call_area() for the Sip interface. Dial always
 * sends its a{sv}, an empty one for NULL options, because the daemon's signature
 * requires it.
 */
#include "otk-client-private.h"
#include "otk-sip.h"

#define OTK_SIP_AREA "Sip"

OTK_PUBLIC int
otk_client_sip_dial(OtkClient *self,
		    const char *session_id,
		    const char *token,
		    const char *sip_uri,
		    const OtkOptions *options,
		    OtkDict **ret_call,
		    OtkCallError **ret_error)
{
	const char *strings[] = {
	    otk_call_arg(session_id), otk_call_arg(token), otk_call_arg(sip_uri), NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(
	    self, OTK_SIP_AREA, "Dial", &args, OTK_REPLY_DICT, ret_call, ret_error);
}

OTK_PUBLIC int
otk_client_sip_play_dtmf(OtkClient *self,
			 const char *session_id,
			 const char *connection_id,
			 const char *digits,
			 OtkCallError **ret_error)
{
	const char *strings[] = {
	    otk_call_arg(session_id), otk_call_arg(connection_id), otk_call_arg(digits), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_SIP_AREA, "PlayDtmf", &args, OTK_REPLY_NONE, NULL, ret_error);
}
