/*
 * opentokctl render …: the Experience Composer, web pages published into a session as
 * a stream. start is renders' own; get, list and stop are the shared subcommands of
 * otk-ctl-composer.c. Options are sent as given (the duration checked to be a whole
 * number); the daemon checks the values and names what it refuses.
 */
#include "otk-ctl.h"
#include "otk-renders.h"

enum {
	OPT_MAX_DURATION = OTK_CTL_OPT_COMMAND,
	OPT_RESOLUTION,
	OPT_NAME,
	OPT_STATUS_CALLBACK_URL,
};

/* what text mode prints of a render, in this order */
static const OtkCtlColumn otk_ctl_render_fields[] = {
    {"id", "id", OTK_CTL_COLUMN_TEXT, NULL},
    {"status", "status", OTK_CTL_COLUMN_TEXT, NULL},
    {"session_id", "session_id", OTK_CTL_COLUMN_TEXT, NULL},
    {"created_at", "created_at", OTK_CTL_COLUMN_TIME_MS, NULL},
    {"url", "url", OTK_CTL_COLUMN_TEXT, NULL},
    {"resolution", "resolution", OTK_CTL_COLUMN_TEXT, NULL},
    {"stream_id", "stream_id", OTK_CTL_COLUMN_TEXT, NULL},
    {"reason", "reason", OTK_CTL_COLUMN_TEXT, NULL},
};

/* the table of render list */
static const OtkCtlColumn otk_ctl_render_columns[] = {
    {"ID", "id", OTK_CTL_COLUMN_TEXT, NULL},
    {"STATUS", "status", OTK_CTL_COLUMN_TEXT, NULL},
    {"SESSION", "session_id", OTK_CTL_COLUMN_TEXT, NULL},
    {"CREATED", "created_at", OTK_CTL_COLUMN_TIME_MS, NULL},
    {"URL", "url", OTK_CTL_COLUMN_TEXT, NULL},
};

/* Renders.Stop returns nothing: there is nothing to print */
static int
otk_ctl_render_stop(OtkClient *client,
		    const char *render_id,
		    OtkDict **ret_result,
		    OtkCallError **ret_error)
{
	return otk_client_render_stop(client, render_id, ret_error);
}

static const OtkCtlComposer otk_ctl_render_composer = {
    .fields = otk_ctl_render_fields,
    .n_fields = OTK_N_ELEMENTS(otk_ctl_render_fields),
    .columns = otk_ctl_render_columns,
    .n_columns = OTK_N_ELEMENTS(otk_ctl_render_columns),
    .no_session_filter = true,
    .get = otk_client_render_get,
    .stop = otk_ctl_render_stop,
    .list = otk_client_render_list,
};

static const OtkCtlOptionKey otk_ctl_render_start_keys[] = {
    {OPT_MAX_DURATION, "max-duration", "max_duration", OTK_CTL_KEY_INT64, false},
    {OPT_RESOLUTION, "resolution", "resolution", OTK_CTL_KEY_STRING, false},
    {OPT_NAME, "name", "name", OTK_CTL_KEY_STRING, true},
    {OPT_STATUS_CALLBACK_URL,
     "status-callback-url",
     "status_callback_url",
     OTK_CTL_KEY_STRING,
     false},
};

static int
otk_ctl_render_start_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    OTK_CTL_TOKEN_OPTION,
	    {"max-duration", required_argument, NULL, OPT_MAX_DURATION},
	    {"resolution", required_argument, NULL, OPT_RESOLUTION},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"status-callback-url", required_argument, NULL, OPT_STATUS_CALLBACK_URL},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", "URL", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_options_freep) OtkOptions *properties = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *render = NULL;
	OtkCtlJoin join = {.keys = {otk_ctl_render_start_keys,
				    OTK_N_ELEMENTS(otk_ctl_render_start_keys),
				    opts,
				    properties}};
	int r;

	if (opts == NULL || properties == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_join_command(
	    ctl, cmd, argc, argv, options, otk_ctl_handle_join_option, &join, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	/* --name goes into `properties`, sent only when given */
	if (otk_options_get_size(properties) > 0 &&
	    otk_options_set_dict(opts, "properties", otk_steal_pointer(&properties)) < 0)
		return otk_ctl_fail("out of memory");
	r = otk_client_render_start(
	    ctl->client, argv[optind], join.token, argv[optind + 1], opts, &render, &error);
	return otk_ctl_composer_finish(ctl, &otk_ctl_render_composer, r, render, error);
}

static const OtkCtlCommand otk_ctl_render_start_command = {
    .name = "start",
    .args = "SESSION URL [OPTIONS]",
    .summary = "publish the web page at URL into SESSION",
    .description = "A browser in the cloud opens URL and publishes\n"
		   "what it shows, with its sound, as one stream, until 'render stop' or the\n"
		   "maximum duration. Prints the new render.\n",
    .options_help =
	"  --token=TOKEN              a publisher token of SESSION (the default: one\n"
	"                             that opentokd mints)\n"
	"  --max-duration=S           stop after S seconds (60 to 36000; 7200 when not\n"
	"                             given)\n"
	"  --resolution=WxH           640x480, 480x640, 1280x720, 720x1280, 1920x1080\n"
	"                             or 1080x1920\n"
	"  --name=NAME                the name of the published stream\n"
	"  --status-callback-url=URL  where the API posts status changes\n",
    .run = otk_ctl_render_start_run,
};

static const OtkCtlCommand otk_ctl_render_get_command = {
    .name = "get",
    .args = "ID",
    .summary = "print the render ID",
    .run = otk_ctl_composer_get_run,
    .data = &otk_ctl_render_composer,
};

static const OtkCtlCommand otk_ctl_render_list_command = {
    .name = "list",
    .args = "[OPTIONS]",
    .summary = "list renders, newest first",
    .options_help = "  --offset=N  skip the N most recent renders\n"
		    "  --count=N   list at most N renders (up to 1000)\n",
    .run = otk_ctl_composer_list_run,
    .data = &otk_ctl_render_composer,
};

static const OtkCtlCommand otk_ctl_render_stop_command = {
    .name = "stop",
    .args = "ID",
    .summary = "stop the render ID",
    .run = otk_ctl_composer_stop_run,
    .data = &otk_ctl_render_composer,
};

static const OtkCtlCommand *const otk_ctl_render_subcommands[] = {
    &otk_ctl_render_start_command,
    &otk_ctl_render_get_command,
    &otk_ctl_render_list_command,
    &otk_ctl_render_stop_command,
    NULL,
};

const OtkCtlCommand otk_ctl_render_command = {
    .name = "render",
    .summary = "publish web pages into sessions (Experience Composer)",
    .subcommands = otk_ctl_render_subcommands,
};
