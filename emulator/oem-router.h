/*
 * Method + path templates ("/v2/project/{project}/session/{session}") to handlers.
 */
#pragma once

#include "oem-http.h"

G_BEGIN_DECLS

typedef void (*OemRouteFunc)(OemRequest *req);

typedef enum {
	OEM_ROUTE_FOUND,
	OEM_ROUTE_WRONG_METHOD, /* the path exists, with other methods */
	OEM_ROUTE_NOT_FOUND,
} OemRouteResult;

typedef struct _OemRouter OemRouter;

OemRouter *oem_router_new(void);
void oem_router_free(OemRouter *self);
void oem_router_add(OemRouter *self, const gchar *method, const gchar *pattern, OemRouteFunc func);
OemRouteResult oem_router_lookup(OemRouter *self, const gchar *method, const gchar *path,
				 OemRouteFunc *ret_func, GHashTable **ret_params,
				 gchar **ret_allow);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemRouter, oem_router_free)

G_END_DECLS
