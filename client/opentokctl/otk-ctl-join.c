/*
 * --token and the argument check of the commands that put a participant into a session
 * (see OtkCtlJoin in otk-ctl.h). Neither message below repeats what was given.
 */
#include "otk-ctl.h"

int
otk_ctl_handle_join_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	OtkCtlJoin *join = user_data;

	if (option != OTK_CTL_OPT_TOKEN)
		return otk_ctl_handle_option_key(ctl, option, value, &join->keys);
	/* "" would quietly mean "mint one" */
	if (value[0] == '\0')
		return otk_ctl_usage_error(
		    ctl, "--token needs a token (leave it out to have opentokd mint one)");
	join->token = value;
	return OTK_CTL_CONTINUE;
}

int
otk_ctl_parse_join_command(OtkCtl *ctl,
			   const OtkCtlCommand *cmd,
			   int argc,
			   char **argv,
			   const struct option *options,
			   OtkCtlOptionFunc handle,
			   OtkCtlJoin *join,
			   const char *const *names)
{
	int n_names = 0;
	int r = otk_ctl_parse_options(ctl, cmd, argc, argv, options, handle, join);

	while (names[n_names] != NULL)
		n_names++;
	if (r == OTK_CTL_CONTINUE && argc - optind > n_names)
		return otk_ctl_usage_error(ctl, "too many arguments (a token goes in --token)");
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_expect_args(ctl, argc, argv, names);
	return r;
}
