/*
 * opentokctl status: what the daemon says about itself.
 */
#include "otk-ctl.h"

static int
otk_ctl_status_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {OTK_CTL_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *status = NULL;
	int r = otk_ctl_parse_options(ctl, cmd, argc, argv, options, NULL, NULL);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_expect_args(ctl, argc, argv, NULL);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	if (otk_client_get_status(ctl->client, &status, &error) < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_dict(ctl, status);
}

const OtkCtlCommand otk_ctl_status_command = {
    .name = "status",
    .summary = "show the daemon's version, API key, API URL and plugins",
    .run = otk_ctl_status_run,
};
