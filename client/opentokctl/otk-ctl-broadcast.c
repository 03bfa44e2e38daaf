/*
 * opentokctl broadcast …: live streams of a session over HLS and RTMP. start is
 * broadcasts' own; the other subcommands are the shared ones of otk-ctl-composer.c.
 * Options are sent as given (numbers checked to be whole numbers, RTMP targets split
 * into their parts); the daemon checks the values, refuses a start without any output
 * and names the key it refuses.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "otk-broadcasts.h"
#include "otk-ctl.h"

enum {
	OPT_HLS = OTK_CTL_OPT_COMMAND,
	OPT_HLS_DVR,
	OPT_HLS_LOW_LATENCY,
	OPT_RTMP,
	OPT_MAX_DURATION,
	OPT_MAX_BITRATE,
	OPT_RESOLUTION,
	OPT_LAYOUT,
	OPT_STYLESHEET,
	OPT_SCREENSHARE_TYPE,
	OPT_STREAM_MODE,
	OPT_MULTI_BROADCAST_TAG,
	OPT_NO_AUDIO,
	OPT_NO_VIDEO,
};

static const char *
otk_ctl_string_or_dash(const OtkDict *dict, const char *key)
{
	const char *s = otk_dict_get_string(dict, key);
	return s != NULL && s[0] != '\0' ? s : "-";
}

/* one RTMP target of broadcast_urls: "ID URL/STREAM (status)", "-" for a missing part */
static char *
otk_ctl_broadcast_format_rtmp(const OtkValue *element)
{
	const OtkDict *target = otk_value_get_dict(element);
	const char *status;
	char *text = NULL;

	if (target == NULL)
		return otk_value_to_json(element, OTK_JSON_FLAG_NONE);
	status = otk_dict_get_string(target, "status");
	if (asprintf(&text,
		     "%s %s/%s%s%s%s",
		     otk_ctl_string_or_dash(target, "id"),
		     otk_ctl_string_or_dash(target, "server_url"),
		     otk_ctl_string_or_dash(target, "stream_name"),
		     status != NULL ? " (" : "",
		     status != NULL ? status : "",
		     status != NULL ? ")" : "") < 0)
		return NULL;
	return text;
}

/* what text mode prints of a broadcast, in this order */
static const OtkCtlColumn otk_ctl_broadcast_fields[] = {
    {"id", "id", OTK_CTL_COLUMN_TEXT, NULL},
    {"status", "status", OTK_CTL_COLUMN_TEXT, NULL},
    {"session_id", "session_id", OTK_CTL_COLUMN_TEXT, NULL},
    {"created_at", "created_at", OTK_CTL_COLUMN_TIME_MS, NULL},
    {"resolution", "resolution", OTK_CTL_COLUMN_TEXT, NULL},
    {"max_duration", "max_duration", OTK_CTL_COLUMN_TEXT, NULL},
    {"stream_mode", "stream_mode", OTK_CTL_COLUMN_TEXT, NULL},
    {"hls", "broadcast_urls.hls", OTK_CTL_COLUMN_TEXT, NULL},
    {"rtmp", "broadcast_urls.rtmp", OTK_CTL_COLUMN_EACH, otk_ctl_broadcast_format_rtmp},
};

/* the table of broadcast list; RTMP is the number of targets */
static const OtkCtlColumn otk_ctl_broadcast_columns[] = {
    {"ID", "id", OTK_CTL_COLUMN_TEXT, NULL},
    {"STATUS", "status", OTK_CTL_COLUMN_TEXT, NULL},
    {"SESSION", "session_id", OTK_CTL_COLUMN_TEXT, NULL},
    {"CREATED", "created_at", OTK_CTL_COLUMN_TIME_MS, NULL},
    {"HLS", "broadcast_urls.hls", OTK_CTL_COLUMN_TEXT, NULL},
    {"RTMP", "broadcast_urls.rtmp", OTK_CTL_COLUMN_COUNT, NULL},
};

static const OtkCtlComposer otk_ctl_broadcast_composer = {
    .fields = otk_ctl_broadcast_fields,
    .n_fields = OTK_N_ELEMENTS(otk_ctl_broadcast_fields),
    .columns = otk_ctl_broadcast_columns,
    .n_columns = OTK_N_ELEMENTS(otk_ctl_broadcast_columns),
    .get = otk_client_broadcast_get,
    .stop = otk_client_broadcast_stop,
    .list = otk_client_broadcast_list,
    .set_layout = otk_client_broadcast_set_layout,
    .add_stream = otk_client_broadcast_add_stream,
    .remove_stream = otk_client_broadcast_remove_stream,
};

/* "rtmp://host/app": a scheme of letters, digits, '+', '-' or '.', then "://", a host */
static bool
otk_ctl_rtmp_url_is_valid(const char *url, size_t len)
{
	const char *sep = strstr(url, "://");
	size_t scheme_len = sep != NULL ? (size_t)(sep - url) : 0;

	if (scheme_len == 0 || scheme_len + 3 >= len)
		return false;
	for (size_t i = 0; i < scheme_len; i++) {
		if (!isalnum((unsigned char)url[i]) && strchr("+-.", url[i]) == NULL)
			return false;
	}
	return url[scheme_len + 3] != '/';
}

/*
 * "[ID=]URL/STREAM" into a target: an '=' before the first '/' ends the id (a URL
 * cannot have one there), and the last '/' starts the stream name. -EINVAL when
 * malformed, -ENOMEM.
 */
static int
otk_ctl_rtmp_target_new(const char *value, OtkOptions **ret_target)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *target = otk_options_new();
	OTK_AUTOFREE char *url = NULL;
	const char *eq = strchr(value, '=');
	const char *slash = strchr(value, '/');
	const char *rest = value;
	const char *last;
	int r = 0;

	if (target == NULL)
		return -ENOMEM;
	if (eq != NULL && (slash == NULL || eq < slash)) {
		OTK_AUTOFREE char *id = strndup(value, (size_t)(eq - value));
		if (id == NULL)
			return -ENOMEM;
		r = id[0] != '\0' ? otk_options_set_string(target, "id", id) : -EINVAL;
		rest = eq + 1;
	}
	last = strrchr(rest, '/');
	if (r >= 0 && (last == NULL || last[1] == '\0' ||
		       !otk_ctl_rtmp_url_is_valid(rest, (size_t)(last - rest))))
		r = -EINVAL;
	if (r >= 0)
		url = strndup(rest, (size_t)(last - rest));
	if (r >= 0 && url == NULL)
		r = -ENOMEM;
	if (r >= 0)
		r = otk_options_set_string(target, "server_url", url);
	if (r >= 0)
		r = otk_options_set_string(target, "stream_name", last + 1);
	if (r < 0)
		return r;
	*ret_target = otk_steal_pointer(&target);
	return 0;
}

typedef struct {
	OtkCtlOptionKeys keys; /* the plain options, and the layout as the nested ones */
	OtkOptions *outputs;   /* borrowed from keys.options, where it is the first key */
	OtkOptions *hls;       /* borrowed from outputs, where it is the first key */
	bool with_hls;
} OtkCtlBroadcastStart;

static int
otk_ctl_broadcast_add_rtmp(OtkCtl *ctl, OtkOptions *outputs, const char *value)
{
	OtkOptions *target = NULL;
	int r = otk_ctl_rtmp_target_new(value, &target);

	if (r == -EINVAL)
		return otk_ctl_usage_error(
		    ctl,
		    "--rtmp needs [ID=]URL/STREAM, e.g. yt=rtmp://a.rtmp.youtube.com/live2/KEY");
	if (r >= 0)
		r = otk_options_add_dict_array_item(outputs, "rtmp", target);
	return r < 0 ? otk_ctl_fail("out of memory") : OTK_CTL_CONTINUE;
}

static int
otk_ctl_broadcast_start_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	OtkCtlBroadcastStart *start = user_data;
	int r = 0;

	switch (option) {
	case OPT_HLS:
		start->with_hls = true;
		break;
	case OPT_HLS_DVR:
		start->with_hls = true;
		r = otk_options_set_bool(start->hls, "dvr", true);
		break;
	case OPT_HLS_LOW_LATENCY:
		start->with_hls = true;
		r = otk_options_set_bool(start->hls, "low_latency", true);
		break;
	case OPT_RTMP:
		return otk_ctl_broadcast_add_rtmp(ctl, start->outputs, value);
	default:
		return otk_ctl_handle_option_key(ctl, option, value, &start->keys);
	}
	return r < 0 ? otk_ctl_fail("out of memory") : OTK_CTL_CONTINUE;
}

static const OtkCtlOptionKey otk_ctl_broadcast_start_keys[] = {
    {OPT_MAX_DURATION, "max-duration", "max_duration", OTK_CTL_KEY_INT64, false},
    {OPT_MAX_BITRATE, "max-bitrate", "max_bitrate", OTK_CTL_KEY_INT64, false},
    {OPT_RESOLUTION, "resolution", "resolution", OTK_CTL_KEY_STRING, false},
    {OPT_LAYOUT, "layout", "type", OTK_CTL_KEY_STRING, true},
    {OPT_STYLESHEET, "stylesheet", "stylesheet", OTK_CTL_KEY_STRING, true},
    {OPT_SCREENSHARE_TYPE, "screenshare-type", "screenshare_type", OTK_CTL_KEY_STRING, true},
    {OPT_STREAM_MODE, "stream-mode", "stream_mode", OTK_CTL_KEY_STRING, false},
    {OPT_MULTI_BROADCAST_TAG,
     "multi-broadcast-tag",
     "multi_broadcast_tag",
     OTK_CTL_KEY_STRING,
     false},
    {OPT_NO_AUDIO, "no-audio", "has_audio", OTK_CTL_KEY_FALSE, false},
    {OPT_NO_VIDEO, "no-video", "has_video", OTK_CTL_KEY_FALSE, false},
};

static const struct option otk_ctl_broadcast_start_options[] = {
    OTK_CTL_COMMON_OPTIONS,
    {"hls", no_argument, NULL, OPT_HLS},
    {"hls-dvr", no_argument, NULL, OPT_HLS_DVR},
    {"hls-low-latency", no_argument, NULL, OPT_HLS_LOW_LATENCY},
    {"rtmp", required_argument, NULL, OPT_RTMP},
    {"max-duration", required_argument, NULL, OPT_MAX_DURATION},
    {"max-bitrate", required_argument, NULL, OPT_MAX_BITRATE},
    {"resolution", required_argument, NULL, OPT_RESOLUTION},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"stylesheet", required_argument, NULL, OPT_STYLESHEET},
    {"screenshare-type", required_argument, NULL, OPT_SCREENSHARE_TYPE},
    {"stream-mode", required_argument, NULL, OPT_STREAM_MODE},
    {"multi-broadcast-tag", required_argument, NULL, OPT_MULTI_BROADCAST_TAG},
    {"no-audio", no_argument, NULL, OPT_NO_AUDIO},
    {"no-video", no_argument, NULL, OPT_NO_VIDEO},
    {NULL, 0, NULL, 0},
};

/*
 * `outputs` first and `hls` first in it, whatever the order of the options: both are
 * set empty now, filled while parsing, and dropped at the end if still unused
 */
static int
otk_ctl_broadcast_start_init(OtkCtlBroadcastStart *start)
{
	start->outputs = otk_options_new();
	start->hls = otk_options_new();
	/* each call takes its value, also when it fails */
	if (otk_options_set_dict(start->keys.options, "outputs", start->outputs) < 0) {
		otk_options_free(start->hls);
		return -ENOMEM;
	}
	return otk_options_set_dict(start->outputs, "hls", start->hls);
}

/* drops what stayed unused, and adds the layout when one was given */
static int
otk_ctl_broadcast_start_finish(OtkCtlBroadcastStart *start)
{
	OtkOptions *layout = start->keys.nested;

	start->keys.nested = NULL;
	if (!start->with_hls)
		otk_options_remove(start->outputs, "hls");
	if (otk_options_get_size(start->outputs) == 0)
		otk_options_remove(start->keys.options, "outputs");
	if (otk_options_get_size(layout) == 0) {
		otk_options_free(layout);
		return 0;
	}
	return otk_options_set_dict(start->keys.options, "layout", layout);
}

static int
otk_ctl_broadcast_start_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"SESSION", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *broadcast = NULL;
	OtkCtlBroadcastStart start = {
	    .keys = {otk_ctl_broadcast_start_keys,
		     OTK_N_ELEMENTS(otk_ctl_broadcast_start_keys),
		     opts,
		     otk_options_new()},
	};
	int r;

	if (opts == NULL || start.keys.nested == NULL || otk_ctl_broadcast_start_init(&start) < 0) {
		otk_options_free(start.keys.nested);
		return otk_ctl_fail("out of memory");
	}
	r = otk_ctl_parse_command(ctl,
				  cmd,
				  argc,
				  argv,
				  otk_ctl_broadcast_start_options,
				  otk_ctl_broadcast_start_option,
				  &start,
				  names);
	if (otk_ctl_broadcast_start_finish(&start) < 0)
		return otk_ctl_fail("out of memory");
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_broadcast_start(ctl->client, argv[optind], opts, &broadcast, &error);
	return otk_ctl_composer_finish(ctl, &otk_ctl_broadcast_composer, r, broadcast, error);
}

static const OtkCtlCommand otk_ctl_broadcast_start_command = {
    .name = "start",
    .args = "SESSION [OPTIONS]",
    .summary = "start broadcasting SESSION",
    .options_help =
	"  --hls                      stream over HLS\n"
	"  --hls-dvr                  HLS that viewers can rewind (DVR); implies --hls\n"
	"  --hls-low-latency          HLS with low latency; implies --hls\n"
	"  --rtmp=[ID=]URL/STREAM     also stream to an RTMP(S) server: STREAM (the\n"
	"                             stream name or key) follows the last '/' of the\n"
	"                             URL, ID optionally names the target; repeat for\n"
	"                             up to 5 targets\n"
	"  --max-duration=S           stop after S seconds (60 to 36000)\n"
	"  --max-bitrate=BPS          the highest bit rate, in bits per second\n"
	"  --resolution=WxH           640x480 (the default), 480x640, 1280x720,\n"
	"                             720x1280, 1920x1080 or 1080x1920\n"
	"  --layout=TYPE              bestFit, custom, horizontalPresentation, pip or\n"
	"                             verticalPresentation\n"
	"  --stylesheet=CSS           the stylesheet of a custom layout\n"
	"  --screenshare-type=TYPE    the layout while a screen is shared (bestFit only)\n"
	"  --stream-mode=MODE         auto (the default) or manual (see add-stream)\n"
	"  --multi-broadcast-tag=TAG  lets one session have several broadcasts at once\n"
	"  --no-audio                 broadcast no audio\n"
	"  --no-video                 broadcast no video\n"
	"\n"
	"At least one output, --hls or --rtmp, is needed.\n",
    .run = otk_ctl_broadcast_start_run,
};

static const OtkCtlCommand otk_ctl_broadcast_get_command = {
    .name = "get",
    .args = "ID",
    .summary = "print the broadcast ID",
    .run = otk_ctl_composer_get_run,
    .data = &otk_ctl_broadcast_composer,
};

static const OtkCtlCommand otk_ctl_broadcast_list_command = {
    .name = "list",
    .args = "[OPTIONS]",
    .summary = "list broadcasts, newest first",
    .options_help = "  --session=SESSION  only the broadcasts of SESSION (to use the session\n"
		    "                     bus here, put --session before 'broadcast')\n"
		    "  --offset=N         skip the N most recent broadcasts\n"
		    "  --count=N          list at most N broadcasts (up to 1000)\n",
    .run = otk_ctl_composer_list_run,
    .data = &otk_ctl_broadcast_composer,
};

static const OtkCtlCommand otk_ctl_broadcast_stop_command = {
    .name = "stop",
    .args = "ID",
    .summary = "stop the broadcast ID",
    .run = otk_ctl_composer_stop_run,
    .data = &otk_ctl_broadcast_composer,
};

static const OtkCtlCommand otk_ctl_broadcast_layout_command = {
    .name = "layout",
    .args = "ID --type=TYPE [OPTIONS]",
    .summary = "change the layout of the broadcast ID",
    .options_help =
	"  --type=TYPE              bestFit, custom, horizontalPresentation, pip or\n"
	"                           verticalPresentation (required)\n"
	"  --stylesheet=CSS         the stylesheet of a custom layout\n"
	"  --screenshare-type=TYPE  the layout while a screen is shared (bestFit only)\n",
    .run = otk_ctl_composer_layout_run,
    .data = &otk_ctl_broadcast_composer,
};

static const OtkCtlCommand otk_ctl_broadcast_add_stream_command = {
    .name = "add-stream",
    .args = "ID STREAM [OPTIONS]",
    .summary = "add STREAM to broadcast ID (manual mode)",
    .options_help = "  --no-audio  leave out the audio of STREAM\n"
		    "  --no-video  leave out the video of STREAM\n",
    .run = otk_ctl_composer_add_stream_run,
    .data = &otk_ctl_broadcast_composer,
};

static const OtkCtlCommand otk_ctl_broadcast_remove_stream_command = {
    .name = "remove-stream",
    .args = "ID STREAM",
    .summary = "drop STREAM from broadcast ID (manual mode)",
    .run = otk_ctl_composer_remove_stream_run,
    .data = &otk_ctl_broadcast_composer,
};

static const OtkCtlCommand *const otk_ctl_broadcast_subcommands[] = {
    &otk_ctl_broadcast_start_command,
    &otk_ctl_broadcast_get_command,
    &otk_ctl_broadcast_list_command,
    &otk_ctl_broadcast_stop_command,
    &otk_ctl_broadcast_layout_command,
    &otk_ctl_broadcast_add_stream_command,
    &otk_ctl_broadcast_remove_stream_command,
    NULL,
};

const OtkCtlCommand otk_ctl_broadcast_command = {
    .name = "broadcast",
    .summary = "stream sessions live over HLS and RTMP",
    .subcommands = otk_ctl_broadcast_subcommands,
};
