/* finds, loads and sets up plugins; a plugin that fails is skipped, never fatal */
#include "config.h"

#include "otd-daemon.h"
#include "otd-plugin-private.h"

static gboolean
otd_plugin_loader_open(OtdDaemon *daemon, const gchar *path, OtdPlugin **ret_plugin,
		       GError **error)
{
	GModule *module;
	gconstpointer symbol = NULL;
	const OtdPluginDesc *desc;

	/* no G_MODULE_BIND_LAZY: every symbol is resolved now, so a broken plugin fails here */
	module = g_module_open(path, G_MODULE_BIND_LOCAL);
	if (module == NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_NOT_SUPPORTED, "cannot load: %s",
			    g_module_error());
		return FALSE;
	}
	g_module_make_resident(module);
	if (!g_module_symbol(module, "otd_plugin_desc", (gpointer *)&symbol) || symbol == NULL) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_NOT_SUPPORTED,
				    "no otd_plugin_desc symbol");
		return FALSE;
	}
	desc = symbol;
	if (desc->abi_version != OTD_PLUGIN_ABI_VERSION) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_NOT_SUPPORTED,
			    "ABI version %u, the daemon needs %u", desc->abi_version,
			    OTD_PLUGIN_ABI_VERSION);
		return FALSE;
	}
	if (desc->name == NULL || desc->name[0] == '\0' || desc->setup == NULL) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_NOT_SUPPORTED,
				    "descriptor without a name or setup()");
		return FALSE;
	}
	*ret_plugin = otd_plugin_new(daemon, module, desc, path);
	return TRUE;
}

static gboolean
otd_plugin_loader_is_loaded(OtdDaemon *daemon, const gchar *name)
{
	for (guint i = 0; i < daemon->plugins->len; i++) {
		OtdPlugin *plugin = g_ptr_array_index(daemon->plugins, i);
		if (g_strcmp0(plugin->name, name) == 0)
			return TRUE;
	}
	return FALSE;
}

static void
otd_plugin_loader_setup(OtdDaemon *daemon, OtdPlugin *plugin)
{
	g_autoptr(GError) error = NULL;

	if (!plugin->desc->setup(plugin, &error)) {
		if (g_error_matches(error, OTD_ERROR, OTD_ERROR_NOT_SUPPORTED))
			g_debug("plugin %s not supported here: %s", plugin->name, error->message);
		else
			g_warning("plugin %s failed to set up, ignoring: %s", plugin->name,
				  error != NULL ? error->message : "no reason given");
		return;
	}
	plugin->active = TRUE;
	g_debug("plugin %s active", plugin->name);
}

static GPtrArray *
otd_plugin_loader_list(const gchar *dir_path)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) dir = g_dir_open(dir_path, 0, &error);
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	if (dir == NULL) {
		g_warning("cannot read plugin directory, no plugins loaded: %s", error->message);
		return files;
	}
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (g_str_has_suffix(name, ".so"))
			g_ptr_array_add(files, g_build_filename(dir_path, name, NULL));
	}
	g_ptr_array_sort(files, otd_strptr_cmp);
	return files;
}

void
otd_daemon_load_plugins(OtdDaemon *daemon)
{
	const gchar *dir = daemon->options.plugin_dir != NULL ? daemon->options.plugin_dir
							      : OTD_PLUGINDIR;
	g_autoptr(GPtrArray) files = otd_plugin_loader_list(dir);

	for (guint i = 0; i < files->len; i++) {
		const gchar *path = g_ptr_array_index(files, i);
		g_autoptr(GError) error = NULL;
		OtdPlugin *plugin = NULL;

		if (!otd_plugin_loader_open(daemon, path, &plugin, &error)) {
			g_warning("plugin %s rejected, ignoring: %s", path, error->message);
			continue;
		}
		if (!otd_config_plugin_enabled(daemon->config, plugin->name) ||
		    otd_plugin_loader_is_loaded(daemon, plugin->name)) {
			g_debug("plugin %s disabled or already loaded, skipping", plugin->name);
			otd_plugin_free(plugin);
			continue;
		}
		g_ptr_array_add(daemon->plugins, plugin);
		otd_plugin_loader_setup(daemon, plugin);
	}
}

void
otd_daemon_unload_plugins(OtdDaemon *daemon)
{
	for (guint i = daemon->plugins->len; i > 0; i--) {
		OtdPlugin *plugin = g_ptr_array_index(daemon->plugins, i - 1);
		if (plugin->active && plugin->desc->teardown != NULL)
			plugin->desc->teardown(plugin);
		plugin->active = FALSE;
	}
	g_ptr_array_set_size(daemon->plugins, 0);
}
