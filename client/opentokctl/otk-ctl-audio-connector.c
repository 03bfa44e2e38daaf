/*
 * opentokctl audio-connector connect: sends the audio of a session's streams to a
 * WebSocket server. Options are sent as given (the rate checked to be a whole number);
 * the daemon checks the values and names what it refuses.
 */
#include "otk-audio-connector.h"
#include "otk-ctl.h"

enum {
	OPT_STREAM = OTK_CTL_OPT_COMMAND,
	OPT_HEADER,
	OPT_AUDIO_RATE,
	OPT_BIDIRECTIONAL,
};

/* what text mode prints of a new connector */
static const OtkCtlColumn otk_ctl_audio_connector_fields[] = {
    {"id", "id", OTK_CTL_COLUMN_TEXT, NULL},
    {"connection_id", "connection_id", OTK_CTL_COLUMN_TEXT, NULL},
};

static const OtkCtlOptionKey otk_ctl_audio_connector_keys[] = {
    {OPT_STREAM, "stream", "streams", OTK_CTL_KEY_LIST_ITEM, false},
    {OPT_HEADER, "header", "headers", OTK_CTL_KEY_MAP_ENTRY, false},
    {OPT_AUDIO_RATE, "audio-rate", "audio_rate", OTK_CTL_KEY_INT64, false},
    {OPT_BIDIRECTIONAL, "bidirectional", "bidirectional", OTK_CTL_KEY_TRUE, false},
};

static int
otk_ctl_audio_connector_connect_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    OTK_CTL_TOKEN_OPTION,
	    {"stream", required_argument, NULL, OPT_STREAM},
	    {"header", required_argument, NULL, OPT_HEADER},
	    {"audio-rate", required_argument, NULL, OPT_AUDIO_RATE},
	    {"bidirectional", no_argument, NULL, OPT_BIDIRECTIONAL},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", "URI", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *connection = NULL;
	OtkCtlJoin join = {.keys = {otk_ctl_audio_connector_keys,
				    OTK_N_ELEMENTS(otk_ctl_audio_connector_keys),
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
	r = otk_client_audio_connector_connect(
	    ctl->client, argv[optind], join.token, argv[optind + 1], opts, &connection, &error);
	if (r < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_record(ctl,
				    connection,
				    otk_ctl_audio_connector_fields,
				    OTK_N_ELEMENTS(otk_ctl_audio_connector_fields));
}

static const OtkCtlCommand otk_ctl_audio_connector_connect_command = {
    .name = "connect",
    .args = "SESSION URI [OPTIONS]",
    .summary = "send the audio of SESSION to a WebSocket server",
    .description = "SESSION must be routed. The connector joins it as a client; it stays\n"
		   "until the WebSocket closes or its connection is dropped with 'connection\n"
		   "disconnect'. Prints the connector's id and connection.\n",
    .options_help =
	"  --token=TOKEN         the token the connector connects with (the default: one\n"
	"                        that opentokd mints)\n"
	"  --stream=STREAM       send only the listed streams; repeat for more (the\n"
	"                        default: every stream)\n"
	"  --header=NAME=VALUE   a header for the WebSocket handshake; repeat for more\n"
	"                        (512 bytes in all)\n"
	"  --audio-rate=HZ       8000 (the default) or 16000 samples per second\n"
	"  --bidirectional       also play what the server sends back into SESSION\n",
    .run = otk_ctl_audio_connector_connect_run,
};

static const OtkCtlCommand *const otk_ctl_audio_connector_subcommands[] = {
    &otk_ctl_audio_connector_connect_command,
    NULL,
};

const OtkCtlCommand otk_ctl_audio_connector_command = {
    .name = "audio-connector",
    .summary = "stream the audio of sessions to WebSocket servers",
    .subcommands = otk_ctl_audio_connector_subcommands,
};
