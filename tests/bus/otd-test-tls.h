/*
 * Private certificate authorities and server certificates for the TLS tests, made with
 * certtool (gnutls-bin) in a test's own folder.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	OTD_TEST_CERT_GOOD,	 /* names 127.0.0.1, valid now */
	OTD_TEST_CERT_EXPIRED,	 /* names 127.0.0.1, expired in 2020 */
	OTD_TEST_CERT_WRONG_HOST /* valid now, names only wrong-host.invalid */
} OtdTestCertKind;

/* FALSE (and the test skipped) when certtool is not installed */
gboolean otd_test_tls_available(void);
/* @dir/@name.pem and @dir/@name.key: a self-signed CA */
void otd_test_tls_make_ca(const gchar *dir, const gchar *name);
/* @dir/@name.pem and @dir/@name.key: a server certificate signed by the CA @ca */
void otd_test_tls_make_cert(const gchar *dir, const gchar *ca, const gchar *name,
			    OtdTestCertKind kind);

G_END_DECLS
