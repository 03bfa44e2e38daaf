/*
 * The client token verifier against the reference's §5.6 vectors, produced by the four
 * official SDKs (or their recipes) with the clock frozen at 1492510660.
 */
#include <string.h>

#include "oem-jwt.h"
#include "oem-token.h"
#include "oem-util.h"

#define KEY		"123456"
#define SECRET		"1234567890abcdef1234567890abcdef1234567890"
#define NOW		1492510660
#define SESSION		"1_MX4xMjM0NTZ-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4"
#define FOREIGN_SESSION "1_MX42NTQzMjF-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4"
#define JWT_HEADER	"{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
#define THIRTY_DAYS	(30 * 24 * 3600)

typedef struct {
	const gchar *name;
	const gchar *token;
	const gchar *role;
	const gchar *data;
	const gchar *layout;
	gint64 expire;
} OemVector;

/* copied verbatim from reference/opentok-api.md §5.6 */
static const OemVector vectors[] = {
    {"T1, Node SDK, defaults",
     "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPWFmNmRmODY2MGViZjU1YmY4ZmQ1ODRjYWNlMzQ1YzJkNDZkYmIw"
     "M2Y6c2Vzc2lvbl9pZD0xX01YNHhNak0wTlRaLWZsTmhkQ0JOWVhJZ01UVWdNVFE2TkRJNk1qTWdVRVJVSURJ"
     "d01UUi1NQzQwT1RBeE16QXlOWDQmY3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZub25jZT0wLjUmcm9sZT1wdWJs"
     "aXNoZXImZXhwaXJlX3RpbWU9MTQ5MjU5NzA2MCZpbml0aWFsX2xheW91dF9jbGFzc19saXN0PSZzY29wZT1z"
     "ZXNzaW9uLmNvbm5lY3Q=",
     "publisher", NULL, "", 1492597060},
    {"T1, Node SDK, options",
     "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPTkyNzA5MzUwMGIzNmQ2MmJlYTMzMWNkZWZhNTU5N2ZmNGRkYzgy"
     "ZTc6c2Vzc2lvbl9pZD0xX01YNHhNak0wTlRaLWZsTmhkQ0JOWVhJZ01UVWdNVFE2TkRJNk1qTWdVRVJVSURJ"
     "d01UUi1NQzQwT1RBeE16QXlOWDQmY3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZub25jZT0wLjUmcm9sZT1tb2Rl"
     "cmF0b3ImZXhwaXJlX3RpbWU9MTQ5MjUxNDI2MCZjb25uZWN0aW9uX2RhdGE9bmFtZSUzREpvaG5ueSZpbml0"
     "aWFsX2xheW91dF9jbGFzc19saXN0PWZvY3VzJTIwc21hbGwmc2NvcGU9c2Vzc2lvbi5jb25uZWN0",
     "moderator", "name=Johnny", "focus small", 1492514260},
    {"T1, Python SDK, defaults",
     "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPWEzZDhiYmJjN2U2NWIyZGY4OTVjZDg3NGI5ZDhlOGVkYWZkMWM5"
     "ZDQ6c2Vzc2lvbl9pZD0xX01YNHhNak0wTlRaLWZsTmhkQ0JOWVhJZ01UVWdNVFE2TkRJNk1qTWdVRVJVSURJ"
     "d01UUi1NQzQwT1RBeE16QXlOWDQmY3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZleHBpcmVfdGltZT0xNDkyNTk3"
     "MDYwJnJvbGU9cHVibGlzaGVyJm5vbmNlPTEyMzQ1NiZpbml0aWFsX2xheW91dF9jbGFzc19saXN0PQ==",
     "publisher", NULL, "", 1492597060},
    {"T1, Python SDK, options",
     "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPWVjY2NjNjhkMDNhNGNlNTE5YjljNjJkZjU3YjVhN2I5NDE0OWI0"
     "NTQ6c2Vzc2lvbl9pZD0xX01YNHhNak0wTlRaLWZsTmhkQ0JOWVhJZ01UVWdNVFE2TkRJNk1qTWdVRVJVSURJ"
     "d01UUi1NQzQwT1RBeE16QXlOWDQmY3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZleHBpcmVfdGltZT0xNDkyNTE0"
     "MjYwJnJvbGU9bW9kZXJhdG9yJm5vbmNlPTEyMzQ1NiZpbml0aWFsX2xheW91dF9jbGFzc19saXN0PWZvY3Vz"
     "K3NtYWxsJmNvbm5lY3Rpb25fZGF0YT1uYW1lJTNESm9obm55",
     "moderator", "name=Johnny", "focus small", 1492514260},
    {"T1, Ruby recipe, defaults",
     "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPTc3Y2JhYTU3NjIwNTQwYmIyYzUzMmYzZTUzNzY5M2ZlODg4MDhl"
     "ODI6cm9sZT1wdWJsaXNoZXImc2Vzc2lvbl9pZD0xX01YNHhNak0wTlRaLWZsTmhkQ0JOWVhJZ01UVWdNVFE2"
     "TkRJNk1qTWdVRVJVSURJd01UUi1NQzQwT1RBeE16QXlOWDQmY3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZub25j"
     "ZT0wLjU=",
     "publisher", NULL, NULL, 0},
    {"T1, Ruby recipe, options",
     "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPWQ4N2Q5MjM3ZThmYjE3MzU5MTA0NTY0YmQ2ODI4ZDgxODE0ZDk5"
     "YTM6cm9sZT1tb2RlcmF0b3Imc2Vzc2lvbl9pZD0xX01YNHhNak0wTlRaLWZsTmhkQ0JOWVhJZ01UVWdNVFE2"
     "TkRJNk1qTWdVRVJVSURJd01UUi1NQzQwT1RBeE16QXlOWDQmY3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZub25j"
     "ZT0wLjUmZXhwaXJlX3RpbWU9MTQ5MjUxNDI2MCZjb25uZWN0aW9uX2RhdGE9bmFtZSUzREpvaG5ueSZpbml0"
     "aWFsX2xheW91dF9jbGFzc19saXN0PWZvY3VzK3NtYWxs",
     "moderator", "name=Johnny", "focus small", 1492514260},
    {"T1, Java recipe, defaults",
     "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPTg2NjFkZjI5MjljNmFhOWQ3YzM5MDcwODkzODQwY2M4MTE5MTQy"
     "Yjk6Y3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZleHBpcmVfdGltZT0xNDkyNTk3MDYwJnNlc3Npb25faWQ9MV9N"
     "WDR4TWpNME5UWi1mbE5oZENCTllYSWdNVFVnTVRRNk5ESTZNak1nVUVSVUlESXdNVFItTUM0ME9UQXhNekF5"
     "Tlg0Jm5vbmNlPTEyMzQ1NiZyb2xlPXB1Ymxpc2hlciZzY29wZT1zZXNzaW9uLmNvbm5lY3Q=",
     "publisher", NULL, NULL, 1492597060},
    {"T1, Java recipe, options",
     "T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPTc5OGM2OWE4OTA1ZmExZGYwNGVlMmY2NDliZjFiYTFmZjY1YmY3"
     "MTM6Y3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZleHBpcmVfdGltZT0xNDkyNTE0MjYwJnNlc3Npb25faWQ9MV9N"
     "WDR4TWpNME5UWi1mbE5oZENCTllYSWdNVFVnTVRRNk5ESTZNak1nVUVSVUlESXdNVFItTUM0ME9UQXhNekF5"
     "Tlg0Jm5vbmNlPTEyMzQ1NiZyb2xlPW1vZGVyYXRvciZzY29wZT1zZXNzaW9uLmNvbm5lY3QmaW5pdGlhbF9s"
     "YXlvdXRfY2xhc3NfbGlzdD1mb2N1cyBzbWFsbCZjb25uZWN0aW9uX2RhdGE9bmFtZSUzREpvaG5ueQ==",
     "moderator", "name=Johnny", "focus small", 1492514260},
    {"JWT, Node SDK, defaults",
     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIxMjM0NTYiLCJpc3QiOiJwcm9qZWN0IiwiaWF"
     "0IjoxNDkyNTEwNjYwLCJleHAiOjE0OTI1OTcwNjAsInNlc3Npb25faWQiOiIxX01YNHhNak0wTlRaLWZsTmh"
     "kQ0JOWVhJZ01UVWdNVFE2TkRJNk1qTWdVRVJVSURJd01UUi1NQzQwT1RBeE16QXlOWDQiLCJjcmVhdGVfdGl"
     "tZSI6MTQ5MjUxMDY2MCwibm9uY2UiOjAuNSwicm9sZSI6InB1Ymxpc2hlciIsImV4cGlyZV90aW1lIjoxNDk"
     "yNTk3MDYwLCJpbml0aWFsX2xheW91dF9jbGFzc19saXN0IjoiIiwic2NvcGUiOiJzZXNzaW9uLmNvbm5lY3Q"
     "ifQ.BvW6hdxrueKTUj2npbDGFeOZsdjgzP35YKCqSEAKvU4",
     "publisher", NULL, "", 1492597060},
    {"JWT, Node SDK, options",
     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIxMjM0NTYiLCJpc3QiOiJwcm9qZWN0IiwiaWF"
     "0IjoxNDkyNTEwNjYwLCJleHAiOjE0OTI1MTQyNjAsInNlc3Npb25faWQiOiIxX01YNHhNak0wTlRaLWZsTmh"
     "kQ0JOWVhJZ01UVWdNVFE2TkRJNk1qTWdVRVJVSURJd01UUi1NQzQwT1RBeE16QXlOWDQiLCJjcmVhdGVfdGl"
     "tZSI6MTQ5MjUxMDY2MCwibm9uY2UiOjAuNSwicm9sZSI6Im1vZGVyYXRvciIsImV4cGlyZV90aW1lIjoxNDk"
     "yNTE0MjYwLCJjb25uZWN0aW9uX2RhdGEiOiJuYW1lPUpvaG5ueSIsImluaXRpYWxfbGF5b3V0X2NsYXNzX2x"
     "pc3QiOiJmb2N1cyBzbWFsbCIsInNjb3BlIjoic2Vzc2lvbi5jb25uZWN0In0.dE_SQX0Kg0lOmtJE2K5pLVK"
     "Ox-zmPPPMoYTaEQkfyqs",
     "moderator", "name=Johnny", "focus small", 1492514260},
    {"JWT, Python SDK, defaults",
     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzZXNzaW9uX2lkIjoiMV9NWDR4TWpNME5UWi1mbE5oZEN"
     "CTllYSWdNVFVnTVRRNk5ESTZNak1nVUVSVUlESXdNVFItTUM0ME9UQXhNekF5Tlg0Iiwicm9sZSI6InB1Ymx"
     "pc2hlciIsImlhdCI6MTQ5MjUxMDY2MCwiZXhwIjoxNDkyNTk3MDYwLCJzY29wZSI6InNlc3Npb24uY29ubmV"
     "jdCIsImlzcyI6IjEyMzQ1NiIsImlzdCI6InByb2plY3QiLCJub25jZSI6MTIzNDU2fQ.P9_HTNjqSjjl-BTN"
     "Kb9pMgqCCwD6TY_kjlzT2O-EXq0",
     "publisher", NULL, NULL, 1492597060},
    {"JWT, Python SDK, options",
     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzZXNzaW9uX2lkIjoiMV9NWDR4TWpNME5UWi1mbE5oZEN"
     "CTllYSWdNVFVnTVRRNk5ESTZNak1nVUVSVUlESXdNVFItTUM0ME9UQXhNekF5Tlg0Iiwicm9sZSI6Im1vZGV"
     "yYXRvciIsImlhdCI6MTQ5MjUxMDY2MCwiZXhwIjoxNDkyNTE0MjYwLCJzY29wZSI6InNlc3Npb24uY29ubmV"
     "jdCIsImluaXRpYWxfbGF5b3V0X2NsYXNzX2xpc3QiOiJmb2N1cyBzbWFsbCIsImNvbm5lY3Rpb25fZGF0YSI"
     "6Im5hbWU9Sm9obm55IiwiaXNzIjoiMTIzNDU2IiwiaXN0IjoicHJvamVjdCIsIm5vbmNlIjoxMjM0NTZ9.Jk"
     "fZzwO1nR4d2MktJgChTT2HxIdTx3VE8H3eaySA5to",
     "moderator", "name=Johnny", "focus small", 1492514260},
    {"JWT, Ruby recipe, defaults",
     "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiIxMjM0NTYiLCJpc3QiOiJwcm9qZWN0IiwiaWF"
     "0IjoxNDkyNTEwNjYwLCJub25jZSI6MC41LCJyb2xlIjoicHVibGlzaGVyIiwic2NvcGUiOiJzZXNzaW9uLmN"
     "vbm5lY3QiLCJzZXNzaW9uX2lkIjoiMV9NWDR4TWpNME5UWi1mbE5oZENCTllYSWdNVFVnTVRRNk5ESTZNak1"
     "nVUVSVUlESXdNVFItTUM0ME9UQXhNekF5Tlg0In0.hlRXtT2qUUXMNSIX-aZ_DFewvVvkJi0SRH2pFsqnUSo",
     "publisher", NULL, NULL, 0},
    {"JWT, Java recipe, defaults",
     "eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uX2lkIjoiMV9NWDR4TWpNME5UWi1mbE5oZENCTllYSWdNVFVnTVR"
     "RNk5ESTZNak1nVUVSVUlESXdNVFItTUM0ME9UQXhNekF5Tlg0Iiwibm9uY2UiOjEyMzQ1Niwicm9sZSI6InB"
     "1Ymxpc2hlciIsInNjb3BlIjoic2Vzc2lvbi5jb25uZWN0IiwiaXN0IjoicHJvamVjdCIsImlzcyI6IjEyMzQ"
     "1NiIsImp0aSI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBQUEiLCJleHAiOjE0OTI1OTcwNjAsImlhdCI6MTQ5MjU"
     "xMDY2MH0._fxWmzB8LreM0CdZlzoovgkNWzbu8WsP8XPAZJdidco",
     "publisher", NULL, NULL, 1492597060},
};

#define T1_NODE_DEFAULTS  (vectors[0].token)
#define JWT_NODE_DEFAULTS (vectors[8].token)

static GBytes *
oem_test_secret(void)
{
	return g_bytes_new_static(SECRET, strlen(SECRET));
}

static OemTokenInfo *
oem_test_verify(const gchar *token, gint64 now, GError **error)
{
	g_autoptr(GBytes) secret = oem_test_secret();

	return oem_token_verify(token, KEY, secret, now, error);
}

static void
oem_test_assert_refused(const gchar *token, gint64 now, const gchar *reason)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OemTokenInfo) info = oem_test_verify(token, now, &error);

	g_assert_null(info);
	g_assert_error(error, OEM_ERROR, OEM_ERROR_REFUSED);
	g_assert_cmpstr(error->message, ==, reason);
}

static gchar *
oem_test_t1_decode(const gchar *token)
{
	gsize len = 0;
	g_autofree guchar *plain = g_base64_decode(token + 4, &len);

	return g_strndup((const gchar *)plain, len);
}

static gchar *
oem_test_t1_encode(const gchar *plain)
{
	g_autofree gchar *b64 = g_base64_encode((const guchar *)plain, strlen(plain));

	return g_strdup_printf("T1==%s", b64);
}

/* our own T1 signer, for tokens the SDKs would refuse to make */
static gchar *
oem_test_t1_sign(const gchar *data)
{
	g_autoptr(GBytes) secret = oem_test_secret();
	g_autoptr(GBytes) mac = oem_hmac(FALSE, secret, data, strlen(data));
	g_autoptr(GString) plain = g_string_new("partner_id=" KEY "&sig=");
	gsize len = 0;
	const guint8 *bytes = g_bytes_get_data(mac, &len);

	for (gsize i = 0; i < len; i++)
		g_string_append_printf(plain, "%02x", bytes[i]);
	g_string_append_printf(plain, ":%s", data);
	return oem_test_t1_encode(plain->str);
}

static gchar *
oem_test_jwt_sign(const gchar *payload)
{
	g_autoptr(GBytes) secret = oem_test_secret();

	return oem_jwt_sign_hs256(JWT_HEADER, payload, secret);
}

static void
oem_test_vectors_accepted(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(vectors); i++) {
		const OemVector *v = &vectors[i];
		g_autoptr(GError) error = NULL;
		g_autoptr(OemTokenInfo) info = oem_test_verify(v->token, NOW, &error);

		g_test_message("%s", v->name);
		g_assert_no_error(error);
		g_assert_nonnull(info);
		g_assert_cmpint(info->is_jwt, ==, !g_str_has_prefix(v->token, "T1=="));
		g_assert_cmpstr(info->session_id, ==, SESSION);
		g_assert_cmpstr(info->role, ==, v->role);
		g_assert_cmpstr(info->connection_data, ==, v->data);
		g_assert_cmpstr(info->initial_layout_class_list, ==, v->layout);
		g_assert_cmpint(info->expire_time, ==, v->expire);
	}
}

static gchar *
oem_test_change_signature(const gchar *token)
{
	g_autofree gchar *plain = NULL;
	gchar *copy, *sig;

	if (!g_str_has_prefix(token, "T1==")) {
		copy = g_strdup(token);
		sig = strrchr(copy, '.') + 10;
		*sig = *sig == 'A' ? 'B' : 'A';
		return copy;
	}
	plain = oem_test_t1_decode(token);
	sig = strstr(plain, "sig=") + 4 + 7;
	*sig = *sig == '0' ? '1' : '0';
	return oem_test_t1_encode(plain);
}

static void
oem_test_vectors_changed_signature(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(vectors); i++) {
		g_autofree gchar *token = oem_test_change_signature(vectors[i].token);

		g_test_message("%s", vectors[i].name);
		g_assert_cmpstr(token, !=, vectors[i].token);
		oem_test_assert_refused(token, NOW, "invalid signature");
	}
}

static void
oem_test_noncanonical_signature(void)
{
	g_autofree gchar *token = g_strdup(JWT_NODE_DEFAULTS);
	gchar *last = token + strlen(token) - 1;

	/* the last character of a 32-byte signature carries four unused bits */
	*last = (gchar)(*last + 1);
	oem_test_assert_refused(token, NOW, "malformed token");
}

static void
oem_test_tampered_role(void)
{
	g_autofree gchar *plain = oem_test_t1_decode(T1_NODE_DEFAULTS);
	g_autofree gchar *tampered = NULL;
	g_autofree gchar *token = NULL;
	gchar *role = strstr(plain, "role=publisher");

	g_assert_nonnull(role);
	tampered = g_strdup_printf("%.*srole=moderator%s", (int)(role - plain), plain,
				   role + strlen("role=publisher"));
	token = oem_test_t1_encode(tampered);
	oem_test_assert_refused(token, NOW, "invalid signature");
}

static void
oem_test_foreign_session(void)
{
	g_autofree gchar *t1 = oem_test_t1_sign("session_id=" FOREIGN_SESSION
						"&create_time=1492510660&nonce=0.5&role=publisher");
	g_autofree gchar *jwt = oem_test_jwt_sign(
	    "{\"iss\":\"" KEY "\",\"ist\":\"project\",\"iat\":1492510660,\"nonce\":1,"
	    "\"role\":\"publisher\",\"scope\":\"session.connect\",\"session_id\":\"" FOREIGN_SESSION
	    "\"}");

	oem_test_assert_refused(t1, NOW, "session does not belong to this project");
	oem_test_assert_refused(jwt, NOW, "session does not belong to this project");
}

static void
oem_test_expired(void)
{
	/* both Node defaults expire at 1492597060 */
	oem_test_assert_refused(T1_NODE_DEFAULTS, 1492597061, "token expired");
	oem_test_assert_refused(JWT_NODE_DEFAULTS, 1492597060, "token expired");
}

static void
oem_test_far_future(void)
{
	g_autofree gchar *payload = g_strdup_printf(
	    "{\"iss\":\"" KEY "\",\"ist\":\"project\",\"iat\":%d,\"exp\":%d,\"nonce\":1,"
	    "\"role\":\"publisher\",\"scope\":\"session.connect\",\"session_id\":\"" SESSION "\"}",
	    NOW, NOW + THIRTY_DAYS + 1);
	g_autofree gchar *jwt = oem_test_jwt_sign(payload);
	g_autofree gchar *data = g_strdup_printf(
	    "session_id=" SESSION "&create_time=%d&nonce=1&role=publisher&expire_time=%d", NOW,
	    NOW + THIRTY_DAYS + 1);
	g_autofree gchar *t1 = oem_test_t1_sign(data);

	oem_test_assert_refused(jwt, NOW, "token expiry is more than 30 days after its creation");
	oem_test_assert_refused(t1, NOW, "token expiry is more than 30 days after its creation");
}

#define CLAIMS_PREFIX                                                                              \
	"{\"iss\":\"" KEY                                                                          \
	"\",\"ist\":\"project\",\"iat\":1492510660,\"scope\":\"session.connect\","                 \
	"\"session_id\":\"" SESSION "\""

static gchar *
oem_test_jwt_unsigned(const gchar *header_json, const gchar *payload_json)
{
	g_autofree gchar *header =
	    oem_base64url_encode((const guint8 *)header_json, strlen(header_json));
	g_autofree gchar *payload =
	    oem_base64url_encode((const guint8 *)payload_json, strlen(payload_json));

	return g_strdup_printf("%s.%s.", header, payload);
}

static void
oem_test_alg_none(void)
{
	const gchar *claims = CLAIMS_PREFIX ",\"nonce\":1,\"role\":\"publisher\"}";
	g_autofree gchar *none = oem_test_jwt_unsigned("{\"alg\":\"none\"}", claims);
	g_autofree gchar *none_typ = oem_test_jwt_unsigned(JWT_HEADER, claims);
	g_autoptr(GBytes) secret = oem_test_secret();
	g_autofree gchar *hs512 = oem_jwt_sign_hs256("{\"alg\":\"HS512\"}", claims, secret);
	g_autofree gchar *bad_typ =
	    oem_jwt_sign_hs256("{\"alg\":\"HS256\",\"typ\":\"JWE\"}", claims, secret);

	oem_test_assert_refused(none, NOW, "unsupported token algorithm");
	oem_test_assert_refused(hs512, NOW, "unsupported token algorithm");
	oem_test_assert_refused(bad_typ, NOW, "invalid token type");
	/* an HS256 header with no signature at all */
	oem_test_assert_refused(none_typ, NOW, "invalid signature");
}

typedef struct {
	const gchar *claims; /* appended to CLAIMS_PREFIX */
	const gchar *reason; /* NULL: accepted */
} OemClaimsCase;

static void
oem_test_jwt_claims(void)
{
	g_autofree gchar *long_data = g_strnfill(1001, 'x');
	g_autofree gchar *max_data = g_strnfill(1000, 'x');
	g_autofree gchar *too_long = g_strdup_printf(",\"nonce\":1,\"role\":\"publisher\","
						     "\"connection_data\":\"%s\"}",
						     long_data);
	g_autofree gchar *longest = g_strdup_printf(",\"nonce\":1,\"role\":\"publisher\","
						    "\"connection_data\":\"%s\"}",
						    max_data);
	const OemClaimsCase cases[] = {
	    {",\"nonce\":\"abc\",\"role\":\"publisheronly\"}", NULL},
	    {",\"nonce\":1,\"role\":\"subscriber\",\"jti\":\"x\",\"extra\":[1]}", NULL},
	    {",\"nonce\":1,\"role\":\"admin\"}", "invalid role"},
	    {",\"nonce\":1}", "invalid role"},
	    {",\"role\":\"publisher\"}", "token has no nonce"},
	    {",\"nonce\":null,\"role\":\"publisher\"}", "token has no nonce"},
	    {",\"nonce\":1,\"role\":\"publisher\",\"exp\":1492510661.5}", "invalid exp"},
	    {",\"nonce\":1,\"role\":\"publisher\",\"exp\":\"1492510700\"}", "invalid exp"},
	    {",\"nonce\":1,\"role\":\"publisher\",\"connection_data\":5}",
	     "connection_data must be a string"},
	    {",\"nonce\":1,\"role\":\"publisher\",\"initial_layout_class_list\":[\"a\"]}",
	     "initial_layout_class_list must be a string"},
	    {too_long, "connection data is longer than 1000 characters"},
	    {longest, NULL},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *payload = g_strdup_printf(CLAIMS_PREFIX "%s", cases[i].claims);
		g_autofree gchar *token = oem_test_jwt_sign(payload);
		g_autoptr(GError) error = NULL;
		g_autoptr(OemTokenInfo) info = oem_test_verify(token, NOW, &error);

		g_test_message("case %u", i);
		if (cases[i].reason == NULL) {
			g_assert_no_error(error);
			continue;
		}
		g_assert_null(info);
		g_assert_cmpstr(error->message, ==, cases[i].reason);
	}
}

static void
oem_test_jwt_identity_claims(void)
{
	const gchar *tail = "\"nonce\":1,\"role\":\"publisher\",\"session_id\":\"" SESSION "\"}";
	const gchar *cases[][2] = {
	    {"{\"ist\":\"project\",\"iat\":1,\"scope\":\"session.connect\",", "token has no iss"},
	    {"{\"iss\":123456,\"ist\":\"project\",\"iat\":1,\"scope\":\"session.connect\",",
	     "token was issued for another project"},
	    {"{\"iss\":\"654321\",\"ist\":\"project\",\"iat\":1,\"scope\":\"session.connect\",",
	     "token was issued for another project"},
	    {"{\"iss\":\"" KEY "\",\"iat\":1,\"scope\":\"session.connect\",",
	     "invalid issuer type"},
	    {"{\"iss\":\"" KEY "\",\"ist\":\"account\",\"iat\":1,\"scope\":\"session.connect\",",
	     "invalid issuer type"},
	    {"{\"iss\":\"" KEY "\",\"ist\":\"project\",\"iat\":1,", "invalid scope"},
	    {"{\"iss\":\"" KEY "\",\"ist\":\"project\",\"iat\":1,\"scope\":\"x\",",
	     "invalid scope"},
	    {"{\"iss\":\"" KEY "\",\"ist\":\"project\",\"scope\":\"session.connect\",",
	     "invalid iat"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *payload = g_strdup_printf("%s%s", cases[i][0], tail);
		g_autofree gchar *token = oem_test_jwt_sign(payload);

		g_test_message("case %u", i);
		oem_test_assert_refused(token, NOW, cases[i][1]);
	}
}

static void
oem_test_t1_variants(void)
{
	g_autofree gchar *plain = oem_test_t1_decode(T1_NODE_DEFAULTS);
	g_autofree gchar *b64 = g_base64_encode((const guchar *)plain, strlen(plain));
	g_autofree gchar *upper = g_strdup(plain);
	g_autofree gchar *upper_token = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(OemTokenInfo) info = NULL;
	gchar *sig = strstr(upper, "sig=") + 4;

	/* the URL-safe alphabet without padding, as Java emits and some clients strip */
	g_strdelimit(b64, "+", '-');
	g_strdelimit(b64, "/", '_');
	g_strdelimit(b64, "=", '\0');
	{
		g_autofree gchar *url_token = g_strdup_printf("T1==%s", b64);

		info = oem_test_verify(url_token, NOW, &error);
		g_assert_no_error(error);
		g_clear_pointer(&info, oem_token_info_free);
	}
	for (guint i = 0; i < 40; i++)
		sig[i] = g_ascii_toupper(sig[i]);
	upper_token = oem_test_t1_encode(upper);
	info = oem_test_verify(upper_token, NOW, &error);
	g_assert_no_error(error);
	g_assert_nonnull(info);
}

static void
oem_test_t1_malformed(void)
{
	const gchar *data = "session_id=" SESSION "&create_time=1492510660&nonce=1&role=publisher";
	g_autofree gchar *good = oem_test_t1_sign(data);
	g_autofree gchar *plain = oem_test_t1_decode(good);
	g_autofree gchar *extra_meta = g_strdup_printf("extra=1&%s", plain);
	g_autofree gchar *other_key = g_strdup(plain);
	g_autofree gchar *no_colon = g_strdup(plain);
	g_autofree gchar *t_extra = NULL, *t_other = NULL, *t_colon = NULL;

	memcpy(strstr(other_key, KEY), "654321", 6);
	*strchr(no_colon, ':') = '&';
	t_extra = oem_test_t1_encode(extra_meta);
	t_other = oem_test_t1_encode(other_key);
	t_colon = oem_test_t1_encode(no_colon);
	oem_test_assert_refused(t_extra, NOW, "malformed token");
	oem_test_assert_refused(t_other, NOW, "token was issued for another project");
	oem_test_assert_refused(t_colon, NOW, "malformed token");
	oem_test_assert_refused("T1==!!!!", NOW, "malformed token");
	oem_test_assert_refused("", NOW, "no token");
	oem_test_assert_refused("abc", NOW, "malformed token");
}

static void
oem_test_t1_fields(void)
{
	const gchar *cases[][2] = {
	    {"create_time=1492510660&nonce=1&role=publisher", "token has no session_id"},
	    {"session_id=" SESSION "&nonce=1&role=publisher", "token has no create_time"},
	    {"session_id=" SESSION "&create_time=1492510660&role=publisher", "token has no nonce"},
	    {"session_id=" SESSION "&create_time=1492510660&nonce=1", "token has no role"},
	    {"session_id=" SESSION "&create_time=x&nonce=1&role=publisher", "invalid create_time"},
	    {"session_id=" SESSION "&create_time=1492510660&nonce=1&role=king", "invalid role"},
	    {"session_id=" SESSION "&create_time=1492510660&nonce=1&role=publisher&scope=x",
	     "invalid scope"},
	    {"session_id=" SESSION "&create_time=1492510660&nonce=1&role=publisher&expire_time=1",
	     "token expired"},
	    {"session_id=" SESSION "&create_time=1492510660&nonce=1&role=publisher&role=moderator",
	     "malformed token data"},
	    {"session_id=" SESSION "&create_time=1492510660&nonce=1&role=publisher&x=%zz",
	     "malformed token data"},
	    {"session_id=garbage&create_time=1492510660&nonce=1&role=publisher",
	     "malformed session id"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *token = oem_test_t1_sign(cases[i][0]);

		g_test_message("case %u", i);
		oem_test_assert_refused(token, NOW, cases[i][1]);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/oem/token/vectors-accepted", oem_test_vectors_accepted);
	g_test_add_func("/oem/token/changed-signature", oem_test_vectors_changed_signature);
	g_test_add_func("/oem/token/noncanonical-signature", oem_test_noncanonical_signature);
	g_test_add_func("/oem/token/tampered-role", oem_test_tampered_role);
	g_test_add_func("/oem/token/foreign-session", oem_test_foreign_session);
	g_test_add_func("/oem/token/expired", oem_test_expired);
	g_test_add_func("/oem/token/far-future", oem_test_far_future);
	g_test_add_func("/oem/token/alg-none", oem_test_alg_none);
	g_test_add_func("/oem/token/jwt-claims", oem_test_jwt_claims);
	g_test_add_func("/oem/token/jwt-identity-claims", oem_test_jwt_identity_claims);
	g_test_add_func("/oem/token/t1-variants", oem_test_t1_variants);
	g_test_add_func("/oem/token/t1-malformed", oem_test_t1_malformed);
	g_test_add_func("/oem/token/t1-fields", oem_test_t1_fields);
	return g_test_run();
}
