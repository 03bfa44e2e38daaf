/*
 * opentokctl archive …: recordings of a session. start and delete are archives' own;
 * wait is otk-ctl-wait.c's, on the lifecycle below; the other subcommands are the shared
 * ones of otk-ctl-composer.c. Options are sent as
 * given (numbers checked to be whole numbers first); the daemon checks the values and
 * names the key it refuses.
 */
#include "otk-archives.h"
#include "otk-ctl.h"

enum {
	OPT_NAME = OTK_CTL_OPT_COMMAND,
	OPT_NO_AUDIO,
	OPT_NO_VIDEO,
	OPT_OUTPUT_MODE,
	OPT_RESOLUTION,
	OPT_LAYOUT,
	OPT_STYLESHEET,
	OPT_SCREENSHARE_TYPE,
	OPT_STREAM_MODE,
	OPT_MULTI_ARCHIVE_TAG,
	OPT_MAX_BITRATE,
	OPT_QUANTIZATION_PARAMETER,
};

/* what text mode prints of an archive, in this order */
static const OtkCtlColumn otk_ctl_archive_fields[] = {
    {"id", "id", OTK_CTL_COLUMN_TEXT},
    {"status", "status", OTK_CTL_COLUMN_TEXT},
    {"name", "name", OTK_CTL_COLUMN_TEXT},
    {"session_id", "session_id", OTK_CTL_COLUMN_TEXT},
    {"created_at", "created_at", OTK_CTL_COLUMN_TIME_MS},
    {"duration", "duration", OTK_CTL_COLUMN_TEXT},
    {"size", "size", OTK_CTL_COLUMN_TEXT},
    {"output_mode", "output_mode", OTK_CTL_COLUMN_TEXT},
    {"resolution", "resolution", OTK_CTL_COLUMN_TEXT},
    {"stream_mode", "stream_mode", OTK_CTL_COLUMN_TEXT},
    {"url", "url", OTK_CTL_COLUMN_TEXT},
    {"reason", "reason", OTK_CTL_COLUMN_TEXT},
};

/* the table of archive list */
static const OtkCtlColumn otk_ctl_archive_columns[] = {
    {"ID", "id", OTK_CTL_COLUMN_TEXT},
    {"STATUS", "status", OTK_CTL_COLUMN_TEXT},
    {"NAME", "name", OTK_CTL_COLUMN_TEXT},
    {"CREATED", "created_at", OTK_CTL_COLUMN_TIME_MS},
    {"DURATION", "duration", OTK_CTL_COLUMN_TEXT},
    {"SIZE", "size", OTK_CTL_COLUMN_TEXT},
};

static const OtkCtlComposer otk_ctl_archive_composer = {
    .fields = otk_ctl_archive_fields,
    .n_fields = OTK_N_ELEMENTS(otk_ctl_archive_fields),
    .columns = otk_ctl_archive_columns,
    .n_columns = OTK_N_ELEMENTS(otk_ctl_archive_columns),
    .get = otk_client_archive_get,
    .stop = otk_client_archive_stop,
    .list = otk_client_archive_list,
    .set_layout = otk_client_archive_set_layout,
    .add_stream = otk_client_archive_add_stream,
    .remove_stream = otk_client_archive_remove_stream,
};

/* the statuses of an archive (the REST reference) and where each can go next */
enum {
	STATUS_STARTED,
	STATUS_PAUSED,
	STATUS_STOPPED,
	STATUS_UPLOADED,
	STATUS_AVAILABLE,
	STATUS_EXPIRED,
	STATUS_FAILED,
	STATUS_DELETED,
};

static const char *const otk_ctl_archive_statuses[] = {
    [STATUS_STARTED] = "started",
    [STATUS_PAUSED] = "paused",
    [STATUS_STOPPED] = "stopped",
    [STATUS_UPLOADED] = "uploaded",
    [STATUS_AVAILABLE] = "available",
    [STATUS_EXPIRED] = "expired",
    [STATUS_FAILED] = "failed",
    [STATUS_DELETED] = "deleted",
};

#define TO(status) (1u << (status))

/* generous where the service is vague: a wait must never give up on a status it may reach */
static const unsigned otk_ctl_archive_next[] = {
    [STATUS_STARTED] = TO(STATUS_PAUSED) | TO(STATUS_STOPPED) | TO(STATUS_FAILED),
    [STATUS_PAUSED] = TO(STATUS_STARTED) | TO(STATUS_STOPPED) | TO(STATUS_FAILED),
    [STATUS_STOPPED] =
	TO(STATUS_UPLOADED) | TO(STATUS_AVAILABLE) | TO(STATUS_FAILED) | TO(STATUS_DELETED),
    [STATUS_UPLOADED] = TO(STATUS_AVAILABLE) | TO(STATUS_FAILED) | TO(STATUS_DELETED),
    [STATUS_AVAILABLE] = TO(STATUS_EXPIRED) | TO(STATUS_DELETED),
    [STATUS_EXPIRED] = TO(STATUS_DELETED),
    [STATUS_FAILED] = TO(STATUS_DELETED),
    [STATUS_DELETED] = 0,
};

#undef TO

static const OtkCtlLifecycle otk_ctl_archive_lifecycle = {
    .composer = &otk_ctl_archive_composer,
    .noun = "archive",
    .statuses = otk_ctl_archive_statuses,
    .next = otk_ctl_archive_next,
    .n_statuses = OTK_N_ELEMENTS(otk_ctl_archive_statuses),
};

static const OtkCtlOptionKey otk_ctl_archive_start_keys[] = {
    {OPT_NAME, "name", "name", OTK_CTL_KEY_STRING, false},
    {OPT_NO_AUDIO, "no-audio", "has_audio", OTK_CTL_KEY_FALSE, false},
    {OPT_NO_VIDEO, "no-video", "has_video", OTK_CTL_KEY_FALSE, false},
    {OPT_OUTPUT_MODE, "output-mode", "output_mode", OTK_CTL_KEY_STRING, false},
    {OPT_RESOLUTION, "resolution", "resolution", OTK_CTL_KEY_STRING, false},
    {OPT_LAYOUT, "layout", "type", OTK_CTL_KEY_STRING, true},
    {OPT_STYLESHEET, "stylesheet", "stylesheet", OTK_CTL_KEY_STRING, true},
    {OPT_SCREENSHARE_TYPE, "screenshare-type", "screenshare_type", OTK_CTL_KEY_STRING, true},
    {OPT_STREAM_MODE, "stream-mode", "stream_mode", OTK_CTL_KEY_STRING, false},
    {OPT_MULTI_ARCHIVE_TAG, "multi-archive-tag", "multi_archive_tag", OTK_CTL_KEY_STRING, false},
    {OPT_MAX_BITRATE, "max-bitrate", "max_bitrate", OTK_CTL_KEY_INT64, false},
    {OPT_QUANTIZATION_PARAMETER,
     "quantization-parameter",
     "quantization_parameter",
     OTK_CTL_KEY_INT64,
     false},
};

static int
otk_ctl_archive_start_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"name", required_argument, NULL, OPT_NAME},
	    {"no-audio", no_argument, NULL, OPT_NO_AUDIO},
	    {"no-video", no_argument, NULL, OPT_NO_VIDEO},
	    {"output-mode", required_argument, NULL, OPT_OUTPUT_MODE},
	    {"resolution", required_argument, NULL, OPT_RESOLUTION},
	    {"layout", required_argument, NULL, OPT_LAYOUT},
	    {"stylesheet", required_argument, NULL, OPT_STYLESHEET},
	    {"screenshare-type", required_argument, NULL, OPT_SCREENSHARE_TYPE},
	    {"stream-mode", required_argument, NULL, OPT_STREAM_MODE},
	    {"multi-archive-tag", required_argument, NULL, OPT_MULTI_ARCHIVE_TAG},
	    {"max-bitrate", required_argument, NULL, OPT_MAX_BITRATE},
	    {"quantization-parameter", required_argument, NULL, OPT_QUANTIZATION_PARAMETER},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_options_freep) OtkOptions *layout = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *archive = NULL;
	OtkCtlOptionKeys keys = {
	    otk_ctl_archive_start_keys, OTK_N_ELEMENTS(otk_ctl_archive_start_keys), opts, layout};
	int r;

	if (opts == NULL || layout == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_command(
	    ctl, cmd, argc, argv, options, otk_ctl_handle_option_key, &keys, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	/* the layout options make one nested dictionary, sent only when one was given */
	if (otk_options_get_size(layout) > 0 &&
	    otk_options_set_dict(opts, "layout", otk_steal_pointer(&layout)) < 0)
		return otk_ctl_fail("out of memory");
	r = otk_client_archive_start(ctl->client, argv[optind], opts, &archive, &error);
	return otk_ctl_composer_finish(ctl, &otk_ctl_archive_composer, r, archive, error);
}

static int
otk_ctl_archive_delete_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"ID", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	int r = otk_ctl_parse_command(ctl, cmd, argc, argv, NULL, NULL, NULL, names);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_archive_delete(ctl->client, argv[optind], &error);
	return otk_ctl_composer_finish(ctl, &otk_ctl_archive_composer, r, NULL, error);
}

static const OtkCtlCommand otk_ctl_archive_start_command = {
    .name = "start",
    .args = "SESSION [OPTIONS]",
    .summary = "start recording SESSION",
    .options_help =
	"  --name=NAME                  a name for the archive\n"
	"  --no-audio                   record no audio\n"
	"  --no-video                   record no video\n"
	"  --output-mode=MODE           composed (the default: one file) or individual\n"
	"                               (one file per stream)\n"
	"  --resolution=WxH             640x480 (the default), 480x640, 1280x720,\n"
	"                               720x1280, 1920x1080 or 1080x1920; composed only\n"
	"  --layout=TYPE                bestFit, custom, horizontalPresentation, pip or\n"
	"                               verticalPresentation; composed only\n"
	"  --stylesheet=CSS             the stylesheet of a custom layout\n"
	"  --screenshare-type=TYPE      the layout while a screen is shared (bestFit only)\n"
	"  --stream-mode=MODE           auto (the default) or manual (see add-stream)\n"
	"  --multi-archive-tag=TAG      lets one session have several archives at once\n"
	"  --max-bitrate=BPS            the highest bit rate, in bits per second\n"
	"  --quantization-parameter=QP  a fixed video quality, 15 (best) to 40\n",
    .run = otk_ctl_archive_start_run,
};

static const OtkCtlCommand otk_ctl_archive_get_command = {
    .name = "get",
    .args = "ID",
    .summary = "print the archive ID",
    .run = otk_ctl_composer_get_run,
    .data = &otk_ctl_archive_composer,
};

static const OtkCtlCommand otk_ctl_archive_list_command = {
    .name = "list",
    .args = "[OPTIONS]",
    .summary = "list archives, newest first",
    .options_help = "  --session=SESSION  only the archives of SESSION (to use the session\n"
		    "                     bus here, put --session before 'archive')\n"
		    "  --offset=N         skip the N most recent archives\n"
		    "  --count=N          list at most N archives (up to 1000)\n",
    .run = otk_ctl_composer_list_run,
    .data = &otk_ctl_archive_composer,
};

static const OtkCtlCommand otk_ctl_archive_stop_command = {
    .name = "stop",
    .args = "ID",
    .summary = "stop recording the archive ID",
    .run = otk_ctl_composer_stop_run,
    .data = &otk_ctl_archive_composer,
};

static const OtkCtlCommand otk_ctl_archive_wait_command = {
    .name = "wait",
    .args = "ID --status=STATUS [OPTIONS]",
    .summary = "wait for the archive ID to reach a status",
    .description =
	"Checks the archive every --interval seconds until its status is STATUS, then\n"
	"prints it as 'archive get' does. Fails (exit status 1) as soon as the archive\n"
	"is in a status from which STATUS cannot be reached, e.g. 'failed' while\n"
	"waiting for 'available', and gives up after --timeout seconds (exit status 4).\n"
	"An archive that goes to your own storage (an upload target) ends 'uploaded',\n"
	"not 'available'. On a terminal, stderr shows a spinner with the status seen.\n",
    .options_help =
	"  --status=STATUS  started, paused, stopped, uploaded, available, expired,\n"
	"                   failed or deleted (required)\n"
	"  --timeout=SEC    give up after SEC seconds (the default: 60; 0 checks once)\n"
	"  --interval=SEC   check every SEC seconds (the default: 1)\n",
    .run = otk_ctl_wait_run,
    .data = &otk_ctl_archive_lifecycle,
};

static const OtkCtlCommand otk_ctl_archive_delete_command = {
    .name = "delete",
    .args = "ID",
    .summary = "delete the archive ID",
    .run = otk_ctl_archive_delete_run,
};

static const OtkCtlCommand otk_ctl_archive_layout_command = {
    .name = "layout",
    .args = "ID --type=TYPE [OPTIONS]",
    .summary = "change the layout of the archive ID",
    .options_help =
	"  --type=TYPE              bestFit, custom, horizontalPresentation, pip or\n"
	"                           verticalPresentation (required)\n"
	"  --stylesheet=CSS         the stylesheet of a custom layout\n"
	"  --screenshare-type=TYPE  the layout while a screen is shared (bestFit only)\n",
    .run = otk_ctl_composer_layout_run,
    .data = &otk_ctl_archive_composer,
};

static const OtkCtlCommand otk_ctl_archive_add_stream_command = {
    .name = "add-stream",
    .args = "ID STREAM [OPTIONS]",
    .summary = "add STREAM to archive ID (manual mode)",
    .options_help = "  --no-audio  leave out the audio of STREAM\n"
		    "  --no-video  leave out the video of STREAM\n",
    .run = otk_ctl_composer_add_stream_run,
    .data = &otk_ctl_archive_composer,
};

static const OtkCtlCommand otk_ctl_archive_remove_stream_command = {
    .name = "remove-stream",
    .args = "ID STREAM",
    .summary = "drop STREAM from archive ID (manual mode)",
    .run = otk_ctl_composer_remove_stream_run,
    .data = &otk_ctl_archive_composer,
};

static const OtkCtlCommand *const otk_ctl_archive_subcommands[] = {
    &otk_ctl_archive_start_command,
    &otk_ctl_archive_get_command,
    &otk_ctl_archive_list_command,
    &otk_ctl_archive_stop_command,
    &otk_ctl_archive_wait_command,
    &otk_ctl_archive_delete_command,
    &otk_ctl_archive_layout_command,
    &otk_ctl_archive_add_stream_command,
    &otk_ctl_archive_remove_stream_command,
    NULL,
};

const OtkCtlCommand otk_ctl_archive_command = {
    .name = "archive",
    .summary = "record sessions and manage the recordings",
    .subcommands = otk_ctl_archive_subcommands,
};
