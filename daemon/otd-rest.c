/*
 * The REST client: keep-alive connections, a fresh auth JWT per attempt, a total deadline
 * per call, bounded answers, and the status -> error table.
 *
 * Threads. Each call runs, from the first attempt to its answer, in a thread of a pool
 * (at most [API] MaxConnections of them, started on demand, see otd_rest_submit()) with
 * libsoup's blocking API.
 * On our machines a system call costs several microseconds, and libsoup's non-blocking
 * path spends about forty of them per request (main-loop wake-ups for its sources, socket
 * probes) where the blocking one spends about ten; the blocking path also leaves the bus
 * thread alone while answers arrive in bulk. The sessions are made, configured and
 * dropped in one more thread, the session thread, since libsoup allows sending from any
 * thread and nothing else; it also closes idle connections (otd_rest_idle_check_cb()) and
 * starts the pool's threads (otd_rest_spawner_dispatch()), at the pool's nice value. A
 * call's deadline is kept in the caller's context (one timer for all of them, see
 * otd_rest_deadlines_dispatch()), and the caller's callback runs there too (see
 * otd_rest_task_return()).
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

#define OTD_REST_READ_CHUNK 16384
/* the REST threads' nice value, relative to the bus thread's 0 */
#define OTD_REST_THREAD_NICE  5
#define OTD_REST_MAX_ATTEMPTS 3
#define OTD_REST_MAX_MESSAGE  512
/* a Date header this far from our clock is worth mentioning on an auth failure */
#define OTD_REST_CLOCK_SKEW_HINT 30
/* connections unused this long are closed (checked every OTD_REST_IDLE_CHECK_S) */
#define OTD_REST_IDLE_CLOSE_S 60
#define OTD_REST_IDLE_CHECK_S 20
/* more connections than this, with a quarter of them or less used in a whole check
 * interval, are closed too: libsoup probes every idle connection before each request */
#define OTD_REST_SPARE_CONNECTIONS 8
#define OTD_REST_SURPLUS_TRIES	   50
/* a pool thread with no call for this long ends, unless it can be one of the few spares,
 * which wait this much longer */
#define OTD_REST_WORKER_IDLE_US	  (G_USEC_PER_SEC / 2)
#define OTD_REST_SPARE_IDLE_US	  (15 * G_USEC_PER_SEC)
#define OTD_REST_SPARE_WORKERS	  2

/*
 * What a call works with, fixed when it starts: a reconfiguration makes a new one (with a
 * new session), and calls in flight finish with the one they started with. Shared between
 * threads, never changed after it is made; the last reference may go in any thread, and
 * the session is then dropped in the session thread.
 */
typedef struct {
	gint ref; /* atomic */
	SoupSession *session;
	GThread *session_thread;
	GMainContext *session_context;
	gchar *api_key;
	OtdSecret *secret;
	gchar *url; /* without a trailing slash */
	gboolean https;
	guint timeout_ms;
	guint64 max_response_bytes;
} OtdRestConf;

struct _OtdRest {
	/* the session thread */
	GThread *thread;
	GMainContext *context;
	GMainLoop *loop;
	SoupSession *live_session; /* the newest session; session thread only */
	gint64 idle_closed_at;	   /* the last_used_us at the last close; session thread only */
	/* the most calls at once since its connections were last closed, which is about how
	 * many connections libsoup keeps open; session thread only */
	gint conns_seen;
	/* calls hold it for reading while they use a session, the idle check for writing */
	GRWLock send_lock;
	gint64 last_used_us; /* atomic (__atomic builtins): when a call last let go of one */
	gint in_use;	     /* atomic: the calls holding send_lock */
	gint peak_in_use;    /* atomic: the most of them at once since the last check */
	/* the calls' threads: they take the calls from @tasks; the session thread starts them
	 * (@spawner), never the callers' thread */
	GAsyncQueue *tasks; /* GTask references, and otd_rest_stop to end a thread */
	GSource *spawner;
	gint workers;  /* atomic: the threads alive, or being started */
	gint starting; /* atomic: of those, the ones not yet waiting for a call */
	GMutex workers_lock;
	GCond workers_cond; /* signalled as each thread ends */
	guint spares;	    /* under workers_lock: threads in their long wait */
	guint max_connections;
	/* read and replaced in the caller's thread only */
	OtdRestConf *conf;
	/* the calls started and not finished yet, for shutdown */
	GMutex calls_lock;
	GHashTable *calls;
	gint closing; /* atomic */
	GMutex count_lock;
	guint64 request_count;
	/* the pool's answers wait here for the context otd_rest_new() was called in, which
	 * takes a few at a time (otd_rest_delivery_dispatch()) */
	GMainContext *caller_context;
	GSource *delivery;
	GAsyncQueue *delivered;
	/* the deadlines of the calls made from that context, soonest first, and the one timer
	 * that fires at the first: a timer per call would put hundreds of sources in the loop
	 * that serves the bus, and GLib walks all of them on every iteration */
	GMutex deadlines_lock;
	GQueue deadlines; /* GTask references */
	GSource *deadline_timer;
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
static void
otd_rest_deadline_forget(GTask *task);
static gboolean
otd_rest_deadlines_dispatch(gpointer user_data);
static GSourceFuncs otd_rest_timer_funcs;

typedef struct {
	OtdRest *rest;
	OtdRestConf *conf; /* released in the pool thread when the call is done */
	gchar *method;
	gchar *path;
	gchar *content_type;
	GBytes *body;
	GCancellable *cancellable; /* ours: the deadline, the caller and shutdown cancel it */
	gulong caller_handler;
	GCancellable *caller_cancellable;
	GSource *deadline; /* a timer of its own, for a caller in another context */
	GList *deadline_link; /* in rest->deadlines, under its lock */
	gint timed_out;	   /* atomic */
	gint returned;	   /* atomic: the task has returned, from the pool or a canceller */
	gint64 deadline_us;
	guint attempt;
	SoupMessage *msg;
} OtdRestCall;

static OtdRestConf *
otd_rest_conf_ref(OtdRestConf *conf)
{
	g_atomic_int_inc(&conf->ref);
	return conf;
}

static gboolean
otd_rest_session_unref_cb(gpointer user_data)
{
	g_object_unref(user_data);
	return G_SOURCE_REMOVE;
}

static void
otd_rest_conf_unref(OtdRestConf *conf)
{
	if (conf == NULL || !g_atomic_int_dec_and_test(&conf->ref))
		return;
	if (conf->session != NULL) {
		if (g_thread_self() == conf->session_thread)
			g_object_unref(conf->session);
		else
			g_main_context_invoke(conf->session_context, otd_rest_session_unref_cb,
					      conf->session);
	}
	g_main_context_unref(conf->session_context);
	otd_secret_free(conf->secret);
	g_free(conf->api_key);
	g_free(conf->url);
	g_free(conf);
}

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
 * The task's last reference may go in any thread, so this frees plain data only: what
 * belongs to the session and the caller's context went in otd_rest_call_release(), before
 * the task returned.
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
/*
 * [API] Proxy, else the environment's https_proxy (http_proxy for an http API URL) and
 * no_proxy. The desktop's proxy settings (libproxy, dconf) mean nothing to a system
 * service, so GIO's default resolver is not used.
 */
static void
otd_rest_setup_proxy(SoupSession *session, const gchar *url, const OtdConfig *config)
{
	const gchar *proxy = config->proxy;
	g_autoptr(GProxyResolver) resolver = NULL;
	g_auto(GStrv) ignore = NULL;

	if (proxy == NULL)
		proxy = otd_rest_getenv(g_str_has_prefix(url, "https:") ? "https_proxy"
									: "http_proxy");
	if (proxy == NULL) {
		soup_session_set_proxy_resolver(session, NULL);
		return;
	}
	if (otd_rest_getenv("no_proxy") != NULL)
		ignore = g_strsplit(otd_rest_getenv("no_proxy"), ",", -1);
	for (guint i = 0; ignore != NULL && ignore[i] != NULL; i++)
		g_strstrip(ignore[i]);
	resolver = g_simple_proxy_resolver_new(proxy, ignore);
	soup_session_set_proxy_resolver(session, resolver);
}

/* a new configuration; its session is made by otd_rest_session_cb(), in the session thread */
static OtdRestConf *
otd_rest_conf_new(OtdRest *rest, const OtdConfig *config, OtdSecret *secret)
{
	OtdRestConf *conf = g_new0(OtdRestConf, 1);

	conf->ref = 1;
	conf->session_thread = rest->thread;
	conf->session_context = g_main_context_ref(rest->context);
	conf->secret = secret;
	conf->api_key = g_strdup(config->api_key);
	conf->url = g_strdup(config->api_url);
	while (g_str_has_suffix(conf->url, "/"))
		conf->url[strlen(conf->url) - 1] = '\0';
	conf->https = g_str_has_prefix(conf->url, "https:");
	conf->timeout_ms = config->timeout_sec * 1000;
	conf->max_response_bytes = config->max_response_bytes;
	return conf;
}

typedef struct {
	OtdRest *rest;
	const OtdConfig *config;
	OtdRestConf *conf;
	GError *error;
	gboolean done;
	GMutex mutex;
	GCond cond;
} OtdRestSessionJob;

/* the session of @job's configuration, or NULL for the shutdown's job, which ends the loop */
static gboolean
otd_rest_session_cb(gpointer user_data)
{
	OtdRestSessionJob *job = user_data;
	const OtdConfig *config = job->config;

	if (config != NULL) {
		g_autofree gchar *ua = otd_rest_user_agent(config);
		/* the deadline is ours (total per call); libsoup's own timeouts stay off */
		g_autoptr(SoupSession) session = soup_session_new_with_options(
		    "max-conns", (gint)job->rest->max_connections, "max-conns-per-host",
		    (gint)job->rest->max_connections, "user-agent", ua, "timeout", 0,
		    "idle-timeout", 0, NULL);
		g_autoptr(GTlsDatabase) db = NULL;

		if (config->ca_file != NULL)
			db = g_tls_file_database_new(config->ca_file, &job->error);
		if (config->ca_file != NULL && db == NULL) {
			g_prefix_error(&job->error, "[API] CAFile=%s: ", config->ca_file);
			otd_error_convert(&job->error);
		} else {
			if (db != NULL)
				soup_session_set_tls_database(session, db);
			otd_rest_setup_proxy(session, job->conf->url, config);
			g_set_object(&job->rest->live_session, session);
			job->rest->conns_seen = 0;
			job->conf->session = g_steal_pointer(&session);
		}
	} else {
		g_clear_object(&job->rest->live_session);
		g_main_loop_quit(job->rest->loop);
	}
	g_mutex_lock(&job->mutex);
	job->done = TRUE;
	g_cond_signal(&job->cond);
	g_mutex_unlock(&job->mutex);
	return G_SOURCE_REMOVE;
}

/*
 * Runs otd_rest_session_cb() in the session thread and waits for it: libsoup wants a
 * session configured in the thread that made it. That thread never waits for another, so
 * this cannot deadlock; it blocks the caller for one dispatch of that thread at most.
 */
static gboolean
otd_rest_session_run(OtdRest *rest, const OtdConfig *config, OtdRestConf *conf,
		     GError **error)
{
	OtdRestSessionJob job = {.rest = rest, .config = config, .conf = conf};

	g_mutex_init(&job.mutex);
	g_cond_init(&job.cond);
	g_main_context_invoke(rest->context, otd_rest_session_cb, &job);
	g_mutex_lock(&job.mutex);
	while (!job.done)
		g_cond_wait(&job.cond, &job.mutex);
	g_mutex_unlock(&job.mutex);
	g_cond_clear(&job.cond);
	g_mutex_clear(&job.mutex);
	if (job.error != NULL) {
		g_propagate_error(error, job.error);
		return FALSE;
	}
	return TRUE;
}

/* the check's period; tests shorten it */
static guint otd_rest_check_ms = OTD_REST_IDLE_CHECK_S * 1000;

void
otd_rest_set_check_interval_for_tests(guint ms)
{
	otd_rest_check_ms = ms;
}

/*
 * libsoup's own idle timeout re-arms a timer in the session's context twice per request,
 * and each re-arm wakes this thread; instead, this closes the newest session's connections
 * once no call has used one for OTD_REST_IDLE_CLOSE_S, and none is using one now. It also
 * closes them when many were opened (a burst) and few calls have run at once since: libsoup
 * looks at every idle connection, one system call each, before each request, so that each
 * call would otherwise pay for the whole burst's connections until they all went idle,
 * which steady calls never let happen. Closing takes the connections in use too, so it
 * waits for a moment with none.
 */
static gboolean
otd_rest_idle_check_cb(gpointer user_data)
{
	OtdRest *rest = user_data;
	gint64 last_used = __atomic_load_n(&rest->last_used_us, __ATOMIC_RELAXED);
	gint recent = g_atomic_int_exchange(&rest->peak_in_use, g_atomic_int_get(&rest->in_use));
	gboolean idle, surplus;

	if (rest->live_session == NULL)
		return G_SOURCE_CONTINUE;
	rest->conns_seen = MAX(rest->conns_seen, recent);
	idle = last_used != rest->idle_closed_at &&
	       g_get_monotonic_time() - last_used >= OTD_REST_IDLE_CLOSE_S * G_USEC_PER_SEC;
	surplus = rest->conns_seen > OTD_REST_SPARE_CONNECTIONS && recent * 4 <= rest->conns_seen;
	if (!idle && !surplus)
		return G_SOURCE_CONTINUE;
	/* calls one after another leave short gaps: look for one for up to about 50 ms (only
	 * this thread waits, and it has nothing else to do but configure sessions) */
	for (guint i = 0; !g_rw_lock_writer_trylock(&rest->send_lock); i++) {
		if (!surplus || i == OTD_REST_SURPLUS_TRIES)
			return G_SOURCE_CONTINUE;
		g_usleep(1000);
	}
	if (idle)
		g_debug("closing the API connections, idle for %d s or more", OTD_REST_IDLE_CLOSE_S);
	else
		g_debug("closing the API connections: up to %d were in use at once, at most %d in "
			"the last %u ms",
			rest->conns_seen, recent, otd_rest_check_ms);
	soup_session_abort(rest->live_session);
	rest->idle_closed_at = last_used;
	rest->conns_seen = 0;
	g_rw_lock_writer_unlock(&rest->send_lock);
	return G_SOURCE_CONTINUE;
}

static gpointer
otd_rest_thread(gpointer user_data)
{
	OtdRest *rest = user_data;
	g_autoptr(GSource) idle_check = g_timeout_source_new(otd_rest_check_ms);

	g_source_set_callback(idle_check, otd_rest_idle_check_cb, rest, NULL);
	g_source_attach(idle_check, rest->context);
	/* it starts the pool's threads, hundreds in a burst: the bus thread goes first */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), OTD_REST_THREAD_NICE) < 0)
		g_debug("cannot lower the REST session thread's priority: %s", g_strerror(errno));
	/* libsoup takes the thread-default context for the session's sources */
	g_main_context_push_thread_default(rest->context);
	g_main_loop_run(rest->loop);
	g_source_destroy(idle_check);
	/* what the sessions' last unrefs scheduled, while the context is still ours */
	while (g_main_context_iteration(rest->context, FALSE))
		;
	g_main_context_pop_thread_default(rest->context);
	return NULL;
}

static void
otd_rest_pool_run(gpointer data, gpointer user_data);

/* what a thread of the pool finds in the queue when it is to end */
static gint otd_rest_stop;

/* a thread that has waited for a call for a while: may it wait longer, as a spare? */
static gboolean
otd_rest_worker_may_stay(OtdRest *rest)
{
	gboolean stay;

	g_mutex_lock(&rest->workers_lock);
	stay = rest->spares < OTD_REST_SPARE_WORKERS && !g_atomic_int_get(&rest->closing);
	if (stay)
		rest->spares++;
	g_mutex_unlock(&rest->workers_lock);
	return stay;
}

static gpointer
otd_rest_worker(gpointer user_data)
{
	OtdRest *rest = user_data;
	gboolean spare = FALSE;

	/* when the CPUs are short, the bus thread (calls answered at once, like GenerateToken)
	 * goes before these (answers that waited for the network anyway); refused in a sandbox
	 * without @resources, which only costs that preference */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), OTD_REST_THREAD_NICE) < 0)
		g_debug("cannot lower a REST thread's priority: %s", g_strerror(errno));
	g_atomic_int_add(&rest->starting, -1);
	for (;;) {
		gpointer item = g_async_queue_timeout_pop(
		    rest->tasks, spare ? OTD_REST_SPARE_IDLE_US : OTD_REST_WORKER_IDLE_US);

		if (item == &otd_rest_stop || (item == NULL && spare))
			break;
		if (item == NULL) {
			if (!otd_rest_worker_may_stay(rest))
				break;
			spare = TRUE;
			continue;
		}
		if (spare) {
			g_mutex_lock(&rest->workers_lock);
			rest->spares--;
			g_mutex_unlock(&rest->workers_lock);
			spare = FALSE;
		}
		otd_rest_pool_run(item, rest);
	}
	/* nothing of @rest is touched after the unlock: otd_rest_free() may free it then */
	g_mutex_lock(&rest->workers_lock);
	if (spare)
		rest->spares--;
	g_atomic_int_add(&rest->workers, -1);
	g_cond_broadcast(&rest->workers_cond);
	g_mutex_unlock(&rest->workers_lock);
	return NULL;
}

/*
 * In the session thread: starts a pool thread for each call waiting without one, up to
 * MaxConnections in all. Starting a thread costs 100-200 µs of the starting thread on our
 * machines; the 256 threads of a burst, started by the bus thread, held it for about
 * 150 ms, and a GenerateToken waited that long.
 */
static gboolean
otd_rest_spawner_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	OtdRest *rest = user_data;

	g_source_set_ready_time(source, -1);
	for (;;) {
		g_autoptr(GError) error = NULL;
		GThread *thread;

		/* under the lock: otd_rest_free() then either waits for this thread or has
		 * set "closing" first, and the queue is still there */
		g_mutex_lock(&rest->workers_lock);
		if (g_atomic_int_get(&rest->closing) ||
		    g_async_queue_length(rest->tasks) <= g_atomic_int_get(&rest->starting) ||
		    g_atomic_int_get(&rest->workers) >= (gint)rest->max_connections) {
			g_mutex_unlock(&rest->workers_lock);
			break;
		}
		g_atomic_int_inc(&rest->workers);
		g_atomic_int_inc(&rest->starting);
		g_mutex_unlock(&rest->workers_lock);
		thread = g_thread_try_new("otd-rest-call", otd_rest_worker, rest, &error);
		if (thread == NULL) {
			/* the calls wait for the threads there are, or their deadline */
			g_warning("cannot start a thread for API calls: %s", error->message);
			g_mutex_lock(&rest->workers_lock);
			g_atomic_int_add(&rest->starting, -1);
			g_atomic_int_add(&rest->workers, -1);
			g_cond_broadcast(&rest->workers_cond);
			g_mutex_unlock(&rest->workers_lock);
			break;
		}
		g_thread_unref(thread);
	}
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs otd_rest_spawner_funcs = {
    .dispatch = otd_rest_spawner_dispatch,
};

/*
 * Hands @task (a reference) to the pool. A thread waiting for a call takes it; when none
 * is, the session thread is asked for one more, and the caller's thread goes on at once.
 */
static void
otd_rest_submit(OtdRest *rest, GTask *task)
{
	g_async_queue_push(rest->tasks, task);
	if (g_async_queue_length(rest->tasks) > 0 &&
	    g_atomic_int_get(&rest->workers) < (gint)rest->max_connections)
		g_source_set_ready_time(rest->spawner, 0);
}

OtdRest *
otd_rest_new(const OtdConfig *config, OtdSecret *secret, GError **error)
{
	g_autoptr(OtdRest) rest = g_new0(OtdRest, 1);
	OtdRestConf *conf;

	g_mutex_init(&rest->count_lock);
	g_mutex_init(&rest->calls_lock);
	g_mutex_init(&rest->workers_lock);
	g_cond_init(&rest->workers_cond);
	g_rw_lock_init(&rest->send_lock);
	rest->calls = g_hash_table_new(NULL, NULL);
	rest->max_connections = MAX(config->max_connections, 1);
	rest->delivered = g_async_queue_new();
	rest->caller_context = g_main_context_ref_thread_default();
	rest->delivery = g_source_new(&otd_rest_delivery_funcs, sizeof(OtdRestDeliverySource));
	((OtdRestDeliverySource *)rest->delivery)->queue = g_async_queue_ref(rest->delivered);
	g_source_set_name(rest->delivery, "otd-rest answers");
	g_source_attach(rest->delivery, rest->caller_context);
	g_mutex_init(&rest->deadlines_lock);
	g_queue_init(&rest->deadlines);
	rest->deadline_timer = g_source_new(&otd_rest_timer_funcs, sizeof(GSource));
	g_source_set_ready_time(rest->deadline_timer, -1);
	g_source_set_callback(rest->deadline_timer, otd_rest_deadlines_dispatch, rest, NULL);
	g_source_set_name(rest->deadline_timer, "otd-rest deadlines");
	g_source_attach(rest->deadline_timer, rest->caller_context);
	rest->context = g_main_context_new();
	rest->loop = g_main_loop_new(rest->context, FALSE);
	/* threads are started as calls need them, and end when idle */
	rest->tasks = g_async_queue_new();
	rest->spawner = g_source_new(&otd_rest_spawner_funcs, sizeof(GSource));
	g_source_set_ready_time(rest->spawner, -1);
	g_source_set_callback(rest->spawner, NULL, rest, NULL);
	g_source_set_name(rest->spawner, "otd-rest threads");
	g_source_attach(rest->spawner, rest->context);
	rest->thread = g_thread_new("otd-rest", otd_rest_thread, rest);
	conf = otd_rest_conf_new(rest, config, secret);
	if (!otd_rest_session_run(rest, config, conf, error)) {
		otd_rest_conf_unref(conf);
		return NULL;
	}
	rest->conf = conf;
	return g_steal_pointer(&rest);
}

gboolean
otd_rest_reconfigure(OtdRest *rest, const OtdConfig *config, OtdSecret *secret, GError **error)
{
	OtdRestConf *conf = otd_rest_conf_new(rest, config, secret);

	if (!otd_rest_session_run(rest, config, conf, error)) {
		otd_rest_conf_unref(conf);
		return FALSE;
	}
	if (MAX(config->max_connections, 1) != rest->max_connections)
		g_warning("[API] MaxConnections changes take effect at the next start, ignoring");
	otd_rest_conf_unref(rest->conf);
	rest->conf = conf;
	return TRUE;
}

/*
 * Every call still running is cancelled and answers "cancelled" to its caller; the
 * answers reach the callers' context after otd_rest_free() returns, when it next iterates.
 */
void
otd_rest_free(OtdRest *rest)
{
	if (rest == NULL)
		return;
	if (rest->tasks != NULL) {
		g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func(g_object_unref);
		GHashTableIter iter;
		gpointer task, item;

		g_mutex_lock(&rest->calls_lock);
		g_atomic_int_set(&rest->closing, TRUE);
		g_hash_table_iter_init(&iter, rest->calls);
		while (g_hash_table_iter_next(&iter, &task, NULL))
			g_ptr_array_add(tasks, g_object_ref(task));
		g_mutex_unlock(&rest->calls_lock);
		for (guint i = 0; i < tasks->len; i++) {
			OtdRestCall *call = g_task_get_task_data(g_ptr_array_index(tasks, i));
			g_cancellable_cancel(call->cancellable);
		}
		/* the calls queued still run, see "closing" and answer at once; then each thread
		 * finds a stop, one that the session thread was starting just now included */
		for (guint i = 0; i < rest->max_connections; i++)
			g_async_queue_push(rest->tasks, &otd_rest_stop);
		g_mutex_lock(&rest->workers_lock);
		while (g_atomic_int_get(&rest->workers) > 0)
			g_cond_wait(&rest->workers_cond, &rest->workers_lock);
		g_mutex_unlock(&rest->workers_lock);
		/* what no thread took: stops left over, or calls when no thread could start */
		while ((item = g_async_queue_try_pop(rest->tasks)) != NULL) {
			if (item != &otd_rest_stop)
				otd_rest_pool_run(item, rest);
		}
		g_clear_pointer(&rest->tasks, g_async_queue_unref);
	}
	g_clear_pointer(&rest->conf, otd_rest_conf_unref);
	if (rest->thread != NULL) {
		otd_rest_session_run(rest, NULL, NULL, NULL);
		g_thread_join(rest->thread);
	}
	if (rest->spawner != NULL)
		g_source_destroy(rest->spawner);
	g_clear_pointer(&rest->spawner, g_source_unref);
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
	if (rest->deadline_timer != NULL) {
		g_source_destroy(rest->deadline_timer);
		g_clear_pointer(&rest->deadline_timer, g_source_unref);
		g_queue_clear_full(&rest->deadlines, g_object_unref);
		g_mutex_clear(&rest->deadlines_lock);
	}
	g_clear_pointer(&rest->caller_context, g_main_context_unref);
	g_clear_pointer(&rest->loop, g_main_loop_unref);
	g_clear_pointer(&rest->context, g_main_context_unref);
	g_clear_pointer(&rest->calls, g_hash_table_unref);
	g_mutex_clear(&rest->calls_lock);
	g_mutex_clear(&rest->count_lock);
	g_mutex_clear(&rest->workers_lock);
	g_cond_clear(&rest->workers_cond);
	g_rw_lock_clear(&rest->send_lock);
	g_free(rest);
}

const gchar *
otd_rest_get_api_key(OtdRest *rest)
{
	return rest->conf->api_key;
}

const gchar *
otd_rest_get_url(OtdRest *rest)
{
	return rest->conf->url;
}

const OtdSecret *
otd_rest_get_secret(OtdRest *rest)
{
	return rest->conf->secret;
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

	g_string_append_uri_escaped(path, rest->conf->api_key, NULL, FALSE);
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

static gboolean
otd_rest_is_connect_failure(const GError *error)
{
	if (error->domain == G_RESOLVER_ERROR)
		return TRUE;
	return g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
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

/* lets go of what the call holds: the session's objects, its configuration, its timer in
 * the caller's context and the caller's cancellable handler; in the pool thread */
static void
otd_rest_call_release(OtdRestCall *call)
{
	/* waits for a handler running in another thread right now: after this, none can */
	if (call->caller_handler != 0)
		g_cancellable_disconnect(call->caller_cancellable, call->caller_handler);
	call->caller_handler = 0;
	/* a timeout source has no file descriptor: destroying it from here wakes no one */
	if (call->deadline != NULL)
		g_source_destroy(call->deadline);
	g_clear_pointer(&call->deadline, g_source_unref);
	g_clear_object(&call->msg);
	g_clear_pointer(&call->conf, otd_rest_conf_unref);
}

/*
 * Returns @task once: the pool and a thread cancelling the caller's cancellable may both
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
otd_rest_task_return(GTask *task, OtdRestResponse *response, GError *error, gboolean from_pool)
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
	if (!from_pool || g_task_get_context(task) != rest->caller_context) {
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
	otd_rest_deadline_forget(delivery->task);
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

/* the one way a call ends in the pool: takes @response or @error */
static void
otd_rest_answer(GTask *task, OtdRestResponse *response, GError *error)
{
	OtdRestCall *call = g_task_get_task_data(task);
	OtdRest *rest = call->rest;

	otd_rest_call_release(call);
	g_mutex_lock(&rest->calls_lock);
	g_hash_table_remove(rest->calls, task);
	g_mutex_unlock(&rest->calls_lock);
	otd_rest_task_return(task, response, error, TRUE);
}

/* turns what went wrong into the error the caller gets */
static GError *
otd_rest_call_error(OtdRestCall *call, GError *error)
{
	if (g_atomic_int_get(&call->timed_out)) {
		g_clear_error(&error);
		g_set_error(&error, OTD_ERROR, OTD_ERROR_TIMED_OUT,
			    "no answer from the API within %u s (%s %s)",
			    call->conf->timeout_ms / 1000, call->method, call->path);
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
	return error;
}

/* runs in the caller's context */
static gboolean
otd_rest_deadline_cb(gpointer user_data)
{
	OtdRestCall *call = g_task_get_task_data(G_TASK(user_data));

	g_atomic_int_set(&call->timed_out, TRUE);
	g_cancellable_cancel(call->cancellable);
	return G_SOURCE_REMOVE;
}

/* a source that only its ready time makes ready: a timeout source would set its own ready
 * time again after each dispatch (its interval, 0 here), and spin */
static gboolean
otd_rest_timer_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	return callback(user_data);
}

static GSourceFuncs otd_rest_timer_funcs = {.dispatch = otd_rest_timer_dispatch};

/* takes the call out of rest->deadlines if it is there; in any thread */
static void
otd_rest_deadline_forget(GTask *task)
{
	OtdRestCall *call = g_task_get_task_data(task);
	OtdRest *rest = call->rest;
	gboolean held = FALSE;

	g_mutex_lock(&rest->deadlines_lock);
	if (call->deadline_link != NULL) {
		g_queue_delete_link(&rest->deadlines, call->deadline_link);
		call->deadline_link = NULL;
		held = TRUE;
	}
	g_mutex_unlock(&rest->deadlines_lock);
	if (held)
		g_object_unref(task);
}

/* in the caller's context: puts the call in order, and brings the timer forward if needed */
static void
otd_rest_deadline_add(OtdRest *rest, GTask *task)
{
	OtdRestCall *call = g_task_get_task_data(task);
	GList *l;
	gint64 ready;

	g_mutex_lock(&rest->deadlines_lock);
	/* calls come in deadline order unless a reload changed the timeout */
	for (l = rest->deadlines.tail; l != NULL; l = l->prev) {
		OtdRestCall *other = g_task_get_task_data(l->data);
		if (other->deadline_us <= call->deadline_us)
			break;
	}
	if (l == NULL) {
		g_queue_push_head(&rest->deadlines, g_object_ref(task));
		call->deadline_link = rest->deadlines.head;
	} else {
		g_queue_insert_after(&rest->deadlines, l, g_object_ref(task));
		call->deadline_link = l->next;
	}
	g_mutex_unlock(&rest->deadlines_lock);
	/* the timer is left armed when the calls end (it fires once and finds nothing), so
	 * that calls one after another do not each move it, which wakes the loop */
	ready = g_source_get_ready_time(rest->deadline_timer);
	if (ready < 0 || call->deadline_us < ready)
		g_source_set_ready_time(rest->deadline_timer, call->deadline_us);
}

static gboolean
otd_rest_deadlines_dispatch(gpointer user_data)
{
	OtdRest *rest = user_data;
	gint64 now = g_get_monotonic_time();
	g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func(g_object_unref);
	gint64 next = -1;

	g_mutex_lock(&rest->deadlines_lock);
	while (rest->deadlines.head != NULL) {
		GTask *task = rest->deadlines.head->data;
		OtdRestCall *call = g_task_get_task_data(task);
		if (call->deadline_us > now) {
			next = call->deadline_us;
			break;
		}
		g_queue_pop_head(&rest->deadlines);
		call->deadline_link = NULL;
		g_ptr_array_add(expired, task);
	}
	g_mutex_unlock(&rest->deadlines_lock);
	g_source_set_ready_time(rest->deadline_timer, next);
	for (guint i = 0; i < expired->len; i++)
		otd_rest_deadline_cb(g_ptr_array_index(expired, i));
	return G_SOURCE_CONTINUE;
}

/* whether another attempt in @delay_ms still fits the call's rules and deadline */
static gboolean
otd_rest_may_retry(OtdRestCall *call, gint64 deadline_us, guint delay_ms)
{
	if (g_strcmp0(call->method, "GET") != 0 || call->attempt >= OTD_REST_MAX_ATTEMPTS)
		return FALSE;
	if (g_get_monotonic_time() + (gint64)delay_ms * 1000 >= deadline_us)
		return FALSE;
	g_debug("%s %s: attempt %u failed, retrying in %u ms", call->method, call->path,
		call->attempt, delay_ms);
	return TRUE;
}

/* sleeps @delay_ms unless the call is cancelled first; FALSE if it was */
static gboolean
otd_rest_wait(GCancellable *cancellable, guint delay_ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)delay_ms * 1000;
	GPollFD pfd;
	gboolean pollable = g_cancellable_make_pollfd(cancellable, &pfd);

	while (!g_cancellable_is_cancelled(cancellable)) {
		gint64 left_ms = (end - g_get_monotonic_time() + 999) / 1000;
		if (left_ms <= 0)
			break;
		if (pollable)
			g_poll(&pfd, 1, (gint)MIN(left_ms, G_MAXINT));
		else
			g_usleep(MIN(left_ms, 10) * 1000);
	}
	if (pollable)
		g_cancellable_release_fd(cancellable);
	return !g_cancellable_is_cancelled(cancellable);
}

/* a JSON answer is parsed here, off the thread that serves the bus */
static void
otd_rest_parse_in_pool(OtdRestResponse *response)
{
	gsize len = 0;
	const gchar *data = g_bytes_get_data(response->body, &len);

	if (len == 0 || (response->content_type != NULL &&
			 strstr(response->content_type, "json") == NULL))
		return;
	response->doc = otd_json_doc_parse(data, len, &response->parse_error);
	response->parsed = TRUE;
}

typedef enum {
	OTD_REST_DONE,
	OTD_REST_RETRY,
} OtdRestOutcome;

/* reads the answer's body whole, within the size limit */
static GByteArray *
otd_rest_read_body(OtdRestCall *call, GInputStream *stream, GError **error)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();
	guint8 chunk[OTD_REST_READ_CHUNK];
	gssize n;

	while ((n = g_input_stream_read(stream, chunk, sizeof chunk, call->cancellable, error)) >
	       0) {
		if (buf->len + (guint64)n > call->conf->max_response_bytes) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
				    "%s %s: answer larger than %" G_GUINT64_FORMAT " bytes",
				    call->method, call->path, call->conf->max_response_bytes);
			return NULL;
		}
		g_byte_array_append(buf, chunk, (guint)n);
	}
	if (n < 0)
		return NULL;
	return g_steal_pointer(&buf);
}

/* one attempt: DONE with an answer or an error, or RETRY after *ret_delay_ms */
static OtdRestOutcome
otd_rest_attempt(OtdRestCall *call, gint64 deadline_us, OtdRestResponse **ret_response,
		 GError **error, guint *ret_delay_ms)
{
	OtdRestConf *conf = call->conf;
	OtdRest *rest = call->rest;
	g_autofree gchar *uri = g_strconcat(conf->url, call->path, NULL);
	g_autofree gchar *jwt = otd_auth_jwt_new(conf->api_key, conf->secret);
	g_autoptr(GInputStream) stream = NULL;
	g_autoptr(GByteArray) buf = NULL;
	g_autoptr(OtdRestResponse) response = NULL;
	SoupMessageHeaders *hdrs;
	const gchar *ctype;
	guint status;
	guint retry_ms = 0;
	gint in_use;

	call->attempt++;
	g_mutex_lock(&rest->count_lock);
	rest->request_count++;
	g_mutex_unlock(&rest->count_lock);
	g_clear_object(&call->msg);
	call->msg = soup_message_new(call->method, uri);
	if (call->msg == NULL) {
		explicit_bzero(jwt, strlen(jwt));
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS, "invalid request URL for %s",
			    call->path);
		return OTD_REST_DONE;
	}
	hdrs = soup_message_get_request_headers(call->msg);
	soup_message_headers_replace(hdrs, "X-OPENTOK-AUTH", jwt);
	soup_message_headers_replace(hdrs, "Accept", "application/json");
	explicit_bzero(jwt, strlen(jwt));
	if (call->body != NULL)
		soup_message_set_request_body_from_bytes(call->msg, call->content_type, call->body);

	g_rw_lock_reader_lock(&rest->send_lock);
	in_use = g_atomic_int_add(&rest->in_use, 1) + 1;
	for (gint peak = g_atomic_int_get(&rest->peak_in_use);
	     in_use > peak && !g_atomic_int_compare_and_exchange(&rest->peak_in_use, peak, in_use);
	     peak = g_atomic_int_get(&rest->peak_in_use))
		;
	stream = soup_session_send(conf->session, call->msg, call->cancellable, error);
	if (stream != NULL) {
		buf = otd_rest_read_body(call, stream, error);
		/* the connection goes back to the pool, or is closed if the body was not read
		 * whole */
		g_input_stream_close(stream, NULL, NULL);
	}
	__atomic_store_n(&rest->last_used_us, g_get_monotonic_time(), __ATOMIC_RELAXED);
	g_atomic_int_add(&rest->in_use, -1);
	g_rw_lock_reader_unlock(&rest->send_lock);
	if (stream == NULL) {
		if (!g_atomic_int_get(&call->timed_out) && otd_rest_is_connect_failure(*error)) {
			*ret_delay_ms = otd_rest_backoff_ms(call);
			if (otd_rest_may_retry(call, deadline_us, *ret_delay_ms)) {
				g_clear_error(error);
				return OTD_REST_RETRY;
			}
		}
		return OTD_REST_DONE;
	}
	if (buf == NULL)
		return OTD_REST_DONE;

	hdrs = soup_message_get_response_headers(call->msg);
	status = soup_message_get_status(call->msg);
	/* an https answer without a TLS peer never came from the API: a proxy refused the tunnel */
	if (conf->https && soup_message_get_tls_peer_certificate(call->msg) == NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_NOT_REACHABLE,
			    "%s %s: the proxy refused to connect to the API (HTTP %u %s)",
			    call->method, call->path, status,
			    soup_message_get_reason_phrase(call->msg) != NULL
				? soup_message_get_reason_phrase(call->msg)
				: "");
		return OTD_REST_DONE;
	}
	/* a connection closed before the announced length: libsoup reports it as an end (the
	 * length counts encoded bytes, so only a body sent as it is can be compared) */
	if (soup_message_headers_get_encoding(hdrs) == SOUP_ENCODING_CONTENT_LENGTH &&
	    soup_message_headers_get_one(hdrs, "Content-Encoding") == NULL &&
	    (goffset)buf->len < soup_message_headers_get_content_length(hdrs)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_NOT_REACHABLE,
			    "%s %s: the connection closed after %u of %" G_GOFFSET_FORMAT
			    " bytes of the answer",
			    call->method, call->path, buf->len,
			    soup_message_headers_get_content_length(hdrs));
		return OTD_REST_DONE;
	}
	ctype = soup_message_headers_get_content_type(hdrs, NULL);
	response = g_new0(OtdRestResponse, 1);
	response->status = status;
	response->content_type = ctype != NULL ? g_ascii_strdown(ctype, -1) : NULL;
	response->body = g_byte_array_free_to_bytes(g_steal_pointer(&buf));
	g_debug("%s %s -> %u (%" G_GSIZE_FORMAT " bytes)", call->method, call->path, status,
		g_bytes_get_size(response->body));
	if (status == 502 || status == 503 || status == 504) {
		*ret_delay_ms = otd_rest_backoff_ms(call);
		if (otd_rest_may_retry(call, deadline_us, *ret_delay_ms))
			return OTD_REST_RETRY;
	}
	if (status == 429 && otd_rest_retry_after_ms(call->msg, &retry_ms) &&
	    otd_rest_may_retry(call, deadline_us, retry_ms)) {
		*ret_delay_ms = retry_ms;
		return OTD_REST_RETRY;
	}
	if (status < 200 || status >= 300) {
		otd_rest_set_status_error(status, response->content_type, response->body, error);
		if (status == 401 || status == 403)
			otd_rest_add_clock_hint(call->msg, *error);
		return OTD_REST_DONE;
	}
	otd_rest_parse_in_pool(response);
	*ret_response = g_steal_pointer(&response);
	return OTD_REST_DONE;
}

/* a call, in a thread of the pool: takes the pool's reference to the task */
static void
otd_rest_pool_run(gpointer data, gpointer user_data)
{
	g_autoptr(GTask) task = data;
	OtdRestCall *call = g_task_get_task_data(task);
	OtdRest *rest = user_data;

	for (;;) {
		OtdRestResponse *response = NULL;
		GError *error = NULL;
		guint delay_ms = 0;

		/* shutting down, or the caller cancelled before the pool got here */
		if (g_atomic_int_get(&rest->closing) || g_cancellable_is_cancelled(call->cancellable) ||
		    g_atomic_int_get(&call->returned)) {
			error = g_error_new_literal(G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
		} else if (otd_rest_attempt(call, call->deadline_us, &response, &error, &delay_ms) ==
			   OTD_REST_RETRY) {
			if (otd_rest_wait(call->cancellable, delay_ms))
				continue;
			error = g_error_new_literal(G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
		}
		if (error != NULL)
			error = otd_rest_call_error(call, error);
		otd_rest_answer(task, response, error);
		return;
	}
}

/*
 * Runs in the thread that cancels, normally the caller's. The caller is answered here and
 * now: the daemon's shutdown cancels its calls and then drains the main loop without
 * blocking, and must find the answers there. The I/O in the pool stops on our cancellable.
 */
static void
otd_rest_caller_cancelled_cb(GCancellable *cancellable, gpointer user_data)
{
	GTask *task = user_data;
	OtdRestCall *call = g_task_get_task_data(task);

	g_debug("%s %s cancelled by the caller", call->method, call->path);
	otd_rest_deadline_forget(task);
	otd_rest_task_return(task, NULL,
			     g_error_new(OTD_ERROR, OTD_ERROR_CANCELLED,
					 "request %s %s was cancelled", call->method, call->path),
			     FALSE);
	g_cancellable_cancel(call->cancellable);
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
	call->conf = otd_rest_conf_ref(rest->conf);
	call->method = g_strdup(method);
	call->path = g_strdup(path);
	call->content_type = g_strdup(content_type);
	call->body = body != NULL ? g_bytes_ref(body) : NULL;
	call->cancellable = g_cancellable_new();
	call->caller_cancellable = cancellable != NULL ? g_object_ref(cancellable) : NULL;
	g_task_set_task_data(task, call, (GDestroyNotify)otd_rest_call_free);
	/* the deadline counts from the caller's request, not from when the pool gets to it */
	call->deadline_us = g_get_monotonic_time() + (gint64)call->conf->timeout_ms * 1000;
	if (g_task_get_context(task) == rest->caller_context) {
		otd_rest_deadline_add(rest, task);
	} else {
		call->deadline = g_timeout_source_new(call->conf->timeout_ms);
		g_source_set_callback(call->deadline, otd_rest_deadline_cb, g_object_ref(task),
				      g_object_unref);
		g_source_attach(call->deadline, g_task_get_context(task));
	}
	g_mutex_lock(&rest->calls_lock);
	g_hash_table_add(rest->calls, task);
	g_mutex_unlock(&rest->calls_lock);
	/* connected before the pool can see the call, which disconnects it when done; if
	 * already cancelled, the handler answers now (GTask defers the callback) */
	if (cancellable != NULL)
		call->caller_handler = g_cancellable_connect(
		    cancellable, G_CALLBACK(otd_rest_caller_cancelled_cb), task, NULL);
	/* the pool's reference */
	otd_rest_submit(rest, task);
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
