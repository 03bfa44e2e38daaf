/* the REST client's retry policy (DESIGN §4, "Retries"), counted on the emulator's request
 * log: which statuses and methods are retried, how often, and within which deadline */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "otd-test-env.h"

#define ROOT  "/org/opentokd/OpenTok1"
#define IFACE "org.opentokd.OpenTok1"
#define ERR   "org.opentokd.OpenTok1.Error."
#define AID   "0123abcd-0000-4000-8000-00000000beef"

typedef struct {
	OtdTestEnv *env;
	sd_bus *bus;
	gchar *sid;
} Fixture;

static void
fixture_open(Fixture *f, const gchar *extra_config)
{
	f->env = otd_test_env_new(extra_config);
	f->sid = otd_test_env_create_session(f->env);
	f->bus = otd_test_env_open_bus(f->env);
}

static void
fixture_close(Fixture *f)
{
	sd_bus_flush_close_unref(f->bus);
	otd_test_env_free(f->env);
	g_free(f->sid);
}

/* clears the faults and the request log */
static void
reset(Fixture *f)
{
	guint status = 0;
	g_autoptr(JsonNode) a = otd_test_env_http(f->env, "DELETE", "/_emulator/faults", NULL,
						  &status);
	g_assert_cmpuint(status, ==, 204);
	g_autoptr(JsonNode) b =
	    otd_test_env_http(f->env, "DELETE", "/_emulator/requests", NULL, &status);
	g_assert_cmpuint(status, ==, 204);
}

/* the number of logged API requests with @method whose path matches @glob */
static guint
attempts(Fixture *f, const gchar *method, const gchar *glob)
{
	g_autoptr(JsonNode) node = otd_test_env_http(f->env, "GET", "/_emulator/requests", NULL,
						     NULL);
	JsonArray *array;
	guint n = 0;

	g_assert_nonnull(node);
	array = JSON_NODE_HOLDS_ARRAY(node)
		    ? json_node_get_array(node)
		    : json_object_get_array_member(json_node_get_object(node), "requests");
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonObject *r = json_array_get_object_element(array, i);
		if (g_strcmp0(json_object_get_string_member(r, "method"), method) == 0 &&
		    g_pattern_match_simple(glob, json_object_get_string_member(r, "path")))
			n++;
	}
	return n;
}

/* calls @area.@member with @types and the arguments; returns the error name, "ok" on
 * success, and the time it took */
static gchar *
call(Fixture *f, gint64 *ret_ms, const gchar *area, const gchar *member, const gchar *types,
     ...)
{
	g_autofree gchar *path = g_strconcat(ROOT "/", area, NULL);
	g_autofree gchar *iface = g_strconcat(IFACE ".", area, NULL);
	sd_bus_message *msg = NULL, *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	gint64 start;
	gchar *answer;
	va_list ap;
	int r;

	g_assert_cmpint(sd_bus_message_new_method_call(f->bus, &msg, IFACE, path, iface, member),
			>=, 0);
	va_start(ap, types);
	r = sd_bus_message_appendv(msg, types, ap);
	va_end(ap);
	g_assert_cmpint(r, >=, 0);
	start = g_get_monotonic_time();
	r = sd_bus_call(f->bus, msg, 40 * G_USEC_PER_SEC, &error, &reply);
	*ret_ms = (g_get_monotonic_time() - start) / 1000;
	if (r >= 0)
		answer = g_strdup("ok");
	else
		answer = g_strdup_printf("%s: %s", error.name, error.message);
	sd_bus_error_free(&error);
	sd_bus_message_unref(msg);
	sd_bus_message_unref(reply);
	return answer;
}

typedef enum {
	CALL_ARCHIVE_GET,
	CALL_BROADCAST_GET,
	CALL_RENDER_GET,
	CALL_CONNECTIONS_LIST,
	CALL_STREAMS_LIST,
	CALL_ARCHIVE_STOP,
	CALL_ARCHIVE_LAYOUT,
	CALL_ARCHIVE_DELETE,
	CALL_ARCHIVE_ADD_STREAM,
	CALL_SIGNAL,
} Which;

typedef struct {
	Which which;
	const gchar *method;	/* of the REST request */
	const gchar *path_tail; /* after /v2/project/KEY/, with %s for the session id */
	const gchar *fault;	/* the fault's JSON members besides method and path */
	guint min_attempts, max_attempts;
	const gchar *result; /* "ok" or the error's short name */
	const gchar *what;
} Case;

static const Case cases[] = {
    /* GETs on 502/503/504: three attempts */
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":502", 3, 3, "ServerError",
     "GET 502"},
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":503", 3, 3, "ServerError",
     "GET 503"},
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":504", 3, 3, "ServerError",
     "GET 504"},
    {CALL_CONNECTIONS_LIST, "GET", "session/%s/connection", "\"status\":503", 3, 3,
     "ServerError", "Connections.List 503"},
    {CALL_BROADCAST_GET, "GET", "broadcast/" AID, "\"status\":502", 3, 3, "ServerError",
     "Broadcasts.Get 502"},
    {CALL_RENDER_GET, "GET", "render/" AID, "\"status\":504", 3, 3, "ServerError",
     "Renders.Get 504"},
    {CALL_STREAMS_LIST, "GET", "session/%s/stream", "\"status\":503", 3, 3, "ServerError",
     "Streams.List 503"},
    /* a 503 that clears up: the second attempt succeeds */
    {CALL_CONNECTIONS_LIST, "GET", "session/%s/connection", "\"status\":503,\"times\":1", 2,
     2, "ok", "GET 503 once"},
    /* GETs that are never retried */
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":500", 1, 1, "ServerError",
     "GET 500"},
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":404", 1, 1, "NotFound", "GET 404"},
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":400", 1, 1, "InvalidArgs",
     "GET 400"},
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":409", 1, 1, "Conflict", "GET 409"},
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":403", 1, 1, "AuthFailed",
     "GET 403"},
    /* non-GETs: never retried */
    {CALL_ARCHIVE_STOP, "POST", "archive/" AID "/stop", "\"status\":503", 1, 1, "ServerError",
     "POST 503"},
    {CALL_ARCHIVE_LAYOUT, "PUT", "archive/" AID "/layout", "\"status\":503", 1, 1,
     "ServerError", "PUT 503"},
    {CALL_ARCHIVE_DELETE, "DELETE", "archive/" AID, "\"status\":503", 1, 1, "ServerError",
     "DELETE 503"},
    {CALL_ARCHIVE_ADD_STREAM, "PATCH", "archive/" AID "/streams", "\"status\":502", 1, 1,
     "ServerError", "PATCH 502"},
    {CALL_SIGNAL, "POST", "session/%s/signal", "\"status\":504", 1, 1, "ServerError",
     "Signals POST 504"},
    /* 429 */
    {CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":429", 1, 1, "RateLimited",
     "GET 429 without Retry-After"},
    {CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":429,\"headers\":{\"Retry-After\":\"60\"}", 1, 1, "RateLimited",
     "GET 429 Retry-After beyond the deadline"},
    {CALL_ARCHIVE_STOP, "POST", "archive/" AID "/stop",
     "\"status\":429,\"headers\":{\"Retry-After\":\"1\"}", 1, 1, "RateLimited",
     "POST 429 with Retry-After"},
    {CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":429,\"headers\":{\"Retry-After\":\"1\"}", 2, 3, "RateLimited",
     "GET 429 Retry-After 1, always"},
    {CALL_CONNECTIONS_LIST, "GET", "session/%s/connection",
     "\"status\":429,\"headers\":{\"Retry-After\":\"1\"},\"times\":1", 2, 2, "ok",
     "GET 429 Retry-After 1, once"},
};

static gchar *
run(Fixture *f, Which which, gint64 *ms)
{
	switch (which) {
	case CALL_ARCHIVE_GET:
		return call(f, ms, "Archives", "Get", "s", AID);
	case CALL_BROADCAST_GET:
		return call(f, ms, "Broadcasts", "Get", "s", AID);
	case CALL_RENDER_GET:
		return call(f, ms, "Renders", "Get", "s", AID);
	case CALL_CONNECTIONS_LIST:
		return call(f, ms, "Connections", "List", "s", f->sid);
	case CALL_STREAMS_LIST:
		return call(f, ms, "Streams", "List", "s", f->sid);
	case CALL_ARCHIVE_STOP:
		return call(f, ms, "Archives", "Stop", "s", AID);
	case CALL_ARCHIVE_LAYOUT:
		return call(f, ms, "Archives", "SetLayout", "sa{sv}", AID, 1, "type", "s",
			    "bestFit");
	case CALL_ARCHIVE_DELETE:
		return call(f, ms, "Archives", "Delete", "s", AID);
	case CALL_ARCHIVE_ADD_STREAM:
		return call(f, ms, "Archives", "AddStream", "ssa{sv}", AID,
			    "0123abcd-0000-4000-8000-00000000cafe", 0);
	case CALL_SIGNAL:
		return call(f, ms, "Signals", "Send", "ssa{sv}", f->sid, "", 2, "type", "s",
			    "chat", "data", "s", "hi");
	default:
		break;
	}
	g_assert_not_reached();
}

static gboolean
result_matches(const gchar *answer, const gchar *expected)
{
	if (g_str_equal(expected, "ok"))
		return g_str_equal(answer, "ok");
	return g_str_has_prefix(answer, ERR) && g_str_has_prefix(answer + strlen(ERR), expected) &&
	       answer[strlen(ERR) + strlen(expected)] == ':';
}

static void
test_policy(void)
{
	Fixture f = {0};
	guint failures = 0;

	fixture_open(&f, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const Case *k = &cases[i];
		g_auto(GStrv) parts = g_strsplit(k->path_tail, "%s", -1);
		g_autofree gchar *tail = g_strjoinv(f.sid, parts);
		g_autofree gchar *path = g_strdup_printf("/v2/project/%s/%s", OTD_TEST_KEY, tail);
		g_autofree gchar *fault = g_strdup_printf("{\"method\":\"%s\",\"path\":\"%s\",%s}",
							  k->method, path, k->fault);
		g_autofree gchar *answer = NULL;
		gint64 ms = 0;
		guint n;

		reset(&f);
		otd_test_env_fault(f.env, fault);
		answer = run(&f, k->which, &ms);
		n = attempts(&f, k->method, path);
		g_test_message("%-40s %u attempt(s), %" G_GINT64_FORMAT " ms, %s", k->what, n, ms,
			       answer);
		if (n < k->min_attempts || n > k->max_attempts) {
			g_test_message("FAIL %s: %u attempts, want %u..%u", k->what, n,
				       k->min_attempts, k->max_attempts);
			failures++;
		}
		if (!result_matches(answer, k->result)) {
			g_test_message("FAIL %s: answered %s, want %s", k->what, answer, k->result);
			failures++;
		}
		/* everything within the default 20 s deadline */
		if (ms > 20500) {
			g_test_message("FAIL %s: took %" G_GINT64_FORMAT " ms", k->what, ms);
			failures++;
		}
	}
	g_test_message("%u retry cases, %u failure(s)", (guint)G_N_ELEMENTS(cases), failures);
	g_assert_cmpuint(failures, ==, 0);
	fixture_close(&f);
}

/* with Timeout=2 a slow 503 leaves no room for three attempts */
static void
test_deadline(void)
{
	Fixture f = {0};
	g_autofree gchar *path = NULL, *fault = NULL, *answer = NULL;
	gint64 ms = 0;
	guint n;

	fixture_open(&f, "Timeout=2\n");
	path = g_strdup_printf("/v2/project/%s/archive/%s", OTD_TEST_KEY, AID);
	fault = g_strdup_printf("{\"method\":\"GET\",\"path\":\"%s\",\"status\":503,"
				"\"delayMs\":1500}",
				path);
	reset(&f);
	otd_test_env_fault(f.env, fault);
	answer = call(&f, &ms, "Archives", "Get", "s", AID);
	n = attempts(&f, "GET", path);
	g_test_message("deadline 2 s, 503 after 1.5 s: %u attempt(s), %" G_GINT64_FORMAT
		       " ms, %s",
		       n, ms, answer);
	g_assert_true(result_matches(answer, "TimedOut") || result_matches(answer, "ServerError"));
	g_assert_cmpuint(n, >=, 1);
	g_assert_cmpuint(n, <=, 2);
	g_assert_cmpint(ms, <=, 2500);

	/* and a 429 whose Retry-After does not fit the 2 s deadline is not retried */
	reset(&f);
	g_free(fault);
	fault = g_strdup_printf("{\"method\":\"GET\",\"path\":\"%s\",\"status\":429,"
				"\"headers\":{\"Retry-After\":\"5\"}}",
				path);
	otd_test_env_fault(f.env, fault);
	g_free(answer);
	answer = call(&f, &ms, "Archives", "Get", "s", AID);
	n = attempts(&f, "GET", path);
	g_test_message("deadline 2 s, 429 Retry-After 5: %u attempt(s), %" G_GINT64_FORMAT
		       " ms, %s",
		       n, ms, answer);
	g_assert_true(result_matches(answer, "RateLimited"));
	g_assert_cmpuint(n, ==, 1);
	g_assert_cmpint(ms, <=, 2500);
	fixture_close(&f);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/bus/retry/policy", test_policy);
	g_test_add_func("/bus/retry/deadline", test_deadline);
	return g_test_run();
}
