/*
 * The X-OPENTOK-AUTH verifier against the reference's §3 vectors and its refusals.
 */
#include <string.h>

#include "oem-auth.h"
#include "oem-jwt.h"
#include "oem-util.h"

#define KEY    "123456"
#define SECRET "1234567890abcdef1234567890abcdef1234567890"
#define NOW    1492510660

/* reference §3: the Ruby cassettes (ist in the JOSE header), then Python and Node */
#define RUBY_VECTOR                                                                                \
	"eyJpc3QiOiJwcm9qZWN0IiwiYWxnIjoiSFMyNTYifQ."                                              \
	"eyJpc3MiOiIxMjM0NTYiLCJpYXQiOjE0OTI1MTA2NjAsIm"                                           \
	"V4cCI6MTQ5MjUxMDk2MH0.BplMVhJWx4ld7KLKXqEmow6MjNPPFw9W8IHCMfeb120"
#define PYTHON_VECTOR                                                                              \
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."                                                    \
	"eyJpc3QiOiJwcm9qZWN0IiwiaWF0IjoxNDkyNTEwNjYwLCJleHAi"                                     \
	"OjE0OTI1MTA4NDAsImlzcyI6IjEyMzQ1NiIsImp0aSI6IjAuNSJ9."                                    \
	"xE6iwpLkbRhjSJk04Iwe2qBgmjZGVBQCnZ5Q"                                                     \
	"aGwDAoQ"
#define NODE_VECTOR                                                                                \
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."                                                    \
	"eyJpc3MiOiIxMjM0NTYiLCJpc3QiOiJwcm9qZWN0IiwiaWF0Ijox"                                     \
	"NDkyNTEwNjYwLCJleHAiOjE0OTI1MTA5NjB9.jXGjmWVBeDcQXi-o9meF6C5IGeC5LretUbnXp_ARUJ8"

static gboolean
oem_test_verify(const gchar *jwt, gint64 now, GError **error)
{
	g_autoptr(GBytes) secret = g_bytes_new_static(SECRET, strlen(SECRET));

	return oem_auth_verify(jwt, KEY, secret, now, error);
}

static void
oem_test_assert_refused(const gchar *jwt, gint64 now, const gchar *message)
{
	g_autoptr(GError) error = NULL;

	g_assert_false(oem_test_verify(jwt, now, &error));
	g_assert_error(error, OEM_ERROR, OEM_ERROR_REFUSED);
	g_assert_cmpstr(error->message, ==, message);
}

static gchar *
oem_test_sign(const gchar *header, const gchar *payload)
{
	g_autoptr(GBytes) secret = g_bytes_new_static(SECRET, strlen(SECRET));

	return oem_jwt_sign_hs256(header, payload, secret);
}

static gchar *
oem_test_sign_times(gint64 iat, gint64 exp)
{
	g_autofree gchar *payload =
	    g_strdup_printf("{\"iss\":\"" KEY "\",\"ist\":\"project\",\"iat\":%" G_GINT64_FORMAT
			    ",\"exp\":%" G_GINT64_FORMAT ",\"jti\":\"1\"}",
			    iat, exp);

	return oem_test_sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
}

static void
oem_test_vectors(void)
{
	const gchar *vectors[] = {RUBY_VECTOR, PYTHON_VECTOR, NODE_VECTOR};

	for (guint i = 0; i < G_N_ELEMENTS(vectors); i++) {
		g_autoptr(GError) error = NULL;

		g_assert_true(oem_test_verify(vectors[i], NOW, &error));
		g_assert_no_error(error);
		/* a caller whose clock runs up to a minute ahead of ours is tolerated */
		g_assert_true(oem_test_verify(vectors[i], NOW - 59, &error));
		g_assert_no_error(error);
	}
}

static void
oem_test_expired(void)
{
	/* the Ruby vector expires at 1492510960, the Python one at 1492510840 */
	oem_test_assert_refused(RUBY_VECTOR, 1492510960, "token expired");
	oem_test_assert_refused(PYTHON_VECTOR, 1492510841, "token expired");
}

static void
oem_test_times(void)
{
	g_autofree gchar *too_long = oem_test_sign_times(NOW, NOW + 301);
	g_autofree gchar *longest = oem_test_sign_times(NOW, NOW + 300);
	g_autofree gchar *ahead = oem_test_sign_times(NOW + 61, NOW + 200);
	g_autofree gchar *slightly_ahead = oem_test_sign_times(NOW + 60, NOW + 200);
	g_autofree gchar *no_exp =
	    oem_test_sign("{\"alg\":\"HS256\"}", "{\"iss\":\"" KEY "\",\"ist\":\"project\","
						 "\"iat\":1492510660}");
	g_autofree gchar *float_iat =
	    oem_test_sign("{\"alg\":\"HS256\"}", "{\"iss\":\"" KEY "\",\"ist\":\"project\","
						 "\"iat\":1492510660.5,\"exp\":1492510800}");
	g_autoptr(GError) error = NULL;

	oem_test_assert_refused(too_long, NOW, "token lifetime cannot exceed 5 minutes");
	oem_test_assert_refused(ahead, NOW, "issued time cannot be greater than now");
	oem_test_assert_refused(no_exp, NOW, "Invalid expiration time");
	oem_test_assert_refused(float_iat, NOW, "Invalid issued time");
	g_assert_true(oem_test_verify(longest, NOW, &error));
	g_assert_true(oem_test_verify(slightly_ahead, NOW, &error));
	g_assert_no_error(error);
}

static void
oem_test_issuer(void)
{
	const gchar *header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	g_autofree gchar *wrong = oem_test_sign(
	    header,
	    "{\"iss\":\"654321\",\"ist\":\"project\",\"iat\":1492510660,\"exp\":1492510900}");
	g_autofree gchar *number = oem_test_sign(
	    header, "{\"iss\":123456,\"ist\":\"project\",\"iat\":1492510660,\"exp\":1492510900}");
	g_autofree gchar *account =
	    oem_test_sign(header, "{\"iss\":\"" KEY
				  "\",\"ist\":\"account\",\"iat\":1492510660,\"exp\":1492510900}");
	g_autofree gchar *no_ist =
	    oem_test_sign(header, "{\"iss\":\"" KEY "\",\"iat\":1492510660,\"exp\":1492510900}");
	/* a claim wins over the header: ist in the header does not excuse a wrong claim */
	g_autofree gchar *mixed = oem_test_sign(
	    "{\"alg\":\"HS256\",\"ist\":\"project\"}",
	    "{\"iss\":\"" KEY "\",\"ist\":\"account\",\"iat\":1492510660,\"exp\":1492510900}");

	oem_test_assert_refused(wrong, NOW, "Issuer not found");
	oem_test_assert_refused(number, NOW, "Invalid issuer format");
	oem_test_assert_refused(account, NOW, "Invalid issuer type");
	oem_test_assert_refused(no_ist, NOW, "Missing issuer type");
	oem_test_assert_refused(mixed, NOW, "Invalid issuer type");
}

static void
oem_test_signature(void)
{
	g_autofree gchar *changed = g_strdup(RUBY_VECTOR);
	g_autofree gchar *none = NULL;
	gchar *sig = strrchr(changed, '.') + 5;
	g_autoptr(GBytes) other = g_bytes_new_static("another secret", 14);
	g_autofree gchar *other_secret = NULL;
	g_autofree gchar *payload = NULL;

	*sig = *sig == 'A' ? 'B' : 'A';
	oem_test_assert_refused(changed, NOW, "Invalid signature");
	other_secret = oem_jwt_sign_hs256("{\"alg\":\"HS256\"}",
					  "{\"iss\":\"" KEY "\",\"ist\":\"project\","
					  "\"iat\":1492510660,\"exp\":1492510900}",
					  other);
	oem_test_assert_refused(other_secret, NOW, "Invalid signature");
	payload = g_strndup(strchr(RUBY_VECTOR, '.'),
			    strrchr(RUBY_VECTOR, '.') - strchr(RUBY_VECTOR, '.'));
	none = g_strdup_printf("eyJhbGciOiJub25lIn0%s.", payload); /* {"alg":"none"} */
	oem_test_assert_refused(none, NOW, "Invalid token algorithm");
}

static void
oem_test_malformed(void)
{
	oem_test_assert_refused(NULL, NOW, "Missing X-OPENTOK-AUTH header");
	oem_test_assert_refused("", NOW, "Missing X-OPENTOK-AUTH header");
	oem_test_assert_refused("Bearer abc", NOW, "Invalid token format");
	oem_test_assert_refused("a.b", NOW, "Invalid token format");
	oem_test_assert_refused("e30.e30.e30.e30", NOW, "Invalid token format");
	oem_test_assert_refused(RUBY_VECTOR "=", NOW, "Invalid token format");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/oem/auth/vectors", oem_test_vectors);
	g_test_add_func("/oem/auth/expired", oem_test_expired);
	g_test_add_func("/oem/auth/times", oem_test_times);
	g_test_add_func("/oem/auth/issuer", oem_test_issuer);
	g_test_add_func("/oem/auth/signature", oem_test_signature);
	g_test_add_func("/oem/auth/malformed", oem_test_malformed);
	return g_test_run();
}
