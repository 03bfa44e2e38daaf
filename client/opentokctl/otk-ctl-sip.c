/*
 * opentokctl sip …: dialing SIP endpoints into a session and playing DTMF tones. The
 * options are sent as given, split where the command line joins two values (headers,
 * credentials); the daemon checks them and names what it refuses. The password of
 * --auth is never printed, not even in a usage error.
 */
#include <errno.h>
#include <string.h>

#include "otk-ctl.h"
#include "otk-sip.h"

enum {
	OPT_FROM = OTK_CTL_OPT_COMMAND,
	OPT_HEADER,
	OPT_AUTH,
	OPT_SECURE,
	OPT_VIDEO,
	OPT_OBSERVE_FORCE_MUTE,
	OPT_STREAM,
	OPT_TO,
};

/* what text mode prints of a SIP call */
static const OtkCtlColumn otk_ctl_sip_fields[] = {
    {"id", "id", OTK_CTL_COLUMN_TEXT, NULL},
    {"connection_id", "connection_id", OTK_CTL_COLUMN_TEXT, NULL},
    {"stream_id", "stream_id", OTK_CTL_COLUMN_TEXT, NULL},
};

/* "USER:PASSWORD" into `auth`; the first ':' ends the user, the password may have more */
static int
otk_ctl_sip_auth_new(const char *value, OtkOptions **ret_auth)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *auth = otk_options_new();
	OTK_AUTOFREE char *user = NULL;
	const char *colon = strchr(value, ':');
	int r;

	if (auth == NULL)
		return -ENOMEM;
	if (colon == NULL || colon == value || colon[1] == '\0')
		return -EBADMSG;
	user = strndup(value, (size_t)(colon - value));
	if (user == NULL)
		return -ENOMEM;
	r = otk_options_set_string(auth, "username", user);
	if (r >= 0)
		r = otk_options_set_string(auth, "password", colon + 1);
	if (r < 0)
		return r;
	*ret_auth = otk_steal_pointer(&auth);
	return 0;
}

static int
otk_ctl_sip_dial_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	OtkCtlJoin *join = user_data;
	OtkOptions *auth = NULL;
	int r;

	if (option != OPT_AUTH)
		return otk_ctl_handle_join_option(ctl, option, value, join);
	r = otk_ctl_sip_auth_new(value, &auth);
	if (r >= 0)
		r = otk_options_set_dict(join->keys.options, "auth", auth);
	if (r == -ENOMEM)
		return otk_ctl_fail("out of memory");
	if (r == -EBADMSG)
		return otk_ctl_usage_error(ctl, "--auth needs USER:PASSWORD, neither empty");
	if (r < 0)
		return otk_ctl_usage_error(ctl, "--auth needs valid UTF-8");
	return OTK_CTL_CONTINUE;
}

static const OtkCtlOptionKey otk_ctl_sip_dial_keys[] = {
    {OPT_FROM, "from", "from", OTK_CTL_KEY_STRING, false},
    {OPT_HEADER, "header", "headers", OTK_CTL_KEY_MAP_ENTRY, false},
    {OPT_SECURE, "secure", "secure", OTK_CTL_KEY_TRUE, false},
    {OPT_VIDEO, "video", "video", OTK_CTL_KEY_TRUE, false},
    {OPT_OBSERVE_FORCE_MUTE, "observe-force-mute", "observe_force_mute", OTK_CTL_KEY_TRUE, false},
    {OPT_STREAM, "stream", "streams", OTK_CTL_KEY_LIST_ITEM, false},
};

static int
otk_ctl_sip_dial_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    OTK_CTL_TOKEN_OPTION,
	    {"from", required_argument, NULL, OPT_FROM},
	    {"header", required_argument, NULL, OPT_HEADER},
	    {"auth", required_argument, NULL, OPT_AUTH},
	    {"secure", no_argument, NULL, OPT_SECURE},
	    {"video", no_argument, NULL, OPT_VIDEO},
	    {"observe-force-mute", no_argument, NULL, OPT_OBSERVE_FORCE_MUTE},
	    {"stream", required_argument, NULL, OPT_STREAM},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", "SIP_URI", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *call = NULL;
	OtkCtlJoin join = {
	    .keys = {otk_ctl_sip_dial_keys, OTK_N_ELEMENTS(otk_ctl_sip_dial_keys), opts, NULL}};
	int r;

	if (opts == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_join_command(
	    ctl, cmd, argc, argv, options, otk_ctl_sip_dial_option, &join, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_sip_dial(
	    ctl->client, argv[optind], join.token, argv[optind + 1], opts, &call, &error);
	if (r < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_record(
	    ctl, call, otk_ctl_sip_fields, OTK_N_ELEMENTS(otk_ctl_sip_fields));
}

static int
otk_ctl_sip_dtmf_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	const char **to = user_data;

	if (option != OPT_TO)
		return OTK_CTL_NOT_COMMON;
	/* "" would quietly mean the whole session */
	if (value[0] == '\0')
		return otk_ctl_usage_error(
		    ctl, "--to needs a connection id (leave it out to play to everyone)");
	*to = value;
	return OTK_CTL_CONTINUE;
}

static int
otk_ctl_sip_dtmf_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"to", required_argument, NULL, OPT_TO},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", "DIGITS", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	const char *to = NULL;
	int r = otk_ctl_parse_command(
	    ctl, cmd, argc, argv, options, otk_ctl_sip_dtmf_option, &to, names);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_sip_play_dtmf(ctl->client, argv[optind], to, argv[optind + 1], &error);
	return r < 0 ? otk_ctl_fail_call(error) : OTK_CTL_EXIT_OK;
}

static const OtkCtlCommand otk_ctl_sip_dial_command = {
    .name = "dial",
    .args = "SESSION SIP_URI [OPTIONS]",
    .summary = "dial SIP_URI into SESSION",
    .description = "SESSION must be routed. The SIP call joins it as a client and publishes\n"
		   "its audio; it stays until the far end hangs up or its connection is\n"
		   "dropped with 'connection disconnect'. Prints the call's id, connection\n"
		   "and stream.\n",
    .options_help =
	"  --token=TOKEN            the token the call connects with (the default: one\n"
	"                           that opentokd mints)\n"
	"  --from=FROM              the caller, e.g. 14155550101@example.com (shown as\n"
	"                           caller id on the phone network)\n"
	"  --header=NAME=VALUE      a SIP header for the INVITE; repeat for more\n"
	"  --auth=USER:PASSWORD     credentials for an endpoint that asks for them\n"
	"  --secure                 encrypt the media (SRTP)\n"
	"  --video                  send and receive video too\n"
	"  --observe-force-mute     let 'stream mute' and 'stream mute-all' mute the\n"
	"                           call\n"
	"  --stream=STREAM          the call hears only the listed streams; repeat for\n"
	"                           more (the default: every stream)\n",
    .run = otk_ctl_sip_dial_run,
};

static const OtkCtlCommand otk_ctl_sip_dtmf_command = {
    .name = "dtmf",
    .args = "SESSION DIGITS [OPTIONS]",
    .summary = "play DTMF tones to the clients of SESSION",
    .description = "DIGITS are 0-9, '*', '#', and 'p' for a pause of half a second.\n",
    .options_help = "  --to=CONNECTION  only to this connection, e.g. a SIP call's (the\n"
		    "                   default: every client)\n",
    .run = otk_ctl_sip_dtmf_run,
};

static const OtkCtlCommand *const otk_ctl_sip_subcommands[] = {
    &otk_ctl_sip_dial_command,
    &otk_ctl_sip_dtmf_command,
    NULL,
};

const OtkCtlCommand otk_ctl_sip_command = {
    .name = "sip",
    .summary = "dial phones and SIP endpoints into sessions",
    .subcommands = otk_ctl_sip_subcommands,
};
