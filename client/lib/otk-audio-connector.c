/*
 * Audio connector: the one call of the AudioConnector interface, over
 * otk_client_call_area(). It always sends its a{sv}, an empty one for NULL options.
 */
#include "otk-audio-connector.h"
#include "otk-client-private.h"

OTK_PUBLIC int
otk_client_audio_connector_connect(OtkClient *self,
				   const char *session_id,
				   const char *token,
				   const char *uri,
				   const OtkOptions *options,
				   OtkDict **ret_connection,
				   OtkCallError **ret_error)
{
	const char *strings[] = {
	    otk_call_arg(session_id), otk_call_arg(token), otk_call_arg(uri), NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(self,
				    "AudioConnector",
				    "Connect",
				    &args,
				    OTK_REPLY_DICT,
				    ret_connection,
				    ret_error);
}
