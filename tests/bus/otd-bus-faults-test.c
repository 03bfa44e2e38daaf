/*
 * The fault catalogue (reliability goals R1–R4): for every way the API or the network can
 * fail, the daemon answers a named error within its total deadline plus 0.5 s, stays up,
 * and keeps answering other callers meanwhile.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "otd-test-env.h"

#define ROOT  "/org/opentokd/OpenTok1"
#define IFACE "org.opentokd.OpenTok1"
#define ERR   "org.opentokd.OpenTok1.Error."
#define AID   "0123abcd-0000-4000-8000-00000000beef"

/* the daemon's total deadline in these tests ([API] Timeout) and the slack granted */
#define DEADLINE_MS 2000
#define SLACK_MS    500
#define MAX_BYTES   4096

typedef struct {
	OtdTestEnv *env;
	sd_bus *bus;	   /* the faulty call */
	sd_bus *bystander; /* everybody else */
	gchar *sid;
} Fixture;

static void
fixture_open(Fixture *f, const gchar *extra_config)
{
	f->env = otd_test_env_new(extra_config);
	f->sid = otd_test_env_create_session(f->env);
	f->bus = otd_test_env_open_bus(f->env);
	f->bystander = otd_test_env_open_bus(f->env);
}

static void
fixture_close(Fixture *f)
{
	sd_bus_flush_close_unref(f->bus);
	sd_bus_flush_close_unref(f->bystander);
	otd_test_env_free(f->env);
	g_free(f->sid);
}

static void
reset(Fixture *f)
{
	guint status = 0;
	g_autoptr(JsonNode) a =
	    otd_test_env_http(f->env, "DELETE", "/_emulator/faults", NULL, &status);
	g_assert_cmpuint(status, ==, 204);
}

typedef enum {
	CALL_ARCHIVE_GET,
	CALL_ARCHIVE_LIST,
	CALL_ARCHIVE_STOP,
	CALL_CREATE_SESSION,
} Which;

static sd_bus_message *
new_call(Fixture *f, sd_bus *bus, Which which)
{
	sd_bus_message *m = NULL;
	const gchar *area = which == CALL_CREATE_SESSION ? NULL : "Archives";
	const gchar *member = which == CALL_ARCHIVE_GET	   ? "Get"
			      : which == CALL_ARCHIVE_LIST ? "List"
			      : which == CALL_ARCHIVE_STOP ? "Stop"
							   : "CreateSession";
	g_autofree gchar *path = area != NULL ? g_strconcat(ROOT "/", area, NULL) : g_strdup(ROOT);
	g_autofree gchar *iface =
	    area != NULL ? g_strconcat(IFACE ".", area, NULL) : g_strdup(IFACE);

	g_assert_cmpint(sd_bus_message_new_method_call(bus, &m, IFACE, path, iface, member), >=,
			0);
	switch (which) {
	case CALL_ARCHIVE_GET:
	case CALL_ARCHIVE_STOP:
		g_assert_cmpint(sd_bus_message_append(m, "s", AID), >=, 0);
		break;
	case CALL_ARCHIVE_LIST:
		g_assert_cmpint(sd_bus_message_append(m, "a{sv}", 1, "session_id", "s", f->sid),
				>=, 0);
		break;
	case CALL_CREATE_SESSION:
		g_assert_cmpint(sd_bus_message_append(m, "a{sv}", 0), >=, 0);
		break;
	default:
		g_assert_not_reached();
	}
	return m;
}

typedef struct {
	gboolean done;
	gint64 end;
	gchar *answer; /* "ok" or "Name: message" without the error prefix */
} Pending;

static int
reply_cb(sd_bus_message *m, void *user_data, sd_bus_error *ret_error)
{
	Pending *p = user_data;
	const sd_bus_error *e = sd_bus_message_get_error(m);

	p->end = g_get_monotonic_time();
	p->done = TRUE;
	if (e == NULL)
		p->answer = g_strdup("ok");
	else if (g_str_has_prefix(e->name, ERR))
		p->answer = g_strdup_printf("%s: %s", e->name + strlen(ERR), e->message);
	else
		p->answer = g_strdup_printf("%s: %s", e->name, e->message);
	return 0;
}

/* a sync call on the bystander connection; returns how long it took in ms, asserts success */
static gint64
bystander_call(Fixture *f, Which which)
{
	sd_bus_message *m = new_call(f, f->bystander, which);
	sd_bus_message *reply = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	gint64 start = g_get_monotonic_time();
	int r = sd_bus_call(f->bystander, m, 10 * G_USEC_PER_SEC, &error, &reply);

	if (r < 0 && !sd_bus_error_has_name(&error, ERR "NotFound"))
		g_error("bystander call failed: %s: %s", error.name, error.message);
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(m);
	return (g_get_monotonic_time() - start) / 1000;
}

static gint64
bystander_token(Fixture *f)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	gint64 start = g_get_monotonic_time();
	int r = sd_bus_call_method(f->bystander, IFACE, ROOT, IFACE, "GenerateToken", &error,
				   &reply, "sa{sv}", f->sid, 0);

	if (r < 0)
		g_error("bystander GenerateToken failed: %s: %s", error.name, error.message);
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	return (g_get_monotonic_time() - start) / 1000;
}

/*
 * Sends @which on the faulty connection, and while it is pending a token and a healthy REST
 * call (on a path no fault matches) from another connection. Returns the faulty call's answer
 * and duration.
 */
static gchar *
call_with_bystanders(Fixture *f, Which which, gboolean rest_bystander, gint64 *ret_ms,
		     gint64 *ret_bystander_ms)
{
	sd_bus_message *m = new_call(f, f->bus, which);
	sd_bus_slot *slot = NULL;
	Pending p = {FALSE, 0, NULL};
	gint64 start = g_get_monotonic_time();
	gint64 limit = start + 30 * G_USEC_PER_SEC * otd_test_env_time_factor();

	g_assert_cmpint(sd_bus_call_async(f->bus, &slot, m, reply_cb, &p, 30 * G_USEC_PER_SEC), >=,
			0);
	sd_bus_message_unref(m);
	/* make sure the faulty call reached the daemon before the bystanders start */
	g_assert_cmpint(sd_bus_flush(f->bus), >=, 0);
	*ret_bystander_ms = bystander_token(f);
	if (rest_bystander)
		*ret_bystander_ms = MAX(*ret_bystander_ms, bystander_call(f, CALL_ARCHIVE_LIST));
	while (!p.done && g_get_monotonic_time() < limit) {
		int r = sd_bus_process(f->bus, NULL);
		g_assert_cmpint(r, >=, 0);
		if (r == 0)
			g_assert_cmpint(sd_bus_wait(f->bus, 100000), >=, 0);
	}
	sd_bus_slot_unref(slot);
	g_assert_true(p.done);
	*ret_ms = (p.end - start) / 1000;
	return p.answer;
}

typedef struct {
	const gchar *what;
	Which which;
	const gchar *method;	/* of the REST request */
	const gchar *path_tail; /* after /v2/project/KEY/ */
	const gchar *fault;	/* the fault's members besides method and path */
	const gchar *error;	/* the expected error's short name */
	const gchar *needle;	/* in its message, or NULL */
	gboolean slow;		/* the answer takes about the whole deadline */
} Case;

/* an archive whose members have the wrong JSON types */
#define WRONG_TYPES "{\"id\":5,\"status\":true,\"createdAt\":\"yesterday\"}"

static const Case cases[] = {
    {"500", CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":500", "ServerError", "500",
     FALSE},
    {"502", CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":502", "ServerError", "502",
     FALSE},
    {"503", CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":503", "ServerError", "503",
     FALSE},
    {"504", CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":504", "ServerError", "504",
     FALSE},
    {"503 on a POST", CALL_ARCHIVE_STOP, "POST", "archive/" AID "/stop", "\"status\":503",
     "ServerError", "503", FALSE},
    {"429 without Retry-After", CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":429",
     "RateLimited", "429", FALSE},
    {"429 with Retry-After", CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":429,\"headers\":{\"Retry-After\":\"1\"}", "RateLimited", "429", FALSE},
    {"never answers", CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"delayMs\":600000",
     "TimedOut", "within 2 s", TRUE},
    {"never answers a POST", CALL_ARCHIVE_STOP, "POST", "archive/" AID "/stop",
     "\"delayMs\":600000", "TimedOut", "within 2 s", TRUE},
    {"body trickled 1 B/s", CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"trickleMs\":1000,\"body\":{\"id\":\"" AID "\",\"status\":\"available\"}", "TimedOut",
     "within 2 s", TRUE},
    {"connection reset (GET)", CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"reset\":true",
     "NotReachable", NULL, FALSE},
    {"connection reset (POST)", CALL_ARCHIVE_STOP, "POST", "archive/" AID "/stop",
     "\"reset\":true", "NotReachable", NULL, FALSE},
    {"connection closed, no answer", CALL_ARCHIVE_STOP, "POST", "archive/" AID "/stop",
     "\"drop\":true", "NotReachable", NULL, FALSE},
    {"connection closed mid-body", CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":200,\"body\":{\"id\":\"" AID "\"},\"truncateAt\":6", "NotReachable", NULL,
     FALSE},
    {"truncated JSON", CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":200,\"body\":\"{\\\"id\\\":\\\"0123\"", "BadResponse", "invalid JSON",
     FALSE},
    {"truncated JSON (session)", CALL_CREATE_SESSION, "POST", "/session/create",
     "\"status\":200,\"body\":\"[{\\\"session_id\\\":\"", "BadResponse", NULL, FALSE},
    {"HTML error body", CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":502,\"contentType\":\"text/html\",\"body\":\"<html><body><h1>502 Bad "
     "Gateway</h1></body></html>\"",
     "ServerError", "HTTP 502: Bad Gateway", FALSE},
    {"HTML 200 body", CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":200,\"contentType\":\"text/html\",\"body\":\"<html>captive "
     "portal</html>\"",
     "BadResponse", NULL, FALSE},
    {"XML error body", CALL_ARCHIVE_STOP, "POST", "archive/" AID "/stop",
     "\"status\":403,\"contentType\":\"application/xml\",\"body\":\"<errorPayload><code>-1"
     "</code><message>Invalid signature</message></errorPayload>\"",
     "AuthFailed", "HTTP 403: Invalid signature", FALSE},
    {"XML error body (session)", CALL_CREATE_SESSION, "POST", "/session/create",
     "\"status\":500,\"contentType\":\"application/xml\",\"body\":\"<errorPayload><code>-1"
     "</code><message>Backend down</message></errorPayload>\"",
     "ServerError", "HTTP 500: Backend down", FALSE},
    {"wrongly typed JSON", CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":200,\"body\":" WRONG_TYPES, "BadResponse", NULL, FALSE},
    {"JSON array for an object", CALL_ARCHIVE_GET, "GET", "archive/" AID,
     "\"status\":200,\"body\":[1,2,3]", "BadResponse", NULL, FALSE},
    {"JSON string for an object", CALL_ARCHIVE_STOP, "POST", "archive/" AID "/stop",
     "\"status\":200,\"body\":\"\\\"stopped\\\"\"", "BadResponse", NULL, FALSE},
    {"wrongly typed list", CALL_ARCHIVE_LIST, "GET", "archive",
     "\"status\":200,\"body\":{\"count\":\"two\",\"items\":{}}", "BadResponse", NULL, FALSE},
    {"wrongly typed session answer", CALL_CREATE_SESSION, "POST", "/session/create",
     "\"status\":200,\"body\":[{\"session_id\":42}]", "BadResponse", NULL, FALSE},
    {"oversized body", CALL_ARCHIVE_GET, "GET", "archive/" AID, NULL, "BadResponse",
     "larger than 4096 bytes", FALSE},
    {"empty 200 body", CALL_ARCHIVE_GET, "GET", "archive/" AID, "\"status\":200,\"body\":\"\"",
     "BadResponse", NULL, FALSE},
};

static gchar *
case_fault(const Case *k, const gchar *path)
{
	g_autoptr(GString) big = NULL;

	if (k->fault != NULL)
		return g_strdup_printf("{\"method\":\"%s\",\"path\":\"%s\",%s}", k->method, path,
				       k->fault);
	/* the oversized answer: valid JSON, one byte per byte over the cap */
	big = g_string_new("{\"id\":\"" AID "\",\"name\":\"");
	while (big->len < MAX_BYTES + 100)
		g_string_append_c(big, 'x');
	g_string_append(big, "\"}");
	return g_strdup_printf("{\"method\":\"%s\",\"path\":\"%s\",\"status\":200,\"body\":%s}",
			       k->method, path, big->str);
}

static gboolean
answer_matches(const gchar *answer, const gchar *name, const gchar *needle)
{
	return g_str_has_prefix(answer, name) && answer[strlen(name)] == ':' &&
	       (needle == NULL || strstr(answer, needle) != NULL);
}

static void
test_catalogue(void)
{
	Fixture f = {0};
	guint failures = 0;
	guint factor = otd_test_env_time_factor();
	g_autofree gchar *config =
	    g_strdup_printf("Timeout=%u\nMaxResponseBytes=%u\n", DEADLINE_MS / 1000, MAX_BYTES);

	fixture_open(&f, config);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const Case *k = &cases[i];
		/* a tail starting with "/" is a path of its own (session create) */
		g_autofree gchar *path =
		    k->path_tail[0] == '/'
			? g_strdup(k->path_tail)
			: g_strdup_printf("/v2/project/%s/%s", OTD_TEST_KEY, k->path_tail);
		g_autofree gchar *fault = case_fault(k, path);
		g_autofree gchar *answer = NULL;
		gint64 ms = 0, bystander_ms = 0;

		reset(&f);
		otd_test_env_fault(f.env, fault);
		answer = call_with_bystanders(&f, k->which, k->which != CALL_ARCHIVE_LIST, &ms,
					      &bystander_ms);
		g_test_message("%-30s %5" G_GINT64_FORMAT " ms (bystanders %" G_GINT64_FORMAT
			       " ms)  %s",
			       k->what, ms, bystander_ms, answer);
		if (!answer_matches(answer, k->error, k->needle)) {
			g_test_message("FAIL %s: want %s%s%s", k->what, k->error,
				       k->needle != NULL ? " with " : "",
				       k->needle != NULL ? k->needle : "");
			failures++;
		}
		if (ms > (DEADLINE_MS + SLACK_MS) * factor) {
			g_test_message("FAIL %s: answered after %" G_GINT64_FORMAT " ms", k->what,
				       ms);
			failures++;
		}
		/* the deadline is total: a slow answer ends at it, not a read timeout later */
		if (k->slow && ms < DEADLINE_MS - 100) {
			g_test_message("FAIL %s: answered after only %" G_GINT64_FORMAT " ms",
				       k->what, ms);
			failures++;
		}
		/* other callers were served while the faulty call was pending */
		if (k->slow && bystander_ms >= ms) {
			g_test_message("FAIL %s: bystanders waited %" G_GINT64_FORMAT " ms",
				       k->what, bystander_ms);
			failures++;
		}
	}
	g_test_message("%u fault cases, %u failure(s)", (guint)G_N_ELEMENTS(cases), failures);
	g_assert_cmpuint(failures, ==, 0);
	/* still up, and still serving */
	reset(&f);
	g_assert_cmpint(otk_client_ping(f.env->client, NULL), >=, 0);
	bystander_token(&f);
	fixture_close(&f);
}

/* a port on 127.0.0.1 nobody listens on */
static guint16
closed_port(void)
{
	struct sockaddr_in addr = {.sin_family = AF_INET};
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	g_assert_cmpint(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
	g_assert_cmpint(getsockname(fd, (struct sockaddr *)&addr, &len), ==, 0);
	close(fd);
	return ntohs(addr.sin_port);
}

static void
test_refused(void)
{
	Fixture f = {0};
	g_autofree gchar *config = NULL;
	g_autofree gchar *answer = NULL;
	gint64 ms = 0, bystander_ms = 0;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;

	fixture_open(&f, NULL);
	/* the same daemon, reloaded onto a URL where nothing listens */
	config = g_strdup_printf("[API]\nKey=%s\nSecretFile=%s/api-secret\nUrl=http://"
				 "127.0.0.1:%u\nTimeout=2\n",
				 OTD_TEST_KEY, f.env->tmpdir, closed_port());
	g_assert_true(g_file_set_contents(f.env->config_path, config, -1, NULL));
	g_assert_cmpint(sd_bus_call_method(f.bystander, IFACE, ROOT, IFACE, "Reload", &error,
					   &reply, ""),
			>=, 0);
	g_clear_pointer(&reply, sd_bus_message_unref);
	answer = call_with_bystanders(&f, CALL_ARCHIVE_STOP, FALSE, &ms, &bystander_ms);
	g_test_message("connection refused (POST): %" G_GINT64_FORMAT " ms, %s", ms, answer);
	g_assert_true(answer_matches(answer, "NotReachable", NULL));
	g_assert_cmpint(ms, <=, (DEADLINE_MS + SLACK_MS) * otd_test_env_time_factor());
	g_clear_pointer(&answer, g_free);
	/* a GET is retried on connect failures, and still ends within the deadline */
	sd_bus_error_free(&error);
	{
		sd_bus_message *m = new_call(&f, f.bus, CALL_ARCHIVE_GET);
		gint64 start = g_get_monotonic_time();
		int r = sd_bus_call(f.bus, m, 30 * G_USEC_PER_SEC, &error, &reply);

		ms = (g_get_monotonic_time() - start) / 1000;
		sd_bus_message_unref(m);
		g_test_message("connection refused (GET): %" G_GINT64_FORMAT " ms, %s: %s", ms,
			       error.name, error.message);
		g_assert_cmpint(r, <, 0);
		g_assert_cmpstr(error.name, ==, ERR "NotReachable");
		g_assert_cmpint(ms, <=, (DEADLINE_MS + SLACK_MS) * otd_test_env_time_factor());
		sd_bus_error_free(&error);
	}
	fixture_close(&f);
}

/* the emulator's clock off by ±10 minutes: every call fails 403, and the error says why */
static void
test_clock_skew(void)
{
	static const struct {
		gint offset;
		const gchar *needle;
	} skews[] = {
	    /* the Date header has whole seconds: 599–601 s, so the number is not pinned */
	    {-600, " s ahead of the API's: check the system clock"},
	    {600, " s behind the API's: check the system clock"},
	};
	Fixture f = {0};

	fixture_open(&f, "Timeout=2\n");
	for (guint i = 0; i < G_N_ELEMENTS(skews); i++) {
		g_autofree gchar *body = g_strdup_printf("{\"clockOffsetSec\":%d}", skews[i].offset);
		g_autofree gchar *answer = NULL;
		guint status = 0;
		gint64 ms = 0, bystander_ms = 0;
		g_autoptr(JsonNode) node =
		    otd_test_env_http(f.env, "POST", "/_emulator/options", body, &status);

		g_assert_cmpuint(status, ==, 200);
		answer = call_with_bystanders(&f, CALL_ARCHIVE_STOP, FALSE, &ms, &bystander_ms);
		g_test_message("clock offset %d s: %s", skews[i].offset, answer);
		g_assert_true(answer_matches(answer, "AuthFailed", skews[i].needle));
	}
	{
		g_autoptr(JsonNode) node = otd_test_env_http(f.env, "POST", "/_emulator/options",
							     "{\"clockOffsetSec\":0}", NULL);
	}
	fixture_close(&f);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/bus/faults/catalogue", test_catalogue);
	g_test_add_func("/bus/faults/refused", test_refused);
	g_test_add_func("/bus/faults/clock-skew", test_clock_skew);
	return g_test_run();
}
