/*
 * Session create: the form rules of reference §4.1 and §4.5.
 */
#include <string.h>

#include "oem-session-id.h"
#include "oem-sessions.h"
#include "oem-util.h"

typedef struct {
	const gchar *form;
	gboolean ok;
	gboolean relayed;
	const gchar *archive_mode;
	gboolean e2ee;
} OemFormCase;

static OemSession *
oem_test_create(OemState *state, const gchar *form_text, GError **error)
{
	g_autoptr(GHashTable) form = oem_form_decode(form_text, strlen(form_text), error);

	if (form == NULL)
		return NULL;
	return oem_sessions_create_from_form(state, form, error);
}

static void
oem_test_forms(void)
{
	g_autoptr(GBytes) secret = g_bytes_new_static("s", 1);
	g_autoptr(OemState) state = oem_state_new("123456", secret);
	g_autofree gchar *long_name = g_strnfill(81, 'n');
	g_autofree gchar *long_form =
	    g_strdup_printf("p2p.preference=disabled&archiveMode=always&archiveName=%s", long_name);
	const OemFormCase cases[] = {
	    {"", TRUE, FALSE, "manual", FALSE},
	    {"p2p.preference=enabled", TRUE, TRUE, "manual", FALSE},
	    {"archiveMode=manual&p2p.preference=enabled", TRUE, TRUE, "manual", FALSE},
	    {"p2p.preference=enabled&archiveMode=manual&e2ee=false", TRUE, TRUE, "manual", FALSE},
	    {"archiveMode=always&archiveName=foo&archiveResolution=720x1280&p2p.preference="
	     "disabled",
	     TRUE, FALSE, "always", FALSE},
	    {"e2ee=true&p2p.preference=disabled", TRUE, FALSE, "manual", TRUE},
	    {"location=12.34.56.78&p2p.preference=enabled", TRUE, TRUE, "manual", FALSE},
	    {"archiveMode=always", TRUE, FALSE, "always", FALSE},
	    {"p2p.preference=maybe", FALSE},
	    {"archiveMode=sometimes", FALSE},
	    {"archiveMode=always&p2p.preference=enabled", FALSE},
	    {"archiveName=foo&p2p.preference=disabled", FALSE},
	    {"archiveResolution=640x480", FALSE},
	    {"archiveMode=always&archiveResolution=800x600", FALSE},
	    {"archiveMode=always&archiveName=", FALSE},
	    {long_form, FALSE},
	    {"location=1.2.3", FALSE},
	    {"location=256.1.1.1", FALSE},
	    {"location=::1", FALSE},
	    {"e2ee=yes", FALSE},
	    {"e2ee=true&p2p.preference=enabled", FALSE},
	    {"e2ee=true&archiveMode=always&p2p.preference=disabled", FALSE},
	    {"p2p.preference=enabled&p2p.preference=disabled", FALSE},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(OemSession) session = oem_test_create(state, cases[i].form, &error);

		g_test_message("case %u: %s", i, cases[i].form);
		if (!cases[i].ok) {
			g_assert_null(session);
			g_assert_nonnull(error);
			continue;
		}
		g_assert_no_error(error);
		g_assert_cmpint(session->relayed, ==, cases[i].relayed);
		g_assert_cmpstr(session->archive_mode, ==, cases[i].archive_mode);
		g_assert_cmpint(session->e2ee, ==, cases[i].e2ee);
	}
}

static void
oem_test_stored_options(void)
{
	g_autoptr(GBytes) secret = g_bytes_new_static("s", 1);
	g_autoptr(OemState) state = oem_state_new("123456", secret);
	g_autoptr(GError) error = NULL;
	g_autoptr(OemSession) session =
	    oem_test_create(state,
			    "archiveMode=always&archiveName=my+name&archiveResolution=1920x1080&"
			    "location=10.0.0.1&p2p.preference=disabled",
			    &error);
	g_auto(GStrv) fields = NULL;
	g_autofree gchar *create_dt = NULL;

	g_assert_no_error(error);
	g_assert_cmpstr(session->archive_name, ==, "my name");
	g_assert_cmpstr(session->archive_resolution, ==, "1920x1080");
	g_assert_cmpstr(session->location, ==, "10.0.0.1");
	fields = oem_session_id_decode(session->session_id);
	g_assert_cmpstr(fields[1], ==, "123456");
	g_assert_cmpstr(fields[2], ==, "10.0.0.1");
	g_assert_cmpstr(fields[5], ==, "");
	create_dt = oem_sessions_format_create_dt(session);
	g_assert_true(g_regex_match_simple(
	    "^[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}$", create_dt, 0,
	    0));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/oem/sessions/forms", oem_test_forms);
	g_test_add_func("/oem/sessions/stored-options", oem_test_stored_options);
	return g_test_run();
}
