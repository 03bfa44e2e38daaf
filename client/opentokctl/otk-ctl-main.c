/*
 * opentokctl: the global options, the command table and the dispatcher.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "otk-ctl.h"

/* one entry per command group; keep the order of --help */
static const OtkCtlCommand *const otk_ctl_commands[] = {
    &otk_ctl_status_command,
    &otk_ctl_session_command,
    &otk_ctl_token_command,
    &otk_ctl_connection_command,
    &otk_ctl_archive_command,
    &otk_ctl_broadcast_command,
    &otk_ctl_stream_command,
    &otk_ctl_signal_command,
    &otk_ctl_sip_command,
    &otk_ctl_captions_command,
    &otk_ctl_render_command,
    &otk_ctl_audio_connector_command,
    NULL,
};

static const char otk_ctl_common_help[] =
    "  --system              talk to opentokd on the system bus (the default)\n"
    "  --session             talk to opentokd on the session bus\n"
    "  --bus-address=ADDR    talk to opentokd on the message bus at ADDR\n"
    "  --json                print results as one line of JSON\n"
    "  -h, --help            show this help\n";

static const char otk_ctl_exit_help[] =
    "Exit status: 0 success, 1 error from opentokd or the API, 2 usage error,\n"
    "3 opentokd could not be reached, 4 a wait timed out (archive wait).\n";

int
otk_ctl_connect(OtkCtl *ctl)
{
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;

	if (ctl->client != NULL)
		return OTK_CTL_CONTINUE;
	/* from here on the command waits for opentokd, until it prints */
	otk_ctl_progress_start("%s: waiting for opentokd", ctl->command_path);
	if (ctl->bus == OTK_CTL_BUS_ADDRESS)
		ctl->client = otk_client_new_address(ctl->bus_address, &error);
	else if (ctl->bus == OTK_CTL_BUS_SESSION)
		ctl->client = otk_client_new_session(&error);
	else
		ctl->client = otk_client_new_system(&error);
	if (ctl->client == NULL)
		return otk_ctl_fail_call(error);
	return OTK_CTL_CONTINUE;
}

static void
otk_ctl_print_command_line(FILE *f, const char *group, const OtkCtlCommand *cmd)
{
	int len = fprintf(f,
			  "  %s%s%s%s%s",
			  group != NULL ? group : "",
			  group != NULL ? " " : "",
			  cmd->name,
			  cmd->args != NULL ? " " : "",
			  cmd->args != NULL ? cmd->args : "");
	/* long synopses get their summary on the next line */
	if (len > 38)
		fprintf(f, "\n%40s%s\n", "", cmd->summary);
	else
		fprintf(f, "%*s%s\n", 40 - len, "", cmd->summary);
}

static void
otk_ctl_print_main_help(FILE *f)
{
	fputs("Usage: opentokctl [OPTIONS] COMMAND [ARGUMENTS]\n\n"
	      "Control opentokd, the OpenTok video service daemon.\n\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; otk_ctl_commands[i] != NULL; i++) {
		const OtkCtlCommand *cmd = otk_ctl_commands[i];
		if (cmd->subcommands == NULL) {
			otk_ctl_print_command_line(f, NULL, cmd);
			continue;
		}
		for (size_t j = 0; cmd->subcommands[j] != NULL; j++)
			otk_ctl_print_command_line(f, cmd->name, cmd->subcommands[j]);
	}
	fprintf(
	    f, "\nOptions:\n%s  --version             show the version\n\n", otk_ctl_common_help);
	fputs("Every command takes --help, and the options above.\n", f);
	fputs(otk_ctl_exit_help, f);
}

/* a summary as a sentence: capital first letter, full stop, blank line */
static void
otk_ctl_print_sentence(FILE *f, const char *summary)
{
	fprintf(f, "%c%s.\n\n", (char)toupper((unsigned char)summary[0]), summary + 1);
}

void
otk_ctl_print_help(const OtkCtl *ctl, const OtkCtlCommand *cmd, FILE *f)
{
	if (cmd == NULL) {
		otk_ctl_print_main_help(f);
		return;
	}
	if (cmd->subcommands != NULL) {
		fprintf(f, "Usage: opentokctl %s COMMAND [ARGUMENTS]\n\n", ctl->command_path);
		otk_ctl_print_sentence(f, cmd->summary);
		fputs("Commands:\n", f);
		for (size_t j = 0; cmd->subcommands[j] != NULL; j++)
			otk_ctl_print_command_line(f, NULL, cmd->subcommands[j]);
		fprintf(f, "\nRun 'opentokctl %s COMMAND --help' for more.\n", ctl->command_path);
		return;
	}
	fprintf(f,
		"Usage: opentokctl %s%s%s\n\n",
		ctl->command_path,
		cmd->args != NULL ? " " : "",
		cmd->args != NULL ? cmd->args : "");
	otk_ctl_print_sentence(f, cmd->summary);
	if (cmd->description != NULL)
		fprintf(f, "%s\n", cmd->description);
	if (cmd->options_help != NULL)
		fprintf(f, "Options:\n%s\n", cmd->options_help);
	fprintf(f, "Common options:\n%s\n%s", otk_ctl_common_help, otk_ctl_exit_help);
}

static const OtkCtlCommand *
otk_ctl_find_command(const OtkCtlCommand *const *commands, const char *name)
{
	for (size_t i = 0; commands[i] != NULL; i++) {
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	}
	return NULL;
}

static void
otk_ctl_push_path(OtkCtl *ctl, const char *name)
{
	size_t len = strlen(ctl->command_path);
	snprintf(ctl->command_path + len,
		 sizeof(ctl->command_path) - len,
		 "%s%s",
		 len > 0 ? " " : "",
		 name);
}

/* argv[0] is the group's name; options may come before the subcommand too */
static int
otk_ctl_dispatch_group(OtkCtl *ctl, const OtkCtlCommand *group, int argc, char **argv)
{
	const OtkCtlCommand *cmd;
	int r = otk_ctl_parse_leading_options(ctl, group, argc, argv);

	if (r != OTK_CTL_CONTINUE)
		return r;
	argc -= optind;
	argv += optind;
	cmd = otk_ctl_find_command(group->subcommands, argv[0]);
	if (cmd == NULL)
		return otk_ctl_usage_error(ctl, "unknown command '%s %s'", group->name, argv[0]);
	otk_ctl_push_path(ctl, cmd->name);
	return cmd->run(ctl, cmd, argc, argv);
}

static int
otk_ctl_dispatch(OtkCtl *ctl, int argc, char **argv)
{
	const OtkCtlCommand *cmd = otk_ctl_find_command(otk_ctl_commands, argv[0]);

	if (cmd == NULL)
		return otk_ctl_usage_error(ctl, "unknown command '%s'", argv[0]);
	otk_ctl_push_path(ctl, cmd->name);
	if (cmd->subcommands != NULL)
		return otk_ctl_dispatch_group(ctl, cmd, argc, argv);
	return cmd->run(ctl, cmd, argc, argv);
}

int
main(int argc, char **argv)
{
	OtkCtl ctl = {.bus = OTK_CTL_BUS_SYSTEM};
	int r = otk_ctl_parse_leading_options(&ctl, NULL, argc, argv);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_dispatch(&ctl, argc - optind, argv + optind);
	/* the commands that print nothing on success */
	otk_ctl_progress_stop();
	otk_client_free(ctl.client);
	/* a full disk or a closed pipe must not look like success */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "opentokctl: cannot write the output: %s\n", strerror(errno));
		if (r == OTK_CTL_EXIT_OK)
			r = OTK_CTL_EXIT_ERROR;
	}
	return r;
}
