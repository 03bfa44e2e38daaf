/*
 * opentokctl connection …: the clients connected to a session.
 */
#include "otk-ctl.h"

static const struct option otk_ctl_connection_options[] = {
    OTK_CTL_COMMON_OPTIONS,
    {NULL, 0, NULL, 0},
};

static int
otk_ctl_connection_list_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"SESSION", NULL};
	static const OtkCtlColumn columns[] = {
	    {"CONNECTION ID", "connection_id", OTK_CTL_COLUMN_TEXT},
	    {"STATE", "connection_state", OTK_CTL_COLUMN_TEXT},
	    {"CREATED", "created_at", OTK_CTL_COLUMN_TIME_MS},
	};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	int r = otk_ctl_parse_options(ctl, cmd, argc, argv, otk_ctl_connection_options, NULL, NULL);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_expect_args(ctl, argc, argv, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	if (otk_client_list_connections(ctl->client, argv[optind], &list, &error) < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_list(ctl, list, columns, OTK_N_ELEMENTS(columns));
}

static int
otk_ctl_connection_disconnect_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"SESSION", "CONNECTION", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	int r = otk_ctl_parse_options(ctl, cmd, argc, argv, otk_ctl_connection_options, NULL, NULL);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_expect_args(ctl, argc, argv, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	if (otk_client_force_disconnect(ctl->client, argv[optind], argv[optind + 1], &error) < 0)
		return otk_ctl_fail_call(error);
	return OTK_CTL_EXIT_OK;
}

static const OtkCtlCommand otk_ctl_connection_list_command = {
    .name = "list",
    .args = "SESSION",
    .summary = "list the connections of SESSION",
    .run = otk_ctl_connection_list_run,
};

static const OtkCtlCommand otk_ctl_connection_disconnect_command = {
    .name = "disconnect",
    .args = "SESSION CONNECTION",
    .summary = "force CONNECTION out of SESSION",
    .run = otk_ctl_connection_disconnect_run,
};

static const OtkCtlCommand *const otk_ctl_connection_subcommands[] = {
    &otk_ctl_connection_list_command,
    &otk_ctl_connection_disconnect_command,
    NULL,
};

const OtkCtlCommand otk_ctl_connection_command = {
    .name = "connection",
    .summary = "list and disconnect the clients of a session",
    .subcommands = otk_ctl_connection_subcommands,
};
