/*
 * opentokctl stream …: the streams of a live session, their layout classes and
 * force-muting. Ids and class names are sent as given; the daemon checks them and names
 * what it refuses. Only what the command line alone shows to be wrong is refused here.
 */
#include <errno.h>
#include <string.h>

#include "otk-ctl.h"
#include "otk-streams.h"

enum {
	OPT_EXCLUDE = OTK_CTL_OPT_COMMAND,
};

/* what text mode prints of a stream, in this order */
static const OtkCtlColumn otk_ctl_stream_fields[] = {
    {"id", "id", OTK_CTL_COLUMN_TEXT, NULL},
    {"video_type", "video_type", OTK_CTL_COLUMN_TEXT, NULL},
    {"name", "name", OTK_CTL_COLUMN_TEXT, NULL},
    {"layout_class_list", "layout_class_list", OTK_CTL_COLUMN_LIST, NULL},
};

/* the table of stream list */
static const OtkCtlColumn otk_ctl_stream_columns[] = {
    {"ID", "id", OTK_CTL_COLUMN_TEXT, NULL},
    {"TYPE", "video_type", OTK_CTL_COLUMN_TEXT, NULL},
    {"NAME", "name", OTK_CTL_COLUMN_TEXT, NULL},
    {"CLASSES", "layout_class_list", OTK_CTL_COLUMN_LIST, NULL},
};

/* the commands without a result print nothing, with --json too */
static int
otk_ctl_stream_finish(int r, const OtkCallError *error)
{
	return r < 0 ? otk_ctl_fail_call(error) : OTK_CTL_EXIT_OK;
}

/* the common options only, then exactly @names; connects */
static int
otk_ctl_stream_begin(OtkCtl *ctl,
		     const OtkCtlCommand *cmd,
		     int argc,
		     char **argv,
		     const char *const *names)
{
	int r = otk_ctl_parse_command(ctl, cmd, argc, argv, NULL, NULL, NULL, names);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	return r;
}

static int
otk_ctl_stream_get_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"SESSION", "STREAM", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *stream = NULL;
	int r = otk_ctl_stream_begin(ctl, cmd, argc, argv, names);

	if (r != OTK_CTL_CONTINUE)
		return r;
	if (otk_client_stream_get(ctl->client, argv[optind], argv[optind + 1], &stream, &error) < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_record(
	    ctl, stream, otk_ctl_stream_fields, OTK_N_ELEMENTS(otk_ctl_stream_fields));
}

static int
otk_ctl_stream_list_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"SESSION", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	int r = otk_ctl_stream_begin(ctl, cmd, argc, argv, names);

	if (r != OTK_CTL_CONTINUE)
		return r;
	if (otk_client_stream_list(ctl->client, argv[optind], &list, &error) < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_list(
	    ctl, list, otk_ctl_stream_columns, OTK_N_ELEMENTS(otk_ctl_stream_columns));
}

/* the class names after the '=' of one assignment, split at each ','; none when empty */
static int
otk_ctl_stream_add_classes(const OtkCtl *ctl,
			   OtkLayoutClasses *classes,
			   const char *stream_id,
			   const char *list,
			   const char *assignment)
{
	OTK_AUTOFREE char *copy = strdup(list);
	char *rest = copy;
	int r;

	if (copy == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_layout_classes_add(classes, stream_id, NULL);
	while (r >= 0 && list[0] != '\0' && rest != NULL) {
		char *name = strsep(&rest, ",");
		if (name[0] == '\0')
			return otk_ctl_usage_error(ctl, "empty class name in '%s'", assignment);
		r = otk_layout_classes_add(classes, stream_id, name);
	}
	if (r == -ENOMEM)
		return otk_ctl_fail("out of memory");
	if (r < 0)
		return otk_ctl_usage_error(ctl, "invalid assignment '%s'", assignment);
	return OTK_CTL_CONTINUE;
}

/* "STREAM=CLASS[,CLASS...]" into @classes; "STREAM=" gives STREAM no class */
static int
otk_ctl_stream_parse_assignment(const OtkCtl *ctl, OtkLayoutClasses *classes, const char *text)
{
	const char *eq = strchr(text, '=');
	OTK_AUTOFREE char *stream_id = NULL;

	if (eq == NULL || eq == text)
		return otk_ctl_usage_error(
		    ctl, "'%s' is not STREAM=CLASS[,CLASS...] (or STREAM= to clear)", text);
	stream_id = strndup(text, (size_t)(eq - text));
	if (stream_id == NULL)
		return otk_ctl_fail("out of memory");
	if (otk_layout_classes_contains(classes, stream_id))
		return otk_ctl_usage_error(ctl, "stream '%s' is given twice", stream_id);
	return otk_ctl_stream_add_classes(ctl, classes, stream_id, eq + 1, text);
}

static int
otk_ctl_stream_layout_parse(OtkCtl *ctl,
			    const OtkCtlCommand *cmd,
			    int argc,
			    char **argv,
			    OtkLayoutClasses *classes)
{
	static const char *const names[] = {"SESSION", "STREAM=CLASS[,CLASS...]", NULL};
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	int r = otk_ctl_parse_options(ctl, cmd, argc, argv, options, NULL, NULL);

	/* too few: the fixed pair names what is missing */
	if (r == OTK_CTL_CONTINUE && argc - optind < 2)
		r = otk_ctl_expect_args(ctl, argc, argv, names);
	if (r == OTK_CTL_CONTINUE && argv[optind][0] == '\0')
		r = otk_ctl_usage_error(ctl, "SESSION must not be empty");
	for (int i = optind + 1; r == OTK_CTL_CONTINUE && i < argc; i++)
		r = otk_ctl_stream_parse_assignment(ctl, classes, argv[i]);
	return r;
}

static int
otk_ctl_stream_layout_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	OTK_CLEANUP(otk_layout_classes_freep) OtkLayoutClasses *classes = otk_layout_classes_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	int r;

	if (classes == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_stream_layout_parse(ctl, cmd, argc, argv, classes);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_stream_set_layout_classes(ctl->client, argv[optind], classes, &error);
	return otk_ctl_stream_finish(r, error);
}

static int
otk_ctl_stream_mute_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"SESSION", "STREAM", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	int r = otk_ctl_stream_begin(ctl, cmd, argc, argv, names);

	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_stream_force_mute(ctl->client, argv[optind], argv[optind + 1], &error);
	return otk_ctl_stream_finish(r, error);
}

typedef struct {
	const char **ids; /* room for every argument, NULL-terminated */
	size_t n;
} OtkCtlExcluded;

static int
otk_ctl_stream_exclude_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	OtkCtlExcluded *excluded = user_data;

	if (option != OPT_EXCLUDE)
		return OTK_CTL_NOT_COMMON;
	if (value[0] == '\0')
		return otk_ctl_usage_error(ctl, "--exclude needs a stream id");
	excluded->ids[excluded->n++] = value;
	return OTK_CTL_CONTINUE;
}

static int
otk_ctl_stream_mute_all_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"exclude", required_argument, NULL, OPT_EXCLUDE},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"SESSION", NULL};
	OTK_AUTOFREE const char **ids = calloc((size_t)argc + 1, sizeof(char *));
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OtkCtlExcluded excluded = {ids, 0};
	int r;

	if (ids == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_command(
	    ctl, cmd, argc, argv, options, otk_ctl_stream_exclude_option, &excluded, names);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_stream_force_mute_all(ctl->client, argv[optind], ids, &error);
	return otk_ctl_stream_finish(r, error);
}

static int
otk_ctl_stream_unmute_all_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const char *const names[] = {"SESSION", NULL};
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	int r = otk_ctl_stream_begin(ctl, cmd, argc, argv, names);

	if (r != OTK_CTL_CONTINUE)
		return r;
	r = otk_client_stream_disable_force_mute(ctl->client, argv[optind], &error);
	return otk_ctl_stream_finish(r, error);
}

static const OtkCtlCommand otk_ctl_stream_get_command = {
    .name = "get",
    .args = "SESSION STREAM",
    .summary = "print the stream STREAM of SESSION",
    .run = otk_ctl_stream_get_run,
};

static const OtkCtlCommand otk_ctl_stream_list_command = {
    .name = "list",
    .args = "SESSION",
    .summary = "list the streams of SESSION",
    .run = otk_ctl_stream_list_run,
};

static const OtkCtlCommand otk_ctl_stream_layout_command = {
    .name = "layout",
    .args = "SESSION STREAM=CLASS[,CLASS...]...",
    .summary = "set the layout classes of streams of SESSION",
    .description = "Each STREAM gets exactly the classes listed after its '=', replacing its\n"
		   "old ones; STREAM= leaves it without any class. Streams not named keep\n"
		   "theirs. Composed archives and broadcasts lay the classes out.\n",
    .run = otk_ctl_stream_layout_run,
};

static const OtkCtlCommand otk_ctl_stream_mute_command = {
    .name = "mute",
    .args = "SESSION STREAM",
    .summary = "mute the audio of STREAM",
    .description = "The publisher of STREAM can unmute it again.\n",
    .run = otk_ctl_stream_mute_run,
};

static const OtkCtlCommand otk_ctl_stream_mute_all_command = {
    .name = "mute-all",
    .args = "SESSION [OPTIONS]",
    .summary = "mute the audio of every stream of SESSION",
    .description = "Streams published later are muted too, until 'stream unmute-all'.\n",
    .options_help = "  --exclude=STREAM  leave STREAM alone; repeat for more\n",
    .run = otk_ctl_stream_mute_all_run,
};

static const OtkCtlCommand otk_ctl_stream_unmute_all_command = {
    .name = "unmute-all",
    .args = "SESSION",
    .summary = "end what 'stream mute-all' started in SESSION",
    .description = "New streams are no longer muted. Streams muted already stay muted until\n"
		   "their publishers unmute them.\n",
    .run = otk_ctl_stream_unmute_all_run,
};

static const OtkCtlCommand *const otk_ctl_stream_subcommands[] = {
    &otk_ctl_stream_get_command,
    &otk_ctl_stream_list_command,
    &otk_ctl_stream_layout_command,
    &otk_ctl_stream_mute_command,
    &otk_ctl_stream_mute_all_command,
    &otk_ctl_stream_unmute_all_command,
    NULL,
};

const OtkCtlCommand otk_ctl_stream_command = {
    .name = "stream",
    .summary = "look at the streams of a session, set their layout classes, mute them",
    .subcommands = otk_ctl_stream_subcommands,
};
