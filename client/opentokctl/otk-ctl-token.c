/*
 * opentokctl token: minting client tokens (no network: the daemon signs them).
 */
#include <time.h>

#include "otk-ctl.h"

enum {
	OPT_ROLE = OTK_CTL_OPT_COMMAND,
	OPT_EXPIRE_TIME,
	OPT_EXPIRE_IN,
	OPT_DATA,
	OPT_LAYOUT_CLASS,
	OPT_TYPE,
};

typedef struct {
	OtkOptions *opts;
	bool has_expire_time;
} OtkCtlTokenArgs;

static int
otk_ctl_token_expiry(OtkCtl *ctl, int option, const char *value, OtkCtlTokenArgs *args)
{
	int64_t number;
	int64_t now = (int64_t)time(NULL);

	if (!otk_ctl_parse_int64(value, &number))
		return otk_ctl_usage_error(ctl, "'%s' is not a whole number of seconds", value);
	if (args->has_expire_time)
		return otk_ctl_usage_error(ctl, "give either --expire-time or --expire-in, once");
	args->has_expire_time = true;
	if (option == OPT_EXPIRE_IN && __builtin_add_overflow(now, number, &number))
		return otk_ctl_usage_error(ctl, "--expire-in %s is out of range", value);
	return otk_options_set_int64(args->opts, "expire_time", number) < 0 ? OTK_CTL_EXIT_ERROR
									      : OTK_CTL_CONTINUE;
}

static int
otk_ctl_token_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	OtkCtlTokenArgs *args = user_data;
	int r;

	switch (option) {
	case OPT_EXPIRE_TIME:
	case OPT_EXPIRE_IN:
		return otk_ctl_token_expiry(ctl, option, value, args);
	case OPT_ROLE:
		r = otk_options_set_string(args->opts, "role", value);
		break;
	case OPT_DATA:
		r = otk_options_set_string(args->opts, "data", value);
		break;
	case OPT_LAYOUT_CLASS:
		r = otk_options_add_strv_item(args->opts, "initial_layout_class_list", value);
		break;
	case OPT_TYPE:
		r = otk_options_set_string(args->opts, "token_type", value);
		break;
	default:
		return OTK_CTL_NOT_COMMON;
	}
	if (r < 0)
		return otk_ctl_usage_error(ctl, "invalid value '%s'", value);
	return OTK_CTL_CONTINUE;
}

static int
otk_ctl_token_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"role", required_argument, NULL, OPT_ROLE},
	    {"expire-time", required_argument, NULL, OPT_EXPIRE_TIME},
	    {"expire-in", required_argument, NULL, OPT_EXPIRE_IN},
	    {"data", required_argument, NULL, OPT_DATA},
	    {"layout-class", required_argument, NULL, OPT_LAYOUT_CLASS},
	    {"type", required_argument, NULL, OPT_TYPE},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_AUTOFREE char *token = NULL;
	OtkCtlTokenArgs args = {opts, false};
	int r;

	if (opts == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_options(ctl, cmd, argc, argv, options, otk_ctl_token_option, &args);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_expect_args(ctl, argc, argv, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	if (otk_client_generate_token(ctl->client, argv[optind], opts, &token, &error) < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_value(ctl, "token", token);
}

const OtkCtlCommand otk_ctl_token_command = {
    .name = "token",
    .args = "SESSION [OPTIONS]",
    .summary = "generate a client token for SESSION",
    .options_help = "  --role=ROLE               subscriber, publisher (the default), moderator\n"
		    "                            or publisheronly\n"
		    "  --expire-time=UNIX        expire at this time, in seconds since the epoch\n"
		    "  --expire-in=SECONDS       expire this many seconds from now\n"
		    "                            (the default: 24 hours)\n"
		    "  --data=STRING             connection data, up to 1000 characters\n"
		    "  --layout-class=NAME       an initial layout class; repeat for more\n"
		    "  --type=TYPE               JWT (the default) or T1\n",
    .run = otk_ctl_token_run,
};
