/*
 * What the fake opentokd's areas share: checking an option dictionary against the
 * contract's key table (so a test sees a wrongly typed option refused, as the daemon
 * would), and the first steps of most handlers.
 */
#include <errno.h>
#include <stdio.h>

#include "otk-client-private.h"
#include "otk-test-server.h"

static const char *
otk_test_find_type(const OtkTestOptionType *types, const char *path)
{
	for (size_t i = 0; types[i].path != NULL; i++) {
		if (strcmp(types[i].path, path) == 0)
			return types[i].signature;
	}
	return NULL;
}

static int
otk_test_check_dict(sd_bus_message *m,
		    const OtkTestOptionType *types,
		    const char *prefix,
		    sd_bus_error *ret_error);

/* the variant of a nested a{sv} or aa{sv} at @path, every dictionary in it checked */
static int
otk_test_check_nested(sd_bus_message *m,
		      const OtkTestOptionType *types,
		      const char *path,
		      const char *contents,
		      sd_bus_error *ret_error)
{
	bool list = strcmp(contents, "aa{sv}") == 0;
	int r = sd_bus_message_enter_container(m, 'v', contents);

	if (r >= 0 && list)
		r = sd_bus_message_enter_container(m, 'a', "a{sv}");
	while (r >= 0 && list && (r = sd_bus_message_peek_type(m, NULL, NULL)) > 0)
		r = otk_test_check_dict(m, types, path, ret_error);
	if (r >= 0 && list)
		r = sd_bus_message_exit_container(m);
	else if (r >= 0)
		r = otk_test_check_dict(m, types, path, ret_error);
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

/* one {sv} entry, its key read as "<prefix>.<key>" */
static int
otk_test_check_entry(sd_bus_message *m,
		     const OtkTestOptionType *types,
		     const char *prefix,
		     sd_bus_error *ret_error)
{
	OTK_AUTOFREE char *path = NULL;
	const char *contents = NULL;
	const char *expected;
	const char *key;
	int r = sd_bus_message_read_basic(m, 's', &key);

	if (r >= 0)
		r = sd_bus_message_peek_type(m, NULL, &contents);
	if (r < 0)
		return r;
	if (asprintf(&path, "%s%s%s", prefix, prefix[0] != '\0' ? "." : "", key) < 0)
		return -ENOMEM;
	expected = otk_test_find_type(types, path);
	if (expected == NULL)
		return sd_bus_error_setf(
		    ret_error, OTK_ERROR_PREFIX "InvalidArgs", "unknown option '%s'", path);
	if (strcmp(contents, expected) != 0)
		return sd_bus_error_setf(ret_error,
					 OTK_ERROR_PREFIX "InvalidArgs",
					 "invalid option '%s': must be %s, not %s",
					 path,
					 expected,
					 contents);
	if (strcmp(contents, "a{sv}") == 0 || strcmp(contents, "aa{sv}") == 0)
		return otk_test_check_nested(m, types, path, contents, ret_error);
	return sd_bus_message_skip(m, "v");
}

static int
otk_test_check_dict(sd_bus_message *m,
		    const OtkTestOptionType *types,
		    const char *prefix,
		    sd_bus_error *ret_error)
{
	int r = sd_bus_message_enter_container(m, 'a', "{sv}");

	while (r >= 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = otk_test_check_entry(m, types, prefix, ret_error);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}
int
otk_test_server_check_options(sd_bus_message *m,
			      const OtkTestOptionType *types,
			      sd_bus_error *ret_error)
{
	return otk_test_check_dict(m, types, "", ret_error);
}

int
otk_test_server_begin(sd_bus_message *m,
		      const char **ret_first,
		      const char *what,
		      sd_bus_error *ret_error)
{
	int r = otk_test_server_record(m);

	if (r >= 0)
		r = sd_bus_message_read_basic(m, 's', ret_first);
	if (r < 0)
		return r;
	if (strcmp(*ret_first, "missing") == 0)
		return sd_bus_error_setf(ret_error,
					 OTK_ERROR_PREFIX "NotFound",
					 "'missing' not found: 404 %s not found",
					 what);
	return 0;
}
