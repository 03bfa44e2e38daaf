/*
 * A small HTTP proxy for the transport tests, on 127.0.0.1 in a thread of its own (the
 * tests block in D-Bus calls): CONNECT tunnels for https, absolute-form requests for http,
 * or a refusal of everything.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _OtdTestProxy OtdTestProxy;

/* @refuse: answer every request "403 Forbidden" */
OtdTestProxy *otd_test_proxy_new(gboolean refuse);
void otd_test_proxy_free(OtdTestProxy *proxy);
/* "http://127.0.0.1:PORT" */
const gchar *otd_test_proxy_get_url(OtdTestProxy *proxy);
/* the connections accepted so far */
guint otd_test_proxy_get_connections(OtdTestProxy *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdTestProxy, otd_test_proxy_free)

G_END_DECLS
