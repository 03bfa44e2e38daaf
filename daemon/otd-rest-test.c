/* the REST client against an in-process SoupServer on loopback */
#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "otd-error.h"
#include "otd-rest.h"

typedef struct {
	SoupServer *server;
	guint port;
	OtdRest *rest;
	guint hits;
	gchar *last_auth;
	gchar *last_ua;
	gchar *last_accept;
	/* what the server answers */
	guint status;
	const gchar *body;
	const gchar *retry_after;
	guint delay_ms;
	gsize body_size; /* a body of this many 'x' when non-zero */
	GHashTable *ports; /* the client ports requests came from, when not NULL */
	/* when not 0, requests wait until this many are waiting, then all are answered */
	guint hold_until;
	GPtrArray *held;
	/* what the client got */
	OtdRestResponse *response;
	GError *error;
	gboolean done;
	GThread *callback_thread;
} Fixture;

/* a client that gave up has closed the connection: nothing is left to answer */
static void
disconnected_cb(SoupServerMessage *msg, gpointer user_data)
{
	g_object_set_data(G_OBJECT(msg), "gone", GINT_TO_POINTER(1));
}

static gboolean
unpause_cb(gpointer user_data)
{
	if (g_object_get_data(G_OBJECT(user_data), "gone") == NULL)
		soup_server_message_unpause(SOUP_SERVER_MESSAGE(user_data));
	g_object_unref(user_data);
	return G_SOURCE_REMOVE;
}

static void
handler(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
	gpointer user_data)
{
	Fixture *f = user_data;
	SoupMessageHeaders *req = soup_server_message_get_request_headers(msg);

	f->hits++;
	if (f->ports != NULL) {
		GSocketAddress *from = soup_server_message_get_remote_address(msg);
		g_hash_table_add(f->ports, GUINT_TO_POINTER(g_inet_socket_address_get_port(
					       G_INET_SOCKET_ADDRESS(from))));
	}
	g_free(f->last_auth);
	g_free(f->last_ua);
	g_free(f->last_accept);
	f->last_auth = g_strdup(soup_message_headers_get_one(req, "X-OPENTOK-AUTH"));
	f->last_ua = g_strdup(soup_message_headers_get_one(req, "User-Agent"));
	f->last_accept = g_strdup(soup_message_headers_get_one(req, "Accept"));
	if (f->retry_after != NULL)
		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
					     "Retry-After", f->retry_after);
	if (f->body_size > 0) {
		gchar *big = g_malloc(f->body_size);
		memset(big, 'x', f->body_size);
		soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_TAKE, big,
						 f->body_size);
	} else if (f->body != NULL) {
		soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_COPY,
						 f->body, strlen(f->body));
	}
	soup_server_message_set_status(msg, f->status, NULL);
	if (f->hold_until > 0) {
		soup_server_message_pause(msg);
		g_signal_connect(msg, "disconnected", G_CALLBACK(disconnected_cb), NULL);
		if (f->held == NULL)
			f->held = g_ptr_array_new_with_free_func(g_object_unref);
		g_ptr_array_add(f->held, g_object_ref(msg));
		if (f->held->len >= f->hold_until) {
			/* each idle callback takes over the array's reference */
			for (guint i = 0; i < f->held->len; i++)
				g_idle_add(unpause_cb, g_ptr_array_index(f->held, i));
			g_ptr_array_set_free_func(f->held, NULL);
			g_clear_pointer(&f->held, g_ptr_array_unref);
			f->hold_until = 0;
		}
	} else if (f->delay_ms > 0) {
		soup_server_message_pause(msg);
		g_signal_connect(msg, "disconnected", G_CALLBACK(disconnected_cb), NULL);
		g_timeout_add(f->delay_ms, unpause_cb, g_object_ref(msg));
	}
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	const gchar *extra = data;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdConfig) config = NULL;
	g_autofree gchar *text = NULL;
	GSList *uris;

	f->server = soup_server_new(NULL, NULL);
	soup_server_add_handler(f->server, NULL, handler, f, NULL);
	g_assert_true(soup_server_listen_local(f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
	uris = soup_server_get_uris(f->server);
	f->port = (guint)g_uri_get_port(uris->data);
	g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
	text = g_strdup_printf("[API]\nKey=123456\nUrl=http://127.0.0.1:%u\n%s", f->port,
			       extra != NULL ? extra : "");
	config = otd_config_load_from_data(text, strlen(text), &error);
	g_assert_no_error(error);
	f->rest = otd_rest_new(config, otd_secret_new((const guint8 *)"sekret", 6), &error);
	g_assert_no_error(error);
	f->status = 200;
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	otd_rest_free(f->rest);
	if (f->held != NULL)
		g_ptr_array_free(f->held, TRUE);
	g_object_unref(f->server);
	g_free(f->last_auth);
	g_free(f->last_ua);
	g_free(f->last_accept);
	g_clear_pointer(&f->response, otd_rest_response_free);
	g_clear_error(&f->error);
}

static void
done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Fixture *f = user_data;
	f->response = otd_rest_request_finish(f->rest, result, &f->error);
	f->callback_thread = g_thread_self();
	f->done = TRUE;
}

static void
start(Fixture *f, const gchar *method, GCancellable *cancellable)
{
	g_clear_pointer(&f->response, otd_rest_response_free);
	g_clear_error(&f->error);
	f->done = FALSE;
	f->hits = 0;
	f->callback_thread = NULL;
	otd_rest_request_async(f->rest, method, "/v2/project/123456/thing", NULL, NULL,
			       cancellable, done_cb, f);
}

static void
wait_done(Fixture *f)
{
	while (!f->done)
		g_main_context_iteration(NULL, TRUE);
	/* the client works in its own thread; callbacks come back to the caller's */
	g_assert_true(f->callback_thread == g_thread_self());
}

static void
run(Fixture *f, const gchar *method)
{
	start(f, method, NULL);
	wait_done(f);
}

static void
test_headers(Fixture *f, gconstpointer data)
{
	g_auto(GStrv) parts = NULL;
	gsize len = 0;
	g_autofree guchar *payload = NULL;
	g_autoptr(GString) b64 = NULL;

	f->body = "{\"ok\":true}";
	run(f, "GET");
	g_assert_no_error(f->error);
	g_assert_cmpuint(f->response->status, ==, 200);
	g_assert_cmpstr(f->response->content_type, ==, "application/json");
	g_assert_cmpstr(f->last_ua, ==, "opentokd/" PACKAGE_VERSION " my-app/1.0");
	g_assert_cmpstr(f->last_accept, ==, "application/json");
	g_assert_nonnull(f->last_auth);
	parts = g_strsplit(f->last_auth, ".", -1);
	g_assert_cmpuint(g_strv_length(parts), ==, 3);
	b64 = g_string_new(parts[1]);
	g_strdelimit(b64->str, "-", '+');
	g_strdelimit(b64->str, "_", '/');
	while (b64->len % 4)
		g_string_append_c(b64, '=');
	payload = g_base64_decode(b64->str, &len);
	g_assert_nonnull(g_strstr_len((gchar *)payload, (gssize)len, "\"iss\":\"123456\""));
	g_assert_nonnull(g_strstr_len((gchar *)payload, (gssize)len, "\"ist\":\"project\""));
	g_assert_nonnull(g_strstr_len((gchar *)payload, (gssize)len, "\"jti\":"));
	/* the REST thread parsed the answer; a second parse gives an equal tree of its own */
	g_assert_true(f->response->parsed);
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(OtdJsonDoc) first = otd_rest_response_parse(f->response, &error);
		g_autoptr(OtdJsonDoc) second = otd_rest_response_parse(f->response, &error);
		g_assert_no_error(error);
		g_assert_nonnull(first);
		g_assert_nonnull(second);
		g_assert_true(first != second);
		g_assert_true(otd_json_val_get(otd_json_doc_root(first), "ok")->boolean);
		g_assert_true(otd_json_val_get(otd_json_doc_root(second), "ok")->boolean);
	}
}

static void
expect_status(Fixture *f, const gchar *method, guint status, gint code, guint hits)
{
	f->status = status;
	run(f, method);
	g_assert_error(f->error, OTD_ERROR, code);
	g_assert_cmpuint(f->hits, ==, hits);
}

static void
test_status_table(Fixture *f, gconstpointer data)
{
	f->body = "{\"code\":15008,\"message\":\"Only routed sessions are allowed\"}";
	expect_status(f, "POST", 400, OTD_ERROR_INVALID_ARGS, 1);
	g_assert_nonnull(strstr(f->error->message, "400"));
	g_assert_nonnull(strstr(f->error->message, "Only routed sessions are allowed"));
	expect_status(f, "GET", 408, OTD_ERROR_INVALID_ARGS, 1);
	expect_status(f, "GET", 401, OTD_ERROR_AUTH_FAILED, 1);
	expect_status(f, "GET", 403, OTD_ERROR_AUTH_FAILED, 1);
	expect_status(f, "GET", 404, OTD_ERROR_NOT_FOUND, 1);
	expect_status(f, "GET", 405, OTD_ERROR_NOT_ALLOWED, 1);
	expect_status(f, "POST", 409, OTD_ERROR_CONFLICT, 1);
	expect_status(f, "POST", 413, OTD_ERROR_TOO_LARGE, 1);
	expect_status(f, "GET", 429, OTD_ERROR_RATE_LIMITED, 1);
	expect_status(f, "GET", 500, OTD_ERROR_SERVER_ERROR, 1);
	/* GET is retried on 502/503/504, three attempts in all; other methods never */
	expect_status(f, "GET", 503, OTD_ERROR_SERVER_ERROR, 3);
	expect_status(f, "GET", 502, OTD_ERROR_SERVER_ERROR, 3);
	expect_status(f, "POST", 503, OTD_ERROR_SERVER_ERROR, 1);
	expect_status(f, "DELETE", 504, OTD_ERROR_SERVER_ERROR, 1);
	f->retry_after = "0";
	expect_status(f, "GET", 429, OTD_ERROR_RATE_LIMITED, 3);
	expect_status(f, "PUT", 429, OTD_ERROR_RATE_LIMITED, 1);
	f->retry_after = NULL;
	f->body = "<errorPayload><code>-1</code><message>Invalid signature</message></errorPayload>";
	expect_status(f, "POST", 403, OTD_ERROR_AUTH_FAILED, 1);
	g_assert_nonnull(strstr(f->error->message, "Invalid signature"));
}

static void
test_empty_2xx(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	f->status = 204;
	run(f, "DELETE");
	g_assert_no_error(f->error);
	g_assert_cmpuint(f->response->status, ==, 204);
	g_assert_null(otd_rest_response_parse(f->response, &error));
	g_assert_no_error(error);
}

static void
test_deadline(Fixture *f, gconstpointer data)
{
	gint64 start = g_get_monotonic_time();
	gint64 elapsed;

	f->delay_ms = 3000;
	run(f, "POST");
	elapsed = g_get_monotonic_time() - start;
	g_assert_error(f->error, OTD_ERROR, OTD_ERROR_TIMED_OUT);
	/* Timeout=1: answered within the deadline plus 0.5 s of slack */
	g_assert_cmpint(elapsed, >=, 900000);
	g_assert_cmpint(elapsed, <, 1500000);
}

static void
test_max_response(Fixture *f, gconstpointer data)
{
	f->body_size = 4096;
	run(f, "GET");
	g_assert_error(f->error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE);
	g_assert_nonnull(strstr(f->error->message, "larger than 2048"));
	f->body_size = 2000;
	run(f, "GET");
	g_assert_no_error(f->error);
}

static void
test_bad_json(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	f->body = "{\"truncated\": ";
	run(f, "GET");
	g_assert_no_error(f->error);
	g_assert_true(f->response->parsed);
	g_assert_null(otd_rest_response_parse(f->response, &error));
	g_assert_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE);
	g_assert_nonnull(strstr(error->message, "HTTP 200 with invalid JSON"));
}

static gboolean
cancel_cb(gpointer user_data)
{
	g_cancellable_cancel(G_CANCELLABLE(user_data));
	return G_SOURCE_REMOVE;
}

static void
test_cancel(Fixture *f, gconstpointer data)
{
	g_autoptr(GCancellable) cancellable = g_cancellable_new();
	g_autoptr(GCancellable) cancelled = g_cancellable_new();
	gint64 start_us = g_get_monotonic_time();

	/* cancelled while the answer is on its way */
	f->delay_ms = 3000;
	start(f, "GET", cancellable);
	g_timeout_add(100, cancel_cb, cancellable);
	wait_done(f);
	g_assert_error(f->error, OTD_ERROR, OTD_ERROR_CANCELLED);
	g_assert_cmpint(g_get_monotonic_time() - start_us, <, 1000000);

	/* cancelled before the call starts */
	f->delay_ms = 0;
	g_cancellable_cancel(cancelled);
	start(f, "GET", cancelled);
	wait_done(f);
	g_assert_error(f->error, OTD_ERROR, OTD_ERROR_CANCELLED);

	/* a call waiting to retry answers the cancel at once, not after its backoff */
	f->status = 429;
	f->retry_after = "2";
	g_cancellable_reset(cancellable);
	start_us = g_get_monotonic_time();
	start(f, "GET", cancellable);
	g_timeout_add(300, cancel_cb, cancellable);
	wait_done(f);
	g_assert_error(f->error, OTD_ERROR, OTD_ERROR_CANCELLED);
	g_assert_cmpint(g_get_monotonic_time() - start_us, <, 1500000);
}

static gboolean
free_rest_cb(gpointer user_data)
{
	Fixture *f = user_data;
	g_clear_pointer(&f->rest, otd_rest_free);
	return G_SOURCE_REMOVE;
}

/* a call still running when the client goes answers "cancelled", in the caller's thread */
static void
test_free_pending(Fixture *f, gconstpointer data)
{
	f->delay_ms = 3000;
	start(f, "GET", NULL);
	g_timeout_add(100, free_rest_cb, f);
	wait_done(f);
	g_assert_null(f->rest);
	g_assert_error(f->error, OTD_ERROR, OTD_ERROR_CANCELLED);
}

static void
test_reconfigure(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdConfig) config = NULL;
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%u", f->port);
	g_autofree gchar *text =
	    g_strdup_printf("[API]\nKey=654321\nUrl=http://127.0.0.1:%u/\n"
			    "UserAgentAddendum=other/2.0\n",
			    f->port);

	config = otd_config_load_from_data(text, strlen(text), &error);
	g_assert_no_error(error);
	g_assert_true(otd_rest_reconfigure(f->rest, config,
					   otd_secret_new((const guint8 *)"other", 5), &error));
	g_assert_no_error(error);
	g_assert_cmpstr(otd_rest_get_api_key(f->rest), ==, "654321");
	g_assert_cmpstr(otd_rest_get_url(f->rest), ==, url);
	g_assert_cmpuint(otd_secret_get_size(otd_rest_get_secret(f->rest)), ==, 5);
	run(f, "GET");
	g_assert_no_error(f->error);
	g_assert_cmpstr(f->last_ua, ==, "opentokd/" PACKAGE_VERSION " other/2.0");
	g_assert_nonnull(f->last_auth);
	g_assert_cmpuint(otd_rest_get_request_count(f->rest), ==, 1);
}

typedef struct {
	Fixture *f;
	guint done;
	guint failed;
	GHashTable *threads;
} Parallel;

static void
parallel_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Parallel *p = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdRestResponse) response = otd_rest_request_finish(p->f->rest, result, &error);

	if (response == NULL || response->status != 200)
		p->failed++;
	g_hash_table_add(p->threads, g_thread_self());
	p->done++;
}

/* calls run side by side, each in a thread of its own, and answer in the caller's thread */
static void
test_parallel(Fixture *f, gconstpointer data)
{
	Parallel p = {.f = f, .threads = g_hash_table_new(NULL, NULL)};
	gint64 start = g_get_monotonic_time();
	gint64 elapsed;

	f->delay_ms = 400;
	f->body = "{}";
	for (guint i = 0; i < 8; i++)
		otd_rest_request_async(f->rest, "GET", "/v2/project/123456/thing", NULL, NULL, NULL,
				       parallel_done_cb, &p);
	while (p.done < 8)
		g_main_context_iteration(NULL, TRUE);
	elapsed = g_get_monotonic_time() - start;
	g_assert_cmpuint(p.failed, ==, 0);
	g_assert_cmpuint(f->hits, ==, 8);
	/* one after the other would take 3.2 s; together 0.4 s, with 0.6 s of slack */
	g_assert_cmpint(elapsed, <, 1000000);
	g_assert_cmpuint(g_hash_table_size(p.threads), ==, 1);
	g_assert_true(g_hash_table_contains(p.threads, g_thread_self()));
	g_hash_table_unref(p.threads);
}

static gint64
thread_cpu_us(void)
{
	struct timespec ts;

	g_assert_cmpint(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
	return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* this thread's CPU time for starting @n calls */
static gint64
start_many(Fixture *f, Parallel *p, guint n)
{
	gint64 cpu = thread_cpu_us();

	for (guint i = 0; i < n; i++)
		otd_rest_request_async(f->rest, "GET", "/v2/project/123456/thing", NULL, NULL, NULL,
				       parallel_done_cb, p);
	return thread_cpu_us() - cpu;
}

/*
 * The caller's thread (the bus thread, in the daemon) never starts the pool's threads:
 * starting one costs 100-200 µs of the starting thread, and a burst starts hundreds.
 * Measured as this thread's CPU time, which other threads and the machine's load do not
 * change: 48 calls on a fresh client (MaxConnections=48), each needing a new thread, cost
 * about what 48 more cost right after, which only queue behind them (the first cost 25 to
 * 70 times as much when the caller started the threads).
 */
static void
test_caller_starts_no_thread(Fixture *f, gconstpointer data)
{
	Parallel p = {.f = f, .threads = g_hash_table_new(NULL, NULL)};
	gint64 fresh, queued;

	f->delay_ms = 300;
	f->body = "{}";
	fresh = start_many(f, &p, 48);
	queued = start_many(f, &p, 48);
	while (p.done < 96)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpuint(p.failed, ==, 0);
	g_test_message("48 calls: %" G_GINT64_FORMAT " us of the caller's CPU with no thread "
		       "waiting, then %" G_GINT64_FORMAT " us for 48 more that queue",
		       fresh, queued);
	g_assert_cmpint(fresh, <, 3 * queued + 1000);
	g_assert_cmpuint(f->hits, ==, 96);
	g_hash_table_unref(p.threads);
}

/*
 * Freed right after a burst of calls, while its threads are still being started and some
 * calls wait for one: every call answers, with an error, well before the server would.
 */
static void
test_free_while_starting(Fixture *f, gconstpointer data)
{
	Parallel p = {.f = f, .threads = g_hash_table_new(NULL, NULL)};
	gint64 freed;

	f->delay_ms = 5000;
	f->body = "{}";
	/* MaxConnections=32: 8 of them wait for a thread in any case */
	start_many(f, &p, 40);
	freed = g_get_monotonic_time();
	otd_rest_free(f->rest);
	f->rest = NULL;
	while (p.done < 40)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpuint(p.failed, ==, 40);
	g_assert_cmpint(g_get_monotonic_time() - freed, <, 3 * G_USEC_PER_SEC);
	g_hash_table_unref(p.threads);
}

typedef struct {
	Fixture *f;
	GError *error;
	gint64 done_at;
} Timed;

static void
timed_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Timed *t = user_data;
	g_autoptr(OtdRestResponse) response = otd_rest_request_finish(t->f->rest, result, &t->error);

	t->done_at = g_get_monotonic_time();
}

static gboolean
set_true_cb(gpointer user_data)
{
	*(gboolean *)user_data = TRUE;
	return G_SOURCE_REMOVE;
}

/* how many times the default context dispatches in @ms: an idle client adds none */
static guint
count_iterations(guint ms)
{
	gboolean done = FALSE;
	guint n = 0;

	g_timeout_add(ms, set_true_cb, &done);
	while (!done) {
		g_main_context_iteration(NULL, TRUE);
		n++;
	}
	return n;
}

/* deadlines are kept in order: a call made after a reload that shortened the timeout
 * ends first, each within its own timeout plus 0.5 s of slack */
static void
test_deadlines(Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdConfig) config = NULL;
	g_autofree gchar *text = g_strdup_printf("[API]\nKey=123456\nUrl=http://127.0.0.1:%u\n"
						 "Timeout=1\n",
						 f->port);
	Timed a = {.f = f}, b = {.f = f};
	gint64 start = g_get_monotonic_time();

	f->delay_ms = 4000;
	otd_rest_request_async(f->rest, "POST", "/v2/project/123456/a", NULL, NULL, NULL,
			       timed_done_cb, &a);
	config = otd_config_load_from_data(text, strlen(text), &error);
	g_assert_no_error(error);
	g_assert_true(otd_rest_reconfigure(f->rest, config,
					   otd_secret_new((const guint8 *)"sekret", 6), &error));
	otd_rest_request_async(f->rest, "POST", "/v2/project/123456/b", NULL, NULL, NULL,
			       timed_done_cb, &b);
	while (a.done_at == 0 || b.done_at == 0)
		g_main_context_iteration(NULL, TRUE);
	g_assert_error(a.error, OTD_ERROR, OTD_ERROR_TIMED_OUT);
	g_assert_error(b.error, OTD_ERROR, OTD_ERROR_TIMED_OUT);
	g_assert_cmpint(b.done_at - start, >=, 900000);
	g_assert_cmpint(b.done_at - start, <, 1500000);
	g_assert_cmpint(a.done_at - start, >=, 1900000);
	g_assert_cmpint(a.done_at - start, <, 2500000);
	g_clear_error(&a.error);
	g_clear_error(&b.error);
	/* with nothing left to time, the deadline timer stays quiet */
	g_assert_cmpuint(count_iterations(300), <, 50);
}

static void
test_project_path(Fixture *f, gconstpointer data)
{
	g_autofree gchar *path =
	    otd_rest_project_path(f->rest, "session", "1_a/b?c", "connection", NULL);
	g_assert_cmpstr(path, ==, "/v2/project/123456/session/1_a%2Fb%3Fc/connection");
}

/* the client's open connections to the test server, from the kernel's table */
static guint
count_connections(Fixture *f)
{
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;
	guint n = 0;

	g_assert_true(g_file_get_contents("/proc/self/net/tcp", &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 1; lines[i] != NULL; i++) {
		guint rport = 0, state = 0;
		/* "sl: local_ip:port remote_ip:port state ...", all in hex */
		if (sscanf(lines[i], "%*s %*x:%*x %*x:%x %x", &rport, &state) == 2 && rport == f->port &&
		    state == 1)
			n++;
	}
	return n;
}

/* a burst opens many connections; once only one call at a time runs, they are closed
 * within a check or two (libsoup probes each idle one before every request) */
static void
test_surplus_connections(Fixture *f, gconstpointer data)
{
	Parallel p = {.f = f, .threads = g_hash_table_new(NULL, NULL)};
	gint64 until;

	/* all 16 at once, however slowly their threads start (valgrind) */
	f->hold_until = 16;
	f->body = "{}";
	f->ports = g_hash_table_new(NULL, NULL);
	start_many(f, &p, 16);
	while (p.done < 16)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpuint(p.failed, ==, 0);
	/* 16 connections: the server saw 16 client ports */
	g_assert_cmpuint(g_hash_table_size(f->ports), ==, 16);
	g_clear_pointer(&f->ports, g_hash_table_unref);
	/* one call at a time, with pauses; the check runs every 100 ms here (20 s in the
	 * daemon) and needs a moment with no call: 5 s leave room for valgrind */
	f->delay_ms = 0;
	until = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
	while (count_connections(f) > 1 && g_get_monotonic_time() < until) {
		gboolean pause_done = FALSE;
		run(f, "GET");
		g_assert_no_error(f->error);
		g_timeout_add(10, set_true_cb, &pause_done);
		while (!pause_done)
			g_main_context_iteration(NULL, TRUE);
	}
	g_assert_cmpuint(count_connections(f), <=, 1);
	/* and calls go on, on a new connection */
	run(f, "GET");
	g_assert_no_error(f->error);
	g_assert_cmpuint(count_connections(f), ==, 1);
	g_hash_table_unref(p.threads);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	otd_rest_set_check_interval_for_tests(100);
#define ADD(path, fn, extra)                                                                       \
	g_test_add("/otd/rest/" path, Fixture, extra, fixture_setup, fn, fixture_teardown)
	ADD("headers", test_headers, "UserAgentAddendum=my-app/1.0\n");
	ADD("status-table", test_status_table, NULL);
	ADD("empty-2xx", test_empty_2xx, NULL);
	ADD("deadline", test_deadline, "Timeout=1\n");
	ADD("max-response", test_max_response, "MaxResponseBytes=2048\n");
	ADD("bad-json", test_bad_json, NULL);
	ADD("project-path", test_project_path, NULL);
	ADD("parallel", test_parallel, NULL);
	ADD("deadlines", test_deadlines, "Timeout=2\n");
	ADD("cancel", test_cancel, NULL);
	ADD("free-pending", test_free_pending, NULL);
	ADD("reconfigure", test_reconfigure, NULL);
	ADD("surplus-connections", test_surplus_connections, "MaxConnections=32\n");
	ADD("caller-starts-no-thread", test_caller_starts_no_thread, "MaxConnections=48\n");
	ADD("free-while-starting", test_free_while_starting, "MaxConnections=32\n");
	return g_test_run();
}
