/*
 * The Renders and Captions interfaces of the fake opentokd. Every call is recorded for
 * Test.LastCall, and option dictionaries are checked against the contract's key table
 * with their D-Bus types (otk_test_server_check_options()), so a `properties` that is
 * not an `a{sv}`, or a `max_duration` that is not an `x`, is refused naming the key.
 * The answers:
 *   an id or session "missing"          -> Error.NotFound, for every method
 *   Renders.Start(s, s, s, a{sv})       -> a new "starting" render "R-new" of that
 *                                          session and URL, without a stream yet
 *   Renders.Get(s)                      -> render "R2": a failed one with a reason and no
 *                                          stream; any other id: a "started" render
 *   Renders.List(a{sv})                 -> the started "R1" and the failed "R2", total 5
 *   Renders.Stop(s)                     -> nothing
 *   Captions.Start(s, s, a{sv})         -> the captions id "CAP1"; session "busy" ->
 *                                          Error.Conflict
 *   Captions.Stop(s)                    -> nothing
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-test-server.h"

#define OTK_TEST_CREATED_AT INT64_C(1747655658197) /* 2025-05-19T11:54:18Z */

/* the userdata of each interface: what its ids name, for NotFound */
static char otk_test_render_noun[] = "render";
static char otk_test_captions_noun[] = "captions";

static const OtkTestOptionType otk_test_render_types[] = {
    {"max_duration", "x"},
    {"resolution", "s"},
    {"properties", "a{sv}"},
    {"properties.name", "s"},
    {"status_callback_url", "s"},
    {NULL, NULL},
};

static const OtkTestOptionType otk_test_filter_types[] = {
    {"offset", "x"},
    {"count", "x"},
    {NULL, NULL},
};

static const OtkTestOptionType otk_test_captions_types[] = {
    {"language_code", "s"},
    {"max_duration", "x"},
    {"partial_captions", "b"},
    {"status_callback_url", "s"},
    {NULL, NULL},
};

static OtkOptions *
otk_test_render_new(const char *id, const char *session_id, const char *url, const char *status)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *render = otk_options_new();

	if (render == NULL || otk_options_set_string(render, "id", id) < 0 ||
	    otk_options_set_string(render, "session_id", session_id) < 0 ||
	    otk_options_set_string(render, "project_id", "123456") < 0 ||
	    otk_options_set_int64(render, "created_at", OTK_TEST_CREATED_AT) < 0 ||
	    otk_options_set_int64(render, "updated_at", OTK_TEST_CREATED_AT + 7000) < 0 ||
	    otk_options_set_string(render, "url", url) < 0 ||
	    otk_options_set_string(render, "resolution", "1280x720") < 0 ||
	    otk_options_set_string(render, "status", status) < 0)
		return NULL;
	return otk_steal_pointer(&render);
}

/* "R2" failed to load its page; every other render is running */
static OtkOptions *
otk_test_render_new_for(const char *id)
{
	bool failed = strcmp(id, "R2") == 0;
	OTK_CLEANUP(otk_options_freep)
	OtkOptions *render = otk_test_render_new(
	    id, "S1", "https://app.example/composer", failed ? "failed" : "started");

	if (render == NULL)
		return NULL;
	if (failed && otk_options_set_string(render, "reason", "Could not load URL") < 0)
		return NULL;
	if (!failed && otk_options_set_string(render, "stream_id", "ST-render") < 0)
		return NULL;
	return otk_steal_pointer(&render);
}

static int
method_render_start(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	const char *token;
	const char *url;
	int r = otk_test_server_begin(m, &session_id, "session", ret_error);

	if (r >= 0)
		r = sd_bus_message_read(m, "ss", &token, &url);
	if (r >= 0)
		r = otk_test_server_check_options(m, otk_test_render_types, ret_error);
	if (r < 0)
		return r;
	return otk_test_server_reply_dict(
	    m, otk_test_render_new("R-new", session_id, url, "starting"));
}

static int
method_render_get(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *id;
	int r = otk_test_server_begin(m, &id, "render", ret_error);

	if (r < 0)
		return r;
	return otk_test_server_reply_dict(m, otk_test_render_new_for(id));
}

static int
method_render_list(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtkOptions *items[] = {otk_test_render_new_for("R1"), otk_test_render_new_for("R2")};
	int r = otk_test_server_record(m);

	if (r >= 0)
		r = otk_test_server_check_options(m, otk_test_filter_types, ret_error);
	if (r < 0) {
		for (size_t i = 0; i < OTK_N_ELEMENTS(items); i++)
			otk_options_free(items[i]);
		return r;
	}
	return otk_test_server_reply_list(m, items, OTK_N_ELEMENTS(items), 5);
}

/* Renders.Stop and Captions.Stop */
static int
method_stop(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *id;
	int r = otk_test_server_begin(m, &id, userdata, ret_error);

	if (r < 0)
		return r;
	return sd_bus_reply_method_return(m, NULL);
}

static int
method_captions_start(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	const char *token;
	int r = otk_test_server_begin(m, &session_id, "session", ret_error);

	if (r >= 0)
		r = sd_bus_message_read_basic(m, 's', &token);
	if (r >= 0)
		r = otk_test_server_check_options(m, otk_test_captions_types, ret_error);
	if (r < 0)
		return r;
	if (strcmp(session_id, "busy") == 0)
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "Conflict",
					"session 'busy' has captions already: 409 conflict");
	return sd_bus_reply_method_return(m, "s", "CAP1");
}

static const sd_bus_vtable otk_test_renders_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Start", "sssa{sv}", "a{sv}", method_render_start, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Get", "s", "a{sv}", method_render_get, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("List", "a{sv}", "aa{sv}u", method_render_list, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Stop", "s", "", method_stop, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

static const sd_bus_vtable otk_test_captions_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Start", "ssa{sv}", "s", method_captions_start, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Stop", "s", "", method_stop, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

int
otk_test_server_add_renders(sd_bus *bus)
{
	int r = sd_bus_add_object_vtable(bus,
					 NULL,
					 OTK_ROOT_PATH "/Renders",
					 OTK_ROOT_IFACE ".Renders",
					 otk_test_renders_vtable,
					 otk_test_render_noun);
	if (r < 0)
		return r;
	return sd_bus_add_object_vtable(bus,
					NULL,
					OTK_ROOT_PATH "/Captions",
					OTK_ROOT_IFACE ".Captions",
					otk_test_captions_vtable,
					otk_test_captions_noun);
}
