/*
 * The subcommands archives, broadcasts and renders share (see OtkCtlComposer in
 * otk-ctl.h): each command's data names the calls to make and the fields to print.
 * Options are sent as given, numbers checked to be whole numbers first; the daemon
 * checks the values and names the key it refuses.
 */
#include "otk-ctl.h"

enum {
	OPT_TYPE = OTK_CTL_OPT_COMMAND,
	OPT_STYLESHEET,
	OPT_SCREENSHARE_TYPE,
	OPT_NO_AUDIO,
	OPT_NO_VIDEO,
	OPT_SESSION_ID,
	OPT_OFFSET,
	OPT_COUNT,
};

int
otk_ctl_composer_finish(const OtkCtl *ctl,
			const OtkCtlComposer *composer,
			int r,
			const OtkDict *result,
			const OtkCallError *error)
{
	if (r < 0)
		return otk_ctl_fail_call(error);
	if (result == NULL)
		return OTK_CTL_EXIT_OK;
	return otk_ctl_print_record(ctl, result, composer->fields, composer->n_fields);
}

/* get and stop: one id in, the result printed */
static int
otk_ctl_composer_id_run(OtkCtl *ctl,
			const OtkCtlCommand *cmd,
			int argc,
			char **argv,
			OtkCtlIdCallFunc call)
{
	static const char *const names[] = {"ID", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *result = NULL;
	int r = otk_ctl_parse_command(ctl, cmd, argc, argv, NULL, NULL, NULL, names);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = call(ctl->client, argv[optind], &result, &error);
	return otk_ctl_composer_finish(ctl, cmd->data, r, result, error);
}

int
otk_ctl_composer_get_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	const OtkCtlComposer *composer = cmd->data;
	return otk_ctl_composer_id_run(ctl, cmd, argc, argv, composer->get);
}

int
otk_ctl_composer_stop_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	const OtkCtlComposer *composer = cmd->data;
	return otk_ctl_composer_id_run(ctl, cmd, argc, argv, composer->stop);
}

static const OtkCtlOptionKey otk_ctl_composer_list_keys[] = {
    {OPT_SESSION_ID, "session", "session_id", OTK_CTL_KEY_STRING, false},
    {OPT_OFFSET, "offset", "offset", OTK_CTL_KEY_INT64, false},
    {OPT_COUNT, "count", "count", OTK_CTL_KEY_INT64, false},
};

/* here --session takes the session to filter by; the bus option can go first */
static const struct option otk_ctl_composer_list_options[] = {
    {"help", no_argument, NULL, OTK_CTL_OPT_HELP},
    {"json", no_argument, NULL, OTK_CTL_OPT_JSON},
    {"system", no_argument, NULL, OTK_CTL_OPT_SYSTEM},
    {"bus-address", required_argument, NULL, OTK_CTL_OPT_BUS_ADDRESS},
    {"session", required_argument, NULL, OPT_SESSION_ID},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"count", required_argument, NULL, OPT_COUNT},
    {NULL, 0, NULL, 0},
};

/* without a session filter, --session is the common option again */
static const struct option otk_ctl_composer_page_options[] = {
    OTK_CTL_COMMON_OPTIONS,
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"count", required_argument, NULL, OPT_COUNT},
    {NULL, 0, NULL, 0},
};

int
otk_ctl_composer_list_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	const OtkCtlComposer *composer = cmd->data;
	OTK_CLEANUP(otk_options_freep) OtkOptions *filter = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	OtkCtlOptionKeys keys = {
	    otk_ctl_composer_list_keys, OTK_N_ELEMENTS(otk_ctl_composer_list_keys), filter, NULL};
	int r;

	if (filter == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_command(ctl,
				  cmd,
				  argc,
				  argv,
				  composer->no_session_filter ? otk_ctl_composer_page_options
							      : otk_ctl_composer_list_options,
				  otk_ctl_handle_option_key,
				  &keys,
				  NULL);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	if (composer->list(ctl->client, filter, &list, &error) < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_list(ctl, list, composer->columns, composer->n_columns);
}

static const OtkCtlOptionKey otk_ctl_composer_layout_keys[] = {
    {OPT_TYPE, "type", "type", OTK_CTL_KEY_STRING, false},
    {OPT_STYLESHEET, "stylesheet", "stylesheet", OTK_CTL_KEY_STRING, false},
    {OPT_SCREENSHARE_TYPE, "screenshare-type", "screenshare_type", OTK_CTL_KEY_STRING, false},
};

int
otk_ctl_composer_layout_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"type", required_argument, NULL, OPT_TYPE},
	    {"stylesheet", required_argument, NULL, OPT_STYLESHEET},
	    {"screenshare-type", required_argument, NULL, OPT_SCREENSHARE_TYPE},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"ID", NULL};
	const OtkCtlComposer *composer = cmd->data;
	OTK_CLEANUP(otk_options_freep) OtkOptions *layout = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OtkCtlOptionKeys keys = {otk_ctl_composer_layout_keys,
				 OTK_N_ELEMENTS(otk_ctl_composer_layout_keys),
				 layout,
				 NULL};
	int r;

	if (layout == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_command(
	    ctl, cmd, argc, argv, options, otk_ctl_handle_option_key, &keys, names);
	if (r == OTK_CTL_CONTINUE && !otk_options_contains(layout, "type"))
		r = otk_ctl_usage_error(ctl, "missing option --type");
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = composer->set_layout(ctl->client, argv[optind], layout, &error);
	return otk_ctl_composer_finish(ctl, composer, r, NULL, error);
}

static const OtkCtlOptionKey otk_ctl_composer_stream_keys[] = {
    {OPT_NO_AUDIO, "no-audio", "has_audio", OTK_CTL_KEY_FALSE, false},
    {OPT_NO_VIDEO, "no-video", "has_video", OTK_CTL_KEY_FALSE, false},
};

int
otk_ctl_composer_add_stream_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"no-audio", no_argument, NULL, OPT_NO_AUDIO},
	    {"no-video", no_argument, NULL, OPT_NO_VIDEO},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"ID", "STREAM", NULL};
	const OtkCtlComposer *composer = cmd->data;
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OtkCtlOptionKeys keys = {
	    otk_ctl_composer_stream_keys, OTK_N_ELEMENTS(otk_ctl_composer_stream_keys), opts, NULL};
	int r;

	if (opts == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_command(
	    ctl, cmd, argc, argv, options, otk_ctl_handle_option_key, &keys, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = composer->add_stream(ctl->client, argv[optind], argv[optind + 1], opts, &error);
	return otk_ctl_composer_finish(ctl, composer, r, NULL, error);
}

int
otk_ctl_composer_remove_stream_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"ID", "STREAM", NULL};
	const OtkCtlComposer *composer = cmd->data;
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	int r = otk_ctl_parse_command(ctl, cmd, argc, argv, NULL, NULL, NULL, names);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = composer->remove_stream(ctl->client, argv[optind], argv[optind + 1], &error);
	return otk_ctl_composer_finish(ctl, composer, r, NULL, error);
}
