/*
 * opentokctl: shared state, the command table types and the helpers every command
 * group uses. A new group is one otk-ctl-<group>.c defining an OtkCtlCommand, plus an
 * entry in otk_ctl_commands[] (otk-ctl-main.c) and in meson.build.
 */
#pragma once

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "otk-client.h"
#include "otk-private.h"

/* exit codes, documented in --help */
enum {
	OTK_CTL_EXIT_OK = 0,
	OTK_CTL_EXIT_ERROR = 1,	      /* the daemon or the API refused or failed */
	OTK_CTL_EXIT_USAGE = 2,	      /* bad command line */
	OTK_CTL_EXIT_UNREACHABLE = 3, /* the daemon could not be reached */
	OTK_CTL_EXIT_TIMEOUT = 4,     /* a wait gave up (archive wait --timeout) */
};

/* returned by helpers when the command should go on; any other value is an exit code */
#define OTK_CTL_CONTINUE (-1)
/* returned by otk_ctl_handle_common_option() for an option that is not a common one */
#define OTK_CTL_NOT_COMMON (-2)

typedef enum {
	OTK_CTL_BUS_SYSTEM,
	OTK_CTL_BUS_SESSION,
	OTK_CTL_BUS_ADDRESS,
} OtkCtlBus;

typedef struct {
	OtkCtlBus bus;
	const char *bus_address;
	bool json;
	char command_path[64]; /* e.g. "connection list", for usage messages */
	OtkClient *client;
} OtkCtl;

typedef struct OtkCtlCommand OtkCtlCommand;

/* argv[0] is the command's own name; options may come before or after arguments */
typedef int (*OtkCtlRunFunc)(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);

struct OtkCtlCommand {
	const char *name;
	const char *args;	  /* e.g. "SESSION [OPTIONS]", NULL for none */
	const char *summary;	  /* one line, lower case, no full stop */
	const char *description;  /* more of --help, sentences ending in newlines, or NULL */
	const char *options_help; /* the command's own options, one per line, or NULL */
	OtkCtlRunFunc run;	  /* NULL for a group */
	const OtkCtlCommand *const *subcommands; /* NULL-terminated, for a group */
	const void *data; /* what a shared run function works on, e.g. an OtkCtlComposer */
};

/* the command groups, one per file */
extern const OtkCtlCommand otk_ctl_status_command;
extern const OtkCtlCommand otk_ctl_session_command;
extern const OtkCtlCommand otk_ctl_token_command;
extern const OtkCtlCommand otk_ctl_connection_command;
extern const OtkCtlCommand otk_ctl_archive_command;
extern const OtkCtlCommand otk_ctl_broadcast_command;
extern const OtkCtlCommand otk_ctl_stream_command;
extern const OtkCtlCommand otk_ctl_signal_command;
extern const OtkCtlCommand otk_ctl_sip_command;
extern const OtkCtlCommand otk_ctl_captions_command;
extern const OtkCtlCommand otk_ctl_render_command;
extern const OtkCtlCommand otk_ctl_audio_connector_command;

/* otk-ctl-parse.c: options every command accepts next to its own */
enum {
	OTK_CTL_OPT_HELP = 'h',
	OTK_CTL_OPT_JSON = 0x100,
	OTK_CTL_OPT_SYSTEM,
	OTK_CTL_OPT_SESSION,
	OTK_CTL_OPT_BUS_ADDRESS,
	OTK_CTL_OPT_VERSION,
	OTK_CTL_OPT_TOKEN, /* --token of the commands in otk-ctl-join.c */
	OTK_CTL_OPT_COMMAND = 0x200, /* first value free for a command's own options */
};

#define OTK_CTL_COMMON_OPTIONS                                                                     \
	{"help", no_argument, NULL, OTK_CTL_OPT_HELP},                                             \
	{"json", no_argument, NULL, OTK_CTL_OPT_JSON},                                             \
	{"system", no_argument, NULL, OTK_CTL_OPT_SYSTEM},                                         \
	{"session", no_argument, NULL, OTK_CTL_OPT_SESSION},                                       \
	{"bus-address", required_argument, NULL, OTK_CTL_OPT_BUS_ADDRESS}

/* handles one of the command's own options; returns OTK_CTL_CONTINUE or an exit code */
typedef int (*OtkCtlOptionFunc)(OtkCtl *ctl, int option, const char *value, void *user_data);

int
otk_ctl_parse_options(OtkCtl *ctl,
		      const OtkCtlCommand *cmd,
		      int argc,
		      char **argv,
		      const struct option *options,
		      OtkCtlOptionFunc handle,
		      void *user_data);
int
otk_ctl_parse_leading_options(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);
int
otk_ctl_handle_common_option(OtkCtl *ctl, const OtkCtlCommand *cmd, int option, const char *value);
int
otk_ctl_expect_args(const OtkCtl *ctl, int argc, char **argv, const char *const *names);
int
otk_ctl_parse_command(OtkCtl *ctl,
		      const OtkCtlCommand *cmd,
		      int argc,
		      char **argv,
		      const struct option *options,
		      OtkCtlOptionFunc handle,
		      void *user_data,
		      const char *const *names);
bool
otk_ctl_parse_int64(const char *text, int64_t *ret_value);

/* how a command's own option becomes an option key, for otk_ctl_handle_option_key() */
typedef enum {
	OTK_CTL_KEY_STRING,    /* the option's value, sent as `s` */
	OTK_CTL_KEY_FALSE,     /* a flag without a value that sends false as `b` (--no-audio) */
	OTK_CTL_KEY_TRUE,      /* a flag without a value that sends true as `b` (--secure) */
	OTK_CTL_KEY_INT64,     /* the option's value, a whole number, sent as `x` */
	OTK_CTL_KEY_LIST_ITEM, /* repeatable; each non-empty value appended to an `as` */
	OTK_CTL_KEY_MAP_ENTRY, /* repeatable; NAME=VALUE added to an `a{ss}`, NAME verbatim */
} OtkCtlKeyKind;

typedef struct {
	int option;	  /* its getopt value */
	const char *name; /* its long name, for messages: "max-bitrate" */
	const char *key;  /* "max_bitrate" */
	OtkCtlKeyKind kind;
	bool nested; /* goes into the nested dictionary, e.g. `layout` */
} OtkCtlOptionKey;

typedef struct {
	const OtkCtlOptionKey *keys;
	size_t n_keys;
	OtkOptions *options;
	OtkOptions *nested; /* for keys marked nested; NULL when there are none */
} OtkCtlOptionKeys;

/*
 * An OtkCtlOptionFunc whose user_data is an OtkCtlOptionKeys. Its usage errors echo
 * the value only for numbers: a header or a string may carry a secret.
 */
int
otk_ctl_handle_option_key(OtkCtl *ctl, int option, const char *value, void *user_data);

/*
 * otk-ctl-join.c: the commands that put a participant into a session (a SIP call, an
 * audio connector, captions, a render) take the token it joins with in --token; without
 * one, opentokd mints it. A token is never echoed: an empty --token is refused, and so
 * is an extra argument, without repeating it, since it may well be a token given where
 * the SDKs take one.
 */
#define OTK_CTL_TOKEN_OPTION {"token", required_argument, NULL, OTK_CTL_OPT_TOKEN}

typedef struct {
	OtkCtlOptionKeys keys; /* the command's other options */
	const char *token;     /* NULL: opentokd mints one */
} OtkCtlJoin;

/* an OtkCtlOptionFunc whose user_data is an OtkCtlJoin: --token, then the option keys */
int
otk_ctl_handle_join_option(OtkCtl *ctl, int option, const char *value, void *user_data);
/* otk_ctl_parse_command() with @join as the user_data of @handle */
int
otk_ctl_parse_join_command(OtkCtl *ctl,
			   const OtkCtlCommand *cmd,
			   int argc,
			   char **argv,
			   const struct option *options,
			   OtkCtlOptionFunc handle,
			   OtkCtlJoin *join,
			   const char *const *names);

/* otk-ctl-main.c */
int
otk_ctl_connect(OtkCtl *ctl);
void
otk_ctl_print_help(const OtkCtl *ctl, const OtkCtlCommand *cmd, FILE *f);

/*
 * otk-ctl-progress.c: a spinner on stderr, drawn only when stderr is a terminal and only
 * once opentokctl has waited a second. otk_ctl_connect() starts it; everything in
 * otk-ctl-output.c stops it (erasing its line) before printing, and main() at the end.
 */
void
otk_ctl_progress_start(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* replaces the text after the spinner, e.g. with what a wait has seen so far */
void
otk_ctl_progress_set_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void
otk_ctl_progress_stop(void);

/* otk-ctl-output.c */
int
otk_ctl_usage_error(const OtkCtl *ctl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int
otk_ctl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int
otk_ctl_fail_call(const OtkCallError *error);
int
otk_ctl_print_value(const OtkCtl *ctl, const char *json_key, const char *value);
int
otk_ctl_print_dict(const OtkCtl *ctl, const OtkDict *dict);

typedef enum {
	OTK_CTL_COLUMN_TEXT,
	OTK_CTL_COLUMN_TIME_MS, /* milliseconds since the epoch, shown as ISO 8601 UTC */
	OTK_CTL_COLUMN_COUNT,	/* an array, shown as its number of elements (0 when absent) */
	OTK_CTL_COLUMN_EACH,	/* an array: in a record, one line per element, made by format */
	OTK_CTL_COLUMN_LIST,	/* an array of strings joined by ',', "-" when empty */
} OtkCtlColumnKind;

/* one element of an OTK_CTL_COLUMN_EACH array as text, or NULL when out of memory */
typedef char *(*OtkCtlFormatFunc)(const OtkValue *element);

typedef struct {
	const char *header; /* a table's column header, or a record's label */
	const char *key;    /* a result key, or a path into nested ones: "broadcast_urls.hls" */
	OtkCtlColumnKind kind;
	OtkCtlFormatFunc format; /* OTK_CTL_COLUMN_EACH only */
} OtkCtlColumn;

int
otk_ctl_print_list(const OtkCtl *ctl,
		   const OtkDict *list,
		   const OtkCtlColumn *columns,
		   size_t n_columns);
int
otk_ctl_print_record(const OtkCtl *ctl,
		     const OtkDict *dict,
		     const OtkCtlColumn *fields,
		     size_t n_fields);
const OtkValue *
otk_ctl_lookup(const OtkDict *dict, const char *path);

/*
 * otk-ctl-composer.c: archives, broadcasts and renders are long-running jobs whose get,
 * list and stop subcommands (and, for the first two, layout, add-stream and
 * remove-stream) are the same but for the calls and what is printed. Those subcommands
 * use the run functions below with an OtkCtlComposer as their command's data.
 */
typedef int (*OtkCtlIdCallFunc)(OtkClient *client,
				const char *id,
				OtkDict **ret_result,
				OtkCallError **ret_error);

typedef struct {
	const OtkCtlColumn *fields; /* one result in text mode */
	size_t n_fields;
	const OtkCtlColumn *columns; /* the list table */
	size_t n_columns;
	bool no_session_filter; /* list takes --offset and --count only */
	OtkCtlIdCallFunc get;
	OtkCtlIdCallFunc stop; /* leaves *ret_result NULL when the call returns nothing */
	int (*list)(OtkClient *client,
		    const OtkOptions *filter,
		    OtkDict **ret_list,
		    OtkCallError **ret_error);
	int (*set_layout)(OtkClient *client,
			  const char *id,
			  const OtkOptions *layout,
			  OtkCallError **ret_error);
	int (*add_stream)(OtkClient *client,
			  const char *id,
			  const char *stream_id,
			  const OtkOptions *options,
			  OtkCallError **ret_error);
	int (*remove_stream)(OtkClient *client,
			     const char *id,
			     const char *stream_id,
			     OtkCallError **ret_error);
} OtkCtlComposer;

/* prints @result (NULL: nothing to print) as the composer's record, or fails with @error */
int
otk_ctl_composer_finish(const OtkCtl *ctl,
			const OtkCtlComposer *composer,
			int r,
			const OtkDict *result,
			const OtkCallError *error);
int
otk_ctl_composer_get_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);
int
otk_ctl_composer_list_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);
int
otk_ctl_composer_stop_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);
int
otk_ctl_composer_layout_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);
int
otk_ctl_composer_add_stream_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);
int
otk_ctl_composer_remove_stream_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);

/*
 * otk-ctl-wait.c: the wait subcommand of jobs whose status moves on by itself (archive
 * wait). Its command's data is an OtkCtlLifecycle: it polls the composer's get until the
 * job has the status asked for, fails once that status cannot be reached any more, and
 * gives up after --timeout with OTK_CTL_EXIT_TIMEOUT.
 */
typedef struct {
	const OtkCtlComposer *composer; /* its get polls; its fields print the result */
	const char *noun;		/* "archive", for messages */
	const char *const *statuses;	/* every status the API documents, at most 32 */
	const unsigned *next;		/* per status, a bit for each status it can go to next */
	size_t n_statuses;
} OtkCtlLifecycle;

int
otk_ctl_wait_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv);
