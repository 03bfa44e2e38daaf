/*
 * opentokctl captions …: live captions of a session. Options are sent as given (the
 * duration checked to be a whole number); the daemon checks the values and names what
 * it refuses.
 */
#include "otk-captions.h"
#include "otk-ctl.h"

enum {
	OPT_LANGUAGE = OTK_CTL_OPT_COMMAND,
	OPT_MAX_DURATION,
	OPT_NO_PARTIAL_CAPTIONS,
	OPT_STATUS_CALLBACK_URL,
};

static const OtkCtlOptionKey otk_ctl_captions_start_keys[] = {
    {OPT_LANGUAGE, "language", "language_code", OTK_CTL_KEY_STRING, false},
    {OPT_MAX_DURATION, "max-duration", "max_duration", OTK_CTL_KEY_INT64, false},
    {OPT_NO_PARTIAL_CAPTIONS,
     "no-partial-captions",
     "partial_captions",
     OTK_CTL_KEY_FALSE,
     false},
    {OPT_STATUS_CALLBACK_URL,
     "status-callback-url",
     "status_callback_url",
     OTK_CTL_KEY_STRING,
     false},
};

static int
otk_ctl_captions_start_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    OTK_CTL_TOKEN_OPTION,
	    {"language", required_argument, NULL, OPT_LANGUAGE},
	    {"max-duration", required_argument, NULL, OPT_MAX_DURATION},
	    {"no-partial-captions", no_argument, NULL, OPT_NO_PARTIAL_CAPTIONS},
	    {"status-callback-url", required_argument, NULL, OPT_STATUS_CALLBACK_URL},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_AUTOFREE char *captions_id = NULL;
	OtkCtlJoin join = {.keys = {otk_ctl_captions_start_keys,
				    OTK_N_ELEMENTS(otk_ctl_captions_start_keys),
				    opts,
				    NULL}};
	int r;

	if (opts == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_join_command(
	    ctl, cmd, argc, argv, options, otk_ctl_handle_join_option, &join, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_captions_start(
	    ctl->client, argv[optind], join.token, opts, &captions_id, &error);
	if (r < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_value(ctl, "captions_id", captions_id);
}

static int
otk_ctl_captions_stop_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"ID", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	int r = otk_ctl_parse_command(ctl, cmd, argc, argv, NULL, NULL, NULL, names);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_captions_stop(ctl->client, argv[optind], &error);
	return r < 0 ? otk_ctl_fail_call(error) : OTK_CTL_EXIT_OK;
}

static const OtkCtlCommand otk_ctl_captions_start_command = {
    .name = "start",
    .args = "SESSION [OPTIONS]",
    .summary = "start captioning SESSION",
    .description = "SESSION must be routed, and can have one set of captions at a time. Its\n"
		   "clients receive the text of what is said. Prints the captions id.\n",
    .options_help =
	"  --token=TOKEN              a moderator token of SESSION (the default: one\n"
	"                             that opentokd mints)\n"
	"  --language=CODE            the language spoken, e.g. en-US (the default),\n"
	"                             en-GB, es-US, fr-FR, de-DE, ja-JP\n"
	"  --max-duration=S           stop after S seconds (up to 14400, the default)\n"
	"  --no-partial-captions      send only complete sentences\n"
	"  --status-callback-url=URL  where the API posts status changes\n",
    .run = otk_ctl_captions_start_run,
};

static const OtkCtlCommand otk_ctl_captions_stop_command = {
    .name = "stop",
    .args = "ID",
    .summary = "stop the captions ID",
    .run = otk_ctl_captions_stop_run,
};

static const OtkCtlCommand *const otk_ctl_captions_subcommands[] = {
    &otk_ctl_captions_start_command,
    &otk_ctl_captions_stop_command,
    NULL,
};

const OtkCtlCommand otk_ctl_captions_command = {
    .name = "captions",
    .summary = "caption sessions live",
    .subcommands = otk_ctl_captions_subcommands,
};
