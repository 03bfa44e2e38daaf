/*
 * A linear scan: the emulator has a few dozen routes and a request costs far more in
 * parsing than in matching them.
 */
#include <string.h>

#include "oem-router.h"

typedef struct {
	gchar *method;
	GStrv segments; /* split on '/', so segments[0] is "" */
	OemRouteFunc func;
} OemRoute;

struct _OemRouter {
	GPtrArray *routes; /* OemRoute */
};

static void
oem_route_free(OemRoute *route)
{
	g_free(route->method);
	g_strfreev(route->segments);
	g_free(route);
}

OemRouter *
oem_router_new(void)
{
	OemRouter *self = g_new0(OemRouter, 1);

	self->routes = g_ptr_array_new_with_free_func((GDestroyNotify)oem_route_free);
	return self;
}

void
oem_router_free(OemRouter *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->routes);
	g_free(self);
}

void
oem_router_add(OemRouter *self, const gchar *method, const gchar *pattern, OemRouteFunc func)
{
	OemRoute *route = g_new0(OemRoute, 1);

	route->method = g_strdup(method);
	route->segments = g_strsplit(pattern, "/", -1);
	route->func = func;
	g_ptr_array_add(self->routes, route);
}

static gboolean
oem_route_is_placeholder(const gchar *segment)
{
	return g_str_has_prefix(segment, "{") && g_str_has_suffix(segment, "}");
}

/* NULL when @path does not fit the route's template */
static GHashTable *
oem_route_match(OemRoute *route, GStrv parts)
{
	g_autoptr(GHashTable) params =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

	if (g_strv_length(parts) != g_strv_length(route->segments))
		return NULL;
	for (guint i = 0; parts[i] != NULL; i++) {
		const gchar *want = route->segments[i];
		g_autofree gchar *name = NULL;
		gchar *value;

		if (!oem_route_is_placeholder(want)) {
			if (g_strcmp0(want, parts[i]) != 0)
				return NULL;
			continue;
		}
		value = parts[i][0] != '\0' ? g_uri_unescape_string(parts[i], "/") : NULL;
		if (value == NULL)
			return NULL;
		name = g_strndup(want + 1, strlen(want) - 2);
		g_hash_table_insert(params, g_steal_pointer(&name), value);
	}
	return g_steal_pointer(&params);
}

OemRouteResult
oem_router_lookup(OemRouter *self, const gchar *method, const gchar *path, OemRouteFunc *ret_func,
		  GHashTable **ret_params, gchar **ret_allow)
{
	g_auto(GStrv) parts = g_strsplit(path, "/", -1);
	g_autoptr(GString) allow = g_string_new(NULL);

	for (guint i = 0; i < self->routes->len; i++) {
		OemRoute *route = g_ptr_array_index(self->routes, i);
		g_autoptr(GHashTable) params = oem_route_match(route, parts);

		if (params == NULL)
			continue;
		if (g_strcmp0(route->method, method) != 0) {
			g_string_append_printf(allow, "%s%s", allow->len > 0 ? ", " : "",
					       route->method);
			continue;
		}
		*ret_func = route->func;
		*ret_params = g_steal_pointer(&params);
		return OEM_ROUTE_FOUND;
	}
	if (allow->len == 0)
		return OEM_ROUTE_NOT_FOUND;
	*ret_allow = g_string_free(g_steal_pointer(&allow), FALSE);
	return OEM_ROUTE_WRONG_METHOD;
}
