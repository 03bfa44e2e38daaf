/*
 * The bus-test environment: a private dbus-daemon, opentok-emulator on 127.0.0.1 and
 * opentokd between them, all real processes. The daemon's log is printed only when a
 * test fails.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <systemd/sd-bus.h>

#include "otk-client.h"

G_BEGIN_DECLS

#define OTD_TEST_KEY	 "123456"
#define OTD_TEST_SECRET	 "1234567890abcdef1234567890abcdef1234567890"

typedef struct {
	gchar *secret;
	gchar *tmpdir;
	GSubprocess *bus;
	gchar *bus_address;
	GSubprocess *emulator;
	gchar *emulator_url;
	GSubprocess *daemon;
	gchar *daemon_log;
	gchar *config_path;
	gchar *plugin_dir;
	SoupSession *http;
	OtkClient *client;
} OtdTestEnv;

/* starts everything; @extra_config is appended to the daemon's configuration file */
OtdTestEnv *
otd_test_env_new(const gchar *extra_config);
/* the same with the API secret @secret instead of the fixture's */
OtdTestEnv *
otd_test_env_new_full(const gchar *extra_config, const gchar *secret);
/* from now on, private buses follow the system bus's rules: deny by default, plus the
 * project's policy file dbus/org.opentokd.OpenTok1.conf */
void
otd_test_env_use_system_policy(gboolean on);
/* from now on, emulators serve https with @cert and @key, and the harness's control calls
 * trust @ca; NULLs go back to plain http */
void
otd_test_env_set_emulator_tls(const gchar *cert, const gchar *key, const gchar *ca);
/* from now on, daemons start with these "NAME=VALUE" variables set (NULL: none) */
void
otd_test_env_set_daemon_env(const gchar *const *vars);
/* OTD_TEST_TIME_FACTOR (a slow test setup such as valgrind's sets it), default 1: every
 * functional time bound and start-up wait is multiplied by it */
guint
otd_test_env_time_factor(void);

/* stops the daemon (asserting a clean exit 0), the emulator and the bus */
void
otd_test_env_free(OtdTestEnv *env);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdTestEnv, otd_test_env_free)

void
otd_test_env_start_daemon(OtdTestEnv *env);
/* SIGTERM, then waits at most @timeout_ms; returns the exit status, or -1 */
gint
otd_test_env_stop_daemon(OtdTestEnv *env, guint timeout_ms);
pid_t
otd_test_env_daemon_pid(OtdTestEnv *env);

/* a new client connection to the test bus (sd_bus_flush_close_unref() it) */
sd_bus *
otd_test_env_open_bus(OtdTestEnv *env);

/* a call to the emulator (control API or REST); @body is JSON text or NULL; returns the
 * parsed answer (NULL when empty) and the HTTP status */
JsonNode *
otd_test_env_http(OtdTestEnv *env, const gchar *method, const gchar *path, const gchar *body,
		  guint *ret_status);
/* the number of API requests the emulator has logged so far */
guint
otd_test_env_request_count(OtdTestEnv *env);
/* the last API request the emulator logged, or NULL */
JsonObject *
otd_test_env_last_request(OtdTestEnv *env);
/* injects a fault; @json is the body of POST /_emulator/faults */
void
otd_test_env_fault(OtdTestEnv *env, const gchar *json);

/* a routed session created through the daemon */
gchar *
otd_test_env_create_session(OtdTestEnv *env);
/* a simulated client joins @session_id with @token; returns the HTTP status, and the
 * connection id or the refusal reason */
guint
otd_test_env_join(OtdTestEnv *env, const gchar *session_id, const gchar *token,
		  gchar **ret_text);

/* runs opentokctl with --bus-address and the NULL-terminated arguments */
gint
otd_test_env_ctl(OtdTestEnv *env, gchar **ret_stdout, gchar **ret_stderr, const gchar *first,
		 ...) G_GNUC_NULL_TERMINATED;

/* asserts that @error is the opentokd error @name and its message contains @needle */
void
otd_test_assert_error(OtkCallError *error, const gchar *name, const gchar *needle);

G_END_DECLS
