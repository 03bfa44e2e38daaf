/*
 * Command-line parsing shared by all commands: the common options, positional
 * argument counts and strict numbers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "otk-ctl.h"

int
otk_ctl_handle_common_option(OtkCtl *ctl, const OtkCtlCommand *cmd, int option, const char *value)
{
	switch (option) {
	case OTK_CTL_OPT_HELP:
		otk_ctl_print_help(ctl, cmd, stdout);
		return OTK_CTL_EXIT_OK;
	case OTK_CTL_OPT_JSON:
		ctl->json = true;
		return OTK_CTL_CONTINUE;
	case OTK_CTL_OPT_SYSTEM:
		ctl->bus = OTK_CTL_BUS_SYSTEM;
		return OTK_CTL_CONTINUE;
	case OTK_CTL_OPT_SESSION:
		ctl->bus = OTK_CTL_BUS_SESSION;
		return OTK_CTL_CONTINUE;
	case OTK_CTL_OPT_BUS_ADDRESS:
		if (value[0] == '\0')
			return otk_ctl_usage_error(ctl, "--bus-address needs a non-empty address");
		ctl->bus = OTK_CTL_BUS_ADDRESS;
		ctl->bus_address = value;
		return OTK_CTL_CONTINUE;
	default:
		return OTK_CTL_NOT_COMMON;
	}
}

/*
 * getopt with opterr = 0 leaves the wording to us. Only the option's name is echoed,
 * never what follows its '=': a mistyped --auth=USER:PASSWORD or --token=T must not
 * print the secret.
 */
static int
otk_ctl_option_error(const OtkCtl *ctl, int c, int argc, char **argv)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
	int name_len = (int)strcspn(arg, "=");

	if (c == ':')
		return otk_ctl_usage_error(ctl, "option '%.*s' needs a value", name_len, arg);
	if (optopt != 0 && strncmp(arg, "--", 2) != 0)
		return otk_ctl_usage_error(ctl, "unknown option '-%c'", optopt);
	return otk_ctl_usage_error(ctl, "unknown or misused option '%.*s'", name_len, arg);
}

int
otk_ctl_parse_options(OtkCtl *ctl,
		      const OtkCtlCommand *cmd,
		      int argc,
		      char **argv,
		      const struct option *options,
		      OtkCtlOptionFunc handle,
		      void *user_data)
{
	int c;

	/* 0 makes GNU getopt start afresh: each command parses its own argv */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		int r;

		if (c == '?' || c == ':')
			return otk_ctl_option_error(ctl, c, argc, argv);
		r = otk_ctl_handle_common_option(ctl, cmd, c, optarg);
		if (r == OTK_CTL_NOT_COMMON && handle != NULL)
			r = handle(ctl, c, optarg, user_data);
		if (r == OTK_CTL_NOT_COMMON)
			return otk_ctl_usage_error(ctl, "unexpected option");
		if (r != OTK_CTL_CONTINUE)
			return r;
	}
	return OTK_CTL_CONTINUE;
}

/*
 * The options before a command word (@cmd NULL: the program's own, else a group's);
 * stops at the first argument that is not an option, which optind then indexes
 */
int
otk_ctl_parse_leading_options(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"version", no_argument, NULL, OTK_CTL_OPT_VERSION},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		int r;

		if (c == '?' || c == ':')
			return otk_ctl_option_error(ctl, c, argc, argv);
		if (c == OTK_CTL_OPT_VERSION) {
			printf("opentokctl %s\n", PACKAGE_VERSION);
			return OTK_CTL_EXIT_OK;
		}
		r = otk_ctl_handle_common_option(ctl, cmd, c, optarg);
		if (r != OTK_CTL_CONTINUE)
			return r;
	}
	if (optind >= argc)
		return otk_ctl_usage_error(ctl, "missing command");
	return OTK_CTL_CONTINUE;
}

/* after otk_ctl_parse_options(): exactly the positional arguments in @names */
int
otk_ctl_expect_args(const OtkCtl *ctl, int argc, char **argv, const char *const *names)
{
	int n_names = 0;
	int n_args = argc - optind;

	while (names != NULL && names[n_names] != NULL)
		n_names++;
	if (n_args < n_names)
		return otk_ctl_usage_error(ctl, "missing argument %s", names[n_args]);
	if (n_args > n_names)
		return otk_ctl_usage_error(ctl, "unexpected argument '%s'", argv[optind + n_names]);
	for (int i = 0; i < n_names; i++) {
		if (argv[optind + i][0] == '\0')
			return otk_ctl_usage_error(ctl, "%s must not be empty", names[i]);
	}
	return OTK_CTL_CONTINUE;
}

/* a command's options (NULL: the common ones only), each handed to @handle, then @names */
int
otk_ctl_parse_command(OtkCtl *ctl,
		      const OtkCtlCommand *cmd,
		      int argc,
		      char **argv,
		      const struct option *options,
		      OtkCtlOptionFunc handle,
		      void *user_data,
		      const char *const *names)
{
	static const struct option common[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	int r = otk_ctl_parse_options(
	    ctl, cmd, argc, argv, options != NULL ? options : common, handle, user_data);

	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_expect_args(ctl, argc, argv, names);
	return r;
}

/* a whole decimal integer: no blanks, no trailing text, no overflow */
bool
otk_ctl_parse_int64(const char *text, int64_t *ret_value)
{
	char *end = NULL;
	long long value;

	if (text == NULL || text[0] == '\0' ||
	    !(text[0] == '-' || (text[0] >= '0' && text[0] <= '9')))
		return false;
	errno = 0;
	value = strtoll(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0')
		return false;
	*ret_value = (int64_t)value;
	return true;
}

static const OtkCtlOptionKey *
otk_ctl_find_option_key(const OtkCtlOptionKeys *keys, int option)
{
	for (size_t i = 0; i < keys->n_keys; i++) {
		if (keys->keys[i].option == option)
			return &keys->keys[i];
	}
	return NULL;
}

/* "NAME=VALUE" into the map at @key; -EBADMSG without an '=' or with an empty NAME */
static int
otk_ctl_add_map_entry(OtkOptions *into, const char *key, const char *value)
{
	const char *eq = strchr(value, '=');
	OTK_AUTOFREE char *name = NULL;

	if (eq == NULL || eq == value)
		return -EBADMSG;
	name = strndup(value, (size_t)(eq - value));
	if (name == NULL)
		return -ENOMEM;
	return otk_options_add_string_map_entry(into, key, name, eq + 1);
}

/* sets one key; besides the setters' errors, -ERANGE, -ENODATA and -EBADMSG (see below) */
static int
otk_ctl_option_key_set(OtkOptions *into, const OtkCtlOptionKey *key, const char *value)
{
	int64_t number;

	switch (key->kind) {
	case OTK_CTL_KEY_FALSE:
	case OTK_CTL_KEY_TRUE:
		return otk_options_set_bool(into, key->key, key->kind == OTK_CTL_KEY_TRUE);
	case OTK_CTL_KEY_INT64:
		if (!otk_ctl_parse_int64(value, &number))
			return -ERANGE;
		return otk_options_set_int64(into, key->key, number);
	case OTK_CTL_KEY_LIST_ITEM:
		if (value[0] == '\0')
			return -ENODATA;
		return otk_options_add_strv_item(into, key->key, value);
	case OTK_CTL_KEY_MAP_ENTRY:
		return otk_ctl_add_map_entry(into, key->key, value);
	case OTK_CTL_KEY_STRING:
	default:
		return otk_options_set_string(into, key->key, value);
	}
}

int
otk_ctl_handle_option_key(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	const OtkCtlOptionKeys *keys = user_data;
	const OtkCtlOptionKey *key = otk_ctl_find_option_key(keys, option);
	int r;

	if (key == NULL)
		return OTK_CTL_NOT_COMMON;
	r = otk_ctl_option_key_set(key->nested ? keys->nested : keys->options, key, value);
	switch (r) {
	case 0:
		return OTK_CTL_CONTINUE;
	case -ENOMEM:
		return otk_ctl_fail("out of memory");
	case -ERANGE:
		return otk_ctl_usage_error(
		    ctl, "--%s needs a whole number, not '%s'", key->name, value);
	case -ENODATA:
		return otk_ctl_usage_error(ctl, "--%s must not be empty", key->name);
	case -EBADMSG:
		return otk_ctl_usage_error(ctl, "--%s needs NAME=VALUE", key->name);
	default:
		return otk_ctl_usage_error(ctl, "--%s needs valid UTF-8", key->name);
	}
}
