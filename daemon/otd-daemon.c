/* the core: everything the daemon does, without knowing about D-Bus */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "otd-daemon.h"
#include "otd-error.h"
#include "otd-session.h"
#include "otd-token.h"

static const gchar *const otd_roles[] = {"subscriber", "publisheronly", "publisher",
					 "moderator", NULL};
static const gchar *const otd_token_types[] = {"JWT", "T1", NULL};

static gboolean
otd_token_check_layout(const gchar *key, GVariant *value, GError **error)
{
	g_autofree const gchar **items = g_variant_get_strv(value, NULL);
	g_autofree gchar *joined = g_strjoinv(" ", (gchar **)items);

	for (guint i = 0; items[i] != NULL; i++) {
		if (items[i][0] == '\0' || strpbrk(items[i], " \t\r\n") != NULL) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option '%s': class names must be non-empty and "
				    "contain no white space",
				    key);
			return FALSE;
		}
	}
	if (g_utf8_strlen(joined, -1) > OTD_TOKEN_MAX_LAYOUT) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': longer than %u characters in all", key,
			    OTD_TOKEN_MAX_LAYOUT);
		return FALSE;
	}
	return TRUE;
}

static const OtdOption otd_token_options[] = {
    {"role", OTD_OPTION_STRING, NULL, otd_roles},
    {"expire_time", OTD_OPTION_INT, NULL, NULL, 1, G_MAXINT64},
    {"data", OTD_OPTION_STRING, NULL, NULL, 0, OTD_TOKEN_MAX_DATA},
    {"initial_layout_class_list", OTD_OPTION_STRV, NULL, NULL, 0, 0, otd_token_check_layout},
    {"token_type", OTD_OPTION_STRING, NULL, otd_token_types},
    {NULL},
};

OtdDaemon *
otd_daemon_new(const OtdDaemonOptions *options, GError **error)
{
	g_autoptr(OtdDaemon) daemon = g_new0(OtdDaemon, 1);
	g_autofree gchar *source = NULL;
	OtdSecret *secret;

	daemon->options.config_path = g_strdup(options->config_path);
	daemon->options.plugin_dir = g_strdup(options->plugin_dir);
	daemon->options.api_url = g_strdup(options->api_url);
	daemon->plugins = g_ptr_array_new_with_free_func((GDestroyNotify)otd_plugin_free);
	daemon->uid = geteuid();
	daemon->config = otd_config_load(options->config_path, error);
	if (daemon->config == NULL)
		return NULL;
	if (options->api_url != NULL) {
		g_free(daemon->config->api_url);
		daemon->config->api_url = g_strdup(options->api_url);
	}
	secret = otd_secret_load(daemon->config->secret_file, &source, error);
	if (secret == NULL)
		return NULL;
	g_debug("API secret read from %s", source);
	daemon->policy = otd_policy_new(daemon->config->keyfile, daemon->uid, error);
	if (daemon->policy == NULL) {
		otd_secret_free(secret);
		return NULL;
	}
	daemon->rest = otd_rest_new(daemon->config, secret, error);
	if (daemon->rest == NULL)
		return NULL;
	return g_steal_pointer(&daemon);
}

void
otd_daemon_free(OtdDaemon *daemon)
{
	if (daemon == NULL)
		return;
	if (daemon->plugins != NULL)
		otd_daemon_unload_plugins(daemon);
	g_clear_pointer(&daemon->plugins, g_ptr_array_unref);
	g_clear_pointer(&daemon->rest, otd_rest_free);
	g_clear_pointer(&daemon->policy, otd_policy_free);
	g_clear_pointer(&daemon->config, otd_config_free);
	g_free(daemon->options.config_path);
	g_free(daemon->options.plugin_dir);
	g_free(daemon->options.api_url);
	g_free(daemon);
}

gboolean
otd_daemon_reload(OtdDaemon *daemon, GError **error)
{
	g_autoptr(OtdConfig) config = otd_config_load(daemon->options.config_path, error);
	g_autoptr(OtdPolicy) policy = NULL;
	g_autofree gchar *source = NULL;
	OtdSecret *secret;

	if (config == NULL)
		return FALSE;
	if (daemon->options.api_url != NULL) {
		g_free(config->api_url);
		config->api_url = g_strdup(daemon->options.api_url);
	}
	policy = otd_policy_new(config->keyfile, daemon->uid, error);
	if (policy == NULL)
		return FALSE;
	secret = otd_secret_load(config->secret_file, &source, error);
	if (secret == NULL)
		return FALSE;
	/* the REST client takes the secret; the old one is wiped */
	if (!otd_rest_reconfigure(daemon->rest, config, secret, error))
		return FALSE;
	otd_policy_free(daemon->policy);
	daemon->policy = g_steal_pointer(&policy);
	otd_config_free(daemon->config);
	daemon->config = g_steal_pointer(&config);
	g_message("configuration reloaded; API secret from %s", source);
	return TRUE;
}

gchar **
otd_daemon_get_plugin_names(OtdDaemon *daemon)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new();

	for (guint i = 0; i < daemon->plugins->len; i++) {
		OtdPlugin *plugin = g_ptr_array_index(daemon->plugins, i);
		if (plugin->active)
			g_ptr_array_add(names, g_strdup(plugin->name));
	}
	g_ptr_array_sort(names, otd_strptr_cmp);
	g_ptr_array_add(names, NULL);
	return (gchar **)g_ptr_array_free(g_steal_pointer(&names), FALSE);
}

void
otd_token_args_clear(OtdTokenArgs *args)
{
	g_clear_pointer(&args->body, json_object_unref);
	g_clear_pointer(&args->layout, g_free);
}

const OtdOption *
otd_daemon_get_token_options(void)
{
	return otd_token_options;
}

void
otd_token_args_init(OtdTokenArgs *args, JsonObject *body)
{
	JsonNode *node;

	args->options = (OtdTokenOptions){.role = OTD_ROLE_PUBLISHER, .type = OTD_TOKEN_TYPE_JWT};
	args->body = body;
	if (json_object_has_member(body, "role"))
		otd_role_from_string(json_object_get_string_member(body, "role"),
				     &args->options.role);
	args->options.expire_time = json_object_get_int_member_with_default(body, "expireTime", 0);
	args->options.data = json_object_get_string_member_with_default(body, "data", NULL);
	node = json_object_get_member(body, "initialLayoutClassList");
	if (node != NULL) {
		JsonArray *array = json_node_get_array(node);
		guint n = json_array_get_length(array);
		args->layout = g_new0(const gchar *, n + 1);
		for (guint i = 0; i < n; i++)
			args->layout[i] = json_array_get_string_element(array, i);
		args->options.layout = args->layout;
	}
	if (g_strcmp0(json_object_get_string_member_with_default(body, "tokenType", "JWT"), "T1") ==
	    0)
		args->options.type = OTD_TOKEN_TYPE_T1;
}

gchar *
otd_daemon_mint_token(OtdDaemon *daemon, const gchar *session_id, const OtdTokenArgs *args,
		      GError **error)
{
	return otd_token_generate(otd_rest_get_api_key(daemon->rest),
				  otd_rest_get_secret(daemon->rest), session_id, &args->options,
				  error);
}

gchar *
otd_daemon_generate_token(OtdDaemon *daemon, const gchar *session_id, GVariant *options,
			  GError **error)
{
	g_auto(OtdTokenArgs) args = {0};
	JsonObject *body = otd_options_to_json(otd_token_options, options, error);

	if (body == NULL)
		return NULL;
	otd_token_args_init(&args, body);
	return otd_daemon_mint_token(daemon, session_id, &args, error);
}

static void
otd_daemon_session_created_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(GTask) task = user_data;
	OtdDaemon *daemon = g_task_get_task_data(task);
	g_autoptr(OtdRestResponse) response = NULL;
	GError *error = NULL;
	gchar *id;

	response = otd_rest_request_finish(daemon->rest, result, &error);
	if (response == NULL) {
		g_task_return_error(task, error);
		return;
	}
	id = otd_session_parse_answer(response->content_type, response->body, &error);
	if (id == NULL) {
		g_task_return_error(task, error);
		return;
	}
	g_task_return_pointer(task, id, g_free);
}

void
otd_daemon_create_session_async(OtdDaemon *daemon, GVariant *options, GCancellable *cancellable,
				GAsyncReadyCallback callback, gpointer user_data)
{
	/* the daemon is no GObject: it is passed as task data, not as the source object */
	GTask *task = g_task_new(NULL, cancellable, callback, user_data);
	g_autofree gchar *form = NULL;
	g_autoptr(GBytes) body = NULL;
	GError *error = NULL;
	gsize len;

	g_task_set_task_data(task, daemon, NULL);
	g_task_set_check_cancellable(task, FALSE);
	form = otd_session_build_form(options, &error);
	if (form == NULL) {
		g_task_return_error(task, error);
		g_object_unref(task);
		return;
	}
	len = strlen(form);
	body = g_bytes_new_take(g_steal_pointer(&form), len);
	otd_rest_request_async(daemon->rest, "POST", "/session/create",
			       "application/x-www-form-urlencoded", body, cancellable,
			       otd_daemon_session_created_cb, task);
}

gchar *
otd_daemon_create_session_finish(OtdDaemon *daemon, GAsyncResult *result, GError **error)
{
	return g_task_propagate_pointer(G_TASK(result), error);
}
