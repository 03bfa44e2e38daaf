/*
 * The REST client: one SoupSession with keep-alive, a fresh auth JWT per attempt, a total
 * deadline per call, bounded answers, and the status -> error table.
 *
 * Threads: the session, every call's I/O and its timers live in one worker thread with its
 * own GMainContext. libsoup dispatches its work (connects, writes, hundreds of answers) in
 * batches that a main loop cannot preempt; on the main thread those batches delayed the
 * D-Bus calls that never touch the API (GenerateToken) by milliseconds. Callers still call
 * from the main thread and get their callback there: the GTask is created in their context
 * and GTask posts the result back to it. The session is never touched outside the worker.
 */
#include "config.h"

#include <errno.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "otd-error.h"
#include "otd-rest.h"
#include "otd-token.h"

#define OTD_REST_READ_CHUNK   16384
/* the REST thread's nice value, relative to the bus thread's 0 */
#define OTD_REST_THREAD_NICE 5
#define OTD_REST_MAX_ATTEMPTS 3
#define OTD_REST_MAX_MESSAGE  512
/* a Date header this far from our clock is worth mentioning on an auth failure */
#define OTD_REST_CLOCK_SKEW_HINT 30

struct _OtdRest {
	GThread *thread;
	GMainContext *context; /* the worker's */
	GMainLoop *loop;
	/* worker only */
	SoupSession *session;
	GHashTable *calls; /* the GTasks started and not answered yet, for shutdown */
	gboolean closing;
	/* written only by the worker while the main thread waits in otd_rest_run_sync(), so
	 * the main thread reads them without a lock */
	gchar *api_key;
	OtdSecret *secret;
	gchar *url; /* without a trailing slash */
	guint timeout_ms;
	guint64 max_response_bytes;
	/* counted in the worker, read by tests and the log in the main thread */
	GMutex count_lock;
	guint64 request_count;
	/* the worker's answers wait here for the context otd_rest_new() was called in, which
	 * takes a few at a time (otd_rest_delivery_dispatch()) */
	GMainContext *caller_context;
	GSource *delivery;
	GAsyncQueue *delivered;
};

/* how long one dispatch may spend handing answers to their callbacks: a D-Bus call that
 * arrives meanwhile waits at most this long (plus one callback) for its turn */
#define OTD_REST_DELIVERY_SLICE_US 200

typedef struct {
	GTask *task;
	OtdRestResponse *response;
	GError *error;
} OtdRestDelivery;

typedef struct {
	GSource source;
	GAsyncQueue *queue;
} OtdRestDeliverySource;

static GSourceFuncs otd_rest_delivery_funcs;
static void
otd_rest_delivery_free(OtdRestDelivery *delivery);

typedef struct {
	OtdRest *rest;
	gchar *method;
	gchar *path;
	gchar *content_type;
	GBytes *body;
	GCancellable *cancellable; /* ours: the deadline and the caller both cancel it */
	gulong caller_handler;
	GCancellable *caller_cancellable;
	GSource *deadline;
	GSource *backoff;
	gint64 deadline_us;
	gboolean timed_out;
	gint returned;	   /* atomic: the task has returned, from the worker or a canceller */
	gboolean finished; /* worker only: the call has let go of the worker's objects */
	guint attempt;
	SoupMessage *msg;
	GInputStream *stream;
	GByteArray *buf;
} OtdRestCall;

void
otd_rest_response_free(OtdRestResponse *response)
{
	if (response == NULL)
		return;
	g_free(response->content_type);
	g_bytes_unref(response->body);
	otd_json_doc_free(response->doc);
	g_clear_error(&response->parse_error);
	g_free(response);
}

/*
 * The task's last reference may go in either thread, so this frees plain data only: what
 * belongs to the session and the worker's context went in otd_rest_call_release(), in the
 * worker, before the task returned.
 */
static void
otd_rest_call_free(OtdRestCall *call)
{
	g_clear_object(&call->caller_cancellable);
	g_free(call->method);
	g_free(call->path);
	g_free(call->content_type);
	g_clear_pointer(&call->body, g_bytes_unref);
	g_clear_object(&call->cancellable);
	g_free(call);
}

static gchar *
otd_rest_user_agent(const OtdConfig *config)
{
	if (config->ua_addendum != NULL)
		return g_strdup_printf("opentokd/%s %s", PACKAGE_VERSION, config->ua_addendum);
	return g_strdup_printf("opentokd/%s", PACKAGE_VERSION);
}

static const gchar *
otd_rest_getenv(const gchar *name)
{
	g_autofree gchar *upper = g_ascii_strup(name, -1);
	const gchar *value = g_getenv(name);
	if (value == NULL || value[0] == '\0')
		value = g_getenv(upper);
	return value != NULL && value[0] != '\0' ? value : NULL;
}

/*
 * [API] Proxy, else the environment's https_proxy (http_proxy for an http API URL) and
 * no_proxy. The desktop's proxy settings (libproxy, dconf) mean nothing to a system
 * service, so GIO's default resolver is not used.
 */
static void
otd_rest_setup_proxy(OtdRest *rest, const OtdConfig *config)
{
	const gchar *proxy = config->proxy;
	g_autoptr(GProxyResolver) resolver = NULL;
	g_auto(GStrv) ignore = NULL;

	if (proxy == NULL)
		proxy = otd_rest_getenv(g_str_has_prefix(rest->url, "https:") ? "https_proxy"
									  : "http_proxy");
	if (proxy == NULL) {
		soup_session_set_proxy_resolver(rest->session, NULL);
		return;
	}
	if (otd_rest_getenv("no_proxy") != NULL)
		ignore = g_strsplit(otd_rest_getenv("no_proxy"), ",", -1);
	for (guint i = 0; ignore != NULL && ignore[i] != NULL; i++)
		g_strstrip(ignore[i]);
	resolver = g_simple_proxy_resolver_new(proxy, ignore);
	soup_session_set_proxy_resolver(rest->session, resolver);
}

static gboolean
otd_rest_setup_transport(OtdRest *rest, const OtdConfig *config, GError **error)
{
	if (config->ca_file != NULL) {
		g_autoptr(GTlsDatabase) db = g_tls_file_database_new(config->ca_file, error);
		if (db == NULL) {
			g_prefix_error(error, "[API] CAFile=%s: ", config->ca_file);
			otd_error_convert(error);
			return FALSE;
		}
		soup_session_set_tls_database(rest->session, db);
	}
	otd_rest_setup_proxy(rest, config);
	return TRUE;
}

/* the fields the worker reads per call; run in the worker, or before it starts */
static void
otd_rest_apply_config(OtdRest *rest, const OtdConfig *config, OtdSecret *secret)
{
	otd_secret_free(rest->secret);
	rest->secret = secret;
	g_free(rest->api_key);
	rest->api_key = g_strdup(config->api_key);
	g_free(rest->url);
	rest->url = g_strdup(config->api_url);
	while (g_str_has_suffix(rest->url, "/"))
		rest->url[strlen(rest->url) - 1] = '\0';
	rest->timeout_ms = config->timeout_sec * 1000;
	rest->max_response_bytes = config->max_response_bytes;
}

typedef gboolean (*OtdRestSyncFunc)(OtdRest *rest, gpointer data, GError **error);

typedef struct {
	OtdRest *rest;
	OtdRestSyncFunc func;
	gpointer data;
	GError *error;
	gboolean ret;
	gboolean done;
	GMutex mutex;
	GCond cond;
} OtdRestSync;

static gboolean
otd_rest_sync_cb(gpointer user_data)
{
	OtdRestSync *sync = user_data;
	gboolean ret = sync->func(sync->rest, sync->data, &sync->error);

	g_mutex_lock(&sync->mutex);
	sync->ret = ret;
	sync->done = TRUE;
	g_cond_signal(&sync->cond);
	g_mutex_unlock(&sync->mutex);
	return G_SOURCE_REMOVE;
}

/*
 * Runs @func in the worker and waits for it: setup, reconfiguration and shutdown change the
 * session, which only the worker may touch, and the fields the worker reads, which must not
 * change under a call in the middle of an attempt. The worker never waits for the main
 * thread, so this cannot deadlock; it blocks the main thread for one worker dispatch at most.
 */
static gboolean
otd_rest_run_sync(OtdRest *rest, OtdRestSyncFunc func, gpointer data, GError **error)
{
	OtdRestSync sync = {.rest = rest, .func = func, .data = data};

	g_mutex_init(&sync.mutex);
	g_cond_init(&sync.cond);
	/* the main thread neither owns the worker's context nor has it as its thread-default,
	 * so this always queues a source for the worker rather than running @func here */
	g_main_context_invoke(rest->context, otd_rest_sync_cb, &sync);
	g_mutex_lock(&sync.mutex);
	while (!sync.done)
		g_cond_wait(&sync.cond, &sync.mutex);
	g_mutex_unlock(&sync.mutex);
	g_cond_clear(&sync.cond);
	g_mutex_clear(&sync.mutex);
	if (sync.error != NULL)
		g_propagate_error(error, sync.error);
	return sync.ret;
}

static gpointer
otd_rest_thread(gpointer user_data)
{
	OtdRest *rest = user_data;

	/* when the CPUs are short, the bus thread (calls answered at once, like GenerateToken)
	 * goes before this one (answers that waited for the network anyway); refused in a
	 * sandbox without @resources, which only costs that preference */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), OTD_REST_THREAD_NICE) < 0)
		g_debug("cannot lower the REST thread's priority: %s", g_strerror(errno));
	/* libsoup and GTask take the thread-default context for their sources and callbacks */
	g_main_context_push_thread_default(rest->context);
	g_main_loop_run(rest->loop);
	g_clear_object(&rest->session);
	/* let what the session's last unref scheduled run, while its context is still ours */
	while (g_main_context_iteration(rest->context, FALSE))
		;
	g_main_context_pop_thread_default(rest->context);
	return NULL;
}

static gboolean
otd_rest_setup_cb(OtdRest *rest, gpointer data, GError **error)
{
	const OtdConfig *config = data;
	g_autofree gchar *ua = otd_rest_user_agent(config);

	/* the deadline is ours (total per call); libsoup's own timeouts stay off */
	rest->session = soup_session_new_with_options(
	    "max-conns", (gint)config->max_connections, "max-conns-per-host",
	    (gint)config->max_connections, "user-agent", ua, "timeout", 0, "idle-timeout", 60,
	    NULL);
	return otd_rest_setup_transport(rest, config, error);
}

OtdRest *
otd_rest_new(const OtdConfig *config, OtdSecret *secret, GError **error)
{
	g_autoptr(OtdRest) rest = g_new0(OtdRest, 1);

	/* written before the worker starts: g_thread_new() orders them before its reads */
	otd_rest_apply_config(rest, config, secret);
	g_mutex_init(&rest->count_lock);
	rest->calls = g_hash_table_new(NULL, NULL);
	rest->delivered = g_async_queue_new();
	rest->caller_context = g_main_context_ref_thread_default();
	rest->delivery = g_source_new(&otd_rest_delivery_funcs, sizeof(OtdRestDeliverySource));
	((OtdRestDeliverySource *)rest->delivery)->queue = g_async_queue_ref(rest->delivered);
	g_source_set_name(rest->delivery, "otd-rest answers");
	g_source_attach(rest->delivery, rest->caller_context);
	rest->context = g_main_context_new();
	rest->loop = g_main_loop_new(rest->context, FALSE);
	rest->thread = g_thread_new("otd-rest", otd_rest_thread, rest);
	if (!otd_rest_run_sync(rest, otd_rest_setup_cb, (gpointer)config, error))
		return NULL;
	return g_steal_pointer(&rest);
}

typedef struct {
	const OtdConfig *config;
	OtdSecret *secret;
} OtdRestReconfig;

static gboolean
otd_rest_reconfigure_cb(OtdRest *rest, gpointer data, GError **error)
{
	OtdRestReconfig *re = data;
	g_autofree gchar *ua = otd_rest_user_agent(re->config);

	if (re->config->ca_file == NULL) {
		g_autoptr(GTlsDatabase) db =
		    g_tls_backend_get_default_database(g_tls_backend_get_default());
		soup_session_set_tls_database(rest->session, db);
	}
	if (!otd_rest_setup_transport(rest, re->config, error)) {
		otd_secret_free(re->secret);
		return FALSE;
	}
	if ((guint)soup_session_get_max_conns(rest->session) != re->config->max_connections)
		g_warning("[API] MaxConnections changes take effect at the next start, ignoring");
	otd_rest_apply_config(rest, re->config, re->secret);
	soup_session_set_user_agent(rest->session, ua);
	return TRUE;
}

gboolean
otd_rest_reconfigure(OtdRest *rest, const OtdConfig *config, OtdSecret *secret, GError **error)
{
	OtdRestReconfig re = {config, secret};
	return otd_rest_run_sync(rest, otd_rest_reconfigure_cb, &re, error);
}

static void
otd_rest_call_cancel(GTask *task);

/* once shutdown has begun, the worker's loop ends with its last call */
static void
otd_rest_quit_if_idle(OtdRest *rest)
{
	if (rest->closing && g_hash_table_size(rest->calls) == 0)
		g_main_loop_quit(rest->loop);
}

/*
 * Every call still running is cancelled and answers "cancelled" to its caller, as an
 * abort of the session always did; the answers reach the callers' context after
 * otd_rest_free() returns, when it next iterates.
 */
static gboolean
otd_rest_shutdown_cb(OtdRest *rest, gpointer data, GError **error)
{
	g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func(g_object_unref);
	GHashTableIter iter;
	gpointer task;

	rest->closing = TRUE;
	/* referenced: a call waiting to retry answers (and may go) inside the loop */
	g_hash_table_iter_init(&iter, rest->calls);
	while (g_hash_table_iter_next(&iter, &task, NULL))
		g_ptr_array_add(tasks, g_object_ref(task));
	for (guint i = 0; i < tasks->len; i++)
		otd_rest_call_cancel(g_ptr_array_index(tasks, i));
	if (rest->session != NULL)
		soup_session_abort(rest->session);
	otd_rest_quit_if_idle(rest);
	return TRUE;
}

void
otd_rest_free(OtdRest *rest)
{
	if (rest == NULL)
		return;
	if (rest->thread != NULL) {
		otd_rest_run_sync(rest, otd_rest_shutdown_cb, NULL, NULL);
		g_thread_join(rest->thread);
	}
	/* the answers not taken yet go GTask's way: to the callers' next iteration */
	if (rest->delivery != NULL)
		g_source_destroy(rest->delivery);
	g_clear_pointer(&rest->delivery, g_source_unref);
	if (rest->delivered != NULL) {
		OtdRestDelivery *delivery;
		while ((delivery = g_async_queue_try_pop(rest->delivered)) != NULL)
			otd_rest_delivery_free(delivery);
	}
	g_clear_pointer(&rest->delivered, g_async_queue_unref);
	g_clear_pointer(&rest->caller_context, g_main_context_unref);
	g_clear_pointer(&rest->loop, g_main_loop_unref);
	g_clear_pointer(&rest->context, g_main_context_unref);
	g_clear_pointer(&rest->calls, g_hash_table_unref);
	g_mutex_clear(&rest->count_lock);
	g_clear_pointer(&rest->secret, otd_secret_free);
	g_free(rest->api_key);
	g_free(rest->url);
	g_free(rest);
}

const gchar *
otd_rest_get_api_key(OtdRest *rest)
{
	return rest->api_key;
}

const gchar *
otd_rest_get_url(OtdRest *rest)
{
	return rest->url;
}

const OtdSecret *
otd_rest_get_secret(OtdRest *rest)
{
	return rest->secret;
}

guint64
otd_rest_get_request_count(OtdRest *rest)
{
	guint64 count;

	g_mutex_lock(&rest->count_lock);
	count = rest->request_count;
	g_mutex_unlock(&rest->count_lock);
	return count;
}

gchar *
otd_rest_project_path(OtdRest *rest, const gchar *first_segment, ...)
{
	GString *path = g_string_new("/v2/project/");
	va_list args;

	g_string_append_uri_escaped(path, rest->api_key, NULL, FALSE);
	va_start(args, first_segment);
	for (const gchar *seg = first_segment; seg != NULL; seg = va_arg(args, const gchar *)) {
		g_string_append_c(path, '/');
		g_string_append_uri_escaped(path, seg, NULL, FALSE);
	}
	va_end(args);
	return g_string_free(path, FALSE);
}

/* the service's own words: "message" of a JSON error, <message> of an XML one */
static gchar *
otd_rest_service_message(const gchar *content_type, GBytes *body)
{
	gsize len = 0;
	const gchar *data = g_bytes_get_data(body, &len);
	g_autofree gchar *text = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	const gchar *start, *end;

	if (len == 0)
		return NULL;
	if (json_parser_load_from_data(parser, data, (gssize)len, NULL)) {
		JsonNode *root = json_parser_get_root(parser);
		if (root != NULL && JSON_NODE_HOLDS_OBJECT(root)) {
			JsonObject *obj = json_node_get_object(root);
			JsonNode *m = json_object_get_member(obj, "message");
			if (m != NULL && JSON_NODE_HOLDS_VALUE(m) &&
			    json_node_get_value_type(m) == G_TYPE_STRING)
				text = g_strdup(json_node_get_string(m));
		}
		return g_steal_pointer(&text);
	}
	text = g_strndup(data, len);
	start = strstr(text, "<message>");
	end = start != NULL ? strstr(start, "</message>") : NULL;
	if (start != NULL && end != NULL)
		return g_strndup(start + 9, (gsize)(end - start - 9));
	return NULL;
}

static gchar *
otd_rest_sanitize(const gchar *text)
{
	g_autofree gchar *valid = g_utf8_make_valid(text, -1);
	GString *out = g_string_new(NULL);

	for (const gchar *p = valid; *p != '\0' && out->len < OTD_REST_MAX_MESSAGE;
	     p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_iscntrl(c))
			g_string_append_c(out, ' ');
		else
			g_string_append_unichar(out, c);
	}
	return g_strstrip(g_string_free(out, FALSE));
}

static OtdError
otd_rest_error_for_status(guint status)
{
	switch (status) {
	case 400:
	case 408:
		return OTD_ERROR_INVALID_ARGS;
	case 401:
	case 403:
		return OTD_ERROR_AUTH_FAILED;
	case 407:
		/* a proxy between us and the API refused */
		return OTD_ERROR_NOT_REACHABLE;
	case 404:
		return OTD_ERROR_NOT_FOUND;
	case 405:
		return OTD_ERROR_NOT_ALLOWED;
	case 409:
		return OTD_ERROR_CONFLICT;
	case 413:
		return OTD_ERROR_TOO_LARGE;
	case 429:
		return OTD_ERROR_RATE_LIMITED;
	default:
		if (status >= 500 && status < 600)
			return OTD_ERROR_SERVER_ERROR;
		if (status >= 400 && status < 500)
			return OTD_ERROR_INVALID_ARGS;
		return OTD_ERROR_BAD_RESPONSE;
	}
}

void
otd_rest_set_status_error(guint status, const gchar *content_type, GBytes *body, GError **error)
{
	g_autofree gchar *raw = otd_rest_service_message(content_type, body);
	g_autofree gchar *message = raw != NULL ? otd_rest_sanitize(raw) : NULL;
	const gchar *reason = soup_status_get_phrase(status);

	if (message == NULL || message[0] == '\0') {
		g_free(message);
		message = g_strdup(reason != NULL ? reason : "unexpected status");
	}
	g_set_error(error, OTD_ERROR, otd_rest_error_for_status(status), "API returned HTTP %u: %s",
		    status, message);
}

static void
otd_rest_attempt_start(GTask *task);

/* how far the API's clock (its Date header) is ahead of ours, in seconds */
static gboolean
otd_rest_clock_skew(SoupMessage *msg, gint64 *ret_skew)
{
	const gchar *value =
	    soup_message_headers_get_one(soup_message_get_response_headers(msg), "Date");
	g_autoptr(GDateTime) date = value != NULL ? soup_date_time_new_from_http_string(value) : NULL;

	if (date == NULL)
		return FALSE;
	*ret_skew = g_date_time_to_unix(date) - g_get_real_time() / G_USEC_PER_SEC;
	return TRUE;
}

/*
 * The auth JWT lives 180 s from our clock's "now": a clock off by more than the service
 * tolerates makes every call fail with 401/403. Say so, with the difference when the API's
 * Date header shows one.
 */
static void
otd_rest_add_clock_hint(SoupMessage *msg, GError *error)
{
	gint64 skew = 0;
	gchar *message;

	if (otd_rest_clock_skew(msg, &skew) && ABS(skew) >= OTD_REST_CLOCK_SKEW_HINT)
		message = g_strdup_printf("%s (this machine's clock is %" G_GINT64_FORMAT
					  " s %s the API's: check the system clock)",
					  error->message, ABS(skew), skew > 0 ? "behind" : "ahead of");
	else if (strstr(error->message, "issued time") != NULL ||
		 strstr(error->message, "expired") != NULL)
		message = g_strdup_printf("%s (check the system clock)", error->message);
	else
		return;
	g_free(error->message);
	error->message = message;
}

static const gchar *
otd_rest_tls_problem(GTlsCertificateFlags flags)
{
	if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
		return "is not signed by a trusted authority (see [API] CAFile)";
	if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
		return "does not name the API host";
	if (flags & G_TLS_CERTIFICATE_EXPIRED)
		return "has expired";
	if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
		return "is not valid yet";
	if (flags & G_TLS_CERTIFICATE_REVOKED)
		return "has been revoked";
	if (flags & G_TLS_CERTIFICATE_INSECURE)
		return "uses an insecure algorithm";
	return NULL;
}

/* lets go of what the call holds of the worker: its timers, the session's objects and the
 * caller's cancellable handler */
static void
otd_rest_call_release(OtdRestCall *call)
{
	/* waits for a handler running in another thread right now: after this, none can */
	if (call->caller_handler != 0)
		g_cancellable_disconnect(call->caller_cancellable, call->caller_handler);
	call->caller_handler = 0;
	if (call->deadline != NULL)
		g_source_destroy(call->deadline);
	g_clear_pointer(&call->deadline, g_source_unref);
	if (call->backoff != NULL)
		g_source_destroy(call->backoff);
	g_clear_pointer(&call->backoff, g_source_unref);
	g_clear_object(&call->msg);
	g_clear_object(&call->stream);
	g_clear_pointer(&call->buf, g_byte_array_unref);
}

/*
 * Returns @task once: the worker and a thread cancelling the caller's cancellable may both
 * try; the second one's answer is dropped. GTask posts the callback to the context the task
 * was created in, whichever thread returns it.
 */
static void
otd_rest_task_return_now(GTask *task, OtdRestResponse *response, GError *error)
{
	if (error != NULL)
		g_task_return_error(task, error);
	else
		g_task_return_pointer(task, response, (GDestroyNotify)otd_rest_response_free);
}

static void
otd_rest_task_return(GTask *task, OtdRestResponse *response, GError *error)
{
	OtdRestCall *call = g_task_get_task_data(task);
	OtdRest *rest = call->rest;
	OtdRestDelivery *delivery;

	if (!g_atomic_int_compare_and_exchange(&call->returned, FALSE, TRUE)) {
		otd_rest_response_free(response);
		g_clear_error(&error);
		return;
	}
	/* a canceller in the callers' thread, or a task of another context: GTask's own way */
	if (g_thread_self() != rest->thread || g_task_get_context(task) != rest->caller_context) {
		otd_rest_task_return_now(task, response, error);
		return;
	}
	/* GTask would post one idle source per answer, and the loop dispatches every ready
	 * source of a priority in one go: 250 answers landing together kept a GenerateToken
	 * waiting for all their replies */
	delivery = g_new(OtdRestDelivery, 1);
	delivery->task = g_object_ref(task);
	delivery->response = response;
	delivery->error = error;
	g_async_queue_push(rest->delivered, delivery);
	g_main_context_wakeup(rest->caller_context);
}

static void
otd_rest_delivery_free(OtdRestDelivery *delivery)
{
	otd_rest_task_return_now(delivery->task, delivery->response, delivery->error);
	g_object_unref(delivery->task);
	g_free(delivery);
}

static gboolean
otd_rest_delivery_prepare(GSource *source, gint *timeout)
{
	*timeout = -1;
	return g_async_queue_length(((OtdRestDeliverySource *)source)->queue) > 0;
}

static gboolean
otd_rest_delivery_check(GSource *source)
{
	return g_async_queue_length(((OtdRestDeliverySource *)source)->queue) > 0;
}

static gboolean
otd_rest_delivery_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	GAsyncQueue *queue = ((OtdRestDeliverySource *)source)->queue;
	gint64 start = g_get_monotonic_time();
	OtdRestDelivery *delivery;

	/* what is left waits for the next iteration, after the bus (a higher priority) */
	while ((delivery = g_async_queue_try_pop(queue)) != NULL) {
		otd_rest_delivery_free(delivery);
		if (g_get_monotonic_time() - start >= OTD_REST_DELIVERY_SLICE_US)
			break;
	}
	return G_SOURCE_CONTINUE;
}

static void
otd_rest_delivery_finalize(GSource *source)
{
	g_async_queue_unref(((OtdRestDeliverySource *)source)->queue);
}

static GSourceFuncs otd_rest_delivery_funcs = {
    .prepare = otd_rest_delivery_prepare,
    .check = otd_rest_delivery_check,
    .dispatch = otd_rest_delivery_dispatch,
    .finalize = otd_rest_delivery_finalize,
};

/*
 * The one way a call ends in the worker: takes @response or @error and the worker's
 * reference to @task. Everything is released before the task returns, because from then on
 * the caller's thread may run the callback and drop the task, and the call, at any moment.
 */
static void
otd_rest_answer(GTask *task, OtdRestResponse *response, GError *error)
{
	OtdRestCall *call = g_task_get_task_data(task);
	OtdRest *rest = call->rest;

	call->finished = TRUE;
	otd_rest_call_release(call);
	g_hash_table_remove(rest->calls, task);
	otd_rest_task_return(task, response, error);
	g_object_unref(task);
	otd_rest_quit_if_idle(rest);
}

static void
otd_rest_return_error(GTask *task, GError *error)
{
	OtdRestCall *call = g_task_get_task_data(task);

	if (call->timed_out) {
		g_clear_error(&error);
		g_set_error(&error, OTD_ERROR, OTD_ERROR_TIMED_OUT,
			    "no answer from the API within %u s (%s %s)",
			    call->rest->timeout_ms / 1000, call->method, call->path);
	} else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_clear_error(&error);
		g_set_error(&error, OTD_ERROR, OTD_ERROR_CANCELLED, "request %s %s was cancelled",
			    call->method, call->path);
	} else if (error->domain == G_TLS_ERROR && call->msg != NULL &&
		   otd_rest_tls_problem(soup_message_get_tls_peer_certificate_errors(call->msg)) !=
		       NULL) {
		const gchar *problem =
		    otd_rest_tls_problem(soup_message_get_tls_peer_certificate_errors(call->msg));
		g_clear_error(&error);
		g_set_error(&error, OTD_ERROR, OTD_ERROR_NOT_REACHABLE,
			    "%s %s: the API's TLS certificate %s", call->method, call->path,
			    problem);
	} else if (error->domain != OTD_ERROR) {
		g_prefix_error(&error, "%s %s: ", call->method, call->path);
		otd_error_convert(&error);
	}
	g_debug("%s %s failed: %s", call->method, call->path, error->message);
	otd_rest_answer(task, NULL, error);
}

/* the deadline, the caller's cancellable and shutdown all stop a call here, in the worker */
static void
otd_rest_call_cancel(GTask *task)
{
	OtdRestCall *call = g_task_get_task_data(task);

	if (call->finished)
		return;
	if (call->backoff != NULL) {
		/* waiting to retry: nothing is in flight to cancel, so answer now */
		otd_rest_return_error(task, g_error_new_literal(G_IO_ERROR, G_IO_ERROR_CANCELLED,
								"cancelled"));
		return;
	}
	/* the attempt in flight ends with G_IO_ERROR_CANCELLED in its callback */
	g_cancellable_cancel(call->cancellable);
}

static gboolean
otd_rest_deadline_cb(gpointer user_data)
{
	GTask *task = user_data;
	OtdRestCall *call = g_task_get_task_data(task);

	call->timed_out = TRUE;
	g_clear_pointer(&call->deadline, g_source_unref);
	otd_rest_call_cancel(task);
	return G_SOURCE_REMOVE;
}

static gboolean
otd_rest_backoff_cb(gpointer user_data)
{
	GTask *task = user_data;
	OtdRestCall *call = g_task_get_task_data(task);

	g_clear_pointer(&call->backoff, g_source_unref);
	if (g_cancellable_is_cancelled(call->cancellable)) {
		otd_rest_return_error(task, g_error_new_literal(G_IO_ERROR, G_IO_ERROR_CANCELLED,
								"cancelled"));
		return G_SOURCE_REMOVE;
	}
	otd_rest_attempt_start(task);
	return G_SOURCE_REMOVE;
}

/* schedules another attempt if the delay still fits the deadline; FALSE if not */
static gboolean
otd_rest_schedule_retry(GTask *task, guint delay_ms)
{
	OtdRestCall *call = g_task_get_task_data(task);

	if (g_strcmp0(call->method, "GET") != 0 || call->attempt >= OTD_REST_MAX_ATTEMPTS)
		return FALSE;
	if (g_get_monotonic_time() + (gint64)delay_ms * 1000 >= call->deadline_us)
		return FALSE;
	g_debug("%s %s: attempt %u failed, retrying in %u ms", call->method, call->path,
		call->attempt, delay_ms);
	g_clear_object(&call->msg);
	g_clear_object(&call->stream);
	g_clear_pointer(&call->buf, g_byte_array_unref);
	call->backoff = g_timeout_source_new(delay_ms);
	g_source_set_callback(call->backoff, otd_rest_backoff_cb, task, NULL);
	g_source_attach(call->backoff, call->rest->context);
	return TRUE;
}

static guint
otd_rest_backoff_ms(OtdRestCall *call)
{
	/* 100 ms, 200 ms, … plus up to 100 ms of jitter so callers do not retry in step */
	return 100u * (1u << (call->attempt - 1)) + (guint)g_random_int_range(0, 100);
}

static gboolean
otd_rest_retry_after_ms(SoupMessage *msg, guint *ret_ms)
{
	const gchar *value =
	    soup_message_headers_get_one(soup_message_get_response_headers(msg), "Retry-After");
	guint64 secs;

	if (value == NULL || !g_ascii_string_to_unsigned(value, 10, 0, 3600, &secs, NULL))
		return FALSE;
	*ret_ms = (guint)secs * 1000;
	return TRUE;
}

/* a JSON answer is parsed here, off the thread that serves the bus */
static void
otd_rest_parse_in_worker(OtdRestResponse *response)
{
	gsize len = 0;
	const gchar *data = g_bytes_get_data(response->body, &len);

	if (len == 0 || (response->content_type != NULL &&
			 strstr(response->content_type, "json") == NULL))
		return;
	response->doc = otd_json_doc_parse(data, len, &response->parse_error);
	response->parsed = TRUE;
}

static void
otd_rest_complete(GTask *task)
{
	OtdRestCall *call = g_task_get_task_data(task);
	guint status = soup_message_get_status(call->msg);
	const gchar *ctype =
	    soup_message_headers_get_content_type(soup_message_get_response_headers(call->msg), NULL);
	g_autoptr(OtdRestResponse) response = g_new0(OtdRestResponse, 1);
	guint retry_ms = 0;

	/* an https answer without a TLS peer never came from the API: a proxy refused the tunnel */
	if (g_str_has_prefix(call->rest->url, "https:") &&
	    soup_message_get_tls_peer_certificate(call->msg) == NULL) {
		otd_rest_return_error(task,
				      g_error_new(OTD_ERROR, OTD_ERROR_NOT_REACHABLE,
						  "%s %s: the proxy refused to connect to the API "
						  "(HTTP %u %s)",
						  call->method, call->path, status,
						  soup_message_get_reason_phrase(call->msg) != NULL
						      ? soup_message_get_reason_phrase(call->msg)
						      : ""));
		return;
	}
	/* a connection closed before the announced length: libsoup reports it as an end (the
	 * length counts encoded bytes, so only a body sent as it is can be compared) */
	if (soup_message_headers_get_encoding(soup_message_get_response_headers(call->msg)) ==
		SOUP_ENCODING_CONTENT_LENGTH &&
	    soup_message_headers_get_one(soup_message_get_response_headers(call->msg),
					 "Content-Encoding") == NULL &&
	    (goffset)call->buf->len <
		soup_message_headers_get_content_length(soup_message_get_response_headers(call->msg))) {
		otd_rest_return_error(
		    task, g_error_new(OTD_ERROR, OTD_ERROR_NOT_REACHABLE,
				      "%s %s: the connection closed after %u of %" G_GOFFSET_FORMAT
				      " bytes of the answer",
				      call->method, call->path, call->buf->len,
				      soup_message_headers_get_content_length(
					  soup_message_get_response_headers(call->msg))));
		return;
	}
	response->status = status;
	response->content_type = ctype != NULL ? g_ascii_strdown(ctype, -1) : NULL;
	response->body = g_byte_array_free_to_bytes(g_steal_pointer(&call->buf));
	g_debug("%s %s -> %u (%" G_GSIZE_FORMAT " bytes)", call->method, call->path, status,
		g_bytes_get_size(response->body));
	if ((status == 502 || status == 503 || status == 504) &&
	    otd_rest_schedule_retry(task, otd_rest_backoff_ms(call)))
		return;
	if (status == 429 && otd_rest_retry_after_ms(call->msg, &retry_ms) &&
	    otd_rest_schedule_retry(task, retry_ms))
		return;
	if (status < 200 || status >= 300) {
		GError *error = NULL;
		otd_rest_set_status_error(status, response->content_type, response->body, &error);
		if (status == 401 || status == 403)
			otd_rest_add_clock_hint(call->msg, error);
		otd_rest_return_error(task, error);
	} else {
		otd_rest_parse_in_worker(response);
		otd_rest_answer(task, g_steal_pointer(&response), NULL);
	}
}

static void
otd_rest_read_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GTask *task = user_data;
	OtdRestCall *call = g_task_get_task_data(task);
	GError *error = NULL;
	g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish(G_INPUT_STREAM(source), result,
								   &error);

	if (chunk == NULL) {
		otd_rest_return_error(task, error);
		return;
	}
	if (g_bytes_get_size(chunk) == 0) {
		otd_rest_complete(task);
		return;
	}
	if (call->buf->len + g_bytes_get_size(chunk) > call->rest->max_response_bytes) {
		g_cancellable_cancel(call->cancellable);
		otd_rest_return_error(task, g_error_new(OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
							"%s %s: answer larger than %" G_GUINT64_FORMAT
							" bytes",
							call->method, call->path,
							call->rest->max_response_bytes));
		return;
	}
	g_byte_array_append(call->buf, g_bytes_get_data(chunk, NULL),
			    (guint)g_bytes_get_size(chunk));
	g_input_stream_read_bytes_async(call->stream, OTD_REST_READ_CHUNK, G_PRIORITY_DEFAULT,
					call->cancellable, otd_rest_read_cb, task);
}

static gboolean
otd_rest_is_connect_failure(const GError *error)
{
	if (error->domain == G_RESOLVER_ERROR)
		return TRUE;
	return g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

static void
otd_rest_sent_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GTask *task = user_data;
	OtdRestCall *call = g_task_get_task_data(task);
	GError *error = NULL;

	call->stream = soup_session_send_finish(SOUP_SESSION(source), result, &error);
	if (call->stream == NULL) {
		if (!call->timed_out && otd_rest_is_connect_failure(error) &&
		    otd_rest_schedule_retry(task, otd_rest_backoff_ms(call))) {
			g_error_free(error);
			return;
		}
		otd_rest_return_error(task, error);
		return;
	}
	call->buf = g_byte_array_new();
	g_input_stream_read_bytes_async(call->stream, OTD_REST_READ_CHUNK, G_PRIORITY_DEFAULT,
					call->cancellable, otd_rest_read_cb, task);
}

static void
otd_rest_attempt_start(GTask *task)
{
	OtdRestCall *call = g_task_get_task_data(task);
	OtdRest *rest = call->rest;
	g_autofree gchar *uri = g_strconcat(rest->url, call->path, NULL);
	g_autofree gchar *jwt = otd_auth_jwt_new(rest->api_key, rest->secret);
	SoupMessageHeaders *hdrs;

	call->attempt++;
	g_mutex_lock(&rest->count_lock);
	rest->request_count++;
	g_mutex_unlock(&rest->count_lock);
	call->msg = soup_message_new(call->method, uri);
	if (call->msg == NULL) {
		otd_rest_return_error(task, g_error_new(OTD_ERROR, OTD_ERROR_INVALID_ARGS,
							"invalid request URL for %s", call->path));
		return;
	}
	hdrs = soup_message_get_request_headers(call->msg);
	soup_message_headers_replace(hdrs, "X-OPENTOK-AUTH", jwt);
	soup_message_headers_replace(hdrs, "Accept", "application/json");
	if (call->body != NULL)
		soup_message_set_request_body_from_bytes(call->msg, call->content_type, call->body);
	explicit_bzero(jwt, strlen(jwt));
	soup_session_send_async(rest->session, call->msg, G_PRIORITY_DEFAULT, call->cancellable,
				otd_rest_sent_cb, task);
}

static gboolean
otd_rest_cancel_cb(gpointer user_data)
{
	otd_rest_call_cancel(G_TASK(user_data));
	return G_SOURCE_REMOVE;
}

/*
 * Runs in the thread that cancels, normally the main thread. The caller is answered here
 * and now, as when the session lived in the main thread: the daemon's shutdown cancels its
 * calls and then drains the main loop without blocking, and must find the answers there.
 * Cancelling our own cancellable here would run libsoup's handlers beside the worker, so
 * stopping the I/O is passed on to the worker; the task reference keeps the call alive until
 * it has done so.
 */
static void
otd_rest_caller_cancelled_cb(GCancellable *cancellable, gpointer user_data)
{
	GTask *task = user_data;
	OtdRestCall *call = g_task_get_task_data(task);

	g_debug("%s %s cancelled by the caller", call->method, call->path);
	otd_rest_task_return(task, NULL,
			     g_error_new(OTD_ERROR, OTD_ERROR_CANCELLED,
					 "request %s %s was cancelled", call->method, call->path));
	g_main_context_invoke_full(call->rest->context, G_PRIORITY_DEFAULT, otd_rest_cancel_cb,
				   g_object_ref(task), g_object_unref);
}

/* the worker's side of otd_rest_request_async(): takes the task reference */
static gboolean
otd_rest_start_cb(gpointer user_data)
{
	GTask *task = user_data;
	OtdRestCall *call = g_task_get_task_data(task);
	OtdRest *rest = call->rest;
	gint64 left_us = MAX(call->deadline_us - g_get_monotonic_time(), 0);

	g_hash_table_add(rest->calls, task);
	/* shutting down, or the caller cancelled before the worker got here */
	if (rest->closing || g_atomic_int_get(&call->returned)) {
		otd_rest_return_error(task, g_error_new_literal(G_IO_ERROR, G_IO_ERROR_CANCELLED,
								"cancelled"));
		return G_SOURCE_REMOVE;
	}
	call->deadline = g_timeout_source_new((guint)(left_us / 1000));
	g_source_set_callback(call->deadline, otd_rest_deadline_cb, task, NULL);
	g_source_attach(call->deadline, rest->context);
	otd_rest_attempt_start(task);
	return G_SOURCE_REMOVE;
}

void
otd_rest_request_async(OtdRest *rest, const gchar *method, const gchar *path,
		       const gchar *content_type, GBytes *body, GCancellable *cancellable,
		       GAsyncReadyCallback callback, gpointer user_data)
{
	/* created here, so that GTask delivers the callback in the caller's context; with the
	 * caller's cancellable, GTask never runs the callback inside its "cancelled" signal */
	GTask *task = g_task_new(NULL, cancellable, callback, user_data);
	OtdRestCall *call = g_new0(OtdRestCall, 1);

	g_task_set_check_cancellable(task, FALSE);
	g_task_set_source_tag(task, otd_rest_request_async);
	call->rest = rest;
	call->method = g_strdup(method);
	call->path = g_strdup(path);
	call->content_type = g_strdup(content_type);
	call->body = body != NULL ? g_bytes_ref(body) : NULL;
	call->cancellable = g_cancellable_new();
	call->caller_cancellable = cancellable != NULL ? g_object_ref(cancellable) : NULL;
	/* the deadline counts from the caller's request, not from when the worker gets to it */
	call->deadline_us = g_get_monotonic_time() + (gint64)rest->timeout_ms * 1000;
	g_task_set_task_data(task, call, (GDestroyNotify)otd_rest_call_free);
	/* connected before the worker can see the call, which disconnects it when done; if
	 * already cancelled, the handler answers now (GTask defers the callback) */
	if (cancellable != NULL)
		call->caller_handler = g_cancellable_connect(
		    cancellable, G_CALLBACK(otd_rest_caller_cancelled_cb), task, NULL);
	/* the worker's context runs sources of one priority in the order they came, so this
	 * start always precedes a later shutdown */
	g_main_context_invoke(rest->context, otd_rest_start_cb, task);
}

OtdRestResponse *
otd_rest_request_finish(OtdRest *rest, GAsyncResult *result, GError **error)
{
	return g_task_propagate_pointer(G_TASK(result), error);
}

void
otd_rest_json_async(OtdRest *rest, const gchar *method, const gchar *path, JsonObject *body,
		    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GBytes) bytes = NULL;

	if (body != NULL) {
		g_autoptr(JsonNode) root = json_node_init_object(json_node_alloc(), body);
		gsize len = 0;
		gchar *text = json_to_string(root, FALSE);
		len = strlen(text);
		bytes = g_bytes_new_take(text, len);
	}
	otd_rest_request_async(rest, method, path, body != NULL ? "application/json" : NULL, bytes,
			       cancellable, callback, user_data);
}

OtdJsonDoc *
otd_rest_response_parse(OtdRestResponse *response, GError **error)
{
	gsize len = 0;
	const gchar *data = g_bytes_get_data(response->body, &len);
	OtdJsonDoc *doc;

	if (len == 0)
		return NULL;
	/* what the REST thread parsed is taken once; a second call parses again */
	if (response->parsed && (response->doc != NULL || response->parse_error != NULL)) {
		response->parsed = FALSE;
		doc = g_steal_pointer(&response->doc);
		if (doc == NULL)
			g_propagate_error(error, g_steal_pointer(&response->parse_error));
	} else {
		doc = otd_json_doc_parse(data, len, error);
	}
	if (doc == NULL) {
		g_prefix_error(error, "the API answered HTTP %u with invalid JSON: ",
			       response->status);
		otd_error_convert(error);
	}
	return doc;
}
