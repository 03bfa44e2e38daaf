/*
 * Signals: the one call of the Signals interface, its signal dictionary built from the
 * keys the caller gave.
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-signals.h"

/* the signal as the daemon takes it: only the keys given */
static int
otk_signal_options_new(const char *type, const char *data, OtkOptions **ret_signal)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *signal = otk_options_new();
	int r = signal != NULL ? 0 : -ENOMEM;

	if (r >= 0 && type != NULL)
		r = otk_options_set_string(signal, "type", type);
	if (r >= 0 && data != NULL)
		r = otk_options_set_string(signal, "data", data);
	if (r < 0)
		return r;
	*ret_signal = otk_steal_pointer(&signal);
	return 0;
}

OTK_PUBLIC int
otk_client_signal_send(OtkClient *self,
		       const char *session_id,
		       const char *connection_id,
		       const char *type,
		       const char *data,
		       OtkCallError **ret_error)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *signal = NULL;
	const char *strings[] = {
	    session_id != NULL ? session_id : "",
	    connection_id != NULL ? connection_id : "",
	    NULL,
	};
	OtkCallArgs args = {strings, NULL, true};
	int r = otk_signal_options_new(type, data, &signal);

	if (r == -EINVAL)
		return otk_call_error_set_errno(
		    ret_error, r, false, "the type and data of a signal must be valid UTF-8");
	if (r < 0)
		return otk_call_error_set_errno(ret_error, r, false, "cannot build the signal");
	args.options = signal;
	return otk_client_call_area(
	    self, "Signals", "Send", &args, OTK_REPLY_NONE, NULL, ret_error);
}
