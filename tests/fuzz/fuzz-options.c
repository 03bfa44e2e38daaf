/*
 * Caller-supplied a{sv} option dictionaries: the input is a serialised a{sv} (made normal
 * as the bus layer would), checked by every method's option table and turned into request
 * bodies; the same bytes are also read as SetLayoutClasses' a{sas}.
 */
#include "config.h"

#include "fuzz-common.h"
#include "otd-archives.h"
#include "otd-audio-connector.h"
#include "otd-broadcasts.h"
#include "otd-captions.h"
#include "otd-renders.h"
#include "otd-session.h"
#include "otd-signals.h"
#include "otd-sip.h"
#include "otd-streams.h"

#define OTD_FUZZ_SESSION "2_MX4xMjM0NTY3OH5-MTcwMDAwMDAwMDAwMH5hYmNkZWZ-fg"
#define OTD_FUZZ_TOKEN	 "T1==cGFydG5lcl9pZD0xMjM0NTY3OA=="

/* a body is either built or refused with a message; never both, never neither */
static void
otd_fuzz_check_body(JsonObject *body, GError *error)
{
	g_autofree gchar *text = NULL;

	g_assert_true((body == NULL) != (error == NULL));
	if (body == NULL) {
		g_assert_nonnull(error->message);
		return;
	}
	{
		g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), body);
		text = json_to_string(node, FALSE);
	}
	g_assert_true(g_utf8_validate(text, -1, NULL));
}

static void
otd_fuzz_session_form(GVariant *options)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *form = otd_session_build_form(options, &error);

	g_assert_true((form == NULL) != (error == NULL));
}

static void
otd_fuzz_plugin_bodies(GVariant *options)
{
	struct {
		JsonObject *body;
		GError *error;
	} r[7] = {{NULL}};

	r[0].body = otd_archives_start_body(OTD_FUZZ_SESSION, options, &r[0].error);
	r[1].body = otd_broadcasts_start_body(OTD_FUZZ_SESSION, options, &r[1].error);
	r[2].body = otd_sip_dial_body(OTD_FUZZ_SESSION, OTD_FUZZ_TOKEN, "sip:user@example.com",
				      options, &r[2].error);
	r[3].body = otd_captions_body(OTD_FUZZ_SESSION, OTD_FUZZ_TOKEN, options, &r[3].error);
	r[4].body = otd_renders_body(OTD_FUZZ_SESSION, OTD_FUZZ_TOKEN, "https://example.com/",
				     options, &r[4].error);
	r[5].body = otd_audio_connector_body(OTD_FUZZ_SESSION, OTD_FUZZ_TOKEN,
					     "wss://example.com/socket", options, &r[5].error);
	r[6].body = otd_signals_body(options, &r[6].error);
	for (guint i = 0; i < G_N_ELEMENTS(r); i++) {
		otd_fuzz_check_body(r[i].body, r[i].error);
		g_clear_pointer(&r[i].body, json_object_unref);
		g_clear_error(&r[i].error);
	}
}

static void
otd_fuzz_layout_classes(const uint8_t *data, size_t size)
{
	g_autoptr(GVariant) classes = otd_fuzz_variant_new(data, size, G_VARIANT_TYPE("a{sas}"));
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = otd_streams_layout_body(classes, &error);

	otd_fuzz_check_body(body, error);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GVariant) options = NULL;

	otd_fuzz_init();
	options = otd_fuzz_variant_new(data, size, G_VARIANT_TYPE_VARDICT);
	otd_fuzz_session_form(options);
	otd_fuzz_plugin_bodies(options);
	otd_fuzz_layout_classes(data, size);
	return 0;
}
