/*
 * opentokctl signal: sends a signal to every client of a session, or to one
 * connection. The daemon checks the type and the sizes and names what it refuses.
 */
#include "otk-ctl.h"
#include "otk-signals.h"

enum {
	OPT_TO = OTK_CTL_OPT_COMMAND,
	OPT_TYPE,
	OPT_DATA,
};

typedef struct {
	const char *to; /* NULL: the whole session */
	const char *type;
	const char *data;
} OtkCtlSignalArgs;

static int
otk_ctl_signal_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	OtkCtlSignalArgs *args = user_data;

	switch (option) {
	case OPT_TO:
		/* "" would quietly mean the whole session */
		if (value[0] == '\0')
			return otk_ctl_usage_error(
			    ctl, "--to needs a connection id (leave it out to signal everyone)");
		args->to = value;
		return OTK_CTL_CONTINUE;
	case OPT_TYPE:
		args->type = value;
		return OTK_CTL_CONTINUE;
	case OPT_DATA:
		args->data = value;
		return OTK_CTL_CONTINUE;
	default:
		return OTK_CTL_NOT_COMMON;
	}
}

static int
otk_ctl_signal_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"to", required_argument, NULL, OPT_TO},
	    {"type", required_argument, NULL, OPT_TYPE},
	    {"data", required_argument, NULL, OPT_DATA},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OtkCtlSignalArgs args = {NULL, NULL, NULL};
	int r = otk_ctl_parse_command(
	    ctl, cmd, argc, argv, options, otk_ctl_signal_option, &args, names);

	if (r == OTK_CTL_CONTINUE && args.type == NULL && args.data == NULL)
		r = otk_ctl_usage_error(ctl, "give --type, --data or both");
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_signal_send(
	    ctl->client, argv[optind], args.to, args.type, args.data, &error);
	if (r < 0)
		return otk_ctl_fail_call(error);
	return OTK_CTL_EXIT_OK;
}

const OtkCtlCommand otk_ctl_signal_command = {
    .name = "signal",
    .args = "SESSION [OPTIONS]",
    .summary = "send a signal to the clients of SESSION",
    .description = "Clients get it as a 'signal' event, and a 'signal:TYPE' event when it has\n"
		   "a type, with DATA as its data.\n",
    .options_help = "  --to=CONNECTION  only to this connection (the default: every client)\n"
		    "  --type=TYPE      letters, digits, '-', '_' and '~'; up to 128 bytes\n"
		    "  --data=DATA      any text, up to 8192 bytes\n"
		    "\n"
		    "At least one of --type and --data is needed.\n",
    .run = otk_ctl_signal_run,
};
